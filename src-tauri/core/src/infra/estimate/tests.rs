//! The estimate against hand-computed figures.

use super::*;
use crate::team::Team;

fn infra(text: &str) -> Infra {
    Team::parse("t", &format!("version = 1\n{text}"))
        .unwrap()
        .infra
        .unwrap()
}

const SEOUL: &str = r#"
[infra]
name = "hustle"
[infra.server]
instance_type = "t3.micro"
disk_gb = 20
[infra.database]
engine = "postgres"
instance_class = "db.t4g.micro"
storage_gb = 20
[infra.dns]
domain = "hustle.co.kr"
"#;

fn item<'a>(est: &'a Estimate, id: &str) -> &'a Item {
    est.items.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn seoul_server_database_and_zone_by_hand() {
    let est = estimate(&infra(SEOUL), "ap-northeast-2");
    // 730 × 0.013 + 20 × 0.0912 + 730 × 0.005 + 730 × 0.025 + 20 × 0.131 + 0.50
    // = 9.49 + 1.824 + 3.65 + 18.25 + 2.62 + 0.50 = 36.334
    assert_eq!(est.monthly_usd, 36.33);
    assert!(est.unpriced.is_empty());
    assert_eq!(est.prices_as_of, PRICES_AS_OF);
    assert_eq!(est.region, "ap-northeast-2");
    let ids: Vec<&str> = est.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "infra:server",
            "infra:disk",
            "infra:public-ip",
            "infra:database",
            "infra:db-storage",
            "infra:zone"
        ]
    );
    assert_eq!(item(&est, "infra:server").basis, "730 h × $0.013/h");
    assert_eq!(item(&est, "infra:disk").monthly_usd, 1.82);
    assert_eq!(item(&est, "infra:disk").basis, "20 GB × $0.0912/GB-month");
    assert_eq!(item(&est, "infra:public-ip").monthly_usd, 3.65);
    assert_eq!(
        item(&est, "infra:zone").basis,
        "1 hosted zone × $0.50/month"
    );
    let json = serde_json::to_value(&est).unwrap();
    assert_eq!(json["prices_as_of"], "2025-06");
    assert!(json.get("unpriced").is_none());
}

#[test]
fn the_total_sums_unrounded_items() {
    // The total is the unrounded sum, rounded once.
    let est = estimate(
        &infra(
            "[infra]\nname = \"a1\"\n[infra.server]\ninstance_type = \"t3.nano\"\ndisk_gb = 8\n",
        ),
        "us-east-1",
    );
    let unrounded = 730.0 * 0.0052 + 8.0 * 0.08 + 730.0 * 0.005;
    assert_eq!(est.monthly_usd, cents(unrounded));
    assert_eq!(est.monthly_usd, 8.09);
}

#[test]
fn the_public_ip_counts_without_a_static_ip_and_the_secret_only_when_aws_keeps_it() {
    let text = SEOUL.replace("disk_gb = 20", "disk_gb = 20\nstatic_ip = false");
    let est = estimate(&infra(&text), "ap-northeast-2");
    assert_eq!(item(&est, "infra:public-ip").basis, "730 h × $0.005/h");
    assert!(est.items.iter().all(|i| i.id != "infra:db-secret"));
    let text = SEOUL.replace(
        "storage_gb = 20",
        "storage_gb = 20\npassword = \"aws-managed\"",
    );
    let est = estimate(&infra(&text), "ap-northeast-2");
    assert_eq!(item(&est, "infra:db-secret").monthly_usd, 0.40);
    assert_eq!(est.monthly_usd, 36.73);
}

