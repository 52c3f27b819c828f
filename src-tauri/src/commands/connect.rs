//! The Connect screen: profiles, connecting, cancelling.

use crate::state::AppState;
use baseline_core::aws::{profiles, ConnectOptions, Connection};
use baseline_core::identity::{self, Identity};
use baseline_core::Error;
use tauri::State;

#[tauri::command]
pub async fn list_profiles() -> Result<Vec<profiles::ProfileInfo>, Error> {
    profiles::list().await
}

/// Connect and ask who we are. Runs off the main thread; `cancel` aborts it.
#[tauri::command]
pub async fn connect(
    state: State<'_, AppState>,
    options: ConnectOptions,
) -> Result<Identity, Error> {
    let task = tokio::spawn(async move {
        let conn = Connection::load(&options).await?;
        let who = identity::whoami(&conn).await?;
        Ok::<_, Error>((conn, who))
    });
    *state.pending.lock().expect("pending lock") = Some(task.abort_handle());
    let result = task.await;
    state.pending.lock().expect("pending lock").take();
    let (conn, who) = match result {
        Ok(done) => done?,
        Err(join) if join.is_cancelled() => return Err(Error::Cancelled),
        Err(join) => return Err(Error::Internal(join.to_string())),
    };
    *state.connection.lock().expect("connection lock") = Some(conn);
    Ok(who)
}

/// Abort the running operation, if any.
#[tauri::command]
pub fn cancel(state: State<'_, AppState>) {
    if let Some(task) = state.pending.lock().expect("pending lock").take() {
        task.abort();
    }
}
