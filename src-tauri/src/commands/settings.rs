//! App facts and the user's settings.

use crate::state::AppState;
use baseline_core::settings::{self, Language};
use baseline_core::{aws, Error};
use serde::Serialize;
use tauri::State;

/// What the window needs before anything is connected.
#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    language: Language,
    /// `AWS_ENDPOINT_URL`, when set.
    endpoint: Option<String>,
    /// The endpoint is on this machine: show the Sandbox badge.
    sandbox: bool,
    /// The last successful connection's choices: the window connects with them at start.
    remembered: Option<settings::Remembered>,
    /// The stored login (names only), if any.
    login: Option<baseline_core::login::LoginRef>,
    /// Which OS keychain holds the secrets.
    keychain: &'static str,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, Error> {
    let current = settings::load(state.home())?;
    let endpoint = aws::env_endpoint();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        language: settings::effective_language(&current),
        sandbox: endpoint.as_deref().is_some_and(aws::is_local_endpoint),
        endpoint,
        remembered: current.connection.clone(),
        login: current.login.clone(),
        keychain: baseline_core::vault::store_name(),
    })
}

#[tauri::command]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<(), Error> {
    let home = state.home();
    let mut current = settings::load(home)?;
    current.language = Some(language);
    settings::save(home, &current)
}

/// Open an AWS console, sign-up or registrar page in the browser (only those: see
/// `baseline_core::links`).
#[tauri::command]
pub fn open_link(app: tauri::AppHandle, url: String) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let url = baseline_core::links::check(&url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::Internal(format!("the browser could not be opened: {e}")))
}
