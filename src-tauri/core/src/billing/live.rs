//! The billing guard as it is, read in a few calls.

use super::{Clients, ALARM, BUDGET, PERIOD_SECONDS};
use crate::aws::classify;
use crate::Result;
use aws_sdk_cloudwatch::types::{Dimension, Statistic};
use serde::Serialize;
use std::collections::BTreeSet;

/// The "receive billing alerts" preference, which CloudWatch billing metrics need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AlertsPreference {
    Enabled,
    /// Off; `keys` are the preference keys to turn on.
    Disabled {
        keys: Vec<String>,
    },
    /// The Billing API refused or is not available: a manual step in the console.
    Unknown {
        reason: String,
    },
}

/// One email subscription of the topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscription {
    pub email: String,
    /// The subscription ARN once confirmed; AWS says `PendingConfirmation` until the
    /// owner clicks the link in the mail.
    pub arn: String,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alarm {
    pub threshold: f64,
    pub actions: Vec<String>,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: String,
    /// When the state last changed (RFC 3339).
    pub state_updated: Option<String>,
    pub matches_metric: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    /// `ACTUAL` or `FORECASTED`.
    pub kind: String,
    pub percent: f64,
    /// `None` when the subscribers could not be read (then they are left as they are).
    pub emails: Option<BTreeSet<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    pub limit_usd: f64,
    pub notifications: Vec<Notification>,
    /// Why the notifications' subscribers could not be read, if they could not.
    pub subscribers_unreadable: Option<String>,
}

/// Everything the billing guard reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Live {
    pub alerts: AlertsPreference,
    pub topic_arn: Option<String>,
    pub subscriptions: Vec<Subscription>,
    pub alarm: Option<Alarm>,
    pub budget: Option<Budget>,
}

/// Read the live state (SNS, CloudWatch, Budgets and Billing concurrently).
pub async fn read(c: &Clients) -> Result<Live> {
    let (alerts, topic, alarm, budget) = tokio::join!(alerts(c), topic(c), alarm(c), budget(c));
    let (topic_arn, subscriptions) = topic?;
    Ok(Live {
        alerts,
        topic_arn,
        subscriptions,
        alarm: alarm?,
        budget: budget?,
    })
}

async fn alerts(c: &Clients) -> AlertsPreference {
    use aws_sdk_billing::types::{BillingFeature, PreferenceValue};
    match c
        .billing
        .get_billing_preferences()
        .features(BillingFeature::BillingAlerts)
        .send()
        .await
    {
        Ok(out) => {
            let prefs = out.billing_preferences();
            if prefs.is_empty() {
                return AlertsPreference::Unknown {
                    reason: "the Billing API returned no billing-alerts preference".into(),
                };
            }
            if prefs.iter().all(|p| p.value() == &PreferenceValue::Enabled) {
                AlertsPreference::Enabled
            } else {
                AlertsPreference::Disabled {
                    keys: prefs.iter().map(|p| p.key().to_owned()).collect(),
                }
            }
        }
        Err(e) => AlertsPreference::Unknown {
            reason: classify(c.ctx("billing:GetBillingPreferences"), e).to_string(),
        },
    }
}

async fn topic(c: &Clients) -> Result<(Option<String>, Vec<Subscription>)> {
    let arn = c.topic_arn();
    match c.sns.get_topic_attributes().topic_arn(&arn).send().await {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            return Ok((None, Vec::new()))
        }
        Err(e) => return Err(classify(c.ctx("sns:GetTopicAttributes"), e)),
    }
    let pages: Vec<_> = c
        .sns
        .list_subscriptions_by_topic()
        .topic_arn(&arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify(c.ctx("sns:ListSubscriptionsByTopic"), e))?;
    let subs = pages
        .iter()
        .flat_map(|p| p.subscriptions())
        .filter(|s| s.protocol() == Some("email"))
        .map(|s| {
            let sub_arn = s.subscription_arn().unwrap_or_default().to_owned();
            Subscription {
                email: s.endpoint().unwrap_or_default().to_owned(),
                confirmed: sub_arn.starts_with("arn:"),
                arn: sub_arn,
            }
        })
        .collect();
    Ok((Some(arn), subs))
}

