//! The Secrets screen: what the keychain holds for this account, reveal, copy, delete,
//! account-setup passwords, and handing members their access.

use crate::state::AppState;
use baseline_core::access::{self, Retirable};
use baseline_core::handoff::{self, Recipient, Sheet};
use baseline_core::password::{self, Options};
use baseline_core::vault::blocking;
use baseline_core::vault::{self, index, Kind, Secret};
use baseline_core::{settings, Error};
use serde::Serialize;
use tauri::State;

async fn account(state: &State<'_, AppState>) -> Result<String, Error> {
    Ok(state.context().await?.account_id)
}

/// The connected account, or before any connection the first-hour guide's placeholder
/// (root and mailbox passwords are made before the account exists).
async fn account_or_setup(state: &State<'_, AppState>) -> Result<String, Error> {
    match account(state).await {
        Err(Error::NotConnected) => Ok(vault::SETUP_ACCOUNT.to_owned()),
        other => other,
    }
}

/// The key, if it belongs to the connected account's index (no reading arbitrary entries).
async fn owned_key(state: &State<'_, AppState>, key: &str) -> Result<String, Error> {
    let account = account_or_setup(state).await?;
    let known = index::for_account(state.home(), &account)?
        .iter()
        .any(|e| e.key == key);
    if known {
        Ok(key.to_owned())
    } else {
        Err(Error::invalid(
            "key",
            format!("\"{key}\" is not a secret of account {account}"),
        ))
    }
}

async fn read(key: String) -> Result<Secret, Error> {
    let k = key.clone();
    blocking(move || vault::read(&k))
        .await?
        .ok_or_else(|| Error::Keychain {
            detail: format!("{key} is in the index but not in the keychain"),
        })
}

#[derive(Serialize)]
pub struct Listing {
    account_id: String,
    entries: Vec<index::Entry>,
    clipboard_seconds: u64,
    auto_retire: bool,
}

#[tauri::command]
pub async fn secrets_list(state: State<'_, AppState>) -> Result<Listing, Error> {
    let account_id = account_or_setup(&state).await?;
    Ok(Listing {
        entries: index::for_account(state.home(), &account_id)?,
        account_id,
        clipboard_seconds: crate::clipboard::clear_after(),
        auto_retire: settings::load(state.home())?.auto_retire,
    })
}

/// The value, on an explicit "reveal" (the window hides it again after a while).
#[tauri::command]
pub async fn secret_reveal(state: State<'_, AppState>, key: String) -> Result<String, Error> {
    let key = owned_key(&state, &key).await?;
    Ok(read(key).await?.expose().to_owned())
}

/// Copy to the clipboard; cleared after the returned number of seconds if still there.
#[tauri::command]
pub async fn secret_copy(state: State<'_, AppState>, key: String) -> Result<u64, Error> {
    let key = owned_key(&state, &key).await?;
    let secret = read(key).await?;
    state.clipboard.copy_for_a_while(secret)
}

#[tauri::command]
pub async fn secret_delete(state: State<'_, AppState>, key: String) -> Result<(), Error> {
    let key = owned_key(&state, &key).await?;
    let home = state.home().to_owned();
    blocking(move || {
        vault::delete(&key)?;
        index::remove(&home, &key)
    })
    .await
}

/// A strong password for an account-setup step, stored before the lead ever copies it.
#[tauri::command]
pub async fn secret_generate(
    state: State<'_, AppState>,
    kind: Kind,
    options: Options,
    note: Option<String>,
) -> Result<index::Entry, Error> {
    if !matches!(kind, Kind::RootPassword | Kind::MailboxPassword) {
        return Err(Error::invalid(
            "kind",
            "only root-password and mailbox-password are generated here",
        ));
    }
    let secret = password::generate_with(&options)?;
    let account = account_or_setup(&state).await?;
    let home = state.home().to_owned();
    let name = if kind == Kind::RootPassword {
        "root"
    } else {
        "mailbox"
    };
    blocking(move || {
        vault::store(&vault::key(&account, kind, name), &secret)?;
        index::record(
            &home,
            &account,
            kind,
            name,
            note.as_deref().filter(|n| !n.trim().is_empty()),
        )
    })
    .await
}

