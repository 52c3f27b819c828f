//! The IAM part of the plan: password policy, alias, the require-MFA policy, groups and
//! members, compared with the live account.

use super::draft::Draft;
use super::{seal, Action, Kind, Plan, Risk, Summary};
use crate::iam::live::Live;
use crate::iam::ops::Op;
use crate::team::policies::{self, DENY_DELETE_POLICY, REQUIRE_MFA_POLICY};
use crate::team::{PasswordPolicy, Team};
use std::collections::BTreeSet;

/// The IAM part's draft, with the live account it is compared with.
pub(super) struct Builder<'a> {
    pub(super) live: &'a Live,
    pub(super) draft: Draft,
}

impl std::ops::Deref for Builder<'_> {
    type Target = Draft;
    fn deref(&self) -> &Draft {
        &self.draft
    }
}

impl std::ops::DerefMut for Builder<'_> {
    fn deref_mut(&mut self) -> &mut Draft {
        &mut self.draft
    }
}

/// Compare the team file with the live account.
pub fn diff(team: &Team, live: &Live) -> Plan {
    let mut b = Builder {
        live,
        draft: Draft::new("account"),
    };
    account(team, &mut b);
    let mfa_arn = mfa_policy(team, &mut b);
    groups(team, &mut b, mfa_arn.as_deref());
    super::iam_members::members(team, &mut b);
    let declared: BTreeSet<String> = team.members.iter().map(|m| m.user.to_lowercase()).collect();
    let orphans = live
        .users
        .iter()
        .filter(|(k, u)| u.managed() && !declared.contains(*k))
        .map(|(_, u)| u.name.clone())
        .collect();
    let mut plan = Plan {
        account_id: live.account_id.clone(),
        changes: b.draft.changes,
        unchanged: b.draft.unchanged,
        orphans,
        notes: Vec::new(),
        summary: Summary::default(),
        estimate: None,
    };
    seal(&mut plan);
    plan
}

fn describe_policy(p: &PasswordPolicy) -> String {
    let mut parts = vec![format!("at least {} characters", p.minimum_length)];
    for (on, what) in [
        (p.require_uppercase, "uppercase"),
        (p.require_lowercase, "lowercase"),
        (p.require_numbers, "numbers"),
        (p.require_symbols, "symbols"),
        (p.allow_users_to_change, "users may change it"),
    ] {
        if on {
            parts.push(what.to_owned());
        }
    }
    if let Some(d) = p.max_age_days {
        parts.push(format!("expires after {d} days"));
    }
    if let Some(n) = p.reuse_prevention {
        parts.push(format!("last {n} not reused"));
    }
    parts.join(", ")
}

fn account(team: &Team, b: &mut Builder<'_>) {
    let want = &team.password_policy;
    match &b.live.password_policy {
        Some(have) if have == want => b.keep(Kind::PasswordPolicy, "account"),
        have => {
            let action = if have.is_some() {
                Action::Update
            } else {
                Action::Create
            };
            let before = have.as_ref().map(describe_policy);
            let values = serde_json::json!({ "before": have, "after": want });
            let c = b
                .change(
                    "password_policy",
                    action,
                    Kind::PasswordPolicy,
                    "password policy",
                )
                .title("set the account password policy")
                .op(Op::SetPasswordPolicy(want.clone()));
            c.before = before;
            c.after = Some(describe_policy(want));
            c.values = Some(values);
        }
    }
    if let Some(alias) = &team.account.alias {
        match &b.live.alias {
            Some(have) if have == alias => b.keep(Kind::Alias, alias),
            have => {
                let action = if have.is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                let op = Op::SetAlias {
                    old: have.clone(),
                    new: alias.clone(),
                };
                let before = have.clone();
                let c = b
                    .change("alias", action, Kind::Alias, alias)
                    .title(format!("set the account alias to \"{alias}\""))
                    .op(op);
                c.before = before.clone();
                c.after = Some(alias.clone());
                if before.is_some() {
                    c.risk = Some(Risk::ReplaceAlias);
                }
            }
        }
    }
}

