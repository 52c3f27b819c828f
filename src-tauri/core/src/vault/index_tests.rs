use super::*;

#[test]
fn entries_are_recorded_handed_off_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let e = record(
        dir.path(),
        "1",
        Kind::RootPassword,
        "root",
        Some("recovery: a@b.co"),
    )
    .unwrap();
    record(dir.path(), "2", Kind::ConsolePassword, "kim", None).unwrap();
    assert_eq!(for_account(dir.path(), "1").unwrap(), vec![e.clone()]);
    assert!(mark_handed_off(dir.path(), &e.key, HandoffMethod::Sheet).unwrap());
    let got = &for_account(dir.path(), "1").unwrap()[0];
    assert_eq!(
        got.handed_off.as_ref().unwrap().method,
        HandoffMethod::Sheet
    );
    // Storing a new value resets the handoff.
    record(dir.path(), "1", Kind::RootPassword, "root", None).unwrap();
    assert!(for_account(dir.path(), "1").unwrap()[0]
        .handed_off
        .is_none());
    remove(dir.path(), &e.key).unwrap();
    assert!(for_account(dir.path(), "1").unwrap().is_empty());
    assert_eq!(load(dir.path()).unwrap().len(), 1);
}

fn corrupt(home: &Path) {
    std::fs::write(home.join("secrets.json"), b"[{\"key\": \"1/console-pass").unwrap();
}

fn set_aside_files(home: &Path) -> Vec<String> {
    std::fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("secrets.json.corrupt-"))
        .collect()
}

#[test]
fn one_unreadable_entry_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let kim = record(home, "1", Kind::ConsolePassword, "kim", None).unwrap();
    assert!(mark_handed_off(home, &kim.key, HandoffMethod::Sheet).unwrap());
    // An entry of a kind this version does not know (a newer Baseline, a hand edit).
    let text = std::fs::read_to_string(path(home)).unwrap();
    let mut values: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut future = values[0].clone();
    future["kind"] = "hardware-token".into();
    future["key"] = "1/hardware-token/kim".into();
    values.push(future);
    std::fs::write(path(home), serde_json::to_vec(&values).unwrap()).unwrap();

    let got = for_account(home, "1").unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].handed_off.as_ref().unwrap().method,
        HandoffMethod::Sheet
    );
    let kept = || {
        std::fs::read_dir(home)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy()
                    .starts_with("secrets.json.unreadable-")
            })
            .count()
    };
    assert_eq!(kept(), 1, "the whole file is kept aside");
    // Written back without it: the next read is clean and keeps nothing more.
    assert_eq!(for_account(home, "1").unwrap(), got);
    assert_eq!(kept(), 1);
}

#[test]
fn a_corrupt_index_is_set_aside_and_everything_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    corrupt(home);
    assert_eq!(load(home).unwrap(), vec![]);
    let aside = set_aside_files(home);
    assert_eq!(aside.len(), 1, "the broken copy is kept for inspection");
    assert_eq!(
        std::fs::read(home.join(&aside[0])).unwrap(),
        b"[{\"key\": \"1/console-pass"
    );

    corrupt(home);
    assert!(for_account(home, "1").unwrap().is_empty());
    corrupt(home);
    let e = record(home, "1", Kind::ConsolePassword, "kim", None).unwrap();
    assert_eq!(for_account(home, "1").unwrap(), vec![e]);
    assert!(set_aside_files(home).len() >= 2);
}

#[cfg(unix)]
#[test]
fn the_index_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("baseline");
    record(&home, "1", Kind::RootPassword, "root", None).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&home), 0o700);
    assert_eq!(mode(&home.join("secrets.json")), 0o600);
}

#[test]
fn rebuild_re_adds_what_the_keychain_holds() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    corrupt(home);
    let in_keychain = [
        "1/console-password/kim",
        "1/console-password/lee",
        "1/root-password/root",
    ];
    let mut probed = Vec::new();
    let users = ["kim".to_owned(), "lee".to_owned(), "park".to_owned()];
    let added = rebuild_with(home, "1", &users, |key| {
        probed.push(key.to_owned());
        Ok(in_keychain.contains(&key))
    })
    .unwrap();
    let keys: Vec<_> = added.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, in_keychain);
    assert!(probed.contains(&"1/mailbox-password/mailbox".to_owned()));
    assert_eq!(for_account(home, "1").unwrap(), added);

    // Known entries keep their handoff; a second run adds nothing.
    assert!(mark_handed_off(home, "1/console-password/lee", HandoffMethod::Sheet).unwrap());
    let again = rebuild_with(home, "1", &users, |key| Ok(in_keychain.contains(&key))).unwrap();
    assert!(again.is_empty());
    let now = for_account(home, "1").unwrap();
    assert_eq!(now.len(), 3);
    assert!(now[1].handed_off.is_some());
}
