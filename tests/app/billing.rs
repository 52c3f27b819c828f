//! The billing guard: topic, subscriptions, alarm and budget against the emulators
//! (CloudWatch on ministack, the rest on moto), through the real binary.

use crate::support::bed::stderr;
use crate::support::{
    aws_env, baseline, put_estimated_charges, sdk_config, starter_team, Ministack, Moto,
};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

const BILLING: &str = r#"
[billing]
alarm_threshold_usd = 1.0
notify = ["lead@example.com", "ops@example.com"]
monthly_budget_usd = 20.0
budget_alert_percents = [80, 100]
"#;

struct Bed {
    moto: Moto,
    cloudwatch: Ministack,
    home: tempfile::TempDir,
    team: PathBuf,
}

impl Bed {
    fn new() -> Bed {
        let moto = Moto::start();
        let cloudwatch = Ministack::start();
        let home = tempfile::tempdir().unwrap();
        let team = starter_team(home.path(), None, BILLING);
        Bed {
            moto,
            cloudwatch,
            home,
            team,
        }
    }

    fn env(&self) -> Vec<(String, String)> {
        let mut env = aws_env(&self.moto.endpoint);
        env.push((
            "AWS_ENDPOINT_URL_CLOUDWATCH".into(),
            self.cloudwatch.endpoint.clone(),
        ));
        env
    }

    fn run(&self, args: &[&str]) -> (Output, Value) {
        let mut cmd = baseline(self.home.path(), &self.env());
        cmd.args(args);
        if args[0] != "status" {
            cmd.arg("--team").arg(&self.team);
        }
        let out = cmd.output().unwrap();
        let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out, json)
    }

    fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(&self.team).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&self.team, text.replace(from, to)).unwrap();
    }

    async fn config(&self) -> (aws_config::SdkConfig, aws_config::SdkConfig) {
        let moto = sdk_config(&self.moto.endpoint).await;
        let cw = sdk_config(&self.cloudwatch.endpoint).await;
        (moto, cw)
    }
}

/// What the emulators hold, read independently with the SDK.
#[derive(Debug, PartialEq)]
struct Guard {
    topics: usize,
    subscriptions: Vec<String>,
    alarms: Vec<(String, f64, Vec<String>)>,
    budgets: Vec<(String, String)>,
    notifications: usize,
}

fn read_guard(bed: &Bed) -> Guard {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let (moto, cw) = bed.config().await;
        let sns = aws_sdk_sns::Client::new(&moto);
        let topics = sns.list_topics().send().await.unwrap();
        let ours: Vec<_> = topics
            .topics()
            .iter()
            .filter_map(|t| t.topic_arn())
            .filter(|a| a.ends_with(":baseline-billing-alerts"))
            .collect();
        let mut subscriptions = Vec::new();
        if let Some(arn) = ours.first() {
            for s in sns
                .list_subscriptions_by_topic()
                .topic_arn(*arn)
                .send()
                .await
                .unwrap()
                .subscriptions()
            {
                subscriptions.push(s.endpoint().unwrap().to_owned());
            }
        }
        subscriptions.sort();
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&cw);
        let alarms = cloudwatch
            .describe_alarms()
            .send()
            .await
            .unwrap()
            .metric_alarms()
            .iter()
            .map(|a| {
                (
                    a.alarm_name().unwrap().to_owned(),
                    a.threshold().unwrap(),
                    a.alarm_actions().to_vec(),
                )
            })
            .collect();
        let budgets_client = aws_sdk_budgets::Client::new(&moto);
        let budgets: Vec<(String, String)> = budgets_client
            .describe_budgets()
            .account_id("123456789012")
            .send()
            .await
            .unwrap()
            .budgets()
            .iter()
            .map(|b| {
                (
                    b.budget_name().to_owned(),
                    b.budget_limit().unwrap().amount().to_owned(),
                )
            })
            .collect();
        let notifications = if budgets.is_empty() {
            0
        } else {
            budgets_client
                .describe_notifications_for_budget()
                .account_id("123456789012")
                .budget_name("baseline-monthly")
                .send()
                .await
                .unwrap()
                .notifications()
                .len()
        };
        Guard {
            topics: ours.len(),
            subscriptions,
            alarms,
            budgets,
            notifications,
        }
    })
}

