use super::*;
use crate::iam::live::Live;
use crate::iam::live::{LiveGroup, LivePolicy, LiveUser};
use crate::iam::tags;
use crate::team::policies::{self, DENY_DELETE_POLICY, REQUIRE_MFA_POLICY};
use crate::team::{starter_team, Member, STARTER_SERVICES};
use std::collections::BTreeMap;

fn team() -> Team {
    let mut t = starter_team(STARTER_SERVICES);
    t.account.alias = Some("hustle-dev".into());
    t.members.push(Member {
        user: "kim".into(),
        name: Some("김".into()),
        email: None,
        groups: vec!["backend".into()],
        console: true,
    });
    t
}

fn empty_live() -> Live {
    Live {
        account_id: "123456789012".into(),
        partition: "aws".into(),
        ..Live::default()
    }
}

/// The live state an apply of `team` produces.
fn converged(team: &Team) -> Live {
    let mut live = empty_live();
    live.alias = team.account.alias.clone();
    live.password_policy = Some(team.password_policy.clone());
    live.policies.insert(
        REQUIRE_MFA_POLICY.into(),
        LivePolicy {
            arn: format!("arn:aws:iam::123456789012:policy/{REQUIRE_MFA_POLICY}"),
            document: Some(policies::require_mfa_document("aws")),
            old_versions: vec![],
        },
    );
    for (name, g) in &team.groups {
        let mut group = LiveGroup {
            attached: g
                .policies
                .iter()
                .map(|p| policies::policy_arn("aws", p))
                .collect(),
            ..LiveGroup::default()
        };
        group.attached.insert(format!(
            "arn:aws:iam::123456789012:policy/{REQUIRE_MFA_POLICY}"
        ));
        if g.deny_delete {
            group.inline.insert(
                DENY_DELETE_POLICY.into(),
                policies::deny_delete_document(&policies::services_of(&g.policies)),
            );
        }
        live.groups.insert(name.clone(), group);
    }
    for m in &team.members {
        let mut tags = BTreeMap::from([
            (tags::MANAGED.to_owned(), "true".to_owned()),
            (
                tags::CONSOLE.to_owned(),
                if m.console { "yes" } else { "no" }.to_owned(),
            ),
        ]);
        if let Some(n) = &m.name {
            tags.insert(tags::NAME.into(), n.clone());
        }
        live.users.insert(
            m.user.to_lowercase(),
            LiveUser {
                name: m.user.clone(),
                groups: m.groups.iter().cloned().collect(),
                tags,
                console: m.console,
                ..LiveUser::default()
            },
        );
    }
    live
}

#[test]
fn an_empty_account_gets_everything_in_dependency_order() {
    let plan = diff(&team(), &empty_live());
    assert_eq!(
        plan.summary.update + plan.summary.delete + plan.summary.risky,
        0
    );
    // policy, alias, MFA policy, 4 groups, 12 attachments, 1 inline, user, membership, console
    assert_eq!(plan.summary.create, 23);
    let console = plan
        .changes
        .iter()
        .find(|c| c.id == "user:kim/console")
        .unwrap();
    assert_eq!(
        console.deps,
        vec!["user:kim".to_owned(), "password_policy".to_owned()]
    );
    let policy = &plan.changes[0];
    assert_eq!(
        policy.values.as_ref().unwrap()["after"]["minimum_length"],
        14
    );
    assert!(policy.values.as_ref().unwrap()["before"].is_null());
    let attach = plan
        .changes
        .iter()
        .find(|c| c.id == "group:lead/policy:BaselineRequireMFA")
        .unwrap();
    assert_eq!(
        attach.deps,
        vec![
            "group:lead".to_owned(),
            "policy:BaselineRequireMFA".to_owned()
        ]
    );
}

#[test]
fn a_converged_account_plans_nothing() {
    let t = team();
    let plan = diff(&t, &converged(&t));
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
    assert_eq!(plan.summary.unchanged, 8); // policy, alias, MFA policy, 4 groups, 1 user
}

#[test]
fn replacing_the_alias_and_detaching_are_risky() {
    let t = team();
    let mut live = converged(&t);
    live.alias = Some("old-alias".into());
    live.groups
        .get_mut("pm")
        .unwrap()
        .attached
        .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    let plan = diff(&t, &live);
    let risks: Vec<_> = plan
        .changes
        .iter()
        .map(|c| (c.id.as_str(), c.risk))
        .collect();
    assert_eq!(
        risks,
        vec![
            ("alias", Some(Risk::ReplaceAlias)),
            (
                "group:pm/policy:AdministratorAccess",
                Some(Risk::DetachPolicy)
            ),
        ]
    );
    assert_eq!(plan.summary.risky, 2);
    assert_eq!(plan.changes[0].before.as_deref(), Some("old-alias"));
}

