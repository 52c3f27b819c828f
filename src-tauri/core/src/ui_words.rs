//! The words of every typed value the UI branches on: each variant, serialised as the UI
//! receives it, has its Korean and English text (`ui/i18n/*.json`) or its branch in the
//! screens. A new variant without them fails here, not in front of a user. (The plan's own
//! vocabulary is checked in `plan::tests::i18n`, checklist actions in `checklist::tests`.)

use crate::apply::StepState;
use crate::billing::status::{AlarmWords, SubscriptionState};
use crate::checklist::State;
use crate::vault::index::HandoffMethod;
use crate::vault::Kind;
use serde::Serialize;
use std::collections::BTreeSet;

fn ui(path: &str) -> String {
    let path = format!("{}/../../ui/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn keys(lang: &str) -> BTreeSet<String> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&ui(&format!("i18n/{lang}.json"))).unwrap();
    map.into_iter().map(|(k, _)| k).collect()
}

fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .expect("a unit variant serialises to a string")
        .to_owned()
}

fn wanted() -> Vec<String> {
    let mut want = Vec::new();
    let states = [State::Done, State::Todo, State::Attention, State::Manual];
    want.extend(
        states
            .iter()
            .map(|s| format!("checklist.state.{}", word(s))),
    );
    let steps = [
        StepState::Pending,
        StepState::Running,
        StepState::Done,
        StepState::Failed,
        StepState::Skipped,
    ];
    want.extend(steps.iter().map(|s| format!("step.{}", word(s))));
    // The index holds these kinds (the lead's own access key is not listed there).
    let kinds = [
        Kind::ConsolePassword,
        Kind::RootPassword,
        Kind::MailboxPassword,
        Kind::Ec2Key,
        Kind::DbPassword,
    ];
    want.extend(kinds.iter().map(|k| format!("secrets.kind.{}", word(k))));
    want.extend(
        crate::checklist::Evidence::ALL
            .iter()
            .map(|e| format!("evidence.{}", word(e))),
    );
    want.extend(
        HandoffMethod::ALL
            .iter()
            .map(|m| format!("secrets.method.{}", word(m))),
    );
    want
}

#[test]
fn every_state_kind_and_method_has_korean_and_english_words() {
    let want = wanted();
    for lang in ["ko", "en"] {
        let have = keys(lang);
        let missing: Vec<&String> = want.iter().filter(|k| !have.contains(*k)).collect();
        assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
    }
}

#[test]
fn every_alarm_and_subscription_state_is_handled_by_the_billing_screen() {
    let screen = ui("screens/billing-live.js");
    for w in AlarmWords::ALL {
        let w = word(w);
        assert!(
            screen.contains(&format!("  {w}: {{")),
            "ALARM_ROW lacks {w}"
        );
    }
    let screens = format!("{screen}{}", ui("screens/billing-state.js"));
    for s in [SubscriptionState::Confirmed, SubscriptionState::Pending] {
        let s = word(&s);
        assert!(
            screens.contains(&format!("state === '{s}'")),
            "no branch for {s}"
        );
    }
    let handoff = word(&HandoffMethod::AgeSsh);
    assert_eq!(
        handoff,
        HandoffMethod::AgeSsh.as_str(),
        "index and journal agree"
    );
}

/// One error of each kind, as the window receives them (`code`, `message`, `hint`).
fn one_of_each_error() -> Vec<crate::Error> {
    use crate::Error::*;
    let s = || String::from("x");
    vec![
        InvalidInput {
            field: s(),
            message: s(),
            reason: None,
        },
        InvalidTeam {
            file: s(),
            problems: vec![],
        },
        UnknownProfile { profile: s() },
        ProfileFiles { detail: s() },
        NoCredentials {
            profile: None,
            detail: s(),
        },
        SsoExpired {
            profile: s(),
            detail: s(),
        },
        InvalidCredentials {
            aws_code: s(),
            message: s(),
        },
        Unreachable {
            endpoint: s(),
            detail: s(),
        },
        AccessDenied {
            operation: s(),
            aws_code: s(),
            message: s(),
        },
        Aws {
            operation: s(),
            aws_code: s(),
            message: s(),
        },
        AliasTaken { alias: s() },
        ConfirmationNeeded { changes: vec![] },
        WouldLockOutCaller {
            user: s(),
            groups: vec![],
        },
        WouldCutOffCaller {
            user: s(),
            changes: vec![],
        },
        MfaCodeRejected {
            serial: s(),
            message: s(),
        },
        LoginProfileExists { user: s() },
        Busy {
            operation: s(),
            pid: None,
            since: None,
        },
        OffboardNeedsConfirmation {
            user: s(),
            reasons: vec![],
        },
        Keychain { detail: s() },
        NotConnected,
        Cancelled,
        Io {
            path: s(),
            detail: s(),
        },
        NotReady {
            what: s(),
            detail: s(),
        },
        Internal(s()),
    ]
}

/// Every error the core can return has its title in both languages, and every one with an
/// English hint has a translated hint too (the window shows `error.<code>` and its `.hint`).
#[test]
fn every_error_code_has_korean_and_english_words() {
    let errors = one_of_each_error();
    // A new variant must be added above: the match is exhaustive.
    for e in &errors {
        match e {
            crate::Error::InvalidInput { .. }
            | crate::Error::InvalidTeam { .. }
            | crate::Error::UnknownProfile { .. }
            | crate::Error::ProfileFiles { .. }
            | crate::Error::NoCredentials { .. }
            | crate::Error::SsoExpired { .. }
            | crate::Error::InvalidCredentials { .. }
            | crate::Error::Unreachable { .. }
            | crate::Error::AccessDenied { .. }
            | crate::Error::Aws { .. }
            | crate::Error::AliasTaken { .. }
            | crate::Error::ConfirmationNeeded { .. }
            | crate::Error::WouldLockOutCaller { .. }
            | crate::Error::WouldCutOffCaller { .. }
            | crate::Error::MfaCodeRejected { .. }
            | crate::Error::LoginProfileExists { .. }
            | crate::Error::Busy { .. }
            | crate::Error::OffboardNeedsConfirmation { .. }
            | crate::Error::Keychain { .. }
            | crate::Error::NotConnected
            | crate::Error::Cancelled
            | crate::Error::Io { .. }
            | crate::Error::NotReady { .. }
            | crate::Error::Internal(_) => {}
        }
    }
    for lang in ["ko", "en"] {
        let have = keys(lang);
        for e in &errors {
            let title = format!("error.{}", e.code());
            assert!(have.contains(&title), "{lang}.json lacks {title}");
            let hint = format!("{title}.hint");
            if e.hint().is_some() {
                assert!(have.contains(&hint), "{lang}.json lacks {hint}");
            }
        }
    }
}
