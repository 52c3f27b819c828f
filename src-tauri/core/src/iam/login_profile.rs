//! Console passwords: created and reset so that the keychain and AWS always agree.
//!
//! The password goes into the keychain before AWS sees it. It leaves the keychain again only
//! when AWS *definitely* refused it; when the outcome is unknown (a lost answer, a timeout,
//! a 5xx) it stays, because AWS may hold it now, and the next plan finds out which.

use super::ops::{tag, Executor};
use super::tags;
use crate::aws::classify;
use crate::aws::outcome::{aws_code, is_no_such_entity, Outcome};
use crate::team::PasswordPolicy;
use crate::vault::blocking;
use crate::vault::{self, Kind, Secret};
use crate::{password, Error, Result};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The keychain name a new password waits under until AWS accepted it (IAM user names
/// cannot contain `#`, so it never clashes with a member's own entry).
pub fn pending_key(key: &str) -> String {
    format!("{key}#pending")
}

/// AWS answered and said no: nobody holds the value that was sent.
fn definitely_refused(e: &Error) -> bool {
    match e {
        Error::AccessDenied { .. } | Error::InvalidCredentials { .. } => true,
        Error::Aws { aws_code, .. } => {
            !(aws_code.starts_with("HTTP")
                || matches!(
                    aws_code.as_str(),
                    "ServiceFailure"
                        | "InternalFailure"
                        | "InternalError"
                        | "ServiceUnavailable"
                        | "Throttling"
                        | "RequestTimeout"
                        | "RequestTimeoutException"
                ))
        }
        _ => false,
    }
}

/// When the call was retried, a profile made this recently was made by its first attempt
/// (whose answer was lost); otherwise, or older, it was there before.
const OURS_WITHIN: Duration = Duration::from_secs(60);

/// Counts the attempts of one call (the SDK retries transient failures by itself).
#[derive(Debug, Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Intercept for Attempts {
    fn name(&self) -> &'static str {
        "BaselineAttempts"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> std::result::Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

impl Executor<'_> {
    /// A re-run after a crash reuses the stored password, so the password in AWS is always
    /// the one in the keychain. A freshly generated one that meets a profile made before
    /// (another apply, a stale tag) leaves the keychain again: the step fails with "use
    /// Reset" instead of handing out a password that does not work.
    pub(super) async fn create_login_profile(
        &self,
        user: &str,
        policy: &PasswordPolicy,
    ) -> Result<Outcome> {
        let key = vault::key(&self.account_id, Kind::ConsolePassword, user);
        let k = key.clone();
        let existing = blocking(move || vault::read(&k)).await?;
        let (secret, fresh) = match existing {
            Some(old) if password::satisfies(policy, old.expose()) => (old, false),
            Some(old) => {
                // Stored under an older, weaker policy. If AWS has a profile, it holds this
                // very password (the crash came after CreateLoginProfile): keep it.
                if self.login_profile_since(user).await?.is_some() {
                    self.index_if_missing(&key, user).await?;
                    self.tag_console(user).await?;
                    return Ok(Outcome::AlreadyDone);
                }
                drop(old);
                (password::generate(policy), true)
            }
            None => (password::generate(policy), true),
        };
        if fresh {
            let (k, stored) = (key.clone(), Secret::new(secret.expose()));
            blocking(move || vault::store(&k, &stored)).await?;
        }
        self.index_if_missing(&key, user).await?;
        let started = SystemTime::now();
        let attempts = Attempts::default();
        let created = self
            .iam
            .create_login_profile()
            .user_name(user)
            .password(secret.expose())
            .password_reset_required(true)
            .customize()
            .interceptor(attempts.clone())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(self.conn.ctx("iam:CreateLoginProfile"), e));
        drop(secret);
        let outcome = match created {
            Ok(()) => Outcome::Done,
            Err(e) if aws_code(&e) == Some("EntityAlreadyExists") && fresh => {
                let retried = attempts.0.load(Ordering::SeqCst) > 1;
                let made = self.login_profile_since(user).await?;
                let ours = retried && made.is_some_and(|t| t + OURS_WITHIN >= started);
                if !ours {
                    self.forget(&key).await?;
                    return Err(Error::LoginProfileExists {
                        user: user.to_owned(),
                    });
                }
                Outcome::Done
            }
            Err(e) if aws_code(&e) == Some("EntityAlreadyExists") => Outcome::AlreadyDone,
            Err(e) => {
                if fresh && definitely_refused(&e) {
                    // e.g. a stricter password policy: nobody has this password.
                    self.forget(&key).await?;
                }
                return Err(e);
            }
        };
        self.tag_console(user).await?;
        Ok(outcome)
    }

    /// When the user's console password was made, if they have one.
    async fn login_profile_since(&self, user: &str) -> Result<Option<SystemTime>> {
        match self
            .iam
            .get_login_profile()
            .user_name(user)
            .send()
            .await
            .map_err(|e| classify(self.conn.ctx("iam:GetLoginProfile"), e))
        {
            Ok(out) => Ok(Some(
                out.login_profile()
                    .and_then(|p| SystemTime::try_from(*p.create_date()).ok())
                    .unwrap_or(SystemTime::UNIX_EPOCH),
            )),
            Err(e) if is_no_such_entity(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn forget(&self, key: &str) -> Result<()> {
        let (key, home) = (key.to_owned(), self.home.clone());
        blocking(move || {
            vault::delete(&key)?;
            vault::index::remove(&home, &key)
        })
        .await
    }

    async fn index_if_missing(&self, key: &str, user: &str) -> Result<()> {
        let (k, home, account, name) = (
            key.to_owned(),
            self.home.clone(),
            self.account_id.clone(),
            user.to_owned(),
        );
        blocking(move || {
            if !vault::index::load(&home)?.iter().any(|e| e.key == k) {
                vault::index::record(&home, &account, Kind::ConsolePassword, &name, None)?;
            }
            Ok(())
        })
        .await
    }

    async fn tag_console(&self, user: &str) -> Result<()> {
        self.iam
            .tag_user()
            .user_name(user)
            .tags(tag(tags::CONSOLE, "yes"))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(self.conn.ctx("iam:TagUser"), e))
    }

    /// A forgotten password: generate, keep it in the keychain beside the current one, set
    /// it in AWS with a reset required at the next sign-in, and only then let it replace the
    /// current one. A refused update leaves the working password as it was; an update whose
    /// outcome is unknown, or a crash in between, leaves both values in the keychain
    /// (`pending_key`), never only one that AWS does not have.
    pub async fn reset_password(&self, user: &str, policy: &PasswordPolicy) -> Result<()> {
        let key = vault::key(&self.account_id, Kind::ConsolePassword, user);
        let pending = pending_key(&key);
        let fresh = password::generate(policy);
        let (p, stored) = (pending.clone(), Secret::new(fresh.expose()));
        blocking(move || vault::store(&p, &stored)).await?;
        let updated = self
            .iam
            .update_login_profile()
            .user_name(user)
            .password(fresh.expose())
            .password_reset_required(true)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(self.conn.ctx("iam:UpdateLoginProfile"), e));
        let (home, account, name) = (self.home.clone(), self.account_id.clone(), user.to_owned());
        match updated {
            Ok(()) => {
                blocking(move || {
                    vault::store(&key, &fresh)?;
                    vault::delete(&pending)?;
                    vault::index::record(&home, &account, Kind::ConsolePassword, &name, None)
                        .map(|_| ())
                })
                .await
            }
            Err(e) => {
                if definitely_refused(&e) {
                    blocking(move || vault::delete(&pending).map(|_| ())).await?;
                }
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(code: &str) -> Error {
        Error::Aws {
            operation: "iam:CreateLoginProfile".into(),
            aws_code: code.into(),
            message: String::new(),
        }
    }

    #[test]
    fn only_a_definite_refusal_lets_a_password_go() {
        assert!(definitely_refused(&aws("PasswordPolicyViolation")));
        assert!(definitely_refused(&aws("NoSuchEntity")));
        for unknown in ["ServiceFailure", "Throttling", "HTTP 503"] {
            assert!(!definitely_refused(&aws(unknown)), "{unknown}");
        }
        let timeout = Error::Unreachable {
            endpoint: "https://iam.amazonaws.com".into(),
            detail: "operation timed out".into(),
        };
        assert!(!definitely_refused(&timeout));
    }
}
