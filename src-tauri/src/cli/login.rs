//! `baseline login` and `baseline logout`: the lead's own access key, kept only in the
//! keychain (see `baseline_core::login`).

use super::Start;
use baseline_core::login::{self, LoginRef};
use baseline_core::vault::Secret;
use baseline_core::Error;
use std::io::{BufRead, IsTerminal};

/// Read the secret from standard input (one line) or, on a terminal, a hidden prompt.
fn read_secret() -> Result<Secret, Error> {
    let io = |e: std::io::Error| Error::io("standard input", e);
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Secret access key (not shown): ").map_err(io)?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(io)?;
        line
    };
    Ok(Secret::new(text.trim()))
}

/// Verify the key with STS and keep it in the keychain only.
pub async fn login(start: &Start, access_key_id: &str) -> Result<LoginRef, Error> {
    let secret = read_secret()?;
    login::validate(access_key_id.trim(), secret.expose())?;
    let base = start.connect().await?;
    login::login(&base, &start.home, access_key_id, &secret).await
}

pub fn print_login(l: &LoginRef) {
    println!(
        "Logged in as IAM user {} of account {}. The key is in the OS keychain only; \
         Baseline uses it when no other credentials are configured.",
        l.user, l.account_id
    );
    match &l.mfa_serial {
        Some(serial) => {
            println!("MFA device {serial}: add --mfa-code CODE to work from an MFA session.")
        }
        None => println!("Next: enrol your own MFA device, then work with --mfa-code CODE."),
    }
}

pub async fn logout(start: &Start) -> Result<Option<LoginRef>, Error> {
    login::logout(&start.home).await
}

pub fn print_logout(l: &Option<LoginRef>) {
    match l {
        Some(l) => println!(
            "Removed the stored login of {} (account {}) from the keychain. The key itself still \
             works in AWS: deactivate it in the IAM console if you no longer need it.",
            l.user, l.account_id
        ),
        None => println!("There was no stored login."),
    }
}
