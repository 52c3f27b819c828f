//! The `[infra]` part of the plan: what exists (found by tag) against what the file says.

use super::live::{Live, Rule};
use super::ops::{Job, Op, SERVER_IP};
use crate::plan::{Action, Change, ChangeOp, Kind, Note, NoteCode, Risk, Unchanged};
use crate::team::infra::{Infra, RecordType};
use crate::{Error, Result};

/// The infra changes, what is already as declared, and what the lead should know.
#[derive(Debug, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub unchanged: Vec<Unchanged>,
    pub notes: Vec<Note>,
}

struct Builder<'a> {
    infra: &'a Infra,
    region: &'a str,
    out: Diff,
}

impl Builder<'_> {
    fn push(
        &mut self,
        id: &str,
        action: Action,
        kind: Kind,
        target: &str,
        title: String,
        op: Op,
    ) -> &mut Change {
        let job = Job {
            stack: self.infra.name.clone(),
            region: self.region.to_owned(),
            op,
        };
        self.out.changes.push(Change::new(
            id.to_owned(),
            action,
            kind,
            &format!("stack:{}", self.infra.name),
            target,
            title,
            ChangeOp::Infra(job),
        ));
        self.out.changes.last_mut().expect("just pushed")
    }

    fn keep(&mut self, kind: Kind, target: &str) {
        self.out.unchanged.push(Unchanged {
            kind,
            target: target.to_owned(),
        });
    }

    /// The ids among `ids` that this plan changes (a change waits only for those).
    fn deps(&self, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .filter(|id| self.out.changes.iter().any(|c| c.id == **id))
            .map(|id| (*id).to_owned())
            .collect()
    }
}

pub const KEY: &str = "infra:key";
pub const SERVER_SG: &str = "infra:server-sg";
pub const DB_SG: &str = "infra:db-sg";
pub const SERVER: &str = "infra:server";
pub const IP: &str = "infra:ip";
pub const DB_SUBNETS: &str = "infra:db-subnets";
pub const DATABASE: &str = "infra:database";
pub const ZONE: &str = "infra:zone";

/// The server group's rules the file asks for: 22 from `ssh_from`, the open ports from
/// everyone over IPv4 and IPv6.
pub fn server_rules(infra: &Infra) -> Vec<Rule> {
    let Some(s) = &infra.server else {
        return Vec::new();
    };
    let mut rules: Vec<Rule> = s.ssh_from.iter().map(|cidr| Rule::tcp(22, cidr)).collect();
    for port in &s.open_ports {
        for from in ["0.0.0.0/0", "::/0"] {
            rules.push(Rule::tcp(*port as i32, from));
        }
    }
    rules.sort();
    rules.dedup();
    rules
}

fn is_world(cidr: &str) -> bool {
    cidr == "0.0.0.0/0" || cidr == "::/0"
}

/// Rules in words: `22 from 203.0.113.7/32; 80, 443 from everyone`.
pub fn describe_rules(rules: &[Rule]) -> String {
    let mut parts = Vec::new();
    let ssh: Vec<&str> = rules
        .iter()
        .filter(|r| r.port == 22)
        .map(|r| r.from.as_str())
        .collect();
    if !ssh.is_empty() {
        parts.push(format!("22 from {}", ssh.join(", ")));
    }
    let mut open: Vec<i32> = rules
        .iter()
        .filter(|r| r.port != 22 && is_world(&r.from))
        .map(|r| r.port)
        .collect();
    open.dedup();
    if !open.is_empty() {
        let ports: Vec<String> = open.iter().map(i32::to_string).collect();
        parts.push(format!("{} from everyone", ports.join(", ")));
    }
    let other: Vec<String> = rules
        .iter()
        .filter(|r| r.port != 22 && !is_world(&r.from))
        .map(|r| format!("{} from {}", r.port, r.from))
        .collect();
    parts.extend(other);
    if parts.is_empty() {
        "nothing allowed in".into()
    } else {
        parts.join("; ")
    }
}

