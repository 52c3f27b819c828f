//! Part 2 on moto (AMI, instance-type and key-pair validation on), in ap-northeast-2,
//! checked by independent reads: plan with its estimate, apply, a zero second plan,
//! kill-and-resume without duplicates, destroy (twice), and bad [infra] files.

use crate::support::bed::{stderr, Bed, HUSTLE};
use crate::support::proxy::Proxy;
use crate::support::{aws_env, baseline, require_keychain, sdk_config, KIM};
use aws_sdk_ec2::types::Filter;
use baseline_core::vault::{self, Kind};
use serde_json::Value;

const REGION: &str = "ap-northeast-2";
const INFRA: &str = HUSTLE;

/// The shared bed in Seoul, with moto's AMI, instance-type and key-pair validation on.
fn bed(infra: &str) -> Bed {
    Bed::new(
        None,
        infra,
        &[
            ("MOTO_ENABLE_AMI_VALIDATION", "true"),
            ("MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION", "true"),
            ("MOTO_ENABLE_KEYPAIR_VALIDATION", "true"),
        ],
    )
    .in_region(REGION)
    .forgets(&[
        (Kind::Ec2Key, "baseline-hustle"),
        (Kind::DbPassword, "baseline-hustle-db"),
    ])
}

async fn ec2(bed: &Bed) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&seoul(bed).await)
}

async fn rds(bed: &Bed) -> aws_sdk_rds::Client {
    aws_sdk_rds::Client::new(&seoul(bed).await)
}

async fn route53(bed: &Bed) -> aws_sdk_route53::Client {
    aws_sdk_route53::Client::new(&sdk_config(&bed.moto.endpoint).await)
}

async fn seoul(bed: &Bed) -> aws_config::SdkConfig {
    sdk_config(&bed.moto.endpoint)
        .await
        .into_builder()
        .region(aws_config::Region::new(REGION))
        .build()
}

fn stack_filter() -> Filter {
    Filter::builder()
        .name("tag:baseline:stack")
        .values("hustle")
        .build()
}

/// What exists of the stack, read without Baseline.
#[derive(Debug, Default)]
struct Seen {
    instances: Vec<aws_sdk_ec2::types::Instance>,
    addresses: Vec<aws_sdk_ec2::types::Address>,
    groups: Vec<aws_sdk_ec2::types::SecurityGroup>,
    keys: Vec<aws_sdk_ec2::types::KeyPairInfo>,
    databases: Vec<aws_sdk_rds::types::DbInstance>,
    zones: Vec<aws_sdk_route53::types::HostedZone>,
}

async fn seen(bed: &Bed) -> Seen {
    let ec2 = ec2(bed).await;
    let instances = ec2
        .describe_instances()
        .filters(stack_filter())
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .values("pending")
                .values("running")
                .values("stopped")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .reservations()
        .iter()
        .flat_map(|r| r.instances().to_vec())
        .collect();
    let addresses = ec2
        .describe_addresses()
        .filters(stack_filter())
        .send()
        .await
        .unwrap()
        .addresses()
        .to_vec();
    let groups = ec2
        .describe_security_groups()
        .filters(stack_filter())
        .send()
        .await
        .unwrap()
        .security_groups()
        .to_vec();
    let keys = ec2
        .describe_key_pairs()
        .filters(stack_filter())
        .include_public_key(true)
        .send()
        .await
        .unwrap()
        .key_pairs()
        .to_vec();
    let databases = rds(bed)
        .await
        .describe_db_instances()
        .send()
        .await
        .unwrap()
        .db_instances()
        .to_vec();
    let zones = route53(bed)
        .await
        .list_hosted_zones()
        .send()
        .await
        .unwrap()
        .hosted_zones()
        .to_vec();
    Seen {
        instances,
        addresses,
        groups,
        keys,
        databases,
        zones,
    }
}

fn zero(plan: &Value) -> bool {
    plan["summary"]["create"] == 0
        && plan["summary"]["update"] == 0
        && plan["summary"]["delete"] == 0
}

