//! The Team screen: the working team file, its validation, import and export.

use baseline_core::team::{policies, starter_team, Problem, Team, STARTER_SERVICES};
use baseline_core::{settings, Error};
use serde::Serialize;
use std::path::PathBuf;

/// The team file the app edits: `BASELINE_HOME/team.toml`.
pub fn working_path() -> PathBuf {
    settings::home().join("team.toml")
}

#[derive(Serialize)]
pub struct Loaded {
    team: Option<Team>,
    path: String,
}

#[tauri::command]
pub fn team_load() -> Result<Loaded, Error> {
    let path = working_path();
    let team = path.exists().then(|| Team::load(&path)).transpose()?;
    Ok(Loaded {
        team,
        path: path.display().to_string(),
    })
}

#[tauri::command]
pub fn team_new(services: Vec<String>) -> Team {
    let ids: Vec<&str> = services.iter().map(String::as_str).collect();
    starter_team(&ids)
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
pub fn team_save(team: Team) -> Result<String, Error> {
    let path = working_path();
    baseline_core::fsio::ensure_private_dir(&settings::home())?;
    team.save(&path)?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn team_import(name: String, text: String) -> Result<Team, Error> {
    let team = Team::parse(&name, &text)?;
    team_save(team.clone())?;
    Ok(team)
}

/// Copy the working team to the Downloads folder (no file-system plugin needed).
#[tauri::command]
pub fn team_export() -> Result<String, Error> {
    let team = Team::load(&working_path())?;
    let dir = settings::downloads_dir();
    let path = dir.join("baseline-team.toml");
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
        path: dir.display().to_string(),
        detail: e.to_string(),
    })?;
    team.save(&path)?;
    Ok(path.display().to_string())
}