#[test]
fn unknown_types_classes_and_regions_are_unpriced_not_guessed() {
    let text = SEOUL.replace("t3.micro", "c7gn.16xlarge");
    let est = estimate(&infra(&text), "ap-northeast-2");
    assert_eq!(est.unpriced, ["infra:server"]);
    assert_eq!(est.monthly_usd, cents(36.334 - 9.49));
    let json = serde_json::to_value(&est).unwrap();
    assert_eq!(json["unpriced"][0], "infra:server");

    let text = SEOUL.replace("db.t4g.micro", "db.r7g.large");
    let est = estimate(&infra(&text), "ap-northeast-2");
    assert_eq!(est.unpriced, ["infra:database"]);

    let est = estimate(&infra(SEOUL), "sa-east-1");
    assert_eq!(
        est.unpriced,
        [
            "infra:server",
            "infra:disk",
            "infra:database",
            "infra:db-storage"
        ]
    );
    // What costs the same everywhere is still counted.
    assert_eq!(est.monthly_usd, 4.15);
}

#[test]
fn engines_have_their_own_rds_prices() {
    let pg = estimate(
        &infra(&SEOUL.replace("db.t4g.micro", "db.t3.micro")),
        "us-east-1",
    );
    let my = estimate(
        &infra(
            &SEOUL
                .replace("db.t4g.micro", "db.t3.micro")
                .replace("postgres", "mysql"),
        ),
        "us-east-1",
    );
    assert_eq!(item(&pg, "infra:database").basis, "730 h × $0.018/h");
    assert_eq!(item(&my, "infra:database").basis, "730 h × $0.017/h");
}

fn billing(alarm: f64, budget: Option<f64>) -> Billing {
    Billing {
        alarm_threshold_usd: alarm,
        notify: vec!["lead@example.com".into()],
        monthly_budget_usd: budget,
        budget_alert_percents: vec![],
    }
}

#[test]
fn a_one_dollar_alarm_goes_off_within_about_a_day() {
    let est = estimate(&infra(SEOUL), "ap-northeast-2");
    let checks = versus_billing(&est, Some(&billing(1.0, Some(50.0))));
    assert_eq!(checks.len(), 2);
    let alarm = &checks[0];
    assert_eq!(alarm.against, AlarmKind::Alarm);
    assert!(alarm.crosses);
    assert!(alarm.days_to_reach <= 1.0, "{alarm:?}");
    assert!((alarm.days_to_reach - 30.4 / 36.33).abs() < 1e-9);
    assert_eq!(days_words(alarm.days_to_reach), "about a day");
    // 36.33 × 1.25 = 45.41 → 50.
    assert_eq!(alarm.suggested_threshold_usd, 50.0);
    let budget = &checks[1];
    assert_eq!(budget.against, AlarmKind::Budget);
    assert!(!budget.crosses);
    assert_eq!(days_words(budget.days_to_reach), "about 42 days");
    let json = serde_json::to_value(budget).unwrap();
    assert_eq!(json["against"], "budget");
}

#[test]
fn no_billing_no_checks() {
    let est = estimate(&infra(SEOUL), "ap-northeast-2");
    assert!(versus_billing(&est, None).is_empty());
}

#[test]
fn suggestions_are_round_and_above_the_estimate() {
    assert_eq!(suggest_threshold(0.0), 5.0);
    assert_eq!(suggest_threshold(3.0), 5.0);
    assert_eq!(suggest_threshold(8.09), 15.0);
    assert_eq!(suggest_threshold(40.0), 50.0);
    assert_eq!(suggest_threshold(41.0), 60.0);
    assert_eq!(suggest_threshold(100.0), 130.0);
}

#[test]
fn days_in_words() {
    assert_eq!(days_words(0.5), "about 12 hours");
    assert_eq!(days_words(0.05), "about an hour");
    assert_eq!(days_words(0.01), "less than an hour");
    assert_eq!(days_words(0.9), "about a day");
    assert_eq!(days_words(1.2), "about a day");
    assert_eq!(days_words(3.2), "about 3 days");
    assert_eq!(days_words(91.2), "about 3 months");
    assert_eq!(days_words(f64::INFINITY), "never, at this estimate");
}
