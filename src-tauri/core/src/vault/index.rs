//! The index of secrets Baseline holds: names, kinds and dates, never a value.
//! Lives in `BASELINE_HOME/secrets.json`, next to the keychain entries it describes.

use super::Kind;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How a secret was handed to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    pub time: DateTime<Utc>,
    pub method: HandoffMethod,
}

/// The way the secret reached its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandoffMethod {
    /// The printed sheet, handed over in person.
    Sheet,
    /// An `age` file opened with a passphrase told in person.
    AgePassphrase,
    /// An `age` file encrypted to the member's SSH public key.
    AgeSsh,
}

impl HandoffMethod {
    pub const ALL: &'static [HandoffMethod] = &[Self::Sheet, Self::AgePassphrase, Self::AgeSsh];

    /// The word in the index and the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sheet => "sheet",
            Self::AgePassphrase => "age-passphrase",
            Self::AgeSsh => "age-ssh",
        }
    }
}

/// Now, to the second (as the journal writes it).
fn now() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(0)
}

/// One secret, described without its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The keychain user name: `<account-id>/<kind>/<name>`.
    pub key: String,
    pub account_id: String,
    pub kind: Kind,
    pub name: String,
    pub created: DateTime<Utc>,
    /// A free note kept here, not in the secret (e.g. the recovery address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_off: Option<Handoff>,
}

static LOCK: Mutex<()> = Mutex::new(());

fn path(home: &Path) -> PathBuf {
    home.join("secrets.json")
}

/// All entries, in the order they were added. One entry that does not read costs only
/// itself (the file is copied to `secrets.json.unreadable-<time>` first). An index that
/// does not parse at all (a disk fault, a hand edit) is moved aside as
/// `secrets.json.corrupt-<time>` and read as empty:
/// it only describes the keychain, so [`rebuild`] can re-create it, and a broken copy must
/// never make every later operation fail.
pub fn load(home: &Path) -> Result<Vec<Entry>> {
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    load_locked(home)
}

fn load_locked(home: &Path) -> Result<Vec<Entry>> {
    let p = path(home);
    match std::fs::read(&p) {
        Ok(bytes) => match serde_json::from_slice::<Vec<serde_json::Value>>(&bytes) {
            Ok(values) => Ok(readable_entries(&p, values)),
            Err(e) => {
                set_aside(&p, &e);
                Ok(Vec::new())
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io(&p, e)),
    }
}

/// The entries that read; one that does not (a hand edit, a kind of a newer Baseline) costs
/// only itself, never its neighbours' handoff records: the whole file is kept aside for
/// inspection and the readable entries are written back.
fn readable_entries(p: &Path, values: Vec<serde_json::Value>) -> Vec<Entry> {
    let mut bad = None;
    let entries: Vec<Entry> = values
        .into_iter()
        .filter_map(|v| {
            serde_json::from_value(v)
                .map_err(|e| bad = bad.take().or(Some(e)))
                .ok()
        })
        .collect();
    if let Some(e) = bad {
        let copy = p.with_file_name(format!(
            "secrets.json.unreadable-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
        ));
        let kept = std::fs::copy(p, &copy).is_ok();
        let body = serde_json::to_vec_pretty(&entries).unwrap_or_default();
        if kept && crate::fsio::write_atomic(p, &body).is_ok() {
            tracing::warn!(kept = %copy.display(), error = %e, "an entry of the index of secrets could not be read; the others were kept");
        }
    }
    entries
}

/// Keep a corrupt index for inspection under a name no later write touches.
fn set_aside(p: &Path, parse_error: &serde_json::Error) {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    // The random part: two set-asides in one millisecond must not overwrite each other.
    let aside = p.with_file_name(format!(
        "secrets.json.corrupt-{stamp}-{:08x}",
        rand::random::<u32>()
    ));
    // The parse error names a line and column, never the file's content.
    match std::fs::rename(p, &aside) {
        Ok(()) => tracing::warn!(
            moved_to = %aside.display(),
            error = %parse_error,
            "the index of secrets could not be read; it was set aside and starts empty"
        ),
        // Another thread or process set it aside first: nothing left to do.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(
            path = %p.display(),
            error = %e,
            "the unreadable index of secrets could not be set aside; it will be replaced"
        ),
    }
}

