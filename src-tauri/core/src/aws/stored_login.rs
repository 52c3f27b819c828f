//! The credentials of the lead's stored login (see `crate::login`): the key pair lives
//! only in the keychain; `settings.json` names which entry it is.

use crate::vault::{self, Kind};
use crate::{settings, Error, Result};
use aws_credential_types::Credentials;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The keychain value: the key pair, as JSON, only ever inside a [`vault::Secret`].
#[derive(Serialize, Deserialize)]
pub(crate) struct Stored {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) mfa_serial: Option<String>,
}

/// The stored key pair as credentials for `base`, with its MFA serial; `None` without login.
pub async fn credentials(home: &Path) -> Result<Option<(Credentials, Option<String>)>> {
    let Some(login) = settings::stored_login(home)? else {
        return Ok(None);
    };
    let key = vault::key(&login.account_id, Kind::AccessKey, &login.user);
    let value = crate::vault::blocking(move || vault::read(&key)).await?;
    let Some(value) = value else {
        return Err(Error::Keychain {
            detail: format!(
                "the stored login of {} is not in the keychain any more: log in again",
                login.user
            ),
        });
    };
    let stored: Stored = serde_json::from_str(value.expose())
        .map_err(|_| Error::Internal("the stored login is not readable".into()))?;
    let creds = Credentials::new(
        stored.access_key_id,
        stored.secret_access_key,
        None,
        None,
        "baseline-stored-login",
    );
    Ok(Some((creds, stored.mfa_serial.or(login.mfa_serial))))
}
