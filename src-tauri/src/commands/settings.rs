//! App facts and the user's settings.

use baseline_core::settings::{self, Language};
use baseline_core::{aws, Error};
use serde::Serialize;

/// What the window needs before anything is connected.
#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    language: Language,
    /// `AWS_ENDPOINT_URL`, when set.
    endpoint: Option<String>,
    /// The endpoint is on this machine: show the Sandbox badge.
    sandbox: bool,
}

#[tauri::command]
pub fn app_info() -> Result<AppInfo, Error> {
    let current = settings::load(&settings::home())?;
    let endpoint = aws::env_endpoint();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        language: settings::effective_language(&current),
        sandbox: endpoint.as_deref().is_some_and(aws::is_local_endpoint),
        endpoint,
    })
}

#[tauri::command]
pub fn set_language(language: Language) -> Result<(), Error> {
    let home = settings::home();
    let mut current = settings::load(&home)?;
    current.language = Some(language);
    settings::save(&home, &current)
}
