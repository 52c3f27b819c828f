//! The automatic checks, one function per CIS control: each names what fails it.

use super::{allows_everything, Affected, Rule};
use crate::checklist::stale_keys;
use crate::iam::report;
use crate::inventory::Inventory;
use std::collections::BTreeSet;

/// Every automatic check, in the benchmark's order (the order the UI lists them in).
pub(super) const RULES: &[Rule] = &[
    Rule {
        cis: "1.4",
        id: "root_access_keys",
        fix: "Delete the root user's access keys (IAM → Security credentials, signed in as root).",
        check: root_access_keys,
    },
    Rule {
        cis: "1.5",
        id: "root_mfa",
        fix: "Assign a virtual MFA device to the root user in the console.",
        check: root_mfa,
    },
    Rule {
        cis: "1.8",
        id: "password_length",
        fix: "Set the password policy's minimum length to 14 or more (team file, then apply).",
        check: password_length,
    },
    Rule {
        cis: "1.9",
        id: "password_reuse",
        fix: "Prevent reuse of the last 24 passwords (team file, then apply).",
        check: password_reuse,
    },
    Rule {
        cis: "1.10",
        id: "console_users_mfa",
        fix: "Enrol MFA for each listed member (Members → enrol MFA).",
        check: console_users_mfa,
    },
    Rule {
        cis: "1.11",
        id: "keys_at_setup",
        fix: "Delete access keys that were created with the user and never used.",
        check: keys_at_setup,
    },
    Rule {
        cis: "1.12",
        id: "unused_credentials",
        fix: "Disable passwords and keys unused for 45 days (offboard members who left).",
        check: unused_credentials,
    },
    Rule {
        cis: "1.13",
        id: "one_active_key",
        fix: "Keep one active access key per user: delete the other.",
        check: one_active_key,
    },
    Rule {
        cis: "1.14",
        id: "keys_rotated",
        fix: "Rotate access keys older than 90 days (create a new one, switch, delete the old).",
        check: keys_rotated,
    },
    Rule {
        cis: "1.15",
        id: "permissions_through_groups",
        fix: "Move policies attached to users onto groups and detach them from the users.",
        check: permissions_through_groups,
    },
    Rule {
        cis: "1.16",
        id: "no_full_admin",
        fix: "Give full administrator rights only through the lead group.",
        check: no_full_admin,
    },
    Rule {
        cis: "1.17",
        id: "support_role",
        fix: "Create a role for AWS Support with the AWSSupportAccess policy.",
        check: support_role,
    },
];

fn yes(row: &report::Row, column: &str) -> bool {
    row.get(column).is_some_and(|v| v == "true")
}

fn days_since(date: &str, now: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(date).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(now).ok()?;
    Some((b - a).num_days())
}

/// The report's user rows (the root account has its own checks).
fn users(inv: &Inventory) -> impl Iterator<Item = &report::Row> {
    inv.report
        .iter()
        .filter(|r| r.get("user").is_some_and(|u| u != "<root_account>"))
}

fn name(r: &report::Row) -> String {
    r.get("user").cloned().unwrap_or_default()
}

/// The user rows that `fails`, by name.
fn users_where(inv: &Inventory, fails: impl Fn(&report::Row) -> bool) -> Vec<Affected> {
    users(inv)
        .filter(|r| fails(r))
        .map(|r| Affected::User { name: name(r) })
        .collect()
}

/// `what` fails when `failed`: account-wide checks name one thing, not users.
fn one_if(failed: bool, what: Affected) -> Vec<Affected> {
    if failed {
        vec![what]
    } else {
        vec![]
    }
}

fn root_access_keys(inv: &Inventory) -> Vec<Affected> {
    let present = inv
        .summary
        .get("AccountAccessKeysPresent")
        .copied()
        .unwrap_or(0)
        > 0
        || inv
            .root_row()
            .is_some_and(|r| yes(r, "access_key_1_active") || yes(r, "access_key_2_active"));
    one_if(present, Affected::Root)
}

