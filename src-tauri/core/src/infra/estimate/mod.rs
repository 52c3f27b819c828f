//! The monthly cost of `[infra]` before anything is made, from an embedded, dated price
//! table: on-demand Linux EC2, gp3 volumes, public IPv4, single-AZ RDS, Route 53 and
//! Secrets Manager. What the table does not know is listed as unpriced, never guessed.

use crate::team::infra::{Engine, Infra, PasswordMode};
use crate::team::Billing;
use serde::Serialize;

/// The month the figures below were read from the AWS price pages (USD, before tax).
pub const PRICES_AS_OF: &str = "2025-06";
/// AWS's own month for hourly prices.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Days in an average month, for "how soon would the alarm go off".
pub const DAYS_PER_MONTH: f64 = 30.4;
/// Every public IPv4 address, attached or idle, Elastic or not (same in every region).
pub const PUBLIC_IPV4_HOURLY: f64 = 0.005;
/// One Route 53 hosted zone (the first 25 zones of an account).
pub const HOSTED_ZONE_MONTHLY: f64 = 0.50;
/// One Secrets Manager secret (RDS-managed master password).
pub const SECRET_MONTHLY: f64 = 0.40;

/// One region's prices.
struct Region {
    name: &'static str,
    /// EC2 on-demand, Linux, shared tenancy: (instance type, USD per hour).
    ec2: &'static [(&'static str, f64)],
    /// EBS gp3, USD per GB-month.
    gp3: f64,
    /// RDS single-AZ on-demand: (class, PostgreSQL, MySQL and MariaDB), USD per hour;
    /// `None` where the figure is not in the table.
    rds: &'static [(&'static str, Option<f64>, Option<f64>)],
    /// RDS gp3 storage, single-AZ, USD per GB-month.
    rds_gp3: f64,
}

/// us-east-1 and us-west-2 charge the same for everything below.
const US_EC2: &[(&str, f64)] = &[
    ("t2.micro", 0.0116),
    ("t3.nano", 0.0052),
    ("t3.micro", 0.0104),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("t3a.nano", 0.0047),
    ("t3a.micro", 0.0094),
    ("t3a.small", 0.0188),
    ("t3a.medium", 0.0376),
    ("t3a.large", 0.0752),
    ("t4g.nano", 0.0042),
    ("t4g.micro", 0.0084),
    ("t4g.small", 0.0168),
    ("t4g.medium", 0.0336),
    ("t4g.large", 0.0672),
    ("m7i.large", 0.1008),
    ("m7g.large", 0.0816),
];

const US_RDS: &[(&str, Option<f64>, Option<f64>)] = &[
    ("db.t3.micro", Some(0.018), Some(0.017)),
    ("db.t3.small", Some(0.036), Some(0.034)),
    ("db.t3.medium", Some(0.072), Some(0.068)),
    ("db.t4g.micro", Some(0.016), Some(0.016)),
    ("db.t4g.small", Some(0.032), Some(0.032)),
    ("db.t4g.medium", Some(0.065), Some(0.065)),
];

const REGIONS: &[Region] = &[
    Region {
        name: "us-east-1",
        ec2: US_EC2,
        gp3: 0.08,
        rds: US_RDS,
        rds_gp3: 0.115,
    },
    Region {
        name: "us-west-2",
        ec2: US_EC2,
        gp3: 0.08,
        rds: US_RDS,
        rds_gp3: 0.115,
    },
    Region {
        name: "ap-northeast-2",
        ec2: &[
            ("t2.micro", 0.0144),
            ("t3.nano", 0.0065),
            ("t3.micro", 0.013),
            ("t3.small", 0.026),
            ("t3.medium", 0.052),
            ("t3.large", 0.104),
            ("t3a.nano", 0.0059),
            ("t3a.micro", 0.0117),
            ("t3a.small", 0.0234),
            ("t3a.medium", 0.0468),
            ("t3a.large", 0.0936),
            ("t4g.nano", 0.0052),
            ("t4g.micro", 0.0104),
            ("t4g.small", 0.0208),
            ("t4g.medium", 0.0416),
            ("t4g.large", 0.0832),
        ],
        gp3: 0.0912,
        // Only the RDS figures known for this region; the db.t4g.micro rate ($0.025 for all
        // three engines) is the least certain entry here: check it at the next refresh.
        rds: &[
            ("db.t3.micro", None, Some(0.026)),
            ("db.t3.small", None, Some(0.052)),
            ("db.t3.medium", None, Some(0.104)),
            ("db.t4g.micro", Some(0.025), Some(0.025)),
        ],
        rds_gp3: 0.131,
    },
];

/// What `[infra]` would cost a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The sum of the priced items (unrounded, then rounded to cents).
    pub monthly_usd: f64,
    pub items: Vec<Item>,
    pub prices_as_of: &'static str,
    pub region: String,
    /// Items the table has no price for (by id); they are not in the total.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unpriced: Vec<String>,
}

/// One line of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// `infra:server`, `infra:disk`, `infra:public-ip`, `infra:database`,
    /// `infra:db-storage`, `infra:db-secret` or `infra:zone`.
    pub id: String,
    /// Rounded to cents.
    pub monthly_usd: f64,
    /// How it was computed, e.g. "730 h × $0.0104/h".
    pub basis: String,
}

