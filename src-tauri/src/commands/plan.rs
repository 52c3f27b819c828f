//! Plan & apply: the same core services as `baseline plan` and `baseline apply`.

use super::team::working_path;
use crate::state::AppState;
use baseline_core::apply::{self, Report, Step};
use baseline_core::journal::Journal;
use baseline_core::plan::{self, Plan};
use baseline_core::team::Team;
use baseline_core::{lock, settings, Error};
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn plan_team(state: State<'_, AppState>) -> Result<Plan, Error> {
    let conn = state.connection()?;
    let team = Team::load(&working_path())?;
    plan::make(&conn, &team).await
}

/// Plan afresh and apply, streaming each step's state to the window. `confirmed` holds the
/// fingerprints of the risky changes the lead was shown and confirmed; any other risky
/// change stops the apply (`confirmation_needed`) so the window can show it.
#[tauri::command]
pub async fn apply_team(
    state: State<'_, AppState>,
    confirmed: Vec<String>,
    on_step: Channel<Step>,
) -> Result<Report, Error> {
    let conn = state.connection()?;
    let team = Team::load(&working_path())?;
    let _lock = lock::acquire(&settings::home(), "apply").await?;
    let plan = plan::make(&conn, &team).await?;
    let journal = Journal::open(&settings::home())?;
    let progress = move |step: &Step| {
        let _ = on_step.send(step.clone());
    };
    apply::apply(&conn, &plan, &journal, &confirmed, &progress).await
}
