//! What the window keeps between commands.

use baseline_core::aws::Connection;
use baseline_core::Error;
use std::sync::Mutex;
use tokio::task::AbortHandle;

/// Shared state of the window: the live connection and the operation that can be cancelled.
#[derive(Default)]
pub struct AppState {
    pub connection: Mutex<Option<Connection>>,
    pub pending: Mutex<Option<AbortHandle>>,
    pub clipboard: crate::clipboard::Clipboard,
    /// The MFA device being enrolled; its seed lives only here until finish or cancel.
    pub enrollment: Mutex<Option<baseline_core::mfa::Enrollment>>,
}

impl AppState {
    /// The live connection, or `not_connected`.
    pub fn connection(&self) -> Result<Connection, Error> {
        self.connection
            .lock()
            .expect("connection lock")
            .clone()
            .ok_or(Error::NotConnected)
    }
}
