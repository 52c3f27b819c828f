//! The plan: every change apply would make, what it leaves alone, and what is risky.

use crate::iam::live::Live;
use crate::iam::ops::Op;
use crate::iam::tags;
use crate::team::policies::{self, DENY_DELETE_POLICY, REQUIRE_MFA_POLICY};
use crate::team::{PasswordPolicy, Team};
use crate::{billing, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a change does to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
}

/// One change. `kind` and `target` let the UI group and translate it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Stable id, also the id of its progress step, e.g. `user:kim/group:backend`.
    pub id: String,
    pub action: Action,
    /// `password_policy`, `alias`, `managed_policy`, `group`, `group_policy`,
    /// `group_inline_policy`, `user`, `user_tags`, `membership`, `console_password`.
    pub kind: &'static str,
    /// The group or user it belongs to (or `account`).
    pub owner: String,
    /// What changes: a policy, a group, a field.
    pub target: String,
    /// One line in English, for the command line.
    pub title: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Why this needs an explicit confirmation (`replace_alias`, `detach_policy`, …).
    pub risk: Option<&'static str>,
    /// Structured before/after for the UI to word in the user's language
    /// (password_policy: `{ before: PasswordPolicy|null, after: PasswordPolicy }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<serde_json::Value>,
    #[serde(skip)]
    pub op: ChangeOp,
    /// Ids of changes that must succeed first.
    #[serde(skip)]
    pub deps: Vec<String>,
}

/// What apply runs for a change.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeOp {
    Iam(Op),
    Billing(billing::ops::Op),
}

impl From<Op> for ChangeOp {
    fn from(op: Op) -> Self {
        ChangeOp::Iam(op)
    }
}

impl From<billing::ops::Op> for ChangeOp {
    fn from(op: billing::ops::Op) -> Self {
        ChangeOp::Billing(op)
    }
}

impl Change {
    /// A change with no before/after, risk or dependencies yet.
    pub fn new(
        id: String,
        action: Action,
        kind: &'static str,
        owner: &str,
        target: &str,
        title: String,
        op: ChangeOp,
    ) -> Change {
        Change {
            id,
            action,
            kind,
            owner: owner.to_owned(),
            target: target.to_owned(),
            title,
            before: None,
            after: None,
            risk: None,
            values: None,
            op,
            deps: Vec::new(),
        }
    }
}

/// Something the plan cannot change but the user should know (a manual step, a limit).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Note {
    /// `alerts_manual`, `pending_unsubscribe`, `budget_subscriber_limit`.
    pub code: &'static str,
    pub params: BTreeMap<&'static str, String>,
}

impl Note {
    pub fn new(code: &'static str) -> Note {
        Note {
            code,
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: &str) -> Note {
        self.params.insert(key, value.to_owned());
        self
    }
}

/// Something declared that is already as the file says.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Unchanged {
    pub kind: &'static str,
    pub target: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
    pub risky: usize,
}

/// Everything `apply` would do, computed from the team file and the live account.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub account_id: String,
    pub changes: Vec<Change>,
    pub unchanged: Vec<Unchanged>,
    /// Users Baseline created that the file no longer declares (left alone; offboard them).
    pub orphans: Vec<String>,
    /// Manual steps and limits the plan cannot act on.
    pub notes: Vec<Note>,
    pub summary: Summary,
}

impl Plan {
    /// True when any change needs an explicit confirmation.
    pub fn is_risky(&self) -> bool {
        self.summary.risky > 0
    }
}

