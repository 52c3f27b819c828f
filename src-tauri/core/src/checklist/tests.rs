use super::*;
use crate::billing::live::AlertsPreference;
use crate::billing::status::{
    AlarmStatus, AlarmWords, Status, SubscriptionState, SubscriptionStatus,
};
use crate::iam::live::{Live, LiveGroup, LiveUser};
use crate::team::{starter_team, Billing, Member, STARTER_SERVICES};
use crate::vault::index;
use std::collections::{BTreeMap, BTreeSet};

fn team() -> Team {
    let mut t = starter_team(STARTER_SERVICES);
    t.account.alias = Some("hustle-dev".into());
    t.billing = Some(Billing {
        alarm_threshold_usd: 1.0,
        notify: vec!["lead@example.com".into()],
        monthly_budget_usd: None,
        budget_alert_percents: vec![],
    });
    t.members.push(Member {
        user: "kim".into(),
        name: None,
        email: None,
        groups: vec!["backend".into()],
        console: true,
    });
    t
}

fn row(pairs: &[(&str, &str)]) -> report::Row {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// An account where everything on both checklists is done.
fn done(t: &Team) -> Inventory {
    let mut live = Live {
        account_id: "1".into(),
        partition: "aws".into(),
        alias: t.account.alias.clone(),
        password_policy: Some(t.password_policy.clone()),
        ..Live::default()
    };
    for (name, g) in &t.groups {
        live.groups.insert(
            name.clone(),
            LiveGroup {
                attached: g
                    .policies
                    .iter()
                    .map(|p| policies::policy_arn("aws", p))
                    .collect(),
                inline: BTreeMap::new(),
            },
        );
    }
    live.users.insert(
        "kim".into(),
        LiveUser {
            name: "kim".into(),
            groups: BTreeSet::from(["backend".to_owned()]),
            console: true,
            ..LiveUser::default()
        },
    );
    Inventory {
        live,
        report: vec![row(&[
            ("user", "kim"),
            ("user_creation_time", "2026-11-01T09:00:00+00:00"),
            ("password_enabled", "true"),
            ("password_last_used", "2026-11-02T09:00:00+00:00"),
            ("password_last_changed", "2026-11-02T08:59:00+00:00"),
            ("mfa_active", "true"),
            ("access_key_1_active", "false"),
            ("access_key_2_active", "false"),
        ])],
        summary: BTreeMap::from([
            ("AccountMFAEnabled".to_owned(), 1),
            ("AccountAccessKeysPresent".to_owned(), 0),
        ]),
        billing: Some(Status {
            alerts: AlertsPreference::Enabled,
            topic_arn: Some("arn".into()),
            subscriptions: vec![SubscriptionStatus {
                email: "lead@example.com".into(),
                state: SubscriptionState::Confirmed,
            }],
            alarm: Some(AlarmStatus {
                threshold: 1.0,
                state: "OK".into(),
                words: AlarmWords::Ok,
                updated: None,
            }),
            budget: None,
            chart: vec![],
        }),
        secrets: vec![index::Entry {
            key: "1/console-password/kim".into(),
            account_id: "1".into(),
            kind: Kind::ConsolePassword,
            name: "kim".into(),
            created: "2026-11-01T09:00:00Z".parse().unwrap(),
            note: None,
            handed_off: Some(index::Handoff {
                time: "2026-11-01T10:00:00Z".parse().unwrap(),
                method: index::HandoffMethod::Sheet,
            }),
        }],
        manual: BTreeMap::from([
            ("mailbox".to_owned(), "t".to_owned()),
            ("account".to_owned(), "t".to_owned()),
        ]),
        read_at: "2026-11-29T12:00:00+00:00".into(),
    }
}

fn states(items: &[Item]) -> BTreeMap<&'static str, State> {
    items.iter().map(|i| (i.id, i.state)).collect()
}