fn topic() -> String {
    "arn:aws:sns:us-east-1:123456789012:baseline-billing-alerts".into()
}

fn the_guard_is_created_once_and_updated_in_place() {
    let bed = Bed::new();
    let (out, plan) = bed.run(&["plan", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kinds: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .filter(|k| k.starts_with("billing"))
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == "billing_subscription")
            .count(),
        2,
        "{kinds:?}"
    );
    assert!(
        plan["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "alerts_manual"),
        "billing API unavailable on the emulator: a manual step"
    );

    let (out, report) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(report["failed"], 0);
    let want = Guard {
        topics: 1,
        subscriptions: vec!["lead@example.com".into(), "ops@example.com".into()],
        alarms: vec![("baseline-estimated-charges".into(), 1.0, vec![topic()])],
        budgets: vec![("baseline-monthly".into(), "20.00".into())],
        notifications: 3,
    };
    assert_eq!(read_guard(&bed), want);

    // Again: nothing to do, nothing duplicated.
    let (out, report) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success());
    assert_eq!(report["done"], 0, "{report}");
    assert_eq!(read_guard(&bed), want);

    // A new threshold updates the same alarm; a removed address is unsubscribed.
    bed.edit("alarm_threshold_usd = 1.0", "alarm_threshold_usd = 5.0");
    bed.edit(
        r#"notify = ["lead@example.com", "ops@example.com"]"#,
        r#"notify = ["lead@example.com"]"#,
    );
    let (_, plan) = bed.run(&["plan", "--json"]);
    let alarm = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "billing:alarm")
        .unwrap();
    assert_eq!(
        (
            alarm["action"].as_str(),
            alarm["before"].as_str(),
            alarm["after"].as_str()
        ),
        (Some("update"), Some("$1.00"), Some("$5.00"))
    );
    let (out, _) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let guard = read_guard(&bed);
    assert_eq!(
        guard.alarms,
        vec![("baseline-estimated-charges".into(), 5.0, vec![topic()])]
    );
    assert_eq!(guard.subscriptions, vec!["lead@example.com".to_owned()]);
    let (_, plan) = bed.run(&["plan", "--json"]);
    assert_eq!(
        plan["summary"]["create"].as_u64().unwrap()
            + plan["summary"]["update"].as_u64().unwrap()
            + plan["summary"]["delete"].as_u64().unwrap(),
        0,
        "{}",
        plan["summary"]
    );
}

fn charges_over_the_threshold_turn_the_alarm_and_the_status_to_over_the_limit() {
    let bed = Bed::new();
    let (out, _) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (out, status) = bed.run(&["status", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        status["billing"]["alarm"]["words"], "waiting_for_data",
        "{status}"
    );
    assert_eq!(status["billing"]["chart"], serde_json::json!([]));

    // AWS publishes the estimate; here the test does, above the $1 threshold.
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(put_estimated_charges(&bed.cloudwatch.endpoint, 12.5));
    let mut last = Value::Null;
    for _ in 0..60 {
        let (out, status) = bed.run(&["status", "--json"]);
        assert!(out.status.success());
        if status["billing"]["alarm"]["words"] == "over_limit" {
            assert_eq!(
                status["billing"]["chart"][0]["usd"], 12.5,
                "the chart shows the point"
            );
            let (out, _) = bed.run(&["status"]);
            assert!(String::from_utf8_lossy(&out.stdout).contains("OVER THE LIMIT of $1.00"));
            return;
        }
        last = status;
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!("the alarm never went over the limit: {last}");
}

fn a_bad_notification_address_is_refused_before_any_call() {
    let bed = Bed::new();
    bed.edit("\"ops@example.com\"", "\"ops(at)example.com\"");
    let (out, json) = bed.run(&["apply", "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let problem = &json["error"]["problems"][0];
    assert_eq!(
        (problem["code"].as_str(), problem["field"].as_str()),
        (Some("email"), Some("billing.notify[1]"))
    );
    assert_eq!(read_guard(&bed).topics, 0);
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(Nothing, the_guard_is_created_once_and_updated_in_place),
        crate::trial!(
            Nothing,
            charges_over_the_threshold_turn_the_alarm_and_the_status_to_over_the_limit
        ),
        crate::trial!(
            Nothing,
            a_bad_notification_address_is_refused_before_any_call
        ),
    ]
}