struct Builder<'a> {
    live: &'a Live,
    changes: Vec<Change>,
    unchanged: Vec<Unchanged>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: String,
        action: Action,
        kind: &'static str,
        owner: &str,
        target: &str,
        title: String,
        op: Op,
    ) -> &mut Change {
        self.changes.push(Change::new(
            id,
            action,
            kind,
            owner,
            target,
            title,
            op.into(),
        ));
        self.changes.last_mut().expect("just pushed")
    }

    fn keep(&mut self, kind: &'static str, target: &str) {
        self.unchanged.push(Unchanged {
            kind,
            target: target.to_owned(),
        });
    }

    fn planned(&self, id: &str) -> bool {
        self.changes.iter().any(|c| c.id == id)
    }

    /// The subset of `ids` that this plan creates (dependencies only on planned changes).
    fn deps(&self, ids: &[String]) -> Vec<String> {
        ids.iter().filter(|id| self.planned(id)).cloned().collect()
    }
}

/// Read the live account (a handful of calls) and compare it with the team file.
pub async fn make(conn: &crate::aws::Connection, team: &Team) -> Result<Plan> {
    let declared: Vec<String> = team.members.iter().map(|m| m.user.clone()).collect();
    let live = crate::iam::live::read(conn, &declared).await?;
    let mut plan = diff(team, &live);
    if let Some(want) = &team.billing {
        let clients = billing::Clients::new(conn, &live.account_id);
        let billing_live = billing::live::read(&clients).await?;
        add_billing(
            &mut plan,
            billing::plan::diff(want, &billing_live, &clients.topic_arn()),
        );
    }
    Ok(plan)
}

/// Append the billing section's diff and recount the summary.
pub fn add_billing(plan: &mut Plan, d: billing::plan::Diff) {
    plan.changes.extend(d.changes);
    plan.unchanged.extend(d.unchanged);
    plan.notes.extend(d.notes);
    plan.summary = summarise(&plan.changes, plan.unchanged.len());
}

fn summarise(changes: &[Change], unchanged: usize) -> Summary {
    let mut summary = Summary {
        unchanged,
        ..Summary::default()
    };
    for c in changes {
        match c.action {
            Action::Create => summary.create += 1,
            Action::Update => summary.update += 1,
            Action::Delete => summary.delete += 1,
        }
        summary.risky += usize::from(c.risk.is_some());
    }
    summary
}

