//! The security check-up: the CIS AWS Foundations Benchmark IAM checks that the API can
//! answer, from the same inventory as the checklists.

mod checks;

// The tests build report rows through `super::*`.
#[cfg(test)]
use crate::iam::report;
use crate::inventory::Inventory;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    /// Not answerable by Baseline's reads: check it in the console.
    Manual,
}

/// What fails a check, for the UI to word (`{"kind": "user", "name": "kim"}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Affected {
    /// The root user.
    Root,
    /// The account's password policy.
    PasswordPolicy,
    /// No role holds AWSSupportAccess (CIS 1.17).
    NoSupportRole,
    User {
        name: String,
    },
    Group {
        name: String,
    },
}

/// The command line's words: `<root>`, `password policy`, `kim`, `group pm`.
impl std::fmt::Display for Affected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Affected::Root => f.write_str("<root>"),
            Affected::PasswordPolicy => f.write_str("password policy"),
            Affected::NoSupportRole => f.write_str("no role with AWSSupportAccess"),
            Affected::User { name } => f.write_str(name),
            Affected::Group { name } => write!(f, "group {name}"),
        }
    }
}

/// One check. `id` is the UI's translation key (`audit.<id>.title` / `.fix`).
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub cis: &'static str,
    pub id: &'static str,
    pub outcome: Outcome,
    /// Users, groups or account-wide things that fail it.
    pub affected: Vec<Affected>,
    /// The fix, in English (the UI has translated ones).
    pub fix: &'static str,
    /// For a manual check: when the lead confirmed it (then it counts as passed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<String>,
}

/// The whole check-up and a score the lead can track.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub account_id: String,
    pub checks: Vec<Check>,
    pub passed: usize,
    pub failed: usize,
    /// Passed checks out of those answered, in percent.
    pub score: u32,
    pub read_at: String,
}

/// An automatic check: `check` names the users, groups or things that fail it.
pub(crate) struct Rule {
    cis: &'static str,
    id: &'static str,
    fix: &'static str,
    check: fn(&Inventory) -> Vec<Affected>,
}

/// A check Baseline's reads cannot answer: the lead confirms it by hand (`inv.manual[id]`).
struct Manual {
    cis: &'static str,
    id: &'static str,
    fix: &'static str,
}

const MANUAL: &[Manual] = &[Manual {
    cis: "1.20",
    id: "access_analyzer",
    fix: "Turn on IAM Access Analyzer in each region you use (IAM → Access analyzer).",
}];

impl Rule {
    fn run(&self, inv: &Inventory) -> Check {
        let affected = (self.check)(inv);
        Check {
            cis: self.cis,
            id: self.id,
            outcome: if affected.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail
            },
            affected,
            fix: self.fix,
            confirmed: None,
        }
    }
}

impl Manual {
    fn run(&self, inv: &Inventory) -> Check {
        let confirmed = inv.manual.get(self.id).cloned();
        Check {
            cis: self.cis,
            id: self.id,
            outcome: if confirmed.is_some() {
                Outcome::Pass
            } else {
                Outcome::Manual
            },
            affected: vec![],
            fix: self.fix,
            confirmed,
        }
    }
}

/// A policy document that allows every action on every resource.
pub fn allows_everything(doc: &Value) -> bool {
    let statements = match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => return false,
    };
    let has_star = |v: &Value| match v {
        Value::String(s) => s == "*",
        Value::Array(a) => a.iter().any(|x| x == "*"),
        _ => false,
    };
    statements
        .iter()
        .any(|s| s["Effect"] == "Allow" && has_star(&s["Action"]) && has_star(&s["Resource"]))
}

/// Run every check on the inventory.
pub fn run(inv: &Inventory) -> Audit {
    let live = &inv.live;
    let checks: Vec<Check> = checks::RULES
        .iter()
        .map(|r| r.run(inv))
        .chain(MANUAL.iter().map(|m| m.run(inv)))
        .collect();
    let passed = checks.iter().filter(|c| c.outcome == Outcome::Pass).count();
    let failed = checks.iter().filter(|c| c.outcome == Outcome::Fail).count();
    Audit {
        account_id: live.account_id.clone(),
        score: ((passed * 100) / (passed + failed).max(1)) as u32,
        passed,
        failed,
        checks,
        read_at: inv.read_at.clone(),
    }
}

#[cfg(test)]
mod tests;
