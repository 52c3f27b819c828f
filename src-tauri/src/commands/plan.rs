//! Plan & apply: the same core services as `baseline plan` and `baseline apply`.

use crate::state::AppState;
use baseline_core::apply::{self, Report, Step};
use baseline_core::plan::{self, Plan};
use baseline_core::Error;
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn plan_team(state: State<'_, AppState>) -> Result<Plan, Error> {
    let team = state.team()?;
    plan::make(&state.connection()?, state.home(), &team).await
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
    let team = state.team()?;
    let ctx = state.context().await?;
    let _lock = ctx.lock("apply").await?;
    let plan = plan::make(&ctx.conn, &ctx.home, &team).await?;
    let progress = move |step: &Step| {
        let _ = on_step.send(step.clone());
    };
    apply::apply(&ctx.conn, &plan, &ctx.journal()?, &confirmed, &progress).await
}
