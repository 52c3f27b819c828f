//! The safety promises, against moto and the keychain daemon: the lead is never locked out,
//! the keychain never holds a password AWS does not have, one writer at a time.

use crate::support::bed::stderr;
use crate::support::{aws_env, baseline, require_keychain, sdk_config, starter_team, Moto, KIM};
use crate::support::{iam_user_with_key, unique_account};
use baseline_core::vault::{self, Kind, Secret};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn run(home: &Path, env: &[(String, String)], team: &Path, args: &[&str]) -> Output {
    baseline(home, env)
        .args(args)
        .arg("--team")
        .arg(team)
        .output()
        .unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// The lead's IAM user with an access key (and, if asked, an enabled virtual MFA device):
/// returns the environment that connects as that user.
fn lead_user(moto: &Moto, name: &str, with_mfa: bool) -> Vec<(String, String)> {
    let (id, secret) = iam_user_with_key(&moto.endpoint, name);
    if with_mfa {
        rt().block_on(async {
            let iam = aws_sdk_iam::Client::new(&sdk_config(&moto.endpoint).await);
            let device = iam
                .create_virtual_mfa_device()
                .virtual_mfa_device_name(name)
                .send()
                .await
                .unwrap();
            let serial = device.virtual_mfa_device().unwrap().serial_number();
            iam.enable_mfa_device()
                .user_name(name)
                .serial_number(serial)
                .authentication_code1("123456")
                .authentication_code2("654321")
                .send()
                .await
                .unwrap();
        });
    }
    let mut env = moto.env();
    for (k, v) in env.iter_mut() {
        match k.as_str() {
            "AWS_ACCESS_KEY_ID" => *v = id.clone(),
            "AWS_SECRET_ACCESS_KEY" => *v = secret.clone(),
            _ => {}
        }
    }
    env
}

/// Group names and customer policies in the account, read with the emulator's own keys.
fn groups_and_policies(endpoint: &str) -> (Vec<String>, Vec<String>) {
    rt().block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(endpoint).await);
        let groups = iam.list_groups().send().await.unwrap();
        let policies = iam
            .list_policies()
            .scope(aws_sdk_iam::types::PolicyScopeType::Local)
            .send()
            .await
            .unwrap();
        (
            groups
                .groups()
                .iter()
                .map(|g| g.group_name().to_owned())
                .collect(),
            policies
                .policies()
                .iter()
                .filter_map(|p| p.policy_name().map(str::to_owned))
                .collect(),
        )
    })
}

fn a_lead_on_long_term_keys_in_a_group_that_requires_mfa_is_refused_and_nothing_changes() {
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let env = lead_user(&moto, "boss", true);
    let team = starter_team(
        home.path(),
        None,
        "\n[[members]]\nuser = \"boss\"\ngroups = [\"lead\"]\nconsole = false\n",
    );

    let whoami = baseline(home.path(), &env)
        .args(["whoami", "--json"])
        .output()
        .unwrap();
    assert!(whoami.status.success(), "{}", stderr(&whoami));
    assert!(
        json(&whoami)["arn"]
            .as_str()
            .unwrap()
            .ends_with(":user/boss"),
        "moto must answer as the lead's user: {}",
        json(&whoami)
    );

    for args in [&["plan", "--json"][..], &["apply", "--yes", "--json"][..]] {
        let out = run(home.path(), &env, &team, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = &json(&out)["error"];
        assert_eq!(err["code"], "would_lock_out_caller", "{args:?}: {err}");
        assert_eq!(err["params"]["user"], "boss");
        assert!(err["hint"].as_str().unwrap().contains("--mfa-code"));
    }
    let (groups, policies) = groups_and_policies(&moto.endpoint);
    assert!(groups.is_empty(), "nothing attached or created: {groups:?}");
    assert!(policies.is_empty(), "{policies:?}");

    // The way out: an MFA session made from the lead's own device.
    let mut with_mfa = vec!["--mfa-code", "123 456"];
    with_mfa.extend(["apply", "--yes", "--json"]);
    let out = run(home.path(), &env, &team, &with_mfa);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = run(
        home.path(),
        &env,
        &team,
        &["--mfa-code", "123456", "plan", "--json"],
    );
    assert!(plan.status.success(), "{}", stderr(&plan));
    assert_eq!(json(&plan)["summary"]["create"], 0, "{}", json(&plan));
    let (groups, _) = groups_and_policies(&moto.endpoint);
    assert!(groups.contains(&"lead".to_owned()), "{groups:?}");
    // Nothing of the session reached the disk.
    for entry in std::fs::read_dir(home.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                !text.contains("SessionToken") && !text.contains("FQoG"),
                "{path:?}"
            );
        }
    }
}

