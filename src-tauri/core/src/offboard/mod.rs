//! Offboarding a member: everything IAM requires gone before the user (see [`iam`]), then
//! the user; their secrets leave the keychain; a journal record. Safe to repeat: a user
//! already gone still has their local secrets retired.

mod iam;
#[cfg(test)]
mod tests;

use crate::aws::identity::Identity;
use crate::aws::{classify, Connection};
use crate::iam::tags;
use crate::journal::{self, Entry, Journal};
use crate::vault::blocking;
use crate::vault::{self, index, Kind};
use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;

/// What was removed.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    pub user: String,
    /// False when the IAM user was already gone (only local secrets were retired).
    pub user_existed: bool,
    pub console_password: bool,
    pub access_keys: usize,
    pub mfa_devices: usize,
    pub ssh_keys: usize,
    pub signing_certificates: usize,
    pub service_credentials: usize,
    pub groups: Vec<String>,
    pub policies: usize,
    pub secrets: usize,
}

/// Why removing `user` needs a second confirmation: `unmanaged` (Baseline did not create
/// it) and/or `caller` (the identity making the calls).
async fn reasons(
    conn: &Connection,
    iam: &aws_sdk_iam::Client,
    who: &Identity,
    user: &str,
) -> Result<Vec<&'static str>> {
    let tags = iam
        .list_user_tags()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListUserTags"), e))?;
    let managed = tags
        .tags()
        .iter()
        .any(|t| t.key() == tags::MANAGED && t.value() == "true");
    let mut reasons = Vec::new();
    if !managed {
        reasons.push("unmanaged");
    }
    if is_caller(&who.arn, user) {
        reasons.push("caller");
    }
    Ok(reasons)
}

/// True when `arn` is the IAM user `user` (`arn:aws:iam::1:user/[path/]name`); IAM user
/// names are unique ignoring case.
fn is_caller(arn: &str, user: &str) -> bool {
    arn.split_once(":user/")
        .and_then(|(_, rest)| rest.rsplit('/').next())
        .is_some_and(|name| name.eq_ignore_ascii_case(user))
}

/// Remove the user and everything that hangs on it, in the order IAM requires.
///
/// A user Baseline does not manage, or the caller themself, is refused with
/// [`Error::OffboardNeedsConfirmation`] unless `extra_confirmed`.
pub async fn offboard(
    conn: &Connection,
    home: &Path,
    who: &Identity,
    user: &str,
    extra_confirmed: bool,
) -> Result<Report> {
    let iam = conn.iam();
    let exists = iam::found(
        iam.get_user().user_name(user).send().await,
        conn,
        "iam:GetUser",
    )?;
    let mut report = Report {
        user: user.to_owned(),
        user_existed: exists,
        ..Report::default()
    };
    if exists {
        let reasons = reasons(conn, &iam, who, user).await?;
        if !reasons.is_empty() && !extra_confirmed {
            return Err(Error::OffboardNeedsConfirmation {
                user: user.to_owned(),
                reasons,
            });
        }
        iam::remove_user(conn, &iam, user, iam::CONFLICT_BACKOFF, &mut report).await?;
    }
    report.secrets = retire_secrets(home, &who.account_id, user).await?;
    Journal::open(home)?.record(&Entry {
        time: journal::now(),
        account_id: &who.account_id,
        change: &format!("offboard:{user}"),
        kind: "offboard",
        action: "delete",
        target: user,
        outcome: if exists { "done" } else { "already_done" },
        error_code: None,
    })?;
    Ok(report)
}

/// Delete the user's console password from the keychain and its index entries.
async fn retire_secrets(home: &Path, account_id: &str, user: &str) -> Result<usize> {
    // Their console password and, if they were the stored login, their access key.
    let kinds = [Kind::ConsolePassword.as_str(), Kind::AccessKey.as_str()];
    let theirs: Vec<String> = index::for_account(home, account_id)?
        .into_iter()
        .filter(|e| kinds.contains(&e.kind.as_str()) && e.name.eq_ignore_ascii_case(user))
        .map(|e| e.key)
        .chain([Kind::ConsolePassword, Kind::AccessKey].map(|k| vault::key(account_id, k, user)))
        .collect();
    crate::login::forget_if(home, account_id, user)?;
    let h = home.to_path_buf();
    blocking(move || {
        let mut n = 0;
        for key in theirs {
            if vault::delete(&key)? {
                n += 1;
            }
            index::remove(&h, &key)?;
        }
        Ok(n)
    })
    .await
}
