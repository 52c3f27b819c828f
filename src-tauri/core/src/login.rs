//! The lead's own access key, for a lead who starts from nothing but the root login: created
//! in the console for their IAM admin user, pasted into Baseline once, verified with STS and
//! kept **only in the keychain** (kind `access-key`, name = the IAM user). Never in `~/.aws`
//! or `BASELINE_HOME`; once the user has MFA, Baseline works from MFA sessions made from it
//! (aws-vault style). `BASELINE_HOME/settings.json` remembers only which entry it is.

use crate::aws::identity::Principal;
use crate::aws::{classify, stored_login, Connection};
use crate::vault::{self, index, Kind, Secret};
use crate::{settings, Error, InputReason, Result};
use aws_config::SdkConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

use std::path::Path;

pub use crate::settings::LoginRef;

/// Check the shape of a pasted key before any AWS call (`AKIA` + 16, secret of 40).
pub fn validate(access_key_id: &str, secret: &str) -> Result<()> {
    let id_ok = access_key_id.len() == 20
        && access_key_id.starts_with("AKIA")
        && access_key_id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !id_ok {
        return Err(Error::invalid_because(
            "access_key_id",
            InputReason::Format,
            "an access key ID is 20 characters starting with AKIA (a long-term key of an IAM user, from the IAM console's Security credentials tab)",
        ));
    }
    let secret_ok = secret.len() == 40
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+');
    if !secret_ok {
        return Err(Error::invalid_because(
            "secret_access_key",
            InputReason::Format,
            "a secret access key is 40 characters (letters, digits, + and /), shown once when the key is created",
        ));
    }
    Ok(())
}

fn with_keys(base: &SdkConfig, id: &str, secret: &str) -> SdkConfig {
    base.clone()
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            id,
            secret,
            None,
            None,
            "baseline-stored-login",
        )))
        .build()
}

/// Verify the key with STS, refuse root keys, store it in the keychain, remember which.
pub async fn login(
    base: &Connection,
    home: &Path,
    access_key_id: &str,
    secret: &Secret,
) -> Result<LoginRef> {
    let access_key_id = access_key_id.trim();
    validate(access_key_id, secret.expose())?;
    let conn = Connection::from_config(with_keys(base.config(), access_key_id, secret.expose()));
    let caller = conn
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| classify(conn.ctx("sts:GetCallerIdentity"), e))?;
    let arn = caller.arn().unwrap_or_default().to_owned();
    let account_id = caller.account().unwrap_or_default().to_owned();
    match Principal::from_arn(&arn) {
        Principal::User => {}
        Principal::Root => {
            return Err(Error::invalid_because(
                "access_key_id",
                InputReason::RootKey,
                "this is an access key of the root user: delete it in the console (Security credentials) and create your own IAM admin user's key instead",
            ))
        }
        _ => {
            return Err(Error::invalid_because(
                "access_key_id",
                InputReason::NotIamUser,
                "this key does not belong to an IAM user",
            ))
        }
    }
    let user = arn.rsplit('/').next().unwrap_or_default().to_owned();
    let mfa_serial = conn
        .iam()
        .list_mfa_devices()
        .user_name(&user)
        .send()
        .await
        .ok()
        .and_then(|d| {
            d.mfa_devices()
                .first()
                .map(|m| m.serial_number().to_owned())
        });
    let value = stored_login::Stored {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: secret.expose().to_owned(),
        mfa_serial: mfa_serial.clone(),
    };
    let value =
        Secret::new(serde_json::to_string(&value).map_err(|e| Error::Internal(e.to_string()))?);
    let key = vault::key(&account_id, Kind::AccessKey, &user);
    let (h, a, u) = (home.to_path_buf(), account_id.clone(), user.clone());
    crate::vault::blocking(move || {
        vault::store(&key, &value)?;
        index::record(
            &h,
            &a,
            Kind::AccessKey,
            &u,
            Some("your own access key (login)"),
        )
        .map(|_| ())
    })
    .await?;
    let login = LoginRef {
        account_id,
        user,
        access_key_id: access_key_id.to_owned(),
        mfa_serial,
    };
    let mut s = settings::load(home)?;
    let previous = s.login.replace(login.clone());
    settings::save(home, &s)?;
    // Another key logged in before: it leaves the keychain, or logout could never reach it.
    if let Some(old) = previous.filter(|o| o.account_id != login.account_id || o.user != login.user)
    {
        let key = vault::key(&old.account_id, Kind::AccessKey, &old.user);
        let h = home.to_path_buf();
        crate::vault::blocking(move || {
            vault::delete(&key)?;
            index::remove(&h, &key)
        })
        .await?;
    }
    Ok(login)
}

/// Forget the stored login if it is `user`'s (offboarding removes the user it belongs to).
pub fn forget_if(home: &Path, account_id: &str, user: &str) -> Result<()> {
    let mut s = settings::load(home)?;
    let theirs = s
        .login
        .as_ref()
        .is_some_and(|l| l.account_id == account_id && l.user.eq_ignore_ascii_case(user));
    if theirs {
        s.login = None;
        settings::save(home, &s)?;
    }
    Ok(())
}

/// The stored login, if one was made (names only).
pub fn current(home: &Path) -> Result<Option<LoginRef>> {
    settings::stored_login(home)
}

/// Forget the stored login: the keychain entry, its index entry and the reference. The key
/// itself stays valid in AWS (deactivate it in the console if it leaked).
pub async fn logout(home: &Path) -> Result<Option<LoginRef>> {
    let Some(login) = current(home)? else {
        return Ok(None);
    };
    let key = vault::key(&login.account_id, Kind::AccessKey, &login.user);
    let h = home.to_path_buf();
    crate::vault::blocking(move || {
        vault::delete(&key)?;
        index::remove(&h, &key)
    })
    .await?;
    let mut s = settings::load(home)?;
    s.login = None;
    settings::save(home, &s)?;
    Ok(Some(login))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_keys_are_checked_before_any_call() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert!(validate("AKIAIOSFODNN7EXAMPLE", secret).is_ok());
        for bad in [
            "",
            "ASIAIOSFODNN7EXAMPLE",
            "AKIAIOSFODNN7EXAMPL",
            "akiaiosfodnn7example",
        ] {
            let err = validate(bad, secret).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad}");
            assert_eq!(err.params()["reason"], "format", "{bad}");
        }
        let err = validate("AKIAIOSFODNN7EXAMPLE", "short").unwrap_err();
        assert!(
            !err.to_string().contains("short"),
            "the secret is never echoed: {err}"
        );
    }

    #[test]
    fn the_reference_kept_in_settings_never_carries_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let r = LoginRef {
            account_id: "1".into(),
            user: "lead".into(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            mfa_serial: None,
        };
        let mut s = settings::load(dir.path()).unwrap();
        s.login = Some(r);
        settings::save(dir.path(), &s).unwrap();
        let text = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
        assert!(text.contains("AKIAIOSFODNN7EXAMPLE"));
        assert!(!text.to_lowercase().contains("secret"), "{text}");
        forget_if(dir.path(), "1", "LEAD").unwrap();
        assert!(current(dir.path()).unwrap().is_none());
    }
}
