//! The headless command line: same binary, a subcommand, no window.

mod apply;
mod args;
mod infra;
mod login;
mod members;
mod print;

use apply::{run_apply, Flags};
pub use args::{Cli, Command, Global, SecretAction};
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::context::Context;
use baseline_core::identity;
use baseline_core::plan;
use baseline_core::team::{starter_team, Team, STARTER_SERVICES};
use baseline_core::{audit, billing, checklist, inventory, offboard, settings, vault, Error};
use members::{confirm_offboard, run_handoff};
use print::{
    finish, print_audit, print_handoff, print_identity, print_init, print_offboard, print_plan,
    print_report, print_secrets, print_stats, print_status, StatusReport,
};
use std::path::{Path, PathBuf};

/// What every subcommand starts from: how to connect, and the state folder (read once).
pub(super) struct Start {
    options: ConnectOptions,
    home: PathBuf,
}

impl Start {
    async fn connect(&self) -> Result<Connection, Error> {
        Connection::load(&self.options).await
    }

    /// Connected, with the account the connection reaches.
    async fn context(&self) -> Result<Context, Error> {
        Context::new(self.home.clone(), self.connect().await?).await
    }
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
    let start = Start {
        options: ConnectOptions {
            profile: global.profile,
            region: global.region,
            mfa_code: global.mfa_code,
            login: false,
        },
        home: settings::home(),
    };
    match command {
        Command::Login {
            access_key_id,
            json,
        } => finish(
            runtime.block_on(login::login(&start, &access_key_id)),
            json,
            login::print_login,
        ),
        Command::Logout { json } => finish(
            runtime.block_on(login::logout(&start)),
            json,
            login::print_logout,
        ),
        Command::Whoami { json } => {
            let result = runtime.block_on(async {
                let conn = start.connect().await?;
                identity::whoami(&conn).await
            });
            finish(result, json, print_identity)
        }
        Command::Init { team, force } => finish(init(&team, force), false, print_init),
        Command::Plan { team, json, stats } => {
            let result = runtime.block_on(async {
                let team = Team::load(&team)?;
                let conn = start.connect().await?;
                let plan = plan::make(&conn, &start.home, &team).await;
                print_stats(stats, &conn);
                plan
            });
            finish(result, json, print_plan)
        }
        Command::Secret {
            action: SecretAction::List { json },
        } => {
            let result = runtime.block_on(async {
                let ctx = start.context().await?;
                vault::index::for_account(&ctx.home, &ctx.account_id)
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
                &start,
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
                let ctx = start.context().await?;
                let who = identity::whoami(&ctx.conn).await?;
                if !yes {
                    confirm_offboard(&user, &who.account_id)?;
                }
                let _lock = ctx.lock("offboard").await?;
                offboard::offboard(&ctx.conn, &ctx.home, &who, &user, confirm_unmanaged_or_self)
                    .await
            });
            finish(result, json, print_offboard)
        }
        Command::Status { team, json, stats } => {
            let result = runtime.block_on(async {
                let team = team.as_deref().map(Team::load).transpose()?;
                let ctx = start.context().await?;
                let (conn, who) = (&ctx.conn, identity::whoami(&ctx.conn).await?);
                let report = match &team {
                    Some(team) => {
                        let (lists, infra) = tokio::try_join!(
                            checklist::read(conn, &ctx.home, team),
                            baseline_core::infra::status::read(
                                conn,
                                &ctx.home,
                                team,
                                &ctx.account_id
                            )
                        )?;
                        StatusReport {
                            identity: who,
                            billing: lists.billing,
                            account: Some(lists.account),
                            members: Some(lists.members),
                            infra,
                        }
                    }
                    None => {
                        let clients = billing::Clients::new(conn, &ctx.account_id);
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
                print_stats(stats, conn);
                Ok(report)
            });
            finish(result, json, print_status)
        }
        Command::Audit { json, stats } => {
            let result = runtime.block_on(async {
                let conn = start.connect().await?;
                let inv = inventory::gather(&conn, &start.home, &[], false).await?;
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
            let flags = Flags { yes, json, stats };
            let result = runtime.block_on(run_apply(&start, &team, flags));
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
            let flags = Flags { yes, json, stats };
            let result = runtime.block_on(infra::run_destroy(&start, &team, include_dns, flags));
            let code = match &result {
                Ok(report) if !report.ok() => 1,
                _ => 0,
            };
            finish(result, json, print_report).max(code)
        }
        Command::SshKey { team, out } => {
            let result = runtime.block_on(infra::run_ssh_key(&start, &team, out.as_deref()));
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
