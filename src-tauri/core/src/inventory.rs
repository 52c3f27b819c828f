//! Everything the checklists and the audit read, in a handful of concurrent calls: the
//! authorization details, the credential report, the account summary, the billing guard,
//! plus Baseline's own index and journal.

use crate::aws::{classify, Connection};
use crate::iam::{live, report};
use crate::vault::index;
use crate::{billing, journal, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The facts checklists are built from.
pub struct Inventory {
    pub live: live::Live,
    pub report: Vec<report::Row>,
    /// `GetAccountSummary`'s map (`AccountMFAEnabled`, `AccountAccessKeysPresent`, …).
    pub summary: BTreeMap<String, i32>,
    /// The billing guard, when the team declares one (else not read).
    pub billing: Option<billing::status::Status>,
    pub secrets: Vec<index::Entry>,
    /// Manual steps the lead confirmed (step → time).
    pub manual: BTreeMap<String, String>,
    /// When this was read (RFC 3339).
    pub read_at: String,
}

impl Inventory {
    /// The credential report row of a user.
    pub fn row(&self, user: &str) -> Option<&report::Row> {
        self.report
            .iter()
            .find(|r| r.get("user").is_some_and(|u| u == user))
    }

    /// The root account's row (AWS has one; emulators may not).
    pub fn root_row(&self) -> Option<&report::Row> {
        self.row("<root_account>")
    }
}

/// The account's index entries. An empty index while AWS shows console passwords Baseline
/// made means the index was lost (a corrupt file set aside): rebuild it from the keychain.
async fn secrets_of(home: &Path, live: &live::Live) -> Result<Vec<index::Entry>> {
    let held = index::for_account(home, &live.account_id)?;
    let console: Vec<String> = live
        .users
        .values()
        .filter(|u| u.managed() && u.console)
        .map(|u| u.name.clone())
        .collect();
    if !held.is_empty() || console.is_empty() {
        return Ok(held);
    }
    let (h, account) = (home.to_path_buf(), live.account_id.clone());
    crate::vault::blocking(move || {
        index::rebuild(&h, &account, &console)?;
        index::for_account(&h, &account)
    })
    .await
}

/// Read everything concurrently. `with_billing` reads the billing guard too.
pub async fn gather(
    conn: &Connection,
    home: &Path,
    declared: &[String],
    with_billing: bool,
) -> Result<Inventory> {
    let iam = conn.iam();
    let summary = async {
        iam.get_account_summary()
            .send()
            .await
            .map(|out| {
                out.summary_map()
                    .map(|m| m.iter().map(|(k, v)| (k.as_str().to_owned(), *v)).collect())
                    .unwrap_or_default()
            })
            .map_err(|e| classify(conn.ctx("iam:GetAccountSummary"), e))
    };
    let (live, rows, summary) =
        tokio::join!(live::read(conn, declared), report::read(conn), summary);
    let live = live?;
    let billing = if with_billing {
        let clients = billing::Clients::new(conn, &live.account_id);
        Some(billing::status::read(&clients).await?)
    } else {
        None
    };
    let secrets = secrets_of(home, &live).await?;
    Ok(Inventory {
        secrets,
        manual: journal::manual_steps(home, &live.account_id)?,
        live,
        report: rows?,
        summary: summary?,
        billing,
        read_at: journal::now(),
    })
}