/// The self-manage-MFA policy; returns its ARN when the team requires MFA.
fn mfa_policy(team: &Team, b: &mut Builder<'_>) -> Option<String> {
    if !team.account.require_mfa {
        return None;
    }
    let document = policies::require_mfa_document(&b.live.partition);
    let arn = format!(
        "arn:{}:iam::{}:policy/{REQUIRE_MFA_POLICY}",
        b.live.partition, b.live.account_id
    );
    let id = format!("policy:{REQUIRE_MFA_POLICY}");
    match b.live.policies.get(REQUIRE_MFA_POLICY) {
        None => {
            b.change(id, Action::Create, Kind::ManagedPolicy, REQUIRE_MFA_POLICY)
                .title(format!(
                    "create the policy {REQUIRE_MFA_POLICY} (no access without MFA)"
                ))
                .op(Op::CreatePolicy {
                    name: REQUIRE_MFA_POLICY.into(),
                    document,
                });
        }
        Some(have) if have.document.as_ref() == Some(&document) => {
            b.keep(Kind::ManagedPolicy, REQUIRE_MFA_POLICY)
        }
        Some(have) => {
            // IAM keeps at most 5 versions: drop the oldest non-default one when full.
            let drop_version = (have.old_versions.len() >= 4).then(|| have.old_versions[0].clone());
            let op = Op::UpdatePolicy {
                arn: have.arn.clone(),
                document,
                drop_version,
            };
            b.change(id, Action::Update, Kind::ManagedPolicy, REQUIRE_MFA_POLICY)
                .title(format!(
                    "update the policy {REQUIRE_MFA_POLICY} to Baseline's version"
                ))
                .op(op);
        }
    }
    Some(arn)
}

fn groups(team: &Team, b: &mut Builder<'_>, mfa_arn: Option<&str>) {
    let partition = b.live.partition.clone();
    let mfa_id = format!("policy:{REQUIRE_MFA_POLICY}");
    for (name, group) in &team.groups {
        let group_id = format!("group:{name}");
        let empty = Default::default();
        // IAM group names ignore case: "Backend" in AWS is the file's "backend".
        let live = b.live.group(name).map(|(_, g)| g);
        let have = live.unwrap_or(&empty);
        let before = b.changes.len();
        if live.is_none() {
            b.change(group_id.clone(), Action::Create, Kind::Group, name)
                .owner(name)
                .title(format!("create the group {name}"))
                .op(Op::CreateGroup {
                    group: name.clone(),
                });
        }
        let mut want: BTreeSet<String> = group
            .policies
            .iter()
            .map(|p| policies::policy_arn(&partition, p))
            .collect();
        want.extend(mfa_arn.map(str::to_owned));
        for arn in want.difference(&have.attached) {
            let deps = b.deps(&[group_id.clone(), mfa_id.clone()]);
            let short = arn.rsplit('/').next().unwrap_or(arn);
            let c = b
                .change(
                    format!("{group_id}/policy:{short}"),
                    Action::Create,
                    Kind::GroupPolicy,
                    short,
                )
                .owner(name)
                .title(format!("attach {short} to group {name}"))
                .op(Op::AttachGroupPolicy {
                    group: name.clone(),
                    arn: arn.clone(),
                });
            c.deps = deps;
        }
        for arn in have.attached.difference(&want) {
            let short = arn.rsplit('/').next().unwrap_or(arn);
            let c = b
                .change(
                    format!("{group_id}/policy:{short}"),
                    Action::Delete,
                    Kind::GroupPolicy,
                    short,
                )
                .owner(name)
                .title(format!("detach {short} from group {name}"))
                .op(Op::DetachGroupPolicy {
                    group: name.clone(),
                    arn: arn.clone(),
                });
            c.risk = Some(Risk::DetachPolicy);
        }
        let inline_id = format!("{group_id}/inline:{DENY_DELETE_POLICY}");
        let current = have.inline.get(DENY_DELETE_POLICY);
        if group.deny_delete {
            let document = policies::deny_delete_document(&policies::services_of(&group.policies));
            if current != Some(&document) {
                let action = if current.is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                let deps = b.deps(std::slice::from_ref(&group_id));
                let op = Op::PutGroupPolicy {
                    group: name.clone(),
                    name: DENY_DELETE_POLICY.into(),
                    document,
                };
                let c = b
                    .change(
                        inline_id,
                        action,
                        Kind::GroupInlinePolicy,
                        DENY_DELETE_POLICY,
                    )
                    .owner(name)
                    .title(format!("deny destructive actions to group {name}"))
                    .op(op);
                c.deps = deps;
            }
        } else if current.is_some() {
            let op = Op::DeleteGroupPolicy {
                group: name.clone(),
                name: DENY_DELETE_POLICY.into(),
            };
            let c = b
                .change(
                    inline_id,
                    Action::Delete,
                    Kind::GroupInlinePolicy,
                    DENY_DELETE_POLICY,
                )
                .owner(name)
                .title(format!("stop denying destructive actions to group {name}"))
                .op(op);
            c.risk = Some(Risk::RemoveGuard);
        }
        if b.changes.len() == before {
            b.keep(Kind::Group, name);
        }
    }
}
