//! Live checklists for the account and for each member, read from AWS (not ticked by
//! hand where AWS can tell). Each item: a state, the evidence, and the one action that fixes it.

use crate::iam::report;
use crate::inventory::Inventory;
use crate::journal::ManualStep;

mod action;
mod evidence;
mod read;
use crate::team::{policies, Team};
use crate::vault::Kind;
pub use action::{Action, Guide};
use action::{CONSOLE_BILLS, CONSOLE_ROOT_KEYS, CONSOLE_USERS};
pub use evidence::Evidence;
pub use read::{read, Checklists};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Done,
    Todo,
    Attention,
    Manual,
}

/// One row of a checklist. `id` doubles as the UI's translation key (`check.<id>`).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: &'static str,
    pub state: State,
    /// Which AWS (or Baseline) fact decided the state.
    pub evidence: Evidence,
    /// Values for the translated detail (dates, counts, names).
    pub detail: Option<String>,
    /// The one action that fixes the item (none when it is done).
    pub action: Option<Action>,
}

pub(crate) fn item(
    id: &'static str,
    ok: bool,
    bad: State,
    evidence: Evidence,
    action: Option<Action>,
) -> Item {
    Item {
        id,
        state: if ok { State::Done } else { bad },
        evidence,
        detail: None,
        action: if ok { None } else { action },
    }
}

/// The account checklist.
pub fn account(inv: &Inventory, team: Option<&Team>) -> Vec<Item> {
    let mut out = Vec::new();
    let has_secret = |kind: Kind| inv.secrets.iter().any(|e| e.kind == kind);
    let manual = |id: &'static str, step: ManualStep, secret: Kind| {
        let done = inv.manual.contains_key(step.as_str()) || has_secret(secret);
        let mut i = item(
            id,
            done,
            State::Manual,
            Evidence::ConfirmedByYou,
            Some(Action::Confirm { step }),
        );
        i.detail = inv.manual.get(step.as_str()).cloned();
        i
    };
    out.push(manual(
        "mailbox_created",
        ManualStep::Mailbox,
        Kind::MailboxPassword,
    ));
    out.push(manual(
        "account_created",
        ManualStep::Account,
        Kind::RootPassword,
    ));
    let mfa = inv.summary.get("AccountMFAEnabled").copied().unwrap_or(0) == 1;
    out.push(item(
        "root_mfa",
        mfa,
        State::Attention,
        Evidence::AccountSummary,
        Some(Action::Guide {
            guide: Guide::RootMfa,
        }),
    ));
    let keys = inv
        .summary
        .get("AccountAccessKeysPresent")
        .copied()
        .unwrap_or(0)
        == 0;
    out.push(item(
        "no_root_keys",
        keys,
        State::Attention,
        Evidence::AccountSummary,
        Some(Action::Console {
            url: CONSOLE_ROOT_KEYS,
        }),
    ));
    if let Some(team) = team {
        let pp = inv.live.password_policy.as_ref() == Some(&team.password_policy);
        out.push(item(
            "password_policy",
            pp,
            State::Todo,
            Evidence::PasswordPolicy,
            Some(Action::Apply),
        ));
        if let Some(alias) = &team.account.alias {
            out.push(item(
                "alias",
                inv.live.alias.as_ref() == Some(alias),
                State::Todo,
                Evidence::AccountAliases,
                Some(Action::Apply),
            ));
        }
        let groups_ok = team.groups.iter().all(|(name, g)| {
            inv.live.groups.get(name).is_some_and(|have| {
                g.policies.iter().all(|p| {
                    have.attached
                        .contains(&policies::policy_arn(&inv.live.partition, p))
                })
            })
        });
        out.push(item(
            "groups",
            groups_ok,
            State::Todo,
            Evidence::AuthorizationDetails,
            Some(Action::Apply),
        ));
    }
    if let (Some(b), Some(team_billing)) = (&inv.billing, team.and_then(|t| t.billing.as_ref())) {
        use crate::billing::live::AlertsPreference;
        use crate::billing::status::{AlarmWords, SubscriptionState};
        let alerts = match &b.alerts {
            AlertsPreference::Enabled => item(
                "billing_alerts",
                true,
                State::Todo,
                Evidence::BillingPreferences,
                None,
            ),
            AlertsPreference::Disabled { .. } => item(
                "billing_alerts",
                false,
                State::Todo,
                Evidence::BillingPreferences,
                Some(Action::Apply),
            ),
            AlertsPreference::Unknown { .. } => {
                let mut i = item(
                    "billing_alerts",
                    inv.manual.contains_key(ManualStep::BillingAlerts.as_str()),
                    State::Manual,
                    Evidence::ConfirmedByYou,
                    Some(Action::Confirm {
                        step: ManualStep::BillingAlerts,
                    }),
                );
                i.detail = inv.manual.get(ManualStep::BillingAlerts.as_str()).cloned();
                i
            }
        };
        out.push(alerts);
        let alarm = match &b.alarm {
            None => item(
                "alarm",
                false,
                State::Todo,
                Evidence::CloudwatchAlarms,
                Some(Action::Apply),
            ),
            Some(a) if a.words == AlarmWords::OverLimit => item(
                "alarm",
                false,
                State::Attention,
                Evidence::CloudwatchAlarms,
                Some(Action::Console { url: CONSOLE_BILLS }),
            ),
            Some(_) => item("alarm", true, State::Todo, Evidence::CloudwatchAlarms, None),
        };
        out.push(alarm);
        let pending: Vec<&str> = b
            .subscriptions
            .iter()
            .filter(|s| s.state != SubscriptionState::Confirmed)
            .map(|s| s.email.as_str())
            .collect();
        let missing = team_billing
            .notify
            .iter()
            .filter(|e| {
                !b.subscriptions
                    .iter()
                    .any(|s| s.email.eq_ignore_ascii_case(e))
            })
            .count();
        let mut emails = item(
            "emails_confirmed",
            pending.is_empty() && missing == 0,
            State::Todo,
            Evidence::SnsSubscriptions,
            Some(if missing > 0 {
                Action::Apply
            } else {
                Action::Resend
            }),
        );
        emails.detail = (!pending.is_empty()).then(|| pending.join(", "));
        out.push(emails);
        if team_billing.monthly_budget_usd.is_some() {
            out.push(item(
                "budget",
                b.budget.is_some(),
                State::Todo,
                Evidence::Budgets,
                Some(Action::Apply),
            ));
        }
    }
    out
}

