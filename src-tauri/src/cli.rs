//! The headless command line: same binary, a subcommand, no window.

use baseline_core::apply::{self, Report, Step, StepState};
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::billing::{self, live::AlertsPreference};
use baseline_core::handoff::{self, Recipient};
use baseline_core::identity::{self, Identity, Principal};
use baseline_core::journal::Journal;
use baseline_core::plan::{self, Action, Plan};
use baseline_core::team::{starter_team, Team, STARTER_SERVICES};
use baseline_core::vault::{self, Secret};
use baseline_core::{access, audit, checklist, inventory, lock, offboard, settings, Error};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Baseline sets up a new AWS account safely and hands each team member their access.
/// Without a subcommand it opens the window.
#[derive(Parser)]
#[command(name = "baseline", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every subcommand takes. The standard AWS environment variables apply too.
#[derive(Args, Clone, Debug)]
pub struct Global {
    /// AWS profile from ~/.aws/config or ~/.aws/credentials (default: the standard chain)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: the profile's, else us-east-1)
    #[arg(long, global = true, value_name = "NAME")]
    pub region: Option<String>,
    /// A code from your MFA device: work from an MFA session (sts:GetSessionToken) kept in
    /// memory only. The device is the profile's mfa_serial, else your own MFA device.
    #[arg(long, global = true, value_name = "CODE")]
    pub mfa_code: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Keep your own IAM user's access key in the OS keychain (never in a file) and use it
    /// when no other credentials are configured; the secret is read from standard input or
    /// a hidden prompt
    Login {
        #[arg(long, value_name = "ID")]
        access_key_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove the stored login from the keychain
    Logout {
        #[arg(long)]
        json: bool,
    },
    /// Show which account and identity Baseline acts as, and the console sign-in URL
    Whoami {
        /// Print one JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write a starter team file: the groups lead, backend, frontend and pm
    Init {
        /// Where to write it
        #[arg(long, value_name = "FILE", default_value = "team.toml")]
        team: PathBuf,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
    /// Show what apply would change; changes nothing
    Plan {
        #[arg(long, value_name = "FILE")]
        team: PathBuf,
        #[arg(long)]
        json: bool,
        /// Print the AWS calls made, by operation, on stderr
        #[arg(long)]
        stats: bool,
    },
    /// Secrets Baseline keeps in the OS keychain (names and dates only, never values)
    Secret {
        #[command(subcommand)]
        action: SecretAction,
    },
    /// Hand a member their access as an `age` file: sign-in URL, user name, temporary
    /// password and first steps, encrypted to their SSH key or to a passphrase
    Handoff {
        /// The member's IAM user name
        user: String,
        #[arg(long, value_name = "FILE")]
        team: PathBuf,
        /// The member's SSH public key (ssh-ed25519/ssh-rsa line, or a .pub file)
        #[arg(
            long,
            value_name = "KEY",
            conflicts_with = "passphrase_file",
            required_unless_present = "passphrase_file"
        )]
        age_recipient: Option<String>,
        /// A file holding the passphrase you will tell the member separately
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// Where to write the encrypted file
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The member's language
        #[arg(long, default_value = "en", value_parser = ["ko", "en"])]
        lang: String,
    },
    /// Remove a member: console password, access keys, MFA devices, groups, the user, and
    /// their secrets in the keychain (asks for confirmation unless --yes)
    Offboard {
        /// The member's IAM user name
        user: String,
        #[arg(long)]
        yes: bool,
        /// Also offboard a user Baseline did not create, or the identity you are signed in
        /// with (refused without this flag)
        #[arg(long)]
        confirm_unmanaged_or_self: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show the live state: who is connected and the billing guard (alarm, emails, budget)
    Status {
        /// With a team file: the account checklist and one checklist per member
        #[arg(long, value_name = "FILE")]
        team: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Print the AWS calls made, by operation, on stderr
        #[arg(long)]
        stats: bool,
    },
    /// Security check-up: the CIS AWS Foundations IAM checks the API can answer, with a score
    Audit {
        #[arg(long)]
        json: bool,
        /// Print the AWS calls made, by operation, on stderr
        #[arg(long)]
        stats: bool,
    },
    /// Make the account match the team file; progress lines on stderr
    Apply {
        #[arg(long, value_name = "FILE")]
        team: PathBuf,
        /// Apply without asking, including risky changes
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
        /// Print the AWS calls made, by operation, on stderr
        #[arg(long)]
        stats: bool,
    },
}

#[derive(Subcommand)]
pub enum SecretAction {
    /// List the secrets of the connected account
    List {
        #[arg(long)]
        json: bool,
    },
}

/// Log to stderr; `RUST_LOG` chooses the level (default: warnings). See `logging`.
pub fn init_tracing() {
    crate::logging::init();
}

/// Run a subcommand; returns the exit status (0 done, 2 invalid input, 1 other failure).
pub fn run(command: Command, global: Global) -> i32 {
    init_tracing();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let options = ConnectOptions {
        profile: global.profile,
        region: global.region,
        mfa_code: global.mfa_code,
        login: false,
    };
    match command {
        Command::Login {
            access_key_id,
            json,
        } => finish(
            runtime.block_on(crate::login_cmd::login(&options, &access_key_id)),
            json,
            crate::login_cmd::print_login,
        ),
        Command::Logout { json } => finish(
            runtime.block_on(crate::login_cmd::logout()),
            json,
            crate::login_cmd::print_logout,
        ),
        Command::Whoami { json } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                identity::whoami(&conn).await
            });
            finish(result, json, print_identity)
        }
        Command::Init { team, force } => finish(init(&team, force), false, |path: &String| {
            println!("Wrote the starter team to {path}. Add your members, then run `baseline plan --team {path}`.")
        }),
        Command::Plan { team, json, stats } => {
            let result = runtime.block_on(async {
                let team = Team::load(&team)?;
                let conn = Connection::load(&options).await?;
                let plan = plan::make(&conn, &team).await;
                print_stats(stats, &conn);
                plan
            });
            finish(result, json, print_plan)
        }
        Command::Secret {
            action: SecretAction::List { json },
        } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                let who = identity::whoami(&conn).await?;
                vault::index::for_account(&settings::home(), &who.account_id)
            });
            finish(result, json, print_secrets)
        }
        Command::Handoff {
            user,
            team,
            age_recipient,
            passphrase_file,
            out,
            lang,
        } => {
            let result = runtime.block_on(run_handoff(
                &options,
                &team,
                &user,
                age_recipient,
                passphrase_file,
                &out,
                &lang,
            ));
            finish(result, false, |path: &String| {
                println!("Wrote {path}. The member opens it with: age --decrypt -i ~/.ssh/id_ed25519 {path} (or with the passphrase)")
            })
        }
        Command::Offboard {
            user,
            yes,
            confirm_unmanaged_or_self,
            json,
        } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                let who = identity::whoami(&conn).await?;
                if !yes {
                    confirm_offboard(&user, &who.account_id)?;
                }
                let home = settings::home();
                let _lock = lock::acquire(&home, "offboard").await?;
                offboard::offboard(&conn, &home, &who, &user, confirm_unmanaged_or_self).await
            });
            finish(result, json, |r: &offboard::Report| {
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
            })
        }
        Command::Status { team, json, stats } => {
            let result = runtime.block_on(async {
                let team = team.as_deref().map(Team::load).transpose()?;
                let conn = Connection::load(&options).await?;
                let who = identity::whoami(&conn).await?;
                let report = match &team {
                    Some(team) => {
                        let declared: Vec<String> =
                            team.members.iter().map(|m| m.user.clone()).collect();
                        let inv = inventory::gather(
                            &conn,
                            &settings::home(),
                            &declared,
                            team.billing.is_some(),
                        )
                        .await?;
                        StatusReport {
                            identity: who,
                            billing: inv.billing.clone(),
                            account: Some(checklist::account(&inv, Some(team))),
                            members: Some(checklist::members(&inv, team)),
                        }
                    }
                    None => {
                        let clients = billing::Clients::new(&conn, &who.account_id);
                        let billing = billing::status::read(&clients).await?;
                        StatusReport {
                            identity: who,
                            billing: Some(billing),
                            account: None,
                            members: None,
                        }
                    }
                };
                print_stats(stats, &conn);
                Ok(report)
            });
            finish(result, json, print_status)
        }
        Command::Audit { json, stats } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                let inv = inventory::gather(&conn, &settings::home(), &[], false).await?;
                print_stats(stats, &conn);
                Ok(audit::run(&inv))
            });
            finish(result, json, print_audit)
        }
        Command::Apply {
            team,
            yes,
            json,
            stats,
        } => {
            let result = runtime.block_on(run_apply(&options, &team, yes, json, stats));
            let code = match &result {
                Ok(report) if !report.ok() => 1,
                _ => 0,
            };
            finish(result, json, print_report).max(code)
        }
    }
}

