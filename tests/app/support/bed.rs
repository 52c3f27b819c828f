//! One test bed for the command line: an account of its own in moto (parallel tests never
//! share keychain entries, which are named by account), a state folder, a team file, and
//! the keychain entries the test makes removed again when it ends.

use super::{aws_env, baseline, starter_team, unique_account, Moto};
use baseline_core::vault::{self, Kind};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// Part 2's `[infra]` of the tests: server, database and domain of the stack `hustle`.
pub const HUSTLE: &str = r#"
[infra]
name = "hustle"

[infra.server]
instance_type = "t3.micro"
disk_gb = 20
ssh_from = ["203.0.113.7/32"]

[infra.database]
engine = "postgres"
version = "16"

[infra.dns]
domain = "hustle.example"
"#;

pub struct Bed {
    pub account: String,
    pub moto: Moto,
    pub home: tempfile::TempDir,
    pub team: PathBuf,
    /// Removed from the keychain on drop.
    made: Vec<(Kind, String)>,
}

impl Bed {
    /// Moto (with `moto_env` beside the account) and `baseline init`'s starter team with
    /// the alias, if any, and `extra` TOML appended.
    pub fn new(alias: Option<&str>, extra: &str, moto_env: &[(&str, &str)]) -> Bed {
        let account = unique_account();
        let mut env = vec![("MOTO_ACCOUNT_ID", account.as_str())];
        env.extend_from_slice(moto_env);
        let moto = Moto::start_with(&env);
        let home = tempfile::tempdir().unwrap();
        let team = starter_team(home.path(), alias, extra);
        Bed {
            account,
            moto,
            home,
            team,
            made: Vec::new(),
        }
    }

    /// The team's home region moved (Part 2's tests work in Seoul).
    pub fn in_region(self, region: &str) -> Bed {
        set_home_region(&self.team, region);
        self
    }

    /// Keychain entries of this account the test makes, removed when the bed is dropped.
    pub fn forgets(mut self, entries: &[(Kind, &str)]) -> Bed {
        self.made
            .extend(entries.iter().map(|(k, n)| (*k, (*n).to_owned())));
        self.forget();
        self
    }

    /// `baseline <args> --team <file>` against `endpoint` (moto, or a proxy in front of it).
    pub fn run_at(&self, endpoint: &str, args: &[&str]) -> (Output, Value) {
        let mut cmd = baseline(self.home.path(), &aws_env(endpoint));
        cmd.args(args).arg("--team").arg(&self.team);
        output(cmd.output().unwrap())
    }

    /// `baseline <args> --team <file>` against moto.
    pub fn run(&self, args: &[&str]) -> (Output, Value) {
        self.run_at(&self.moto.endpoint, args)
    }

    /// `baseline <args>` against moto, without the team file.
    pub fn run_bare(&self, args: &[&str]) -> (Output, Value) {
        let mut cmd = baseline(self.home.path(), &aws_env(&self.moto.endpoint));
        output(cmd.args(args).output().unwrap())
    }

    fn forget(&self) {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            return;
        }
        for (kind, name) in &self.made {
            let _ = vault::delete(&vault::key(&self.account, *kind, name));
        }
    }
}

impl Drop for Bed {
    fn drop(&mut self) {
        self.forget();
    }
}

fn output(out: Output) -> (Output, Value) {
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, json)
}

/// A command's standard error, for assertion messages.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Rewrite the team file's `home_region` (the starter's is us-east-1).
pub fn set_home_region(team: &std::path::Path, region: &str) {
    let text = std::fs::read_to_string(team).unwrap();
    std::fs::write(
        team,
        text.replace(
            "home_region = \"us-east-1\"",
            &format!("home_region = \"{region}\""),
        ),
    )
    .unwrap();
}
