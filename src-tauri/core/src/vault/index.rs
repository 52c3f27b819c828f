//! The index of secrets Baseline holds: names, kinds and dates, never a value.
//! Lives in `BASELINE_HOME/secrets.json`, next to the keychain entries it describes.

use super::Kind;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How a secret was handed to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    pub time: String,
    /// `sheet`, `age-passphrase` or `age-ssh`.
    pub method: String,
}

/// One secret, described without its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The keychain user name: `<account-id>/<kind>/<name>`.
    pub key: String,
    pub account_id: String,
    pub kind: String,
    pub name: String,
    pub created: String,
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

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// All entries, in the order they were added.
pub fn load(home: &Path) -> Result<Vec<Entry>> {
    let p = path(home);
    match std::fs::read(&p) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| io(&p, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io(&p, e)),
    }
}

/// Read, change and write the index atomically (one writer at a time in this process).
pub fn update<T>(home: &Path, f: impl FnOnce(&mut Vec<Entry>) -> T) -> Result<T> {
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut entries = load(home)?;
    let out = f(&mut entries);
    std::fs::create_dir_all(home).map_err(|e| io(home, e))?;
    let p = path(home);
    let tmp = p.with_extension("json.tmp");
    let body = serde_json::to_vec_pretty(&entries).map_err(|e| Error::Internal(e.to_string()))?;
    std::fs::write(&tmp, body).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &p).map_err(|e| io(&p, e))?;
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
        kind: kind.as_str().to_owned(),
        name: name.to_owned(),
        created: crate::journal::now(),
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
pub fn mark_handed_off(home: &Path, key: &str, method: &str) -> Result<bool> {
    update(home, |entries| {
        match entries.iter_mut().find(|e| e.key == key) {
            Some(e) => {
                e.handed_off = Some(Handoff {
                    time: crate::journal::now(),
                    method: method.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_recorded_handed_off_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let e = record(
            dir.path(),
            "1",
            Kind::RootPassword,
            "root",
            Some("recovery: a@b.co"),
        )
        .unwrap();
        record(dir.path(), "2", Kind::ConsolePassword, "kim", None).unwrap();
        assert_eq!(for_account(dir.path(), "1").unwrap(), vec![e.clone()]);
        assert!(mark_handed_off(dir.path(), &e.key, "sheet").unwrap());
        let got = &for_account(dir.path(), "1").unwrap()[0];
        assert_eq!(got.handed_off.as_ref().unwrap().method, "sheet");
        // Storing a new value resets the handoff.
        record(dir.path(), "1", Kind::RootPassword, "root", None).unwrap();
        assert!(for_account(dir.path(), "1").unwrap()[0]
            .handed_off
            .is_none());
        remove(dir.path(), &e.key).unwrap();
        assert!(for_account(dir.path(), "1").unwrap().is_empty());
        assert_eq!(load(dir.path()).unwrap().len(), 1);
    }
}
