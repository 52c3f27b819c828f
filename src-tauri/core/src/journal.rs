//! The journal: one JSON line per change applied, under `BASELINE_HOME`. No secret values.

use crate::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One applied (or failed) change.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    pub time: String,
    pub account_id: &'a str,
    /// The change id, e.g. `user:kim/console`.
    pub change: &'a str,
    pub kind: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    /// `done`, `already_done` or `failed`.
    pub outcome: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'a str>,
}

/// Append-only JSON-lines file, shared by concurrent steps.
pub struct Journal {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

impl Journal {
    /// Open (or create) `journal.jsonl` in `home`.
    pub fn open(home: &Path) -> Result<Journal> {
        let io = |e: std::io::Error| Error::Io {
            path: home.join("journal.jsonl").display().to_string(),
            detail: e.to_string(),
        };
        std::fs::create_dir_all(home).map_err(io)?;
        let path = home.join("journal.jsonl");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io)?;
        Ok(Journal {
            path,
            file: Mutex::new(file),
        })
    }

    /// Append one entry (one `write` per line, so lines never interleave).
    pub fn record(&self, entry: &Entry<'_>) -> Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(|e| Error::Internal(e.to_string()))?;
        line.push(b'\n');
        let mut file = self.file.lock().expect("journal lock");
        file.write_all(&line).map_err(|e| Error::Io {
            path: self.path.display().to_string(),
            detail: e.to_string(),
        })
    }
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
