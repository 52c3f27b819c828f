//! Apply: converge the account to the plan, concurrently where independent, with live
//! progress, retries for IAM's eventual consistency and a journal line per change.

use crate::aws::Connection;
use crate::billing;
use crate::iam::ops::{is_no_such_entity, Executor, Op, Outcome};
use crate::journal::{self, Entry, Journal};
use crate::plan::{self, Action, Change, ChangeOp, Plan};
use crate::vault::blocking;
use crate::vault::{self, Kind, Secret};
use crate::{Error, Result};
use futures::StreamExt;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

/// How many AWS calls run at once (IAM's per-account rate limits are modest).
pub const CONCURRENCY: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    Pending,
    Running,
    Done,
    Failed,
    Skipped,
}

/// One step of progress (one change of the plan).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub kind: plan::Kind,
    pub state: StepState,
    /// For people (the command line); the window words the typed fields below.
    pub detail: Option<String>,
    /// Why a step ended as it did, for the window to word in the user's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<StepNote>,
    /// The failure, as the UI's error shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
}

/// The typed reason behind a step's detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StepNote {
    /// Found already made (nothing changed).
    AlreadyInPlace,
    /// Not run because the change it depends on failed.
    SkippedBecause { change: String },
    /// Waiting for AWS: the resource's state as AWS words it, and the time waited.
    Waiting { state: String, elapsed_secs: u64 },
}

/// What apply did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub account_id: String,
    pub steps: Vec<Step>,
    pub done: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Report {
    /// Nothing to do: an empty plan, nothing run.
    pub fn nothing(account_id: String) -> Report {
        Report {
            account_id,
            steps: Vec::new(),
            done: 0,
            failed: 0,
            skipped: 0,
        }
    }

    pub fn ok(&self) -> bool {
        self.failed == 0 && self.skipped == 0
    }
}

/// Refuse before any change when a console password would be made and the keychain
/// cannot keep it.
pub async fn check_keychain(plan: &Plan) -> Result<()> {
    if !plan
        .changes
        .iter()
        .any(|c| matches!(c.op, ChangeOp::Iam(Op::CreateLoginProfile { .. })))
    {
        return Ok(());
    }
    let key = vault::key(
        &plan.account_id,
        Kind::ConsolePassword,
        ".baseline-keychain-check",
    );
    blocking(move || {
        vault::store(&key, &Secret::new("check"))?;
        let back = vault::read(&key)?;
        vault::delete(&key)?;
        match back {
            Some(s) if s.expose() == "check" => Ok(()),
            _ => Err(Error::Keychain {
                detail: "a test entry written to the keychain could not be read back".into(),
            }),
        }
    })
    .await
}

