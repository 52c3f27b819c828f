//! Baseline's core: the domain and the AWS work, with no window attached.
//!
//! The desktop app (Tauri commands) and the command line are thin callers of this crate,
//! so everything here builds and tests without a display.

pub mod access;
pub mod apply;
pub mod audit;
pub mod aws;
pub mod billing;
pub mod checklist;
pub mod context;
pub mod error;
pub mod fsio;
pub mod handoff;
pub mod iam;
pub mod infra;
pub mod inventory;
pub mod journal;
pub mod links;
pub mod lock;
pub mod login;
pub mod mfa;
pub mod offboard;
pub mod password;
pub mod plan;
pub mod settings;
pub mod support_role;
pub mod team;
pub mod vault;

pub use aws::identity;
pub use error::{Error, InputReason, Result};

#[cfg(test)]
mod layers;
#[cfg(test)]
mod ui_words;
