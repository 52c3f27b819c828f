//! Turning SDK errors into Baseline errors that keep AWS's code and message.

use crate::Error;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use std::error::Error as StdError;

/// What was being done when an error happened, for the message and the hint.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// IAM-style action name, e.g. `sts:GetCallerIdentity`.
    pub operation: &'static str,
    pub profile: Option<&'a str>,
    /// The profile signs in through IAM Identity Center.
    pub sso_profile: bool,
    pub endpoint: Option<&'a str>,
}

const DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
];
const BAD_CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "RequestExpired",
];

/// Classify an SDK error: AWS answers keep their code and message; failures before an
/// answer become "no credentials", "SSO expired" or "unreachable" where that is what
/// happened, and keep the full error chain as detail otherwise.
pub fn classify<E, R>(ctx: Ctx<'_>, err: SdkError<E, R>) -> Error
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let detail = DisplayErrorContext(&err).to_string();
    if let SdkError::ServiceError(service) = &err {
        let code = service.err().code().unwrap_or("Unknown").to_owned();
        let message = service.err().message().unwrap_or("").to_owned();
        return from_aws_code(ctx, code, message);
    }
    if find_source::<CredentialsError>(&err).is_some() {
        // An SSO profile whose credentials cannot be loaded almost always means the
        // cached token expired or `aws sso login` was never run.
        return match (ctx.sso_profile, ctx.profile) {
            (true, Some(profile)) => {
                Error::SsoExpired {
                    profile: profile.to_owned(),
                    detail,
                }
            }
            _ => Error::NoCredentials {
                profile: ctx.profile.map(str::to_owned),
                detail,
            },
        };
    }
    let unreachable = match &err {
        SdkError::TimeoutError(_) => true,
        SdkError::DispatchFailure(d) => d.is_io() || d.is_timeout(),
        _ => false,
    };
    if unreachable {
        return Error::Unreachable {
            endpoint: ctx.endpoint.unwrap_or("AWS").to_owned(),
            detail,
        };
    }
    Error::Internal(format!("{}: {detail}", ctx.operation))
}

/// Map an AWS error code to the variant the UI explains best.
pub fn from_aws_code(ctx: Ctx<'_>, code: String, message: String) -> Error {
    let operation = ctx.operation.to_owned();
    if DENIED.contains(&code.as_str()) {
        Error::AccessDenied {
            operation,
            aws_code: code,
            message,
        }
    } else if BAD_CREDENTIALS.contains(&code.as_str()) {
        Error::InvalidCredentials {
            aws_code: code,
            message,
        }
    } else {
        Error::Aws {
            operation,
            aws_code: code,
            message,
        }
    }
}

fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}
