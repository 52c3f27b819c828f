//! Copying a secret: onto the clipboard, and off it again after a while if it is still
//! there (never longer than asked).

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

/// The app's clipboard handle (on X11 the owner must stay alive to serve the selection).
#[derive(Default, Clone)]
pub struct Clipboard(Arc<Mutex<Option<arboard::Clipboard>>>);

fn unavailable(e: arboard::Error) -> Error {
    Error::Internal(format!("the clipboard cannot be used: {e}"))
}

impl Clipboard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T, Error> {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(arboard::Clipboard::new().map_err(unavailable)?);
        }
        f(guard.as_mut().expect("set above")).map_err(unavailable)
    }

    /// Put the secret on the clipboard and clear it after `clear_after()` seconds unless
    /// something else was copied meanwhile. Returns the seconds.
    pub fn copy_for_a_while(&self, secret: Secret) -> Result<u64, Error> {
        self.with(|c| c.set_text(secret.expose().to_owned()))?;
        let seconds = clear_after();
        let me = self.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(seconds));
            let still_ours = me
                .with(|c| c.get_text())
                .is_ok_and(|now| now == secret.expose());
            if still_ours {
                let _ = me.with(|c| c.clear());
            }
        });
        Ok(seconds)
    }
}
