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

/// A starter team. Connected, its home region is the one chosen on Connect, and an IAM user
/// connected (e.g. the lead's own admin user from the first-hour guide) is its lead member,
/// adopted rather than recreated.
#[tauri::command]
pub async fn team_new(
    state: tauri::State<'_, crate::state::AppState>,
    services: Vec<String>,
) -> Result<Team, Error> {
    let ids: Vec<&str> = services.iter().map(String::as_str).collect();
    let mut team = starter_team(&ids);
    if let Ok(conn) = state.connection() {
        team.account.home_region = conn.region().to_owned();
        let who = baseline_core::identity::whoami(&conn).await?;
        adopt_caller(&mut team, &who);
    }
    Ok(team)
}

/// Put the lead's own IAM user — the stored login the first-hour guide made — in the lead
/// group, as the member Baseline adopts. (A profile or the environment may be anyone's: a
/// CI user, an emulator's default; those are not guessed to be the lead.)
pub fn adopt_caller(team: &mut Team, who: &baseline_core::identity::Identity) {
    use baseline_core::identity::Principal;
    if who.principal != Principal::User || who.login.is_none() || !team.groups.contains_key("lead")
    {
        return;
    }
    let user = who.arn.rsplit('/').next().unwrap_or_default().to_owned();
    if user.is_empty()
        || team
            .members
            .iter()
            .any(|m| m.user.eq_ignore_ascii_case(&user))
    {
        return;
    }
    team.members.push(baseline_core::team::Member {
        user,
        name: None,
        email: None,
        groups: vec!["lead".into()],
        console: true,
    });
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
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    team.save(&path)?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use baseline_core::identity::{Identity, Principal};

    fn who(arn: &str) -> Identity {
        Identity {
            account_id: "123456789012".into(),
            alias: None,
            alias_error: None,
            arn: arn.into(),
            user_id: "AIDA".into(),
            principal: Principal::from_arn(arn),
            sign_in_url: String::new(),
            region: "ap-northeast-2".into(),
            profile: None,
            endpoint: None,
            sandbox: false,
            mfa_session: false,
            login: Some("kim.lead".into()),
        }
    }

    #[test]
    fn the_connected_iam_user_becomes_the_lead_member_once() {
        let mut team = starter_team(STARTER_SERVICES);
        adopt_caller(
            &mut team,
            &who("arn:aws:iam::123456789012:user/admins/kim.lead"),
        );
        adopt_caller(&mut team, &who("arn:aws:iam::123456789012:user/Kim.Lead"));
        assert_eq!(team.members.len(), 1);
        assert_eq!(team.members[0].user, "kim.lead");
        assert_eq!(team.members[0].groups, vec!["lead".to_owned()]);
        // A role session or root is nobody to adopt.
        let mut other = starter_team(STARTER_SERVICES);
        adopt_caller(&mut other, &who("arn:aws:iam::123456789012:root"));
        adopt_caller(
            &mut other,
            &who("arn:aws:sts::123456789012:assumed-role/Admin/kim"),
        );
        assert!(other.members.is_empty());
        // Connected through a profile or the environment: nobody is guessed to be the lead.
        let mut env = who("arn:aws:iam::123456789012:user/moto");
        env.login = None;
        adopt_caller(&mut other, &env);
        assert!(other.members.is_empty());
    }
}