fn root_mfa(inv: &Inventory) -> Vec<Affected> {
    let on = inv.summary.get("AccountMFAEnabled").copied().unwrap_or(0) == 1;
    one_if(!on, Affected::Root)
}

fn password_length(inv: &Inventory) -> Vec<Affected> {
    let pp = inv.live.password_policy.as_ref();
    one_if(
        pp.is_none_or(|p| p.minimum_length < 14),
        Affected::PasswordPolicy,
    )
}

fn password_reuse(inv: &Inventory) -> Vec<Affected> {
    let pp = inv.live.password_policy.as_ref();
    one_if(
        pp.and_then(|p| p.reuse_prevention).unwrap_or(0) < 24,
        Affected::PasswordPolicy,
    )
}

fn console_users_mfa(inv: &Inventory) -> Vec<Affected> {
    users_where(inv, |r| yes(r, "password_enabled") && !yes(r, "mfa_active"))
}

/// A key made within two minutes of its user and never used: made "just in case".
fn keys_at_setup(inv: &Inventory) -> Vec<Affected> {
    users_where(inv, |r| {
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
}

fn unused_credentials(inv: &Inventory) -> Vec<Affected> {
    let now = inv.read_at.as_str();
    let password_stale = users_where(inv, |r| {
        yes(r, "password_enabled")
            && report::date(r, "password_last_used")
                .or(report::date(r, "password_last_changed"))
                .and_then(|d| days_since(d, now))
                .is_some_and(|d| d > 45)
    });
    let keys_stale = users_where(inv, |r| {
        !stale_keys(r, now).is_empty()
            && (1..=2).any(|n| {
                yes(r, &format!("access_key_{n}_active"))
                    && report::date(r, &format!("access_key_{n}_last_used_date"))
                        .or(report::date(r, &format!("access_key_{n}_last_rotated")))
                        .and_then(|d| days_since(d, now))
                        .is_some_and(|d| d > 45)
            })
    });
    // Sorted and once per user, however many of their credentials are stale.
    password_stale
        .into_iter()
        .chain(keys_stale)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn one_active_key(inv: &Inventory) -> Vec<Affected> {
    users_where(inv, |r| {
        yes(r, "access_key_1_active") && yes(r, "access_key_2_active")
    })
}

fn keys_rotated(inv: &Inventory) -> Vec<Affected> {
    let now = inv.read_at.as_str();
    users_where(inv, |r| {
        (1..=2).any(|n| {
            yes(r, &format!("access_key_{n}_active"))
                && report::date(r, &format!("access_key_{n}_last_rotated"))
                    .and_then(|d| days_since(d, now))
                    .is_some_and(|d| d > 90)
        })
    })
}

fn permissions_through_groups(inv: &Inventory) -> Vec<Affected> {
    inv.live
        .users
        .values()
        .filter(|u| !u.attached.is_empty() || !u.inline.is_empty())
        .map(|u| Affected::User {
            name: u.name.clone(),
        })
        .collect()
}

fn no_full_admin(inv: &Inventory) -> Vec<Affected> {
    let live = &inv.live;
    // AWS's own AdministratorAccess and any customer policy that amounts to it.
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
    live.groups
        .iter()
        .filter(|(g, grp)| {
            g.as_str() != "lead"
                && (grp.attached.iter().any(|a| admin_arns.contains(a))
                    || grp.inline.values().any(allows_everything))
        })
        .map(|(g, _)| Affected::Group { name: g.clone() })
        .chain(
            live.users
                .values()
                .filter(|u| u.attached.iter().any(|a| admin_arns.contains(a)))
                .map(|u| Affected::User {
                    name: u.name.clone(),
                }),
        )
        .collect()
}

fn support_role(inv: &Inventory) -> Vec<Affected> {
    let support = inv
        .live
        .roles
        .values()
        .any(|attached| attached.iter().any(|a| a.ends_with("/AWSSupportAccess")));
    one_if(!support, Affected::NoSupportRole)
}
