//! The Team screen: the working team file, its validation, import and export.

use crate::state::AppState;
use baseline_core::team::{self, policies, starter_team, Problem, Team, STARTER_SERVICES};
use baseline_core::{settings, Error};
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct Loaded {
    team: Option<Team>,
    path: String,
}

#[tauri::command]
pub fn team_load(state: State<'_, AppState>) -> Result<Loaded, Error> {
    let path = state.team_path();
    let team = path.exists().then(|| Team::load(&path)).transpose()?;
    Ok(Loaded {
        team,
        path: path.display().to_string(),
    })
}

/// A starter team. Connected, its home region is the one chosen on Connect, and an IAM user
/// connected (e.g. the lead's own admin user from the first-hour guide) is its lead member,
/// adopted rather than recreated.
#[tauri::command]
pub async fn team_new(state: State<'_, AppState>, services: Vec<String>) -> Result<Team, Error> {
    let ids: Vec<&str> = services.iter().map(String::as_str).collect();
    let mut team = starter_team(&ids);
    if let Ok(conn) = state.connection() {
        team.account.home_region = conn.region().to_owned();
        let who = baseline_core::identity::whoami(&conn).await?;
        team::adopt_caller(&mut team, &who);
    }
    Ok(team)
}

#[derive(Serialize)]
pub struct ServiceInfo {
    id: &'static str,
    policy: &'static str,
}

#[derive(Serialize)]
pub struct Catalog {
    policies: Vec<&'static str>,
    services: Vec<ServiceInfo>,
    default_services: &'static [&'static str],
}

#[tauri::command]
pub fn team_catalog() -> Catalog {
    Catalog {
        policies: policies::known_names().collect(),
        services: policies::SERVICES
            .iter()
            .map(|(id, policy, _)| ServiceInfo { id, policy })
            .collect(),
        default_services: STARTER_SERVICES,
    }
}

#[tauri::command]
pub fn team_validate(team: Team) -> Vec<Problem> {
    baseline_core::team::validate(&team)
}

#[tauri::command]
pub fn team_save(state: State<'_, AppState>, team: Team) -> Result<String, Error> {
    save(&state, &team)
}

fn save(state: &AppState, team: &Team) -> Result<String, Error> {
    let path = state.team_path();
    baseline_core::fsio::ensure_private_dir(state.home())?;
    team.save(&path)?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn team_import(state: State<'_, AppState>, name: String, text: String) -> Result<Team, Error> {
    let team = Team::parse(&name, &text)?;
    save(&state, &team)?;
    Ok(team)
}

/// Copy the working team to the Downloads folder (no file-system plugin needed).
#[tauri::command]
pub fn team_export(state: State<'_, AppState>) -> Result<String, Error> {
    let team = state.team()?;
    let dir = settings::downloads_dir();
    let path = dir.join("baseline-team.toml");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    team.save(&path)?;
    Ok(path.display().to_string())
}
