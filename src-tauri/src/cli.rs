//! The headless command line: same binary, a subcommand, no window.

use baseline_core::aws::{ConnectOptions, Connection};
use baseline_core::identity::{self, Identity, Principal};
use baseline_core::Error;
use clap::{Args, Parser, Subcommand};

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
}

#[derive(Subcommand)]
pub enum Command {
    /// Show which account and identity Baseline acts as, and the console sign-in URL
    Whoami {
        /// Print one JSON object instead of text
        #[arg(long)]
        json: bool,
    },
}

/// Log to stderr; `RUST_LOG` chooses the level (default: warnings).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,aws_config=error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
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
    };
    match command {
        Command::Whoami { json } => {
            let result = runtime.block_on(async {
                let conn = Connection::load(&options).await?;
                identity::whoami(&conn).await
            });
            finish(result, json, print_identity)
        }
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
    match &id.profile {
        Some(p) => println!("Region       {} (profile {p})", id.region),
        None => println!("Region       {} (default credential chain)", id.region),
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
