//! The plan's vocabulary: what a change is about, why it is risky, what a note says. The
//! UI translates each by its snake_case name (`kind.<kind>`, `change.<kind>.<action>`,
//! `risk.<risk>`, `note.<code>`), so a spelling here is a contract with `ui/i18n`.

use serde::Serialize;
use std::fmt;

/// What a change (or an unchanged item) is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    PasswordPolicy,
    Alias,
    ManagedPolicy,
    Group,
    GroupPolicy,
    GroupInlinePolicy,
    User,
    UserTags,
    Membership,
    ConsolePassword,
    BillingAlerts,
    BillingTopic,
    BillingSubscription,
    BillingAlarm,
    BillingBudget,
    BillingNotification,
    BillingSubscriber,
    InfraKey,
    InfraServerSg,
    InfraDbSg,
    InfraServer,
    InfraIp,
    InfraDbSubnets,
    InfraDatabase,
    InfraZone,
    InfraRecord,
}

/// Why a change needs an explicit confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    ReplaceAlias,
    DetachPolicy,
    RemoveGuard,
    RemoveConsole,
    SshOpenToWorld,
    AdoptZone,
    DeletesData,
    ReleasesIp,
    RestartsDatabase,
}

/// What a note tells the user (its details are in the note's `params`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteCode {
    AlertsManual,
    PendingUnsubscribe,
    BudgetSubscriberLimit,
    BudgetSubscribersUnreadable,
    InfraReplaceNeeded,
    InfraKeyNotInKeychain,
    InfraNameServers,
    InfraCostOverAlarm,
    InfraCostOverBudget,
    InfraUndeclared,
    InfraKeeps,
}

impl Kind {
    /// Every kind, for the tests that hold the UI's translations to this list.
    pub const ALL: &[Kind] = &[
        Kind::PasswordPolicy,
        Kind::Alias,
        Kind::ManagedPolicy,
        Kind::Group,
        Kind::GroupPolicy,
        Kind::GroupInlinePolicy,
        Kind::User,
        Kind::UserTags,
        Kind::Membership,
        Kind::ConsolePassword,
        Kind::BillingAlerts,
        Kind::BillingTopic,
        Kind::BillingSubscription,
        Kind::BillingAlarm,
        Kind::BillingBudget,
        Kind::BillingNotification,
        Kind::BillingSubscriber,
        Kind::InfraKey,
        Kind::InfraServerSg,
        Kind::InfraDbSg,
        Kind::InfraServer,
        Kind::InfraIp,
        Kind::InfraDbSubnets,
        Kind::InfraDatabase,
        Kind::InfraZone,
        Kind::InfraRecord,
    ];
}

impl Risk {
    /// Every risk, for the tests that hold the UI's translations to this list.
    pub const ALL: &[Risk] = &[
        Risk::ReplaceAlias,
        Risk::DetachPolicy,
        Risk::RemoveGuard,
        Risk::RemoveConsole,
        Risk::SshOpenToWorld,
        Risk::AdoptZone,
        Risk::DeletesData,
        Risk::ReleasesIp,
        Risk::RestartsDatabase,
    ];
}

impl NoteCode {
    /// Every note code, for the tests that hold the UI's translations to this list.
    pub const ALL: &[NoteCode] = &[
        NoteCode::AlertsManual,
        NoteCode::PendingUnsubscribe,
        NoteCode::BudgetSubscriberLimit,
        NoteCode::BudgetSubscribersUnreadable,
        NoteCode::InfraReplaceNeeded,
        NoteCode::InfraKeyNotInKeychain,
        NoteCode::InfraNameServers,
        NoteCode::InfraCostOverAlarm,
        NoteCode::InfraCostOverBudget,
        NoteCode::InfraUndeclared,
        NoteCode::InfraKeeps,
    ];
}

/// The serialised name: the command line prints the same word the UI keys on.
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("unit variants serialise to strings"),
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&name(self))
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&name(self))
    }
}

impl fmt::Display for NoteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&name(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_snake_case_words_the_ui_keys_on() {
        assert_eq!(Kind::GroupInlinePolicy.to_string(), "group_inline_policy");
        assert_eq!(Risk::RemoveConsole.to_string(), "remove_console");
        assert_eq!(
            NoteCode::BudgetSubscribersUnreadable.to_string(),
            "budget_subscribers_unreadable"
        );
        assert_eq!(
            serde_json::to_string(&Kind::BillingSubscriber).unwrap(),
            "\"billing_subscriber\""
        );
    }
}