fn a_bad_mfa_code_is_refused_before_any_aws_call() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let out = baseline(home.path(), &moto.env())
        .args(["--mfa-code", "12ab56", "whoami", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(json(&out)["error"]["params"]["field"], "mfa_code");
}

fn a_fresh_password_that_meets_an_existing_login_profile_leaves_the_keychain() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    // A stale tag says "no console password", but one exists (made in the console).
    rt().block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(&moto.endpoint).await);
        let tag = |k: &str, v: &str| {
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .unwrap()
        };
        iam.create_user()
            .user_name("kim.backend")
            .tags(tag("baseline:managed", "true"))
            .tags(tag("baseline:console", "no"))
            .send()
            .await
            .unwrap();
        iam.create_login_profile()
            .user_name("kim.backend")
            .password("Set-In-The-Console-1!")
            .send()
            .await
            .unwrap();
    });
    let team = starter_team(home.path(), None, KIM);
    let out = run(
        home.path(),
        &moto.env(),
        &team,
        &["apply", "--yes", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    let step = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "user:kim.backend/console")
        .expect("the console step");
    assert_eq!(step["state"], "failed", "{step}");
    assert_eq!(step["error"]["code"], "login_profile_exists");
    assert!(step["error"]["hint"].as_str().unwrap().contains("Reset"));
    let key = vault::key(&account, Kind::ConsolePassword, "kim.backend");
    assert!(
        vault::read(&key).unwrap().is_none(),
        "no password AWS lacks"
    );
    let index = std::fs::read_to_string(home.path().join("secrets.json")).unwrap_or_default();
    assert!(!index.contains("kim.backend"), "{index}");
}

fn a_refused_reset_keeps_the_working_password() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let team_path = starter_team(home.path(), None, KIM);
    let team = baseline_core::team::Team::load(&team_path).unwrap();
    let key = vault::key(&account, Kind::ConsolePassword, "kim.backend");
    vault::store(&key, &Secret::new("Working-Passw0rd-1!")).unwrap();
    rt().block_on(async {
        let config = sdk_config(&moto.endpoint).await;
        let iam = aws_sdk_iam::Client::new(&config);
        // The user exists but AWS refuses the update (here: no login profile to update).
        iam.create_user()
            .user_name("kim.backend")
            .send()
            .await
            .unwrap();
        let conn = baseline_core::aws::Connection::from_config(config);
        let err = baseline_core::access::reset_password(&conn, home.path(), &team, "kim.backend")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "aws", "{err}");
        let kept = vault::read(&key).unwrap().expect("still there");
        assert_eq!(kept.expose(), "Working-Passw0rd-1!");
        let pending = baseline_core::iam::login_profile::pending_key(&key);
        assert!(vault::read(&pending).unwrap().is_none());

        // Once AWS takes it, the new value replaces the old one.
        iam.create_login_profile()
            .user_name("kim.backend")
            .password("Working-Passw0rd-1!")
            .send()
            .await
            .unwrap();
        baseline_core::access::reset_password(&conn, home.path(), &team, "kim.backend")
            .await
            .unwrap();
        let new = vault::read(&key).unwrap().unwrap();
        assert_ne!(new.expose(), "Working-Passw0rd-1!");
        assert!(vault::read(&pending).unwrap().is_none());
    });
    vault::delete(&key).unwrap();
}

