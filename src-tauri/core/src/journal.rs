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
    /// The state folder the journal lives in.
    pub fn home(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Open (or create) `journal.jsonl` in `home`.
    pub fn open(home: &Path) -> Result<Journal> {
        let io = |e: std::io::Error| Error::io(home.join("journal.jsonl"), e);
        crate::fsio::ensure_private_dir(home)?;
        let path = home.join("journal.jsonl");
        // 0600: the journal names every user and change of the account.
        let file = crate::fsio::open_append(&path).map_err(io)?;
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
        file.write_all(&line).map_err(|e| Error::io(&self.path, e))
    }
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    rfc3339(&chrono::Utc::now())
}

/// A time as the journal, the index and the JSON write it (`2026-11-01T10:00:00Z`).
pub fn rfc3339(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The manual steps (done outside Baseline, confirmed by the user) that the journal records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualStep {
    Mailbox,
    Account,
    BillingAlerts,
    InvoiceEmail,
    FreeTierAlerts,
    AccessAnalyzer,
    /// Part 2: the four name servers entered at the registrar (Gabia or another).
    Registrar,
}

impl ManualStep {
    pub const ALL: &'static [ManualStep] = &[
        Self::Mailbox,
        Self::Account,
        Self::BillingAlerts,
        Self::InvoiceEmail,
        Self::FreeTierAlerts,
        Self::AccessAnalyzer,
        Self::Registrar,
    ];

    /// The journal's (and the UI's) word for the step.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mailbox => "mailbox",
            Self::Account => "account",
            Self::BillingAlerts => "billing_alerts",
            Self::InvoiceEmail => "invoice_email",
            Self::FreeTierAlerts => "free_tier_alerts",
            Self::AccessAnalyzer => "access_analyzer",
            Self::Registrar => "registrar",
        }
    }

    /// The step a word names, or a clear error (nothing is recorded).
    pub fn parse(word: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == word)
            .ok_or_else(|| Error::invalid("step", format!("unknown manual step \"{word}\"")))
    }
}

impl std::fmt::Display for ManualStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Record that the user confirmed a manual step for an account.
pub fn record_manual_step(home: &Path, account_id: &str, step: ManualStep) -> Result<String> {
    let time = now();
    Journal::open(home)?.record(&Entry {
        time: time.clone(),
        account_id,
        change: &format!("manual:{step}"),
        kind: "manual_step",
        action: "confirm",
        target: step.as_str(),
        outcome: "done",
        error_code: None,
    })?;
    Ok(time)
}

/// When each manual step was last confirmed for the account (step → RFC 3339 time).
pub fn manual_steps(
    home: &Path,
    account_id: &str,
) -> Result<std::collections::BTreeMap<String, String>> {
    let path = home.join("journal.jsonl");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut out = std::collections::BTreeMap::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if v["kind"] == "manual_step" && v["account_id"] == account_id {
            if let (Some(step), Some(time)) = (v["target"].as_str(), v["time"].as_str()) {
                out.insert(step.to_owned(), time.to_owned());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_steps_are_recorded_per_account_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert!(manual_steps(dir.path(), "1").unwrap().is_empty());
        record_manual_step(dir.path(), "1", ManualStep::InvoiceEmail).unwrap();
        record_manual_step(dir.path(), "2", ManualStep::BillingAlerts).unwrap();
        let steps = manual_steps(dir.path(), "1").unwrap();
        assert_eq!(steps.keys().collect::<Vec<_>>(), vec!["invoice_email"]);
        let err = ManualStep::parse("rm -rf").unwrap_err();
        assert_eq!(err.exit_status(), 2);
        for step in ManualStep::ALL {
            let word = serde_json::to_value(step).unwrap();
            assert_eq!(word, step.as_str(), "serde and the journal agree");
            assert_eq!(ManualStep::parse(step.as_str()).unwrap(), *step);
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_journal_is_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("baseline");
        record_manual_step(&home, "1", ManualStep::Mailbox).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&home.join("journal.jsonl")), 0o600);
        assert_eq!(mode(&home), 0o700);
    }
}
