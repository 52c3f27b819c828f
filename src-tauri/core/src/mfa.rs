//! Virtual MFA for members, enrolled at the lead's desk: the seed AWS returns becomes a QR
//! code, the member's two consecutive codes are checked here first (so a typo or a reused
//! code never reaches AWS), then the device is enabled. The seed is never stored.

use crate::aws::outcome::aws_code;
pub use crate::aws::session::normalise_code;
use crate::aws::{classify, Connection};
use crate::vault::Secret;
use crate::{Error, Result};
use aws_sdk_iam::operation::create_virtual_mfa_device::CreateVirtualMfaDeviceOutput;
use aws_sdk_iam::types::AssignmentStatusType;
use serde::Serialize;
use totp_rs::{Algorithm, Builder, Secret as TotpSecret, Totp};

/// The issuer authenticator apps show above the code.
pub const ISSUER: &str = "AWS";
/// TOTP as AWS uses it: SHA-1, 6 digits, 30-second steps.
pub const STEP: u64 = 30;

fn totp(seed_base32: &str, label: &str) -> Result<Totp> {
    let secret = TotpSecret::try_from_base32(seed_base32)
        .map_err(|e| Error::Internal(format!("MFA seed: {e:?}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(STEP)
        .with_skew(0)
        .with_secret(secret)
        .with_account_name(label)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| Error::Internal(format!("MFA seed: {e:?}")))
}

/// The code of `seed` for the 30-second step containing `unix_time`.
pub fn code_at(seed_base32: &str, unix_time: u64) -> Result<String> {
    Ok(totp(seed_base32, "x")?.generate(unix_time).to_string())
}

/// Check that `first` and `second` are consecutive codes of the seed, the second one from
/// the current step or one step either side (clock skew).
pub fn check_consecutive(seed_base32: &str, first: &str, second: &str, now: u64) -> Result<()> {
    let first = normalise_code(first, "first code")?;
    let second = normalise_code(second, "second code")?;
    if first == second {
        return Err(Error::invalid(
            "second code",
            "the two codes are the same: wait for the app to show the next code",
        ));
    }
    let t = totp(seed_base32, "x")?;
    let now_step = now / STEP;
    let ok = [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .any(|step| {
            step > 0
                && t.generate((step - 1) * STEP).to_string() == first
                && t.generate(step * STEP).to_string() == second
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "codes",
            "these are not two consecutive codes of this device: check that the phone's clock is right, scan the QR code again if needed, and type two new codes",
        ))
    }
}

/// A device being enrolled. The seed lives only here, in memory, until finish or cancel.
pub struct Enrollment {
    pub user: String,
    pub serial: String,
    pub seed: Secret,
    /// `otpauth://totp/AWS:user@alias?secret=…&issuer=AWS`.
    pub uri: Secret,
}

/// What the window shows while enrolling (seed and QR are needed to set up the phone).
#[derive(Serialize)]
pub struct EnrollmentView {
    pub user: String,
    pub serial: String,
    pub seed: String,
    pub qr_svg: String,
}

impl Enrollment {
    /// The QR code and the seed as text for manual entry.
    pub fn view(&self) -> Result<EnrollmentView> {
        Ok(EnrollmentView {
            user: self.user.clone(),
            serial: self.serial.clone(),
            seed: self.seed.expose().to_owned(),
            qr_svg: crate::handoff::qr_svg(self.uri.expose())?,
        })
    }
}

/// The device name part of a virtual MFA serial (`arn:aws:iam::1:mfa/path/name` → `name`).
fn device_name(serial: &str) -> Option<&str> {
    let (_, resource) = serial.split_once(":mfa/")?;
    resource.rsplit('/').next()
}

/// Delete the unassigned virtual device named after `user`, if there is one. Returns
/// whether one was deleted. An assigned device is never touched.
async fn delete_unassigned(conn: &Connection, user: &str) -> Result<bool> {
    let pages: Vec<_> = conn
        .iam()
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Unassigned)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListVirtualMFADevices"), e))?;
    let Some(serial) = pages
        .iter()
        .flat_map(|p| p.virtual_mfa_devices())
        // Unassigned means no user; check anyway, so an assigned device can never match.
        .filter(|d| d.user().is_none() && d.enable_date().is_none())
        .map(|d| d.serial_number())
        .find(|s| device_name(s).is_some_and(|n| n.eq_ignore_ascii_case(user)))
    else {
        return Ok(false);
    };
    tracing::info!(user, serial, "deleting an unfinished MFA enrolment");
    delete_device(conn, serial).await?;
    Ok(true)
}

async fn create_device(conn: &Connection, user: &str) -> Result<CreateVirtualMfaDeviceOutput> {
    conn.iam()
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:CreateVirtualMFADevice"), e))
}

/// Create a virtual MFA device for `user`; `label_suffix` is the alias (or account ID).
///
/// An enrolment interrupted between create and enable (window closed, crash) leaves an
/// unassigned device named after the user, and IAM then refuses every new one with
/// `EntityAlreadyExists`: that leftover is deleted and the create tried once more.
pub async fn start(conn: &Connection, user: &str, label_suffix: &str) -> Result<Enrollment> {
    let out = match create_device(conn, user).await {
        Err(e)
            if aws_code(&e) == Some("EntityAlreadyExists")
                && delete_unassigned(conn, user).await? =>
        {
            create_device(conn, user).await?
        }
        other => other?,
    };
    let device = out
        .virtual_mfa_device()
        .ok_or_else(|| Error::Internal("no device in the answer".into()))?;
    let seed_bytes = device
        .base32_string_seed()
        .map(|b| b.as_ref().to_vec())
        .unwrap_or_default();
    let seed = Secret::new(
        String::from_utf8(seed_bytes)
            .map_err(|_| Error::Internal("the MFA seed is not text".into()))?,
    );
    let label = format!("{user}@{label_suffix}");
    let uri = Secret::new(
        totp(seed.expose(), &label)?
            .to_url()
            .map_err(|e| Error::Internal(format!("{e:?}")))?,
    );
    Ok(Enrollment {
        user: user.to_owned(),
        serial: device.serial_number().to_owned(),
        seed,
        uri,
    })
}

/// Check the codes locally, then enable the device in AWS.
pub async fn finish(
    conn: &Connection,
    e: &Enrollment,
    first: &str,
    second: &str,
    now: u64,
) -> Result<()> {
    check_consecutive(e.seed.expose(), first, second, now)?;
    conn.iam()
        .enable_mfa_device()
        .user_name(&e.user)
        .serial_number(&e.serial)
        .authentication_code1(normalise_code(first, "first code")?)
        .authentication_code2(normalise_code(second, "second code")?)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify(conn.ctx("iam:EnableMFADevice"), e))
}

