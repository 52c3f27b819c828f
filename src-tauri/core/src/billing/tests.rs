//! What the emulators cannot show (pending subscriptions, the Billing API), with SDK-level
//! fakes. The emulator tests in tests/app/billing.rs cover the rest.

use super::live::{self, AlertsPreference};
use super::ops::{self, Op};
use super::{status, Clients};
use crate::plan::billing as plan;
use crate::team::Billing;
use aws_sdk_billing::operation::get_billing_preferences::GetBillingPreferencesOutput;
use aws_sdk_billing::types::{BillingFeature, BillingPreferenceSummary, PreferenceValue};
use aws_sdk_budgets::operation::describe_budget::DescribeBudgetError;
use aws_sdk_budgets::types::error::NotFoundException;
use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
use aws_sdk_sns::operation::get_topic_attributes::GetTopicAttributesOutput;
use aws_sdk_sns::operation::list_subscriptions_by_topic::ListSubscriptionsByTopicOutput;
use aws_sdk_sns::types::Subscription;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};

mod budget;

fn subscription(email: &str, arn: &str) -> Subscription {
    Subscription::builder()
        .protocol("email")
        .endpoint(email)
        .subscription_arn(arn)
        .build()
}

fn preference(value: PreferenceValue) -> BillingPreferenceSummary {
    BillingPreferenceSummary::builder()
        .feature(BillingFeature::BillingAlerts)
        .key("123456789012")
        .value(value)
        .build()
        .unwrap()
}

/// Clients whose billing API answers with `alerts` and whose topic has one confirmed and
/// one pending subscription; no alarm, no budget yet.
fn clients(alerts: PreferenceValue, billing_rules: &[&Rule]) -> Clients {
    let topic = mock!(aws_sdk_sns::Client::get_topic_attributes)
        .then_output(|| GetTopicAttributesOutput::builder().build());
    let subs = mock!(aws_sdk_sns::Client::list_subscriptions_by_topic).then_output(|| {
        ListSubscriptionsByTopicOutput::builder()
            .subscriptions(subscription(
                "lead@example.com",
                "arn:aws:sns:us-east-1:123456789012:baseline-billing-alerts:1",
            ))
            .subscriptions(subscription("new@example.com", "PendingConfirmation"))
            .build()
    });
    let alarms = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .then_output(|| DescribeAlarmsOutput::builder().build());
    let budget = mock!(aws_sdk_budgets::Client::describe_budget).then_error(|| {
        DescribeBudgetError::NotFoundException(NotFoundException::builder().build())
    });
    let prefs = mock!(aws_sdk_billing::Client::get_billing_preferences).then_output(move || {
        GetBillingPreferencesOutput::builder()
            .billing_preferences(preference(alerts.clone()))
            .build()
            .unwrap()
    });
    let mut billing: Vec<&Rule> = vec![&prefs];
    billing.extend_from_slice(billing_rules);
    Clients {
        account_id: "123456789012".into(),
        context: Default::default(),
        sns: mock_client!(aws_sdk_sns, RuleMode::MatchAny, &[&topic, &subs]),
        cloudwatch: mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &[&alarms]),
        budgets: mock_client!(aws_sdk_budgets, RuleMode::MatchAny, &[&budget]),
        billing: mock_client!(aws_sdk_billing, RuleMode::MatchAny, billing.as_slice()),
    }
}

fn want(notify: &[&str]) -> Billing {
    Billing {
        alarm_threshold_usd: 1.0,
        notify: notify.iter().map(|s| s.to_string()).collect(),
        monthly_budget_usd: None,
        budget_alert_percents: vec![],
    }
}

#[tokio::test]
async fn a_pending_subscription_reads_as_pending_and_cannot_be_unsubscribed() {
    let c = clients(PreferenceValue::Enabled, &[]);
    let live = live::read(&c).await.unwrap();
    let states: Vec<(&str, bool)> = live
        .subscriptions
        .iter()
        .map(|s| (s.email.as_str(), s.confirmed))
        .collect();
    assert_eq!(
        states,
        vec![("lead@example.com", true), ("new@example.com", false)]
    );
    assert_eq!(live.alerts, AlertsPreference::Enabled);

    // Dropping the pending address from the file: AWS cannot unsubscribe it, so say so.
    let d = plan::diff(&want(&["lead@example.com"]), &live, &c.topic_arn());
    assert!(
        d.changes
            .iter()
            .all(|ch| ch.kind != crate::plan::Kind::BillingSubscription),
        "no change for the pending one"
    );
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].code, crate::plan::NoteCode::PendingUnsubscribe);
    assert_eq!(d.notes[0].params["email"], "new@example.com");
    // Re-declaring both creates nothing new: no duplicate subscription.
    let d = plan::diff(
        &want(&["lead@example.com", "NEW@example.com"]),
        &live,
        &c.topic_arn(),
    );
    assert!(d
        .changes
        .iter()
        .all(|ch| ch.kind != crate::plan::Kind::BillingSubscription));
}

#[tokio::test]
async fn the_billing_alerts_preference_is_turned_on_through_the_billing_api() {
    let update = mock!(aws_sdk_billing::Client::update_billing_preferences)
        .match_requests(|req| {
            req.feature() == Some(&BillingFeature::BillingAlerts)
                && req.billing_preferences_per_key().iter().all(|p| p.value() == &PreferenceValue::Enabled)
        })
        .then_output(|| aws_sdk_billing::operation::update_billing_preferences::UpdateBillingPreferencesOutput::builder().build());
    let c = clients(PreferenceValue::Disabled, &[&update]);
    let live = live::read(&c).await.unwrap();
    assert_eq!(
        live.alerts,
        AlertsPreference::Disabled {
            keys: vec!["123456789012".into()]
        }
    );
    let d = plan::diff(&want(&["lead@example.com"]), &live, &c.topic_arn());
    let change = d
        .changes
        .iter()
        .find(|ch| ch.id == "billing:alerts")
        .expect("a change turns alerts on");
    let crate::plan::ChangeOp::Billing(op) = &change.op else {
        panic!("billing op")
    };
    assert_eq!(
        op,
        &Op::EnableAlerts {
            keys: vec!["123456789012".into()]
        }
    );
    ops::run(&c, op).await.unwrap();
    assert_eq!(update.num_calls(), 1);
}

#[tokio::test]
async fn status_words_for_the_alarm_states() {
    use status::AlarmWords;
    assert_eq!(
        status::words("INSUFFICIENT_DATA"),
        AlarmWords::WaitingForData
    );
    assert_eq!(status::words("OK"), AlarmWords::Ok);
    assert_eq!(status::words("ALARM"), AlarmWords::OverLimit);
}

#[tokio::test]
async fn missing_cloudwatch_rights_name_the_permission() {
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsError;
    let mut c = clients(PreferenceValue::Enabled, &[]);
    let denied = mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_error(|| {
        DescribeAlarmsError::generic(
            aws_sdk_cloudwatch::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User: arn:aws:iam::123456789012:user/intern is not authorized to perform: cloudwatch:DescribeAlarms")
                .build(),
        )
    });
    c.cloudwatch = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &[&denied]);
    let err = live::read(&c).await.unwrap_err();
    assert_eq!(err.code(), "access_denied");
    assert!(
        err.hint().unwrap().contains("cloudwatch:DescribeAlarms"),
        "{:?}",
        err.hint()
    );
}