/// One member's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct MemberChecklist {
    pub user: String,
    pub name: Option<String>,
    pub items: Vec<Item>,
}

/// Days between two RFC 3339 dates (b − a), if both parse.
fn days_between(a: &str, b: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(a).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_days())
}

fn seconds_between(a: &str, b: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(a).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_seconds())
}

/// The checklists of every declared member.
pub fn members(inv: &Inventory, team: &Team) -> Vec<MemberChecklist> {
    team.members
        .iter()
        .map(|m| {
            let live = inv.live.users.get(&m.user.to_lowercase());
            let row = live.and_then(|u| inv.row(&u.name));
            let mut items = vec![item(
                "user_exists",
                live.is_some(),
                State::Todo,
                Evidence::AuthorizationDetails,
                Some(Action::Apply),
            )];
            let groups_ok = live.is_some_and(|u| m.groups.iter().all(|g| u.groups.contains(g)));
            items.push(item(
                "in_groups",
                groups_ok,
                State::Todo,
                Evidence::AuthorizationDetails,
                Some(Action::Apply),
            ));
            if m.console {
                let secret = inv.secrets.iter().find(|e| {
                    e.kind == Kind::ConsolePassword && e.name.eq_ignore_ascii_case(&m.user)
                });
                let has_console = live.is_some_and(|u| u.console)
                    || row.is_some_and(|r| r.get("password_enabled").is_some_and(|v| v == "true"));
                let signed_in = row
                    .and_then(|r| report::date(r, "password_last_used"))
                    .map(str::to_owned);
                let changed = row.is_some_and(|r| {
                    match (
                        report::date(r, "user_creation_time"),
                        report::date(r, "password_last_changed"),
                    ) {
                        (Some(created), Some(changed)) => {
                            seconds_between(created, changed).is_some_and(|s| s > 120)
                        }
                        _ => false,
                    }
                }) && signed_in.is_some();
                items.push(item(
                    "console_password",
                    has_console && (secret.is_some() || changed),
                    State::Todo,
                    Evidence::CredentialReportKeychain,
                    Some(Action::Apply),
                ));
                let mut handed = item(
                    "handed_off",
                    secret.is_some_and(|e| e.handed_off.is_some()) || changed,
                    State::Todo,
                    Evidence::BaselineRecord,
                    Some(Action::Handoff),
                );
                handed.detail = secret.and_then(|e| {
                    e.handed_off
                        .as_ref()
                        .map(|h| crate::journal::rfc3339(&h.time))
                });
                items.push(handed);
                items.push(item(
                    "password_changed",
                    changed,
                    State::Todo,
                    Evidence::CredentialReport,
                    Some(Action::Handoff),
                ));
                let mut signed = item(
                    "signed_in",
                    signed_in.is_some(),
                    State::Todo,
                    Evidence::CredentialReport,
                    None,
                );
                signed.detail = signed_in;
                items.push(signed);
            }
            let mfa = row.is_some_and(|r| r.get("mfa_active").is_some_and(|v| v == "true"));
            items.push(item(
                "mfa",
                mfa,
                State::Todo,
                Evidence::CredentialReport,
                Some(Action::EnrolMfa),
            ));
            let stale: Vec<String> = row.map(|r| stale_keys(r, &inv.read_at)).unwrap_or_default();
            let mut keys = item(
                "access_keys",
                stale.is_empty(),
                State::Attention,
                Evidence::CredentialReport,
                Some(Action::Console { url: CONSOLE_USERS }),
            );
            keys.detail = (!stale.is_empty()).then(|| stale.join(", "));
            items.push(keys);
            MemberChecklist {
                user: live.map_or(m.user.clone(), |u| u.name.clone()),
                name: m.name.clone(),
                items,
            }
        })
        .collect()
}

/// Active access keys older than 90 days or unused for 45 (key 1 / key 2).
pub fn stale_keys(row: &report::Row, now: &str) -> Vec<String> {
    (1..=2)
        .filter(|n| {
            row.get(&format!("access_key_{n}_active"))
                .is_some_and(|v| v == "true")
        })
        .filter(|n| {
            let rotated = report::date(row, &format!("access_key_{n}_last_rotated"));
            let used = report::date(row, &format!("access_key_{n}_last_used_date")).or(rotated);
            rotated
                .and_then(|r| days_between(r, now))
                .is_some_and(|d| d > 90)
                || used
                    .and_then(|u| days_between(u, now))
                    .is_some_and(|d| d > 45)
        })
        .map(|n| format!("access key {n}"))
        .collect()
}

#[cfg(test)]
mod tests;
