//! The first hour: passwords made before the account exists, and audit findings fixed
//! from Baseline (CIS 1.17's support role).

use crate::support::{baseline, require_keychain, sdk_config, unique_account, Moto};
use baseline_core::vault::{self, index, Kind, Secret};
use serde_json::Value;

fn the_support_role_is_made_once_and_the_audit_passes_it() {
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let audit = |home: &std::path::Path| -> Value {
        let out = baseline(home, &moto.env())
            .args(["audit", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let check = |a: &Value| {
        a["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cis"] == "1.17")
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(check(&audit(home.path())), "fail");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let config = sdk_config(&moto.endpoint).await;
        let conn = baseline_core::aws::Connection::from_config(config.clone());
        for _ in 0..2 {
            let role = baseline_core::support_role::ensure(&conn).await.unwrap();
            assert_eq!(role, "BaselineAWSSupport");
        }
        let iam = aws_sdk_iam::Client::new(&config);
        let attached = iam
            .list_attached_role_policies()
            .role_name("BaselineAWSSupport")
            .send()
            .await
            .unwrap();
        let names: Vec<_> = attached
            .attached_policies()
            .iter()
            .filter_map(|p| p.policy_name())
            .collect();
        assert_eq!(names, vec!["AWSSupportAccess"]);
    });
    assert_eq!(check(&audit(home.path())), "pass");
}

fn passwords_made_before_the_account_existed_move_to_its_names() {
    require_keychain();
    let account = unique_account();
    let home = tempfile::tempdir().unwrap();
    let old = vault::key(vault::SETUP_ACCOUNT, Kind::RootPassword, "root");
    vault::store(&old, &Secret::new("Root-Passw0rd-for-setup!")).unwrap();
    index::record(
        home.path(),
        vault::SETUP_ACCOUNT,
        Kind::RootPassword,
        "root",
        Some("root of the new account"),
    )
    .unwrap();
    assert_eq!(vault::adopt_setup(home.path(), &account).unwrap(), 1);
    let new = vault::key(&account, Kind::RootPassword, "root");
    assert_eq!(
        vault::read(&new).unwrap().unwrap().expose(),
        "Root-Passw0rd-for-setup!"
    );
    assert!(vault::read(&old).unwrap().is_none());
    let entries = index::for_account(home.path(), &account).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].note.as_deref(), Some("root of the new account"));
    assert!(index::for_account(home.path(), vault::SETUP_ACCOUNT)
        .unwrap()
        .is_empty());
    // Nothing left to move: a second login changes nothing.
    assert_eq!(vault::adopt_setup(home.path(), &account).unwrap(), 0);
    // A setup password whose place is taken by another value is neither moved nor lost.
    vault::store(&old, &Secret::new("A-different-root-password!")).unwrap();
    index::record(
        home.path(),
        vault::SETUP_ACCOUNT,
        Kind::RootPassword,
        "root",
        None,
    )
    .unwrap();
    assert_eq!(vault::adopt_setup(home.path(), &account).unwrap(), 0);
    assert_eq!(
        vault::read(&old).unwrap().unwrap().expose(),
        "A-different-root-password!"
    );
    assert_eq!(
        vault::read(&new).unwrap().unwrap().expose(),
        "Root-Passw0rd-for-setup!"
    );
    vault::delete(&old).unwrap();
    vault::delete(&new).unwrap();
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(
            Nothing,
            the_support_role_is_made_once_and_the_audit_passes_it
        ),
        crate::trial!(
            Keychain,
            passwords_made_before_the_account_existed_move_to_its_names
        ),
    ]
}