/// A cancelled enrollment leaves no unused device behind.
pub async fn cancel(conn: &Connection, e: &Enrollment) -> Result<()> {
    delete_device(conn, &e.serial).await
}

/// Delete a virtual device; one already gone is fine.
async fn delete_device(conn: &Connection, serial: &str) -> Result<()> {
    match conn
        .iam()
        .delete_virtual_mfa_device()
        .serial_number(serial)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            Ok(())
        }
        Err(err) => Err(classify(conn.ctx("iam:DeleteVirtualMFADevice"), err)),
    }
}

/// Lost phone: deactivate every MFA device of the user, and delete the virtual ones.
pub async fn remove_all(conn: &Connection, user: &str) -> Result<usize> {
    remove_devices(conn, &conn.iam(), user).await
}

/// [`remove_all`] through a given IAM client (offboarding's tests swap it for a fake).
pub(crate) async fn remove_devices(
    conn: &Connection,
    iam: &aws_sdk_iam::Client,
    user: &str,
) -> Result<usize> {
    let devices = iam
        .list_mfa_devices()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListMFADevices"), e))?;
    let mut n = 0;
    for d in devices.mfa_devices() {
        let serial = d.serial_number();
        iam.deactivate_mfa_device()
            .user_name(user)
            .serial_number(serial)
            .send()
            .await
            .map_err(|e| classify(conn.ctx("iam:DeactivateMFADevice"), e))?;
        if serial.contains(":mfa/") {
            match iam
                .delete_virtual_mfa_device()
                .serial_number(serial)
                .send()
                .await
            {
                Ok(_) => {}
                Err(err)
                    if err
                        .as_service_error()
                        .is_some_and(|s| s.is_no_such_entity_exception()) => {}
                Err(err) => return Err(classify(conn.ctx("iam:DeleteVirtualMFADevice"), err)),
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Resynchronise the user's (first) MFA device with two consecutive codes.
pub async fn resync_user(conn: &Connection, user: &str, first: &str, second: &str) -> Result<()> {
    let devices = conn
        .iam()
        .list_mfa_devices()
        .user_name(user)
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:ListMFADevices"), e))?;
    let serial = devices
        .mfa_devices()
        .first()
        .map(|d| d.serial_number().to_owned())
        .ok_or_else(|| Error::invalid("user", "this member has no MFA device to resync"))?;
    resync(conn, user, &serial, first, second).await
}

/// Resynchronise a device whose clock drifted, with two consecutive codes.
pub async fn resync(
    conn: &Connection,
    user: &str,
    serial: &str,
    first: &str,
    second: &str,
) -> Result<()> {
    conn.iam()
        .resync_mfa_device()
        .user_name(user)
        .serial_number(serial)
        .authentication_code1(normalise_code(first, "first code")?)
        .authentication_code2(normalise_code(second, "second code")?)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify(conn.ctx("iam:ResyncMFADevice"), e))
}

#[cfg(test)]
#[path = "mfa_tests.rs"]
mod fake_iam_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below); the 6-digit
    /// codes are the last six digits of the RFC's 8-digit values.
    const RFC_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_device_name_is_read_from_the_serial_ignoring_the_path() {
        assert_eq!(
            device_name("arn:aws:iam::123456789012:mfa/kim.backend"),
            Some("kim.backend")
        );
        assert_eq!(
            device_name("arn:aws:iam::123456789012:mfa/team/kim.backend"),
            Some("kim.backend")
        );
        assert_eq!(device_name("GAHT12345678"), None, "hardware serial");
    }

    #[test]
    fn codes_match_the_rfc_6238_vectors() {
        for (time, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
            (20000000000, "353130"),
        ] {
            assert_eq!(code_at(RFC_SEED, time).unwrap(), code, "T={time}");
        }
    }

    #[test]
    fn two_consecutive_codes_pass_with_spaces_and_one_step_of_skew() {
        let now = 1111111111; // step 37037037
        let first = code_at(RFC_SEED, now - STEP).unwrap();
        let second = code_at(RFC_SEED, now).unwrap();
        let spaced = format!("{} {}", &second[..3], &second[3..]);
        assert!(check_consecutive(RFC_SEED, &first, &spaced, now).is_ok());
        // The phone is a step ahead or behind.
        assert!(check_consecutive(RFC_SEED, &first, &second, now + STEP).is_ok());
        assert!(check_consecutive(RFC_SEED, &first, &second, now - STEP).is_ok());
    }

    #[test]
    fn typos_reused_and_stale_codes_are_caught_before_aws() {
        let now = 1111111111;
        let first = code_at(RFC_SEED, now - STEP).unwrap();
        let second = code_at(RFC_SEED, now).unwrap();
        let typo = format!("{}{}", &second[..5], (second.as_bytes()[5] - b'0' + 1) % 10);
        assert_eq!(
            check_consecutive(RFC_SEED, &first, &typo, now)
                .unwrap_err()
                .code(),
            "invalid_input"
        );
        assert!(
            check_consecutive(RFC_SEED, &second, &second, now).is_err(),
            "the same code twice"
        );
        assert!(
            check_consecutive(RFC_SEED, &second, &first, now).is_err(),
            "reversed"
        );
        assert!(
            check_consecutive(RFC_SEED, &first, &second, now + 10 * STEP).is_err(),
            "too old"
        );
        assert!(check_consecutive(RFC_SEED, "12345", &second, now).is_err());
        assert!(check_consecutive(RFC_SEED, "abcdef", &second, now).is_err());
    }
}
