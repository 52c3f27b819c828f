//! The starter team of the seed: lead, backend, frontend and pm.

use super::policies::SERVICES;
use super::{Account, Group, PasswordPolicy, Team};
use std::collections::BTreeMap;

/// Services the backend group gets FullAccess on by default.
pub const STARTER_SERVICES: &[&str] = &["ec2", "rds", "route53", "s3", "cloudwatch"];

/// The four groups of the seed, the strong password policy and `require_mfa`; no members.
/// `services` picks the backend group's FullAccess services (ids of `policies::SERVICES`).
pub fn starter_team(services: &[&str]) -> Team {
    let backend_policies = SERVICES
        .iter()
        .filter(|(id, _, _)| services.contains(id))
        .map(|(_, policy, _)| policy.to_string())
        .collect();
    let group = |policies: Vec<String>, deny_delete| Group {
        policies,
        deny_delete,
    };
    let groups = BTreeMap::from([
        (
            "lead".to_owned(),
            group(vec!["AdministratorAccess".into()], false),
        ),
        ("backend".to_owned(), group(backend_policies, true)),
        (
            "frontend".to_owned(),
            group(vec!["ReadOnlyAccess".into()], false),
        ),
        // ViewOnlyAccess (job-function) lists and describes resources; ReadOnlyAccess
        // would also read S3 objects and Lambda environment variables, where secrets live.
        ("pm".to_owned(), group(vec!["ViewOnlyAccess".into()], false)),
    ]);
    Team {
        version: 1,
        account: Account::default(),
        password_policy: PasswordPolicy::default(),
        billing: None,
        groups,
        members: Vec::new(),
        infra: None,
    }
}

/// Put the lead's own IAM user — the stored login the first-hour guide made — in the lead
/// group, as the member Baseline adopts. (A profile or the environment may be anyone's: a
/// CI user, an emulator's default; those are not guessed to be the lead.)
pub fn adopt_caller(team: &mut Team, who: &crate::aws::identity::Identity) {
    use crate::aws::identity::Principal;
    if who.principal != Principal::User || who.login.is_none() || !team.groups.contains_key("lead")
    {
        return;
    }
    let user = who.arn.rsplit('/').next().unwrap_or_default().to_owned();
    if user.is_empty()
        || team
            .members
            .iter()
            .any(|m| m.user.eq_ignore_ascii_case(&user))
    {
        return;
    }
    team.members.push(super::Member {
        user,
        name: None,
        email: None,
        groups: vec!["lead".into()],
        console: true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::identity::{Identity, Principal};

    fn who(arn: &str) -> Identity {
        Identity {
            account_id: "123456789012".into(),
            alias: None,
            alias_error: None,
            arn: arn.into(),
            user_id: "AIDA".into(),
            principal: Principal::from_arn(arn),
            sign_in_url: String::new(),
            region: "ap-northeast-2".into(),
            profile: None,
            endpoint: None,
            sandbox: false,
            mfa_session: false,
            login: Some("kim.lead".into()),
        }
    }

    #[test]
    fn the_connected_iam_user_becomes_the_lead_member_once() {
        let mut team = starter_team(STARTER_SERVICES);
        adopt_caller(
            &mut team,
            &who("arn:aws:iam::123456789012:user/admins/kim.lead"),
        );
        adopt_caller(&mut team, &who("arn:aws:iam::123456789012:user/Kim.Lead"));
        assert_eq!(team.members.len(), 1);
        assert_eq!(team.members[0].user, "kim.lead");
        assert_eq!(team.members[0].groups, vec!["lead".to_owned()]);
        // A role session or root is nobody to adopt.
        let mut other = starter_team(STARTER_SERVICES);
        adopt_caller(&mut other, &who("arn:aws:iam::123456789012:root"));
        adopt_caller(
            &mut other,
            &who("arn:aws:sts::123456789012:assumed-role/Admin/kim"),
        );
        assert!(other.members.is_empty());
        // Connected through a profile or the environment: nobody is guessed to be the lead.
        let mut env = who("arn:aws:iam::123456789012:user/moto");
        env.login = None;
        adopt_caller(&mut other, &env);
        assert!(other.members.is_empty());
    }
}
