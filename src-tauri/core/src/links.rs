//! Which web pages Baseline opens in the browser: the AWS console and sign-up pages, the
//! mailbox sign-up and the registrars of the name-server guide. Nothing else, so a link in
//! a message or a team file can never send the lead somewhere unexpected.

use crate::{Error, Result};

/// Hosts (exact, or as a parent domain of the host) that may be opened, https only.
const ALLOWED: &[&str] = &[
    "console.aws.amazon.com",
    "signin.aws.amazon.com",
    "portal.aws.amazon.com",
    "aws.amazon.com",
    "docs.aws.amazon.com",
    "accounts.google.com",
    "gabia.com",
];

/// The URL if it may be opened, else `invalid_input`.
pub fn check(url: &str) -> Result<&str> {
    let refuse = || {
        Error::invalid(
            "url",
            format!("{url} is not an AWS console, AWS sign-up or registrar page"),
        )
    };
    let rest = url.strip_prefix("https://").ok_or_else(refuse)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains(['@', ':', '\\']) || authority.is_empty() {
        return Err(refuse());
    }
    let host = authority.to_ascii_lowercase();
    let ok = ALLOWED
        .iter()
        .any(|a| host == *a || host.ends_with(&format!(".{a}")));
    if ok {
        Ok(url)
    } else {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_sign_up_and_registrar_pages_open() {
        for ok in [
            "https://console.aws.amazon.com/iam/home#/security_credentials",
            "https://us-east-1.console.aws.amazon.com/billing/home#/preferences",
            "https://hustle-dev.signin.aws.amazon.com/console",
            "https://portal.aws.amazon.com/billing/signup",
            "https://accounts.google.com/signup",
            "https://www.gabia.com/",
            "https://my.gabia.com/service",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://console.aws.amazon.com/",
            "https://console.aws.amazon.com.evil.example/",
            "https://evil.example/?https://console.aws.amazon.com",
            "https://user@console.aws.amazon.com/",
            "https://console.aws.amazon.com:8443/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://notgabia.com/",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
