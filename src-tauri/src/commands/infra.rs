//! Part 2 in the window: status with the connection card, the server key to a file, and
//! teardown (plan, then run with the stack's name typed as confirmation).

use crate::state::AppState;
use baseline_core::apply::{self, Report, Step};
use baseline_core::infra::{self, status::InfraStatus};
use baseline_core::plan::Plan;
use baseline_core::Error;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::State;

/// Part 2's checklist, connection card, name servers and live delegation check; `None`
/// when the team file has no `[infra]`.
#[tauri::command]
pub async fn infra_status(state: State<'_, AppState>) -> Result<Option<InfraStatus>, Error> {
    let team = state.team()?;
    let ctx = state.context().await?;
    infra::status::read(&ctx.conn, &ctx.home, &team, &ctx.account_id).await
}

/// Write the server's private key to `path` (0600; never under BASELINE_HOME); a bare file
/// name goes to ~/.ssh. Returns the path written.
#[tauri::command]
pub async fn infra_key_save(state: State<'_, AppState>, path: String) -> Result<String, Error> {
    let team = state.team()?;
    let infra = team
        .infra
        .as_ref()
        .ok_or_else(|| Error::invalid("infra", "the team file has no [infra] section"))?;
    let path = key_path(&path)?;
    let ctx = state.context().await?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    infra::status::write_key(&ctx.home, &ctx.account_id, infra, &path)?;
    Ok(path.display().to_string())
}

fn key_path(path: &str) -> Result<PathBuf, Error> {
    let path = path.trim();
    if path.is_empty() {
        return Err(Error::invalid("path", "choose where to write the key"));
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    Ok(if let Some(rest) = path.strip_prefix("~/") {
        home.join(rest)
    } else if !path.contains('/') {
        home.join(".ssh").join(path)
    } else {
        PathBuf::from(path)
    })
}

/// What teardown would remove and keep.
#[tauri::command]
pub async fn destroy_plan(state: State<'_, AppState>, include_dns: bool) -> Result<Plan, Error> {
    let team = state.team()?;
    baseline_core::plan::destroy::plan(&state.connection()?, &team, include_dns).await
}

/// Remove the stack. `typed` must be the stack's name (the window asks for it, like
/// deleting a repository on GitHub); `confirmed` holds the fingerprints of the deletions
/// shown, so a deletion that was not shown never runs.
#[tauri::command]
pub async fn destroy_apply(
    state: State<'_, AppState>,
    include_dns: bool,
    typed: String,
    confirmed: Vec<String>,
    on_step: Channel<Step>,
) -> Result<Report, Error> {
    let team = state.team()?;
    let stack = team
        .infra
        .as_ref()
        .map(|i| i.name.clone())
        .unwrap_or_default();
    if typed.trim() != stack {
        return Err(Error::invalid(
            "typed",
            format!("type the stack's name ({stack}) to remove it"),
        ));
    }
    let ctx = state.context().await?;
    let _lock = ctx.lock("destroy").await?;
    let plan = baseline_core::plan::destroy::plan(&ctx.conn, &team, include_dns).await?;
    let progress = move |step: &Step| {
        let _ = on_step.send(step.clone());
    };
    apply::apply(&ctx.conn, &plan, &ctx.journal()?, &confirmed, &progress).await
}
