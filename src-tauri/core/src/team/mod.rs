//! The team file (version 1): the desired state of the account, parsed and validated.

pub mod infra;
mod locate;
mod names;
pub mod policies;
mod starter;
mod validate;
mod validate_dns;
mod validate_infra;

pub use starter::{adopt_caller, starter_team, STARTER_SERVICES};
pub use validate::{validate, Problem};

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The whole team file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub version: i64,
    #[serde(default)]
    pub account: Account,
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    #[serde(default)]
    pub groups: BTreeMap<String, Group>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// Part 2: the team's first server, database and domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infra: Option<infra::Infra>,
}

/// `[account]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    #[serde(default = "default_region")]
    pub home_region: String,
    #[serde(default = "yes")]
    pub require_mfa: bool,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            alias: None,
            home_region: default_region(),
            require_mfa: true,
        }
    }
}

/// `[password_policy]`; fields left out take the strong default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicy {
    pub minimum_length: i64,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub allow_users_to_change: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse_prevention: Option<i64>,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 14,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            allow_users_to_change: true,
            max_age_days: Some(90),
            reuse_prevention: Some(24),
        }
    }
}

/// `[billing]` (applied by the billing guard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    pub alarm_threshold_usd: f64,
    pub notify: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_budget_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_alert_percents: Vec<i64>,
}

/// `[groups.NAME]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub deny_delete: bool,
}

/// `[[members]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default = "yes")]
    pub console: bool,
}

fn default_region() -> String {
    "us-east-1".into()
}

fn yes() -> bool {
    true
}

impl Team {
    /// Parse and validate team-file text; `file` names it in error messages.
    pub fn parse(file: &str, text: &str) -> Result<Team> {
        let team: Team = toml::from_str(text).map_err(|e| Error::InvalidTeam {
            file: file.to_owned(),
            problems: vec![Problem::syntax(
                locate::line_of_offset(text, e.span()),
                e.message(),
            )],
        })?;
        let mut problems = validate(&team);
        if problems.is_empty() {
            return Ok(team);
        }
        locate::add_lines(text, &mut problems);
        Err(Error::InvalidTeam {
            file: file.to_owned(),
            problems,
        })
    }

    /// Read, parse and validate a team file.
    pub fn load(path: &Path) -> Result<Team> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Team::parse(&path.display().to_string(), &text)
    }

    /// Check a team built in the UI; problems carry field paths but no lines.
    pub fn check(&self) -> Result<()> {
        let problems = validate(self);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidTeam {
                file: String::new(),
                problems,
            })
        }
    }

    /// The team as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a team always serialises")
    }

    /// Validate, then write atomically and durably (see [`crate::fsio`]); an invalid team
    /// leaves the file as it was.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.check()?;
        crate::fsio::write_atomic(path, self.to_toml().as_bytes())
    }

    /// The members of one group, in file order.
    pub fn members_of<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Member> + 'a {
        self.members
            .iter()
            .filter(move |m| m.groups.iter().any(|g| g == group))
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_infra;
