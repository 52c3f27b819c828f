//! The Connect screen: profiles, the stored login, connecting, cancelling.

use crate::state::AppState;
use baseline_core::aws::{profiles, ConnectOptions, Connection};
use baseline_core::identity::{self, Identity};
use baseline_core::login::{self, LoginRef};
use baseline_core::settings::{self, Remembered};
use baseline_core::vault::blocking;
use baseline_core::vault::{self, Secret};
use baseline_core::Error;
use tauri::State;

#[tauri::command]
pub async fn list_profiles() -> Result<Vec<profiles::ProfileInfo>, Error> {
    profiles::list().await
}

/// Connect and ask who we are. Runs off the main thread; `cancel` aborts it. A success is
/// remembered (profile or login, region; never the MFA code) for the next start.
#[tauri::command]
pub async fn connect(
    state: State<'_, AppState>,
    options: ConnectOptions,
) -> Result<Identity, Error> {
    let remembered = Remembered {
        profile: options.profile.clone(),
        region: options.region.clone(),
        login: options.login,
    };
    let task = tokio::spawn(async move {
        let conn = Connection::load(&options).await?;
        let who = identity::whoami(&conn).await?;
        Ok::<_, Error>((conn, who))
    });
    *state.pending.lock().expect("pending lock") = Some(task.abort_handle());
    let result = task.await;
    state.pending.lock().expect("pending lock").take();
    let (conn, who) = match result {
        Ok(done) => done?,
        Err(join) if join.is_cancelled() => return Err(Error::Cancelled),
        Err(join) => return Err(Error::Internal(join.to_string())),
    };
    *state.connection.lock().expect("connection lock") = Some(conn);
    let home = state.home();
    let mut current = settings::load(home)?;
    current.connection = Some(remembered);
    settings::save(home, &current)?;
    Ok(who)
}

/// Abort the running operation, if any.
#[tauri::command]
pub fn cancel(state: State<'_, AppState>) {
    if let Some(task) = state.pending.lock().expect("pending lock").take() {
        task.abort();
    }
}

/// The stored login (names only), if there is one.
#[tauri::command]
pub fn login_status(state: State<'_, AppState>) -> Result<Option<LoginRef>, Error> {
    login::current(state.home())
}

/// Verify the pasted key with STS and keep it only in the keychain; then connect with it.
#[tauri::command]
pub async fn login_save(
    state: State<'_, AppState>,
    access_key_id: String,
    secret_access_key: String,
    region: Option<String>,
) -> Result<Identity, Error> {
    let secret = Secret::new(secret_access_key);
    login::validate(access_key_id.trim(), secret.expose().trim())?;
    let base = Connection::load(&ConnectOptions {
        region: region.clone(),
        ..ConnectOptions::default()
    })
    .await?;
    let trimmed = Secret::new(secret.expose().trim());
    login::login(&base, state.home(), &access_key_id, &trimmed).await?;
    let options = ConnectOptions {
        region,
        login: true,
        ..ConnectOptions::default()
    };
    let h = state.home().to_owned();
    let who = connect(state, options).await?;
    // The guide's root and mailbox passwords were made for this very account, before it
    // existed: they get its names now. A keychain hiccup here must not undo the login.
    let account = who.account_id.clone();
    if let Err(e) = blocking(move || vault::adopt_setup(&h, &account)).await {
        tracing::warn!(
            code = e.code(),
            "the setup passwords stay under their first names"
        );
    }
    Ok(who)
}

/// Forget the stored login; a connection made with it ends too.
#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Result<Option<LoginRef>, Error> {
    let gone = login::logout(state.home()).await?;
    let mut conn = state.connection.lock().expect("connection lock");
    if conn.as_ref().is_some_and(|c| c.login_user().is_some()) {
        *conn = None;
    }
    Ok(gone)
}