/// Compare the file's `[infra]` with what exists. `key_in_keychain`: the keychain holds
/// the server key's private half.
pub fn diff(infra: &Infra, region: &str, live: &Live, key_in_keychain: bool) -> Result<Diff> {
    let mut b = Builder {
        infra,
        region,
        out: Diff::default(),
    };
    server(&mut b, live, key_in_keychain);
    database(&mut b, live)?;
    dns(&mut b, live)?;
    undeclared(&mut b, live);
    Ok(b.out)
}

fn server(b: &mut Builder, live: &Live, key_in_keychain: bool) {
    let infra = b.infra;
    let Some(s) = &infra.server else { return };
    let names = infra.names();
    match &live.key {
        None => {
            b.push(
                KEY,
                Action::Create,
                Kind::InfraKey,
                &names.key(),
                format!(
                    "import SSH key pair {} (made here; the private half stays in the keychain)",
                    names.key()
                ),
                Op::ImportKey,
            );
        }
        Some(k) => {
            b.keep(Kind::InfraKey, &k.name);
            if !key_in_keychain {
                b.out
                    .notes
                    .push(Note::new(NoteCode::InfraKeyNotInKeychain).with("key", &k.name));
            }
        }
    }
    let want = server_rules(infra);
    let vpc_id = live
        .network
        .as_ref()
        .map(|n| n.vpc_id.clone())
        .unwrap_or_default();
    let world_ssh = |rules: &[Rule]| rules.iter().any(|r| r.port == 22 && is_world(&r.from));
    match &live.server_sg {
        None => {
            let c = b.push(
                SERVER_SG,
                Action::Create,
                Kind::InfraServerSg,
                &names.server_sg(),
                format!(
                    "create security group {} ({})",
                    names.server_sg(),
                    describe_rules(&want)
                ),
                Op::ServerSg {
                    vpc_id: vpc_id.clone(),
                    rules: want.clone(),
                },
            );
            c.after = Some(describe_rules(&want));
            if world_ssh(&want) {
                c.risk = Some(Risk::SshOpenToWorld);
            }
        }
        Some(g) if g.rules != want => {
            let c = b.push(
                SERVER_SG,
                Action::Update,
                Kind::InfraServerSg,
                &g.name,
                format!(
                    "set the rules of security group {}: {}",
                    g.name,
                    describe_rules(&want)
                ),
                Op::ServerSg {
                    vpc_id: vpc_id.clone(),
                    rules: want.clone(),
                },
            );
            c.before = Some(describe_rules(&g.rules));
            c.after = Some(describe_rules(&want));
            if world_ssh(&want) && !world_ssh(&g.rules) {
                c.risk = Some(Risk::SshOpenToWorld);
            }
        }
        Some(g) => b.keep(Kind::InfraServerSg, &g.name),
    }
    match &live.instance {
        None => {
            let image = live.image_id.clone().unwrap_or_default();
            let deps = b.deps(&[KEY, SERVER_SG]);
            let after = format!(
                "{}, {} GB gp3 encrypted, IMDSv2 required{}",
                s.instance_type,
                s.disk_gb,
                if infra.protect {
                    ", termination protection"
                } else {
                    ""
                }
            );
            let c = b.push(
                SERVER,
                Action::Create,
                Kind::InfraServer,
                &format!("baseline-{}-server", infra.name),
                format!("launch the server ({after}) from {image}"),
                Op::RunServer {
                    image_id: image.clone(),
                    instance_type: s.instance_type.clone(),
                    disk_gb: s.disk_gb as i32,
                    subnet_id: live.network.as_ref().and_then(|n| n.server_subnet.clone()),
                    protect: infra.protect,
                },
            );
            c.after = Some(after);
            c.values = Some(serde_json::json!({
                "instance_type": s.instance_type, "disk_gb": s.disk_gb, "image_id": image,
                "protect": infra.protect,
            }));
            c.deps = deps;
        }
        Some(i) => {
            if let Some((volume_id, gb)) = &i.root_volume {
                if (s.disk_gb as i32) > *gb {
                    let c = b.push(
                        "infra:disk",
                        Action::Update,
                        Kind::InfraServer,
                        volume_id,
                        format!("grow the server's disk from {gb} to {} GB", s.disk_gb),
                        Op::GrowDisk {
                            volume_id: volume_id.clone(),
                            gb: s.disk_gb as i32,
                        },
                    );
                    c.before = Some(format!("{gb} GB"));
                    c.after = Some(format!(
                        "{} GB (grow the file system on the server: sudo xfs_growfs -d /)",
                        s.disk_gb
                    ));
                } else if (s.disk_gb as i32) < *gb {
                    b.out.notes.push(
                        Note::new(NoteCode::InfraReplaceNeeded)
                            .with("resource", "server")
                            .with("field", "disk_gb")
                            .with("have", &gb.to_string())
                            .with("want", &s.disk_gb.to_string()),
                    );
                }
            }
            if i.instance_type != s.instance_type {
                b.out.notes.push(
                    Note::new(NoteCode::InfraReplaceNeeded)
                        .with("resource", "server")
                        .with("field", "instance_type")
                        .with("have", &i.instance_type)
                        .with("want", &s.instance_type),
                );
            }
            if i.protected != infra.protect {
                let c = b.push(
                    SERVER,
                    Action::Update,
                    Kind::InfraServer,
                    &i.id,
                    format!(
                        "turn termination protection {} on {}",
                        if infra.protect { "on" } else { "off" },
                        i.id
                    ),
                    Op::ServerProtection { on: infra.protect },
                );
                c.before = Some(format!(
                    "protection {}",
                    if i.protected { "on" } else { "off" }
                ));
                c.after = Some(format!(
                    "protection {}",
                    if infra.protect { "on" } else { "off" }
                ));
            } else {
                b.keep(Kind::InfraServer, &i.id);
            }
        }
    }
    let attached = match (&live.address, &live.instance) {
        (Some(a), Some(i)) => a.instance_id.as_deref() == Some(i.id.as_str()),
        _ => false,
    };
    match (&live.address, s.static_ip) {
        (None, true) => {
            let deps = b.deps(&[SERVER]);
            let c = b.push(
                IP,
                Action::Create,
                Kind::InfraIp,
                "elastic-ip",
                "allocate a static IP (Elastic IP) and attach it to the server".into(),
                Op::StaticIp,
            );
            c.deps = deps;
        }
        (Some(a), true) if !attached => {
            let deps = b.deps(&[SERVER]);
            let c = b.push(
                IP,
                Action::Update,
                Kind::InfraIp,
                &a.public_ip,
                format!("attach the static IP {} to the server", a.public_ip),
                Op::StaticIp,
            );
            c.before = Some("not attached (billed while idle)".into());
            c.after = Some("attached to the server".into());
            c.deps = deps;
        }
        (Some(a), true) => b.keep(Kind::InfraIp, &a.public_ip),
        (Some(a), false) => {
            let c = b.push(
                IP,
                Action::Delete,
                Kind::InfraIp,
                &a.public_ip,
                format!("release the static IP {}", a.public_ip),
                Op::ReleaseIp,
            );
            c.before = Some(a.public_ip.clone());
            c.risk = Some(Risk::ReleasesIp);
        }
        (None, false) => {}
    }
}

