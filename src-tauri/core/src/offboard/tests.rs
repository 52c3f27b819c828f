//! What moto cannot show about offboarding (it deletes a user whatever hangs on it, and
//! does not serve service-specific credentials): IAM behind SDK-level fakes.

use super::iam::{remove_user, CONFLICT_BACKOFF};
use super::{is_caller, Report};
use crate::aws::Connection;
use aws_sdk_iam::error::ErrorMetadata;
use aws_sdk_iam::operation::{
    delete_login_profile::DeleteLoginProfileOutput,
    delete_service_specific_credential::DeleteServiceSpecificCredentialOutput,
    delete_signing_certificate::DeleteSigningCertificateOutput,
    delete_ssh_public_key::DeleteSshPublicKeyOutput,
    delete_user::{DeleteUserError, DeleteUserOutput},
    list_access_keys::ListAccessKeysOutput,
    list_attached_user_policies::ListAttachedUserPoliciesOutput,
    list_groups_for_user::ListGroupsForUserOutput,
    list_mfa_devices::ListMfaDevicesOutput,
    list_service_specific_credentials::ListServiceSpecificCredentialsOutput,
    list_signing_certificates::ListSigningCertificatesOutput,
    list_ssh_public_keys::ListSshPublicKeysOutput,
    list_user_policies::ListUserPoliciesOutput,
};
use aws_sdk_iam::types::error::DeleteConflictException;
use aws_sdk_iam::types::{
    ServiceSpecificCredentialMetadata, SigningCertificate, SshPublicKeyMetadata, StatusType,
};
use aws_sdk_iam::Client;
use aws_smithy_mocks::{mock, mock_client, MockResponse, Rule, RuleMode};
use aws_smithy_types::DateTime;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Log = Arc<Mutex<Vec<&'static str>>>;

const CONFLICT: &str = "Cannot delete entity, must delete SSH public keys first.";

