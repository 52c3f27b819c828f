//! A member's access after apply: hand off the temporary password, retire it once AWS shows
//! it was changed, reset it when forgotten.

use crate::aws::identity;
use crate::aws::{classify, Connection};
use crate::handoff::Handoff;
use crate::iam::ops::Executor;
use crate::iam::report;
use crate::journal::{self, Entry, Journal};
use crate::team::{Member, Team};
use crate::vault::blocking;
use crate::vault::index::{self, HandoffMethod};
use crate::vault::{self, Kind};
use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;

fn member<'a>(team: &'a Team, user: &str) -> Result<&'a Member> {
    team.members
        .iter()
        .find(|m| m.user.eq_ignore_ascii_case(user))
        .ok_or_else(|| {
            Error::invalid(
                "user",
                format!("\"{user}\" is not a member in the team file"),
            )
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
        return Err(Error::invalid(
            "lang",
            format!("\"{lang}\" is not ko or en"),
        ));
    }
    // Asked afresh, not from the connection's memory: the sheet prints the sign-in URL, and
    // an alias changed meanwhile (console, command line) would make it a dead link.
    let who = identity::ask(conn).await?;
    let (mfa_on, reset_pending) = member_state(conn, &m.user).await?;
    let key = vault::key(&who.account_id, Kind::ConsolePassword, &m.user);
    let pending = crate::iam::login_profile::pending_key(&key);
    if blocking(move || vault::read(&pending)).await?.is_some() {
        // A reset whose answer never came: either value may be the one AWS has.
        let why = format!(
            "a password reset of \"{}\" did not finish, so Baseline cannot tell which password works: reset it again",
            m.user
        );
        return Err(Error::invalid("user", why));
    }
    let missing = format!(
        "no temporary password of \"{}\" is in the keychain: apply the plan first, or reset the password",
        m.user
    );
    let password = blocking(move || vault::read(&key))
        .await?
        .ok_or_else(|| Error::invalid("user", missing))?;
    Ok(Handoff {
        user: m.user,
        display_name: m.name,
        account_id: who.account_id,
        alias: who.alias,
        sign_in_url: who.sign_in_url,
        password,
        lang: lang.to_owned(),
        mfa_on,
        reset_pending,
    })
}

/// Whether the member has MFA, and whether AWS still asks them to change the temporary
/// password (two calls, concurrently), so the sheet lists only the steps left.
async fn member_state(conn: &Connection, user: &str) -> Result<(bool, bool)> {
    let iam = conn.iam();
    let (devices, profile, who) = tokio::join!(
        iam.list_mfa_devices().user_name(user).send(),
        iam.get_login_profile().user_name(user).send(),
        iam.get_user().user_name(user).send()
    );
    // Never signed in with a password: the temporary one is still the one in use.
    let never_signed_in = who
        .map_err(|e| classify(conn.ctx("iam:GetUser"), e))?
        .user()
        .is_none_or(|u| u.password_last_used().is_none());
    let mfa_on = !devices
        .map_err(|e| classify(conn.ctx("iam:ListMFADevices"), e))?
        .mfa_devices()
        .is_empty();
    let reset_pending = match profile {
        Ok(p) => {
            never_signed_in
                || p.login_profile()
                    .is_none_or(|lp| lp.password_reset_required())
        }
        // No profile readable yet (just created, or eventual consistency): keep the step.
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            true
        }
        Err(e) => return Err(classify(conn.ctx("iam:GetLoginProfile"), e)),
    };
    Ok((mfa_on, reset_pending))
}

/// Hand a member their access as an `age` file at `out`, encrypted to `recipient`, and
/// record the handoff once the file is written (the command line and the window both).
/// With `with_server`, the file also holds the team server's key, the database password
/// and how to connect (Part 2).
#[allow(clippy::too_many_arguments)]
pub async fn handoff_file(
    conn: &Connection,
    home: &Path,
    team: &Team,
    user: &str,
    lang: &str,
    recipient: &crate::handoff::Recipient,
    out: &Path,
    with_server: bool,
) -> Result<String> {
    crate::handoff::validate(recipient)?;
    let h = prepare_handoff(conn, team, user, lang).await?;
    let mut plain = crate::handoff::text(&h);
    let mut server_keys = Vec::new();
    if with_server {
        let (section, keys) =
            crate::infra::handoff::section(conn, team, &h.account_id, lang).await?;
        plain.push_str(&section);
        server_keys = keys;
    }
    let sealed = crate::handoff::encrypt(plain.as_bytes(), recipient)?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(out, sealed).map_err(|e| Error::io(out, e))?;
    record_handoff(home, &h.account_id, &h.user, recipient.method())?;
    for key in &server_keys {
        index::mark_handed_off(home, key, recipient.method())?;
    }
    if with_server {
        journal_line(
            home,
            &h.account_id,
            "handoff_server",
            recipient.method().as_str(),
            &h.user,
        )?;
    }
    Ok(out.display().to_string())
}

/// Record that the member got their access (index and journal; never the secret).
pub fn record_handoff(
    home: &Path,
    account_id: &str,
    user: &str,
    method: HandoffMethod,
) -> Result<()> {
    let key = vault::key(account_id, Kind::ConsolePassword, user);
    index::mark_handed_off(home, &key, method)?;
    journal_line(home, account_id, "handoff", method.as_str(), user)
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
        .filter(|e| e.kind == Kind::ConsolePassword)
        .collect();
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let rows = report::read(conn).await?;
    let iam = conn.iam();
    let mut out = Vec::new();
    for (entry, last) in signed_in(&held, &rows) {
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
                last_sign_in: last,
            });
        }
    }
    Ok(out)
}

/// The held temporary passwords whose member has signed in (credential report), with when.
/// Only these can have been changed; the others need no per-user call.
pub fn signed_in<'a>(
    held: &'a [index::Entry],
    rows: &[report::Row],
) -> Vec<(&'a index::Entry, String)> {
    held.iter()
        .filter_map(|entry| {
            let row = rows.iter().find(|r| r.get("user") == Some(&entry.name))?;
            Some((entry, report::date(row, "password_last_used")?.to_owned()))
        })
        .collect()
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
    let _lock = crate::lock::acquire(home, "reset_password").await?;
    let exec = Executor {
        conn,
        iam: conn.iam(),
        account_id: who.account_id.clone(),
        home: home.to_path_buf(),
    };
    exec.reset_password(&m.user, &team.password_policy).await?;
    journal_line(home, &who.account_id, "reset_password", "update", &m.user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_members_who_signed_in_are_candidates_for_retirement() {
        let entry = |name: &str| index::Entry {
            key: format!("1/console-password/{name}"),
            account_id: "1".into(),
            kind: Kind::ConsolePassword,
            name: name.into(),
            created: chrono::Utc::now(),
            note: None,
            handed_off: None,
        };
        let held = vec![entry("kim"), entry("lee"), entry("gone")];
        let rows = report::parse(
            "user,password_last_used\nkim,2026-11-28T10:00:00+00:00\nlee,no_information\n",
        );
        let got: Vec<(&str, String)> = signed_in(&held, &rows)
            .into_iter()
            .map(|(e, t)| (e.name.as_str(), t))
            .collect();
        assert_eq!(got, vec![("kim", "2026-11-28T10:00:00+00:00".to_owned())]);
    }
}
