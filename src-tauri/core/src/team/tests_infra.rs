//! `[infra]`: the architecture page's example, then one test per rule.

use super::infra::{Engine, PasswordMode, RecordType};
use super::validate_dns::valid_domain;
use super::validate_infra::{class_offered, looks_like_instance_type, parse_cidr, Cidr};
use super::*;

/// The architecture page's Part 2 example, verbatim after `version = 1`.
const INFRA: &str = r#"version = 1

[account]
home_region = "ap-northeast-2"   # the region of everything under [infra] (billing stays in us-east-1)

[infra]                          # optional; absent = no Part 2 resources
name = "hustle"                  # ^[a-z][a-z0-9-]{1,20}$ ; every resource is tagged
                                 # baseline:managed=true and baseline:stack=<name>
protect = true                   # optional, default true: EC2 termination protection, RDS deletion protection

[infra.server]                   # one EC2 instance in the region's default VPC
instance_type = "t3.micro"       # optional, default "t3.micro"
disk_gb = 20                     # optional, 8..=1000; gp3, encrypted, deleted with the instance
ssh_from = ["203.0.113.7/32"]    # CIDRs that may reach port 22; [] = no SSH rule.
                                 # 0.0.0.0/0 or ::/0 is allowed only as a risky change
open_ports = [80, 443]           # optional, default [80, 443]; open to everyone (IPv4 + IPv6)
static_ip = true                 # optional, default true: an Elastic IP associated with the server

[infra.database]                 # optional; needs [infra.server]. Never publicly accessible:
                                 # its security group admits only the server's security group
engine = "postgres"              # "postgres" | "mysql" | "mariadb"
version = "16"                   # optional major version
instance_class = "db.t4g.micro"  # optional, default "db.t4g.micro"
storage_gb = 20                  # optional, 20..=1000; gp3, encrypted
backup_days = 7                  # optional, 0..=35, default 7
final_snapshot = true            # optional, default true: destroy keeps a uniquely named final snapshot
password = "keychain"            # optional: "keychain" (default: generated, stored, then sent)
                                 # or "aws-managed" (RDS keeps it in Secrets Manager)

[infra.dns]                      # optional; a domain bought at an outside registrar
domain = "hustle.co.kr"
registrar = "gabia"              # optional: "gabia" | "other" — which name-server guide to show
records = [                      # optional; this is the default
  { name = "@",   type = "A",     to = "server" },   # the server's (Elastic) IP
  { name = "www", type = "CNAME", to = "@" },
]                                # a CNAME at "@" is invalid (DNS forbids it)
"#;

