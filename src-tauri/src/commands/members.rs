//! Members, account checklist and audit screens: live checklists, MFA enrolment at the
//! lead's desk, offboarding and the security check-up.

use crate::state::AppState;
use baseline_core::audit::{self, Audit};
use baseline_core::checklist::{self, Checklists};
use baseline_core::mfa::{self, EnrollmentView};
use baseline_core::offboard::{self, Report};
use baseline_core::{identity, inventory, lock, Error};
use tauri::State;

/// The account checklist and one per member, read live (a handful of calls).
#[tauri::command]
pub async fn status_checklists(state: State<'_, AppState>) -> Result<Checklists, Error> {
    let team = state.team()?;
    checklist::read(&state.connection()?, state.home(), &team).await
}

/// CIS 1.17 fixed on a click: the AWS Support role (assumable with MFA only).
#[tauri::command]
pub async fn audit_support_role(state: State<'_, AppState>) -> Result<String, Error> {
    baseline_core::support_role::ensure(&state.connection()?).await
}

#[tauri::command]
pub async fn audit_run(state: State<'_, AppState>) -> Result<Audit, Error> {
    let conn = state.connection()?;
    let inv = inventory::gather(&conn, state.home(), &[], false).await?;
    Ok(audit::run(&inv))
}

/// Create the member's virtual MFA device and show its QR code (a pending one is dropped).
#[tauri::command]
pub async fn mfa_start(state: State<'_, AppState>, user: String) -> Result<EnrollmentView, Error> {
    let conn = state.connection()?;
    let previous = state.enrollment.lock().expect("enrollment lock").take();
    if let Some(old) = previous {
        mfa::cancel(&conn, &old).await?;
    }
    let who = identity::whoami(&conn).await?;
    let label = who.alias.unwrap_or(who.account_id);
    let _lock = lock::acquire(state.home(), "mfa_enrolment").await?;
    let enrollment = mfa::start(&conn, &user, &label).await?;
    let view = enrollment.view()?;
    *state.enrollment.lock().expect("enrollment lock") = Some(enrollment);
    Ok(view)
}

/// Check the two codes locally, then enable; the seed leaves memory.
#[tauri::command]
pub async fn mfa_finish(
    state: State<'_, AppState>,
    first: String,
    second: String,
) -> Result<(), Error> {
    let conn = state.connection()?;
    let enrollment = state
        .enrollment
        .lock()
        .expect("enrollment lock")
        .take()
        .ok_or_else(|| Error::invalid("enrollment", "no MFA enrolment is in progress"))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let _lock = match lock::acquire(state.home(), "mfa_enrolment").await {
        Ok(guard) => guard,
        Err(e) => {
            *state.enrollment.lock().expect("enrollment lock") = Some(enrollment);
            return Err(e);
        }
    };
    match mfa::finish(&conn, &enrollment, &first, &second, now).await {
        Ok(()) => Ok(()),
        Err(e) => {
            // Wrong codes: keep the device so the member can type two new codes.
            *state.enrollment.lock().expect("enrollment lock") = Some(enrollment);
            Err(e)
        }
    }
}

/// Close the dialog without enabling: the unused device is deleted.
#[tauri::command]
pub async fn mfa_cancel(state: State<'_, AppState>) -> Result<(), Error> {
    let conn = state.connection()?;
    let pending = state.enrollment.lock().expect("enrollment lock").take();
    match pending {
        Some(e) => mfa::cancel(&conn, &e).await,
        None => Ok(()),
    }
}

/// Lost phone: deactivate and delete the member's MFA devices.
#[tauri::command]
pub async fn mfa_remove(state: State<'_, AppState>, user: String) -> Result<usize, Error> {
    mfa::remove_all(&state.connection()?, &user).await
}

/// The phone's clock drifted: two consecutive codes bring the device back in step.
#[tauri::command]
pub async fn mfa_resync(
    state: State<'_, AppState>,
    user: String,
    first: String,
    second: String,
) -> Result<(), Error> {
    mfa::resync_user(&state.connection()?, &user, &first, &second).await
}

/// `extra_confirmed`: the second confirmation for a user Baseline does not manage or the
/// caller themself (asked for with the code `offboard_confirmation_needed`).
#[tauri::command]
pub async fn offboard_member(
    state: State<'_, AppState>,
    user: String,
    extra_confirmed: bool,
) -> Result<Report, Error> {
    let ctx = state.context().await?;
    let who = identity::whoami(&ctx.conn).await?;
    let _lock = ctx.lock("offboard").await?;
    offboard::offboard(&ctx.conn, &ctx.home, &who, &user, extra_confirmed).await
}
