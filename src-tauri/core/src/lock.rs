//! One writer at a time: apply, password reset, MFA enrolment and offboarding hold an
//! exclusive lock on `BASELINE_HOME`, across processes (the command line and the window,
//! or two windows). A second writer waits briefly, then says which operation holds it.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a second writer waits before giving up (overridable for tests and scripts
/// with `BASELINE_LOCK_WAIT_SECS`).
pub const DEFAULT_WAIT: Duration = Duration::from_secs(20);

/// Who holds the lock, written into the lock file by its holder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Holder {
    /// `apply`, `reset_password`, `mfa_enrolment`, `offboard`, …
    pub operation: String,
    pub pid: u32,
    /// RFC 3339.
    pub since: String,
}

/// Held until dropped; the OS releases it too if the process dies.
#[derive(Debug)]
pub struct Guard {
    _file: File,
}

fn path(home: &Path) -> PathBuf {
    home.join("baseline.lock")
}

fn wait_limit() -> Duration {
    std::env::var("BASELINE_LOCK_WAIT_SECS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEFAULT_WAIT, Duration::from_secs)
}

fn open(home: &Path) -> Result<File> {
    crate::fsio::ensure_private_dir(home)?;
    let p = path(home);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&p).map_err(|e| Error::io(&p, e))
}

/// Who holds the lock now, if anyone says so.
pub fn holder(home: &Path) -> Option<Holder> {
    let mut text = String::new();
    File::open(path(home))
        .ok()?
        .read_to_string(&mut text)
        .ok()?;
    serde_json::from_str(&text).ok()
}

/// Take the lock for `operation`, waiting up to the limit; `Busy` names the holder.
pub async fn acquire(home: &Path, operation: &str) -> Result<Guard> {
    acquire_within(home, operation, wait_limit()).await
}

/// [`acquire`] with an explicit wait.
pub async fn acquire_within(home: &Path, operation: &str, wait: Duration) -> Result<Guard> {
    let file = open(home)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::WouldBlock) => {
                let h = holder(home);
                return Err(Error::Busy {
                    operation: h
                        .as_ref()
                        .map_or_else(|| "unknown".into(), |h| h.operation.clone()),
                    pid: h.as_ref().map(|h| h.pid),
                    since: h.map(|h| h.since),
                });
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(path(home), e)),
        }
    }
    let me = Holder {
        operation: operation.to_owned(),
        pid: std::process::id(),
        since: crate::journal::now(),
    };
    let body = serde_json::to_vec(&me).map_err(|e| Error::Internal(e.to_string()))?;
    let mut f = &file;
    let p = path(home);
    f.set_len(0).map_err(|e| Error::io(&p, e))?;
    f.seek(SeekFrom::Start(0)).map_err(|e| Error::io(&p, e))?;
    f.write_all(&body).map_err(|e| Error::io(&p, e))?;
    Ok(Guard { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_writer_waits_then_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire_within(dir.path(), "apply", Duration::ZERO)
            .await
            .unwrap();
        let err = acquire_within(dir.path(), "offboard", Duration::from_millis(300))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "busy");
        assert!(err.to_string().contains("apply"), "{err}");
        assert_eq!(err.params()["pid"], std::process::id().to_string());
        drop(first);
        // Released: the next writer gets it at once.
        let again = acquire_within(dir.path(), "offboard", Duration::ZERO).await;
        assert!(again.is_ok());
        assert_eq!(holder(dir.path()).unwrap().operation, "offboard");
    }

    #[tokio::test]
    async fn a_waiting_writer_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire_within(dir.path(), "apply", Duration::ZERO)
            .await
            .unwrap();
        let home = dir.path().to_path_buf();
        let waiter = tokio::spawn(async move {
            acquire_within(&home, "reset_password", Duration::from_secs(10))
                .await
                .map(|_| ())
        });
        tokio::time::sleep(Duration::from_millis(250)).await;
        drop(first);
        waiter.await.unwrap().unwrap();
    }
}
