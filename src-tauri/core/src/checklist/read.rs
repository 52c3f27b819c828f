//! The checklists read live in one go: the window's Account and Members screens and
//! `baseline status` ask the same question the same way.

use super::{Item, MemberChecklist};
use crate::aws::Connection;
use crate::team::Team;
use crate::{billing, inventory, Result};
use serde::Serialize;
use std::path::Path;

/// The account checklist, one per declared member, and the billing guard they were read
/// with (a handful of calls: see `inventory::gather`).
#[derive(Debug, Clone, Serialize)]
pub struct Checklists {
    pub account: Vec<Item>,
    pub members: Vec<MemberChecklist>,
    /// When AWS was read (RFC 3339).
    pub read_at: String,
    /// The billing guard's live state, when the team declares one.
    pub billing: Option<billing::status::Status>,
}

/// Read the account and the team's members and tick every item.
pub async fn read(conn: &Connection, home: &Path, team: &Team) -> Result<Checklists> {
    let declared: Vec<String> = team.members.iter().map(|m| m.user.clone()).collect();
    let inv = inventory::gather(conn, home, &declared, team.billing.is_some()).await?;
    Ok(Checklists {
        account: super::account(&inv, Some(team)),
        members: super::members(&inv, team),
        read_at: inv.read_at,
        billing: inv.billing,
    })
}
