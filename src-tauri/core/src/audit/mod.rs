//! The security check-up: the CIS AWS Foundations Benchmark IAM checks that the API can
//! answer, from the same inventory as the checklists.

use crate::checklist::stale_keys;
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

/// One check. `id` is the UI's translation key (`audit.<id>.title` / `.fix`).
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub cis: &'static str,
    pub id: &'static str,
    pub outcome: Outcome,
    /// Users, groups or roles that fail it.
    pub affected: Vec<String>,
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

fn check(cis: &'static str, id: &'static str, affected: Vec<String>, fix: &'static str) -> Check {
    Check {
        cis,
        id,
        outcome: if affected.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail
        },
        affected,
        fix,
        confirmed: None,
    }
}

fn yes(row: &report::Row, column: &str) -> bool {
    row.get(column).is_some_and(|v| v == "true")
}

fn days_since(date: &str, now: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(date).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(now).ok()?;
    Some((b - a).num_days())
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
    let users: Vec<&report::Row> = inv
        .report
        .iter()
        .filter(|r| r.get("user").is_some_and(|u| u != "<root_account>"))
        .collect();
    let name = |r: &report::Row| r.get("user").cloned().unwrap_or_default();
    let now = inv.read_at.as_str();
    let mut checks = Vec::new();

    let root_keys = inv
        .summary
        .get("AccountAccessKeysPresent")
        .copied()
        .unwrap_or(0)
        > 0
        || inv
            .root_row()
            .is_some_and(|r| yes(r, "access_key_1_active") || yes(r, "access_key_2_active"));
    checks.push(check(
        "1.4",
        "root_access_keys",
        if root_keys {
            vec!["<root>".into()]
        } else {
            vec![]
        },
        "Delete the root user's access keys (IAM → Security credentials, signed in as root).",
    ));
    let root_mfa = inv.summary.get("AccountMFAEnabled").copied().unwrap_or(0) == 1;
    checks.push(check(
        "1.5",
        "root_mfa",
        if root_mfa {
            vec![]
        } else {
            vec!["<root>".into()]
        },
        "Assign a virtual MFA device to the root user in the console.",
    ));
    let pp = live.password_policy.as_ref();
    let short = pp.is_none_or(|p| p.minimum_length < 14);
    checks.push(check(
        "1.8",
        "password_length",
        if short {
            vec!["password policy".into()]
        } else {
            vec![]
        },
        "Set the password policy's minimum length to 14 or more (team file, then apply).",
    ));
    let reuse = pp.and_then(|p| p.reuse_prevention).unwrap_or(0) < 24;
    checks.push(check(
        "1.9",
        "password_reuse",
        if reuse {
            vec!["password policy".into()]
        } else {
            vec![]
        },
        "Prevent reuse of the last 24 passwords (team file, then apply).",
    ));
    checks.push(check(
        "1.10",
        "console_users_mfa",
        users
            .iter()
            .filter(|r| yes(r, "password_enabled") && !yes(r, "mfa_active"))
            .map(|r| name(r))
            .collect(),
        "Enrol MFA for each listed member (Members → enrol MFA).",
    ));
    let setup_keys = users
        .iter()
        .filter(|r| {
            yes(r, "access_key_1_active")
                && report::date(r, "access_key_1_last_used_date").is_none()
                && match (
                    report::date(r, "user_creation_time"),
                    report::date(r, "access_key_1_last_rotated"),
                ) {
                    (Some(c), Some(k)) => chrono::DateTime::parse_from_rfc3339(k)
                        .ok()
                        .zip(chrono::DateTime::parse_from_rfc3339(c).ok())
                        .is_some_and(|(k, c)| (k - c).num_seconds().abs() < 120),
                    _ => false,
                }
        })
        .map(|r| name(r))
        .collect();
    checks.push(check(
        "1.11",
        "keys_at_setup",
        setup_keys,
        "Delete access keys that were created with the user and never used.",
    ));
    let unused = users
        .iter()
        .filter(|r| {
            let password_stale = yes(r, "password_enabled")
                && report::date(r, "password_last_used")
                    .or(report::date(r, "password_last_changed"))
                    .and_then(|d| days_since(d, now))
                    .is_some_and(|d| d > 45);
            password_stale
        })
        .map(|r| name(r))
        .chain(
            users
                .iter()
                .filter(|r| {
                    !stale_keys(r, now).is_empty()
                        && (1..=2).any(|n| {
                            yes(r, &format!("access_key_{n}_active"))
                                && report::date(r, &format!("access_key_{n}_last_used_date"))
                                    .or(report::date(r, &format!("access_key_{n}_last_rotated")))
                                    .and_then(|d| days_since(d, now))
                                    .is_some_and(|d| d > 45)
                        })
                })
                .map(|r| name(r)),
        )
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    checks.push(check(
        "1.12",
        "unused_credentials",
        unused,
        "Disable passwords and keys unused for 45 days (offboard members who left).",
    ));
    checks.push(check(
        "1.13",
        "one_active_key",
        users
            .iter()
            .filter(|r| yes(r, "access_key_1_active") && yes(r, "access_key_2_active"))
            .map(|r| name(r))
            .collect(),
        "Keep one active access key per user: delete the other.",
    ));
    let unrotated = users
        .iter()
        .filter(|r| {
            (1..=2).any(|n| {
                yes(r, &format!("access_key_{n}_active"))
                    && report::date(r, &format!("access_key_{n}_last_rotated"))
                        .and_then(|d| days_since(d, now))
                        .is_some_and(|d| d > 90)
            })
        })
        .map(|r| name(r))
        .collect();
    checks.push(check(
        "1.14",
        "keys_rotated",
        unrotated,
        "Rotate access keys older than 90 days (create a new one, switch, delete the old).",
    ));
    checks.push(check(
        "1.15",
        "permissions_through_groups",
        live.users
            .values()
            .filter(|u| !u.attached.is_empty() || !u.inline.is_empty())
            .map(|u| u.name.clone())
            .collect(),
        "Move policies attached to users onto groups and detach them from the users.",
    ));
    let admin_arns: Vec<String> = std::iter::once(format!(
        "arn:{}:iam::aws:policy/AdministratorAccess",
        live.partition
    ))
    .chain(
        live.policies
            .values()
            .filter(|p| p.document.as_ref().is_some_and(allows_everything))
            .map(|p| p.arn.clone()),
    )
    .collect();
    let full_admin = live
        .groups
        .iter()
        .filter(|(g, grp)| {
            g.as_str() != "lead"
                && (grp.attached.iter().any(|a| admin_arns.contains(a))
                    || grp.inline.values().any(allows_everything))
        })
        .map(|(g, _)| format!("group {g}"))
        .chain(
            live.users
                .values()
                .filter(|u| u.attached.iter().any(|a| admin_arns.contains(a)))
                .map(|u| format!("user {}", u.name)),
        )
        .collect();
    checks.push(check(
        "1.16",
        "no_full_admin",
        full_admin,
        "Give full administrator rights only through the lead group.",
    ));
    let support = live
        .roles
        .values()
        .any(|attached| attached.iter().any(|a| a.ends_with("/AWSSupportAccess")));
    checks.push(check(
        "1.17",
        "support_role",
        if support {
            vec![]
        } else {
            vec!["no role with AWSSupportAccess".into()]
        },
        "Create a role for AWS Support with the AWSSupportAccess policy.",
    ));
    let confirmed = inv.manual.get("access_analyzer").cloned();
    checks.push(Check {
        cis: "1.20",
        id: "access_analyzer",
        outcome: if confirmed.is_some() {
            Outcome::Pass
        } else {
            Outcome::Manual
        },
        affected: vec![],
        fix: "Turn on IAM Access Analyzer in each region you use (IAM → Access analyzer).",
        confirmed,
    });
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