#[test]
fn users_match_ignoring_case_and_orphans_are_reported_not_removed() {
    let t = team();
    let mut live = converged(&t);
    let kim = live.users.remove("kim").unwrap();
    live.users.insert(
        "kim".into(),
        LiveUser {
            name: "Kim".into(),
            ..kim
        },
    );
    let mut gone = live.users["kim"].clone();
    gone.name = "former".into();
    live.users.insert("former".into(), gone);
    let plan = diff(&t, &live);
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
    assert_eq!(plan.orphans, vec!["former".to_owned()]);
}

#[test]
fn an_unrecorded_console_password_is_recorded_and_console_false_removes_it() {
    let mut t = team();
    let mut live = converged(&t);
    live.users
        .get_mut("kim")
        .unwrap()
        .tags
        .remove(tags::CONSOLE);
    let plan = diff(&t, &live);
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].kind, Kind::UserTags);
    t.members[0].console = false;
    let plan = diff(&t, &converged(&team()));
    let c = plan
        .changes
        .iter()
        .find(|c| c.kind == Kind::ConsolePassword)
        .unwrap();
    assert_eq!(
        (c.action, c.risk),
        (Action::Delete, Some(Risk::RemoveConsole))
    );
}

#[test]
fn a_confirmation_covers_exactly_the_risky_changes_shown() {
    let t = team();
    let mut live = converged(&t);
    live.alias = Some("old-alias".into());
    let shown = diff(&t, &live);
    let confirmed: Vec<String> = shown
        .changes
        .iter()
        .filter(|c| c.risk.is_some())
        .map(|c| c.fingerprint.clone())
        .collect();
    assert_eq!(confirmed.len(), 1);
    assert!(unconfirmed(&shown, &[]).len() == 1);
    assert!(unconfirmed(&shown, &confirmed).is_empty());
    // Meanwhile someone set yet another alias, and a detach appeared: same ids or new
    // ones, but not what the lead saw.
    live.alias = Some("another-alias".into());
    live.groups
        .get_mut("pm")
        .unwrap()
        .attached
        .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    let now = diff(&t, &live);
    let ids: Vec<&str> = unconfirmed(&now, &confirmed)
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, vec!["alias", "group:pm/policy:AdministratorAccess"]);
}

#[test]
fn live_groups_match_ignoring_case() {
    let t = team();
    let mut live = converged(&t);
    let backend = live.groups.remove("backend").unwrap();
    live.groups.insert("Backend".into(), backend);
    let kim = live.users.get_mut("kim").unwrap();
    kim.groups = ["Backend".to_owned()].into();
    let plan = diff(&t, &live);
    assert!(plan.changes.is_empty(), "{:#?}", plan.changes);
}

#[test]
fn tag_values_lose_tabs_and_newlines() {
    let mut t = team();
    t.members[0].name = Some("김\t백엔드\nKim".into());
    let plan = diff(&t, &empty_live());
    let create = plan.changes.iter().find(|c| c.id == "user:kim").unwrap();
    let ChangeOp::Iam(Op::CreateUser { tags, .. }) = &create.op else {
        panic!("not a create")
    };
    let name = tags.iter().find(|(k, _)| k == tags::NAME).unwrap();
    assert_eq!(name.1, "김 백엔드 Kim");
}

#[test]
fn a_confirmed_manual_step_is_not_asked_for_again() {
    let mut plan = diff(&team(), &empty_live());
    plan.notes = vec![
        Note::new(NoteCode::AlertsManual).with("reason", "AccessDenied"),
        Note::new(NoteCode::PendingUnsubscribe).with("email", "a@b.co"),
    ];
    drop_confirmed_notes(&mut plan, &BTreeMap::new());
    assert_eq!(plan.notes.len(), 2);
    let confirmed = BTreeMap::from([(
        "billing_alerts".to_owned(),
        "2026-12-01T00:00:00Z".to_owned(),
    )]);
    drop_confirmed_notes(&mut plan, &confirmed);
    let codes: Vec<_> = plan.notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, vec![NoteCode::PendingUnsubscribe]);
}

#[test]
fn a_confirmation_for_one_account_never_covers_another() {
    let t = team();
    let mut live = converged(&t);
    live.alias = Some("old-alias".into());
    let a = diff(&t, &live);
    live.account_id = "210987654321".into();
    let b = diff(&t, &live);
    let confirmed: Vec<String> = a.changes.iter().map(|c| c.fingerprint.clone()).collect();
    assert!(b.summary.risky > 0);
    assert_eq!(unconfirmed(&b, &confirmed).len(), b.summary.risky);
    let alias = |p: &Plan| {
        p.changes
            .iter()
            .find(|c| c.id == "alias")
            .unwrap()
            .fingerprint
            .clone()
    };
    assert_ne!(alias(&a), alias(&b));
}

mod golden;
mod i18n;
