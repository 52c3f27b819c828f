//! The context a use case runs in: Baseline's state folder, the connection, and the account
//! it reaches. The glue (window or command line) builds it once per command and hands it
//! down, instead of each step asking `settings::home()` again or STS who it is.

use crate::aws::identity;
use crate::aws::Connection;
use crate::journal::Journal;
use crate::team::Team;
use crate::{lock, Result};
use std::path::{Path, PathBuf};

/// A connected context: the state folder, the connection, and its account.
#[derive(Debug, Clone)]
pub struct Context {
    pub home: PathBuf,
    pub conn: Connection,
    pub account_id: String,
}

impl Context {
    /// The connection's account: asked once per connection (`identity::whoami` caches it).
    pub async fn new(home: PathBuf, conn: Connection) -> Result<Context> {
        let account_id = identity::whoami(&conn).await?.account_id;
        Ok(Context {
            home,
            conn,
            account_id,
        })
    }

    /// The working team file (`<home>/team.toml`), loaded and validated.
    pub fn team(&self) -> Result<Team> {
        Team::load(&team_path(&self.home))
    }

    /// The state folder's lock for one writing operation (`apply`, `destroy`, ...).
    pub async fn lock(&self, operation: &str) -> Result<lock::Guard> {
        lock::acquire(&self.home, operation).await
    }

    /// The journal every change is recorded in.
    pub fn journal(&self) -> Result<Journal> {
        Journal::open(&self.home)
    }
}

/// The team file the app edits: `<home>/team.toml`.
pub fn team_path(home: &Path) -> PathBuf {
    home.join("team.toml")
}
