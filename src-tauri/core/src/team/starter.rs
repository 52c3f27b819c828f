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
