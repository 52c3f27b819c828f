//! Each service client of a connection, built once and shared by its clones: every client
//! counts its calls (`CallStats`) and is classified with the connection's context. Billing's
//! services are pinned to us-east-1; EC2 and RDS are built per region (the team's home).

use super::Connection;
use aws_config::{Region, SdkConfig};
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// Where the billing alarm, its SNS topic, the budget and the billing preference live.
pub const BILLING_REGION: &str = "us-east-1";

#[derive(Debug, Default)]
pub(super) struct Cache {
    sts: OnceLock<aws_sdk_sts::Client>,
    iam: OnceLock<aws_sdk_iam::Client>,
    sns: OnceLock<aws_sdk_sns::Client>,
    cloudwatch: OnceLock<aws_sdk_cloudwatch::Client>,
    budgets: OnceLock<aws_sdk_budgets::Client>,
    billing: OnceLock<aws_sdk_billing::Client>,
    route53: OnceLock<aws_sdk_route53::Client>,
    ec2: Mutex<BTreeMap<String, aws_sdk_ec2::Client>>,
    rds: Mutex<BTreeMap<String, aws_sdk_rds::Client>>,
}

/// A client of `$sdk` over `$config`, counting its calls in `$stats`.
macro_rules! build {
    ($sdk:ident, $config:expr, $stats:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from($config)
                .interceptor($stats.clone())
                .build(),
        )
    };
}

fn in_region(config: &SdkConfig, region: &str) -> SdkConfig {
    config
        .to_builder()
        .region(Region::new(region.to_owned()))
        .build()
}

fn per_region<C: Clone>(
    map: &Mutex<BTreeMap<String, C>>,
    region: &str,
    make: impl FnOnce() -> C,
) -> C {
    map.lock()
        .expect("client cache")
        .entry(region.to_owned())
        .or_insert_with(make)
        .clone()
}

impl Connection {
    fn billing_config(&self) -> SdkConfig {
        in_region(self.config(), BILLING_REGION)
    }

    /// STS (who am I, MFA sessions).
    pub fn sts(&self) -> aws_sdk_sts::Client {
        let c = &self.clients.sts;
        c.get_or_init(|| build!(aws_sdk_sts, self.config(), self.stats()))
            .clone()
    }

    /// IAM (global).
    pub fn iam(&self) -> aws_sdk_iam::Client {
        let c = &self.clients.iam;
        c.get_or_init(|| build!(aws_sdk_iam, self.config(), self.stats()))
            .clone()
    }

    /// SNS in us-east-1 (the billing topic).
    pub fn sns(&self) -> aws_sdk_sns::Client {
        let c = &self.clients.sns;
        c.get_or_init(|| build!(aws_sdk_sns, &self.billing_config(), self.stats()))
            .clone()
    }

    /// CloudWatch in us-east-1 (the billing alarm and estimated charges).
    pub fn cloudwatch(&self) -> aws_sdk_cloudwatch::Client {
        let c = &self.clients.cloudwatch;
        c.get_or_init(|| build!(aws_sdk_cloudwatch, &self.billing_config(), self.stats()))
            .clone()
    }

    /// AWS Budgets (us-east-1).
    pub fn budgets(&self) -> aws_sdk_budgets::Client {
        let c = &self.clients.budgets;
        c.get_or_init(|| build!(aws_sdk_budgets, &self.billing_config(), self.stats()))
            .clone()
    }

    /// The Billing API (us-east-1): the billing alerts preference.
    pub fn billing(&self) -> aws_sdk_billing::Client {
        let c = &self.clients.billing;
        c.get_or_init(|| build!(aws_sdk_billing, &self.billing_config(), self.stats()))
            .clone()
    }

    /// Route 53 (global: the connection's region only picks the partition's endpoint).
    pub fn route53(&self) -> aws_sdk_route53::Client {
        let c = &self.clients.route53;
        c.get_or_init(|| build!(aws_sdk_route53, self.config(), self.stats()))
            .clone()
    }

    /// EC2 in `region`.
    pub fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        per_region(&self.clients.ec2, region, || {
            build!(aws_sdk_ec2, &in_region(self.config(), region), self.stats())
        })
    }

    /// RDS in `region`.
    pub fn rds(&self, region: &str) -> aws_sdk_rds::Client {
        per_region(&self.clients.rds, region, || {
            build!(aws_sdk_rds, &in_region(self.config(), region), self.stats())
        })
    }
}

impl Connection {
    /// This connection with its IAM calls sent to `iam` (an SDK-level fake in unit tests:
    /// MFA, offboarding and the apply scheduler run unchanged over it).
    pub fn with_iam(self, iam: aws_sdk_iam::Client) -> Connection {
        let fresh = Connection {
            clients: Default::default(),
            ..self
        };
        let _ = fresh.clients.iam.set(iam);
        fresh
    }
}