/// Read, change and write the index atomically (one writer at a time in this process).
pub fn update<T>(home: &Path, f: impl FnOnce(&mut Vec<Entry>) -> T) -> Result<T> {
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut entries = load_locked(home)?;
    let out = f(&mut entries);
    crate::fsio::ensure_private_dir(home)?;
    let body = serde_json::to_vec_pretty(&entries).map_err(|e| Error::Internal(e.to_string()))?;
    crate::fsio::write_atomic(&path(home), &body)?;
    Ok(out)
}

/// Add or refresh the entry for a secret just stored (a new value resets its handoff).
pub fn record(
    home: &Path,
    account_id: &str,
    kind: Kind,
    name: &str,
    note: Option<&str>,
) -> Result<Entry> {
    let entry = Entry {
        key: super::key(account_id, kind, name),
        account_id: account_id.to_owned(),
        kind,
        name: name.to_owned(),
        created: now(),
        note: note.map(str::to_owned),
        handed_off: None,
    };
    update(home, |entries| {
        entries.retain(|e| e.key != entry.key);
        entries.push(entry.clone());
    })?;
    Ok(entry)
}

/// Forget a secret's entry.
pub fn remove(home: &Path, key: &str) -> Result<()> {
    update(home, |entries| entries.retain(|e| e.key != key))
}

/// Record a handoff on an entry; false when the index has no such entry.
pub fn mark_handed_off(home: &Path, key: &str, method: HandoffMethod) -> Result<bool> {
    update(home, |entries| {
        match entries.iter_mut().find(|e| e.key == key) {
            Some(e) => {
                e.handed_off = Some(Handoff {
                    time: now(),
                    method,
                });
                true
            }
            None => false,
        }
    })
}

/// The entries of one account.
pub fn for_account(home: &Path, account_id: &str) -> Result<Vec<Entry>> {
    Ok(load(home)?
        .into_iter()
        .filter(|e| e.account_id == account_id)
        .collect())
}

/// Re-create the entries of an account from what the keychain holds: the console
/// passwords of `console_users` (the IAM users AWS lists as Baseline's, e.g. tagged
/// `baseline:console=yes`), the root password and the mailbox password. Entries already
/// in the index are kept as they are (handoffs and notes included); returns those added.
/// Blocking (keychain calls): from async code run it on a blocking thread.
pub fn rebuild(home: &Path, account_id: &str, console_users: &[String]) -> Result<Vec<Entry>> {
    rebuild_with(home, account_id, console_users, |key| {
        Ok(super::read(key)?.is_some())
    })
}

/// [`rebuild`] with the keychain probe given (`Ok(true)` when a secret exists under key).
pub fn rebuild_with(
    home: &Path,
    account_id: &str,
    console_users: &[String],
    mut exists: impl FnMut(&str) -> Result<bool>,
) -> Result<Vec<Entry>> {
    let candidates = console_users
        .iter()
        .map(|u| (Kind::ConsolePassword, u.as_str()))
        .chain([
            (Kind::RootPassword, "root"),
            (Kind::MailboxPassword, "mailbox"),
        ]);
    let known: Vec<String> = load(home)?.into_iter().map(|e| e.key).collect();
    let mut found = Vec::new();
    for (kind, name) in candidates {
        let key = super::key(account_id, kind, name);
        if !known.contains(&key) && exists(&key)? {
            found.push(Entry {
                key,
                account_id: account_id.to_owned(),
                kind,
                name: name.to_owned(),
                created: now(),
                note: None,
                handed_off: None,
            });
        }
    }
    if !found.is_empty() {
        let added = found.clone();
        update(home, move |entries| {
            for e in found {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        })?;
        tracing::info!(
            account_id,
            count = added.len(),
            "re-added entries to the index of secrets"
        );
        return Ok(added);
    }
    Ok(found)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
