//! The headless command line: same binary, a subcommand, no window.

mod apply;
mod args;
mod infra;
mod login;
mod members;
mod print;

use apply::run_apply;
pub use args::{Cli, Command, Global, SecretAction};
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::identity;
use baseline_core::plan;
use baseline_core::team::{starter_team, Team, STARTER_SERVICES};
use baseline_core::{audit, billing, checklist, inventory, lock, offboard, settings, vault, Error};
use members::{confirm_offboard, run_handoff};
use print::{
    finish, print_audit, print_handoff, print_identity, print_init, print_offboard, print_plan,
    print_report, print_secrets, print_stats, print_status, StatusReport,
};
use std::path::Path;

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
            runtime.block_on(login::login(&options, &access_key_id)),
            json,
            login::print_login,
        ),
        Command::Logout { json } => {
            finish(runtime.block_on(login::logout()), json, login::print_logout)
        }
        Command::Whoami { json } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                identity::whoami(&conn).await
            });
            finish(result, json, print_identity)
        }
        Command::Init { team, force } => finish(init(&team, force), false, print_init),
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
            with_server,
        } => {
            let result = runtime.block_on(run_handoff(
                &options,
                &team,
                &user,
                age_recipient,
                passphrase_file,
                &out,
                (&lang, with_server),
            ));
            finish(result, false, print_handoff)
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
            finish(result, json, print_offboard)
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
                        let infra =
                            baseline_core::infra::status::read(&conn, team, &who.account_id)
                                .await?;
                        StatusReport {
                            identity: who,
                            billing: inv.billing.clone(),
                            account: Some(checklist::account(&inv, Some(team))),
                            members: Some(checklist::members(&inv, team)),
                            infra,
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
                            infra: None,
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
        Command::Destroy {
            team,
            include_dns,
            yes,
            json,
            stats,
        } => {
            let result = runtime.block_on(infra::run_destroy(
                &options,
                &team,
                include_dns,
                yes,
                json,
                stats,
            ));
            let code = match &result {
                Ok(report) if !report.ok() => 1,
                _ => 0,
            };
            finish(result, json, print_report).max(code)
        }
        Command::SshKey { team, out } => {
            let result = runtime.block_on(infra::run_ssh_key(&options, &team, out.as_deref()));
            finish(result, false, |msg: &String| {
                if !msg.is_empty() {
                    eprintln!("{msg}")
                }
            })
        }
    }
}

fn init(path: &Path, force: bool) -> Result<String, Error> {
    if path.exists() && !force {
        return Err(Error::invalid(
            "team",
            format!(
                "{} already exists; pass --force to replace it",
                path.display()
            ),
        ));
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
    std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    Ok(path.display().to_string())
}
