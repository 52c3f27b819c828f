//! The rules of `[infra]` (Part 2), checked before any AWS call: names, sizes, CIDRs,
//! ports, database class and version, the domain and its records.

use super::infra::{Database, Engine, Infra, Server};
use super::validate::{range, Problem};
use super::Team;
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// At most this many ports open to everyone.
pub const MAX_OPEN_PORTS: usize = 10;
/// At most this many records under `[infra.dns]`.
pub const MAX_RECORDS: usize = 50;
/// Route 53's limit on one record value (a longer TXT is sent as 255-character strings).
pub const MAX_TXT: usize = 4000;

/// Check `[infra]`, if the team has one.
pub(super) fn check(team: &Team, out: &mut Vec<Problem>) {
    let Some(infra) = &team.infra else { return };
    if !valid_stack_name(&infra.name) {
        out.push(
            Problem::new(
                "infra.name".into(),
                "infra_name",
                format!("\"{}\" is not a valid stack name: 2 to 21 lowercase letters, digits and hyphens, starting with a letter", infra.name),
            )
            .with("value", &infra.name),
        );
    }
    if let Some(server) = &infra.server {
        check_server(server, out);
    }
    if let Some(db) = &infra.database {
        check_database(infra, db, out);
    }
    if let Some(dns) = &infra.dns {
        super::validate_dns::check_dns(infra, dns, out);
    }
}

/// `^[a-z][a-z0-9-]{1,20}$`, without a trailing or doubled hyphen: the name is part of
/// the database identifier and its final snapshot's, which RDS refuses with either.
pub fn valid_stack_name(name: &str) -> bool {
    let b = name.as_bytes();
    (2..=21).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && !name.ends_with('-')
        && !name.contains("--")
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// An EC2 instance type's shape, `family.size`: t3.micro, t4g.small, m7i-flex.large,
/// c6gd.2xlarge, m5.metal. Whether the region offers it is for AWS to say.
pub fn looks_like_instance_type(value: &str) -> bool {
    let Some((family, size)) = value.split_once('.') else {
        return false;
    };
    valid_family(family) && valid_size(size)
}

/// `db.` and an instance type's shape: db.t4g.micro, db.r6g.large, db.m7g.2xlarge.
pub fn looks_like_db_class(value: &str) -> bool {
    value
        .strip_prefix("db.")
        .is_some_and(looks_like_instance_type)
}

/// Letters, then the generation digit(s), then attribute letters and an optional `-flex`
/// style suffix: t3, t4g, m7i, c6gd, m7i-flex, x2iedn.
fn valid_family(family: &str) -> bool {
    let (core, suffix) = match family.split_once('-') {
        Some((core, suffix)) => (core, Some(suffix)),
        None => (family, None),
    };
    let letters = core.bytes().take_while(u8::is_ascii_lowercase).count();
    let digits = core
        .bytes()
        .skip(letters)
        .take_while(u8::is_ascii_digit)
        .count();
    let lower_or_digit = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    letters >= 1
        && digits >= 1
        && lower_or_digit(&core[letters + digits..])
        && suffix.is_none_or(|s| !s.is_empty() && lower_or_digit(s))
}

fn valid_size(size: &str) -> bool {
    const NAMED: &[&str] = &[
        "nano", "micro", "small", "medium", "large", "xlarge", "metal",
    ];
    if NAMED.contains(&size) {
        return true;
    }
    let n = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) && !s.starts_with('0');
    if let Some(count) = size.strip_suffix("xlarge") {
        return n(count);
    }
    // metal-24xl, metal-48xl
    size.strip_prefix("metal-")
        .and_then(|s| s.strip_suffix("xl"))
        .is_some_and(n)
}

fn check_server(server: &Server, out: &mut Vec<Problem>) {
    if !looks_like_instance_type(&server.instance_type) {
        out.push(
            Problem::new(
                "infra.server.instance_type".into(),
                "instance_type",
                format!("\"{}\" is not an EC2 instance type such as t3.micro or t4g.small (lowercase family, a dot, then the size)", server.instance_type),
            )
            .with("value", &server.instance_type),
        );
    }
    range(out, "infra.server.disk_gb", server.disk_gb, 8, 1000);
    let mut seen = HashSet::new();
    for (i, entry) in server.ssh_from.iter().enumerate() {
        let field = format!("infra.server.ssh_from[{i}]");
        match parse_cidr(entry) {
            Cidr::Valid(addr, prefix) => {
                if !seen.insert((addr, prefix)) {
                    out.push(
                        Problem::new(
                            field,
                            "duplicate_cidr",
                            format!("\"{entry}\" is listed twice"),
                        )
                        .with("value", entry),
                    );
                }
            }
            Cidr::HostBits(network) => out.push(
                Problem::new(
                    field,
                    "cidr_host_bits",
                    format!("\"{entry}\" has host bits set; the network it names is {network}"),
                )
                .with("value", entry)
                .with("suggest", network),
            ),
            Cidr::NoPrefix(suggest) => out.push(
                Problem::new(
                    field,
                    "cidr_no_prefix",
                    format!(
                        "\"{entry}\" has no prefix length; for this one address write {suggest}"
                    ),
                )
                .with("value", entry)
                .with("suggest", suggest),
            ),
            Cidr::Invalid => out.push(
                Problem::new(
                    field,
                    "cidr",
                    format!("\"{entry}\" is not an IPv4 or IPv6 CIDR block such as 203.0.113.7/32"),
                )
                .with("value", entry),
            ),
        }
    }
    if server.open_ports.len() > MAX_OPEN_PORTS {
        out.push(
            Problem::new(
                "infra.server.open_ports".into(),
                "too_many_ports",
                format!(
                    "{} ports are open; at most {MAX_OPEN_PORTS} may be",
                    server.open_ports.len()
                ),
            )
            .with("value", server.open_ports.len())
            .with("max", MAX_OPEN_PORTS),
        );
    }
    let mut seen = HashSet::new();
    for (i, port) in server.open_ports.iter().enumerate() {
        let field = format!("infra.server.open_ports[{i}]");
        if *port == 22 {
            out.push(
                Problem::new(
                    field,
                    "ssh_port_open",
                    "port 22 would be open to everyone; use ssh_from for SSH".into(),
                )
                .with("value", port),
            );
        } else if !(1..=65535).contains(port) {
            range(out, &field, *port, 1, 65535);
        } else if !seen.insert(*port) {
            out.push(
                Problem::new(
                    field,
                    "duplicate_port",
                    format!("port {port} is listed twice"),
                )
                .with("value", port),
            );
        }
    }
}

