//! The one error type the UI and the command line branch on.
//!
//! Each variant maps to a stable `code` (the UI translates it) and carries the facts a
//! person needs: AWS errors keep the service's own code and message.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// Why a value was refused, for the UI to branch on (`params.reason`), never on the prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputReason {
    /// Not the shape such a value has (e.g. an access key ID is `AKIA` + 16).
    Format,
    /// An access key of the root user, which Baseline refuses to keep.
    RootKey,
    /// A key that belongs to a role or a federated session, not to an IAM user.
    NotIamUser,
}

impl InputReason {
    /// The stable word the UI sees.
    pub fn as_str(self) -> &'static str {
        match self {
            InputReason::Format => "format",
            InputReason::RootKey => "root_key",
            InputReason::NotIamUser => "not_iam_user",
        }
    }
}

/// Result with Baseline's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, in the words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input caught before any AWS call; nothing was changed. `reason` tells apart the
    /// ways one field can be wrong where the UI words them differently.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        field: String,
        message: String,
        reason: Option<InputReason>,
    },
    /// The team file breaks one or more rules; nothing was changed.
    #[error("{} has {} problem(s):{}", if file.is_empty() { "the team" } else { file.as_str() }, problems.len(), list_problems(problems))]
    InvalidTeam {
        file: String,
        problems: Vec<crate::team::Problem>,
    },
    /// The named profile is not in the AWS config or credentials files.
    #[error("no AWS profile named \"{profile}\" in the config or credentials files")]
    UnknownProfile { profile: String },
    /// The AWS config or credentials file could not be read.
    #[error("the AWS config files could not be read: {detail}")]
    ProfileFiles { detail: String },
    /// The credential chain found nothing to sign with.
    #[error("no AWS credentials were found{}: {detail}", profile_suffix(.profile))]
    NoCredentials {
        profile: Option<String>,
        detail: String,
    },
    /// The profile signs in through IAM Identity Center and its session has expired.
    #[error("the SSO session of profile \"{profile}\" has expired or is not signed in: {detail}")]
    SsoExpired { profile: String, detail: String },
    /// AWS refused the keys themselves (expired session token, deleted or mistyped key).
    #[error("AWS rejected the credentials ({aws_code}): {message}")]
    InvalidCredentials { aws_code: String, message: String },
    /// The endpoint could not be reached (network down, wrong endpoint, emulator stopped).
    #[error("cannot reach the AWS endpoint {endpoint}: {detail}")]
    Unreachable { endpoint: String, detail: String },
    /// The identity is not allowed to make this call.
    #[error("access denied for {operation} ({aws_code}): {message}")]
    AccessDenied {
        operation: String,
        aws_code: String,
        message: String,
    },
    /// Any other error AWS answered with, code and message kept.
    #[error("{operation} failed ({aws_code}): {message}")]
    Aws {
        operation: String,
        aws_code: String,
        message: String,
    },
    /// The account alias is already used by another AWS account (aliases are global).
    #[error("the account alias \"{alias}\" is used by another AWS account")]
    AliasTaken { alias: String },
    /// The plan has risky changes (replace alias, detach policies, …) not yet confirmed.
    #[error("the plan has risky changes that need an explicit confirmation: {}", changes.join(", "))]
    ConfirmationNeeded { changes: Vec<String> },
    /// Applying would put the connected IAM user in a group that denies everything without
    /// MFA while its credentials carry no MFA: Baseline would lose access halfway.
    #[error("applying this team would lock out the identity Baseline runs as: IAM user \"{user}\" is or will be in {} which require MFA, and this connection has no MFA session", groups.join(", "))]
    WouldLockOutCaller { user: String, groups: Vec<String> },
    /// The plan would take the connected IAM user's own access away halfway (leaving a
    /// group, losing administrator rights, a guard that denies IAM deletions to them).
    #[error("applying this team would take IAM user \"{user}\"'s own access away (the identity Baseline runs as): {}", changes.join(", "))]
    WouldCutOffCaller { user: String, changes: Vec<String> },
    /// STS refused the MFA code (wrong, already used or from a drifted clock).
    #[error("AWS did not accept the MFA code for {serial}: {message}")]
    MfaCodeRejected { serial: String, message: String },
    /// A console password was generated for a member who turned out to have one already.
    #[error("{user} already has a console password that Baseline does not know; the password just generated was discarded")]
    LoginProfileExists { user: String },
    /// Another Baseline operation (this window, another window or the command line) holds
    /// the state lock.
    #[error("another Baseline operation is running ({operation}{}{})", pid.map(|p| format!(", process {p}")).unwrap_or_default(), since.as_ref().map(|s| format!(", since {s}")).unwrap_or_default())]
    Busy {
        operation: String,
        pid: Option<u32>,
        since: Option<String>,
    },
    /// Offboarding a user Baseline does not manage, or the caller themself, was not
    /// confirmed a second time; nothing was changed. `reasons`: `unmanaged`, `caller`.
    #[error(
        "offboarding {user} needs an explicit second confirmation: {}",
        offboard_reasons(reasons)
    )]
    OffboardNeedsConfirmation {
        user: String,
        reasons: Vec<&'static str>,
    },
    /// The OS keychain could not be used; nothing that needs a secret was done.
    #[error("the OS keychain cannot be used: {detail}")]
    Keychain { detail: String },
    /// An AWS operation was asked for before connecting.
    #[error("not connected to an AWS account yet")]
    NotConnected,
    /// The user cancelled the operation.
    #[error("cancelled")]
    Cancelled,
    /// Reading or writing Baseline's own files failed.
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    /// AWS is not done yet (a resource still being made, a report still being written):
    /// nothing is wrong, and running again later finishes the job without duplicates.
    #[error("{what} is not ready yet: {detail}")]
    NotReady { what: String, detail: String },
    /// A defect or an unexpected condition; the detail says what.
    #[error("unexpected error: {0}")]
    Internal(String),
}