/// The printable sheet of a member (holds the temporary password).
#[tauri::command]
pub async fn handoff_sheet(
    state: State<'_, AppState>,
    user: String,
    lang: String,
) -> Result<Sheet, Error> {
    let team = state.team()?;
    let h = access::prepare_handoff(&state.connection()?, &team, &user, &lang).await?;
    handoff::sheet(&h)
}

/// Record that the member got their access (after printing the sheet).
#[tauri::command]
pub async fn handoff_record(
    state: State<'_, AppState>,
    user: String,
    method: index::HandoffMethod,
) -> Result<(), Error> {
    let ctx = state.context().await?;
    access::record_handoff(&ctx.home, &ctx.account_id, &user, method)
}

/// Write the `age` file to the Downloads folder; returns its path.
#[tauri::command]
pub async fn handoff_file(
    state: State<'_, AppState>,
    user: String,
    lang: String,
    ssh_key: Option<String>,
    passphrase: Option<String>,
    with_server: Option<bool>,
) -> Result<String, Error> {
    let recipient = match (ssh_key, passphrase) {
        (Some(k), None) => Recipient::Ssh(k),
        (None, Some(p)) => Recipient::Passphrase(Secret::new(p)),
        _ => {
            return Err(Error::invalid(
                "recipient",
                "give either the member's SSH public key or a passphrase",
            ))
        }
    };
    handoff::validate(&recipient)?;
    let team = state.team()?;
    let out = settings::downloads_dir().join(format!("baseline-handoff-{user}.age"));
    let ctx = state.context().await?;
    access::handoff_file(
        &ctx.conn,
        &ctx.home,
        &team,
        &user,
        &lang,
        &recipient,
        &out,
        with_server.unwrap_or(false),
    )
    .await
}

/// Print the window (the handoff sheet is laid out for paper).
#[tauri::command]
pub fn print_window(window: tauri::WebviewWindow) -> Result<(), Error> {
    window
        .print()
        .map_err(|e| Error::Internal(format!("printing failed: {e}")))
}

/// Temporary passwords AWS shows were already changed; deleted at once with auto-retire on.
#[tauri::command]
pub async fn retire_check(state: State<'_, AppState>) -> Result<Vec<Retirable>, Error> {
    let ctx = state.context().await?;
    let (conn, home, account) = (&ctx.conn, &ctx.home, &ctx.account_id);
    let found = access::retirable(conn, home, account).await?;
    if settings::load(home)?.auto_retire && !found.is_empty() {
        let _lock = ctx.lock("retire").await?;
        let users: Vec<String> = access::retirable(conn, home, account)
            .await?
            .into_iter()
            .map(|r| r.user)
            .collect();
        access::retire(home, account, &users).await?;
    }
    Ok(found)
}

#[tauri::command]
pub async fn retire(state: State<'_, AppState>, users: Vec<String>) -> Result<usize, Error> {
    let ctx = state.context().await?;
    let (conn, home, account) = (&ctx.conn, &ctx.home, &ctx.account_id);
    // Under the lock and checked again: a reset since the list was shown made a new
    // temporary password that must not be deleted.
    let _lock = ctx.lock("retire").await?;
    let still: Vec<String> = access::retirable(conn, home, account)
        .await?
        .into_iter()
        .map(|r| r.user)
        .filter(|u| users.iter().any(|w| w.eq_ignore_ascii_case(u)))
        .collect();
    access::retire(home, account, &still).await
}

#[tauri::command]
pub fn set_auto_retire(state: State<'_, AppState>, on: bool) -> Result<(), Error> {
    let home = state.home();
    let mut s = settings::load(home)?;
    s.auto_retire = on;
    settings::save(home, &s)
}

/// A forgotten password: a new one is generated, stored, then set (reset at sign-in).
#[tauri::command]
pub async fn reset_password(state: State<'_, AppState>, user: String) -> Result<(), Error> {
    let team = state.team()?;
    access::reset_password(&state.connection()?, state.home(), &team, &user).await
}
