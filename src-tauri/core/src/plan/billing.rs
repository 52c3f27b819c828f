//! Billing changes of the plan: the `[billing]` section against the live guard.

use super::draft::Draft;
use super::{Action, Kind, Note, NoteCode};
use crate::billing::live::{AlertsPreference, Live};
use crate::billing::ops::Op;
use crate::billing::{ALARM, BUDGET, TOPIC};
use crate::team::Billing;
use std::collections::{BTreeMap, BTreeSet};

/// AWS Budgets accepts at most 10 email subscribers per notification.
pub const MAX_BUDGET_SUBSCRIBERS: usize = 10;

/// Changes, unchanged items and notes for the billing section.
pub type Diff = Draft;

fn usd(v: f64) -> String {
    format!("${v:.2}")
}

/// Compare the declared billing guard with the live one.
pub fn diff(want: &Billing, live: &Live, topic_arn: &str) -> Diff {
    let mut d = Draft::new("billing");
    match &live.alerts {
        AlertsPreference::Enabled => d.keep(Kind::BillingAlerts, "billing alerts"),
        AlertsPreference::Disabled { keys } => {
            d.change(
                "billing:alerts",
                Action::Update,
                Kind::BillingAlerts,
                "billing alerts",
            )
            .title("turn on billing alerts (Billing preferences)")
            .op(Op::EnableAlerts { keys: keys.clone() });
        }
        AlertsPreference::Unknown { reason } => d
            .notes
            .push(Note::new(NoteCode::AlertsManual).with("reason", reason)),
    }
    if live.topic_arn.is_none() {
        d.change("billing:topic", Action::Create, Kind::BillingTopic, TOPIC)
            .title(format!("create the SNS topic {} in us-east-1", TOPIC))
            .op(Op::CreateTopic);
    } else {
        d.keep(Kind::BillingTopic, TOPIC);
    }
    let wanted: BTreeMap<String, &String> =
        want.notify.iter().map(|e| (e.to_lowercase(), e)).collect();
    let have: BTreeMap<String, _> = live
        .subscriptions
        .iter()
        .map(|s| (s.email.to_lowercase(), s))
        .collect();
    for (key, email) in &wanted {
        match have.get(key) {
            Some(_) => d.keep(Kind::BillingSubscription, email),
            None => {
                let deps = d.deps(&["billing:topic"]);
                let c = d
                    .change(
                        format!("billing:subscription:{email}"),
                        Action::Create,
                        Kind::BillingSubscription,
                        email,
                    )
                    .title(format!(
                        "subscribe {email} to billing alerts (they must confirm the mail)"
                    ))
                    .op(Op::Subscribe {
                        email: (*email).clone(),
                    });
                c.deps = deps;
            }
        }
    }
    for (key, sub) in &have {
        if wanted.contains_key(key) {
            continue;
        }
        if sub.confirmed {
            d.change(
                format!("billing:subscription:{}", sub.email),
                Action::Delete,
                Kind::BillingSubscription,
                &sub.email,
            )
            .title(format!("unsubscribe {} from billing alerts", sub.email))
            .op(Op::Unsubscribe {
                arn: sub.arn.clone(),
            });
        } else {
            d.notes
                .push(Note::new(NoteCode::PendingUnsubscribe).with("email", &sub.email));
        }
    }
    let threshold = want.alarm_threshold_usd;
    match &live.alarm {
        Some(a)
            if (a.threshold - threshold).abs() < 0.005
                && a.actions == [topic_arn]
                && a.matches_metric =>
        {
            d.keep(Kind::BillingAlarm, ALARM)
        }
        have => {
            let deps = d.deps(&["billing:topic"]);
            let action = if have.is_some() {
                Action::Update
            } else {
                Action::Create
            };
            let c = d
                .change("billing:alarm", action, Kind::BillingAlarm, ALARM)
                .title(format!(
                    "alarm when estimated charges exceed {}",
                    usd(threshold)
                ))
                .op(Op::PutAlarm { threshold });
            c.before = have.as_ref().map(|a| usd(a.threshold));
            c.after = Some(usd(threshold));
            c.deps = deps;
        }
    }
    if let Some(limit) = want.monthly_budget_usd {
        budget(&mut d, want, limit, live);
    }
    d
}