#[test]
fn everything_done_reads_done_with_its_evidence() {
    let t = team();
    let inv = done(&t);
    let account = account(&inv, Some(&t));
    assert!(
        account.iter().all(|i| i.state == State::Done),
        "{account:#?}"
    );
    assert_eq!(
        account
            .iter()
            .find(|i| i.id == "root_mfa")
            .unwrap()
            .evidence,
        Evidence::AccountSummary
    );
    let members = members(&inv, &t);
    assert!(
        members[0].items.iter().all(|i| i.state == State::Done),
        "{:#?}",
        members[0].items
    );
    let signed = members[0]
        .items
        .iter()
        .find(|i| i.id == "signed_in")
        .unwrap();
    assert_eq!(
        (signed.evidence, signed.detail.as_deref()),
        (
            Evidence::CredentialReport,
            Some("2026-11-02T09:00:00+00:00")
        )
    );
}

#[test]
fn each_account_item_turns_with_its_fact() {
    let t = team();
    let mut inv = done(&t);
    inv.summary.insert("AccountMFAEnabled".into(), 0);
    inv.summary.insert("AccountAccessKeysPresent".into(), 1);
    inv.live.alias = None;
    inv.manual.clear();
    let b = inv.billing.as_mut().unwrap();
    b.alarm.as_mut().unwrap().words = AlarmWords::OverLimit;
    b.subscriptions[0].state = SubscriptionState::Pending;
    let s = states(&account(&inv, Some(&t)));
    assert_eq!(s["root_mfa"], State::Attention);
    assert_eq!(s["no_root_keys"], State::Attention);
    assert_eq!(s["alias"], State::Todo);
    assert_eq!(s["mailbox_created"], State::Manual);
    assert_eq!(s["alarm"], State::Attention);
    assert_eq!(s["emails_confirmed"], State::Todo);
    assert_eq!(s["password_policy"], State::Done);
}

#[test]
fn each_member_item_turns_with_its_fact() {
    let t = team();
    let mut inv = done(&t);
    let r = &mut inv.report[0];
    r.insert("mfa_active".into(), "false".into());
    r.insert("password_last_used".into(), "no_information".into());
    r.insert("access_key_1_active".into(), "true".into());
    r.insert(
        "access_key_1_last_rotated".into(),
        "2026-01-01T00:00:00+00:00".into(),
    );
    inv.secrets[0].handed_off = None;
    inv.live.users.get_mut("kim").unwrap().groups.clear();
    let s = states(&members(&inv, &t)[0].items);
    assert_eq!(s["in_groups"], State::Todo);
    assert_eq!(s["mfa"], State::Todo);
    assert_eq!(s["signed_in"], State::Todo);
    assert_eq!(
        s["password_changed"],
        State::Todo,
        "not signed in: not changed"
    );
    assert_eq!(s["handed_off"], State::Todo);
    assert_eq!(s["access_keys"], State::Attention);
    assert_eq!(s["console_password"], State::Done, "stored in the keychain");
    inv.live.users.clear();
    assert_eq!(
        states(&members(&inv, &t)[0].items)["user_exists"],
        State::Todo
    );
}

/// Every action a checklist can send has its branch in the screen that shows that
/// checklist (a kind the screen does not know would show a row with no way to fix it).
#[test]
fn every_action_is_handled_by_the_screen_that_shows_it() {
    // The actions each checklist emits (account, members, Part 2's stack).
    let shown_by = [
        (
            "account.js",
            &["apply", "resend", "confirm", "guide", "console"][..],
        ),
        (
            "members-page.js",
            &["apply", "handoff", "enrol_mfa", "console"][..],
        ),
        (
            "infra-live.js",
            &["apply", "confirm", "guide", "handoff"][..],
        ),
    ];
    let dir = format!("{}/../../ui/screens", env!("CARGO_MANIFEST_DIR"));
    for (screen, kinds) in shown_by {
        let text = std::fs::read_to_string(format!("{dir}/{screen}")).unwrap();
        for kind in kinds {
            assert!(
                text.contains(&format!("kind === '{kind}'")),
                "{screen} does not handle the action {kind}"
            );
        }
    }
    for action in Action::ALL {
        let json = serde_json::to_value(action).unwrap();
        let kind = json["kind"].as_str().unwrap();
        assert!(
            shown_by.iter().any(|(_, kinds)| kinds.contains(&kind)),
            "say which screen shows {json}"
        );
        assert!(
            action.to_string().starts_with(kind),
            "{action} names its kind"
        );
    }
    assert_eq!(
        serde_json::to_value(Action::Confirm {
            step: ManualStep::Registrar
        })
        .unwrap(),
        serde_json::json!({"kind": "confirm", "step": "registrar"})
    );
}
