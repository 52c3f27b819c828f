//! What fixes a checklist item: a typed action the UI turns into a button or a link.

use crate::journal::ManualStep;
use serde::Serialize;

/// What fixes an item, as the UI offers it (`{"kind": "confirm", "step": "mailbox"}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Review and apply the plan.
    Apply,
    /// Send the billing subscriptions' confirmation mail again (the Billing screen).
    Resend,
    /// Hand the member their password.
    Handoff,
    /// Enrol the member's MFA device.
    EnrolMfa,
    /// The user confirms a step done outside Baseline.
    Confirm { step: ManualStep },
    /// Baseline's step-by-step guide.
    Guide { guide: Guide },
    /// The AWS console page where the user fixes it.
    Console { url: &'static str },
}

/// Baseline's guides for steps only the console can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Guide {
    /// MFA on the root user (only root can do it).
    RootMfa,
    /// The name servers at the registrar (Part 2's domain).
    Registrar,
}

impl Action {
    /// Every variant, for the test that finds each one's words in the UI.
    pub const ALL: &'static [Action] = &[
        Self::Apply,
        Self::Resend,
        Self::Handoff,
        Self::EnrolMfa,
        Self::Confirm {
            step: ManualStep::Mailbox,
        },
        Self::Guide {
            guide: Guide::RootMfa,
        },
        Self::Guide {
            guide: Guide::Registrar,
        },
        Self::Console { url: CONSOLE_USERS },
    ];
}

/// The command line's word for it: `apply`, `confirm:mailbox`, `console:<url>`.
impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Apply => f.write_str("apply"),
            Self::Resend => f.write_str("resend"),
            Self::Handoff => f.write_str("handoff"),
            Self::EnrolMfa => f.write_str("enrol_mfa"),
            Self::Confirm { step } => write!(f, "confirm:{step}"),
            Self::Guide { guide } => write!(
                f,
                "guide:{}",
                serde_json::to_value(guide)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
            Self::Console { url } => write!(f, "console:{url}"),
        }
    }
}

pub(super) const CONSOLE_USERS: &str = "https://console.aws.amazon.com/iam/home#/users";
pub(super) const CONSOLE_ROOT_KEYS: &str =
    "https://console.aws.amazon.com/iam/home#/security_credentials";
pub(super) const CONSOLE_BILLS: &str = "https://console.aws.amazon.com/billing/home#/bills";