fn problems(text: &str) -> Vec<Problem> {
    match Team::parse("team.toml", text) {
        Err(Error::InvalidTeam { problems, .. }) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

fn one(text: &str) -> Problem {
    let mut all = problems(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

/// The example with one line replaced (the line must be there).
fn with(from: &str, to: &str) -> String {
    assert!(INFRA.contains(from), "{from}");
    INFRA.replacen(from, to, 1)
}

fn ok(text: &str) -> Team {
    Team::parse("team.toml", text).unwrap_or_else(|e| panic!("{e:?}"))
}

const RECORDS: &str = r#"  { name = "@",   type = "A",     to = "server" },   # the server's (Elastic) IP
  { name = "www", type = "CNAME", to = "@" },
"#;

fn with_records(records: &[&str]) -> String {
    let lines: String = records.iter().map(|r| format!("  {r},\n")).collect();
    with(RECORDS, &lines)
}

#[test]
fn the_architecture_example_parses_with_its_defaults() {
    let team = ok(INFRA);
    let infra = team.infra.unwrap();
    assert_eq!(infra.name, "hustle");
    assert!(infra.protect);
    let server = infra.server.unwrap();
    assert_eq!(server.instance_type, "t3.micro");
    assert_eq!(server.open_ports, vec![80, 443]);
    let db = infra.database.unwrap();
    assert_eq!(db.engine, Engine::Postgres);
    assert_eq!(db.password, PasswordMode::Keychain);
    let dns = infra.dns.unwrap();
    assert_eq!(dns.records.len(), 2);
    assert_eq!(dns.records[1].kind, RecordType::CNAME);
    // The least that is valid: a name.
    let bare =
        ok("version = 1\n[infra]\nname = \"hi\"\n[infra.server]\n[infra.dns]\ndomain = \"a.io\"\n");
    assert_eq!(bare.infra.unwrap().server.unwrap().disk_gb, 20);
}

#[test]
fn unknown_key_under_server_names_its_line() {
    let p = one(&with("static_ip = true", "static_ip = true\npublic = true"));
    assert_eq!(p.code, "syntax");
    assert!(p.message.contains("public"), "{p:?}");
    assert_eq!(p.line, Some(18));
}

#[test]
fn stack_name() {
    for bad in [
        "Hustle",
        "h",
        "1hustle",
        "hustle_app",
        "a-very-long-stack-name-x",
        // RDS identifiers refuse both: the database would fail after the server exists.
        "hustle-",
        "hus--tle",
    ] {
        let p = one(&with(r#"name = "hustle""#, &format!("name = \"{bad}\"")));
        assert_eq!(
            (p.code, p.field.as_str(), p.line),
            ("infra_name", "infra.name", Some(7)),
            "{bad}"
        );
    }
    ok(&with(
        r#"name = "hustle""#,
        r#"name = "a-stack-name-21-chars""#,
    ));
}

#[test]
fn instance_type_shape() {
    for good in [
        "t3.micro",
        "t4g.small",
        "m7i.large",
        "m7i-flex.large",
        "c6gd.2xlarge",
        "m5.metal",
        "t3a.nano",
    ] {
        assert!(looks_like_instance_type(good), "{good}");
    }
    for bad in [
        "T3.micro",
        "t3",
        "t3.",
        ".micro",
        "t3.huge",
        "t.micro",
        "3t.micro",
        "t3.0xlarge",
        "db.t3.micro",
        "t3-.micro",
    ] {
        assert!(!looks_like_instance_type(bad), "{bad}");
    }
    let p = one(&with(
        r#"instance_type = "t3.micro""#,
        r#"instance_type = "T3.Micro""#,
    ));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("instance_type", "infra.server.instance_type", Some(12))
    );
}

#[test]
fn disk_size() {
    let p = one(&with("disk_gb = 20", "disk_gb = 4"));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("range", "infra.server.disk_gb", Some(13))
    );
    assert_eq!(
        (p.params["min"].as_str(), p.params["max"].as_str()),
        ("8", "1000")
    );
    one(&with("disk_gb = 20", "disk_gb = 1001"));
    ok(&with("disk_gb = 20", "disk_gb = 1000"));
}

#[test]
fn ssh_from_cidrs() {
    let p = one(&with(
        r#"["203.0.113.7/32"]"#,
        r#"["198.51.100.0/24", "203.0.113.7/24"]"#,
    ));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("cidr_host_bits", "infra.server.ssh_from[1]", Some(14))
    );
    assert_eq!(p.params["suggest"], "203.0.113.0/24");
    let p = one(&with(r#"["203.0.113.7/32"]"#, r#"["203.0.113.7"]"#));
    assert_eq!(
        (p.code, p.params["suggest"].as_str()),
        ("cidr_no_prefix", "203.0.113.7/32")
    );
    for bad in [
        "203.0.113.7/33",
        "203.0.113/24",
        "example.com/32",
        "10.0.0.0/+8",
        "2001:db8::/129",
        "",
    ] {
        let p = one(&with(r#"["203.0.113.7/32"]"#, &format!("[\"{bad}\"]")));
        assert_eq!(
            (p.code, p.field.as_str()),
            ("cidr", "infra.server.ssh_from[0]"),
            "{bad}"
        );
    }
    assert_eq!(
        parse_cidr("2001:db8::1/32"),
        Cidr::HostBits("2001:db8::/32".into())
    );
    assert_eq!(
        parse_cidr("2001:db8::1"),
        Cidr::NoPrefix("2001:db8::1/128".into())
    );
    assert_eq!(
        parse_cidr("0.0.0.0/0"),
        Cidr::Valid("0.0.0.0".parse().unwrap(), 0)
    );
    assert_eq!(parse_cidr("10.1.2.3/0"), Cidr::HostBits("0.0.0.0/0".into()));
    // Everyone is a risky change for the plan to flag, not an invalid file.
    ok(&with(
        r#"["203.0.113.7/32"]"#,
        r#"["0.0.0.0/0", "::/0", "2001:db8::/32"]"#,
    ));
    ok(&with(r#"["203.0.113.7/32"]"#, "[]"));
}

#[test]
fn duplicate_cidrs_and_ports() {
    let p = one(&with(
        r#"["203.0.113.7/32"]"#,
        r#"["203.0.113.7/32", "2001:db8::/32", "2001:DB8::/32"]"#,
    ));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("duplicate_cidr", "infra.server.ssh_from[2]")
    );
    let p = one(&with(
        "open_ports = [80, 443]",
        "open_ports = [80, 443, 80]",
    ));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("duplicate_port", "infra.server.open_ports[2]", Some(16))
    );
}

#[test]
fn open_ports() {
    let p = one(&with("open_ports = [80, 443]", "open_ports = [80, 22]"));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("ssh_port_open", "infra.server.open_ports[1]")
    );
    assert!(p.message.contains("ssh_from"), "{p:?}");
    for bad in [0, 65536, -1] {
        let p = one(&with(
            "open_ports = [80, 443]",
            &format!("open_ports = [{bad}]"),
        ));
        assert_eq!(
            (p.code, p.field.as_str()),
            ("range", "infra.server.open_ports[0]"),
            "{bad}"
        );
    }
    let eleven: Vec<String> = (8000..8011).map(|p| p.to_string()).collect();
    let p = one(&with(
        "open_ports = [80, 443]",
        &format!("open_ports = [{}]", eleven.join(", ")),
    ));
    assert_eq!((p.code, p.params["max"].as_str()), ("too_many_ports", "10"));
    ok(&with(
        "open_ports = [80, 443]",
        &format!("open_ports = [{}]", eleven[..10].join(", ")),
    ));
    ok(&with("open_ports = [80, 443]", "open_ports = []"));
}

#[test]
fn a_database_needs_the_server() {
    let start = INFRA.find("[infra.server]").unwrap();
    let end = INFRA.find("[infra.database]").unwrap();
    let text = format!("{}{}", &INFRA[..start], &INFRA[end..])
        .replace(r#"to = "server""#, r#"to = "203.0.113.10""#);
    let p = one(&text);
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("database_needs_server", "infra.database", Some(11))
    );
}

#[test]
fn database_class() {
    for bad in ["t4g.micro", "db.t4g", "db.T4g.micro", "rds.t4g.micro"] {
        let p = one(&with(r#""db.t4g.micro"  #"#, &format!("\"{bad}\" #")));
        assert_eq!(
            (p.code, p.field.as_str(), p.line),
            ("db_class", "infra.database.instance_class", Some(23)),
            "{bad}"
        );
    }
    ok(&with(r#""db.t4g.micro"  #"#, r#""db.m7g.large" #"#));
}

#[test]
fn database_class_and_engine() {
    let p = one(&with(r#""db.t4g.micro"  #"#, r#""db.t2.micro" #"#));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("db_class_engine", "infra.database.instance_class")
    );
    assert_eq!(
        (p.params["engine"].as_str(), p.params["version"].as_str()),
        ("postgres", "16")
    );
    assert!(!class_offered(Engine::Mysql, "8.4", "db.t2.small"));
    assert!(class_offered(Engine::Mysql, "8.0", "db.t2.small"));
    assert!(!class_offered(Engine::Mariadb, "10.6", "db.t2.micro"));
    assert!(!class_offered(Engine::Mariadb, "10.11", "db.t2.micro"));
    assert!(class_offered(Engine::Mariadb, "10.5", "db.t2.micro"));
    assert!(!class_offered(Engine::Postgres, "13", "db.t2.micro"));
    assert!(!class_offered(Engine::Postgres, "17", "db.m1.small"));
    for engine in [Engine::Postgres, Engine::Mysql, Engine::Mariadb] {
        for v in engine.versions() {
            for class in [
                "db.t4g.micro",
                "db.m7g.large",
                "db.r6g.large",
                "db.t3.micro",
            ] {
                assert!(class_offered(engine, v, class), "{engine:?} {v} {class}");
            }
        }
    }
    // The default version counts when the file names none.
    let text = with(r#"engine = "postgres""#, r#"engine = "mariadb""#)
        .replace("version = \"16\" ", "# no version")
        .replace(r#""db.t4g.micro"  #"#, r#""db.t2.micro" #"#);
    let p = one(&text);
    assert_eq!(
        (p.code, p.params["version"].as_str()),
        ("db_class_engine", "10.11")
    );
}

#[test]
fn database_version() {
    let p = one(&with(r#"version = "16""#, r#"version = "12""#));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("db_version", "infra.database.version", Some(22))
    );
    assert_eq!(p.params["allowed"], "14, 15, 16, 17");
    assert_eq!(p.params["value"], "12");
    let p = one(&with(r#"engine = "postgres""#, r#"engine = "mysql""#));
    assert_eq!(
        (p.code, p.params["allowed"].as_str()),
        ("db_version", "8.0, 8.4")
    );
    ok(&with(r#"engine = "postgres""#, r#"engine = "mysql""#)
        .replace(r#"version = "16""#, r#"version = "8.4""#));
}

#[test]
fn database_storage_and_backups() {
    let p = one(&with("storage_gb = 20", "storage_gb = 10"));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("range", "infra.database.storage_gb", Some(24))
    );
    let p = one(&with("backup_days = 7", "backup_days = 36"));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("range", "infra.database.backup_days", Some(25))
    );
    ok(&with("backup_days = 7", "backup_days = 0"));
}

#[test]
fn domain_names() {
    for good in [
        "hustle.co.kr",
        "a.io",
        "xn--3e0b707e.kr",
        "my-shop.example.com",
    ] {
        assert!(valid_domain(good), "{good}");
    }
    let long = format!("{}.com", vec!["a".repeat(63); 4].join("."));
    for bad in [
        "hustle",
        "Hustle.co.kr",
        "hustle.co.kr.",
        "한국.kr",
        "-a.com",
        "a-.com",
        "a..com",
        "ab--c.com",
        "1.2.3.4",
        "a_b.com",
        &long,
    ] {
        assert!(!valid_domain(bad), "{bad}");
    }
    let p = one(&with(r#"domain = "hustle.co.kr""#, r#"domain = "hustle""#));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("domain", "infra.dns.domain", Some(31))
    );
}

#[test]
fn record_names_are_relative() {
    let p = one(&with_records(&[
        r#"{ name = "www.hustle.co.kr", type = "A", to = "203.0.113.10" }"#,
    ]));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        (
            "record_name_absolute",
            "infra.dns.records[0].name",
            Some(34)
        )
    );
    assert_eq!(p.params["suggest"], "www");
    let p = one(&with_records(&[
        r#"{ name = "hustle.co.kr", type = "A", to = "server" }"#,
    ]));
    assert_eq!(
        (p.code, p.params["suggest"].as_str()),
        ("record_name_absolute", "@")
    );
    let p = one(&with_records(&[
        r#"{ name = "www.", type = "A", to = "server" }"#,
    ]));
    assert_eq!(
        (p.code, p.params["suggest"].as_str()),
        ("record_name_absolute", "www")
    );
    for bad in ["", "WWW", "a b", "-x", "x.*"] {
        let p = one(&with_records(&[&format!(
            "{{ name = \"{bad}\", type = \"A\", to = \"server\" }}"
        )]));
        assert_eq!(p.code, "record_name", "{bad}");
    }
    ok(&with_records(&[
        r#"{ name = "*.app", type = "A", to = "server" }"#,
        r#"{ name = "_dmarc", type = "TXT", to = "v=DMARC1; p=none" }"#,
        r#"{ name = "api.v2", type = "AAAA", to = "2001:db8::10" }"#,
        r#"{ name = "@", type = "MX", to = "10 mail.example.com" }"#,
    ]));
}

#[test]
fn cname_at_apex() {
    let p = one(&with_records(&[
        r#"{ name = "@", type = "CNAME", to = "app.example.com" }"#,
    ]));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("cname_at_apex", "infra.dns.records[0].type")
    );
}

#[test]
fn server_records_need_the_server_and_an_a_record() {
    let start = INFRA.find("[infra.server]").unwrap();
    let end = INFRA.find("[infra.dns]").unwrap();
    let p = one(&format!("{}{}", &INFRA[..start], &INFRA[end..]));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("record_needs_server", "infra.dns.records[0].to", Some(15))
    );
    let p = one(&with_records(&[
        r#"{ name = "v6", type = "AAAA", to = "server" }"#,
    ]));
    assert_eq!(
        (p.code, p.params["type"].as_str()),
        ("server_only_for_a", "AAAA")
    );
}

#[test]
fn record_values_fit_their_type() {
    let cases = [
        (
            r#"{ name = "a", type = "A", to = "2001:db8::1" }"#,
            "record_ipv4",
        ),
        (
            r#"{ name = "a", type = "A", to = "203.0.113.300" }"#,
            "record_ipv4",
        ),
        (
            r#"{ name = "a", type = "AAAA", to = "203.0.113.1" }"#,
            "record_ipv6",
        ),
        (
            r#"{ name = "a", type = "CNAME", to = "not a host" }"#,
            "record_host",
        ),
        (
            r#"{ name = "a", type = "CNAME", to = "localhost" }"#,
            "record_host",
        ),
        (
            r#"{ name = "a", type = "MX", to = "mail.example.com" }"#,
            "record_mx",
        ),
        (r#"{ name = "a", type = "A", to = "" }"#, "record_to_empty"),
        (
            r#"{ name = "a", type = "TXT", to = " " }"#,
            "record_to_empty",
        ),
    ];
    for (record, code) in cases {
        let p = one(&with_records(&[record]));
        assert_eq!(
            (p.code, p.field.as_str()),
            (code, "infra.dns.records[0].to"),
            "{record}"
        );
    }
    let long = format!(
        r#"{{ name = "a", type = "TXT", to = "{}" }}"#,
        "x".repeat(4001)
    );
    assert_eq!(one(&with_records(&[&long])).code, "record_txt");
    ok(&with_records(&[
        r#"{ name = "a", type = "A", to = "203.0.113.10" }"#,
        r#"{ name = "b", type = "CNAME", to = "_x1.acm-validations.aws." }"#,
        r#"{ name = "c", type = "CNAME", to = "@" }"#,
    ]));
}

#[test]
fn a_cname_is_alone_at_its_name() {
    let p = one(&with_records(&[
        r#"{ name = "www", type = "TXT", to = "hello" }"#,
        r#"{ name = "www", type = "CNAME", to = "@" }"#,
    ]));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("cname_conflict", "infra.dns.records[1].name")
    );
    assert_eq!(p.params["type"], "TXT");
}

#[test]
fn duplicate_records() {
    let p = one(&with_records(&[
        r#"{ name = "@", type = "A", to = "server" }"#,
        r#"{ name = "@", type = "A", to = "203.0.113.10" }"#,
    ]));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("duplicate_record", "infra.dns.records[1].name", Some(35))
    );
    assert_eq!(
        (p.params["name"].as_str(), p.params["type"].as_str()),
        ("@", "A")
    );
    // Two CNAMEs of one name are one duplicate, not also a conflict.
    let p = one(&with_records(&[
        r#"{ name = "www", type = "CNAME", to = "@" }"#,
        r#"{ name = "www", type = "CNAME", to = "app.example.com" }"#,
    ]));
    assert_eq!(p.code, "duplicate_record");
}

#[test]
fn at_most_fifty_records() {
    let many: Vec<String> = (0..51)
        .map(|i| format!(r#"{{ name = "h{i}", type = "A", to = "server" }}"#))
        .collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let p = one(&with_records(&refs));
    assert_eq!(
        (p.code, p.field.as_str(), p.params["max"].as_str()),
        ("too_many_records", "infra.dns.records", "50")
    );
    ok(&with_records(&refs[..50]));
}

/// `{name}` and `{name|particle}` in a translation.
fn params_of(text: &str) -> std::collections::BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .map(|s| s.split('|').next().unwrap_or(s).to_owned())
        .collect()
}

/// Every code `[infra]` can report has English and Korean text with the same `{param}`s.
#[test]
fn every_infra_problem_code_is_translated() {
    let src = concat!(
        include_str!("validate_infra.rs"),
        include_str!("validate_dns.rs")
    );
    // The second argument of each `Problem::new(field, "code", …)`, and the value codes.
    let mut codes: std::collections::BTreeSet<String> = src
        .split("Problem::new(")
        .skip(1)
        .filter_map(|chunk| {
            let rest = chunk.split_once(',')?.1.trim_start().strip_prefix('"')?;
            Some(rest.split('"').next()?.to_owned())
        })
        .collect();
    for code in [
        "record_ipv4",
        "record_ipv6",
        "record_host",
        "record_mx",
        "record_txt",
    ] {
        assert!(src.contains(&format!("\"{code}\"")), "{code}");
        codes.insert(code.to_owned());
    }
    assert!(codes.len() >= 25, "{codes:?}");
    let table = |lang: &str| {
        let path = format!("{}/../../ui/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text).unwrap()
    };
    let (en, ko) = (table("en"), table("ko"));
    for code in &codes {
        let key = format!("problem.{code}");
        let (Some(e), Some(k)) = (en.get(&key), ko.get(&key)) else {
            panic!("{key} is missing from en.json or ko.json");
        };
        let (e, k) = (e.as_str().unwrap(), k.as_str().unwrap());
        assert_eq!(params_of(e), params_of(k), "{key}");
    }
}

/// The repository's documentation of the team file (`docs/team-file.md`).
const TEAM_FILE_DOC: &str = include_str!("../../../../docs/team-file.md");

#[test]
fn the_documented_team_file_parses_without_problems() {
    let start = TEAM_FILE_DOC.find("```toml\n").expect("a ```toml block") + "```toml\n".len();
    let len = TEAM_FILE_DOC[start..].find("```").expect("the block's end");
    let team = ok(&TEAM_FILE_DOC[start..start + len]);
    let infra = team.infra.expect("the example includes [infra]");
    assert!(infra.server.is_some() && infra.database.is_some() && infra.dns.is_some());
    assert!(team.billing.is_some() && !team.members.is_empty() && !team.groups.is_empty());
}
