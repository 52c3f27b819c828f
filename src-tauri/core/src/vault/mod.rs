//! Secrets in the OS keychain, and the redacting type that holds them in memory.
//!
//! Entries live under service `baseline`, user `<account-id>/<kind>/<name>`.

pub mod index;

use crate::{Error, Result};
use std::fmt;
use zeroize::Zeroizing;

/// The keychain service every Baseline secret is stored under.
pub const SERVICE: &str = "baseline";

/// A secret value: never printed, never serialised, wiped from memory when dropped.
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wrap a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The value, for the one place that must hand it on (keychain, AWS call, clipboard).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What a secret is for; part of its keychain name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    ConsolePassword,
    RootPassword,
    MailboxPassword,
    Ec2Key,
    DbPassword,
    /// The lead's own access key (login): key ID, secret and, once known, the MFA serial.
    AccessKey,
}

impl Kind {
    /// The kind as written in keychain names.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ConsolePassword => "console-password",
            Kind::RootPassword => "root-password",
            Kind::MailboxPassword => "mailbox-password",
            Kind::Ec2Key => "ec2-key",
            Kind::DbPassword => "db-password",
            Kind::AccessKey => "access-key",
        }
    }
}

/// The account part of the names of secrets made before the account exists (the root
/// mailbox and root passwords of the first-hour guide); re-keyed on the first connect.
pub const SETUP_ACCOUNT: &str = "new-account";

/// Move the secrets made before the account existed to the account's own names, in the
/// keychain and the index; called when the lead logs in with the key the first-hour guide
/// made (the account those passwords belong to). Returns how many moved. Each is written
/// before its old entry goes, so a crash leaves a copy, never nothing; one whose place is
/// taken by another value stays where it is (nothing is overwritten or lost).
pub fn adopt_setup(home: &std::path::Path, account_id: &str) -> Result<usize> {
    let pending = index::for_account(home, SETUP_ACCOUNT)?;
    let mut moved = 0;
    for e in pending {
        let kind = match e.kind {
            Kind::RootPassword | Kind::MailboxPassword => e.kind,
            _ => continue,
        };
        let new_key = key(account_id, kind, &e.name);
        let Some(value) = read(&e.key)? else {
            index::remove(home, &e.key)?;
            continue;
        };
        match read(&new_key)? {
            Some(there) if there.expose() != value.expose() => continue,
            Some(_) => {}
            None => {
                store(&new_key, &value)?;
                index::record(home, account_id, kind, &e.name, e.note.as_deref())?;
            }
        }
        delete(&e.key)?;
        index::remove(home, &e.key)?;
        moved += 1;
    }
    Ok(moved)
}

/// The keychain user name of a secret: `<account-id>/<kind>/<name>`.
pub fn key(account_id: &str, kind: Kind, name: &str) -> String {
    format!("{account_id}/{}/{name}", kind.as_str())
}

/// The keychain this build stores secrets in, as the Connect and Secrets screens name it.
pub fn store_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )) {
        "Secret Service (GNOME Keyring / KWallet)"
    } else {
        "none"
    }
}

/// One keychain call at a time: each opens its own Secret Service session, and the daemon
/// refuses sessions when many arrive at once (seen with gnome-keyring under load).
static KEYCHAIN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn locked<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    let _guard = KEYCHAIN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f()
}

fn entry(key: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, key).map_err(keychain_error)
}

fn keychain_error(e: keyring::Error) -> Error {
    let detail = match &e {
        keyring::Error::NoStorageAccess(_) => {
            format!("no keychain is available or it is locked ({e})")
        }
        keyring::Error::PlatformFailure(_) => format!("the keychain failed ({e})"),
        // keyring's Error is non-exhaustive.
        _ => e.to_string(),
    };
    Error::Keychain { detail }
}

/// Store (or replace) a secret.
pub fn store(key: &str, secret: &Secret) -> Result<()> {
    locked(|| {
        entry(key)?
            .set_password(secret.expose())
            .map_err(keychain_error)
    })
}

/// Read a secret; a missing one is `Ok(None)`, not an error.
pub fn read(key: &str) -> Result<Option<Secret>> {
    locked(|| match entry(key)?.get_password() {
        Ok(value) => Ok(Some(Secret::new(value))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keychain_error(e)),
    })
}

/// Delete a secret; deleting a missing one succeeds and returns false.
pub fn delete(key: &str) -> Result<bool> {
    locked(|| match entry(key)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(keychain_error(e)),
    })
}

/// Run keychain work (blocking D-Bus calls) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::Result<T> + Send + 'static,
) -> crate::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| crate::Error::Internal(format!("keychain task: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        let printed = format!("{s:?} {:?}", vec![&s]);
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("redacted"));
    }

    #[test]
    fn keys_follow_the_documented_names() {
        assert_eq!(
            key("123456789012", Kind::ConsolePassword, "kim.backend"),
            "123456789012/console-password/kim.backend"
        );
        assert_eq!(key("1", Kind::RootPassword, "root"), "1/root-password/root");
    }
}