fn database(b: &mut Builder, live: &Live) -> Result<()> {
    let infra = b.infra;
    let Some(d) = &infra.database else {
        return Ok(());
    };
    let names = infra.names();
    // RDS wants a subnet group that covers two availability zones.
    if live.db_subnet_group.is_none() && live.network.as_ref().is_some_and(|n| n.zones.len() < 2) {
        return Err(Error::invalid(
            "infra.database",
            format!(
                "the default VPC of {} has default subnets in fewer than two availability zones; RDS needs two (VPC console → Subnets → Actions → Create default subnet)",
                b.region
            ),
        ));
    }
    let vpc_id = live
        .network
        .as_ref()
        .map(|n| n.vpc_id.clone())
        .unwrap_or_default();
    let port = d.engine.port();
    let sg_ok = match (&live.db_sg, &live.server_sg) {
        (Some(g), Some(server)) => g.rules == vec![Rule::tcp(port, &server.id)],
        _ => false,
    };
    let after = format!("{port} only from the server's security group");
    match &live.db_sg {
        Some(g) if sg_ok => b.keep(Kind::InfraDbSg, &g.name),
        existing => {
            let deps = b.deps(&[SERVER_SG]);
            let (action, title) = match existing {
                None => (
                    Action::Create,
                    format!("create security group {} ({after})", names.db_sg()),
                ),
                Some(g) => (
                    Action::Update,
                    format!("set the rules of security group {}: {after}", g.name),
                ),
            };
            let before = existing.as_ref().map(|g| describe_rules(&g.rules));
            let c = b.push(
                DB_SG,
                action,
                Kind::InfraDbSg,
                &names.db_sg(),
                title,
                Op::DbSg { vpc_id, port },
            );
            c.before = before;
            c.after = Some(after);
            c.deps = deps;
        }
    }
    match &live.db_subnet_group {
        Some(g) if !g.ours => {
            return Err(Error::invalid(
                "infra.name",
                format!(
                    "a DB subnet group named {} exists that Baseline did not make; choose another [infra] name",
                    g.name
                ),
            ))
        }
        Some(g) => b.keep(Kind::InfraDbSubnets, &g.name),
        None => {
            let subnet_ids = live
                .network
                .as_ref()
                .map(|n| n.subnet_ids.clone())
                .unwrap_or_default();
            b.push(
                DB_SUBNETS,
                Action::Create,
                Kind::InfraDbSubnets,
                &names.db_subnet_group(),
                format!(
                    "create DB subnet group {} ({} subnets of the default VPC)",
                    names.db_subnet_group(),
                    subnet_ids.len()
                ),
                Op::DbSubnetGroup { subnet_ids },
            );
        }
    }
    let version = d
        .version
        .clone()
        .unwrap_or_else(|| d.engine.default_version().to_owned());
    match &live.database {
        Some(db) if !db.ours => {
            return Err(Error::invalid("infra.name", format!(
                "a database named {} already exists and Baseline did not make it; choose another [infra] name",
                db.id
            )));
        }
        None => {
            let deps = b.deps(&[DB_SG, DB_SUBNETS]);
            let after =
                format!(
                "{} {version}, {}, {} GB gp3 encrypted, private, backups {} days{}, password {}",
                d.engine.rds_name(), d.instance_class, d.storage_gb, d.backup_days,
                if infra.protect { ", deletion protection" } else { "" },
                match d.password {
                    crate::team::infra::PasswordMode::Keychain => "in the keychain",
                    crate::team::infra::PasswordMode::AwsManaged => "in Secrets Manager",
                }
            );
            let c = b.push(
                DATABASE,
                Action::Create,
                Kind::InfraDatabase,
                &names.db(),
                format!("create database {} ({after})", names.db()),
                Op::CreateDatabase {
                    db: d.clone(),
                    protect: infra.protect,
                },
            );
            c.after = Some(after);
            c.values = Some(serde_json::json!({
                "engine": d.engine, "version": version, "instance_class": d.instance_class,
                "storage_gb": d.storage_gb, "backup_days": d.backup_days, "protect": infra.protect,
                "password": d.password,
            }));
            c.deps = deps;
        }
        Some(db) => {
            for (field, have, want) in [
                ("engine", db.engine.as_str(), d.engine.rds_name()),
                (
                    "instance_class",
                    db.class.as_str(),
                    d.instance_class.as_str(),
                ),
            ] {
                if have != want {
                    b.out.notes.push(
                        Note::new(NoteCode::InfraReplaceNeeded)
                            .with("resource", "database")
                            .with("field", field)
                            .with("have", have)
                            .with("want", want),
                    );
                }
            }
            let major_differs = !(db.engine_version == version
                || db.engine_version.starts_with(&format!("{version}.")));
            if major_differs && d.version.is_some() {
                b.out.notes.push(
                    Note::new(NoteCode::InfraReplaceNeeded)
                        .with("resource", "database")
                        .with("field", "version")
                        .with("have", &db.engine_version)
                        .with("want", &version),
                );
            }
            let storage = (d.storage_gb as i32).max(db.storage_gb);
            if (d.storage_gb as i32) < db.storage_gb {
                b.out.notes.push(
                    Note::new(NoteCode::InfraReplaceNeeded)
                        .with("resource", "database")
                        .with("field", "storage_gb")
                        .with("have", &db.storage_gb.to_string())
                        .with("want", &d.storage_gb.to_string()),
                );
            }
            if db.backup_days != d.backup_days as i32
                || db.protected != infra.protect
                || storage != db.storage_gb
            {
                let show = |days: i32, on: bool, gb: i32| {
                    format!(
                        "backups {days} days, protection {}, {gb} GB",
                        if on { "on" } else { "off" }
                    )
                };
                let c = b.push(
                    DATABASE,
                    Action::Update,
                    Kind::InfraDatabase,
                    &db.id,
                    format!("change database {}", db.id),
                    Op::ModifyDatabase {
                        backup_days: d.backup_days as i32,
                        protect: infra.protect,
                        storage_gb: storage,
                    },
                );
                c.before = Some(show(db.backup_days, db.protected, db.storage_gb));
                c.after = Some(show(d.backup_days as i32, infra.protect, storage));
                // Turning automated backups on or off restarts the database at once.
                if (db.backup_days == 0) != (d.backup_days == 0) {
                    c.risk = Some(Risk::RestartsDatabase);
                }
            } else {
                b.keep(Kind::InfraDatabase, &db.id);
            }
        }
    }
    Ok(())
}

