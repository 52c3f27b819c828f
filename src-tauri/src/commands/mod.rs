//! Tauri commands: short wrappers that call `baseline-core` and return its errors as
//! `{ code, message, hint, params }`.

pub mod billing;
pub mod connect;
pub mod infra;
pub mod members;
pub mod plan;
pub mod secrets;
pub mod settings;
pub mod team;
