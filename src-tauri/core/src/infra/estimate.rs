//! The monthly cost of `[infra]` before anything is made (filled in by the estimate work).

/// Placeholder until the price table lands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Estimate {}
