//! The billing changes apply makes; each is safe to repeat.

use super::live::usd;
use super::{Clients, ALARM, BUDGET, PERIOD_SECONDS, TOPIC};
use crate::aws::classify;
use crate::aws::outcome::{already_done_on, Outcome};
use crate::Result;
use aws_sdk_budgets::types::{
    Budget, BudgetType, ComparisonOperator as BudgetCmp, Notification, NotificationType, Spend,
    Subscriber, SubscriptionType, ThresholdType, TimeUnit,
};
use aws_sdk_cloudwatch::types::{ComparisonOperator, Statistic};

/// One billing change.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    EnableAlerts {
        keys: Vec<String>,
    },
    CreateTopic,
    Subscribe {
        email: String,
    },
    Unsubscribe {
        arn: String,
    },
    PutAlarm {
        threshold: f64,
    },
    CreateBudget {
        limit_usd: f64,
    },
    UpdateBudget {
        limit_usd: f64,
    },
    CreateNotification {
        kind: String,
        percent: f64,
        emails: Vec<String>,
    },
    DeleteNotification {
        kind: String,
        percent: f64,
    },
    AddSubscriber {
        kind: String,
        percent: f64,
        email: String,
    },
    RemoveSubscriber {
        kind: String,
        percent: f64,
        email: String,
    },
}

macro_rules! call {
    ($c:expr, $op:literal, $fut:expr) => {
        $fut.await.map(|_| ()).map_err(|e| classify($c.ctx($op), e))
    };
}

fn notification(kind: &str, percent: f64) -> Notification {
    Notification::builder()
        .notification_type(NotificationType::from(kind))
        .comparison_operator(BudgetCmp::GreaterThan)
        .threshold(percent)
        .threshold_type(ThresholdType::Percentage)
        .build()
        .expect("all required fields are set")
}

fn subscriber(email: &str) -> Subscriber {
    Subscriber::builder()
        .subscription_type(SubscriptionType::Email)
        .address(email)
        .build()
        .expect("all required fields are set")
}

fn budget(limit_usd: f64) -> Budget {
    Budget::builder()
        .budget_name(BUDGET)
        .budget_type(BudgetType::Cost)
        .time_unit(TimeUnit::Monthly)
        .budget_limit(
            Spend::builder()
                .amount(format!("{limit_usd:.2}"))
                .unit("USD")
                .build()
                .expect("amount and unit"),
        )
        .build()
        .expect("all required fields are set")
}

/// Budgets answers `DuplicateRecordException` when the budget, alert or subscriber exists.
fn already_there_ok(r: Result<()>) -> Result<Outcome> {
    already_done_on("DuplicateRecordException", r)
}

/// Budgets answers `NotFoundException` when what is being removed is gone already.
fn already_gone_ok(r: Result<()>) -> Result<Outcome> {
    already_done_on("NotFoundException", r)
}

async fn create_budget(c: &Clients, limit_usd: f64) -> Result<Outcome> {
    already_there_ok(call!(
        c,
        "budgets:CreateBudget",
        c.budgets
            .create_budget()
            .account_id(&c.account_id)
            .budget(budget(limit_usd))
            .send()
    ))
}

/// Run one billing change.
pub async fn run(c: &Clients, op: &Op) -> Result<Outcome> {
    match op {
        Op::EnableAlerts { keys } => {
            use aws_sdk_billing::types::{
                BillingFeature, BillingPreferenceForKey, PreferenceValue,
            };
            let per_key = keys
                .iter()
                .map(|k| {
                    BillingPreferenceForKey::builder()
                        .key(k)
                        .value(PreferenceValue::Enabled)
                        .build()
                        .expect("key and value are set")
                })
                .collect();
            call!(
                c,
                "billing:UpdateBillingPreferences",
                c.billing
                    .update_billing_preferences()
                    .feature(BillingFeature::BillingAlerts)
                    .set_billing_preferences_per_key(Some(per_key))
                    .send()
            )?;
        }
        // CreateTopic returns the existing topic when it exists: idempotent by design.
        Op::CreateTopic => call!(
            c,
            "sns:CreateTopic",
            c.sns.create_topic().name(TOPIC).send()
        )?,
        // Subscribing an address again resends the confirmation mail; it never duplicates.
        Op::Subscribe { email } => call!(
            c,
            "sns:Subscribe",
            c.sns
                .subscribe()
                .topic_arn(c.topic_arn())
                .protocol("email")
                .endpoint(email)
                .send()
        )?,
        Op::Unsubscribe { arn } => call!(
            c,
            "sns:Unsubscribe",
            c.sns.unsubscribe().subscription_arn(arn).send()
        )?,
        Op::PutAlarm { threshold } => call!(
            c,
            "cloudwatch:PutMetricAlarm",
            c.cloudwatch
                .put_metric_alarm()
                .alarm_name(ALARM)
                .alarm_description(
                    "Baseline: the month's estimated AWS charges are over the team's limit"
                )
                .namespace("AWS/Billing")
                .metric_name("EstimatedCharges")
                .dimensions(usd())
                .statistic(Statistic::Maximum)
                .period(PERIOD_SECONDS)
                .evaluation_periods(1)
                .threshold(*threshold)
                .comparison_operator(ComparisonOperator::GreaterThanThreshold)
                .alarm_actions(c.topic_arn())
                .send()
        )?,
        Op::CreateBudget { limit_usd } => return create_budget(c, *limit_usd).await,
        Op::UpdateBudget { limit_usd } => {
            let r = call!(
                c,
                "budgets:UpdateBudget",
                c.budgets
                    .update_budget()
                    .account_id(&c.account_id)
                    .new_budget(budget(*limit_usd))
                    .send()
            );
            // Deleted in the console since the plan read it: the wanted budget is a new one.
            if already_gone_ok(r)? == Outcome::AlreadyDone {
                return create_budget(c, *limit_usd).await;
            }
        }
        Op::CreateNotification {
            kind,
            percent,
            emails,
        } => {
            let r = call!(
                c,
                "budgets:CreateNotification",
                c.budgets
                    .create_notification()
                    .account_id(&c.account_id)
                    .budget_name(BUDGET)
                    .notification(notification(kind, *percent))
                    .set_subscribers(Some(emails.iter().map(|e| subscriber(e)).collect()))
                    .send()
            );
            return already_there_ok(r);
        }
        Op::DeleteNotification { kind, percent } => {
            return already_gone_ok(call!(
                c,
                "budgets:DeleteNotification",
                c.budgets
                    .delete_notification()
                    .account_id(&c.account_id)
                    .budget_name(BUDGET)
                    .notification(notification(kind, *percent))
                    .send()
            ))
        }
        Op::AddSubscriber {
            kind,
            percent,
            email,
        } => {
            return already_there_ok(call!(
                c,
                "budgets:CreateSubscriber",
                c.budgets
                    .create_subscriber()
                    .account_id(&c.account_id)
                    .budget_name(BUDGET)
                    .notification(notification(kind, *percent))
                    .subscriber(subscriber(email))
                    .send()
            ))
        }
        Op::RemoveSubscriber {
            kind,
            percent,
            email,
        } => {
            return already_gone_ok(call!(
                c,
                "budgets:DeleteSubscriber",
                c.budgets
                    .delete_subscriber()
                    .account_id(&c.account_id)
                    .budget_name(BUDGET)
                    .notification(notification(kind, *percent))
                    .subscriber(subscriber(email))
                    .send()
            ))
        }
    }
    Ok(Outcome::Done)
}
