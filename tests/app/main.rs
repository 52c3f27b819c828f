//! Baseline's integration tests, one binary (every test binary links the SDK crates).
//!
//! - `billing`: the billing guard against moto (SNS, Budgets) and ministack (CloudWatch).
//! - `cli`: the real `baseline` binary, headless, against the moto emulator.
//! - `team`: init, plan and apply of team files against moto (through a fault proxy
//!   where a kill or an AWS error is needed).
//! - `secrets`: the index of secrets, the `age` handoff opened by the reference tool.
//! - `members`: MFA enrolment (local TOTP check, cancel) and offboarding.
//! - `throttling`: apply through a proxy that throttles every third call.
//! - `keychain`: the `keyring` crate against a real Secret Service daemon.
//! - `window`: the real window through tauri-driver + WebKitWebDriver under Xvfb.
//! - `ui_files`: the contracts of the static UI files (i18n keys, CSP, capabilities).
//!
//! The emulators are started by the tests on free ports; scripts/test provides the D-Bus
//! session with gnome-keyring and sets BASELINE_TEST_STRICT=1 so that a missing daemon,
//! display or driver fails instead of skipping.

mod billing;
mod cli;
mod keychain;
mod members;
mod secrets;
mod support;
mod team;
mod throttling;
mod ui_files;
mod window;
