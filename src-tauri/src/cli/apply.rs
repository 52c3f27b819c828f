//! `baseline apply`: plan, show, confirm, then run exactly what was shown.

use super::print::{print_plan, print_stats};
use baseline_core::apply::{self, Report, Step, StepState};
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::journal::Journal;
use baseline_core::plan::{self, Plan};
use baseline_core::team::Team;
use baseline_core::{lock, settings, Error};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub(super) async fn run_apply(
    options: &ConnectOptions,
    team: &Path,
    yes: bool,
    json: bool,
    stats: bool,
) -> Result<Report, Error> {
    let team = Team::load(team)?;
    let conn = Connection::load(options).await?;
    // Held from before the plan: a second apply waits, then plans what is left.
    let _lock = lock::acquire(&settings::home(), "apply").await?;
    let plan = plan::make(&conn, &team).await?;
    if !json {
        print_plan(&plan);
    }
    if plan.changes.is_empty() {
        print_stats(stats, &conn);
        return Ok(Report::nothing(plan.account_id));
    }
    if !yes && !confirm(&plan)? {
        return Err(Error::Cancelled);
    }
    let journal = Journal::open(&settings::home())?;
    // What runs is exactly the plan printed above (and confirmed, or --yes).
    let shown: Vec<String> = plan.changes.iter().map(|c| c.fingerprint.clone()).collect();
    let report = apply::apply(&conn, &plan, &journal, &shown, &print_step).await;
    print_stats(stats, &conn);
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