/// Everything the issue lists, read back independently after an apply.
async fn assert_stack(bed: &Bed) {
    let s = seen(bed).await;
    assert_eq!(s.instances.len(), 1, "one server: {:?}", s.instances);
    let i = &s.instances[0];
    let id = i.instance_id().unwrap();
    assert_eq!(
        i.metadata_options()
            .and_then(|m| m.http_tokens())
            .map(|t| t.as_str()),
        Some("required"),
        "IMDSv2 required"
    );
    let ec2 = ec2(bed).await;
    let protection = ec2
        .describe_instance_attribute()
        .instance_id(id)
        .attribute(aws_sdk_ec2::types::InstanceAttributeName::DisableApiTermination)
        .send()
        .await
        .unwrap();
    assert_eq!(
        protection.disable_api_termination().and_then(|v| v.value()),
        Some(true),
        "termination protection"
    );
    let volumes = ec2
        .describe_volumes()
        .filters(
            Filter::builder()
                .name("attachment.instance-id")
                .values(id)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert!(!volumes.volumes().is_empty());
    for v in volumes.volumes() {
        assert_eq!(v.encrypted(), Some(true), "encrypted disk");
        assert_eq!(v.size(), Some(20));
    }
    // Port 22 only from ssh_from; the web ports from everyone.
    let server_sg = s
        .groups
        .iter()
        .find(|g| g.group_name() == Some("baseline-hustle-server"))
        .expect("server group");
    let db_sg = s
        .groups
        .iter()
        .find(|g| g.group_name() == Some("baseline-hustle-db"))
        .expect("database group");
    for p in server_sg.ip_permissions() {
        if p.from_port() == Some(22) {
            let cidrs: Vec<&str> = p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).collect();
            assert_eq!(cidrs, ["203.0.113.7/32"]);
            assert!(p.ipv6_ranges().is_empty());
        } else {
            assert!([80, 443].contains(&p.from_port().unwrap()), "{p:?}");
        }
    }
    // The database admits only the server's group.
    assert_eq!(
        db_sg.ip_permissions().len(),
        1,
        "{:?}",
        db_sg.ip_permissions()
    );
    let rule = &db_sg.ip_permissions()[0];
    assert_eq!(rule.from_port(), Some(5432));
    assert!(rule.ip_ranges().is_empty() && rule.ipv6_ranges().is_empty());
    assert_eq!(
        rule.user_id_group_pairs()[0].group_id(),
        server_sg.group_id()
    );
    // The Elastic IP is on the server.
    assert_eq!(s.addresses.len(), 1);
    assert_eq!(s.addresses[0].instance_id(), Some(id));
    let ip = s.addresses[0].public_ip().unwrap().to_owned();
    // The keychain's ec2-key is the private half of the imported key pair.
    assert_eq!(s.keys.len(), 1);
    let stored = vault::read(&vault::key(&bed.account, Kind::Ec2Key, "baseline-hustle"))
        .unwrap()
        .expect("ec2-key in the keychain");
    let private = ssh_key::PrivateKey::from_openssh(stored.expose()).unwrap();
    let public = private.public_key().to_openssh().unwrap();
    let imported = s.keys[0].public_key().unwrap();
    let material = |line: &str| {
        line.split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(material(&public), material(imported));
    // One private, encrypted, protected database with its password in the keychain.
    let dbs: Vec<_> = s
        .databases
        .iter()
        .filter(|d| d.db_instance_identifier() == Some("baseline-hustle-db"))
        .collect();
    assert_eq!(dbs.len(), 1);
    let db = dbs[0];
    assert_eq!(db.publicly_accessible(), Some(false));
    assert_eq!(db.storage_encrypted(), Some(true));
    assert_eq!(db.deletion_protection(), Some(true));
    assert_eq!(db.backup_retention_period(), Some(7));
    assert_eq!(
        db.vpc_security_groups()[0].vpc_security_group_id(),
        db_sg.group_id()
    );
    let password = vault::read(&vault::key(
        &bed.account,
        Kind::DbPassword,
        "baseline-hustle-db",
    ))
    .unwrap()
    .expect("db-password in the keychain");
    assert!(password.expose().len() >= 32);
    // One zone, its A record on the Elastic IP.
    let zones: Vec<_> = s
        .zones
        .iter()
        .filter(|z| z.name() == "hustle.example.")
        .collect();
    assert_eq!(zones.len(), 1, "{:?}", s.zones);
    let records = route53(bed)
        .await
        .list_resource_record_sets()
        .hosted_zone_id(zones[0].id())
        .send()
        .await
        .unwrap();
    let a = records
        .resource_record_sets()
        .iter()
        .find(|r| r.name().trim_end_matches('.') == "hustle.example" && r.r#type().as_str() == "A")
        .expect("A record at the apex");
    assert_eq!(a.resource_records()[0].value(), ip);
    let www = records
        .resource_record_sets()
        .iter()
        .find(|r| r.name().trim_end_matches('.') == "www.hustle.example")
        .expect("www record");
    assert_eq!(www.r#type().as_str(), "CNAME");
}

async fn the_server_database_and_domain_are_made_checked_and_removed() {
    require_keychain();
    let bed = bed(&format!("{INFRA}{KIM}"));
    let (out, plan) = bed.run(&["plan", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let est = &plan["estimate"];
    assert!(est["monthly_usd"].as_f64().unwrap() > 10.0, "{est}");
    assert_eq!(est["prices_as_of"].as_str().unwrap().len(), 7);
    let ids: Vec<&str> = est["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    for want in [
        "infra:server",
        "infra:disk",
        "infra:public-ip",
        "infra:database",
        "infra:zone",
    ] {
        assert!(ids.contains(&want), "{want} in {ids:?}");
    }
    // Nothing was made by the plan.
    assert_eq!(seen(&bed).await.instances.len(), 0);

    let (out, report) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}\n{report}", stderr(&out));
    assert_eq!(report["failed"], 0, "{report}");
    assert_stack(&bed).await;

    let (out, again) = bed.run(&["plan", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(zero(&again), "second plan: {:#}", again["changes"]);

    // Bigger disks grow in place; the plan after that is empty again.
    let text = std::fs::read_to_string(&bed.team).unwrap();
    std::fs::write(
        &bed.team,
        text.replace("disk_gb = 20", "disk_gb = 30")
            .replace("version = \"16\"", "version = \"16\"\nstorage_gb = 40"),
    )
    .unwrap();
    let (_, grow) = bed.run(&["plan", "--json"]);
    let ids: Vec<&str> = grow["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["infra:disk", "infra:database"], "{grow:#}");
    let (out, report) = bed.run(&["apply", "--yes", "--json"]);
    assert!(out.status.success(), "{}\n{report}", stderr(&out));
    let (_, again) = bed.run(&["plan", "--json"]);
    assert!(zero(&again), "after growing: {:#}", again["changes"]);

    // The status carries Part 2: checks and the connection card.
    let (out, status) = bed.run(&["status", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let items = status["infra"]["items"].as_array().unwrap();
    let state = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["state"].as_str().unwrap().to_owned())
    };
    for id in [
        "infra_server_running",
        "infra_imds_v2",
        "infra_ssh_not_world",
        "infra_static_ip",
        "infra_key_stored",
        "infra_db_available",
        "infra_db_private",
        "infra_db_encrypted",
        "infra_db_protected",
        "infra_db_backups",
        "infra_db_password_stored",
        "infra_zone",
        "infra_a_record",
    ] {
        assert_eq!(state(id).as_deref(), Some("done"), "{id}: {items:#?}");
    }
    let ssh = status["infra"]["card"]["ssh"].as_str().unwrap();
    assert!(
        ssh.starts_with("ssh -i ~/.ssh/baseline-hustle ec2-user@"),
        "{ssh}"
    );

    // The key reaches a file of the user's choosing, 0600, never under BASELINE_HOME.
    let outside = tempfile::tempdir().unwrap();
    let key_file = outside.path().join("hustle.pem");
    let (out, _) = bed.run(&["ssh-key", "--out", key_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(std::fs::read_to_string(&key_file)
        .unwrap()
        .contains("OPENSSH PRIVATE KEY"));
    let inside = bed.home.path().join("key.pem");
    let (out, _) = bed.run(&["ssh-key", "--out", inside.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!inside.exists());

    // The server key and the database password reach a named member in the age file.
    let phrase = outside.path().join("phrase.txt");
    std::fs::write(&phrase, "correct horse battery staple\n").unwrap();
    let sealed = outside.path().join("kim.age");
    let out = baseline(bed.home.path(), &aws_env(&bed.moto.endpoint))
        .args([
            "handoff",
            "kim.backend",
            "--with-server",
            "--lang",
            "ko",
            "--passphrase-file",
        ])
        .arg(&phrase)
        .arg("--out")
        .arg(&sealed)
        .arg("--team")
        .arg(&bed.team)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = open_age(&sealed, "correct horse battery staple");
    let key = vault::read(&vault::key(&bed.account, Kind::Ec2Key, "baseline-hustle"))
        .unwrap()
        .unwrap();
    let pw = vault::read(&vault::key(
        &bed.account,
        Kind::DbPassword,
        "baseline-hustle-db",
    ))
    .unwrap()
    .unwrap();
    assert!(
        plain.contains(key.expose().trim()),
        "the private key is in the file"
    );
    assert!(
        plain.contains(pw.expose()),
        "the DB password is in the file"
    );
    assert!(
        plain.contains("ssh -i ~/.ssh/baseline-hustle ec2-user@"),
        "{plain}"
    );
    let journal =
        std::fs::read_to_string(bed.home.path().join("journal.jsonl")).unwrap_or_default();
    assert!(
        journal.contains("handoff_server"),
        "recorded in the journal"
    );
    assert!(!journal.contains(pw.expose()));

    // Teardown: only the final snapshot and the zone stay; a second run is clean.
    let (out, report) = bed.run(&["destroy", "--yes", "--json"]);
    assert!(out.status.success(), "{}\n{report}", stderr(&out));
    let s = seen(&bed).await;
    assert!(s.instances.is_empty(), "{:?}", s.instances);
    assert!(s.addresses.is_empty(), "{:?}\n{report:#}", s.addresses);
    assert!(s.groups.is_empty(), "{:?}\n{report:#}", s.groups);
    assert!(s.keys.is_empty(), "{:?}\n{report:#}", s.keys);
    assert!(s
        .databases
        .iter()
        .all(|d| d.db_instance_identifier() != Some("baseline-hustle-db")));
    assert_eq!(s.zones.len(), 1, "the zone stays without --include-dns");
    let snapshots = rds(&bed)
        .await
        .describe_db_snapshots()
        .send()
        .await
        .unwrap();
    assert!(
        snapshots.db_snapshots().iter().any(|s| s
            .db_snapshot_identifier()
            .unwrap_or("")
            .starts_with("baseline-hustle-db-final-")),
        "a final snapshot"
    );
    assert!(
        vault::read(&vault::key(&bed.account, Kind::Ec2Key, "baseline-hustle"))
            .unwrap()
            .is_none()
    );
    assert!(
        vault::read(&vault::key(
            &bed.account,
            Kind::DbPassword,
            "baseline-hustle-db"
        ))
        .unwrap()
        .is_some(),
        "the password opens the snapshot: kept"
    );
    let (out, report) = bed.run(&["destroy", "--yes", "--json"]);
    assert!(out.status.success(), "{}\n{report}", stderr(&out));
    assert_eq!(report["failed"], 0);
    let (out, report) = bed.run(&["destroy", "--include-dns", "--yes", "--json"]);
    assert!(out.status.success(), "{}\n{report}", stderr(&out));
    let s = seen(&bed).await;
    assert!(s.zones.is_empty(), "--include-dns removes the zone");
}

async fn an_apply_killed_midway_finishes_with_one_of_each() {
    require_keychain();
    for n in [9, 22] {
        let bed = bed(INFRA);
        let proxy = Proxy::start(&bed.moto.endpoint);
        let mut child = baseline(bed.home.path(), &aws_env(&proxy.endpoint))
            .args(["apply", "--yes", "--json", "--team"])
            .arg(&bed.team)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        proxy.kill_after(n, child.id());
        let status = child.wait().unwrap();
        assert!(!status.success(), "killed after {n} calls");
        proxy.disarm();
        let (out, report) = bed.run(&["apply", "--yes", "--json"]);
        assert!(
            out.status.success(),
            "resume after {n}: {}\n{report}",
            stderr(&out)
        );
        assert_eq!(report["failed"], 0, "{report}");
        assert_stack(&bed).await;
        let (_, again) = bed.run(&["plan", "--json"]);
        assert!(zero(&again), "after {n}: {:#}", again["changes"]);
    }
}

async fn bad_infra_files_exit_2_and_make_nothing() {
    for (bad, field) in [
        ("[infra]\nname = \"hustle\"\n[infra.database]\nengine = \"postgres\"\n", "infra.database"),
        (
            "[infra]\nname = \"hustle\"\n[infra.server]\n[infra.dns]\ndomain = \"hustle.example\"\nrecords = [{ name = \"@\", type = \"CNAME\", to = \"www.example.com\" }]\n",
            "infra.dns.records[0]",
        ),
        ("[infra]\nname = \"hustle\"\n[infra.server]\nssh_from = [\"203.0.113.7/24\"]\n", "infra.server.ssh_from[0]"),
        ("[infra]\nname = \"hustle\"\n[infra.server]\nsize = 3\n", ""),
    ] {
        let bed = bed(bad);
        let (out, _) = bed.run(&["apply", "--yes", "--json"]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains(field), "{field} in {}", stderr(&out));
        let s = seen(&bed).await;
        assert!(s.instances.is_empty() && s.groups.is_empty() && s.keys.is_empty());
    }
}

fn open_age(path: &std::path::Path, phrase: &str) -> String {
    use std::io::Read;
    let armored = std::fs::read(path).unwrap();
    let reader = age::armor::ArmoredReader::new(&armored[..]);
    let decryptor = age::Decryptor::new(reader).unwrap();
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(phrase.to_owned()));
    let mut plain = String::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut plain)
        .unwrap();
    plain
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(Keychain, async the_server_database_and_domain_are_made_checked_and_removed),
        crate::trial!(Keychain, async an_apply_killed_midway_finishes_with_one_of_each),
        crate::trial!(Nothing, async bad_infra_files_exit_2_and_make_nothing),
    ]
}