async fn alarm(c: &Clients) -> Result<Option<Alarm>> {
    let out = c
        .cloudwatch
        .describe_alarms()
        .alarm_names(ALARM)
        .send()
        .await
        .map_err(|e| classify(c.ctx("cloudwatch:DescribeAlarms"), e))?;
    Ok(out.metric_alarms().first().map(|a| Alarm {
        threshold: a.threshold().unwrap_or_default(),
        actions: a.alarm_actions().to_vec(),
        state: a
            .state_value()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        state_updated: a.state_updated_timestamp().map(|t| t.to_string()),
        matches_metric: a.namespace() == Some("AWS/Billing")
            && a.metric_name() == Some("EstimatedCharges")
            && a.period() == Some(PERIOD_SECONDS)
            && a.statistic() == Some(&Statistic::Maximum)
            && a.dimensions() == [usd()],
    }))
}

/// The `Currency=USD` dimension of the billing metric.
pub fn usd() -> Dimension {
    Dimension::builder().name("Currency").value("USD").build()
}

async fn budget(c: &Clients) -> Result<Option<Budget>> {
    let out = match c
        .budgets
        .describe_budget()
        .account_id(&c.account_id)
        .budget_name(BUDGET)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(classify(c.ctx("budgets:DescribeBudget"), e)),
    };
    let limit_usd = out
        .budget()
        .and_then(|b| b.budget_limit())
        .and_then(|s| s.amount().parse().ok())
        .unwrap_or_default();
    let notes = c
        .budgets
        .describe_notifications_for_budget()
        .account_id(&c.account_id)
        .budget_name(BUDGET)
        .send()
        .await
        .map_err(|e| classify(c.ctx("budgets:DescribeNotificationsForBudget"), e))?;
    let mut notifications = Vec::new();
    let mut subscribers_unreadable = None;
    for n in notes.notifications() {
        let subs = c
            .budgets
            .describe_subscribers_for_notification()
            .account_id(&c.account_id)
            .budget_name(BUDGET)
            .notification(n.clone())
            .send()
            .await;
        let emails = match subs {
            Ok(out) => Some(
                out.subscribers()
                    .iter()
                    .map(|s| s.address().to_owned())
                    .collect(),
            ),
            Err(e) => {
                subscribers_unreadable = Some(
                    classify(c.ctx("budgets:DescribeSubscribersForNotification"), e).to_string(),
                );
                None
            }
        };
        notifications.push(Notification {
            kind: n.notification_type().as_str().to_owned(),
            percent: n.threshold(),
            emails,
        });
    }
    Ok(Some(Budget {
        limit_usd,
        notifications,
        subscribers_unreadable,
    }))
}

/// One point of the estimated-charges chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// RFC 3339.
    pub time: String,
    pub usd: f64,
}

/// Estimated charges over the last `days` days, oldest first (maximum per 6 hours).
pub async fn estimated_charges(c: &Clients, days: i64) -> Result<Vec<Point>> {
    let end = std::time::SystemTime::now();
    let start = end - std::time::Duration::from_secs(days.max(1) as u64 * 86_400);
    let out = c
        .cloudwatch
        .get_metric_statistics()
        .namespace("AWS/Billing")
        .metric_name("EstimatedCharges")
        .dimensions(usd())
        .start_time(start.into())
        .end_time(end.into())
        .period(PERIOD_SECONDS)
        .statistics(Statistic::Maximum)
        .send()
        .await
        .map_err(|e| classify(c.ctx("cloudwatch:GetMetricStatistics"), e))?;
    let mut points: Vec<(i64, Point)> = out
        .datapoints()
        .iter()
        .filter_map(|d| {
            let t = d.timestamp()?;
            Some((
                t.secs(),
                Point {
                    time: t.to_string(),
                    usd: d.maximum()?,
                },
            ))
        })
        .collect();
    points.sort_by_key(|(t, _)| *t);
    Ok(points.into_iter().map(|(_, p)| p).collect())
}
