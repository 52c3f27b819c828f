//! `baseline destroy` and `baseline ssh-key`: Part 2's teardown and the server key.

use super::apply::{confirm_with, print_step};
use super::print::{print_plan, print_stats};
use baseline_core::apply::{self, Report};
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::infra::{self, status::InfraStatus};
use baseline_core::journal::Journal;
use baseline_core::team::Team;
use baseline_core::{identity, lock, settings, Error};
use std::io::Write;
use std::path::Path;

pub(super) async fn run_destroy(
    options: &ConnectOptions,
    team: &Path,
    include_dns: bool,
    yes: bool,
    json: bool,
    stats: bool,
) -> Result<Report, Error> {
    let team = Team::load(team)?;
    let conn = Connection::load(options).await?;
    let _lock = lock::acquire(&settings::home(), "destroy").await?;
    let plan = infra::destroy::plan(&conn, &team, include_dns).await?;
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
    let stack = team.infra.as_ref().map(|i| i.name.as_str()).unwrap_or("");
    // Like deleting a repository on GitHub: type the stack's name, not just "yes".
    if !yes
        && !confirm_with(
            &plan,
            &format!("Remove stack {stack}? Type its name"),
            stack,
        )?
    {
        return Err(Error::Cancelled);
    }
    let journal = Journal::open(&settings::home())?;
    let shown: Vec<String> = plan.changes.iter().map(|c| c.fingerprint.clone()).collect();
    let report = apply::apply(&conn, &plan, &journal, &shown, &print_step).await;
    print_stats(stats, &conn);
    report
}

/// Write the server's private key to `out` (0600), or to standard output when piped.
pub(super) async fn run_ssh_key(
    options: &ConnectOptions,
    team: &Path,
    out: Option<&Path>,
) -> Result<String, Error> {
    let team = Team::load(team)?;
    let infra = team
        .infra
        .as_ref()
        .ok_or_else(|| Error::invalid("infra", "the team file has no [infra] section"))?;
    let conn = Connection::load(options).await?;
    let who = identity::whoami(&conn).await?;
    match out {
        Some(path) => {
            infra::status::write_key(&settings::home(), &who.account_id, infra, path)?;
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
            let key = infra::status::read_key(&who.account_id, infra)?;
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
