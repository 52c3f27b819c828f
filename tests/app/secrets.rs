//! Secrets after apply: the index lists them without values, the handoff file opens with
//! the reference `age` tool, and no secret leaks into files or output.

use crate::support::bed::{stderr, Bed};
use crate::support::{aws_env, baseline, require_keychain, KIM};
use baseline_core::vault::{self, Kind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A starter team with one console member, applied.
fn applied() -> Bed {
    let bed =
        Bed::new(Some("hustle-dev"), KIM, &[]).forgets(&[(Kind::ConsolePassword, "kim.backend")]);
    let (out, _) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    bed
}

/// What these tests ask of the bed's member, kim.backend.
impl Bed {
    fn password(&self) -> String {
        let key = vault::key(&self.account, Kind::ConsolePassword, "kim.backend");
        vault::read(&key)
            .unwrap()
            .expect("stored by apply")
            .expose()
            .to_owned()
    }

    fn handoff(&self, recipient: &[&str], out: &Path) -> Output {
        let mut cmd = baseline(self.home.path(), &aws_env(&self.moto.endpoint));
        cmd.args(["handoff", "kim.backend", "--lang", "ko", "--team"])
            .arg(&self.team)
            .args(recipient)
            .arg("--out")
            .arg(out);
        cmd.output().unwrap()
    }
}

fn ssh_key(dir: &Path, kind: &str) -> PathBuf {
    let path = dir.join(format!("id_{kind}"));
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", "", "-C", "kim@laptop", "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen (package openssh-client)");
    assert!(status.success());
    path
}

fn the_handoff_file_opens_with_the_reference_age_tool() {
    require_keychain();
    let bed = applied();
    let (out, list) = bed.run_bare(&["secret", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(list[0]["kind"], "console-password");
    assert_eq!(list[0]["name"], "kim.backend");
    assert_eq!(list[0]["handed_off"], Value::Null);
    let password = bed.password();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&password),
        "the list never shows values"
    );

    let dir = tempfile::tempdir().unwrap();
    for kind in ["ed25519", "rsa"] {
        let key = ssh_key(dir.path(), kind);
        let sealed = dir.path().join(format!("kim-{kind}.age"));
        let pubkey = format!("{}.pub", key.display());
        let out = bed.handoff(&["--age-recipient", &pubkey], &sealed);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = std::fs::read_to_string(&sealed).unwrap();
        assert!(file.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(!file.contains(&password));
        // The member's side: Debian's age with their private key.
        let opened = Command::new("age")
            .arg("--decrypt")
            .arg("-i")
            .arg(&key)
            .arg(&sealed)
            .output()
            .expect("age (package age)");
        assert!(
            opened.status.success(),
            "{}",
            String::from_utf8_lossy(&opened.stderr)
        );
        let text = String::from_utf8(opened.stdout).unwrap();
        assert!(
            text.contains(&format!("임시 비밀번호: {password}")),
            "{text}"
        );
        assert!(text.contains("https://hustle-dev.signin.aws.amazon.com/console"));
        assert!(text.contains("사용자 이름: kim.backend"));
    }
    let (_, list) = bed.run_bare(&["secret", "list", "--json"]);
    assert_eq!(
        list[0]["handed_off"]["method"], "age-ssh",
        "the handoff is recorded"
    );

    // No file Baseline keeps, and no output of the runs, holds the password.
    for entry in std::fs::read_dir(bed.home.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(&password),
                "{} holds the password",
                path.display()
            );
        }
    }
}

fn a_passphrase_file_opens_with_the_passphrase_and_bad_recipients_write_nothing() {
    require_keychain();
    let bed = applied();
    let dir = tempfile::tempdir().unwrap();
    let phrase = dir.path().join("phrase.txt");
    std::fs::write(&phrase, "correct horse battery staple\n").unwrap();
    let sealed = dir.path().join("kim.age");
    let out = bed.handoff(&["--passphrase-file", phrase.to_str().unwrap()], &sealed);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let armored = std::fs::read(&sealed).unwrap();
    let reader = age::armor::ArmoredReader::new(&armored[..]);
    let decryptor = age::Decryptor::new(reader).unwrap();
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(
        "correct horse battery staple".to_owned(),
    ));
    let mut plain = String::new();
    std::io::Read::read_to_string(
        &mut decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap(),
        &mut plain,
    )
    .unwrap();
    assert!(plain.contains(&bed.password()));

    let bad = dir.path().join("bad.age");
    let out = bed.handoff(&["--age-recipient", "ssh-dss AAAAB3NzaC1kc3MAAACB"], &bad);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!bad.exists(), "nothing written for a bad recipient");
    let out = bed.handoff(&["--passphrase-file", "/nonexistent/phrase"], &bad);
    assert_ne!(out.status.code(), Some(0));
    assert!(!bad.exists());
}

fn reset_stores_a_new_password_first_and_retire_deletes_it_with_a_record() {
    require_keychain();
    let bed = applied();
    let before = bed.password();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let config = rt.block_on(crate::support::sdk_config(&bed.moto.endpoint));
    let conn = baseline_core::aws::Connection::from_config(config.clone());
    let team = baseline_core::team::Team::load(&bed.team).unwrap();
    rt.block_on(baseline_core::access::reset_password(
        &conn,
        bed.home.path(),
        &team,
        "kim.backend",
    ))
    .unwrap();
    let after = bed.password();
    assert_ne!(before, after, "a new temporary password is in the keychain");
    let profile = rt.block_on(async {
        aws_sdk_iam::Client::new(&config)
            .get_login_profile()
            .user_name("kim.backend")
            .send()
            .await
            .unwrap()
    });
    assert!(
        profile.login_profile().unwrap().password_reset_required(),
        "reset required at next sign-in"
    );

    // Nobody signed in on the emulator: nothing to retire yet.
    let found = rt
        .block_on(baseline_core::access::retirable(
            &conn,
            bed.home.path(),
            &bed.account,
        ))
        .unwrap();
    assert!(found.is_empty(), "{found:?}");
    // The lead retires it by hand: gone from the keychain and the index, recorded.
    let n = rt
        .block_on(baseline_core::access::retire(
            bed.home.path(),
            &bed.account,
            &["kim.backend".to_owned()],
        ))
        .unwrap();
    assert_eq!(n, 1);
    let key = vault::key(&bed.account, Kind::ConsolePassword, "kim.backend");
    assert!(vault::read(&key).unwrap().is_none());
    assert!(vault::index::for_account(bed.home.path(), &bed.account)
        .unwrap()
        .is_empty());
    let journal = std::fs::read_to_string(bed.home.path().join("journal.jsonl")).unwrap();
    assert!(
        journal.contains("\"kind\":\"retire\"") && journal.contains("\"kind\":\"reset_password\"")
    );
    assert!(!journal.contains(&before) && !journal.contains(&after));
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(Keychain, the_handoff_file_opens_with_the_reference_age_tool),
        crate::trial!(
            Keychain,
            a_passphrase_file_opens_with_the_passphrase_and_bad_recipients_write_nothing
        ),
        crate::trial!(
            Keychain,
            reset_stores_a_new_password_first_and_retire_deletes_it_with_a_record
        ),
    ]
}
