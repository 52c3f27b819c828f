//! The commands that act on one member: `baseline handoff` and `baseline offboard`'s
//! confirmation.

use super::Start;
use baseline_core::access;
use baseline_core::handoff::{self, Recipient};
use baseline_core::team::Team;
use baseline_core::vault::Secret;
use baseline_core::Error;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

pub(super) async fn run_handoff(
    start: &Start,
    team: &Path,
    user: &str,
    age_recipient: Option<String>,
    passphrase_file: Option<PathBuf>,
    out: &Path,
    (lang, with_server): (&str, bool),
) -> Result<String, Error> {
    let team = Team::load(team)?;
    let recipient = match (age_recipient, passphrase_file) {
        (Some(key), _) => {
            let path = Path::new(&key);
            Recipient::Ssh(if path.is_file() {
                read_text(path)?
            } else {
                key
            })
        }
        (None, Some(file)) => Recipient::Passphrase(Secret::new(
            read_text(&file)?.trim_end_matches(['\n', '\r']),
        )),
        (None, None) => unreachable!("clap requires one"),
    };
    handoff::validate(&recipient)?;
    let conn = start.connect().await?;
    access::handoff_file(
        &conn,
        &start.home,
        &team,
        user,
        lang,
        &recipient,
        out,
        with_server,
    )
    .await
}

/// Offboarding cannot be undone: on a terminal the user's name must be typed back.
pub(super) fn confirm_offboard(user: &str, account_id: &str) -> Result<(), Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "yes",
            format!("offboarding {user} cannot be undone; confirm with --yes"),
        ));
    }
    eprint!("This deletes the IAM user {user} of account {account_id} and their secrets. Type the user name to confirm: ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).ok();
    if answer.trim() == user {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}