fn init(path: &Path, force: bool) -> Result<String, Error> {
    if path.exists() && !force {
        return Err(Error::InvalidInput {
            field: "team".into(),
            message: format!(
                "{} already exists; pass --force to replace it",
                path.display()
            ),
        });
    }
    let text = format!(
        "# Baseline team file. Run `baseline plan --team {}` to preview the changes.\n{}\n\
         # Add one block per member:\n\
         # [[members]]\n\
         # user = \"kim.backend\"        # IAM user name\n\
         # name = \"김백엔드\"            # display name (optional)\n\
         # email = \"kim@example.com\"  # for the handoff (optional)\n\
         # groups = [\"backend\"]\n",
        path.display(),
        starter_team(STARTER_SERVICES).to_toml()
    );
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(path.display().to_string())
}

async fn run_apply(
    options: &ConnectOptions,
    team: &Path,
    yes: bool,
    json: bool,
    stats: bool,
) -> Result<Report, Error> {
    let team = Team::load(team)?;
    let conn = Connection::load(options).await?;
    // Held from before the plan: a second apply waits, then plans what is left.
    let _lock = lock::acquire(&settings::home(), "apply").await?;
    let plan = plan::make(&conn, &team).await?;
    if !json {
        print_plan(&plan);
    }
    if plan.changes.is_empty() {
        print_stats(stats, &conn);
        return Ok(Report {
            account_id: plan.account_id,
            steps: Vec::new(),
            done: 0,
            failed: 0,
            skipped: 0,
        });
    }
    if !yes && !confirm(&plan)? {
        return Err(Error::Cancelled);
    }
    let journal = Journal::open(&settings::home())?;
    // What runs is exactly the plan printed above (and confirmed, or --yes).
    let shown: Vec<String> = plan.changes.iter().map(|c| c.fingerprint.clone()).collect();
    let report = apply::apply(&conn, &plan, &journal, &shown, &print_step).await;
    print_stats(stats, &conn);
    report
}

