//! The budget change path, which moto cannot serve (no `UpdateBudget`): a small in-memory
//! AWS Budgets behind SDK-level fakes, answering with the codes AWS uses.

use super::clients;
use crate::billing::live;
use crate::billing::ops::{self, Op};
use crate::billing::{Clients, BUDGET};
use crate::iam::ops::Outcome;
use crate::plan::billing as plan;
use crate::plan::ChangeOp;
use crate::team::Billing;
use aws_sdk_billing::types::PreferenceValue;
use aws_sdk_budgets::error::ErrorMetadata;
use aws_sdk_budgets::operation::{
    create_budget::{CreateBudgetError, CreateBudgetOutput},
    create_notification::{CreateNotificationError, CreateNotificationOutput},
    create_subscriber::{CreateSubscriberError, CreateSubscriberOutput},
    delete_notification::{DeleteNotificationError, DeleteNotificationOutput},
    delete_subscriber::{DeleteSubscriberError, DeleteSubscriberOutput},
    describe_budget::{DescribeBudgetError, DescribeBudgetOutput},
    describe_notifications_for_budget::DescribeNotificationsForBudgetOutput,
    describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput,
    update_budget::{UpdateBudgetError, UpdateBudgetOutput},
};
use aws_sdk_budgets::types::error::{
    AccessDeniedException, DuplicateRecordException, NotFoundException,
};
use aws_sdk_budgets::types::{
    Budget, BudgetType, ComparisonOperator, Notification, NotificationType, Spend, Subscriber,
    SubscriptionType, ThresholdType, TimeUnit,
};
use aws_smithy_mocks::{mock, mock_client, MockResponse, Rule, RuleMode};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

/// A modeled Budgets error carrying AWS's code and message, as the SDK parses it.
macro_rules! aws_err {
    ($op:ident :: $variant:ident, $msg:expr) => {
        MockResponse::Error($op::$variant(
            $variant::builder()
                .message($msg)
                .meta(
                    ErrorMetadata::builder()
                        .code(stringify!($variant))
                        .message($msg)
                        .build(),
                )
                .build(),
        ))
    };
}

type Key = (String, String);

/// What the fake account holds: the budget's limit and each alert's subscribers.
#[derive(Default)]
struct Account {
    limit: Option<String>,
    alerts: BTreeMap<Key, BTreeSet<String>>,
    /// Write calls in order, e.g. `UpdateBudget 50.00`.
    calls: Vec<String>,
}

type Shared = Arc<Mutex<Account>>;

fn key(n: Option<&Notification>) -> Key {
    let n = n.expect("a notification");
    (
        n.notification_type().as_str().to_owned(),
        n.threshold().to_string(),
    )
}

fn note((kind, percent): &Key) -> Notification {
    Notification::builder()
        .notification_type(NotificationType::from(kind.as_str()))
        .comparison_operator(ComparisonOperator::GreaterThan)
        .threshold(percent.parse().unwrap())
        .threshold_type(ThresholdType::Percentage)
        .build()
        .unwrap()
}

fn email(address: &str) -> Subscriber {
    Subscriber::builder()
        .subscription_type(SubscriptionType::Email)
        .address(address)
        .build()
        .unwrap()
}

fn amount(b: Option<&Budget>) -> String {
    b.and_then(|b| b.budget_limit())
        .map(|s| format!("{} {}", s.amount(), s.unit()))
        .unwrap_or_default()
}