/// Resources of the stack whose section left the file: left alone (and still billing) until
/// `destroy`, like a user Baseline made that the file no longer lists.
fn undeclared(b: &mut Builder, live: &Live) {
    let infra = b.infra;
    let mut found = Vec::new();
    if infra.server.is_none() {
        found.extend(live.instance.as_ref().map(|i| format!("server {}", i.id)));
        found.extend(
            live.address
                .as_ref()
                .map(|a| format!("static IP {}", a.public_ip)),
        );
    }
    if infra.database.is_none() {
        found.extend(
            live.database
                .as_ref()
                .filter(|d| d.ours)
                .map(|d| format!("database {}", d.id)),
        );
    }
    if infra.dns.is_none() {
        found.extend(
            live.zone
                .as_ref()
                .map(|z| format!("hosted zone {}", z.name)),
        );
    }
    if !found.is_empty() {
        b.out
            .notes
            .push(Note::new(NoteCode::InfraUndeclared).with("resources", &found.join(", ")));
    }
}

/// A record's values as Route 53 stores them (`SERVER_IP` for "the server").
pub fn record_values(domain: &str, kind: RecordType, to: &str) -> Vec<String> {
    match (kind, to) {
        (RecordType::A, "server") => vec![SERVER_IP.to_owned()],
        (RecordType::CNAME, "@") => vec![domain.to_owned()],
        (RecordType::TXT, v) if !v.starts_with('"') => vec![txt_value(v)],
        (_, v) => vec![v.trim_end_matches('.').to_owned()],
    }
}