/// Ask on the terminal, like `terraform apply`; without a terminal, --yes is required.
fn confirm(plan: &Plan) -> Result<bool, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::InvalidInput {
            field: "yes".into(),
            message: "no terminal to confirm on; review `baseline plan` and pass --yes".into(),
        });
    }
    if plan.is_risky() {
        eprintln!("The changes marked RISKY above need your explicit confirmation.");
    }
    eprint!(
        "Apply these {} changes to account {}? Type yes: ",
        plan.changes.len(),
        plan.account_id
    );
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).ok();
    Ok(answer.trim() == "yes")
}

fn print_step(step: &Step) {
    let mark = match step.state {
        StepState::Pending => return,
        StepState::Running => "...",
        StepState::Done => "ok ",
        StepState::Failed => "ERR",
        StepState::Skipped => "-- ",
    };
    match &step.detail {
        Some(d) => eprintln!("[{mark}] {} ({d})", step.title),
        None => eprintln!("[{mark}] {}", step.title),
    }
}

fn print_plan(plan: &Plan) {
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
    let s = plan.summary;
    println!(
        "Plan for account {}: {} to create, {} to update, {} to delete, {} unchanged.",
        plan.account_id, s.create, s.update, s.delete, s.unchanged
    );
}

fn print_report(r: &Report) {
    println!(
        "Apply finished for account {}: {} done, {} failed, {} skipped.",
        r.account_id, r.done, r.failed, r.skipped
    );
    if !r.ok() {
        println!("Run apply again to finish the job once the failures above are fixed.");
    }
}

