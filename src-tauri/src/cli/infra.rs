//! `baseline destroy` and `baseline ssh-key`: Part 2's teardown and the server key.

use super::apply::{confirm_with, reviewed, Flags};
use super::Start;
use baseline_core::apply::Report;
use baseline_core::infra::{self, status::InfraStatus};
use baseline_core::plan::{NoteCode, Plan};
use baseline_core::team::Team;
use baseline_core::Error;
use std::io::Write;
use std::path::Path;

pub(super) async fn run_destroy(
    start: &Start,
    team: &Path,
    include_dns: bool,
    flags: Flags,
) -> Result<Report, Error> {
    let team = Team::load(team)?;
    let ctx = start.context().await?;
    let stack = team.infra.as_ref().map(|i| i.name.as_str()).unwrap_or("");
    // Like deleting a repository on GitHub: type the stack's name, not just "yes".
    let ask =
        |plan: &Plan| confirm_with(plan, &format!("Remove stack {stack}? Type its name"), stack);
    let plan = baseline_core::plan::destroy::plan(&ctx.conn, &team, include_dns);
    reviewed(&ctx, "destroy", plan, ask, flags).await
}

/// Write the server's private key to `out` (0600), or to standard output when piped.
pub(super) async fn run_ssh_key(
    start: &Start,
    team: &Path,
    out: Option<&Path>,
) -> Result<String, Error> {
    let team = Team::load(team)?;
    let infra = team
        .infra
        .as_ref()
        .ok_or_else(|| Error::invalid("infra", "the team file has no [infra] section"))?;
    let ctx = start.context().await?;
    match out {
        Some(path) => {
            infra::status::write_key(&ctx.home, &ctx.account_id, infra, path)?;
            Ok(format!(
                "Wrote the server key to {} (readable only by you). Connect with:\n  ssh -i {} {}@<server IP>",
                path.display(),
                path.display(),
                infra::SSH_USER
            ))
        }
        None => {
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                return Err(Error::invalid(
                    "out",
                    "the key is not printed on a terminal: pass --out FILE or pipe it (e.g. | ssh-add -)",
                ));
            }
            let key = infra::status::read_key(&ctx.account_id, infra)?;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(key.expose().as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::Internal(format!("writing the key: {e}")))?;
            Ok(String::new())
        }
    }
}

pub(super) fn print_infra(s: &InfraStatus) {
    println!(
        "Server, database and domain (stack {}, {}):",
        s.stack, s.region
    );
    super::print::print_items(&s.items);
    if let Some(ssh) = &s.card.ssh {
        println!("  connect:  {ssh}");
        println!(
            "            (write the key first: baseline ssh-key --team FILE --out {})",
            s.card.key_file
        );
    }
    if let Some(db) = &s.card.database {
        if let Some(t) = &db.tunnel {
            println!("  database: {t}");
            println!("            then {}", db.client);
        }
    }
    if !s.name_servers.is_empty() {
        println!(
            "  name servers for your registrar: {}",
            s.name_servers.join("  ")
        );
    }
}

/// The estimate and the Part 2 notes of a plan, in English.
pub(super) fn print_infra_plan(plan: &Plan) {
    if let Some(e) = &plan.estimate {
        println!(
            "Estimated cost: about ${:.2} a month in {} (prices as of {}; data transfer, \
             snapshots and taxes not included):",
            e.monthly_usd, e.region, e.prices_as_of
        );
        for i in &e.items {
            println!("    {:<18} ${:>8.2}  {}", i.id, i.monthly_usd, i.basis);
        }
        if !e.unpriced.is_empty() {
            println!(
                "    not in the table (not counted): {}",
                e.unpriced.join(", ")
            );
        }
    }
    for n in &plan.notes {
        let p = |k: &str| n.params.get(k).map(String::as_str).unwrap_or("");
        match n.code {
            NoteCode::InfraCostOverAlarm | NoteCode::InfraCostOverBudget => {
                let what = if n.code == NoteCode::InfraCostOverAlarm {
                    "billing alarm (billing.alarm_threshold_usd)"
                } else {
                    "monthly budget (billing.monthly_budget_usd)"
                };
                println!(
                    "  ! At about ${} a month this reaches your ${} {what} in {}: \
                     consider raising it to ${}.",
                    p("monthly"),
                    p("threshold"),
                    p("days_words"),
                    p("suggested")
                );
            }
            NoteCode::InfraNameServers => println!(
                "  Name servers of {} (enter all four at your registrar): {}",
                p("domain"),
                p("name_servers")
            ),
            NoteCode::InfraReplaceNeeded => println!(
                "  ! The {} {} is {} but the file says {}: Baseline does not change this in place. \
                 The instance type and DB class can be changed in the console (stop, change, \
                 start; RDS: Modify) with a short outage; an engine change needs a new database \
                 (export your data first).",
                p("resource"),
                p("field"),
                p("have"),
                p("want")
            ),
            NoteCode::InfraUndeclared => println!(
                "  ! Still there but no longer in the file: {} (left alone and still billed; \
                 put the section back and run destroy to remove them).",
                p("resources")
            ),
            NoteCode::InfraKeyNotInKeychain => println!(
                "  ! The key pair {} exists but this keychain has no private key for it: \
                 get the key from whoever applied, or destroy and apply again.",
                p("key")
            ),
            NoteCode::InfraKeeps => {
                if !p("snapshot").is_empty() {
                    println!("  Kept: the final database snapshot {} (it costs storage until you delete it).", p("snapshot"));
                }
                if !p("zone").is_empty() {
                    println!(
                        "  Kept: the hosted zone {} ($0.50 a month; --include-dns removes it).",
                        p("zone")
                    );
                }
            }
            _ => {}
        }
    }
}
