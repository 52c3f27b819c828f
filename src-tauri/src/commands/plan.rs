//! Plan & apply: the same core services as `baseline plan` and `baseline apply`.

use super::team::working_path;
use crate::state::AppState;
use baseline_core::apply::{self, Report, Step};
use baseline_core::journal::Journal;
use baseline_core::plan::{self, Plan};
use baseline_core::team::Team;
use baseline_core::{settings, Error};
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn plan_team(state: State<'_, AppState>) -> Result<Plan, Error> {
    let conn = state.connection()?;
    let team = Team::load(&working_path())?;
    plan::make(&conn, &team).await
}

/// Plan afresh and apply, streaming each step's state to the window.
#[tauri::command]
pub async fn apply_team(
    state: State<'_, AppState>,
    confirm_risky: bool,
    on_step: Channel<Step>,
) -> Result<Report, Error> {
    let conn = state.connection()?;
    let team = Team::load(&working_path())?;
    let plan = plan::make(&conn, &team).await?;
    let journal = Journal::open(&settings::home())?;
    let progress = move |step: &Step| {
        let _ = on_step.send(step.clone());
    };
    apply::apply(&conn, &plan, &journal, confirm_risky, &progress).await
}
