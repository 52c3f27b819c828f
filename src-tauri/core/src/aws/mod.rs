//! The AWS connection: which credentials, which region, which endpoint.

mod clients;
mod errors;
pub mod identity;
pub mod outcome;
pub mod profiles;
pub mod session;
mod stats;
pub mod stored_login;
pub use clients::BILLING_REGION;

pub use errors::{classify, Ctx};
pub use stats::CallStats;

use crate::{Error, Result};
use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region, SdkConfig};
use aws_smithy_types::retry::RetrySpec;
use serde::Deserialize;
use std::time::Duration;

/// Region used when neither the user, the profile nor the environment names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// What the user chose on the Connect screen or on the command line.
#[derive(Clone, Default, Deserialize)]
pub struct ConnectOptions {
    /// A profile from the AWS config files; `None` means the default credential chain.
    pub profile: Option<String>,
    /// A region; `None` means the profile's or the environment's, else us-east-1.
    pub region: Option<String>,
    /// A code from the caller's MFA device: Baseline then works from an MFA session
    /// (`sts:GetSessionToken`), kept in memory only.
    #[serde(default)]
    pub mfa_code: Option<String>,
    /// Use the stored login (the lead's own access key in the keychain). Without a profile
    /// and with no credentials in the environment or the AWS files, it is used anyway.
    #[serde(default)]
    pub login: bool,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("mfa_code", &self.mfa_code.as_ref().map(|_| "<redacted>"))
            .field("login", &self.login)
            .finish()
    }
}

/// A loaded AWS configuration plus the facts Baseline shows about it.
#[derive(Debug, Clone)]
pub struct Connection {
    config: SdkConfig,
    profile: Option<String>,
    sso_profile: bool,
    /// The credentials are an MFA session Baseline made (so they carry MFA).
    mfa_session: bool,
    /// The IAM user of the stored login, when that is the credential source.
    login_user: Option<String>,
    /// Who this connection acts as, asked once (`identity::whoami`) and shared by clones.
    identity: std::sync::Arc<std::sync::Mutex<Option<crate::aws::identity::Identity>>>,
    stats: CallStats,
    /// Each service client, built once (`clients.rs`) and shared by clones.
    clients: std::sync::Arc<clients::Cache>,
}

impl Connection {
    /// Validate the options and load the configuration through aws-config's own chain.
    ///
    /// Credentials are resolved lazily, on the first call: a missing or expired
    /// credential surfaces there, classified by [`classify`].
    pub async fn load(opts: &ConnectOptions) -> Result<Self> {
        let profile = opts
            .profile
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let region = opts
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if let Some(region) = region {
            validate_region(region)?;
        }
        let mfa_code = opts
            .mfa_code
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| session::normalise_code(c, "mfa_code"))
            .transpose()?;
        let mut sso_profile = false;
        let mut mfa_serial = None;
        if let Some(name) = profile {
            let listed = profiles::list().await?;
            let found =
                listed
                    .iter()
                    .find(|p| p.name == name)
                    .ok_or_else(|| Error::UnknownProfile {
                        profile: name.to_owned(),
                    })?;
            sso_profile = found.kind == profiles::ProfileKind::Sso;
            mfa_serial = found.mfa_serial.clone();
        }
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5))
            .operation_attempt_timeout(Duration::from_secs(20))
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(timeouts)
            .retry_config(retry_config());
        if let Some(name) = profile {
            loader = loader.profile_name(name);
        }
        if let Some(region) = region {
            loader = loader.region(Region::new(region.to_owned()));
        }
        let home = crate::settings::home();
        let use_login = opts.login || (profile.is_none() && !ambient_credentials().await);
        let mut login_user = None;
        if use_login {
            match stored_login::credentials(&home).await {
                Ok(Some((creds, serial))) => {
                    loader = loader.credentials_provider(creds);
                    mfa_serial = serial;
                    login_user = crate::settings::stored_login(&home)?.map(|l| l.user);
                }
                Ok(None) if opts.login => {
                    return Err(Error::NoCredentials {
                        profile: None,
                        detail: "no stored login: log in with your access key first".into(),
                    })
                }
                Err(e) if opts.login => return Err(e),
                // Only a fallback: a stale stored login must not block the default chain
                // (nor a new `login`, which builds its base connection here).
                Ok(None) | Err(_) => {}
            }
        }
        let mut config = loader.load().await;
        if config.region().is_none() {
            config = config
                .into_builder()
                .region(Region::new(DEFAULT_REGION))
                .build();
        }
        let mut conn = Connection {
            config,
            profile: profile.map(str::to_owned),
            sso_profile,
            mfa_session: false,
            login_user,
            identity: Default::default(),
            stats: CallStats::default(),
            clients: Default::default(),
        };
        if let Some(code) = mfa_code {
            conn.config = session::with_mfa(&conn, mfa_serial, &code).await?;
            conn.mfa_session = true;
            // The clients made for the session call carry the long-term key: drop them.
            conn.clients = Default::default();
        }
        Ok(conn)
    }

    /// The identity asked for before, if any (see `identity::whoami`).
    pub fn cached_identity(&self) -> Option<crate::aws::identity::Identity> {
        self.identity.lock().expect("identity lock").clone()
    }

    /// Remember (or, with `None`, forget: e.g. after the alias changed) who this is.
    pub fn cache_identity(&self, identity: Option<crate::aws::identity::Identity>) {
        *self.identity.lock().expect("identity lock") = identity;
    }

    /// The IAM user of the stored login, when that is the credential source.
    pub fn login_user(&self) -> Option<&str> {
        self.login_user.as_deref()
    }

    /// True when the credentials are an MFA session Baseline made with the caller's code.
    pub fn mfa_session(&self) -> bool {
        self.mfa_session
    }

    /// A connection over an already built SDK configuration (tests, embedding).
    pub fn from_config(config: SdkConfig) -> Self {
        Connection {
            config,
            profile: None,
            sso_profile: false,
            mfa_session: false,
            login_user: None,
            identity: Default::default(),
            stats: CallStats::default(),
            clients: Default::default(),
        }
    }

    /// The loaded SDK configuration, for building service clients.
    pub fn config(&self) -> &SdkConfig {
        &self.config
    }

    /// The profile in use, or `None` for the default chain.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// The region calls go to.
    pub fn region(&self) -> &str {
        self.config
            .region()
            .map(Region::as_ref)
            .unwrap_or(DEFAULT_REGION)
    }

    /// The endpoint override (`AWS_ENDPOINT_URL` or the profile's `endpoint_url`), if any.
    pub fn endpoint(&self) -> Option<&str> {
        self.config.endpoint_url()
    }

    /// True when calls go to an emulator on this machine rather than to AWS.
    pub fn is_sandbox(&self) -> bool {
        self.endpoint().is_some_and(is_local_endpoint)
    }

    /// What an error of a client built from this connection must still know (for clients
    /// that outlive a borrow of the connection, such as the billing guard's).
    pub fn error_context(&self) -> ErrorContext {
        ErrorContext {
            profile: self.profile.clone(),
            sso_profile: self.sso_profile,
            endpoint: self.endpoint().map(str::to_owned),
        }
    }

    /// Context for classifying an error of a call made through this connection.
    pub fn ctx(&self, operation: &'static str) -> Ctx<'_> {
        Ctx {
            operation,
            profile: self.profile(),
            sso_profile: self.sso_profile,
            endpoint: self.endpoint(),
        }
    }

    /// Counts of the calls made through this connection's clients.
    pub fn stats(&self) -> &CallStats {
        &self.stats
    }
}

