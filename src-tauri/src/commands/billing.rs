//! The Billing screen: the guard's live state and the resend action.

use crate::state::AppState;
use baseline_core::billing::{self, status::Status};
use baseline_core::{journal, Error};
use std::collections::BTreeMap;
use tauri::State;

async fn clients(state: &State<'_, AppState>) -> Result<billing::Clients, Error> {
    let ctx = state.context().await?;
    Ok(billing::Clients::new(&ctx.conn, &ctx.account_id))
}

#[tauri::command]
pub async fn billing_status(state: State<'_, AppState>) -> Result<Status, Error> {
    billing::status::read(&clients(&state).await?).await
}

#[tauri::command]
pub async fn billing_resend(state: State<'_, AppState>, email: String) -> Result<(), Error> {
    billing::status::resend(&clients(&state).await?, &email).await
}

/// When each manual billing step was confirmed, for the connected account.
#[tauri::command]
pub async fn manual_steps(state: State<'_, AppState>) -> Result<BTreeMap<String, String>, Error> {
    let ctx = state.context().await?;
    journal::manual_steps(&ctx.home, &ctx.account_id)
}

/// Record that the user did a manual step in the console; returns the time recorded.
#[tauri::command]
pub async fn manual_step_done(state: State<'_, AppState>, step: String) -> Result<String, Error> {
    let step = journal::ManualStep::parse(&step)?;
    let ctx = state.context().await?;
    journal::record_manual_step(&ctx.home, &ctx.account_id, step)
}
