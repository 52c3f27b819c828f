//! The JSON the UI receives, pinned byte for byte: the plan vocabulary (kinds, risks,
//! note codes) may change type but never spelling. Regenerate the file only for a
//! deliberate change of the UI contract.

use super::*;
use crate::billing::live::{self as billing_live, AlertsPreference, Budget, Notification};
use crate::team::Billing;

/// A plan touching every IAM kind and risk: one from nothing, one that undoes drift.
pub(super) fn iam_plans() -> Vec<Plan> {
    let mut t = team();
    let from_nothing = diff(&t, &empty_live());
    let mut live = converged(&t);
    live.alias = Some("old-alias".into());
    live.groups
        .get_mut("pm")
        .unwrap()
        .attached
        .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    t.groups.get_mut("backend").unwrap().deny_delete = false;
    t.members[0].console = false;
    t.members[0].name = Some("김백엔드".into());
    vec![from_nothing, diff(&t, &live)]
}

/// Billing diffs touching every billing kind and note code.
pub(super) fn billing_diffs() -> Vec<serde_json::Value> {
    let many: Vec<String> = (0..11).map(|i| format!("m{i}@example.com")).collect();
    let want = Billing {
        alarm_threshold_usd: 5.0,
        notify: many,
        monthly_budget_usd: Some(20.0),
        budget_alert_percents: vec![80],
    };
    let sub = |email: &str, confirmed: bool| billing_live::Subscription {
        email: email.into(),
        arn: if confirmed {
            "arn:1"
        } else {
            "PendingConfirmation"
        }
        .into(),
        confirmed,
    };
    let lives = [
        billing_live::Live {
            alerts: AlertsPreference::Disabled {
                keys: vec!["k".into()],
            },
            topic_arn: None,
            subscriptions: vec![],
            alarm: None,
            budget: None,
        },
        billing_live::Live {
            alerts: AlertsPreference::Unknown {
                reason: "AccessDenied".into(),
            },
            topic_arn: Some("arn:topic".into()),
            subscriptions: vec![sub("old@example.com", true), sub("new@example.com", false)],
            alarm: Some(billing_live::Alarm {
                threshold: 1.0,
                actions: vec!["arn:topic".into()],
                state: "OK".into(),
                state_updated: None,
                matches_metric: true,
            }),
            budget: Some(Budget {
                limit_usd: 10.0,
                notifications: vec![Notification {
                    kind: "ACTUAL".into(),
                    percent: 80.0,
                    emails: Some(["x@example.com".to_owned()].into()),
                }],
                subscribers_unreadable: Some("AccessDenied".into()),
            }),
        },
    ];
    lives
        .iter()
        .map(|live| {
            let d = crate::plan::billing::diff(&want, live, "arn:topic");
            serde_json::json!({ "changes": d.changes, "unchanged": d.unchanged, "notes": d.notes })
        })
        .collect()
}

#[test]
fn the_plan_json_the_ui_reads_is_unchanged() {
    let got = serde_json::to_string_pretty(&serde_json::json!({
        "iam": iam_plans(),
        "billing": billing_diffs(),
    }))
    .unwrap();
    let want = include_str!("golden_plan.json");
    if got.trim_end() != want.trim_end() {
        // Written beside the test for a diff; the assertion still fails.
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/plan/tests/golden_plan.json.new"
            ),
            &got,
        )
        .ok();
    }
    assert!(
        got.trim_end() == want.trim_end(),
        "the plan JSON changed: see golden_plan.json.new"
    );
}