/// The monthly cost of `infra` in `region` (the team's home region).
pub fn estimate(infra: &Infra, region: &str) -> Estimate {
    let prices = REGIONS.iter().find(|r| r.name == region);
    let mut items = Vec::new();
    let mut unpriced = Vec::new();
    let mut total = 0.0;
    let mut add = |id: &str, price: Option<(f64, String)>| match price {
        Some((usd, basis)) => {
            total += usd;
            items.push(Item {
                id: id.to_owned(),
                monthly_usd: cents(usd),
                basis,
            });
        }
        None => unpriced.push(id.to_owned()),
    };
    if let Some(server) = &infra.server {
        let hourly = prices.and_then(|p| lookup(p.ec2, &server.instance_type));
        add("infra:server", hourly.map(hours));
        add(
            "infra:disk",
            prices.map(|p| gb_months(server.disk_gb, p.gp3)),
        );
        add("infra:public-ip", Some(hours(PUBLIC_IPV4_HOURLY)));
    }
    if let Some(db) = &infra.database {
        let hourly = prices.and_then(|p| {
            p.rds
                .iter()
                .find(|(class, _, _)| *class == db.instance_class)
                .and_then(|(_, pg, my)| match db.engine {
                    Engine::Postgres => *pg,
                    Engine::Mysql | Engine::Mariadb => *my,
                })
        });
        add("infra:database", hourly.map(hours));
        add(
            "infra:db-storage",
            prices.map(|p| gb_months(db.storage_gb, p.rds_gp3)),
        );
        if db.password == PasswordMode::AwsManaged {
            add(
                "infra:db-secret",
                Some((
                    SECRET_MONTHLY,
                    format!("1 secret × ${}/month", money(SECRET_MONTHLY)),
                )),
            );
        }
    }
    if infra.dns.is_some() {
        add(
            "infra:zone",
            Some((
                HOSTED_ZONE_MONTHLY,
                format!("1 hosted zone × ${}/month", money(HOSTED_ZONE_MONTHLY)),
            )),
        );
    }
    Estimate {
        monthly_usd: cents(total),
        items,
        prices_as_of: PRICES_AS_OF,
        region: region.to_owned(),
        unpriced,
    }
}

fn lookup(table: &[(&str, f64)], key: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn hours(hourly: f64) -> (f64, String) {
    (
        HOURS_PER_MONTH * hourly,
        format!("{HOURS_PER_MONTH} h × ${}/h", money(hourly)),
    )
}

fn gb_months(gb: i64, per_gb: f64) -> (f64, String) {
    (
        gb as f64 * per_gb,
        format!("{gb} GB × ${}/GB-month", money(per_gb)),
    )
}

/// Round to cents.
fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

/// A price as written on AWS's pages: at least two decimals ($0.50), more when it has them
/// ($0.0104).
fn money(usd: f64) -> String {
    let plain = format!("{usd}");
    match plain.split_once('.') {
        Some((_, frac)) if frac.len() >= 2 => plain,
        _ => format!("{usd:.2}"),
    }
}

/// Which billing guard an estimate is set against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlarmKind {
    /// `billing.alarm_threshold_usd`: the CloudWatch estimated-charges alarm.
    Alarm,
    /// `billing.monthly_budget_usd`: the AWS Budgets monthly budget.
    Budget,
}

/// How the estimate compares with one billing threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmCheck {
    pub threshold_usd: f64,
    /// Days of the estimated spend it takes to reach the threshold.
    pub days_to_reach: f64,
    /// The estimate for a month is above the threshold: it will go off every month.
    pub crosses: bool,
    /// A round figure comfortably above the estimate.
    pub suggested_threshold_usd: f64,
    pub against: AlarmKind,
}

/// The estimate against the team's alarm threshold and monthly budget (none without
/// `[billing]`).
pub fn versus_billing(est: &Estimate, billing: Option<&Billing>) -> Vec<AlarmCheck> {
    let Some(billing) = billing else {
        return Vec::new();
    };
    let mut thresholds = vec![(billing.alarm_threshold_usd, AlarmKind::Alarm)];
    if let Some(budget) = billing.monthly_budget_usd {
        thresholds.push((budget, AlarmKind::Budget));
    }
    let per_day = est.monthly_usd / DAYS_PER_MONTH;
    thresholds
        .into_iter()
        .map(|(threshold, against)| AlarmCheck {
            threshold_usd: threshold,
            days_to_reach: if per_day > 0.0 {
                threshold / per_day
            } else {
                f64::INFINITY
            },
            crosses: est.monthly_usd > threshold,
            suggested_threshold_usd: suggest_threshold(est.monthly_usd),
            against,
        })
        .collect()
}

/// The estimate plus a quarter, rounded up to 5 USD (to 10 USD above 50).
pub fn suggest_threshold(monthly_usd: f64) -> f64 {
    let target = monthly_usd * 1.25;
    let step = if target <= 50.0 { 5.0 } else { 10.0 };
    ((target / step).ceil() * step).max(step)
}

/// A span of days in plain English: "about 12 hours", "about a day", "about 3 days".
pub fn days_words(days: f64) -> String {
    if days.is_nan() || days.is_infinite() {
        return "never, at this estimate".into();
    }
    let hours = days * 24.0;
    if hours < 1.0 {
        return "less than an hour".into();
    }
    if hours < 18.0 {
        let h = hours.round() as i64;
        return if h == 1 {
            "about an hour".into()
        } else {
            format!("about {h} hours")
        };
    }
    if days < 1.5 {
        return "about a day".into();
    }
    if days < 60.0 {
        return format!("about {} days", days.round() as i64);
    }
    format!("about {} months", (days / DAYS_PER_MONTH).round() as i64)
}

#[cfg(test)]
mod tests;
