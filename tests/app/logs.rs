//! No secret reaches the logs, whatever `RUST_LOG` asks for: the real binary applies a
//! team (a console password goes to AWS) with the SDK's wire-level crates set to trace by
//! name, `LOG_SIGNABLE_BODY=true` and a session token in the environment.

use crate::support::{
    aws_env, baseline, require_keychain, starter_team, unique_account, Moto, KIM,
};
use baseline_core::vault::{self, Kind};

const SESSION_TOKEN: &str = "FwoGZXIvYXdzEFAKE-session-token-7f3a9c2e51d84b06";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKE-log-test-key";

/// The form encoding of a value in a Query-protocol request body (CreateLoginProfile).
fn form_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn trace_logging_of_an_apply_shows_no_password_token_or_key() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let team = starter_team(home.path(), Some("hustle-dev"), KIM);
    let mut env = aws_env(&moto.endpoint);
    env.retain(|(k, _)| k != "AWS_SECRET_ACCESS_KEY");
    for (k, v) in [
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
        (
            "RUST_LOG",
            "trace,aws_smithy_runtime::client::orchestrator=trace,aws_sigv4=trace,hyper=trace",
        ),
        ("LOG_SIGNABLE_BODY", "true"),
    ] {
        env.push((k.to_owned(), v.to_owned()));
    }
    let out = baseline(home.path(), &env)
        .args(["apply", "--yes", "--json", "--team"])
        .arg(&team)
        .output()
        .unwrap();
    let key = vault::key(&account, Kind::ConsolePassword, "kim.backend");
    let password = vault::read(&key).unwrap().map(|s| s.expose().to_owned());
    let _ = vault::delete(&key);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "{}",
        &text[text.len().saturating_sub(4000)..]
    );
    let password = password.expect("apply stored the console password");

    // The logging was really on (so the checks below can fail): trace lines of Baseline
    // and the SDK's INFO-or-above lines pass the floor.
    assert!(
        text.lines()
            .filter(|l| l.contains("TRACE") || l.contains("DEBUG"))
            .count()
            > 10,
        "{text}"
    );
    for (what, secret) in [
        ("console password", password.clone()),
        ("console password (form-encoded)", form_encoded(&password)),
        ("session token", SESSION_TOKEN.to_owned()),
        ("secret access key", SECRET_KEY.to_owned()),
        ("secret access key (encoded)", form_encoded(SECRET_KEY)),
    ] {
        assert!(!text.contains(&secret), "the {what} is in the output");
    }
    // Nothing below INFO from the wire-level crates.
    let wire = [
        "aws_smithy_",
        "aws_sigv4",
        "aws_runtime",
        "hyper",
        "h2",
        "rustls",
    ];
    let leaked: Vec<&str> = text
        .lines()
        .filter(|l| {
            (l.contains("TRACE") || l.contains("DEBUG"))
                && wire.iter().any(|w| l.contains(&format!(" {w}")))
        })
        .take(3)
        .collect();
    assert!(leaked.is_empty(), "{leaked:#?}");
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Keychain,
        trace_logging_of_an_apply_shows_no_password_token_or_key
    )]
}
