//! Turning SDK errors into Baseline errors that keep AWS's code and message.

use crate::Error;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response as HttpResponse;
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
pub fn classify<E>(ctx: Ctx<'_>, err: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    let detail = DisplayErrorContext(&err).to_string();
    if let SdkError::ServiceError(service) = &err {
        let (code, message) = match service.err().code() {
            Some(code) => (
                code.to_owned(),
                service.err().message().unwrap_or("").to_owned(),
            ),
            None => fallback_metadata(service.raw()),
        };
        return from_aws_code(ctx, code, message);
    }
    if find_source::<CredentialsError>(&err).is_some() {
        // An SSO profile whose credentials cannot be loaded almost always means the
        // cached token expired or `aws sso login` was never run.
        return match (ctx.sso_profile, ctx.profile) {
            (true, Some(profile)) => Error::SsoExpired {
                profile: profile.to_owned(),
                detail,
            },
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

/// Code and message of an error body the SDK could not parse (some proxies and emulators
/// wrap query-protocol errors differently); else the HTTP status.
fn fallback_metadata(raw: &HttpResponse) -> (String, String) {
    let body = raw
        .body()
        .bytes()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = body.find(&open)? + open.len();
        let end = body[start..].find(&format!("</{name}>"))? + start;
        Some(body[start..end].trim().to_owned())
    };
    let status = raw.status().as_u16();
    let code = tag("Code").unwrap_or_else(|| match status {
        401 | 403 => "AccessDenied".to_owned(),
        _ => format!("HTTP{status}"),
    });
    (code, tag("Message").unwrap_or_default())
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

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(
            StatusCode::try_from(status).unwrap(),
            SdkBody::from(body.to_owned()),
        )
    }

    #[test]
    fn unparsed_error_bodies_still_yield_code_and_message() {
        let body = "<ErrorResponse><Errors><Error><Code>AccessDenied</Code>\
                    <Message>User: u is not authorized</Message></Error></Errors></ErrorResponse>";
        assert_eq!(
            fallback_metadata(&response(403, body)),
            ("AccessDenied".into(), "User: u is not authorized".into())
        );
        assert_eq!(
            fallback_metadata(&response(403, "<html>forbidden</html>")),
            ("AccessDenied".into(), String::new())
        );
        assert_eq!(
            fallback_metadata(&response(502, "")),
            ("HTTP502".into(), String::new())
        );
    }

    #[test]
    fn aws_codes_map_to_the_errors_the_ui_explains() {
        let ctx = Ctx {
            operation: "iam:ListUsers",
            profile: None,
            sso_profile: false,
            endpoint: None,
        };
        let code = |c: &str| from_aws_code(ctx, c.into(), "m".into()).code();
        assert_eq!(code("AccessDenied"), "access_denied");
        assert_eq!(code("ExpiredToken"), "invalid_credentials");
        assert_eq!(code("InvalidClientTokenId"), "invalid_credentials");
        assert_eq!(code("EntityAlreadyExists"), "aws");
    }
}
