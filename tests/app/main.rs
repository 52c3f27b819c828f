//! Baseline's integration tests, one binary (every test binary links the SDK crates).
//!
//! - `billing`: the billing guard against moto (SNS, Budgets) and ministack (CloudWatch).
//! - `cli`: the real `baseline` binary, headless, against the moto emulator.
//! - `contract`: the command line's JSON checked by tsc against the UI's JSDoc types.
//! - `first_hour`: setup passwords before the account exists, the CIS 1.17 support role.
//! - `infra`: Part 2 (server, database, domain) on moto: plan, apply, resume, destroy.
//! - `team`: init, plan and apply of team files against moto (through a fault proxy
//!   where a kill or an AWS error is needed).
//! - `secrets`: the index of secrets, the `age` handoff opened by the reference tool.
//! - `members`: MFA enrolment (local TOTP check, cancel) and offboarding.
//! - `instance`: a second launch over the same state focuses the first and exits.
//! - `throttling`: apply through a proxy that throttles every third call.
//! - `keychain`: the `keyring` crate against a real Secret Service daemon.
//! - `login`: the lead's own access key, stored only in the keychain.
//! - `safety`: no lock-out of the lead, no password AWS lacks, one writer at a time.
//! - `logs`: no secret in the output of a fully traced apply.
//! - `window`: the real window through tauri-driver + WebKitWebDriver under Xvfb.
//! - `window_infra`: the Server, database & domain screen in the real window, against moto.
//! - `ui_files`: the contracts of the static UI files (i18n keys, CSP, capabilities).
//!
//! The emulators are started by the tests on free ports, and the run starts its own D-Bus
//! session with a throwaway gnome-keyring (`support::session`) before any test thread, so
//! no test writes into a developer's login keyring. scripts/test sets
//! BASELINE_TEST_STRICT=1 so that a missing daemon, display or driver fails. Without it, the tests that need one are reported as ignored
//! (`harness`: libtest-mimic, since the built-in harness cannot ignore at run time).

mod billing;
mod cli;
mod contract;
mod first_hour;
mod harness;
mod infra;
mod instance;
mod keychain;
mod login;
mod logs;
mod members;
mod safety;
mod secrets;
mod support;
mod team;
mod throttling;
mod ui_files;
mod window;
mod window_guide;
mod window_infra;

fn main() -> std::process::ExitCode {
    // Before any thread: the run's own bus and keyring (never the developer's login keyring).
    let _session = match support::session::start() {
        Ok(session) => Some(session),
        Err(why) if support::strict() => {
            eprintln!("error: the run's own D-Bus session and keyring did not start: {why}");
            return std::process::ExitCode::FAILURE;
        }
        Err(why) => {
            eprintln!("No private keyring for this run ({why}).");
            // SAFETY: no other thread runs yet.
            unsafe { std::env::remove_var("DBUS_SESSION_BUS_ADDRESS") };
            None
        }
    };
    let (args, filters) = harness::arguments();
    let tests: Vec<harness::Test> = [
        billing::tests(),
        cli::tests(),
        contract::tests(),
        first_hour::tests(),
        infra::tests(),
        instance::tests(),
        keychain::tests(),
        login::tests(),
        logs::tests(),
        members::tests(),
        safety::tests(),
        secrets::tests(),
        team::tests(),
        throttling::tests(),
        ui_files::tests(),
        window::tests(),
        window_guide::tests(),
        window_infra::tests(),
    ]
    .into_iter()
    .flatten()
    .filter(|t| {
        filters.is_empty()
            || filters.iter().any(|f| {
                if args.exact {
                    t.name == *f
                } else {
                    t.name.contains(f.as_str())
                }
            })
    })
    .collect();
    libtest_mimic::run(&args, harness::trials(tests)).exit_code()
}
