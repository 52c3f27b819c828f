//! Plan and apply of team files: the real binary against moto, the keychain daemon, and a
//! loopback proxy for kills and AWS errors the emulator cannot produce.

use crate::support::bed::{stderr, Bed};
use crate::support::proxy::{Fault, Proxy};
use crate::support::{aws_env, baseline, require_keychain, sdk_config, Moto};
use baseline_core::vault::{self, Kind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

const MEMBERS: &str = r#"
[[members]]
user = "kim.backend"
name = "김백엔드"
email = "kim@example.com"
groups = ["backend"]

[[members]]
user = "park.lead"
name = "Park Lead"
groups = ["lead", "backend"]

[[members]]
user = "lee.front"
groups = ["frontend"]

[[members]]
user = "choi.pm"
email = "choi@example.com"
groups = ["pm"]
console = false
"#;

/// Moto plus a starter team (alias `hustle-dev`) with four members.
fn new_bed() -> Bed {
    Bed::new(Some("hustle-dev"), MEMBERS, &[]).forgets(&[
        (Kind::ConsolePassword, "kim.backend"),
        (Kind::ConsolePassword, "park.lead"),
        (Kind::ConsolePassword, "lee.front"),
        (Kind::ConsolePassword, "choi.pm"),
    ])
}

fn apply_yes(bed: &Bed) -> (Output, Value) {
    bed.run(&["apply", "--yes", "--json"])
}

fn plan_json(bed: &Bed) -> Value {
    let (out, json) = bed.run(&["plan", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    json
}

fn zero(plan: &Value) -> bool {
    let s = &plan["summary"];
    s["create"] == 0 && s["update"] == 0 && s["delete"] == 0
}

/// What the account holds, read independently of Baseline with the SDK.
#[derive(Debug, PartialEq)]
struct Account {
    alias: Vec<String>,
    min_length: Option<i32>,
    groups: BTreeSet<(String, String)>,
    inline: BTreeSet<(String, String)>,
    members: BTreeSet<(String, String)>,
    console: BTreeSet<String>,
    users: BTreeSet<String>,
    mfa_policy_versions: usize,
}

fn read_account(bed: &Bed) -> Account {
    let endpoint = bed.moto.endpoint.as_str();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let iam = aws_sdk_iam::Client::new(&sdk_config(endpoint).await);
        let alias = iam
            .list_account_aliases()
            .send()
            .await
            .unwrap()
            .account_aliases()
            .to_vec();
        let min_length = iam
            .get_account_password_policy()
            .send()
            .await
            .ok()
            .and_then(|p| {
                p.password_policy()
                    .and_then(|p| p.minimum_password_length())
            });
        let mut acct = Account {
            alias,
            min_length,
            groups: BTreeSet::new(),
            inline: BTreeSet::new(),
            members: BTreeSet::new(),
            console: BTreeSet::new(),
            users: BTreeSet::new(),
            mfa_policy_versions: 0,
        };
        for g in iam.list_groups().send().await.unwrap().groups() {
            let name = g.group_name().to_owned();
            for p in iam
                .list_attached_group_policies()
                .group_name(&name)
                .send()
                .await
                .unwrap()
                .attached_policies()
            {
                acct.groups
                    .insert((name.clone(), p.policy_name().unwrap().to_owned()));
            }
            for p in iam
                .list_group_policies()
                .group_name(&name)
                .send()
                .await
                .unwrap()
                .policy_names()
            {
                acct.inline.insert((name.clone(), p.clone()));
            }
        }
        for u in iam.list_users().send().await.unwrap().users() {
            let name = u.user_name().to_owned();
            for g in iam
                .list_groups_for_user()
                .user_name(&name)
                .send()
                .await
                .unwrap()
                .groups()
            {
                acct.members
                    .insert((name.clone(), g.group_name().to_owned()));
            }
            if iam
                .get_login_profile()
                .user_name(&name)
                .send()
                .await
                .is_ok()
            {
                acct.console.insert(name.clone());
            }
            acct.users.insert(name);
        }
        if let Ok(p) = iam
            .list_policy_versions()
            .policy_arn(format!(
                "arn:aws:iam::{}:policy/BaselineRequireMFA",
                bed.account
            ))
            .send()
            .await
        {
            acct.mfa_policy_versions = p.versions().len();
        }
        acct
    })
}

fn set<const N: usize>(pairs: [(&str, &str); N]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn expected() -> Account {
    let mut groups = set([
        ("lead", "AdministratorAccess"),
        ("backend", "AmazonEC2FullAccess"),
        ("backend", "AmazonRDSFullAccess"),
        ("backend", "AmazonRoute53FullAccess"),
        ("backend", "AmazonS3FullAccess"),
        ("backend", "CloudWatchFullAccess"),
        ("frontend", "ReadOnlyAccess"),
        ("pm", "ViewOnlyAccess"),
    ]);
    for g in ["lead", "backend", "frontend", "pm"] {
        groups.insert((g.into(), "BaselineRequireMFA".into()));
    }
    Account {
        alias: vec!["hustle-dev".into()],
        min_length: Some(14),
        groups,
        inline: set([("backend", "baseline-deny-delete")]),
        members: set([
            ("kim.backend", "backend"),
            ("park.lead", "lead"),
            ("park.lead", "backend"),
            ("lee.front", "frontend"),
            ("choi.pm", "pm"),
        ]),
        console: ["kim.backend", "park.lead", "lee.front"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        users: ["kim.backend", "park.lead", "lee.front", "choi.pm"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        mfa_policy_versions: 1,
    }
}

/// Every console password that exists in AWS is in the keychain, under the documented name.
fn assert_passwords_in_keychain(bed: &Bed, acct: &Account) {
    for user in &acct.console {
        let key = vault::key(&bed.account, Kind::ConsolePassword, user);
        let secret = vault::read(&key)
            .unwrap()
            .unwrap_or_else(|| panic!("no keychain entry {key}"));
        assert!(secret.expose().len() >= 20);
    }
}

fn starter_team_applies_exactly_and_a_second_plan_is_empty() {
    require_keychain();
    let bed = new_bed();
    let first = plan_json(&bed);
    assert!(
        first["summary"]["create"].as_u64().unwrap() >= 25,
        "{}",
        first["summary"]
    );
    assert_eq!(read_account(&bed).users.len(), 0, "plan changes nothing");

    // Most verbose logging: the passwords must still appear nowhere but the keychain.
    let out = baseline(bed.home.path(), &aws_env(&bed.moto.endpoint))
        .env("RUST_LOG", "trace")
        .args(["apply", "--yes", "--json", "--team"])
        .arg(&bed.team)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(report["failed"], 0);
    assert!(
        stderr(&out).contains("[ok ] create the user kim.backend"),
        "progress lines on stderr"
    );
    let first_output = [out.stdout.clone(), out.stderr.clone()].concat();

    let acct = read_account(&bed);
    assert_eq!(acct, expected());
    assert_passwords_in_keychain(&bed, &acct);

    let again = plan_json(&bed);
    assert!(zero(&again), "second plan: {}", again["summary"]);
    let (out, report) = apply_yes(&bed);
    assert!(out.status.success());
    assert_eq!(report["done"], 0, "a second apply changes nothing");

    // The journal has one line per change; no file under BASELINE_HOME, no output holds a secret.
    let journal = std::fs::read_to_string(bed.home.path().join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.lines().count(),
        first["changes"].as_array().unwrap().len()
    );
    let mut files = vec![first_output];
    for entry in std::fs::read_dir(bed.home.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            files.push(std::fs::read(path).unwrap());
        }
    }
    for user in &acct.console {
        let key = vault::key(&bed.account, Kind::ConsolePassword, user);
        let secret = vault::read(&key).unwrap().unwrap();
        for bytes in &files {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains(secret.expose()),
                "a password of {user} leaked"
            );
        }
    }
}

fn an_apply_killed_at_any_point_finishes_on_the_next_run() {
    require_keychain();
    for n in [2, 6, 11, 17, 24, 29] {
        let bed = new_bed();
        let proxy = Proxy::start(&bed.moto.endpoint);
        let mut child = baseline(bed.home.path(), &aws_env(&proxy.endpoint))
            .args(["apply", "--yes", "--json", "--team"])
            .arg(&bed.team)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        proxy.kill_after(n, child.id());
        let status = child.wait().unwrap();
        assert!(!status.success(), "killed after {n} calls");

        proxy.disarm();
        let (out, report) = bed.run_at(&proxy.endpoint, &["apply", "--yes", "--json"]);
        assert!(out.status.success(), "resume after {n}: {}", stderr(&out));
        assert_eq!(report["failed"], 0, "resume after {n}: {report}");
        let acct = read_account(&bed);
        assert_eq!(acct, expected(), "killed after {n} calls");
        assert_passwords_in_keychain(&bed, &acct);
        assert!(zero(&plan_json(&bed)), "killed after {n}");
    }
}

fn a_taken_alias_fails_alone_and_a_rerun_finishes() {
    require_keychain();
    let bed = new_bed();
    let proxy = Proxy::start(&bed.moto.endpoint);
    proxy.fault(Fault {
        matches: vec!["Action=CreateAccountAlias".into()],
        status: 409,
        code: "EntityAlreadyExists".into(),
        message: "The account alias hustle-dev already exists.".into(),
        times: None,
        body: None,
    });
    let (out, report) = bed.run_at(&proxy.endpoint, &["apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let alias = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "alias")
        .unwrap();
    assert_eq!(alias["state"], "failed");
    assert_eq!(alias["error"]["code"], "alias_taken");
    assert!(alias["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("Choose another alias"));
    assert_eq!(report["failed"], 1, "nothing else failed: {report}");
    assert_eq!(report["skipped"], 0);
    let acct = read_account(&bed);
    assert!(acct.alias.is_empty(), "no alias half-set");
    assert_eq!(acct.users, expected().users, "the rest was done");

    proxy.clear_faults();
    let (out, _) = bed.run_at(&proxy.endpoint, &["apply", "--yes", "--json"]);
    assert!(out.status.success());
    assert_eq!(read_account(&bed), expected());
}

fn an_aws_error_skips_only_what_depends_on_it() {
    require_keychain();
    let bed = new_bed();
    let proxy = Proxy::start(&bed.moto.endpoint);
    proxy.fault(Fault {
        matches: vec!["Action=CreateGroup&".into(), "GroupName=pm".into()],
        status: 403,
        code: "AccessDenied".into(),
        message: "not authorized to perform iam:CreateGroup".into(),
        times: None,
        body: None,
    });
    let (out, report) = bed.run_at(&proxy.endpoint, &["apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let state = |id: &str| {
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))["state"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(state("group:pm"), "failed");
    assert_eq!(state("group:pm/policy:ViewOnlyAccess"), "skipped");
    assert_eq!(state("user:choi.pm/group:pm"), "skipped");
    assert_eq!(state("user:choi.pm"), "done");
    assert_eq!(state("group:frontend/policy:ReadOnlyAccess"), "done");
    assert!(stderr(&out).contains("skipped because group:pm failed"));

    proxy.clear_faults();
    let (out, _) = bed.run_at(&proxy.endpoint, &["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read_account(&bed), expected());
}

fn without_a_keychain_apply_refuses_and_changes_nothing() {
    let bed = new_bed();
    let out = baseline(bed.home.path(), &aws_env(&bed.moto.endpoint))
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/baseline-test-bus",
        )
        .args(["apply", "--yes", "--json", "--team"])
        .arg(&bed.team)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["code"], "keychain", "{json}");
    let acct = read_account(&bed);
    assert!(acct.users.is_empty() && acct.groups.is_empty() && acct.alias.is_empty());
}

fn risky_changes_need_a_confirmation() {
    require_keychain();
    let bed = new_bed();
    assert!(apply_yes(&bed).0.status.success());
    let text = std::fs::read_to_string(&bed.team).unwrap();
    let text = text
        .replace("alias = \"hustle-dev\"", "alias = \"hustle-team\"")
        .replace("\"AmazonS3FullAccess\",", "");
    std::fs::write(&bed.team, text).unwrap();
    let plan = plan_json(&bed);
    let risks: BTreeSet<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["risk"].as_str())
        .collect();
    assert_eq!(
        risks,
        ["detach_policy", "replace_alias"].into_iter().collect()
    );
    assert_eq!(plan["summary"]["risky"], 2);
    // No terminal and no --yes: refused, nothing changed.
    let (out, _) = bed.run(&["apply", "--json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read_account(&bed).alias, vec!["hustle-dev".to_owned()]);
    let (out, _) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success());
    assert_eq!(read_account(&bed).alias, vec!["hustle-team".to_owned()]);
    assert!(zero(&plan_json(&bed)));
}

fn bad_file(bed: &Bed, from: &str, to: &str) -> (Output, Value) {
    let text = std::fs::read_to_string(&bed.team).unwrap();
    assert!(text.contains(from), "{from}");
    let path: &Path = &bed.home.path().join("bad.toml");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    let out = baseline(bed.home.path(), &aws_env(&bed.moto.endpoint))
        .args(["apply", "--yes", "--json", "--team"])
        .arg(path)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, json)
}

fn bad_team_files_are_refused_with_line_and_field_and_change_nothing() {
    let bed = new_bed();
    let eleven = baseline_core::team::policies::known_names()
        .take(11)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "groups = [\"frontend\"]",
            "groups = [\"qa\"]".into(),
            "undefined_group",
        ),
        (
            "user = \"lee.front\"",
            "user = \"Kim.Backend\"".into(),
            "duplicate_user",
        ),
        (
            "policies = [\"ReadOnlyAccess\"]",
            format!("policies = [{eleven}]"),
            // require_mfa is on: BaselineRequireMFA takes one of AWS's ten slots.
            "too_many_policies_mfa",
        ),
        (
            "AdministratorAccess",
            "AdminAccess".into(),
            "unknown_policy",
        ),
        (
            "email = \"kim@example.com\"\ngroups",
            "email = \"kim@@example\"\ngroups".into(),
            "email",
        ),
        (
            "require_mfa = true",
            "require_mfa = true\nowner = \"me\"".into(),
            "syntax",
        ),
        (
            "alias = \"hustle-dev\"",
            "alias = \"Hustle_Dev\"".into(),
            "alias",
        ),
        (
            "version = 1",
            "version = 1\n[billing]\nalarm_threshold_usd = 0.0\nnotify = [\"a@b.co\"]".into(),
            "threshold",
        ),
        ("minimum_length = 14", "minimum_length = 4".into(), "range"),
    ];
    for (from, to, code) in cases {
        let (out, json) = bad_file(&bed, from, &to);
        assert_eq!(out.status.code(), Some(2), "{code}: {}", stderr(&out));
        let problem = &json["error"]["problems"][0];
        assert_eq!(problem["code"], code, "{json}");
        assert!(
            problem["line"].as_u64().unwrap() > 0,
            "{code} names a line: {json}"
        );
        let err = stderr(&out);
        assert!(
            err.contains("bad.toml has 1 problem(s)") && err.contains("line "),
            "{err}"
        );
    }
    let acct = read_account(&bed);
    assert!(
        acct.users.is_empty() && acct.groups.is_empty(),
        "nothing was created"
    );
}

fn a_user_not_yet_visible_to_iam_is_retried_not_failed() {
    require_keychain();
    let bed = new_bed();
    let proxy = Proxy::start(&bed.moto.endpoint);
    // IAM's eventual consistency: the new user is briefly unknown to the next calls.
    proxy.fault(Fault {
        matches: vec![
            "Action=AddUserToGroup&".into(),
            "UserName=kim.backend".into(),
        ],
        status: 404,
        code: "NoSuchEntity".into(),
        message: "The user with name kim.backend cannot be found.".into(),
        times: Some(2),
        body: None,
    });
    let out = baseline(bed.home.path(), &aws_env(&proxy.endpoint))
        .env("RUST_LOG", "baseline_core=debug")
        .args(["apply", "--yes", "--json", "--team"])
        .arg(&bed.team)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(report["failed"], 0, "{report}");
    assert!(stderr(&out).contains("not visible yet, retrying"));
    assert_eq!(read_account(&bed), expected());
}

fn with_the_keychain_locked_apply_refuses_and_changes_nothing() {
    // A private D-Bus session, so locking its keyring cannot disturb the other tests.
    require_keychain();
    let bed = new_bed();
    let keyring = tempfile::tempdir().unwrap();
    let script = r#"
        printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        secret-tool store --label=seed service seed username seed <<< seed
        gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
          --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
        # Its own file: services D-Bus starts (the keyring prompter) share this stdout.
        exec "$BASELINE_BIN" apply --yes --json --team "$TEAM" > "$OUT"
    "#;
    let out = baseline(bed.home.path(), &aws_env(&bed.moto.endpoint))
        .env("BASELINE_BIN", env!("CARGO_BIN_EXE_baseline"))
        .env("TEAM", &bed.team)
        .env("XDG_DATA_HOME", keyring.path())
        .env("XDG_RUNTIME_DIR", keyring.path())
        .env("OUT", keyring.path().join("out.json"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output_of_shell("dbus-run-session", script);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let written = std::fs::read(keyring.path().join("out.json")).unwrap();
    let json: Value =
        serde_json::from_slice(&written).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert_eq!(json["error"]["code"], "keychain", "{json}");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("locked"),
        "{json}"
    );
    let acct = read_account(&bed);
    assert!(
        acct.users.is_empty() && acct.groups.is_empty() && acct.alias.is_empty(),
        "nothing was created"
    );
}

trait ShellExt {
    fn output_of_shell(&mut self, runner: &str, script: &str) -> Output;
}

impl ShellExt for std::process::Command {
    /// Run `script` with bash under `runner` (e.g. dbus-run-session), keeping this command's
    /// environment.
    fn output_of_shell(&mut self, runner: &str, script: &str) -> Output {
        let envs: Vec<(std::ffi::OsString, Option<std::ffi::OsString>)> = self
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
            .collect();
        let mut cmd = std::process::Command::new(runner);
        cmd.args(["--", "bash", "-c", script]);
        for (k, v) in envs {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.output().unwrap()
    }
}

fn details_page(users: &str, groups: &str, marker: Option<&str>) -> String {
    let more = match marker {
        Some(m) => format!("<IsTruncated>true</IsTruncated><Marker>{m}</Marker>"),
        None => "<IsTruncated>false</IsTruncated>".into(),
    };
    format!(
        "<GetAccountAuthorizationDetailsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <GetAccountAuthorizationDetailsResult>{more}<UserDetailList>{users}</UserDetailList>\
         <GroupDetailList>{groups}</GroupDetailList><RoleDetailList/><Policies/>\
         </GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>p</RequestId></ResponseMetadata>\
         </GetAccountAuthorizationDetailsResponse>"
    )
}

fn user_detail(name: &str) -> String {
    format!(
        "<member><UserName>{name}</UserName><UserId>AID{name}</UserId><Path>/</Path>\
         <Arn>arn:aws:iam::123456789012:user/{name}</Arn><CreateDate>2026-11-01T00:00:00Z</CreateDate>\
         <GroupList><member>backend</member></GroupList><Tags><member><Key>baseline:managed</Key>\
         <Value>true</Value></member><member><Key>baseline:console</Key><Value>no</Value></member></Tags></member>"
    )
}

fn the_plan_reads_every_page_of_the_authorization_details() {
    // moto answers in one page; AWS pages large accounts. Two canned pages through the proxy.
    let moto = Moto::start();
    let proxy = Proxy::start(&moto.endpoint);
    let page2 = details_page(
        &user_detail("lee.front"),
        "<member><GroupName>backend</GroupName><GroupId>G1</GroupId><Path>/</Path>\
         <Arn>arn:aws:iam::123456789012:group/backend</Arn><CreateDate>2026-11-01T00:00:00Z</CreateDate>\
         <AttachedManagedPolicies/><GroupPolicyList/></member>",
        None,
    );
    let page1 = details_page(&user_detail("kim.backend"), "", Some("page2"));
    for (matches, body) in [
        (
            vec!["Action=GetAccountAuthorizationDetails", "Marker=page2"],
            page2,
        ),
        (vec!["Action=GetAccountAuthorizationDetails"], page1),
    ] {
        proxy.fault(Fault {
            matches: matches.into_iter().map(str::to_owned).collect(),
            status: 200,
            code: String::new(),
            message: String::new(),
            times: Some(1),
            body: Some(body),
        });
    }
    let home = tempfile::tempdir().unwrap();
    let team = home.path().join("team.toml");
    std::fs::write(
        &team,
        "version = 1\n[account]\nrequire_mfa = false\n[groups.backend]\npolicies = []\n\
         [[members]]\nuser = \"kim.backend\"\ngroups = [\"backend\"]\nconsole = false\n\
         [[members]]\nuser = \"lee.front\"\ngroups = [\"backend\"]\nconsole = false\n",
    )
    .unwrap();
    let out = baseline(home.path(), &aws_env(&proxy.endpoint))
        .args(["plan", "--json", "--team"])
        .arg(&team)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        vec!["password_policy"],
        "both users and the group came from the two pages: {ids:?}"
    );
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(
            Keychain,
            starter_team_applies_exactly_and_a_second_plan_is_empty
        ),
        crate::trial!(
            Keychain,
            an_apply_killed_at_any_point_finishes_on_the_next_run
        ),
        crate::trial!(Keychain, a_taken_alias_fails_alone_and_a_rerun_finishes),
        crate::trial!(Keychain, an_aws_error_skips_only_what_depends_on_it),
        crate::trial!(
            Nothing,
            without_a_keychain_apply_refuses_and_changes_nothing
        ),
        crate::trial!(Keychain, risky_changes_need_a_confirmation),
        crate::trial!(
            Nothing,
            bad_team_files_are_refused_with_line_and_field_and_change_nothing
        ),
        crate::trial!(
            Keychain,
            a_user_not_yet_visible_to_iam_is_retried_not_failed
        ),
        crate::trial!(
            Keychain,
            with_the_keychain_locked_apply_refuses_and_changes_nothing
        ),
        crate::trial!(
            Nothing,
            the_plan_reads_every_page_of_the_authorization_details
        ),
    ]
}
