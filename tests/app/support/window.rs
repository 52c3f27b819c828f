//! The real window for tests: Xvfb, tauri-driver in front of WebKitWebDriver, and the
//! WebDriver steps a person takes (wait for text, scroll to and click, type, screenshot).

use super::{die_with_parent, free_port, missing, root, wait_for_port, Guard};
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

pub fn find_tauri_driver() -> Option<PathBuf> {
    let home_bin =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tauri-driver"))
        .chain(home_bin)
        .find(|p| p.exists())
}

/// Whether the window tests can run here: tauri-driver, WebKitWebDriver and a display
/// (Xvfb, or outside strict runs the desktop's `DISPLAY`, as `start_driver_env` uses it).
pub fn window_parts_present() -> bool {
    let display = std::env::var("DISPLAY").is_ok_and(|d| !d.is_empty());
    find_tauri_driver().is_some()
        && std::path::Path::new(WEBKIT_DRIVER).exists()
        && (on_path("Xvfb") || (display && !crate::support::strict()))
}

const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";

pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).exists()))
}

/// Start Xvfb on a free display number; returns the guard and the DISPLAY value.
pub fn start_xvfb() -> (Guard, String) {
    let mut cmd = Command::new("Xvfb");
    cmd.args([
        "-displayfd",
        "1",
        "-screen",
        "0",
        "1400x1000x24",
        "-nolisten",
        "tcp",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = die_with_parent(&mut cmd).spawn().expect("start Xvfb");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("Xvfb prints its display number");
    (Guard(child), format!(":{}", line.trim()))
}

pub fn screenshots_dir() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Driver {
    pub port: u16,
    /// The X display the app runs on (for reading its clipboard).
    pub display: String,
    _driver: Guard,
    _xvfb: Option<Guard>,
}

/// tauri-driver with the app's environment: the emulator, a private home and profiles.
pub fn start_driver(endpoint: &str, home: &std::path::Path) -> Driver {
    start_driver_with(endpoint, home, &[])
}

/// tauri-driver whose app also gets `extra` environment (e.g. the CloudWatch endpoint).
pub fn start_driver_with(
    endpoint: &str,
    home: &std::path::Path,
    extra: &[(String, String)],
) -> Driver {
    start_driver_env(super::aws_env(endpoint), home, extra)
}

/// tauri-driver whose app sees the emulator but no credentials at all (a lead who has only
/// the root login in the browser).
pub fn start_driver_without_credentials(endpoint: &str, home: &std::path::Path) -> Driver {
    let env = super::aws_env(endpoint)
        .into_iter()
        .filter(|(k, _)| k != "AWS_ACCESS_KEY_ID" && k != "AWS_SECRET_ACCESS_KEY")
        .collect();
    start_driver_env(env, home, &[])
}

fn start_driver_env(
    env: Vec<(String, String)>,
    home: &std::path::Path,
    extra: &[(String, String)],
) -> Driver {
    let Some(tauri_driver) = find_tauri_driver() else {
        missing("tauri-driver (cargo install tauri-driver --locked)");
    };
    if !std::path::Path::new(WEBKIT_DRIVER).exists() {
        missing("WebKitWebDriver (apt package webkit2gtk-driver)");
    }
    let (xvfb, display) = match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() && !crate::support::strict() => (None, d),
        _ => {
            let (guard, display) = start_xvfb();
            (Some(guard), display)
        }
    };
    let config = home.join("aws-config");
    std::fs::write(&config, "[profile team-admin]\nregion = ap-northeast-2\n").unwrap();
    let port = free_port();
    let mut cmd = Command::new(tauri_driver);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &free_port().to_string(),
    ])
    .envs(env)
    .env("AWS_CONFIG_FILE", &config)
    .env("BASELINE_HOME", home.join("baseline"))
    .env("DISPLAY", &display)
    .env("LANG", "en_US.UTF-8")
    .env("LC_ALL", "en_US.UTF-8")
    .env("LANGUAGE", "en")
    .envs(extra.iter().map(|(k, v)| (k, v)))
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let mut child = die_with_parent(&mut cmd)
        .spawn()
        .expect("start tauri-driver");
    wait_for_port(port, &mut child, "tauri-driver");
    Driver {
        port,
        display: display.clone(),
        _driver: Guard(child),
        _xvfb: xvfb,
    }
}

/// A WebDriver session on a new app window. A launch that meets an instance still closing
/// hands over to it and exits, and the session then waits for a window that never comes:
/// such a launch is given up after a minute and tried again, instead of hanging the run.
pub async fn open_app(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": env!("CARGO_BIN_EXE_baseline") }),
    );
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last = String::new();
    for _ in 0..3 {
        let mut builder = ClientBuilder::rustls().expect("rustls client");
        builder.capabilities(caps.clone());
        match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
            Ok(Ok(client)) => return client,
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = "no window within a minute".into(),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    panic!("open a WebDriver session on the app: {last}");
}

pub async fn text_of(client: &Client, css: &str) -> String {
    // Screens re-render by replacing nodes: a found element can go stale before it is read.
    for _ in 0..150 {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            if let Ok(text) = el.text().await {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} did not appear within 30 s");
}

/// Wait until the element's text equals `want` (the UI updates asynchronously).
pub async fn wait_text(client: &Client, css: &str, want: &str) {
    for _ in 0..150 {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            if el.text().await.is_ok_and(|t| t.trim() == want) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "{css} never read {want:?}; it reads {:?}",
        text_of(client, css).await
    );
}

pub async fn click(client: &Client, css: &str) {
    let mut last = String::new();
    for _ in 0..150 {
        match client.find(Locator::Css(css)).await {
            Ok(el) => {
                // As a person would: scroll the pane until the control is in view.
                let arg = serde_json::to_value(&el).unwrap();
                let _ = client
                    .execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
                    .await;
                match el.click().await {
                    Ok(_) => return,
                    Err(e) => last = format!("{e:?}"),
                }
            }
            Err(e) => last = format!("{e:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("could not click {css} within 30 s: {last}");
}

pub async fn screenshot(client: &Client, name: &str) {
    // Let WebKit paint the last change before capturing it.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join(name), png).unwrap();
}

/// Wait until `css` matches an element (e.g. a `[data-state=…]` selector).
pub async fn wait_for(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"));
}

pub async fn type_into(client: &Client, css: &str, text: &str) {
    let el = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"));
    el.send_keys(text).await.unwrap();
}

/// Wait until no app process of this state folder runs any more (a window closed through
/// WebDriver takes a moment to exit; a launch before that hands over to the closing one).
pub async fn wait_app_gone(baseline_home: &std::path::Path) {
    let needle = format!("BASELINE_HOME={}", baseline_home.display());
    for _ in 0..200 {
        let running = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .filter(|e| {
                std::fs::read_link(e.path().join("exe"))
                    .is_ok_and(|exe| exe.file_name().is_some_and(|n| n == "baseline"))
            })
            .any(|e| {
                std::fs::read(e.path().join("environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()))
            });
        if !running {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the app of {} did not exit within 20 s",
        baseline_home.display()
    );
}
