//! A member's access after apply: hand off the temporary password, retire it once AWS shows
//! it was changed, reset it when forgotten.

use crate::aws::{classify, Connection};
use crate::handoff::Handoff;
use crate::iam::ops::{blocking, Executor};
use crate::iam::report;
use crate::journal::{self, Entry, Journal};
use crate::team::{Member, Team};
use crate::vault::{self, index, Kind};
use crate::{identity, Error, Result};
use serde::Serialize;
use std::path::Path;

fn member<'a>(team: &'a Team, user: &str) -> Result<&'a Member> {
    team.members
        .iter()
        .find(|m| m.user.eq_ignore_ascii_case(user))
        .ok_or_else(|| Error::InvalidInput {
            field: "user".into(),
            message: format!("\"{user}\" is not a member in the team file"),
        })
}

fn journal_line(
    home: &Path,
    account_id: &str,
    kind: &str,
    action: &str,
    target: &str,
) -> Result<()> {
    Journal::open(home)?.record(&Entry {
        time: journal::now(),
        account_id,
        change: &format!("{kind}:{target}"),
        kind,
        action,
        target,
        outcome: "done",
        error_code: None,
    })
}

/// Gather what the member needs; the password comes from the keychain.
pub async fn prepare_handoff(
    conn: &Connection,
    team: &Team,
    user: &str,
    lang: &str,
) -> Result<Handoff> {
    let m = member(team, user)?.clone();
    if lang != "ko" && lang != "en" {
        return Err(Error::InvalidInput {
            field: "lang".into(),
            message: format!("\"{lang}\" is not ko or en"),
        });
    }
    let who = identity::whoami(conn).await?;
    let key = vault::key(&who.account_id, Kind::ConsolePassword, &m.user);
    let password = blocking(move || vault::read(&key)).await?.ok_or_else(|| Error::InvalidInput {
        field: "user".into(),
        message: format!(
            "no temporary password of \"{}\" is in the keychain: apply the plan first, or reset the password",
            m.user
        ),
    })?;
    Ok(Handoff {
        user: m.user,
        display_name: m.name,
        account_id: who.account_id,
        alias: who.alias,
        sign_in_url: who.sign_in_url,
        password,
        lang: lang.to_owned(),
    })
}

/// Record that the member got their access (index and journal; never the secret).
pub fn record_handoff(home: &Path, account_id: &str, user: &str, method: &str) -> Result<()> {
    let key = vault::key(account_id, Kind::ConsolePassword, user);
    index::mark_handed_off(home, &key, method)?;
    journal_line(home, account_id, "handoff", method, user)
}

/// A stored temporary password that AWS shows was already replaced by its owner.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Retirable {
    pub user: String,
    pub key: String,
    /// When the member last signed in with a password.
    pub last_sign_in: String,
}

/// Members whose temporary password is useless now: they signed in and AWS no longer
/// requires a reset (the forced change at first sign-in is done). One credential report,
/// then one `GetLoginProfile` only for those who signed in.
pub async fn retirable(conn: &Connection, home: &Path, account_id: &str) -> Result<Vec<Retirable>> {
    let held: Vec<index::Entry> = index::for_account(home, account_id)?
        .into_iter()
        .filter(|e| e.kind == Kind::ConsolePassword.as_str())
        .collect();
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let rows = report::read(conn).await?;
    let iam = conn.iam();
    let mut out = Vec::new();
    for entry in held {
        let Some(row) = rows.iter().find(|r| r.get("user") == Some(&entry.name)) else {
            continue;
        };
        let Some(last) = report::date(row, "password_last_used") else {
            continue;
        };
        let profile = iam.get_login_profile().user_name(&entry.name).send().await;
        let reset_pending = match profile {
            Ok(p) => p
                .login_profile()
                .is_some_and(|lp| lp.password_reset_required()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                false
            }
            Err(e) => return Err(classify(conn.ctx("iam:GetLoginProfile"), e)),
        };
        if !reset_pending {
            out.push(Retirable {
                user: entry.name.clone(),
                key: entry.key.clone(),
                last_sign_in: last.to_owned(),
            });
        }
    }
    Ok(out)
}

/// Delete retired temporary passwords from the keychain and the index.
pub async fn retire(home: &Path, account_id: &str, users: &[String]) -> Result<usize> {
    let mut n = 0;
    for user in users {
        let key = vault::key(account_id, Kind::ConsolePassword, user);
        let (k, h) = (key.clone(), home.to_path_buf());
        blocking(move || {
            vault::delete(&k)?;
            index::remove(&h, &k)
        })
        .await?;
        journal_line(home, account_id, "retire", "delete", user)?;
        n += 1;
    }
    Ok(n)
}

/// A forgotten password: new one generated, stored, then set with a reset required.
pub async fn reset_password(conn: &Connection, home: &Path, team: &Team, user: &str) -> Result<()> {
    let m = member(team, user)?;
    let who = identity::whoami(conn).await?;
    let exec = Executor {
        conn,
        iam: conn.iam(),
        account_id: who.account_id.clone(),
        home: home.to_path_buf(),
    };
    exec.reset_password(&m.user, &team.password_policy).await?;
    journal_line(home, &who.account_id, "reset_password", "update", &m.user)
}
