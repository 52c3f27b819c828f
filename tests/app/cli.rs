//! `baseline whoami` and friends: the real binary, headless, against moto.

use crate::support::bed::stderr;
use crate::support::{aws_env, baseline, free_port, iam_user_with_key, sdk_config, Moto};
use serde_json::Value;
use std::process::Output;

fn run(cmd: &mut std::process::Command) -> (Output, Value) {
    let out = cmd.output().expect("run baseline");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, json)
}

fn whoami_json_reports_the_emulator_account_and_sandbox() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let (out, json) = run(baseline(home.path(), &moto.env()).args(["whoami", "--json"]));
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert_eq!(json["account_id"], "123456789012");
    assert_eq!(json["alias"], Value::Null);
    assert_eq!(
        json["sign_in_url"],
        "https://123456789012.signin.aws.amazon.com/console"
    );
    assert!(json["arn"].as_str().unwrap().starts_with("arn:aws:"));
    assert_eq!(json["sandbox"], true);
    assert_eq!(json["region"], "us-east-1");
}

fn whoami_shows_the_alias_in_the_sign_in_url() {
    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(&moto.endpoint).await);
        iam.create_account_alias()
            .account_alias("hustle-dev")
            .send()
            .await
            .unwrap();
    });
    let home = tempfile::tempdir().unwrap();
    let out = baseline(home.path(), &moto.env())
        .args(["whoami", "--region", "ap-northeast-2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(text.contains("123456789012 (alias: hustle-dev)"), "{text}");
    assert!(
        text.contains("https://hustle-dev.signin.aws.amazon.com/console"),
        "{text}"
    );
    assert!(text.contains("ap-northeast-2"), "{text}");
}

fn unreachable_endpoint_is_reported_with_a_hint() {
    let nothing_there = format!("http://127.0.0.1:{}", free_port());
    let home = tempfile::tempdir().unwrap();
    let (out, json) =
        run(baseline(home.path(), &aws_env(&nothing_there)).args(["whoami", "--json"]));
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(json["error"]["code"], "unreachable");
    assert_eq!(json["error"]["params"]["endpoint"], nothing_there.as_str());
    assert!(stderr(&out).contains("hint: Check the network connection"));
}

fn no_credentials_is_reported_with_a_hint() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let env: Vec<_> = moto
        .env()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("AWS_ACCESS_KEY_ID") && !k.starts_with("AWS_SECRET"))
        .collect();
    let (out, json) = run(baseline(home.path(), &env).args(["whoami", "--json"]));
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(json["error"]["code"], "no_credentials", "{json}");
    assert!(stderr(&out).contains("aws configure sso"));
}

fn expired_sso_session_says_which_login_to_run() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(
        &config,
        "[profile team-sso]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = AdministratorAccess\nregion = us-east-1\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = us-east-1\n",
    )
    .unwrap();
    let mut env: Vec<_> = moto
        .env()
        .into_iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_CONFIG_FILE"
            )
        })
        .collect();
    env.push(("AWS_CONFIG_FILE".into(), config.display().to_string()));
    let (out, json) =
        run(baseline(home.path(), &env).args(["whoami", "--json", "--profile", "team-sso"]));
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(json["error"]["code"], "sso_expired", "{json}");
    assert!(
        stderr(&out).contains("aws sso login --profile team-sso"),
        "{}",
        stderr(&out)
    );
}

fn access_denied_keeps_the_aws_code_and_names_the_permission() {
    // Enforce IAM after the two set-up calls: a user with no policy and its keys.
    let moto = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "2")]);
    let (key_id, secret) = iam_user_with_key(&moto.endpoint, "intern");
    let env: Vec<_> = moto
        .env()
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "AWS_ACCESS_KEY_ID" => (k, key_id.clone()),
            "AWS_SECRET_ACCESS_KEY" => (k, secret.clone()),
            _ => (k, v),
        })
        .collect();
    let home = tempfile::tempdir().unwrap();
    let (out, json) = run(baseline(home.path(), &env).args(["whoami", "--json"]));
    // GetCallerIdentity needs no permission; the alias read is denied and reported,
    // without failing the connection.
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert_eq!(json["arn"], "arn:aws:iam::123456789012:user/intern");
    assert_eq!(json["alias"], Value::Null);
    let why = json["alias_error"].as_str().expect("alias_error");
    assert!(
        why.starts_with("access denied for iam:ListAccountAliases (AccessDenied)"),
        "{why}"
    );
}

fn bad_input_exits_2_before_any_call() {
    // No emulator at all: validation must refuse before anything is sent.
    let nothing_there = format!("http://127.0.0.1:{}", free_port());
    let home = tempfile::tempdir().unwrap();
    let env = aws_env(&nothing_there);
    let (out, json) =
        run(baseline(home.path(), &env).args(["whoami", "--json", "--profile", "nope"]));
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert_eq!(json["error"]["code"], "unknown_profile");
    let (out, json) =
        run(baseline(home.path(), &env).args(["whoami", "--json", "--region", "seoul"]));
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert_eq!(json["error"]["code"], "invalid_input");
    assert_eq!(json["error"]["params"]["field"], "region");
}

fn help_lists_the_subcommands() {
    let home = tempfile::tempdir().unwrap();
    let out = baseline(home.path(), &[]).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("whoami"), "{text}");
    assert!(text.contains("--profile"), "{text}");
    let out = baseline(home.path(), &[])
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(
            Nothing,
            whoami_json_reports_the_emulator_account_and_sandbox
        ),
        crate::trial!(Nothing, whoami_shows_the_alias_in_the_sign_in_url),
        crate::trial!(Nothing, unreachable_endpoint_is_reported_with_a_hint),
        crate::trial!(Nothing, no_credentials_is_reported_with_a_hint),
        crate::trial!(Nothing, expired_sso_session_says_which_login_to_run),
        crate::trial!(
            Nothing,
            access_denied_keeps_the_aws_code_and_names_the_permission
        ),
        crate::trial!(Nothing, bad_input_exits_2_before_any_call),
        crate::trial!(Nothing, help_lists_the_subcommands),
    ]
}