fn budget(d: &mut Diff, want: &Billing, limit: f64, live: &Live) {
    match &live.budget {
        None => {
            let c = d
                .change(
                    "billing:budget",
                    Action::Create,
                    Kind::BillingBudget,
                    BUDGET,
                )
                .title(format!("create the monthly budget of {}", usd(limit)))
                .op(Op::CreateBudget { limit_usd: limit });
            c.after = Some(usd(limit));
        }
        Some(b) if (b.limit_usd - limit).abs() >= 0.005 => {
            let c = d
                .change(
                    "billing:budget",
                    Action::Update,
                    Kind::BillingBudget,
                    BUDGET,
                )
                .title(format!("set the monthly budget to {}", usd(limit)))
                .op(Op::UpdateBudget { limit_usd: limit });
            c.before = Some(usd(b.limit_usd));
            c.after = Some(usd(limit));
        }
        Some(_) => d.keep(Kind::BillingBudget, BUDGET),
    }
    let mut emails: Vec<String> = want.notify.clone();
    if emails.len() > MAX_BUDGET_SUBSCRIBERS {
        d.notes.push(
            Note::new(NoteCode::BudgetSubscriberLimit).with("count", &emails.len().to_string()),
        );
        emails.truncate(MAX_BUDGET_SUBSCRIBERS);
    }
    let mut wanted: Vec<(String, f64)> = want
        .budget_alert_percents
        .iter()
        .map(|p| ("ACTUAL".to_owned(), *p as f64))
        .collect();
    wanted.push(("FORECASTED".to_owned(), 100.0));
    let live_notes = live
        .budget
        .as_ref()
        .map(|b| b.notifications.clone())
        .unwrap_or_default();
    if let Some(reason) = live
        .budget
        .as_ref()
        .and_then(|b| b.subscribers_unreadable.as_ref())
    {
        d.notes
            .push(Note::new(NoteCode::BudgetSubscribersUnreadable).with("reason", reason));
    }
    let want_set: BTreeSet<String> = emails.iter().map(|e| e.to_lowercase()).collect();
    for (kind, percent) in &wanted {
        let id = format!("billing:budget/{kind}:{percent}");
        let label = if kind == "ACTUAL" {
            format!("spend reaches {percent}% of the budget")
        } else {
            format!("spend is forecast to reach {percent}%")
        };
        match live_notes
            .iter()
            .find(|n| n.kind == *kind && (n.percent - percent).abs() < 0.001)
        {
            None => {
                let deps = d.deps(&["billing:budget"]);
                let op = Op::CreateNotification {
                    kind: kind.clone(),
                    percent: *percent,
                    emails: emails.clone(),
                };
                let c = d
                    .change(
                        id,
                        Action::Create,
                        Kind::BillingNotification,
                        &format!("{kind}:{percent}"),
                    )
                    .title(format!("email when {label}"))
                    .op(op);
                c.deps = deps;
            }
            Some(n) => {
                let Some(current) = &n.emails else {
                    d.keep(Kind::BillingNotification, &format!("{kind}:{percent}"));
                    continue;
                };
                let have: BTreeSet<String> = current.iter().map(|e| e.to_lowercase()).collect();
                let before = d.changes.len();
                for email in emails.iter().filter(|e| !have.contains(&e.to_lowercase())) {
                    let op = Op::AddSubscriber {
                        kind: kind.clone(),
                        percent: *percent,
                        email: email.clone(),
                    };
                    d.change(
                        format!("{id}/subscriber:{email}"),
                        Action::Create,
                        Kind::BillingSubscriber,
                        email,
                    )
                    .title(format!("email {email} when {label}"))
                    .op(op);
                }
                for email in current
                    .iter()
                    .filter(|e| !want_set.contains(&e.to_lowercase()))
                {
                    let op = Op::RemoveSubscriber {
                        kind: kind.clone(),
                        percent: *percent,
                        email: email.clone(),
                    };
                    d.change(
                        format!("{id}/subscriber:{email}"),
                        Action::Delete,
                        Kind::BillingSubscriber,
                        email,
                    )
                    .title(format!("stop emailing {email} when {label}"))
                    .op(op);
                }
                if d.changes.len() == before {
                    d.keep(Kind::BillingNotification, &format!("{kind}:{percent}"));
                }
            }
        }
    }
    for n in live_notes.iter().filter(|n| {
        !wanted
            .iter()
            .any(|(k, p)| *k == n.kind && (n.percent - p).abs() < 0.001)
    }) {
        let op = Op::DeleteNotification {
            kind: n.kind.clone(),
            percent: n.percent,
        };
        d.change(
            format!("billing:budget/{}:{}", n.kind, n.percent),
            Action::Delete,
            Kind::BillingNotification,
            &format!("{}:{}", n.kind, n.percent),
        )
        .title(format!("remove the budget alert at {}%", n.percent))
        .op(op);
    }
}
