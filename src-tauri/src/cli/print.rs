//! Every human printer of the command line (`--json` prints the value instead; see
//! [`finish`]).

use baseline_core::apply::Report;
use baseline_core::aws::Connection;
use baseline_core::billing::status::{AlarmWords, SubscriptionState};
use baseline_core::billing::{self, live::AlertsPreference};
use baseline_core::identity::{Identity, Principal};
use baseline_core::plan::{Action, Plan};
use baseline_core::vault;
use baseline_core::{audit, checklist, offboard, Error};

pub(super) fn print_plan(plan: &Plan) {
    for c in &plan.changes {
        let sign = match c.action {
            Action::Create => "+",
            Action::Update => "~",
            Action::Delete => "-",
        };
        let risk = c.risk.map(|r| format!("  RISKY ({r})")).unwrap_or_default();
        println!("  {sign} {}{risk}", c.title);
        if let (Some(b), Some(a)) = (&c.before, &c.after) {
            println!("      {b}\n   -> {a}");
        }
    }
    for o in &plan.orphans {
        println!(
            "  ! user {o} was created by Baseline but is not in the team file (offboard to remove)"
        );
    }
    super::infra::print_infra_plan(plan);
    let s = plan.summary;
    println!(
        "Plan for account {}: {} to create, {} to update, {} to delete, {} unchanged.",
        plan.account_id, s.create, s.update, s.delete, s.unchanged
    );
}

pub(super) fn print_report(r: &Report) {
    println!(
        "Apply finished for account {}: {} done, {} failed, {} skipped.",
        r.account_id, r.done, r.failed, r.skipped
    );
    if !r.ok() {
        println!("Run apply again to finish the job once the failures above are fixed.");
    }
}

pub(super) fn print_stats(on: bool, conn: &Connection) {
    if on {
        let stats =
            serde_json::json!({ "calls": conn.stats().snapshot(), "total": conn.stats().total() });
        eprintln!("stats: {stats}");
    }
}

pub(super) fn finish<T: serde::Serialize>(
    result: Result<T, Error>,
    json: bool,
    human: fn(&T),
) -> i32 {
    match result {
        Ok(value) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).expect("serialisable")
                );
            } else {
                human(&value);
            }
            0
        }
        Err(err) => {
            if json {
                let body = serde_json::json!({ "error": err });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&body).expect("serialisable")
                );
            }
            eprintln!("error: {err}");
            if let Some(hint) = err.hint() {
                eprintln!("hint: {hint}");
            }
            err.exit_status()
        }
    }
}

pub(super) fn print_identity(id: &Identity) {
    let alias = id.alias.as_deref().unwrap_or("(none)");
    println!("Account      {} (alias: {alias})", id.account_id);
    println!("Identity     {}", id.arn);
    println!("Sign-in URL  {}", id.sign_in_url);
    match (&id.profile, &id.login) {
        (Some(p), _) => println!("Region       {} (profile {p})", id.region),
        (None, Some(user)) => println!("Region       {} (stored login of {user})", id.region),
        (None, None) => println!("Region       {} (default credential chain)", id.region),
    }
    if id.mfa_session {
        println!("MFA          session made with your MFA code (kept in memory only)");
    }
    if let Some(endpoint) = &id.endpoint {
        let place = if id.sandbox {
            "local sandbox"
        } else {
            "custom endpoint"
        };
        println!("Endpoint     {endpoint} ({place})");
    }
    if let Some(why) = &id.alias_error {
        eprintln!("note: the alias could not be read: {why}");
    }
    if id.principal == Principal::Root {
        eprintln!(
            "warning: you are signed in as the ROOT USER. Use root only for the few tasks \
             that need it; let the team work as IAM users in an admin group, with MFA."
        );
    }
}

#[derive(serde::Serialize)]
pub(super) struct StatusReport {
    pub(super) identity: Identity,
    pub(super) billing: Option<billing::status::Status>,
    pub(super) account: Option<Vec<checklist::Item>>,
    pub(super) members: Option<Vec<checklist::MemberChecklist>>,
    /// Part 2: server, database and domain (when the team file has `[infra]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) infra: Option<baseline_core::infra::status::InfraStatus>,
}

fn mark(state: checklist::State) -> &'static str {
    match state {
        checklist::State::Done => "✓",
        checklist::State::Todo => "○",
        checklist::State::Attention => "!",
        checklist::State::Manual => "✎",
    }
}

pub(super) fn print_items(items: &[checklist::Item]) {
    for i in items {
        let detail = i
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let action = i.action.map(|a| format!("  → {a}")).unwrap_or_default();
        println!(
            "  {} {}{detail}  [{}]{action}",
            mark(i.state),
            i.id,
            i.evidence
        );
    }
}

