//! The headless command line: same binary, a subcommand, no window.

mod apply;
mod infra;
mod login;
mod members;
mod print;

use apply::run_apply;
use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::identity;
use baseline_core::plan;
use baseline_core::team::{starter_team, Team, STARTER_SERVICES};
use baseline_core::{audit, billing, checklist, inventory, lock, offboard, settings, vault, Error};
use clap::{Args, Parser, Subcommand};
use members::{confirm_offboard, run_handoff};
use print::{
    finish, print_audit, print_handoff, print_identity, print_init, print_offboard, print_plan,
    print_report, print_secrets, print_stats, print_status, StatusReport,
};
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
        /// Also the team server's SSH key, the database password and how to connect
        /// (Part 2); for the members who run the server
        #[arg(long)]
        with_server: bool,
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
    /// Remove what [infra] created (found by its baseline:stack tag), in dependency order;
    /// keeps the final DB snapshot and, without --include-dns, the hosted zone; safe to repeat
    Destroy {
        #[arg(long, value_name = "FILE")]
        team: PathBuf,
        /// Also delete the hosted zone and all its records
        #[arg(long)]
        include_dns: bool,
        /// Remove without asking (otherwise: type the stack's name)
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
        /// Print the AWS calls made, by operation, on stderr
        #[arg(long)]
        stats: bool,
    },
    /// Write the server's SSH private key from the keychain to a file only you can read,
    /// or to standard output when piped (e.g. `| ssh-add -`)
    SshKey {
        #[arg(long, value_name = "FILE")]
        team: PathBuf,
        /// The file to write (created with mode 0600; never under BASELINE_HOME)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
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
