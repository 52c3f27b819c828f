use super::*;
use crate::iam::live::{Live, LiveGroup, LiveUser};
use crate::team::PasswordPolicy;
use std::collections::{BTreeMap, BTreeSet};

const NOW: &str = "2026-11-29T12:00:00+00:00";

fn row(pairs: &[(&str, &str)]) -> report::Row {
    let mut r: report::Row = [
        ("password_enabled", "true"),
        ("password_last_used", "2026-11-28T10:00:00+00:00"),
        ("password_last_changed", "2026-11-01T10:00:00+00:00"),
        ("user_creation_time", "2026-11-01T09:00:00+00:00"),
        ("mfa_active", "true"),
        ("access_key_1_active", "false"),
        ("access_key_2_active", "false"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in pairs {
        r.insert(k.to_string(), v.to_string());
    }
    r
}

/// An account that passes every check.
fn healthy() -> Inventory {
    let mut live = Live {
        account_id: "123456789012".into(),
        partition: "aws".into(),
        password_policy: Some(PasswordPolicy::default()),
        ..Live::default()
    };
    live.groups.insert(
        "lead".into(),
        LiveGroup {
            attached: BTreeSet::from(["arn:aws:iam::aws:policy/AdministratorAccess".to_owned()]),
            inline: BTreeMap::new(),
        },
    );
    live.groups.insert(
        "pm".into(),
        LiveGroup {
            attached: BTreeSet::from(["arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned()]),
            inline: BTreeMap::new(),
        },
    );
    live.users.insert(
        "kim".into(),
        LiveUser {
            name: "kim".into(),
            ..LiveUser::default()
        },
    );
    live.roles.insert(
        "support".into(),
        BTreeSet::from(["arn:aws:iam::aws:policy/AWSSupportAccess".to_owned()]),
    );
    Inventory {
        live,
        report: vec![row(&[("user", "<root_account>")]), row(&[("user", "kim")])],
        summary: BTreeMap::from([
            ("AccountMFAEnabled".to_owned(), 1),
            ("AccountAccessKeysPresent".to_owned(), 0),
        ]),
        billing: None,
        secrets: vec![],
        manual: BTreeMap::new(),
        read_at: NOW.into(),
    }
}

fn failing(inv: &Inventory) -> Vec<(&'static str, Vec<String>)> {
    run(inv)
        .checks
        .into_iter()
        .filter(|c| c.outcome == Outcome::Fail)
        .map(|c| (c.cis, c.affected.iter().map(ToString::to_string).collect()))
        .collect()
}

#[test]
fn a_healthy_account_scores_100() {
    let a = run(&healthy());
    assert_eq!((a.failed, a.score), (0, 100), "{:#?}", a.checks);
    assert_eq!(a.checks.len(), 13);
    assert_eq!(a.checks.last().unwrap().outcome, Outcome::Manual);
}

#[test]
fn root_checks_fail_on_missing_mfa_and_root_keys() {
    let mut inv = healthy();
    inv.summary.insert("AccountMFAEnabled".into(), 0);
    inv.report[0].insert("access_key_1_active".into(), "true".into());
    assert_eq!(
        failing(&inv),
        vec![
            ("1.4", vec!["<root>".to_owned()]),
            ("1.5", vec!["<root>".to_owned()])
        ]
    );
}

#[test]
fn a_weak_password_policy_fails_length_and_reuse() {
    let mut inv = healthy();
    inv.live.password_policy = Some(PasswordPolicy {
        minimum_length: 8,
        reuse_prevention: None,
        ..PasswordPolicy::default()
    });
    let cis: Vec<_> = failing(&inv).into_iter().map(|(c, _)| c).collect();
    assert_eq!(cis, vec!["1.8", "1.9"]);
}

#[test]
fn user_checks_name_the_users_that_fail() {
    let mut inv = healthy();
    inv.report
        .push(row(&[("user", "nomfa"), ("mfa_active", "false")]));
    inv.report.push(row(&[
        ("user", "idle"),
        ("password_last_used", "2026-09-01T00:00:00+00:00"),
    ]));
    inv.report.push(row(&[
        ("user", "twokeys"),
        ("access_key_1_active", "true"),
        ("access_key_1_last_rotated", "2026-05-01T00:00:00+00:00"),
        ("access_key_1_last_used_date", "2026-11-28T00:00:00+00:00"),
        ("access_key_2_active", "true"),
        ("access_key_2_last_rotated", "2026-11-20T00:00:00+00:00"),
        ("access_key_2_last_used_date", "2026-11-28T00:00:00+00:00"),
    ]));
    inv.report.push(row(&[
        ("user", "setupkey"),
        ("user_creation_time", "2026-11-20T00:00:00+00:00"),
        ("access_key_1_active", "true"),
        ("access_key_1_last_rotated", "2026-11-20T00:00:30+00:00"),
        ("access_key_1_last_used_date", "N/A"),
    ]));
    let f: BTreeMap<_, _> = failing(&inv).into_iter().collect();
    assert_eq!(f["1.10"], vec!["nomfa".to_owned()]);
    assert_eq!(f["1.11"], vec!["setupkey".to_owned()]);
    assert_eq!(f["1.12"], vec!["idle".to_owned()]);
    assert_eq!(f["1.13"], vec!["twokeys".to_owned()]);
    assert_eq!(f["1.14"], vec!["twokeys".to_owned()]);
}

#[test]
fn direct_policies_admin_outside_lead_and_no_support_role_fail() {
    let mut inv = healthy();
    inv.live
        .users
        .get_mut("kim")
        .unwrap()
        .inline
        .insert("mine".into());
    inv.live
        .groups
        .get_mut("pm")
        .unwrap()
        .attached
        .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    inv.live.roles.clear();
    let f: BTreeMap<_, _> = failing(&inv).into_iter().collect();
    assert_eq!(f["1.15"], vec!["kim".to_owned()]);
    assert_eq!(f["1.16"], vec!["group pm".to_owned()]);
    assert!(f.contains_key("1.17"));
    assert_eq!(run(&inv).score, 75, "9 of 12 answerable checks pass");
}

#[test]
fn star_star_documents_are_full_admin() {
    let doc =
        serde_json::json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["*"]}]});
    assert!(allows_everything(&doc));
    let scoped =
        serde_json::json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}});
    assert!(!allows_everything(&scoped));
}

#[test]
fn a_confirmed_manual_check_counts_as_passed() {
    let mut inv = healthy();
    let before = run(&inv);
    inv.manual
        .insert("access_analyzer".into(), "2026-11-30T10:00:00Z".into());
    let after = run(&inv);
    let last = after.checks.last().unwrap();
    assert_eq!(last.outcome, Outcome::Pass);
    assert_eq!(last.confirmed.as_deref(), Some("2026-11-30T10:00:00Z"));
    assert_eq!(after.passed, before.passed + 1);
}
