//! Offboarding a member: console password, access keys, MFA devices, group memberships,
//! their own policies, then the user; their secrets leave the keychain; a journal record.

use crate::aws::{classify, Connection};
use crate::iam::ops::blocking;
use crate::journal::{self, Entry, Journal};
use crate::vault::{self, index, Kind};
use crate::{mfa, Error, Result};
use serde::Serialize;
use std::path::Path;

/// What was removed.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    pub user: String,
    pub console_password: bool,
    pub access_keys: usize,
    pub mfa_devices: usize,
    pub groups: Vec<String>,
    pub policies: usize,
    pub secrets: usize,
}

fn gone<T, E>(
    r: std::result::Result<
        T,
        aws_sdk_iam::error::SdkError<E, aws_smithy_runtime_api::http::Response>,
    >,
    conn: &Connection,
    op: &'static str,
) -> Result<bool>
where
    E: aws_sdk_iam::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    match r {
        Ok(_) => Ok(true),
        Err(e) => match classify(conn.ctx(op), e) {
            Error::Aws { aws_code, .. } if aws_code == "NoSuchEntity" => Ok(false),
            other => Err(other),
        },
    }
}

/// Remove the user and everything that hangs on it, in the order IAM requires.
pub async fn offboard(
    conn: &Connection,
    home: &Path,
    account_id: &str,
    user: &str,
) -> Result<Report> {
    let iam = conn.iam();
    if gone(
        iam.get_user().user_name(user).send().await,
        conn,
        "iam:GetUser",
    )
    .map(|exists| !exists)?
    {
        return Err(Error::InvalidInput {
            field: "user".into(),
            message: format!("there is no IAM user \"{user}\" in account {account_id}"),
        });
    }
    let mut report = Report {
        user: user.to_owned(),
        ..Report::default()
    };
    report.console_password = gone(
        iam.delete_login_profile().user_name(user).send().await,
        conn,
        "iam:DeleteLoginProfile",
    )?;
    let keys = iam
        .list_access_keys()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListAccessKeys"), e))?;
    for k in keys.access_key_metadata() {
        let id = k.access_key_id().unwrap_or_default();
        gone(
            iam.delete_access_key()
                .user_name(user)
                .access_key_id(id)
                .send()
                .await,
            conn,
            "iam:DeleteAccessKey",
        )?;
        report.access_keys += 1;
    }
    report.mfa_devices = mfa::remove_all(conn, user).await?;
    let groups = iam
        .list_groups_for_user()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListGroupsForUser"), e))?;
    for g in groups.groups() {
        gone(
            iam.remove_user_from_group()
                .user_name(user)
                .group_name(g.group_name())
                .send()
                .await,
            conn,
            "iam:RemoveUserFromGroup",
        )?;
        report.groups.push(g.group_name().to_owned());
    }
    let attached = iam
        .list_attached_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListAttachedUserPolicies"), e))?;
    for p in attached.attached_policies() {
        gone(
            iam.detach_user_policy()
                .user_name(user)
                .policy_arn(p.policy_arn().unwrap_or_default())
                .send()
                .await,
            conn,
            "iam:DetachUserPolicy",
        )?;
        report.policies += 1;
    }
    let inline = iam
        .list_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListUserPolicies"), e))?;
    for name in inline.policy_names() {
        gone(
            iam.delete_user_policy()
                .user_name(user)
                .policy_name(name)
                .send()
                .await,
            conn,
            "iam:DeleteUserPolicy",
        )?;
        report.policies += 1;
    }
    gone(
        iam.delete_user().user_name(user).send().await,
        conn,
        "iam:DeleteUser",
    )?;

    let theirs: Vec<String> = index::for_account(home, account_id)?
        .into_iter()
        .filter(|e| e.kind == Kind::ConsolePassword.as_str() && e.name.eq_ignore_ascii_case(user))
        .map(|e| e.key)
        .chain(std::iter::once(vault::key(
            account_id,
            Kind::ConsolePassword,
            user,
        )))
        .collect();
    let h = home.to_path_buf();
    report.secrets = blocking(move || {
        let mut n = 0;
        for key in theirs {
            if vault::delete(&key)? {
                n += 1;
            }
            index::remove(&h, &key)?;
        }
        Ok(n)
    })
    .await?;
    Journal::open(home)?.record(&Entry {
        time: journal::now(),
        account_id,
        change: &format!("offboard:{user}"),
        kind: "offboard",
        action: "delete",
        target: user,
        outcome: "done",
        error_code: None,
    })?;
    Ok(report)
}
