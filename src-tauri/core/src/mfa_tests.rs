//! MFA enrolment behind an SDK-level fake of IAM, for what moto cannot show: a leftover
//! device of an interrupted enrolment, codes AWS refuses, a device already gone.

use super::*;
use aws_sdk_iam::error::ErrorMetadata;
use aws_sdk_iam::operation::{
    create_virtual_mfa_device::{CreateVirtualMFADeviceError, CreateVirtualMfaDeviceOutput},
    delete_virtual_mfa_device::{DeleteVirtualMFADeviceError, DeleteVirtualMfaDeviceOutput},
    enable_mfa_device::EnableMFADeviceError,
    list_virtual_mfa_devices::ListVirtualMfaDevicesOutput,
};
use aws_sdk_iam::types::error::{EntityAlreadyExistsException, NoSuchEntityException};
use aws_sdk_iam::types::VirtualMfaDevice;
use aws_sdk_iam::Client;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};

const SERIAL: &str = "arn:aws:iam::123456789012:mfa/kim.backend";
/// RFC 6238's seed in base32 (see the unit tests in `mfa.rs`).
const SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn conn(rules: &[&Rule]) -> Connection {
    let iam = mock_client!(aws_sdk_iam, RuleMode::MatchAny, rules);
    Connection::from_config(aws_config::SdkConfig::builder().build()).with_iam(iam)
}

fn device(serial: &str) -> VirtualMfaDevice {
    VirtualMfaDevice::builder()
        .serial_number(serial)
        .base32_string_seed(aws_smithy_types::Blob::new(SEED))
        .build()
        .unwrap()
}

fn enrollment() -> Enrollment {
    Enrollment {
        user: "kim.backend".into(),
        serial: SERIAL.into(),
        seed: Secret::new(SEED),
        uri: Secret::new("otpauth://totp/x"),
    }
}

#[tokio::test]
async fn an_interrupted_enrolment_leaves_a_device_that_the_next_start_replaces() {
    let taken = mock!(Client::create_virtual_mfa_device)
        .match_requests(|r| r.virtual_mfa_device_name() == Some("kim.backend"))
        .sequence()
        .error(|| {
            CreateVirtualMFADeviceError::EntityAlreadyExistsException(
                EntityAlreadyExistsException::builder()
                    .message("MFADevice entity at the same path and name already exists.")
                    .meta(
                        ErrorMetadata::builder()
                            .code("EntityAlreadyExists")
                            .message("MFADevice entity at the same path and name already exists.")
                            .build(),
                    )
                    .build(),
            )
        })
        .output(|| {
            CreateVirtualMfaDeviceOutput::builder()
                .virtual_mfa_device(device(SERIAL))
                .build()
        })
        .build();
    // An unassigned leftover of kim.backend, and another user's (never touched).
    let list = mock!(Client::list_virtual_mfa_devices).then_output(|| {
        ListVirtualMfaDevicesOutput::builder()
            .virtual_mfa_devices(device("arn:aws:iam::123456789012:mfa/lee.front"))
            .virtual_mfa_devices(device(SERIAL))
            .is_truncated(false)
            .build()
            .unwrap()
    });
    let delete = mock!(Client::delete_virtual_mfa_device)
        .match_requests(|r| r.serial_number() == Some(SERIAL))
        .then_output(|| DeleteVirtualMfaDeviceOutput::builder().build());
    let c = conn(&[&taken, &list, &delete]);
    let e = start(&c, "kim.backend", "hustle-dev").await.unwrap();
    assert_eq!(e.serial, SERIAL);
    assert_eq!(e.seed.expose(), SEED);
    assert_eq!(
        taken.num_calls(),
        2,
        "created again after the leftover went"
    );
    assert_eq!(
        delete.num_calls(),
        1,
        "only kim.backend's leftover is deleted"
    );
}

#[tokio::test]
async fn codes_that_do_not_follow_each_other_are_refused_before_any_aws_call() {
    let enable = mock!(Client::enable_mfa_device).then_output(|| {
        aws_sdk_iam::operation::enable_mfa_device::EnableMfaDeviceOutput::builder().build()
    });
    let c = conn(&[&enable]);
    let now = 59;
    let first = code_at(SEED, now).unwrap();
    let err = finish(&c, &enrollment(), &first, &first, now)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = finish(&c, &enrollment(), "12345", "123456", now)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(enable.num_calls(), 0);
}

#[tokio::test]
async fn codes_aws_refuses_keep_its_code_and_message() {
    let enable = mock!(Client::enable_mfa_device).then_error(|| {
        EnableMFADeviceError::generic(
            ErrorMetadata::builder()
                .code("InvalidAuthenticationCode")
                .message("Authentication code for device is not valid.")
                .build(),
        )
    });
    let c = conn(&[&enable]);
    let now = 1_111_111_109;
    let (first, second) = (
        code_at(SEED, now - 30).unwrap(),
        code_at(SEED, now).unwrap(),
    );
    let err = finish(&c, &enrollment(), &first, &second, now)
        .await
        .unwrap_err();
    let shown = serde_json::to_value(&err).unwrap();
    assert_eq!(
        shown["params"]["aws_code"], "InvalidAuthenticationCode",
        "{shown}"
    );
    assert!(err.to_string().contains("not valid"), "{err}");
    assert_eq!(enable.num_calls(), 1);
}

#[tokio::test]
async fn cancelling_when_the_device_is_already_gone_is_done() {
    let gone = mock!(Client::delete_virtual_mfa_device).then_error(|| {
        DeleteVirtualMFADeviceError::NoSuchEntityException(
            NoSuchEntityException::builder()
                .message("VirtualMFADevice not found")
                .build(),
        )
    });
    let c = conn(&[&gone]);
    cancel(&c, &enrollment()).await.unwrap();
    assert_eq!(gone.num_calls(), 1);
}