/// Apply the plan. Every risky change must be among `confirmed` (the fingerprints of the
/// risky changes the lead was shown and confirmed); a risky change that is new or
/// different stops the apply before anything runs (`confirmation_needed`).
///
/// The caller holds the state lock ([`crate::lock`]) from before the plan was made.
pub async fn apply(
    conn: &Connection,
    plan: &Plan,
    journal: &Journal,
    confirmed: &[String],
    progress: &(dyn Fn(&Step) + Send + Sync),
) -> Result<Report> {
    let unconfirmed = crate::plan::unconfirmed(plan, confirmed);
    if !unconfirmed.is_empty() {
        return Err(Error::ConfirmationNeeded {
            changes: unconfirmed.iter().map(|c| c.id.clone()).collect(),
        });
    }
    check_keychain(plan).await?;
    let exec = Executor {
        conn,
        iam: conn.iam(),
        account_id: plan.account_id.clone(),
        home: journal.home().to_path_buf(),
    };
    let billing = billing::Clients::new(conn, &plan.account_id);
    let infra = plan.changes.iter().find_map(|c| match &c.op {
        ChangeOp::Infra(job) => Some(crate::infra::Clients::new(
            conn,
            &plan.account_id,
            &job.region,
        )),
        _ => None,
    });
    let mut states: BTreeMap<String, Step> = plan
        .changes
        .iter()
        .map(|c| {
            let step = Step {
                id: c.id.clone(),
                title: c.title.clone(),
                kind: c.kind,
                state: StepState::Pending,
                detail: None,
                note: None,
                error: None,
            };
            (c.id.clone(), step)
        })
        .collect();
    states.values().for_each(progress);

    // Waves: a change runs once everything it depends on has finished.
    let mut remaining: Vec<&Change> = plan.changes.iter().collect();
    let mut finished: HashSet<String> = HashSet::new();
    let mut failed: HashSet<String> = HashSet::new();
    while !remaining.is_empty() {
        let (ready, later): (Vec<&Change>, Vec<&Change>) = remaining.into_iter().partition(|c| {
            c.deps
                .iter()
                .all(|d| finished.contains(d) || failed.contains(d))
        });
        remaining = later;
        if ready.is_empty() {
            return Err(Error::Internal("the plan has a dependency cycle".into()));
        }
        let (runnable, blocked): (Vec<&Change>, Vec<&Change>) = ready
            .into_iter()
            .partition(|c| c.deps.iter().all(|d| !failed.contains(d)));
        for c in blocked {
            let cause = c
                .deps
                .iter()
                .find(|d| failed.contains(*d))
                .cloned()
                .unwrap_or_default();
            let step = states.get_mut(&c.id).expect("step");
            step.state = StepState::Skipped;
            step.detail = Some(format!("skipped because {cause} failed"));
            step.note = Some(StepNote::SkippedBecause { change: cause });
            progress(step);
            failed.insert(c.id.clone());
        }
        for c in &runnable {
            let step = states.get_mut(&c.id).expect("step");
            step.state = StepState::Running;
            progress(step);
        }
        // Built in a loop, not a closure: a closure here trips rustc's higher-ranked
        // lifetime inference when the whole future must be Send (rust-lang/rust#102211).
        let mut futures = Vec::with_capacity(runnable.len());
        for c in runnable {
            let step = states[&c.id].clone();
            futures.push(run_change(
                &exec,
                &billing,
                infra.as_ref(),
                c,
                step,
                progress,
            ));
        }
        // Each change is journaled and reported the moment it finishes, not after its wave:
        // a crash mid-wave loses no record of what was done.
        let mut results = futures::stream::iter(futures).buffer_unordered(CONCURRENCY);
        while let Some((c, result)) = results.next().await {
            let step = states.get_mut(&c.id).expect("step");
            let (outcome, code) = match &result {
                Ok(Outcome::Done) => ("done", None),
                Ok(Outcome::AlreadyDone) => ("already_done", None),
                Err(e) => ("failed", Some(e.code())),
            };
            let action = match c.action {
                Action::Create => "create",
                Action::Update => "update",
                Action::Delete => "delete",
            };
            journal.record(&Entry {
                time: journal::now(),
                account_id: &plan.account_id,
                change: &c.id,
                kind: &c.kind.to_string(),
                action,
                target: &c.target,
                outcome,
                error_code: code,
            })?;
            match result {
                Ok(o) => {
                    step.state = StepState::Done;
                    step.detail =
                        (o == Outcome::AlreadyDone).then(|| "already in place".to_owned());
                    step.note = (o == Outcome::AlreadyDone).then_some(StepNote::AlreadyInPlace);
                    finished.insert(c.id.clone());
                }
                Err(e) => {
                    step.state = StepState::Failed;
                    step.detail = Some(e.to_string());
                    step.error = serde_json::to_value(&e).ok();
                    failed.insert(c.id.clone());
                }
            }
            progress(step);
        }
    }
    if plan.changes.iter().any(|c| c.kind == plan::Kind::Alias) {
        // The sign-in URL shown everywhere names the alias: ask again next time.
        conn.cache_identity(None);
    }
    let steps: Vec<Step> = plan.changes.iter().map(|c| states[&c.id].clone()).collect();
    let count = |s: StepState| steps.iter().filter(|x| x.state == s).count();
    Ok(Report {
        account_id: plan.account_id.clone(),
        done: count(StepState::Done),
        failed: count(StepState::Failed),
        skipped: count(StepState::Skipped),
        steps,
    })
}

async fn run_change<'c>(
    exec: &Executor<'_>,
    billing: &billing::Clients,
    infra: Option<&crate::infra::Clients>,
    change: &'c Change,
    step: Step,
    progress: &(dyn Fn(&Step) + Send + Sync),
) -> (&'c Change, Result<Outcome>) {
    let result = match &change.op {
        ChangeOp::Iam(op) => run_with_retry(exec, op).await,
        ChangeOp::Billing(op) => billing::ops::run(billing, op).await,
        ChangeOp::Infra(job) => {
            // Long waits (a database takes minutes) show AWS's state and the time waited.
            let report = |state: &str, waited: Duration| {
                let mut s = step.clone();
                s.detail = Some(format!("{state}, {} s", waited.as_secs()));
                s.note = Some(StepNote::Waiting {
                    state: state.to_owned(),
                    elapsed_secs: waited.as_secs(),
                });
                progress(&s);
            };
            let clients = infra.expect("infra clients exist when the plan has infra changes");
            crate::infra::ops::run(clients, job, &report).await
        }
    };
    (change, result)
}

/// IAM is eventually consistent: a user or group made a moment ago may not be visible to
/// the next call yet. Retry `NoSuchEntity` a few times before calling it a failure.
async fn run_with_retry(exec: &Executor<'_>, op: &Op) -> Result<Outcome> {
    let mut delay = Duration::from_millis(200);
    for attempt in 0.. {
        match exec.run(op).await {
            Err(e) if is_no_such_entity(&e) && attempt < 6 => {
                tracing::debug!(?delay, "not visible yet, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(3));
            }
            other => return other,
        }
    }
    unreachable!("the loop returns")
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
