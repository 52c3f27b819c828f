//! What the window keeps between commands.

use baseline_core::aws::Connection;
use baseline_core::context::{self, Context};
use baseline_core::team::Team;
use baseline_core::Error;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokio::task::AbortHandle;

/// Shared state of the window: the state folder, the live connection and the operation
/// that can be cancelled.
pub struct AppState {
    /// `BASELINE_HOME`, read once at start.
    home: PathBuf,
    pub connection: Mutex<Option<Connection>>,
    pub pending: Mutex<Option<AbortHandle>>,
    pub clipboard: crate::clipboard::Clipboard,
    /// The MFA device being enrolled; its seed lives only here until finish or cancel.
    pub enrollment: Mutex<Option<baseline_core::mfa::Enrollment>>,
}

impl AppState {
    pub fn new(home: PathBuf) -> AppState {
        AppState {
            home,
            connection: Mutex::default(),
            pending: Mutex::default(),
            clipboard: Default::default(),
            enrollment: Mutex::default(),
        }
    }

    /// Baseline's state folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The team file the window edits: `BASELINE_HOME/team.toml`.
    pub fn team_path(&self) -> PathBuf {
        context::team_path(&self.home)
    }

    /// The working team file, loaded and validated.
    pub fn team(&self) -> Result<Team, Error> {
        Team::load(&self.team_path())
    }

    /// The live connection, or `not_connected`.
    pub fn connection(&self) -> Result<Connection, Error> {
        self.connection
            .lock()
            .expect("connection lock")
            .clone()
            .ok_or(Error::NotConnected)
    }

    /// The connected context: state folder, connection, account (asked once per connection).
    pub async fn context(&self) -> Result<Context, Error> {
        Context::new(self.home.clone(), self.connection()?).await
    }
}