/// A TXT value as Route 53 stores it: quoted strings of at most 255 characters each,
/// `"` and `\` escaped (long SPF/DKIM values are split, as DNS requires).
pub fn txt_value(v: &str) -> String {
    let escaped: Vec<String> = v
        .chars()
        .map(|ch| match ch {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            other => other.to_string(),
        })
        .collect();
    escaped
        .chunks(255)
        .map(|chunk| format!("\"{}\"", chunk.concat()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn dns(b: &mut Builder, live: &Live) -> Result<()> {
    let infra = b.infra;
    let Some(dns) = &infra.dns else { return Ok(()) };
    let domain = dns.zone_name();
    match (&live.zone, live.foreign_zones.as_slice()) {
        (Some(z), _) => {
            b.keep(Kind::InfraZone, &z.name);
            let mut note = Note::new(NoteCode::InfraNameServers)
                .with("domain", &domain)
                .with(
                    "registrar",
                    match dns.registrar {
                        crate::team::infra::Registrar::Gabia => "gabia",
                        crate::team::infra::Registrar::Other => "other",
                    },
                );
            note = note.with("name_servers", &z.name_servers.join(" "));
            b.out.notes.push(note);
        }
        (None, []) => {
            b.push(
                ZONE,
                Action::Create,
                Kind::InfraZone,
                &domain,
                format!("create hosted zone {domain}"),
                Op::Zone {
                    domain: domain.clone(),
                    adopt: None,
                },
            );
        }
        (None, [one]) => {
            let c = b.push(ZONE, Action::Update, Kind::InfraZone, &domain,
                format!("adopt the existing hosted zone {domain} ({one}) and manage its declared records"),
                Op::Zone { domain: domain.clone(), adopt: Some(one.clone()) });
            c.risk = Some(Risk::AdoptZone);
            c.before = Some(format!("{one}, not made by Baseline"));
            c.after = Some(format!("{one}, tagged baseline:stack={}", infra.name));
        }
        (None, many) => {
            return Err(Error::invalid("infra.dns.domain", format!(
                "{} hosted zones are named {domain} ({}): delete the ones you do not use in the Route 53 console (the one your registrar points at stays), then plan again",
                many.len(), many.join(", ")
            )));
        }
    }
    let server_ip = live.server_ip();
    let ip_changing = b.out.changes.iter().any(|c| c.id == IP || c.id == SERVER);
    for r in &dns.records {
        let fqdn = dns.fqdn(&r.name);
        let values = record_values(&domain, r.kind, &r.to);
        let shown: Vec<String> = values
            .iter()
            .map(|v| {
                if v == SERVER_IP {
                    server_ip
                        .clone()
                        .unwrap_or_else(|| "the server's IP".into())
                } else {
                    v.clone()
                }
            })
            .collect();
        let id = format!("infra:record:{}:{}", r.name, r.kind.as_str());
        let existing = live.zone.as_ref().and_then(|z| {
            z.records
                .iter()
                .find(|x| x.name == fqdn && x.kind == r.kind.as_str())
        });
        let uses_server = values.iter().any(|v| v == SERVER_IP);
        let same = existing.is_some_and(|x| {
            x.values
                .iter()
                .map(|v| v.trim_end_matches('.').to_ascii_lowercase())
                .collect::<Vec<_>>()
                == shown
                    .iter()
                    .map(|v| v.to_ascii_lowercase())
                    .collect::<Vec<_>>()
        }) && !(uses_server && ip_changing);
        if same {
            b.keep(Kind::InfraRecord, &format!("{fqdn} {}", r.kind.as_str()));
            continue;
        }
        let deps = b.deps(&[ZONE, IP, SERVER]);
        let action = if existing.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        let c = b.push(
            &id,
            action,
            Kind::InfraRecord,
            &format!("{fqdn} {}", r.kind.as_str()),
            format!(
                "{} record {fqdn} {} → {}",
                if existing.is_some() { "set" } else { "add" },
                r.kind.as_str(),
                shown.join(", ")
            ),
            Op::Record {
                domain: domain.clone(),
                name: fqdn.clone(),
                kind: r.kind,
                values,
            },
        );
        c.before = existing.map(|x| x.values.join(", "));
        c.after = Some(shown.join(", "));
        c.deps = deps;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_values_are_quoted_escaped_and_split_at_255() {
        assert_eq!(txt_value("v=spf1 -all"), "\"v=spf1 -all\"");
        assert_eq!(txt_value(r#"a"b\c"#), r#""a\"b\\c""#);
        let long = "k".repeat(300);
        let v = txt_value(&long);
        assert_eq!(v, format!("\"{}\" \"{}\"", "k".repeat(255), "k".repeat(45)));
    }

    #[test]
    fn ipv6_rules_compare_in_aws_form() {
        assert_eq!(Rule::tcp(22, "2001:DB8::/32").from, "2001:db8::/32");
        assert_eq!(Rule::tcp(22, "203.0.113.7/32").from, "203.0.113.7/32");
    }
}
