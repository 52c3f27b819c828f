//! IAM throttles bursts of calls (`Throttling`, HTTP 400): moto never does, so a loopback
//! proxy answers every third request with it. Apply must absorb that, not fail steps.

use crate::support::proxy::Proxy;
use crate::support::{aws_env, baseline, starter_team, unique_account, Moto};
use serde_json::Value;

const MEMBERS: &str = "
[[members]]
user = \"kim.backend\"
groups = [\"backend\"]
console = false

[[members]]
user = \"lee.front\"
groups = [\"frontend\"]
console = false

[[members]]
user = \"park.pm\"
groups = [\"pm\"]
console = false
";

fn every_third_call_throttled_still_converges() {
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let team = starter_team(home.path(), None, MEMBERS);
    let proxy = Proxy::start(&moto.endpoint);
    proxy.throttle_every(3);
    let run = |args: &[&str]| {
        let start = std::time::Instant::now();
        let out = baseline(home.path(), &aws_env(&proxy.endpoint))
            .args(args)
            .arg(&team)
            .output()
            .unwrap();
        eprintln!("{} took {:?}", args[0], start.elapsed());
        out
    };
    let out = run(&["apply", "--yes", "--json", "--team"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["failed"], 0, "{report}");
    let throttled = proxy.throttled();
    assert!(
        throttled >= 10,
        "the proxy throttled only {throttled} calls"
    );

    // Still throttled, a second plan reads the account and finds nothing left to do.
    let out = run(&["plan", "--json", "--team"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    for count in ["create", "update", "delete"] {
        assert_eq!(plan["summary"][count], 0, "{plan}");
    }
    assert!(proxy.throttled() > throttled, "the plan was throttled too");
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Nothing,
        every_third_call_throttled_still_converges
    )]
}
