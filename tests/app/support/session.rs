//! The test run's own D-Bus session with its own gnome-keyring, started before any test
//! thread: the keychain tests write into a throwaway keyring in a temporary folder, never
//! into a developer's login keyring, whatever session `cargo test` was started from.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

/// Kept alive for the whole run; the bus (and the keyring daemon with it) ends on drop.
pub struct PrivateSession {
    bus: Child,
    keyring: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Drop for PrivateSession {
    fn drop(&mut self) {
        for child in self.keyring.iter_mut().chain([&mut self.bus]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Start `dbus-daemon --session` and an unlocked `gnome-keyring-daemon` on it, and point
/// this process (and every child: the app, the window) at that bus. An error with the
/// reason when either program is missing or does not start.
///
/// Must run before any thread starts: it sets `DBUS_SESSION_BUS_ADDRESS`.
pub fn start() -> Result<PrivateSession, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut cmd = Command::new("dbus-daemon");
    cmd.args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // A crashed run leaves no bus behind (and the keyring daemon leaves with its bus).
    let mut bus = super::die_with_parent(&mut cmd)
        .spawn()
        .map_err(|e| format!("dbus-daemon: {e}"))?;
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("piped"))
        .read_line(&mut address)
        .map_err(|e| format!("dbus-daemon's address: {e}"))?;
    let address = address.trim().to_owned();
    if address.is_empty() {
        let _ = bus.kill();
        return Err("dbus-daemon printed no address".into());
    }
    let mut session = PrivateSession {
        bus,
        keyring: None,
        _dir: dir,
    };
    // In the foreground, as this run's child: nothing else can replace or stop it, and it
    // ends with the run (its own runtime folder keeps other keyring daemons from finding it).
    let mut cmd = Command::new("gnome-keyring-daemon");
    cmd.args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .env("XDG_DATA_HOME", session._dir.path())
        .env("XDG_RUNTIME_DIR", session._dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut keyring = super::die_with_parent(&mut cmd)
        .spawn()
        .map_err(|e| format!("gnome-keyring-daemon: {e}"))?;
    if let Some(mut stdin) = keyring.stdin.take() {
        // The new login keyring's password, for a keyring that lives as long as this run.
        let _ = stdin.write_all(b"baseline-test");
    }
    session.keyring = Some(keyring);
    // SAFETY: called from main before the test threads (or any other thread) start.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address) };
    // The daemon takes its name on the bus a moment later.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !super::secret_service_running() {
        if std::time::Instant::now() > deadline {
            return Err("gnome-keyring-daemon did not take org.freedesktop.secrets".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(session)
}