pub(super) fn print_audit(a: &audit::Audit) {
    println!(
        "Security check-up of account {}: score {}% ({} passed, {} failed)",
        a.account_id, a.score, a.passed, a.failed
    );
    for c in &a.checks {
        let outcome = match c.outcome {
            audit::Outcome::Pass => "PASS  ",
            audit::Outcome::Fail => "FAIL  ",
            audit::Outcome::Manual => "MANUAL",
        };
        println!("  {outcome} CIS {:<5} {}", c.cis, c.id);
        if c.outcome != audit::Outcome::Pass {
            if !c.affected.is_empty() {
                let names: Vec<String> = c.affected.iter().map(ToString::to_string).collect();
                println!("         affected: {}", names.join(", "));
            }
            println!("         fix: {}", c.fix);
        }
    }
}

pub(super) fn print_status(r: &StatusReport) {
    let id = &r.identity;
    println!(
        "Account {} ({})",
        id.account_id,
        id.alias.as_deref().unwrap_or("no alias")
    );
    if let Some(items) = &r.account {
        println!("Account checklist:");
        print_items(items);
    }
    for m in r.members.iter().flatten() {
        println!(
            "Member {}{}:",
            m.user,
            m.name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
        print_items(&m.items);
    }
    if let Some(infra) = &r.infra {
        super::infra::print_infra(infra);
    }
    let Some(b) = &r.billing else {
        return;
    };
    println!("Billing guard (us-east-1):");
    match &b.alerts {
        AlertsPreference::Enabled => println!("  billing alerts preference: on"),
        AlertsPreference::Disabled { .. } => {
            println!("  billing alerts preference: OFF (apply turns it on)")
        }
        AlertsPreference::Unknown { reason } => println!(
            "  billing alerts preference: check it by hand in Billing preferences \
             (https://console.aws.amazon.com/billing/home#/preferences): {reason}"
        ),
    }
    match &b.alarm {
        None => println!("  alarm: none yet (apply creates it)"),
        Some(a) => {
            let words = match a.words {
                AlarmWords::Ok => format!("OK, under ${:.2}", a.threshold),
                AlarmWords::OverLimit => format!("OVER THE LIMIT of ${:.2}", a.threshold),
                AlarmWords::WaitingForData => {
                    "waiting for billing data (AWS publishes it every few hours)".to_owned()
                }
            };
            let since = a
                .updated
                .as_deref()
                .map(|t| format!(" since {t}"))
                .unwrap_or_default();
            println!("  alarm: {words}{since}");
        }
    }
    if b.subscriptions.is_empty() {
        println!("  notification emails: none");
    }
    for s in &b.subscriptions {
        let state = if s.state == SubscriptionState::Confirmed {
            "confirmed"
        } else {
            "pending confirmation: ask them to click the link in the mail (check the spam folder)"
        };
        println!("  {}: {state}", s.email);
    }
    if let Some(budget) = &b.budget {
        println!(
            "  budget: ${:.2} per month, {} alerts",
            budget.limit_usd,
            budget.notifications.len()
        );
    }
    match b.chart.last() {
        Some(p) => println!("  estimated charges this month: ${:.2} ({})", p.usd, p.time),
        None => println!("  estimated charges: no billing data yet"),
    }
}

pub(super) fn print_secrets(entries: &Vec<vault::index::Entry>) {
    if entries.is_empty() {
        println!("No secrets are kept for this account.");
    }
    for e in entries {
        let handed = e
            .handed_off
            .as_ref()
            .map(|h| {
                format!(
                    "handed off {} ({})",
                    baseline_core::journal::rfc3339(&h.time),
                    h.method.as_str()
                )
            })
            .unwrap_or_else(|| "not handed off".into());
        println!(
            "{:<18} {:<24} created {}  {handed}",
            e.kind.as_str(),
            e.name,
            baseline_core::journal::rfc3339(&e.created)
        );
    }
}

pub(super) fn print_init(path: &String) {
    println!("Wrote the starter team to {path}. Add your members, then run `baseline plan --team {path}`.")
}

pub(super) fn print_handoff(path: &String) {
    println!("Wrote {path}. The member opens it with: age --decrypt -i ~/.ssh/id_ed25519 {path} (or with the passphrase)")
}

pub(super) fn print_offboard(r: &offboard::Report) {
    println!(
        "Offboarded {}{}: console password {}, {} access key(s), {} MFA device(s), {} SSH key(s), {} signing certificate(s), {} service credential(s), groups [{}], {} own policies, {} secret(s) deleted from the keychain.",
        r.user,
        if r.user_existed { "" } else { " (the IAM user was already gone)" },
        if r.console_password { "removed" } else { "none" },
        r.access_keys,
        r.mfa_devices,
        r.ssh_keys,
        r.signing_certificates,
        r.service_credentials,
        r.groups.join(", "),
        r.policies,
        r.secrets
    )
}