fn list_problems(problems: &[crate::team::Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            let line = p.line.map(|l| format!("line {l}: ")).unwrap_or_default();
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!("{}: ", p.field)
            };
            format!("\n  {line}{field}{}", p.message)
        })
        .collect()
}

fn offboard_reasons(reasons: &[&str]) -> String {
    reasons
        .iter()
        .map(|r| match *r {
            "unmanaged" => "Baseline did not create this user (no baseline:managed tag)",
            "caller" => "it is the identity you are signed in with",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn profile_suffix(profile: &Option<String>) -> String {
    profile
        .as_ref()
        .map(|p| format!(" for profile \"{p}\""))
        .unwrap_or_default()
}

impl Error {
    /// A file (or stream) could not be read or written.
    pub fn io(path: impl AsRef<std::path::Path>, e: impl std::fmt::Display) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            detail: e.to_string(),
        }
    }

    /// A value the user gave breaks a rule; nothing was changed.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
            reason: None,
        }
    }

    /// Like [`Error::invalid`], with the reason the UI words (`params.reason`).
    pub fn invalid_because(
        field: impl Into<String>,
        reason: InputReason,
        message: impl Into<String>,
    ) -> Error {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
            reason: Some(reason),
        }
    }

    /// Stable machine-readable code, used by the UI to pick its translated message.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::InvalidTeam { .. } => "invalid_team",
            Error::UnknownProfile { .. } => "unknown_profile",
            Error::ProfileFiles { .. } => "profile_files",
            Error::NoCredentials { .. } => "no_credentials",
            Error::SsoExpired { .. } => "sso_expired",
            Error::InvalidCredentials { .. } => "invalid_credentials",
            Error::Unreachable { .. } => "unreachable",
            Error::AccessDenied { .. } => "access_denied",
            Error::Aws { .. } => "aws",
            Error::AliasTaken { .. } => "alias_taken",
            Error::ConfirmationNeeded { .. } => "confirmation_needed",
            Error::WouldLockOutCaller { .. } => "would_lock_out_caller",
            Error::WouldCutOffCaller { .. } => "would_cut_off_caller",
            Error::LoginProfileExists { .. } => "login_profile_exists",
            Error::MfaCodeRejected { .. } => "mfa_code_rejected",
            Error::Busy { .. } => "busy",
            Error::OffboardNeedsConfirmation { .. } => "offboard_confirmation_needed",
            Error::Keychain { .. } => "keychain",
            Error::NotConnected => "not_connected",
            Error::Cancelled => "cancelled",
            Error::Io { .. } => "io",
            Error::NotReady { .. } => "not_ready",
            Error::Internal(_) => "internal",
        }
    }

    /// What to do about it, in English (the UI has its own translated hints per code).
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::InvalidInput { .. } => "Correct the value and try again; nothing was changed.".into(),
            Error::InvalidTeam { .. } => "Fix the fields listed and run again; nothing was changed in AWS and the file was left as it was.".into(),
            Error::UnknownProfile { .. } => "Run `aws configure list-profiles` to see the profiles, or pick one from the list.".into(),
            Error::ProfileFiles { .. } => "Fix the syntax of ~/.aws/config or ~/.aws/credentials (or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name).".into(),
            Error::NoCredentials { .. } => "Create a profile with `aws configure sso` (IAM Identity Center) or `aws configure`, or set the standard AWS environment variables, then connect again.".into(),
            Error::SsoExpired { profile, .. } => format!("Sign in again with `aws sso login --profile {profile}`, then connect again."),
            Error::InvalidCredentials { .. } => "The keys were deleted, mistyped or their session expired. Refresh them (for SSO: `aws sso login`) and connect again.".into(),
            Error::Unreachable { .. } => "Check the network connection. If AWS_ENDPOINT_URL points at a local sandbox, make sure it is running (scripts/sandbox).".into(),
            Error::AccessDenied { operation, .. } => format!("Ask an administrator to allow {operation} for this identity, or connect with a profile that has it."),
            Error::AliasTaken { .. } => "Choose another alias in the team file and apply again; the account keeps its current alias.".into(),
            Error::ConfirmationNeeded { .. } => "Review the risky changes in the plan, then confirm them (on the command line: apply --yes).".into(),
            Error::WouldLockOutCaller { .. } => "Enrol an MFA device for this user (Members screen, or the IAM console), then connect with MFA (the MFA code field on the Connect screen, or --mfa-code CODE) so Baseline works from an MFA session. Or connect as another administrator, or set require_mfa = false. Nothing was changed.".into(),
            Error::WouldCutOffCaller { .. } => "Nothing was changed. Change the team file so that your own user keeps its group and administrator rights (or leave the deny-delete guard off your own group), or apply as another administrator.".into(),
            Error::MfaCodeRejected { .. } => "Type the code the authenticator app shows now (a code works once; check that the phone's clock is right), and connect again.".into(),
            Error::LoginProfileExists { .. } => "Use Reset password on the member's page (Members or Secrets screen) to give them a new temporary password that Baseline keeps.".into(),
            Error::Busy { .. } => "Wait for the other operation to finish (or close the other Baseline window), then try again.".into(),
            Error::OffboardNeedsConfirmation { .. } => "Check that this is the right user, then confirm once more (on the command line: offboard --confirm-unmanaged-or-self).".into(),
            Error::Keychain { .. } => "Unlock the OS keychain (on Linux: the login keyring of GNOME Keyring or KWallet) and try again.".into(),
            Error::NotConnected => "Connect to an account on the Connect screen first.".into(),
            Error::NotReady { .. } => "Wait a few minutes and run it again: Baseline picks up where it stopped and makes nothing twice.".into(),
            Error::Aws { .. } | Error::Cancelled | Error::Io { .. } | Error::Internal(_) => return None,
        })
    }

    /// Parameters the UI substitutes into its translated message and hint.
    pub fn params(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut map = serde_json::Map::new();
        let mut put = |k: &str, v: &str| {
            map.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
        };
        match self {
            Error::InvalidInput { field, reason, .. } => {
                put("field", field);
                if let Some(reason) = reason {
                    put("reason", reason.as_str());
                }
            }
            Error::InvalidTeam { file, problems } => {
                put("file", file);
                put("count", &problems.len().to_string());
            }
            Error::UnknownProfile { profile } | Error::SsoExpired { profile, .. } => {
                put("profile", profile)
            }
            Error::NoCredentials {
                profile: Some(p), ..
            } => put("profile", p),
            Error::Unreachable { endpoint, .. } => put("endpoint", endpoint),
            Error::AccessDenied {
                operation,
                aws_code,
                ..
            }
            | Error::Aws {
                operation,
                aws_code,
                ..
            } => {
                put("operation", operation);
                put("aws_code", aws_code);
            }
            Error::InvalidCredentials { aws_code, .. } => put("aws_code", aws_code),
            Error::AliasTaken { alias } => put("alias", alias),
            Error::WouldLockOutCaller { user, groups } => {
                put("user", user);
                put("groups", &groups.join(", "));
            }
            Error::WouldCutOffCaller { user, changes } => {
                put("user", user);
                put("changes", &changes.join(", "));
            }
            Error::LoginProfileExists { user } => put("user", user),
            Error::MfaCodeRejected { serial, .. } => put("serial", serial),
            Error::Busy {
                operation,
                pid,
                since,
            } => {
                put("operation", operation);
                if let Some(pid) = pid {
                    put("pid", &pid.to_string());
                }
                if let Some(since) = since {
                    put("since", since);
                }
            }
            Error::OffboardNeedsConfirmation { user, reasons } => {
                put("user", user);
                put("reasons", &reasons.join(","));
            }
            Error::NotReady { what, .. } => put("what", what),
            _ => {}
        }
        map
    }

    /// Exit status of the command line: 2 for invalid input (nothing changed), 1 otherwise.
    pub fn exit_status(&self) -> i32 {
        match self {
            Error::InvalidInput { .. }
            | Error::InvalidTeam { .. }
            | Error::UnknownProfile { .. }
            | Error::OffboardNeedsConfirmation { .. } => 2,
            _ => 1,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 5)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("hint", &self.hint())?;
        s.serialize_field("params", &self.params())?;
        if let Error::InvalidTeam { problems, .. } = self {
            s.serialize_field("problems", problems)?;
        }
        s.end()
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