/// Compare the team file with the live account.
pub fn diff(team: &Team, live: &Live) -> Plan {
    let mut b = Builder {
        live,
        changes: Vec::new(),
        unchanged: Vec::new(),
    };
    account(team, &mut b);
    let mfa_arn = mfa_policy(team, &mut b);
    groups(team, &mut b, mfa_arn.as_deref());
    members(team, &mut b);
    let declared: BTreeSet<String> = team.members.iter().map(|m| m.user.to_lowercase()).collect();
    let orphans = live
        .users
        .iter()
        .filter(|(k, u)| u.managed() && !declared.contains(*k))
        .map(|(_, u)| u.name.clone())
        .collect();
    let summary = summarise(&b.changes, b.unchanged.len());
    Plan {
        account_id: live.account_id.clone(),
        changes: b.changes,
        unchanged: b.unchanged,
        orphans,
        notes: Vec::new(),
        summary,
    }
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
        Some(have) if have == want => b.keep("password_policy", "account"),
        have => {
            let action = if have.is_some() {
                Action::Update
            } else {
                Action::Create
            };
            let before = have.as_ref().map(describe_policy);
            let values = serde_json::json!({ "before": have, "after": want });
            let c = b.push(
                "password_policy".into(),
                action,
                "password_policy",
                "account",
                "password policy",
                "set the account password policy".into(),
                Op::SetPasswordPolicy(want.clone()),
            );
            c.before = before;
            c.after = Some(describe_policy(want));
            c.values = Some(values);
        }
    }
    if let Some(alias) = &team.account.alias {
        match &b.live.alias {
            Some(have) if have == alias => b.keep("alias", alias),
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
                let c = b.push(
                    "alias".into(),
                    action,
                    "alias",
                    "account",
                    alias,
                    format!("set the account alias to \"{alias}\""),
                    op,
                );
                c.before = before.clone();
                c.after = Some(alias.clone());
                if before.is_some() {
                    c.risk = Some("replace_alias");
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
    let document = policies::require_mfa_document();
    let arn = format!(
        "arn:{}:iam::{}:policy/{REQUIRE_MFA_POLICY}",
        b.live.partition, b.live.account_id
    );
    let id = format!("policy:{REQUIRE_MFA_POLICY}");
    match b.live.policies.get(REQUIRE_MFA_POLICY) {
        None => {
            b.push(
                id,
                Action::Create,
                "managed_policy",
                "account",
                REQUIRE_MFA_POLICY,
                format!("create the policy {REQUIRE_MFA_POLICY} (no access without MFA)"),
                Op::CreatePolicy {
                    name: REQUIRE_MFA_POLICY.into(),
                    document,
                },
            );
        }
        Some(have) if have.document.as_ref() == Some(&document) => {
            b.keep("managed_policy", REQUIRE_MFA_POLICY)
        }
        Some(have) => {
            // IAM keeps at most 5 versions: drop the oldest non-default one when full.
            let drop_version = (have.old_versions.len() >= 4).then(|| have.old_versions[0].clone());
            let op = Op::UpdatePolicy {
                arn: have.arn.clone(),
                document,
                drop_version,
            };
            b.push(
                id,
                Action::Update,
                "managed_policy",
                "account",
                REQUIRE_MFA_POLICY,
                format!("update the policy {REQUIRE_MFA_POLICY} to Baseline's version"),
                op,
            );
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
        let live = b.live.groups.get(name);
        let have = live.unwrap_or(&empty);
        let before = b.changes.len();
        if live.is_none() {
            b.push(
                group_id.clone(),
                Action::Create,
                "group",
                name,
                name,
                format!("create the group {name}"),
                Op::CreateGroup {
                    group: name.clone(),
                },
            );
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
            let c = b.push(
                format!("{group_id}/policy:{short}"),
                Action::Create,
                "group_policy",
                name,
                short,
                format!("attach {short} to group {name}"),
                Op::AttachGroupPolicy {
                    group: name.clone(),
                    arn: arn.clone(),
                },
            );
            c.deps = deps;
        }
        for arn in have.attached.difference(&want) {
            let short = arn.rsplit('/').next().unwrap_or(arn);
            let c = b.push(
                format!("{group_id}/policy:{short}"),
                Action::Delete,
                "group_policy",
                name,
                short,
                format!("detach {short} from group {name}"),
                Op::DetachGroupPolicy {
                    group: name.clone(),
                    arn: arn.clone(),
                },
            );
            c.risk = Some("detach_policy");
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
                let c = b.push(
                    inline_id,
                    action,
                    "group_inline_policy",
                    name,
                    DENY_DELETE_POLICY,
                    format!("deny destructive actions to group {name}"),
                    op,
                );
                c.deps = deps;
            }
        } else if current.is_some() {
            let op = Op::DeleteGroupPolicy {
                group: name.clone(),
                name: DENY_DELETE_POLICY.into(),
            };
            let c = b.push(
                inline_id,
                Action::Delete,
                "group_inline_policy",
                name,
                DENY_DELETE_POLICY,
                format!("stop denying destructive actions to group {name}"),
                op,
            );
            c.risk = Some("remove_guard");
        }
        if b.changes.len() == before {
            b.keep("group", name);
        }
    }
}

/// Only the characters IAM allows in tag values.
fn tag_value(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c) {
                c
            } else {
                ' '
            }
        })
        .take(256)
        .collect()
}