/// The connection facts an error's hint depends on: an expired SSO session says which
/// `aws sso login` to run, an unreachable endpoint names it.
#[derive(Debug, Clone, Default)]
pub struct ErrorContext {
    pub profile: Option<String>,
    pub sso_profile: bool,
    pub endpoint: Option<String>,
}

impl ErrorContext {
    pub fn ctx(&self, operation: &'static str) -> Ctx<'_> {
        Ctx {
            operation,
            profile: self.profile.as_deref(),
            sso_profile: self.sso_profile,
            endpoint: self.endpoint.as_deref(),
        }
    }
}

/// True when the environment or the AWS files name credentials the default chain would use
/// (keys, a profile, web identity, a container role, or a `default` profile).
async fn ambient_credentials() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ]
    .iter()
    .any(|k| set(k))
    {
        return true;
    }
    profiles::list()
        .await
        .map(|p| p.iter().any(|p| p.name == "default"))
        .unwrap_or(true)
}

/// IAM's control plane answers `Throttling` after a few calls per second per account, and
/// an apply runs `apply::CONCURRENCY` calls at once: a throttled call must wait and try
/// again, not fail its step. Adaptive mode also slows this client's sending after a
/// throttle; 8 attempts with jittered exponential backoff from 0.5 s (capped at 10 s)
/// ride out about half a minute of throttling before a step gives up. Other transient
/// errors (HTTP 5xx, a dropped connection) follow AWS's Retry Behavior 2.1 (what
/// `AWS_NEW_RETRIES_2026=true` selects): their backoff starts at 50 ms, so a server error
/// that persists fails within seconds instead of waiting like a throttle.
fn retry_config() -> RetryConfig {
    RetryConfig::adaptive()
        .with_max_attempts(8)
        .with_initial_backoff(Duration::from_millis(500))
        .with_max_backoff(Duration::from_secs(10))
        .with_retry_spec(RetrySpec::v2_1())
}

/// The endpoint the environment points every service at, if it names one.
pub fn env_endpoint() -> Option<String> {
    std::env::var("AWS_ENDPOINT_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// True for URLs whose host is this machine (127.0.0.0/8, ::1, localhost).
pub fn is_local_endpoint(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Accept names shaped like AWS regions (`ap-northeast-2`, `us-gov-west-1`).
pub fn validate_region(region: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let shaped = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if shaped {
        Ok(())
    } else {
        Err(Error::invalid(
            "region",
            format!("\"{region}\" is not an AWS region name such as ap-northeast-2"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_endpoints_are_recognised() {
        assert!(is_local_endpoint("http://127.0.0.1:5000"));
        assert!(is_local_endpoint("http://localhost:4566/"));
        assert!(is_local_endpoint("http://[::1]:9000"));
        assert!(!is_local_endpoint("https://iam.amazonaws.com"));
        assert!(!is_local_endpoint("https://localhost.example.com"));
        assert!(!is_local_endpoint("https://127.example.com"));
    }

    #[test]
    fn region_names_are_validated() {
        for ok in [
            "us-east-1",
            "ap-northeast-2",
            "us-gov-west-1",
            "eu-central-2",
        ] {
            assert!(validate_region(ok).is_ok(), "{ok}");
        }
        for bad in ["", "seoul", "US-EAST-1", "us-east", "us--1", "us-east-1 "] {
            assert!(validate_region(bad).is_err(), "{bad:?}");
        }
    }
}