/// What a `ssh_from` entry is.
#[derive(Debug, PartialEq)]
pub enum Cidr {
    /// A network: its address and prefix length.
    Valid(IpAddr, u8),
    /// An address with host bits set: the network it lies in, e.g. "203.0.113.0/24".
    HostBits(String),
    /// A bare address: the single-address block, e.g. "203.0.113.7/32".
    NoPrefix(String),
    Invalid,
}

/// Parse `address/prefix` strictly: decimal prefix within the family's width, no host bits.
pub fn parse_cidr(text: &str) -> Cidr {
    let Some((addr, prefix)) = text.split_once('/') else {
        return match text.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) => Cidr::NoPrefix(format!("{a}/32")),
            Ok(IpAddr::V6(a)) => Cidr::NoPrefix(format!("{a}/128")),
            Err(_) => Cidr::Invalid,
        };
    };
    let Ok(addr) = addr.parse::<IpAddr>() else {
        return Cidr::Invalid;
    };
    let width = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix.parse::<u8>() {
        Ok(p) if p <= width && prefix.bytes().all(|c| c.is_ascii_digit()) => p,
        _ => return Cidr::Invalid,
    };
    let network = match addr {
        IpAddr::V4(a) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask))
        }
        IpAddr::V6(a) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask))
        }
    };
    if network == addr {
        Cidr::Valid(addr, prefix)
    } else {
        Cidr::HostBits(format!("{network}/{prefix}"))
    }
}

fn check_database(infra: &Infra, db: &Database, out: &mut Vec<Problem>) {
    if infra.server.is_none() {
        out.push(Problem::new(
            "infra.database".into(),
            "database_needs_server",
            "a database needs [infra.server]: only the server's security group may reach it".into(),
        ));
    }
    let engine = db.engine.rds_name();
    let version = db.version.as_deref().unwrap_or(db.engine.default_version());
    if !looks_like_db_class(&db.instance_class) {
        out.push(
            Problem::new(
                "infra.database.instance_class".into(),
                "db_class",
                format!(
                    "\"{}\" is not an RDS instance class such as db.t4g.micro",
                    db.instance_class
                ),
            )
            .with("value", &db.instance_class),
        );
    } else if !class_offered(db.engine, version, &db.instance_class) {
        out.push(
            Problem::new(
                "infra.database.instance_class".into(),
                "db_class_engine",
                format!("RDS does not offer {} for {engine} {version}; db.t4g.micro or db.t3.micro work", db.instance_class),
            )
            .with("value", &db.instance_class)
            .with("engine", engine)
            .with("version", version),
        );
    }
    if let Some(v) = &db.version {
        let allowed = db.engine.versions();
        if !allowed.contains(&v.as_str()) {
            out.push(
                Problem::new(
                    "infra.database.version".into(),
                    "db_version",
                    format!(
                        "{engine} \"{v}\" is not a major version RDS offers; use one of {}",
                        allowed.join(", ")
                    ),
                )
                .with("value", v)
                .with("engine", engine)
                .with("allowed", allowed.join(", ")),
            );
        }
    }
    range(out, "infra.database.storage_gb", db.storage_gb, 20, 1000);
    range(out, "infra.database.backup_days", db.backup_days, 0, 35);
}

/// Whether RDS offers a (well-formed) class for an engine's major version, as far as is
/// known offline: retired families are offered for none, db.t2 only for older versions.
pub fn class_offered(engine: Engine, version: &str, class: &str) -> bool {
    let family = class
        .strip_prefix("db.")
        .and_then(|c| c.split_once('.'))
        .map_or("", |(f, _)| f);
    if ["t1", "m1", "m2"].contains(&family) {
        return false;
    }
    if family != "t2" {
        return true;
    }
    let v = major_minor(version);
    match engine {
        Engine::Postgres => v < (13, 0),
        Engine::Mysql => v < (8, 4),
        Engine::Mariadb => v < (10, 6),
    }
}

fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
