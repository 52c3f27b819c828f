//! The billing guard at a glance, in words a newcomer understands.

use super::live::{self, AlertsPreference, Budget, Point};
use super::Clients;
use crate::Result;
use serde::Serialize;

/// One notification address and whether its owner confirmed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscriptionStatus {
    pub email: String,
    pub state: SubscriptionState,
}

/// Whether the owner of an address clicked the link in AWS's confirmation mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Confirmed,
    /// Waiting for the owner to click the link in the mail.
    Pending,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmStatus {
    pub threshold: f64,
    /// AWS's own word: `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub state: String,
    /// The state in words a newcomer reads.
    pub words: AlarmWords,
    pub updated: Option<String>,
}

/// An alarm's state as the UI says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmWords {
    /// No data yet (AWS publishes estimated charges every few hours).
    WaitingForData,
    Ok,
    OverLimit,
}

impl AlarmWords {
    pub const ALL: &'static [AlarmWords] = &[Self::WaitingForData, Self::Ok, Self::OverLimit];
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
pub fn words(state: &str) -> AlarmWords {
    match state {
        "OK" => AlarmWords::Ok,
        "ALARM" => AlarmWords::OverLimit,
        _ => AlarmWords::WaitingForData,
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
                state: if s.confirmed {
                    SubscriptionState::Confirmed
                } else {
                    SubscriptionState::Pending
                },
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
