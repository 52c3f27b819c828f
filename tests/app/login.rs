//! `baseline login` / `logout`: the lead's own access key lives only in the keychain and is
//! used when no other credentials are configured.

use crate::support::{baseline, iam_user_with_key, require_keychain, unique_account, Moto};
use baseline_core::vault::{self, Kind};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

/// The emulator's endpoint and region, and no credentials at all.
fn env_without_credentials(moto: &Moto) -> Vec<(String, String)> {
    moto.env()
        .into_iter()
        .filter(|(k, _)| k != "AWS_ACCESS_KEY_ID" && k != "AWS_SECRET_ACCESS_KEY")
        .collect()
}

fn run(home: &Path, env: &[(String, String)], args: &[&str], stdin: &str) -> Output {
    let mut child = baseline(home, env)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .map(|b| String::from_utf8_lossy(&b).contains(needle))
            .unwrap_or(false)
        {
            hits.push(path.display().to_string());
        }
    }
    hits
}

fn a_pasted_key_lives_only_in_the_keychain_and_connects_until_logout() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let (id, secret) = iam_user_with_key(&moto.endpoint, "lead");
    let env = env_without_credentials(&moto);

    // A mistyped key: refused before any AWS call, nothing stored.
    let bad = run(
        home.path(),
        &env,
        &["login", "--access-key-id", "AKIA123"],
        &secret,
    );
    assert_eq!(bad.status.code(), Some(2));
    let key = vault::key(&account, Kind::AccessKey, "lead");
    assert!(vault::read(&key).unwrap().is_none());

    let out = run(
        home.path(),
        &env,
        &["login", "--access-key-id", &id, "--json"],
        &format!("{secret}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stored = vault::read(&key).unwrap().expect("in the keychain");
    assert!(stored.expose().contains(&secret));
    assert!(
        files_containing(home.path(), &secret).is_empty(),
        "the secret is in no file under HOME or BASELINE_HOME"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&secret));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&secret));

    let who = run(home.path(), &env, &["whoami", "--json"], "");
    assert!(
        who.status.success(),
        "{}",
        String::from_utf8_lossy(&who.stderr)
    );
    let who: Value = serde_json::from_slice(&who.stdout).unwrap();
    assert!(
        who["arn"].as_str().unwrap().ends_with(":user/lead"),
        "{who}"
    );
    assert_eq!(who["login"], "lead");

    let out = run(home.path(), &env, &["logout"], "");
    assert!(out.status.success());
    assert!(vault::read(&key).unwrap().is_none(), "logout removes it");
    let index = std::fs::read_to_string(home.path().join("secrets.json")).unwrap_or_default();
    assert!(!index.contains("access-key"), "{index}");
    let who = run(home.path(), &env, &["whoami", "--json"], "");
    assert_eq!(who.status.code(), Some(1), "no credentials any more");
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Keychain,
        a_pasted_key_lives_only_in_the_keychain_and_connects_until_logout
    )]
}