fn two_applies_started_together_converge_to_the_exact_team() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let members = "\n[[members]]\nuser = \"kim.backend\"\ngroups = [\"backend\"]\n\
                   [[members]]\nuser = \"lee.front\"\ngroups = [\"frontend\"]\n\
                   [[members]]\nuser = \"choi.pm\"\ngroups = [\"pm\"]\n";
    let team = starter_team(home.path(), Some("hustle-dev"), members);
    let env = aws_env(&moto.endpoint);
    let spawn = || {
        baseline(home.path(), &env)
            .args(["apply", "--yes", "--json", "--team"])
            .arg(&team)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for out in [&a, &b] {
        assert!(out.status.success(), "{}", stderr(out));
    }
    // One of them did the work; the other waited for the lock and found nothing left.
    let done = |o: &Output| json(o)["done"].as_u64().unwrap_or(0);
    assert!(
        done(&a) == 0 || done(&b) == 0,
        "{} / {}",
        done(&a),
        done(&b)
    );
    let plan = run(home.path(), &env, &team, &["plan", "--json"]);
    let summary = &json(&plan)["summary"];
    assert_eq!(
        (&summary["create"], &summary["update"], &summary["delete"]),
        (&Value::from(0), &Value::from(0), &Value::from(0))
    );
    // Each member's password in the keychain is the one AWS has: exactly one each.
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join("secrets.json")).unwrap())
            .unwrap();
    assert_eq!(index.as_array().unwrap().len(), 3, "{index}");
    for user in ["kim.backend", "lee.front", "choi.pm"] {
        let key = vault::key(&account, Kind::ConsolePassword, user);
        assert!(vault::read(&key).unwrap().is_some(), "{user}");
        vault::delete(&key).unwrap();
    }
}

fn a_corrupt_index_stops_neither_apply_nor_secret_list_and_is_rebuilt() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let team = starter_team(home.path(), None, KIM);
    let env = aws_env(&moto.endpoint);
    let out = run(home.path(), &env, &team, &["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = home.path().join("secrets.json");
    std::fs::write(&index, "{ this is not json").unwrap();

    let list = baseline(home.path(), &env)
        .args(["secret", "list", "--json"])
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", stderr(&list));
    let again = run(home.path(), &env, &team, &["apply", "--yes", "--json"]);
    assert!(again.status.success(), "{}", stderr(&again));
    // The broken file is kept aside, never deleted.
    let aside = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("secrets.json.corrupt")
        });
    assert!(aside);
    // The status read finds kim's password in the keychain and puts it back in the index.
    let status = run(home.path(), &env, &team, &["status", "--json"]);
    assert!(status.status.success(), "{}", stderr(&status));
    let rebuilt = std::fs::read_to_string(&index).unwrap();
    assert!(
        rebuilt.contains("console-password/kim.backend"),
        "{rebuilt}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in ["secrets.json", "journal.jsonl", "baseline.lock"] {
            let mode = std::fs::metadata(home.path().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
    }
    vault::delete(&vault::key(&account, Kind::ConsolePassword, "kim.backend")).unwrap();
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(
            Nothing,
            a_lead_on_long_term_keys_in_a_group_that_requires_mfa_is_refused_and_nothing_changes
        ),
        crate::trial!(Nothing, a_bad_mfa_code_is_refused_before_any_aws_call),
        crate::trial!(
            Keychain,
            a_fresh_password_that_meets_an_existing_login_profile_leaves_the_keychain
        ),
        crate::trial!(Keychain, a_refused_reset_keeps_the_working_password),
        crate::trial!(
            Keychain,
            two_applies_started_together_converge_to_the_exact_team
        ),
        crate::trial!(
            Keychain,
            a_corrupt_index_stops_neither_apply_nor_secret_list_and_is_rebuilt
        ),
    ]
}
