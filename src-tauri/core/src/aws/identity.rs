//! Who is connected: account, alias, caller and the console sign-in URL.

use crate::aws::{classify, Connection};
use crate::Result;
use serde::Serialize;

/// The facts the Connect screen and `baseline whoami` show.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    /// The account alias, if one is set (and readable).
    pub alias: Option<String>,
    /// Why the alias could not be read (usually a missing `iam:ListAccountAliases`).
    pub alias_error: Option<String>,
    pub arn: String,
    pub user_id: String,
    /// What kind of principal the caller is.
    pub principal: Principal,
    /// `https://<alias or account id>.signin.aws.amazon.com/console`.
    pub sign_in_url: String,
    pub region: String,
    pub profile: Option<String>,
    /// The endpoint override, when calls go somewhere other than AWS.
    pub endpoint: Option<String>,
    /// Calls go to a local emulator.
    pub sandbox: bool,
    /// The credentials are an MFA session Baseline made with the caller's code.
    pub mfa_session: bool,
    /// The IAM user of the stored login, when that is the credential source.
    pub login: Option<String>,
}

/// The kind of identity behind an ARN.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Principal {
    /// The account's root user: should only be used for the few root-only tasks.
    Root,
    /// An IAM user.
    User,
    /// A role session, including IAM Identity Center (SSO) sessions.
    AssumedRole,
    /// A federated user or anything else.
    Other,
}

impl Principal {
    /// Read the principal kind from a caller ARN.
    pub fn from_arn(arn: &str) -> Self {
        let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
        if resource == "root" {
            Principal::Root
        } else if resource.starts_with("user/") {
            Principal::User
        } else if resource.starts_with("assumed-role/") {
            Principal::AssumedRole
        } else {
            Principal::Other
        }
    }
}

/// The console sign-in URL for an alias or, without one, the account ID.
pub fn sign_in_url(account_id: &str, alias: Option<&str>) -> String {
    format!(
        "https://{}.signin.aws.amazon.com/console",
        alias.unwrap_or(account_id)
    )
}

/// Who the connection acts as: asked once per connection, then remembered (every screen
/// needs the account ID; asking STS and IAM each time cost two calls per screen).
pub async fn whoami(conn: &Connection) -> Result<Identity> {
    if let Some(known) = conn.cached_identity() {
        return Ok(known);
    }
    let who = ask(conn).await?;
    conn.cache_identity(Some(who.clone()));
    Ok(who)
}

/// Ask STS who we are and IAM for the alias, concurrently.
///
/// The alias is optional: an identity that may not list aliases still connects, and the
/// reason is kept in `alias_error`.
pub async fn ask(conn: &Connection) -> Result<Identity> {
    let sts = conn.sts();
    let iam = conn.iam();
    let (caller, aliases) = tokio::join!(
        sts.get_caller_identity().send(),
        iam.list_account_aliases().send()
    );
    let caller = caller.map_err(|e| classify(conn.ctx("sts:GetCallerIdentity"), e))?;
    let (alias, alias_error) = match aliases {
        Ok(out) => (out.account_aliases().first().cloned(), None),
        Err(e) => (
            None,
            Some(classify(conn.ctx("iam:ListAccountAliases"), e).to_string()),
        ),
    };
    let account_id = caller.account().unwrap_or_default().to_owned();
    let arn = caller.arn().unwrap_or_default().to_owned();
    Ok(Identity {
        sign_in_url: sign_in_url(&account_id, alias.as_deref()),
        principal: Principal::from_arn(&arn),
        user_id: caller.user_id().unwrap_or_default().to_owned(),
        account_id,
        alias,
        alias_error,
        arn,
        region: conn.region().to_owned(),
        profile: conn.profile().map(str::to_owned),
        endpoint: conn.endpoint().map(str::to_owned),
        sandbox: conn.is_sandbox(),
        mfa_session: conn.mfa_session(),
        login: conn.login_user().map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_kinds_come_from_the_arn() {
        assert_eq!(
            Principal::from_arn("arn:aws:iam::123456789012:root"),
            Principal::Root
        );
        assert_eq!(
            Principal::from_arn("arn:aws:iam::123456789012:user/lead"),
            Principal::User
        );
        assert_eq!(
            Principal::from_arn(
                "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/kim"
            ),
            Principal::AssumedRole
        );
        assert_eq!(
            Principal::from_arn("arn:aws:sts::123456789012:federated-user/bob"),
            Principal::Other
        );
        // A user literally named "root" is not the root user.
        assert_eq!(
            Principal::from_arn("arn:aws:iam::123456789012:user/root"),
            Principal::User
        );
    }

    #[test]
    fn sign_in_url_prefers_the_alias() {
        assert_eq!(
            sign_in_url("123456789012", Some("hustle-dev")),
            "https://hustle-dev.signin.aws.amazon.com/console"
        );
        assert_eq!(
            sign_in_url("123456789012", None),
            "https://123456789012.signin.aws.amazon.com/console"
        );
    }
}
