//! Shared fixtures: the emulators, the app binary, strict-or-skip.

pub mod bed;
pub mod proxy;
pub mod session;
pub mod window;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where scripts/setup puts the emulators' venvs.
pub fn venv_dir() -> PathBuf {
    std::env::var_os("BASELINE_VENV_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv"))
}

/// Under scripts/test every prerequisite must be present; a bare `cargo test` reports the
/// keychain and window tests as ignored instead (`harness`).
pub fn strict() -> bool {
    std::env::var("BASELINE_TEST_STRICT").is_ok_and(|v| v == "1")
}

/// A part this test needs is missing. The harness ignores such tests up front unless the
/// run is strict or asked for ignored tests; either way the test fails, never passes.
pub fn missing(why: &str) -> ! {
    panic!("required for this test: {why} (scripts/test provides it)");
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral port")
        .port()
}

/// Wait until something listens on `port`, or the child exits, or 30 s pass.
pub fn wait_for_port(port: u16, child: &mut Child, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{name} exited ({status}) before listening on port {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{name} did not listen on port {port} within 30 s");
}

/// A child process killed (with its whole process group) when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Ask the kernel to kill the child if this test process dies first, so a crashed test
/// run leaves no emulator behind.
pub fn die_with_parent(cmd: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe and touches only the child's own state.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        })
    }
}

/// A moto server on a free port, with AWS managed policies loaded.
pub struct Moto {
    pub endpoint: String,
    _child: Guard,
}

impl Moto {
    pub fn start() -> Moto {
        Self::start_with(&[])
    }

    /// Start with extra environment, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to enforce IAM.
    pub fn start_with(env: &[(&str, &str)]) -> Moto {
        let bin = venv_dir().join("moto/bin/moto_server");
        assert!(
            bin.exists(),
            "the moto emulator is not installed at {}.\nCreate it with `scripts/setup` \
             (or: python3 -m venv .venv/moto && .venv/moto/bin/pip install 'moto[server]==5.2.5').",
            bin.display()
        );
        let port = free_port();
        let mut cmd = Command::new(bin);
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = die_with_parent(&mut cmd)
            .spawn()
            .expect("start moto_server");
        wait_for_port(port, &mut child, "moto_server");
        Moto {
            endpoint: format!("http://127.0.0.1:{port}"),
            _child: Guard(child),
        }
    }

    /// The environment a process needs to talk to this emulator with dummy keys.
    pub fn env(&self) -> Vec<(String, String)> {
        aws_env(&self.endpoint)
    }
}

/// Environment for an AWS client pointed at `endpoint` with dummy keys, isolated from
/// the developer's own ~/.aws files.
pub fn aws_env(endpoint: &str) -> Vec<(String, String)> {
    [
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_CONFIG_FILE", "/nonexistent/baseline-test/config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/baseline-test/credentials",
        ),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The `baseline` binary with none of the caller's AWS_* variables and a private home.
pub fn baseline(home: &Path, env: &[(String, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baseline"));
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("BASELINE_HOME", home)
        .env("HOME", home)
        .env_remove("DISPLAY")
        .envs(env.iter().map(|(k, v)| (k, v)));
    cmd
}

/// An SDK config for independent checks of what the app did, against the emulator.
pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_iam::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await
}

/// A Secret Service must be reachable (scripts/test provides one), or the test fails here
/// before it writes anything.
pub fn require_keychain() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() || !secret_service_running() {
        missing("a D-Bus session with a running gnome-keyring");
    }
}

/// Whether a daemon owns `org.freedesktop.secrets` on the session bus right now. A session
/// bus alone proves nothing (a desktop's bus may have no keyring), and pinging the service
/// itself would start a locked one through D-Bus activation: ask the bus instead.
pub fn secret_service_running() -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("boolean true")
        })
}

/// ministack on a free port: CloudWatch over the CBOR protocol the current SDK speaks.
pub struct Ministack {
    pub endpoint: String,
    _dir: tempfile::TempDir,
    _child: Guard,
}

impl Ministack {
    pub fn start() -> Ministack {
        let bin = venv_dir().join("ministack/bin/ministack");
        assert!(
            bin.exists(),
            "the ministack emulator is not installed at {}.\nCreate it with `scripts/setup` \
             (or: python3 -m venv .venv/ministack && .venv/ministack/bin/pip install ministack cbor2).",
            bin.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut cmd = Command::new(bin);
        cmd.env("GATEWAY_PORT", port.to_string())
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = die_with_parent(&mut cmd).spawn().expect("start ministack");
        wait_for_port(port, &mut child, "ministack");
        Ministack {
            endpoint: format!("http://127.0.0.1:{port}"),
            _dir: dir,
            _child: Guard(child),
        }
    }
}

/// An account ID no other test of this run uses: parallel tests share the keychain, whose
/// entries are named by account.
pub fn unique_account() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("{:06}{:06}", std::process::id() % 1_000_000, n + 1)
}

/// One console member of the backend group.
pub const KIM: &str =
    "\n[[members]]\nuser = \"kim.backend\"\nname = \"김백엔드\"\ngroups = [\"backend\"]\n";

/// `baseline init` into `dir/team.toml`, with the alias (if any) and `extra` TOML appended.
pub fn starter_team(dir: &Path, alias: Option<&str>, extra: &str) -> PathBuf {
    let team = dir.join("team.toml");
    let out = baseline(dir, &[])
        .args(["init", "--team"])
        .arg(&team)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = std::fs::read_to_string(&team).unwrap();
    if let Some(alias) = alias {
        text = text.replace(
            "require_mfa = true",
            &format!("require_mfa = true\nalias = \"{alias}\""),
        );
    }
    std::fs::write(&team, format!("{text}{extra}")).unwrap();
    team
}

/// Publish this month's estimated charges to the CloudWatch emulator, as AWS would.
pub async fn put_estimated_charges(endpoint: &str, usd: f64) {
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
    let cw = aws_sdk_cloudwatch::Client::new(&sdk_config(endpoint).await);
    cw.put_metric_data()
        .namespace("AWS/Billing")
        .metric_data(
            MetricDatum::builder()
                .metric_name("EstimatedCharges")
                .dimensions(Dimension::builder().name("Currency").value("USD").build())
                .value(usd)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// An IAM user with an access key, made in the emulator with its own keys: (key ID, secret).
pub fn iam_user_with_key(endpoint: &str, user: &str) -> (String, String) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(endpoint).await);
        iam.create_user().user_name(user).send().await.unwrap();
        let key = iam
            .create_access_key()
            .user_name(user)
            .send()
            .await
            .unwrap();
        let key = key.access_key().unwrap();
        (
            key.access_key_id().to_owned(),
            key.secret_access_key().to_owned(),
        )
    })
}