/// Rules that serve `account` like AWS Budgets does, including its error codes.
fn budgets(account: &Shared) -> Vec<Rule> {
    let a = account.clone();
    let describe =
        mock!(aws_sdk_budgets::Client::describe_budget).then_compute_response(move |_| {
            match &a.lock().unwrap().limit {
                None => aws_err!(DescribeBudgetError::NotFoundException, "no budget"),
                Some(limit) => MockResponse::Output(
                    DescribeBudgetOutput::builder()
                        .budget(
                            Budget::builder()
                                .budget_name(BUDGET)
                                .budget_type(BudgetType::Cost)
                                .time_unit(TimeUnit::Monthly)
                                .budget_limit(
                                    Spend::builder().amount(limit).unit("USD").build().unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build(),
                ),
            }
        });
    let a = account.clone();
    let notes = mock!(aws_sdk_budgets::Client::describe_notifications_for_budget)
        .then_compute_output(move |_| {
            DescribeNotificationsForBudgetOutput::builder()
                .set_notifications(Some(a.lock().unwrap().alerts.keys().map(note).collect()))
                .build()
        });
    let a = account.clone();
    let subs = mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification)
        .then_compute_output(move |req| {
            let emails = a.lock().unwrap().alerts[&key(req.notification())].clone();
            DescribeSubscribersForNotificationOutput::builder()
                .set_subscribers(Some(emails.iter().map(|e| email(e)).collect()))
                .build()
        });
    let a = account.clone();
    let create = mock!(aws_sdk_budgets::Client::create_budget).then_compute_response(move |req| {
        let mut a = a.lock().unwrap();
        a.calls
            .push(format!("CreateBudget {}", amount(req.budget())));
        if a.limit.is_some() {
            return aws_err!(CreateBudgetError::DuplicateRecordException, "exists");
        }
        a.limit = req
            .budget()
            .and_then(|b| b.budget_limit())
            .map(|s| s.amount().to_owned());
        MockResponse::Output(CreateBudgetOutput::builder().build())
    });
    let a = account.clone();
    let update = mock!(aws_sdk_budgets::Client::update_budget).then_compute_response(move |req| {
        let mut a = a.lock().unwrap();
        a.calls
            .push(format!("UpdateBudget {}", amount(req.new_budget())));
        if a.limit.is_none() {
            return aws_err!(
                UpdateBudgetError::NotFoundException,
                "Unable to update budget"
            );
        }
        a.limit = req
            .new_budget()
            .and_then(|b| b.budget_limit())
            .map(|s| s.amount().to_owned());
        MockResponse::Output(UpdateBudgetOutput::builder().build())
    });
    let a = account.clone();
    let create_note =
        mock!(aws_sdk_budgets::Client::create_notification).then_compute_response(move |req| {
            let mut a = a.lock().unwrap();
            let k = key(req.notification());
            a.calls.push(format!("CreateNotification {k:?}"));
            if a.alerts.contains_key(&k) {
                return aws_err!(CreateNotificationError::DuplicateRecordException, "exists");
            }
            let emails = req
                .subscribers()
                .iter()
                .map(|s| s.address().to_owned())
                .collect();
            a.alerts.insert(k, emails);
            MockResponse::Output(CreateNotificationOutput::builder().build())
        });
    let a = account.clone();
    let delete_note =
        mock!(aws_sdk_budgets::Client::delete_notification).then_compute_response(move |req| {
            let mut a = a.lock().unwrap();
            let k = key(req.notification());
            a.calls.push(format!("DeleteNotification {k:?}"));
            match a.alerts.remove(&k) {
                Some(_) => MockResponse::Output(DeleteNotificationOutput::builder().build()),
                None => aws_err!(DeleteNotificationError::NotFoundException, "gone"),
            }
        });
    let a = account.clone();
    let add = mock!(aws_sdk_budgets::Client::create_subscriber).then_compute_response(move |req| {
        let mut a = a.lock().unwrap();
        let (k, address) = (
            key(req.notification()),
            req.subscriber().unwrap().address().to_owned(),
        );
        a.calls.push(format!("CreateSubscriber {k:?} {address}"));
        match a.alerts.get_mut(&k).map(|set| set.insert(address)) {
            None => aws_err!(CreateSubscriberError::NotFoundException, "no alert"),
            Some(false) => aws_err!(CreateSubscriberError::DuplicateRecordException, "exists"),
            Some(true) => MockResponse::Output(CreateSubscriberOutput::builder().build()),
        }
    });
    let a = account.clone();
    let remove =
        mock!(aws_sdk_budgets::Client::delete_subscriber).then_compute_response(move |req| {
            let mut a = a.lock().unwrap();
            let (k, address) = (
                key(req.notification()),
                req.subscriber().unwrap().address().to_owned(),
            );
            a.calls.push(format!("DeleteSubscriber {k:?} {address}"));
            match a.alerts.get_mut(&k).map(|set| set.remove(&address)) {
                Some(true) => MockResponse::Output(DeleteSubscriberOutput::builder().build()),
                _ => aws_err!(DeleteSubscriberError::NotFoundException, "gone"),
            }
        });
    vec![
        describe,
        notes,
        subs,
        create,
        update,
        create_note,
        delete_note,
        add,
        remove,
    ]
}

fn with_budgets(account: &Shared) -> Clients {
    let mut c = clients(PreferenceValue::Enabled, &[]);
    let rules = budgets(account);
    let refs: Vec<&Rule> = rules.iter().collect();
    c.budgets = mock_client!(aws_sdk_budgets, RuleMode::MatchAny, refs.as_slice());
    c
}

fn want(limit: f64, percents: &[i64], notify: &[&str]) -> Billing {
    Billing {
        alarm_threshold_usd: 1.0,
        notify: notify.iter().map(|s| s.to_string()).collect(),
        monthly_budget_usd: Some(limit),
        budget_alert_percents: percents.to_vec(),
    }
}

/// The budget's changes of the plan, in plan order.
async fn budget_ops(c: &Clients, want: &Billing) -> Vec<Op> {
    let live = live::read(c).await.unwrap();
    plan::diff(want, &live, &c.topic_arn())
        .changes
        .into_iter()
        .filter(|ch| ch.id.starts_with("billing:budget"))
        .map(|ch| match ch.op {
            ChangeOp::Billing(op) => op,
            _ => panic!("billing op"),
        })
        .collect()
}

fn alert(kind: &str, percent: &str, emails: &[&str]) -> (Key, BTreeSet<String>) {
    (
        (kind.to_owned(), percent.to_owned()),
        emails.iter().map(|e| e.to_string()).collect(),
    )
}

#[tokio::test]
async fn a_new_limit_updates_the_budget_and_its_alerts_converge() {
    let account: Shared = Arc::new(Mutex::new(Account {
        limit: Some("20.00".into()),
        alerts: BTreeMap::from([
            alert("ACTUAL", "80", &["lead@example.com", "old@example.com"]),
            alert("ACTUAL", "50", &["lead@example.com"]),
            alert("FORECASTED", "100", &["lead@example.com"]),
        ]),
        calls: vec![],
    }));
    let c = with_budgets(&account);
    let want = want(50.0, &[80, 100], &["lead@example.com", "new@example.com"]);
    let ops = budget_ops(&c, &want).await;
    assert_eq!(ops[0], Op::UpdateBudget { limit_usd: 50.0 });
    for op in &ops {
        assert_eq!(ops::run(&c, op).await.unwrap(), Outcome::Done, "{op:?}");
    }
    {
        let a = account.lock().unwrap();
        assert_eq!(a.calls[0], "UpdateBudget 50.00 USD", "{:?}", a.calls);
        assert_eq!(a.limit.as_deref(), Some("50.00"));
        let both = ["lead@example.com", "new@example.com"];
        assert_eq!(
            a.alerts,
            BTreeMap::from([
                alert("ACTUAL", "80", &both),
                alert("ACTUAL", "100", &both),
                alert("FORECASTED", "100", &both),
            ])
        );
    }
    assert!(
        budget_ops(&c, &want).await.is_empty(),
        "a second plan has nothing left for the budget"
    );

    // Every op is safe to repeat (an apply interrupted and run again): what is already in
    // place reads as done, not failed.
    let calls_before = account.lock().unwrap().calls.len();
    for op in &ops {
        let outcome = ops::run(&c, op).await.unwrap();
        let expected = match op {
            Op::UpdateBudget { .. } => Outcome::Done,
            _ => Outcome::AlreadyDone,
        };
        assert_eq!(outcome, expected, "{op:?}");
    }
    assert_eq!(
        account.lock().unwrap().calls.len(),
        calls_before + ops.len()
    );
}

#[tokio::test]
async fn a_budget_deleted_since_the_plan_is_created_and_a_created_one_is_done() {
    let account: Shared = Arc::new(Mutex::new(Account::default()));
    let c = with_budgets(&account);
    let update = Op::UpdateBudget { limit_usd: 30.0 };
    assert_eq!(ops::run(&c, &update).await.unwrap(), Outcome::Done);
    {
        let a = account.lock().unwrap();
        assert_eq!(
            a.calls,
            ["UpdateBudget 30.00 USD", "CreateBudget 30.00 USD"]
        );
        assert_eq!(a.limit.as_deref(), Some("30.00"));
    }
    // Created meanwhile (another apply, the console): DuplicateRecordException = done.
    let create = Op::CreateBudget { limit_usd: 30.0 };
    assert_eq!(ops::run(&c, &create).await.unwrap(), Outcome::AlreadyDone);
}

#[tokio::test]
async fn a_refused_update_keeps_the_aws_code_and_message() {
    let denied = mock!(aws_sdk_budgets::Client::update_budget).then_compute_response(|_| {
        aws_err!(
            UpdateBudgetError::AccessDeniedException,
            "User: arn:aws:iam::123456789012:user/intern is not authorized to perform: budgets:ModifyBudget"
        )
    });
    let mut c = clients(PreferenceValue::Enabled, &[]);
    c.budgets = mock_client!(aws_sdk_budgets, RuleMode::MatchAny, &[&denied]);
    let err = ops::run(&c, &Op::UpdateBudget { limit_usd: 30.0 })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "access_denied");
    assert_eq!(err.params()["aws_code"], "AccessDeniedException");
    assert_eq!(err.params()["operation"], "budgets:UpdateBudget");
    assert!(
        err.to_string().contains("user/intern is not authorized"),
        "{err}"
    );
    assert_eq!(
        denied.num_calls(),
        1,
        "no budget is created after a refusal"
    );
}
