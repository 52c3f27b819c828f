//! The billing guard at a glance, in words a newcomer understands.

use super::live::{self, AlertsPreference, Budget, Point};
use super::Clients;
use crate::Result;
use serde::Serialize;

/// One notification address and whether its owner confirmed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscriptionStatus {
    pub email: String,
    /// `confirmed` or `pending` (waiting for the owner to click the link in the mail).
    pub state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmStatus {
    pub threshold: f64,
    /// AWS's state: `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub state: String,
    /// `waiting_for_data`, `ok` or `over_limit`.
    pub words: &'static str,
    pub updated: Option<String>,
}

/// Everything the Billing screen and `baseline status` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub alerts: AlertsPreference,
    pub topic_arn: Option<String>,
    pub subscriptions: Vec<SubscriptionStatus>,
    pub alarm: Option<AlarmStatus>,
    pub budget: Option<Budget>,
    /// Estimated charges of the last 30 days, oldest first.
    pub chart: Vec<Point>,
}

/// The words for an alarm state.
pub fn words(state: &str) -> &'static str {
    match state {
        "OK" => "ok",
        "ALARM" => "over_limit",
        _ => "waiting_for_data",
    }
}

/// Read the guard and the last 30 days of estimated charges, concurrently.
pub async fn read(c: &Clients) -> Result<Status> {
    let (live, chart) = tokio::join!(live::read(c), live::estimated_charges(c, 30));
    let live = live?;
    Ok(Status {
        alerts: live.alerts,
        topic_arn: live.topic_arn,
        subscriptions: live
            .subscriptions
            .into_iter()
            .map(|s| SubscriptionStatus {
                state: if s.confirmed { "confirmed" } else { "pending" },
                email: s.email,
            })
            .collect(),
        alarm: live.alarm.map(|a| AlarmStatus {
            threshold: a.threshold,
            words: words(&a.state),
            state: a.state,
            updated: a.state_updated,
        }),
        budget: live.budget,
        chart: chart?,
    })
}

/// Subscribe the address again: AWS resends the confirmation mail (no duplicate).
pub async fn resend(c: &Clients, email: &str) -> Result<()> {
    super::ops::run(
        c,
        &super::ops::Op::Subscribe {
            email: email.to_owned(),
        },
    )
    .await
    .map(|_| ())
}
