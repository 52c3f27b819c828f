//! The plan: every change apply would make, what it leaves alone, and what is risky.

pub mod billing;
pub mod destroy;
mod draft;
mod iam;
mod iam_members;
pub mod infra;
mod lockout;
mod vocab;

pub use draft::{Draft, Pending};
pub use iam::diff;
pub use lockout::check as check_lockout;
pub use vocab::{Kind, NoteCode, Risk};

use crate::iam::ops::Op;
use crate::team::Team;
use crate::Result;
use serde::Serialize;
use std::collections::BTreeMap;

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
    pub kind: Kind,
    /// The group or user it belongs to (or `account`).
    pub owner: String,
    /// What changes: a policy, a group, a field.
    pub target: String,
    /// One line in English, for the command line.
    pub title: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Why this needs an explicit confirmation.
    pub risk: Option<Risk>,
    /// Structured before/after for the UI to word in the user's language
    /// (password_policy: `{ before: PasswordPolicy|null, after: PasswordPolicy }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<serde_json::Value>,
    /// A digest of what the change shows (id, action, before/after, risk): what the lead
    /// confirms for a risky change is this exact change, not whatever has its id later.
    pub fingerprint: String,
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
    Billing(crate::billing::ops::Op),
    Infra(crate::infra::ops::Job),
}

impl From<Op> for ChangeOp {
    fn from(op: Op) -> Self {
        ChangeOp::Iam(op)
    }
}

impl From<crate::billing::ops::Op> for ChangeOp {
    fn from(op: crate::billing::ops::Op) -> Self {
        ChangeOp::Billing(op)
    }
}

/// Something the plan cannot change but the user should know (a manual step, a limit).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Note {
    pub code: NoteCode,
    pub params: BTreeMap<&'static str, String>,
}

impl Note {
    pub fn new(code: NoteCode) -> Note {
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
    pub kind: Kind,
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
    /// The monthly cost of `[infra]` (present when the file has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<crate::infra::estimate::Estimate>,
}

impl Plan {
    /// True when any change needs an explicit confirmation.
    pub fn is_risky(&self) -> bool {
        self.summary.risky > 0
    }
}

/// Read the live account (a handful of calls) and compare it with the team file; `home`
/// holds the manual steps the lead confirmed (their notes leave the plan).
pub async fn make(
    conn: &crate::aws::Connection,
    home: &std::path::Path,
    team: &Team,
) -> Result<Plan> {
    let declared: Vec<String> = team.members.iter().map(|m| m.user.clone()).collect();
    // Part 2's reads (EC2, RDS, Route 53) run beside IAM's.
    let infra_read = async {
        match &team.infra {
            Some(infra) => infra::read_for_plan(conn, team, infra).await.map(Some),
            None => Ok(None),
        }
    };
    let (live, infra_live) = tokio::join!(crate::iam::live::read(conn, &declared), infra_read);
    let live = live?;
    let infra_live = infra_live?;
    lockout::check(team, &live, conn.mfa_session())?;
    let mut plan = diff(team, &live);
    lockout::check_plan(&plan, &live)?;
    if let Some(want) = &team.billing {
        let clients = crate::billing::Clients::new(conn, &live.account_id);
        let billing_live = crate::billing::live::read(&clients).await?;
        add_billing(
            &mut plan,
            billing::diff(want, &billing_live, &clients.topic_arn()),
        );
        let confirmed = crate::journal::manual_steps(home, &plan.account_id)?;
        drop_confirmed_notes(&mut plan, &confirmed);
    }
    if let (Some(infra), Some(infra_live)) = (&team.infra, infra_live) {
        infra::add_to_plan(team, infra, infra_live, &mut plan).await?;
    }
    Ok(plan)
}

/// A manual step the lead already confirmed is not asked for again.
pub fn drop_confirmed_notes(plan: &mut Plan, confirmed: &BTreeMap<String, String>) {
    plan.notes.retain(|n| match n.code {
        NoteCode::AlertsManual => !confirmed.contains_key("billing_alerts"),
        _ => true,
    });
}

/// Append the billing section's diff and recount the summary.
pub fn add_billing(plan: &mut Plan, d: billing::Diff) {
    plan.changes.extend(d.changes);
    plan.unchanged.extend(d.unchanged);
    plan.notes.extend(d.notes);
    seal(plan);
}

/// Recount the summary and fingerprint every change; call after adding changes.
pub(crate) fn seal(plan: &mut Plan) {
    for c in &mut plan.changes {
        c.fingerprint = fingerprint(&plan.account_id, c);
    }
    plan.summary = summarise(&plan.changes, plan.unchanged.len());
}

/// FNV-1a (64 bit) over what the user is shown of the change. Not a security boundary:
/// it tells "the change you confirmed" from "a different change with the same id".
/// The account is part of it: the same change confirmed for account A never runs in B.
fn fingerprint(account_id: &str, c: &Change) -> String {
    let shown = serde_json::json!([
        account_id, c.id, c.action, c.kind, c.owner, c.target, c.before, c.after, c.risk, c.values
    ]);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in shown.to_string().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The risky changes of `plan` that are not among the `confirmed` fingerprints.
pub fn unconfirmed<'p>(plan: &'p Plan, confirmed: &[String]) -> Vec<&'p Change> {
    plan.changes
        .iter()
        .filter(|c| c.risk.is_some() && !confirmed.contains(&c.fingerprint))
        .collect()
}

pub(crate) fn summarise(changes: &[Change], unchanged: usize) -> Summary {
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

#[cfg(test)]
mod tests;
