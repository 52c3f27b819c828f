//! The vault against the real Secret Service (gnome-keyring in a private D-Bus session).

use crate::support::require_keychain;
use baseline_core::vault::{self, Kind, Secret};
use std::process::Command;

fn secret_tool_lookup(key: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", vault::SERVICE, "username", key])
        .output()
        .expect("run secret-tool (package libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn secrets_round_trip_through_the_secret_service() {
    require_keychain();
    let account = format!("9{:011}", std::process::id());
    let key = vault::key(&account, Kind::ConsolePassword, "kim.backend");
    let value = format!("T3st-{}-pässwörd", std::process::id());

    assert!(
        vault::read(&key).unwrap().is_none(),
        "not found is None, not an error"
    );
    vault::store(&key, &Secret::new(value.clone())).unwrap();
    assert_eq!(vault::read(&key).unwrap().unwrap().expose(), value);
    // Stored in the daemon itself, readable by the standard tool under the documented name.
    assert_eq!(secret_tool_lookup(&key).as_deref(), Some(value.as_str()));

    vault::store(&key, &Secret::new("replaced")).unwrap();
    assert_eq!(vault::read(&key).unwrap().unwrap().expose(), "replaced");

    assert!(vault::delete(&key).unwrap());
    assert!(vault::read(&key).unwrap().is_none());
    assert!(secret_tool_lookup(&key).is_none());
    assert!(
        !vault::delete(&key).unwrap(),
        "deleting a missing secret is not an error"
    );
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Keychain,
        secrets_round_trip_through_the_secret_service
    )]
}
