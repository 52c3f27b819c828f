//! `baseline apply`: plan, show, confirm, then run exactly what was shown.

use super::print::{print_plan, print_stats};
use super::Start;
use baseline_core::apply::{self, Report, Step, StepState};
use baseline_core::context::Context;
use baseline_core::plan::{self, Plan};
use baseline_core::team::Team;
use baseline_core::Error;
use std::future::Future;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// How a reviewed run talks: `--yes`, `--json`, `--stats`.
#[derive(Clone, Copy)]
pub(super) struct Flags {
    pub yes: bool,
    pub json: bool,
    pub stats: bool,
}

pub(super) async fn run_apply(start: &Start, team: &Path, flags: Flags) -> Result<Report, Error> {
    let team = Team::load(team)?;
    let ctx = start.context().await?;
    reviewed(
        &ctx,
        "apply",
        plan::make(&ctx.conn, &ctx.home, &team),
        confirm,
        flags,
    )
    .await
}

/// `apply` and `destroy` alike, like `terraform apply`: take the state folder's lock before
/// planning (a second run waits, then plans what is left), print the plan, ask, then run
/// exactly the changes shown.
pub(super) async fn reviewed(
    ctx: &Context,
    operation: &str,
    plan: impl Future<Output = Result<Plan, Error>>,
    ask: impl FnOnce(&Plan) -> Result<bool, Error>,
    flags: Flags,
) -> Result<Report, Error> {
    let _lock = ctx.lock(operation).await?;
    let plan = plan.await?;
    if !flags.json {
        print_plan(&plan);
    }
    if plan.changes.is_empty() {
        print_stats(flags.stats, &ctx.conn);
        return Ok(Report::nothing(plan.account_id));
    }
    if !flags.yes && !ask(&plan)? {
        return Err(Error::Cancelled);
    }
    let journal = ctx.journal()?;
    // What runs is exactly the plan printed above (and confirmed, or --yes).
    let shown: Vec<String> = plan.changes.iter().map(|c| c.fingerprint.clone()).collect();
    let report = apply::apply(&ctx.conn, &plan, &journal, &shown, &print_step).await;
    print_stats(flags.stats, &ctx.conn);
    report
}

/// Ask on the terminal, like `terraform apply`; without a terminal, --yes is required.
fn confirm(plan: &Plan) -> Result<bool, Error> {
    let question = format!(
        "Apply these {} changes to account {}? Type yes",
        plan.changes.len(),
        plan.account_id
    );
    confirm_with(plan, &question, "yes")
}

/// Ask `question` and accept only `answer`, typed.
pub(super) fn confirm_with(plan: &Plan, question: &str, answer: &str) -> Result<bool, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "yes",
            "no terminal to confirm on; review `baseline plan` and pass --yes",
        ));
    }
    if plan.is_risky() {
        eprintln!("The changes marked RISKY above need your explicit confirmation.");
    }
    eprint!("{question}: ");
    std::io::stderr().flush().ok();
    let mut typed = String::new();
    std::io::stdin().lock().read_line(&mut typed).ok();
    Ok(typed.trim() == answer)
}

pub(super) fn print_step(step: &Step) {
    let mark = match step.state {
        StepState::Pending => return,
        StepState::Running => "...",
        StepState::Done => "ok ",
        StepState::Failed => "ERR",
        StepState::Skipped => "-- ",
    };
    match &step.detail {
        Some(d) => eprintln!("[{mark}] {} ({d})", step.title),
        None => eprintln!("[{mark}] {}", step.title),
    }
}
