//! IAM: reading the account's live state in a few calls, and the changes apply makes.

pub mod live;
pub mod ops;
pub mod report;

/// Tag keys Baseline puts on the users it manages.
pub mod tags {
    /// Present (`true`) on every user Baseline created or adopted.
    pub const MANAGED: &str = "baseline:managed";
    /// The member's display name.
    pub const NAME: &str = "baseline:name";
    /// The member's email.
    pub const EMAIL: &str = "baseline:email";
    /// `yes` once Baseline created the console password (saves a call per user on re-plan).
    pub const CONSOLE: &str = "baseline:console";
}