fn print_stats(on: bool, conn: &Connection) {
    if on {
        let stats =
            serde_json::json!({ "calls": conn.stats().snapshot(), "total": conn.stats().total() });
        eprintln!("stats: {stats}");
    }
}

fn finish<T: serde::Serialize>(result: Result<T, Error>, json: bool, human: fn(&T)) -> i32 {
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

fn print_identity(id: &Identity) {
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
struct StatusReport {
    identity: Identity,
    billing: Option<billing::status::Status>,
    account: Option<Vec<checklist::Item>>,
    members: Option<Vec<checklist::MemberChecklist>>,
}

fn mark(state: checklist::State) -> &'static str {
    match state {
        checklist::State::Done => "✓",
        checklist::State::Todo => "○",
        checklist::State::Attention => "!",
        checklist::State::Manual => "✎",
    }
}

fn print_items(items: &[checklist::Item]) {
    for i in items {
        let detail = i
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let action = i
            .action
            .as_deref()
            .map(|a| format!("  → {a}"))
            .unwrap_or_default();
        println!(
            "  {} {}{detail}  [{}]{action}",
            mark(i.state),
            i.id,
            i.evidence
        );
    }
}

fn print_audit(a: &audit::Audit) {
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
                println!("         affected: {}", c.affected.join(", "));
            }
            println!("         fix: {}", c.fix);
        }
    }
}

fn print_status(r: &StatusReport) {
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
                "ok" => format!("OK, under ${:.2}", a.threshold),
                "over_limit" => format!("OVER THE LIMIT of ${:.2}", a.threshold),
                _ => "waiting for billing data (AWS publishes it every few hours)".to_owned(),
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
        let state = if s.state == "confirmed" {
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

fn print_secrets(entries: &Vec<vault::index::Entry>) {
    if entries.is_empty() {
        println!("No secrets are kept for this account.");
    }
    for e in entries {
        let handed = e
            .handed_off
            .as_ref()
            .map(|h| format!("handed off {} ({})", h.time, h.method))
            .unwrap_or_else(|| "not handed off".into());
        println!(
            "{:<18} {:<24} created {}  {handed}",
            e.kind, e.name, e.created
        );
    }
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

async fn run_handoff(
    options: &ConnectOptions,
    team: &Path,
    user: &str,
    age_recipient: Option<String>,
    passphrase_file: Option<PathBuf>,
    out: &Path,
    lang: &str,
) -> Result<String, Error> {
    let team = Team::load(team)?;
    let recipient = match (age_recipient, passphrase_file) {
        (Some(key), _) => {
            let path = Path::new(&key);
            Recipient::Ssh(if path.is_file() {
                read_text(path)?
            } else {
                key
            })
        }
        (None, Some(file)) => Recipient::Passphrase(Secret::new(
            read_text(&file)?.trim_end_matches(['\n', '\r']),
        )),
        (None, None) => unreachable!("clap requires one"),
    };
    handoff::validate(&recipient)?;
    let conn = Connection::load(options).await?;
    let h = access::prepare_handoff(&conn, &team, user, lang).await?;
    let sealed = handoff::encrypt(handoff::text(&h).as_bytes(), &recipient)?;
    std::fs::write(out, sealed).map_err(|e| Error::Io {
        path: out.display().to_string(),
        detail: e.to_string(),
    })?;
    access::record_handoff(
        &settings::home(),
        &h.account_id,
        &h.user,
        recipient.method(),
    )?;
    Ok(out.display().to_string())
}

/// Offboarding cannot be undone: on a terminal the user's name must be typed back.
fn confirm_offboard(user: &str, account_id: &str) -> Result<(), Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::InvalidInput {
            field: "yes".into(),
            message: format!("offboarding {user} cannot be undone; confirm with --yes"),
        });
    }
    eprint!("This deletes the IAM user {user} of account {account_id} and their secrets. Type the user name to confirm: ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).ok();
    if answer.trim() == user {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}
