//! The first-hour guide in the real window (tauri-driver + WebKitWebDriver under Xvfb,
//! against moto): it opens from Connect, shows its steps in Korean, the paste form refuses
//! an empty key ID, and a pasted IAM user's key connects and becomes a credential source.
//! Self-contained (window.rs keeps its helpers private). Screenshots go to target/screenshots/.

use crate::support::{
    aws_env, die_with_parent, free_port, keychain_available, root, sdk_config, skip, strict,
    unique_account, wait_for_port, Guard, Moto,
};
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Driver {
    port: u16,
    _driver: Guard,
    _xvfb: Option<Guard>,
}

fn tauri_driver() -> Option<PathBuf> {
    let home_bin =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tauri-driver"))
        .chain(home_bin)
        .find(|p| p.exists())
}

/// tauri-driver whose app sees the emulator but no credentials at all (a lead who has only
/// the root login in the browser), English from the OS locale.
fn start_driver(endpoint: &str, home: &Path) -> Option<Driver> {
    let Some(bin) = tauri_driver() else {
        skip("tauri-driver (cargo install tauri-driver --locked)");
        return None;
    };
    if !Path::new("/usr/bin/WebKitWebDriver").exists() {
        skip("WebKitWebDriver (apt package webkit2gtk-driver)");
        return None;
    }
    let (xvfb, display) = match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() && !strict() => (None, d),
        _ => {
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
            (Some(Guard(child)), format!(":{}", line.trim()))
        }
    };
    let port = free_port();
    let mut cmd = Command::new(bin);
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &free_port().to_string(),
    ]);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.envs(
        aws_env(endpoint)
            .into_iter()
            .filter(|(k, _)| k != "AWS_ACCESS_KEY_ID" && k != "AWS_SECRET_ACCESS_KEY"),
    )
    .env("BASELINE_HOME", home.join("baseline"))
    .env("DISPLAY", &display)
    .env("LANG", "en_US.UTF-8")
    .env("LC_ALL", "en_US.UTF-8")
    .env("LANGUAGE", "en")
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let mut child = die_with_parent(&mut cmd)
        .spawn()
        .expect("start tauri-driver");
    wait_for_port(port, &mut child, "tauri-driver");
    Some(Driver {
        port,
        _driver: Guard(child),
        _xvfb: xvfb,
    })
}

async fn open_app(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": env!("CARGO_BIN_EXE_baseline") }),
    );
    ClientBuilder::rustls()
        .expect("rustls client")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("open a WebDriver session on the app")
}

async fn text_of(client: &Client, css: &str) -> String {
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

async fn wait_text(client: &Client, css: &str, want: &str) {
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

async fn wait_for(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"));
}

async fn click(client: &Client, css: &str) {
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

async fn type_into(client: &Client, css: &str, text: &str) {
    wait_for(client, css).await;
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn screenshot(client: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = client.screenshot().await.unwrap();
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

#[test]
fn the_starting_guide_pastes_an_access_key_and_connects_with_it() {
    if !keychain_available() {
        return;
    }
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // The lead's own IAM user and its access key, as made in the console (steps 4 and 5).
    let (key_id, secret) = rt.block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(&moto.endpoint).await);
        iam.create_user()
            .user_name("kim.lead")
            .send()
            .await
            .unwrap();
        let key = iam
            .create_access_key()
            .user_name("kim.lead")
            .send()
            .await
            .unwrap();
        let key = key.access_key().unwrap();
        (
            key.access_key_id().to_owned(),
            key.secret_access_key().to_owned(),
        )
    });
    let Some(driver) = start_driver(&moto.endpoint, home.path()) else {
        return;
    };
    rt.block_on(async {
        let client = open_app(&driver).await;
        wait_text(&client, "#nav-connect", "Connect").await;
        // The sidebar explains its dots.
        wait_text(&client, "#nav-legend-attention", "Needs attention").await;
        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;

        click(&client, "#open-guide-button").await;
        wait_text(&client, "#guide-title", "처음 시작합니다").await;
        let steps = client
            .find_all(Locator::Css("#guide-steps > li"))
            .await
            .unwrap();
        assert!(steps.len() >= 6, "{} steps", steps.len());
        let mfa = text_of(&client, "#guide-step-root-mfa").await;
        assert!(mfa.contains("MFA 디바이스 할당"), "{mfa}");
        let admin = text_of(&client, "#guide-step-admin-user").await;
        assert!(
            admin.contains("직접 정책 연결") && admin.contains("AdministratorAccess"),
            "{admin}"
        );
        screenshot(&client, "guide-window-ko.png").await;

        // Nothing pasted: the form says so next to the fields and calls nothing.
        click(&client, "#guide-save").await;
        wait_text(
            &client,
            "#guide-key-id-error",
            "액세스 키 ID를 붙여 넣으세요.",
        )
        .await;
        wait_for(&client, "#guide-key-id[aria-invalid=true]").await;
        wait_text(
            &client,
            "#guide-key-secret-error",
            "비밀 액세스 키를 붙여 넣으세요.",
        )
        .await;
        assert!(client
            .find(Locator::Css("#chip-id"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .is_empty());

        type_into(&client, "#guide-key-id", &key_id).await;
        type_into(&client, "#guide-key-secret", &secret).await;
        click(&client, "#guide-save").await;
        wait_for(&client, "#guide-saved").await;
        let saved = text_of(&client, "#guide-saved").await;
        assert!(
            saved.contains("kim.lead") && saved.contains(&account),
            "{saved}"
        );
        // The secret is in no field of the page any more.
        let html = client.source().await.unwrap();
        assert!(!html.contains(&secret), "the secret stayed in the page");
        wait_text(&client, "#chip-id", &account).await;
        screenshot(&client, "guide-window-saved-ko.png").await;

        // Back on Connect: the account, the next step, and the stored login as a source.
        click(&client, "#guide-see-account").await;
        wait_text(&client, "#account-id", &account).await;
        wait_for(&client, "#next-step-button").await;
        wait_for(&client, "#profile-login:checked").await;
        let who = text_of(&client, "#profile-login-who").await;
        assert!(who.contains("kim.lead"), "{who}");

        // Removing the stored login asks first, then leaves the keychain clean.
        click(&client, "#logout-button").await;
        click(&client, "#logout-confirm-button").await;
        wait_for(&client, "#logout-done").await;
        assert!(client.find(Locator::Css("#profile-login")).await.is_err());
        client.close().await.unwrap();
    });
}