/// An IAM whose user has one SSH key, one signing certificate and one service-specific
/// credential, and whose `DeleteUser` answers `DeleteConflict` `conflicts` times first.
fn fake_iam(conflicts: usize) -> (Client, Log, Rule) {
    let log: Log = Arc::default();
    let now = DateTime::from_secs(1_700_000_000);
    let logged = |name: &'static str, log: &Log| {
        let log = log.clone();
        move || log.lock().unwrap().push(name)
    };
    let empty = [
        mock!(Client::delete_login_profile)
            .then_output(|| DeleteLoginProfileOutput::builder().build()),
        mock!(Client::list_access_keys).then_output(|| {
            ListAccessKeysOutput::builder()
                .set_access_key_metadata(Some(vec![]))
                .build()
                .unwrap()
        }),
        mock!(Client::list_mfa_devices).then_output(|| {
            ListMfaDevicesOutput::builder()
                .set_mfa_devices(Some(vec![]))
                .build()
                .unwrap()
        }),
        mock!(Client::list_groups_for_user).then_output(|| {
            ListGroupsForUserOutput::builder()
                .set_groups(Some(vec![]))
                .build()
                .unwrap()
        }),
        mock!(Client::list_attached_user_policies)
            .then_output(|| ListAttachedUserPoliciesOutput::builder().build()),
        mock!(Client::list_user_policies).then_output(|| {
            ListUserPoliciesOutput::builder()
                .set_policy_names(Some(vec![]))
                .build()
                .unwrap()
        }),
    ];
    let ssh = mock!(Client::list_ssh_public_keys).then_output(move || {
        ListSshPublicKeysOutput::builder()
            .ssh_public_keys(
                SshPublicKeyMetadata::builder()
                    .user_name("kim")
                    .ssh_public_key_id("APKAEIBAERJR2EXAMPLE")
                    .status(StatusType::Active)
                    .upload_date(now)
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let cert = mock!(Client::list_signing_certificates).then_output(move || {
        ListSigningCertificatesOutput::builder()
            .certificates(
                SigningCertificate::builder()
                    .user_name("kim")
                    .certificate_id("TA7SMP42TDN5Z26OBPJE7EXAMPLE")
                    .certificate_body("-----BEGIN CERTIFICATE-----")
                    .status(StatusType::Active)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let cred = mock!(Client::list_service_specific_credentials).then_output(move || {
        ListServiceSpecificCredentialsOutput::builder()
            .service_specific_credentials(
                ServiceSpecificCredentialMetadata::builder()
                    .user_name("kim")
                    .status(StatusType::Active)
                    .service_user_name("kim-at-123456789012")
                    .create_date(now)
                    .service_specific_credential_id("ACCAEXAMPLE123EXAMPLE")
                    .service_name("codecommit.amazonaws.com")
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let (a, b, c) = (
        logged("DeleteSSHPublicKey", &log),
        logged("DeleteSigningCertificate", &log),
        logged("DeleteServiceSpecificCredential", &log),
    );
    let deletes = [
        mock!(Client::delete_ssh_public_key)
            .match_requests(|r| r.ssh_public_key_id() == Some("APKAEIBAERJR2EXAMPLE"))
            .then_output(move || {
                a();
                DeleteSshPublicKeyOutput::builder().build()
            }),
        mock!(Client::delete_signing_certificate)
            .match_requests(|r| r.certificate_id() == Some("TA7SMP42TDN5Z26OBPJE7EXAMPLE"))
            .then_output(move || {
                b();
                DeleteSigningCertificateOutput::builder().build()
            }),
        mock!(Client::delete_service_specific_credential)
            .match_requests(|r| r.service_specific_credential_id() == Some("ACCAEXAMPLE123EXAMPLE"))
            .then_output(move || {
                c();
                DeleteServiceSpecificCredentialOutput::builder().build()
            }),
    ];
    let l = log.clone();
    let delete_user = mock!(Client::delete_user).then_compute_response(move |_| {
        let mut log = l.lock().unwrap();
        log.push("DeleteUser");
        if log.iter().filter(|c| **c == "DeleteUser").count() <= conflicts {
            MockResponse::Error(DeleteUserError::DeleteConflictException(
                DeleteConflictException::builder()
                    .message(CONFLICT)
                    .meta(
                        ErrorMetadata::builder()
                            .code("DeleteConflict")
                            .message(CONFLICT)
                            .build(),
                    )
                    .build(),
            ))
        } else {
            MockResponse::Output(DeleteUserOutput::builder().build())
        }
    });
    let mut rules: Vec<&Rule> = empty.iter().chain(deletes.iter()).collect();
    rules.extend([&ssh, &cert, &cred, &delete_user]);
    let client = mock_client!(aws_sdk_iam, RuleMode::MatchAny, rules.as_slice());
    (client, log, delete_user)
}

fn conn() -> Connection {
    Connection::from_config(aws_config::SdkConfig::builder().build())
}

#[tokio::test]
async fn ssh_keys_certificates_and_service_credentials_go_before_the_user() {
    let (iam, log, _) = fake_iam(0);
    let mut report = Report::default();
    remove_user(&conn(), &iam, "kim", CONFLICT_BACKOFF, &mut report)
        .await
        .unwrap();
    assert_eq!(
        *log.lock().unwrap(),
        [
            "DeleteSSHPublicKey",
            "DeleteSigningCertificate",
            "DeleteServiceSpecificCredential",
            "DeleteUser"
        ]
    );
    assert_eq!(
        (
            report.ssh_keys,
            report.signing_certificates,
            report.service_credentials
        ),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn delete_conflict_twice_then_the_user_is_deleted() {
    let (iam, log, delete_user) = fake_iam(2);
    let mut report = Report::default();
    let start = std::time::Instant::now();
    remove_user(&conn(), &iam, "kim", CONFLICT_BACKOFF, &mut report)
        .await
        .unwrap();
    assert_eq!(delete_user.num_calls(), 3);
    assert_eq!(log.lock().unwrap().last(), Some(&"DeleteUser"));
    // 0.5 s, then 1 s between the attempts: long enough for IAM to catch up.
    assert!(
        start.elapsed() >= Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_lasting_delete_conflict_stops_after_five_tries_with_aws_words() {
    let (iam, _, delete_user) = fake_iam(usize::MAX);
    let mut report = Report::default();
    let quick = [Duration::from_millis(1); 4];
    let err = remove_user(&conn(), &iam, "kim", &quick, &mut report)
        .await
        .unwrap_err();
    assert_eq!(delete_user.num_calls(), 5);
    assert_eq!(err.params()["aws_code"], "DeleteConflict");
    assert!(err.to_string().contains(CONFLICT), "{err}");
}

#[test]
fn the_caller_is_recognised_by_user_name_with_or_without_a_path() {
    assert!(is_caller("arn:aws:iam::123456789012:user/kim", "kim"));
    assert!(is_caller("arn:aws:iam::123456789012:user/team/Kim", "kim"));
    assert!(!is_caller("arn:aws:iam::123456789012:user/kimberly", "kim"));
    assert!(!is_caller(
        "arn:aws:sts::123456789012:assumed-role/Admin/kim",
        "kim"
    ));
    assert!(!is_caller("arn:aws:iam::123456789012:root", "kim"));
}
