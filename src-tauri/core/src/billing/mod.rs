//! The billing guard: billing-alerts preference, the SNS topic and its email subscriptions,
//! the estimated-charges alarm and the monthly budget — all in us-east-1, where AWS
//! publishes billing metrics.

pub mod live;
pub mod ops;

pub mod status;

use crate::aws::Connection;

/// Billing metrics and their alarm live only here.
pub const REGION: &str = crate::aws::BILLING_REGION;
/// The SNS topic the alarm notifies.
pub const TOPIC: &str = "baseline-billing-alerts";
/// The CloudWatch alarm on `AWS/Billing` `EstimatedCharges`.
pub const ALARM: &str = "baseline-estimated-charges";
/// The AWS Budgets monthly cost budget.
pub const BUDGET: &str = "baseline-monthly";
/// Period of the billing metric (AWS publishes it about every 6 hours).
pub const PERIOD_SECONDS: i32 = 21_600;

/// The four service clients of the billing guard, all in us-east-1. Tests build them from
/// SDK-level fakes where the emulators cannot show a behaviour.
#[derive(Clone, Debug)]
pub struct Clients {
    pub account_id: String,
    pub sns: aws_sdk_sns::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub budgets: aws_sdk_budgets::Client,
    pub billing: aws_sdk_billing::Client,
    /// The connection's profile, SSO and endpoint, for every error's hint.
    pub context: crate::aws::ErrorContext,
}

impl Clients {
    /// Context for classifying an error of these clients.
    pub fn ctx(&self, operation: &'static str) -> crate::aws::Ctx<'_> {
        self.context.ctx(operation)
    }

    /// Clients for the connection's account, pinned to us-east-1 (endpoint overrides such
    /// as `AWS_ENDPOINT_URL_CLOUDWATCH` still apply).
    pub fn new(conn: &Connection, account_id: &str) -> Clients {
        Clients {
            context: conn.error_context(),
            account_id: account_id.to_owned(),
            sns: conn.sns(),
            cloudwatch: conn.cloudwatch(),
            budgets: conn.budgets(),
            billing: conn.billing(),
        }
    }

    /// ARN of Baseline's billing topic in this account.
    pub fn topic_arn(&self) -> String {
        format!("arn:aws:sns:{REGION}:{}:{TOPIC}", self.account_id)
    }
}

#[cfg(test)]
mod tests;
