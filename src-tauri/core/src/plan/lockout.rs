//! Never lock out the identity Baseline runs as.
//!
//! `BaselineRequireMFA` denies everything but password and MFA self-service to a group's
//! members while their request carries no MFA. If the connected IAM user is (or will be) in
//! such a group and its credentials are long-term keys (or a session not known to carry
//! MFA), the apply would lose every IAM call halfway, and only root could repair it.

use crate::aws::identity::Principal;
use crate::iam::live::Live;
use crate::team::policies::REQUIRE_MFA_POLICY;
use crate::team::Team;
use crate::{Error, Result};
use std::collections::BTreeSet;

/// Refuse (`would_lock_out_caller`) when applying `team` would lock out the caller.
pub fn check(team: &Team, live: &Live, mfa_session: bool) -> Result<()> {
    if mfa_session || Principal::from_arn(&live.caller_arn) != Principal::User {
        return Ok(());
    }
    let user = live.caller_arn.rsplit('/').next().unwrap_or_default();
    let groups = locking_groups(team, live, user);
    if groups.is_empty() {
        Ok(())
    } else {
        Err(Error::WouldLockOutCaller {
            user: user.to_owned(),
            groups: groups.into_iter().collect(),
        })
    }
}

/// Refuse (`would_cut_off_caller`) a plan that takes the caller's own IAM access away
/// halfway: removing them from a group, detaching administrator rights from a group they
/// are in, or a deny-delete guard that reaches IAM on such a group (the lead could then not
/// remove the guard again).
pub fn check_plan(plan: &super::Plan, live: &Live) -> Result<()> {
    use crate::iam::ops::Op;
    if Principal::from_arn(&live.caller_arn) != Principal::User {
        return Ok(());
    }
    let user = live.caller_arn.rsplit('/').next().unwrap_or_default();
    let mine: BTreeSet<String> = live
        .users
        .get(&user.to_lowercase())
        .map(|u| u.groups.iter().map(|g| g.to_lowercase()).collect())
        .unwrap_or_default();
    let in_mine = |g: &str| mine.contains(&g.to_lowercase());
    let admin =
        |arn: &str| arn.ends_with("/AdministratorAccess") || arn.ends_with("/IAMFullAccess");
    let reaches_iam = |doc: &serde_json::Value| {
        doc["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["Effect"] == "Deny")
            .flat_map(|s| s["Action"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| a.as_str().map(str::to_owned))
            .any(|a| a.starts_with("*:") || a.starts_with("iam:"))
    };
    let mut changes = Vec::new();
    for c in &plan.changes {
        let crate::plan::ChangeOp::Iam(op) = &c.op else {
            continue;
        };
        let cuts = match op {
            Op::RemoveUserFromGroup { user: u, .. } => u.eq_ignore_ascii_case(user),
            Op::DetachGroupPolicy { group, arn } => in_mine(group) && admin(arn),
            Op::PutGroupPolicy {
                group, document, ..
            } => in_mine(group) && reaches_iam(document),
            _ => false,
        };
        if cuts {
            changes.push(c.id.clone());
        }
    }
    if changes.is_empty() {
        Ok(())
    } else {
        Err(Error::WouldCutOffCaller {
            user: user.to_owned(),
            changes,
        })
    }
}

/// The groups that deny the caller without MFA once the team is applied.
fn locking_groups(team: &Team, live: &Live, user: &str) -> BTreeSet<String> {
    let declared = |g: &str| team.groups.keys().any(|d| d.eq_ignore_ascii_case(g));
    let has_policy = |g: &str| {
        live.group(g).is_some_and(|(_, lg)| {
            lg.attached
                .iter()
                .any(|arn| arn.ends_with(&format!("/{REQUIRE_MFA_POLICY}")))
        })
    };
    let gets_policy = |g: &str| (team.account.require_mfa && declared(g)) || has_policy(g);
    let mut out = BTreeSet::new();
    // Groups the caller is in now (the file leaves undeclared memberships alone).
    if let Some(u) = live.users.get(&user.to_lowercase()) {
        out.extend(u.groups.iter().filter(|g| gets_policy(g)).cloned());
    }
    // Groups the file puts the caller in.
    if let Some(m) = team
        .members
        .iter()
        .find(|m| m.user.eq_ignore_ascii_case(user))
    {
        out.extend(m.groups.iter().filter(|g| gets_policy(g)).cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::live::{LiveGroup, LiveUser};
    use crate::team::{starter_team, Member, STARTER_SERVICES};

    fn live_as(arn: &str) -> Live {
        Live {
            account_id: "123456789012".into(),
            partition: "aws".into(),
            caller_arn: arn.into(),
            ..Live::default()
        }
    }

    fn team_with(user: &str, groups: &[&str]) -> Team {
        let mut team = starter_team(STARTER_SERVICES);
        team.members.push(Member {
            user: user.into(),
            name: None,
            email: None,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            console: true,
        });
        team
    }

    const LEAD: &str = "arn:aws:iam::123456789012:user/lead";

    #[test]
    fn a_user_the_file_puts_in_a_group_is_refused_without_mfa() {
        let err = check(&team_with("Lead", &["lead"]), &live_as(LEAD), false).unwrap_err();
        assert_eq!(err.code(), "would_lock_out_caller");
        assert_eq!(err.params()["user"], "lead");
        assert_eq!(err.params()["groups"], "lead");
        assert_eq!(err.exit_status(), 1);
        // The same user with an MFA session may go ahead.
        assert!(check(&team_with("lead", &["lead"]), &live_as(LEAD), true).is_ok());
    }

    #[test]
    fn a_user_already_in_a_declared_group_is_refused() {
        let mut live = live_as(LEAD);
        live.users.insert(
            "lead".into(),
            LiveUser {
                name: "lead".into(),
                groups: ["Backend".to_owned()].into(),
                ..LiveUser::default()
            },
        );
        let err = check(&team_with("kim", &["backend"]), &live, false).unwrap_err();
        assert_eq!(err.params()["groups"], "Backend");
    }

    #[test]
    fn an_undeclared_group_that_already_requires_mfa_counts_too() {
        let mut team = team_with("kim", &["backend"]);
        team.account.require_mfa = false;
        let mut live = live_as(LEAD);
        live.users.insert(
            "lead".into(),
            LiveUser {
                name: "lead".into(),
                groups: ["ops".to_owned(), "misc".to_owned()].into(),
                ..LiveUser::default()
            },
        );
        live.groups.insert(
            "ops".into(),
            LiveGroup {
                attached: [format!(
                    "arn:aws:iam::123456789012:policy/{REQUIRE_MFA_POLICY}"
                )]
                .into(),
                ..LiveGroup::default()
            },
        );
        live.groups.insert("misc".into(), LiveGroup::default());
        let err = check(&team, &live, false).unwrap_err();
        assert_eq!(err.params()["groups"], "ops");
    }

    #[test]
    fn a_plan_that_takes_the_callers_own_access_away_is_refused() {
        let mut team = team_with("lead", &["lead"]);
        team.account.require_mfa = false;
        team.groups.get_mut("lead").unwrap().policies = vec!["ReadOnlyAccess".into()];
        team.groups.get_mut("lead").unwrap().deny_delete = true;
        let mut live = live_as(LEAD);
        live.users.insert(
            "lead".into(),
            LiveUser {
                name: "lead".into(),
                groups: ["lead".to_owned(), "ops".to_owned()].into(),
                ..LiveUser::default()
            },
        );
        live.groups.insert(
            "lead".into(),
            LiveGroup {
                attached: ["arn:aws:iam::aws:policy/AdministratorAccess".to_owned()].into(),
                ..LiveGroup::default()
            },
        );
        let plan = crate::plan::diff(&team, &live);
        let err = check_plan(&plan, &live).unwrap_err();
        assert_eq!(err.code(), "would_cut_off_caller");
        let ids = err.params()["changes"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            ids.contains("group:lead/policy:AdministratorAccess"),
            "{ids}"
        );
        assert!(
            ids.contains("group:lead/inline:baseline-deny-delete"),
            "{ids}"
        );
        // Someone else's membership and groups are none of this check's business.
        live.caller_arn = "arn:aws:iam::123456789012:user/other".into();
        assert!(check_plan(&plan, &live).is_ok());
    }

    #[test]
    fn roles_root_and_users_outside_the_groups_go_ahead() {
        let team = team_with("lead", &["lead"]);
        for arn in [
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_x/lead",
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:user/someone-else",
        ] {
            assert!(check(&team, &live_as(arn), false).is_ok(), "{arn}");
        }
        let mut no_mfa = team_with("lead", &["lead"]);
        no_mfa.account.require_mfa = false;
        assert!(check(&no_mfa, &live_as(LEAD), false).is_ok());
    }
}
