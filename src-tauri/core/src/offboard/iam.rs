//! Everything `DeleteUser` refuses to leave behind, removed in the order IAM requires:
//! console password, access keys, MFA devices, SSH public keys, signing certificates,
//! service-specific credentials (Git, Keyspaces, Bedrock), group memberships, attached
//! and inline policies; then the user itself.

use super::Report;
use crate::aws::outcome::is_no_such_entity;
use crate::aws::{classify, Connection};
use crate::{mfa, Error, Result};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_iam::Client;
use aws_smithy_runtime_api::http::Response;
use std::time::Duration;

/// Waits between `DeleteUser` attempts refused with `DeleteConflict`: IAM is eventually
/// consistent, so a dependent just deleted can still block the user for a moment.
pub const CONFLICT_BACKOFF: &[Duration] = &[
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
];

/// `Ok(true)` when the call succeeded, `Ok(false)` when AWS said `NoSuchEntity`.
pub fn found<T, E>(
    r: std::result::Result<T, SdkError<E, Response>>,
    conn: &Connection,
    op: &'static str,
) -> Result<bool>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match r {
        Ok(_) => Ok(true),
        Err(e) => match classify(conn.ctx(op), e) {
            err if is_no_such_entity(&err) => Ok(false),
            other => Err(other),
        },
    }
}

/// Remove everything on `user`, then the user, counting into `report`.
pub async fn remove_user(
    conn: &Connection,
    iam: &Client,
    user: &str,
    backoff: &[Duration],
    report: &mut Report,
) -> Result<()> {
    report.console_password = found(
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
        found(
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
    report.mfa_devices = mfa::remove_devices(conn, iam, user).await?;
    report.ssh_keys = ssh_keys(conn, iam, user).await?;
    report.signing_certificates = signing_certificates(conn, iam, user).await?;
    report.service_credentials = service_credentials(conn, iam, user).await?;
    let groups = iam
        .list_groups_for_user()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListGroupsForUser"), e))?;
    for g in groups.groups() {
        found(
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
    report.policies = policies(conn, iam, user).await?;
    delete_user(conn, iam, user, backoff).await
}

async fn ssh_keys(conn: &Connection, iam: &Client, user: &str) -> Result<usize> {
    let out = iam
        .list_ssh_public_keys()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListSSHPublicKeys"), e))?;
    for k in out.ssh_public_keys() {
        found(
            iam.delete_ssh_public_key()
                .user_name(user)
                .ssh_public_key_id(k.ssh_public_key_id())
                .send()
                .await,
            conn,
            "iam:DeleteSSHPublicKey",
        )?;
    }
    Ok(out.ssh_public_keys().len())
}

async fn signing_certificates(conn: &Connection, iam: &Client, user: &str) -> Result<usize> {
    let out = iam
        .list_signing_certificates()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListSigningCertificates"), e))?;
    for c in out.certificates() {
        found(
            iam.delete_signing_certificate()
                .user_name(user)
                .certificate_id(c.certificate_id())
                .send()
                .await,
            conn,
            "iam:DeleteSigningCertificate",
        )?;
    }
    Ok(out.certificates().len())
}

/// moto does not implement this listing (HTTP 500 with an HTML page). Only against a
/// local emulator is that answer read as "none", and only for this call: against AWS every
/// failure stops the offboarding, and a real credential left behind would make
/// `DeleteUser` fail with `DeleteConflict` anyway, so nothing is silently skipped.
async fn service_credentials(conn: &Connection, iam: &Client, user: &str) -> Result<usize> {
    let call = iam.list_service_specific_credentials().user_name(user);
    let answer = if conn.is_sandbox() {
        // The emulator's 500 is not transient: asking 8 times would only add seconds.
        call.customize()
            .config_override(
                aws_sdk_iam::config::Builder::default()
                    .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled()),
            )
            .send()
            .await
    } else {
        call.send().await
    };
    let out = match answer {
        Ok(out) => out,
        Err(e)
            if conn.is_sandbox()
                && e.raw_response().is_some_and(|r| r.status().as_u16() == 500) =>
        {
            tracing::warn!("the emulator cannot list service-specific credentials; taken as none");
            return Ok(0);
        }
        Err(e) => return Err(classify(conn.ctx("iam:ListServiceSpecificCredentials"), e)),
    };
    for c in out.service_specific_credentials() {
        found(
            iam.delete_service_specific_credential()
                .user_name(user)
                .service_specific_credential_id(c.service_specific_credential_id())
                .send()
                .await,
            conn,
            "iam:DeleteServiceSpecificCredential",
        )?;
    }
    Ok(out.service_specific_credentials().len())
}

/// Detach the managed policies and delete the inline ones.
async fn policies(conn: &Connection, iam: &Client, user: &str) -> Result<usize> {
    let attached = iam
        .list_attached_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListAttachedUserPolicies"), e))?;
    for p in attached.attached_policies() {
        found(
            iam.detach_user_policy()
                .user_name(user)
                .policy_arn(p.policy_arn().unwrap_or_default())
                .send()
                .await,
            conn,
            "iam:DetachUserPolicy",
        )?;
    }
    let inline = iam
        .list_user_policies()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListUserPolicies"), e))?;
    for name in inline.policy_names() {
        found(
            iam.delete_user_policy()
                .user_name(user)
                .policy_name(name)
                .send()
                .await,
            conn,
            "iam:DeleteUserPolicy",
        )?;
    }
    Ok(attached.attached_policies().len() + inline.policy_names().len())
}

/// `DeleteUser`, tried again after each wait of `backoff` while IAM answers
/// `DeleteConflict`; the last refusal is returned with AWS's message (it names what is left).
async fn delete_user(
    conn: &Connection,
    iam: &Client,
    user: &str,
    backoff: &[Duration],
) -> Result<()> {
    let mut waits = backoff.iter();
    loop {
        let err = match found(
            iam.delete_user().user_name(user).send().await,
            conn,
            "iam:DeleteUser",
        ) {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        let conflict = matches!(&err, Error::Aws { aws_code, .. } if aws_code == "DeleteConflict");
        match waits.next() {
            Some(wait) if conflict => {
                tracing::info!(
                    user,
                    ?wait,
                    "DeleteUser: dependents still visible, retrying"
                );
                tokio::time::sleep(*wait).await;
            }
            _ => return Err(err),
        }
    }
}