fn members(team: &Team, b: &mut Builder<'_>) {
    let declared_groups: BTreeSet<&String> = team.groups.keys().collect();
    for m in &team.members {
        let user_id = format!("user:{}", m.user);
        let live = b.live.users.get(&m.user.to_lowercase()).cloned();
        let name = live.as_ref().map_or(m.user.clone(), |u| u.name.clone());
        let before = b.changes.len();
        let mut want_tags: BTreeMap<String, String> =
            BTreeMap::from([(tags::MANAGED.to_owned(), "true".to_owned())]);
        if let Some(n) = &m.name {
            want_tags.insert(tags::NAME.into(), tag_value(n));
        }
        if let Some(e) = &m.email {
            want_tags.insert(tags::EMAIL.into(), tag_value(e));
        }
        match &live {
            None => {
                let mut create_tags = want_tags.clone();
                if !m.console {
                    create_tags.insert(tags::CONSOLE.into(), "no".into());
                }
                let c = b.push(
                    user_id.clone(),
                    Action::Create,
                    "user",
                    &name,
                    &name,
                    format!("create the user {name}"),
                    Op::CreateUser {
                        user: name.clone(),
                        tags: create_tags.into_iter().collect(),
                    },
                );
                c.after = m.name.clone();
            }
            Some(u) => {
                let mut set: Vec<(String, String)> = want_tags
                    .iter()
                    .filter(|(k, v)| u.tags.get(*k) != Some(v))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let untag: Vec<String> = [tags::NAME, tags::EMAIL]
                    .into_iter()
                    .filter(|k| u.tags.contains_key(*k) && !want_tags.contains_key(*k))
                    .map(str::to_owned)
                    .collect();
                // A console password that exists without Baseline's tag (made outside
                // Baseline, or an apply stopped right after creating it): record it.
                if u.console && !u.tags.contains_key(tags::CONSOLE) {
                    set.push((tags::CONSOLE.into(), "yes".into()));
                }
                if !set.is_empty() || !untag.is_empty() {
                    let adopt = !u.managed();
                    let title = if adopt {
                        format!("manage the existing user {name} with Baseline")
                    } else {
                        format!("update the name and email tags of {name}")
                    };
                    b.push(
                        format!("{user_id}/tags"),
                        Action::Update,
                        "user_tags",
                        &name,
                        &name,
                        title,
                        Op::TagUser {
                            user: name.clone(),
                            tags: set,
                            untag,
                        },
                    );
                }
            }
        }
        let have_groups: BTreeSet<String> =
            live.as_ref().map(|u| u.groups.clone()).unwrap_or_default();
        for g in &m.groups {
            if !have_groups.contains(g) {
                let deps = b.deps(&[user_id.clone(), format!("group:{g}")]);
                let c = b.push(
                    format!("{user_id}/group:{g}"),
                    Action::Create,
                    "membership",
                    &name,
                    g,
                    format!("add {name} to group {g}"),
                    Op::AddUserToGroup {
                        user: name.clone(),
                        group: g.clone(),
                    },
                );
                c.deps = deps;
            }
        }
        for g in have_groups
            .iter()
            .filter(|g| declared_groups.contains(g) && !m.groups.contains(g))
        {
            b.push(
                format!("{user_id}/group:{g}"),
                Action::Delete,
                "membership",
                &name,
                g,
                format!("remove {name} from group {g}"),
                Op::RemoveUserFromGroup {
                    user: name.clone(),
                    group: g.clone(),
                },
            );
        }
        let has_console = live.as_ref().is_some_and(|u| u.console);
        if m.console && !has_console {
            let deps = b.deps(&[user_id.clone(), "password_policy".into()]);
            let op = Op::CreateLoginProfile {
                user: name.clone(),
                policy: team.password_policy.clone(),
            };
            let c = b.push(
                format!("{user_id}/console"),
                Action::Create,
                "console_password",
                &name,
                &name,
                format!(
                    "give {name} a console password (kept in the keychain, reset at first sign-in)"
                ),
                op,
            );
            c.deps = deps;
        } else if !m.console && has_console {
            let c = b.push(
                format!("{user_id}/console"),
                Action::Delete,
                "console_password",
                &name,
                &name,
                format!("remove the console password of {name}"),
                Op::DeleteLoginProfile { user: name.clone() },
            );
            c.risk = Some("remove_console");
        }
        if b.changes.len() == before {
            b.keep("user", &name);
        }
    }
}

#[cfg(test)]
mod tests;
