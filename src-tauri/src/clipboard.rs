//! Copying a secret: onto the clipboard (kept out of clipboard managers' histories), and
//! off it again after a while or when the app exits, if it is still there.

use baseline_core::vault::Secret;
use baseline_core::Error;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Seconds a copied secret stays on the clipboard (`BASELINE_CLIPBOARD_SECONDS` overrides).
pub fn clear_after() -> u64 {
    std::env::var("BASELINE_CLIPBOARD_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|s| (1..=600).contains(s))
        .unwrap_or(30)
}

#[derive(Default)]
struct Inner {
    /// On X11 the owner must stay alive to serve the selection.
    clipboard: Option<arboard::Clipboard>,
    /// The last value Baseline put there (wiped when dropped), to clear only our own.
    ours: Option<Arc<Secret>>,
}

/// The app's clipboard handle.
#[derive(Default, Clone)]
pub struct Clipboard(Arc<Mutex<Inner>>);

fn unavailable(e: arboard::Error) -> Error {
    Error::Internal(format!("the clipboard cannot be used: {e}"))
}

/// Set text with the platform's "password, keep out of history" hint (KDE's
/// `x-kde-passwordManagerHint` on Linux, which most clipboard managers honour;
/// ExcludeClipboardContentFromMonitorProcessing on Windows; ConcealedType on macOS).
fn set_secret(c: &mut arboard::Clipboard, text: &str) -> Result<(), arboard::Error> {
    let set = c.set();
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
    ))]
    let set = arboard::SetExtLinux::exclude_from_history(set);
    #[cfg(windows)]
    let set = arboard::SetExtWindows::exclude_from_history(set);
    #[cfg(target_os = "macos")]
    let set = arboard::SetExtApple::exclude_from_history(set);
    set.text(text)
}

impl Clipboard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard, &mut Option<Arc<Secret>>) -> Result<T, arboard::Error>,
    ) -> Result<T, Error> {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let inner = &mut *guard;
        if inner.clipboard.is_none() {
            inner.clipboard = Some(arboard::Clipboard::new().map_err(unavailable)?);
        }
        let clipboard = inner.clipboard.as_mut().expect("set above");
        f(clipboard, &mut inner.ours).map_err(unavailable)
    }

    /// Put the secret on the clipboard and clear it after `clear_after()` seconds unless
    /// something else was copied meanwhile. Returns the seconds.
    pub fn copy_for_a_while(&self, secret: Secret) -> Result<u64, Error> {
        let secret = Arc::new(secret);
        self.with(|c, ours| {
            set_secret(c, secret.expose())?;
            *ours = Some(secret.clone());
            Ok(())
        })?;
        let seconds = clear_after();
        let me = self.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(seconds));
            me.clear_if(|now| now == secret.expose());
        });
        Ok(seconds)
    }

    /// Clear the clipboard if it still holds the last secret Baseline put there (called
    /// when the app exits: a password must not outlive the window on the clipboard).
    pub fn clear_if_ours(&self) {
        let ours = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .ours
            .clone();
        if let Some(ours) = ours {
            self.clear_if(|now| now == ours.expose());
        }
    }

    fn clear_if(&self, still_ours: impl Fn(&str) -> bool) {
        let _ = self.with(|c, ours| {
            if c.get_text().is_ok_and(|now| still_ours(&now)) {
                *ours = None;
                c.clear()?;
            }
            Ok(())
        });
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    struct Xvfb(Child);
    impl Drop for Xvfb {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// A private X display (never the user's clipboard); None when Xvfb is not installed.
    fn xvfb() -> Option<(Xvfb, String)> {
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take()?)
            .read_line(&mut line)
            .ok()?;
        Some((Xvfb(child), format!(":{}", line.trim())))
    }

    fn xclip(display: &str, args: &[&str]) -> String {
        let out = Command::new("xclip")
            .args(["-selection", "clipboard"])
            .args(args)
            .env("DISPLAY", display)
            .output()
            .expect("xclip (package xclip)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn copies_stay_out_of_history_and_are_cleared_on_exit_only_if_ours() {
        let Some((_x, display)) = xvfb() else {
            assert!(
                std::env::var_os("BASELINE_TEST_STRICT").is_none(),
                "Xvfb is needed"
            );
            return;
        };
        // The only test of this binary that opens a display.
        std::env::set_var("DISPLAY", &display);
        let clipboard = Clipboard::default();
        clipboard
            .copy_for_a_while(Secret::new("Tmp-Pa55word!"))
            .unwrap();
        assert_eq!(xclip(&display, &["-o"]), "Tmp-Pa55word!");
        let targets = xclip(&display, &["-t", "TARGETS", "-o"]);
        assert!(
            targets.contains("x-kde-passwordManagerHint"),
            "clipboard managers are told to skip it: {targets}"
        );
        clipboard.clear_if_ours();
        assert_eq!(xclip(&display, &["-o"]), "", "cleared on exit");

        // Something the user copied afterwards is theirs: exit leaves it.
        clipboard
            .copy_for_a_while(Secret::new("Tmp-Pa55word!"))
            .unwrap();
        let mut user = Command::new("xclip")
            .args(["-selection", "clipboard", "-i"])
            .env("DISPLAY", &display)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        user.stdin.take().unwrap().write_all(b"hello").unwrap();
        user.wait().unwrap();
        // xclip serves from a child it forks; the app learns it lost the selection from an
        // X event: wait for both, as a person's copy a moment before closing would.
        for _ in 0..50 {
            if xclip(&display, &["-o"]) == "hello" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        clipboard.clear_if_ours();
        assert_eq!(xclip(&display, &["-o"]), "hello");
    }
}
