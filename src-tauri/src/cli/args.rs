//! The command line's arguments (clap): global options and subcommands.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

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
