//! MFA sessions, aws-vault style: the caller's long-term credentials plus a code from their
//! MFA device make temporary credentials (`sts:GetSessionToken`) that carry MFA. They live
//! only in this process's memory, never in a file or the keychain.

use super::{classify, Connection};
use crate::aws::identity::Principal;
use crate::{Error, Result};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_sdk_sts::error::ProvideErrorMetadata;
use aws_types::SdkConfig;

/// Replace the connection's credentials by an MFA session made with `code`.
///
/// The device is the profile's `mfa_serial`, else the caller's own (first) MFA device.
pub async fn with_mfa(conn: &Connection, serial: Option<String>, code: &str) -> Result<SdkConfig> {
    let serial = match serial {
        Some(s) => s,
        None => own_device(conn).await?,
    };
    let out = conn
        .sts()
        .get_session_token()
        .serial_number(&serial)
        .token_code(code)
        .send()
        .await
        .map_err(|e| {
            // A wrong or stale code is AccessDenied "MultiFactorAuthentication failed …"
            // from STS: say so in those words. Any other refusal (e.g. session credentials,
            // which may not call GetSessionToken) keeps its own code and hint.
            let rejected = e.as_service_error().is_some_and(|s| {
                s.code() == Some("AccessDenied")
                    && s.message()
                        .is_some_and(|m| m.contains("MultiFactorAuthentication"))
            });
            if rejected {
                let message = e
                    .as_service_error()
                    .and_then(|s| s.message())
                    .unwrap_or("")
                    .to_owned();
                Error::MfaCodeRejected {
                    serial: serial.clone(),
                    message,
                }
            } else {
                classify(conn.ctx("sts:GetSessionToken"), e)
            }
        })?;
    let c = out
        .credentials()
        .ok_or_else(|| Error::Internal("GetSessionToken returned no credentials".into()))?;
    let expiry = std::time::SystemTime::try_from(*c.expiration()).ok();
    let creds = Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_owned()),
        expiry,
        "baseline-mfa-session",
    );
    Ok(conn
        .config()
        .clone()
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(creds))
        .build())
}

/// The caller's own MFA device: for an IAM user, listed by name; for root, its own list.
async fn own_device(conn: &Connection) -> Result<String> {
    let caller = conn
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| classify(conn.ctx("sts:GetCallerIdentity"), e))?;
    let arn = caller.arn().unwrap_or_default();
    let mut req = conn.iam().list_mfa_devices();
    match Principal::from_arn(arn) {
        Principal::User => {
            req = req.user_name(arn.rsplit('/').next().unwrap_or_default());
        }
        Principal::Root => {}
        _ => {
            let why = format!(
                "{arn} is a role session: MFA is asked by the role's own sign-in (SSO or the profile's mfa_serial), not by Baseline"
            );
            return Err(Error::invalid("mfa_code", why));
        }
    }
    let devices = req
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListMFADevices"), e))?;
    usable_serial(devices.mfa_devices().iter().map(|d| d.serial_number()))
        .ok_or_else(|| {
            let why = format!(
                "{arn} has no MFA device yet: enrol one (Members screen or the IAM console), then connect with its code"
            );
            Error::invalid("mfa_code", why)
        })
}

/// The device whose codes `GetSessionToken` takes: a virtual (TOTP) device first; a FIDO
/// security key cannot make codes.
pub fn usable_serial<'a>(serials: impl Iterator<Item = &'a str>) -> Option<String> {
    let all: Vec<&str> = serials.collect();
    all.iter()
        .find(|s| s.contains(":mfa/"))
        .or_else(|| all.iter().find(|s| !s.contains(":u2f/")))
        .map(|s| (*s).to_owned())
}

/// A code as typed: spaces (and a middle space as apps show it) are dropped; six digits.
pub fn normalise_code(input: &str, field: &str) -> Result<String> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(Error::invalid(
            field,
            "an MFA code is 6 digits, as the authenticator app shows it",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_device_is_preferred_and_a_security_key_never_used() {
        let key = "arn:aws:iam::1:u2f/user/lead/yubikey-ABC";
        let app = "arn:aws:iam::1:mfa/lead";
        assert_eq!(usable_serial([key, app].into_iter()).as_deref(), Some(app));
        assert_eq!(usable_serial([key].into_iter()), None);
        assert_eq!(
            usable_serial(["GAHT12345678"].into_iter()).as_deref(),
            Some("GAHT12345678")
        );
    }
}
