//! Teardown: a plan of deletions for what the stack's tags find, in dependency order, run
//! by the same engine as apply. Repeating it is safe; a half-finished run finishes.

use super::draft::Draft;
use super::infra::{stack_job, DATABASE, DB_SG, DB_SUBNETS, IP, KEY, SERVER, SERVER_SG, ZONE};
use super::{seal, Action, Change, Kind, Note, NoteCode, Plan, Risk};
use crate::aws::Connection;
use crate::infra::live::{self, Live};
use crate::infra::ops::Op;
use crate::infra::{role, Clients};
use crate::team::Team;
use crate::{Error, Result};

struct Builder<'a> {
    stack: &'a str,
    region: &'a str,
    out: Draft,
}

impl Builder<'_> {
    fn push(
        &mut self,
        id: &str,
        kind: Kind,
        target: &str,
        title: String,
        op: Op,
        after: &[&str],
    ) -> &mut Change {
        // Waits for the planned changes of each id in `after`; `infra:record` names every
        // record (`infra:record:<name>:<type>`).
        let deps = self
            .out
            .changes
            .iter()
            .filter(|c| {
                after
                    .iter()
                    .any(|d| c.id == *d || c.id.starts_with(&format!("{d}:")))
            })
            .map(|c| c.id.clone())
            .collect();
        let c = self
            .out
            .change(id, Action::Delete, kind, target)
            .title(title)
            .op(stack_job(self.stack, self.region, op));
        c.deps = deps;
        c
    }
}

/// Read the stack (by tag) and plan its removal.
pub async fn plan(conn: &Connection, team: &Team, include_dns: bool) -> Result<Plan> {
    let infra = team.infra.as_ref().ok_or_else(|| {
        Error::invalid(
            "infra",
            "the team file has no [infra] section: nothing to remove",
        )
    })?;
    let identity = crate::aws::identity::whoami(conn).await?;
    let clients = Clients::new(conn, &identity.account_id, &team.account.home_region);
    let live = live::read(&clients, infra, false).await?;
    Ok(diff(team, &identity.account_id, &live, include_dns))
}

/// The deletions for what exists.
pub fn diff(team: &Team, account_id: &str, live: &Live, include_dns: bool) -> Plan {
    let infra = team.infra.as_ref().expect("checked by the caller");
    let names = infra.names();
    let mut b = Builder {
        stack: &infra.name,
        region: &team.account.home_region,
        out: Draft::new(&format!("stack:{}", infra.name)),
    };
    let server_ip = live.server_ip();
    if let (Some(zone), Some(dns)) = (&live.zone, &infra.dns) {
        for r in &zone.records {
            let apex_meta = r.name == zone.name && (r.kind == "NS" || r.kind == "SOA");
            // Without --include-dns only records naming the server's address go: left
            // behind they would point at an IP address AWS may give to someone else.
            let names_server = server_ip.as_ref().is_some_and(|ip| r.values.contains(ip));
            // An adopted zone keeps everything but the records the file declares.
            let declared = dns
                .records
                .iter()
                .any(|d| dns.fqdn(&d.name) == r.name && d.kind.as_str() == r.kind);
            let all = include_dns && !zone.adopted;
            if apex_meta || !(all || names_server || (include_dns && declared)) {
                continue;
            }
            let c = b.push(
                &format!("infra:record:{}:{}", r.name, r.kind),
                Kind::InfraRecord,
                &format!("{} {}", r.name, r.kind),
                format!(
                    "delete record {} {} ({})",
                    r.name,
                    r.kind,
                    r.values.join(", ")
                ),
                Op::DeleteRecord {
                    domain: dns.zone_name(),
                    name: r.name.clone(),
                    kind: r.kind.clone(),
                },
                &[],
            );
            c.before = Some(r.values.join(", "));
        }
        if include_dns && !zone.adopted {
            let c = b.push(ZONE, Kind::InfraZone, &zone.name,
                format!("delete hosted zone {} (the domain stops resolving until another zone serves it)", zone.name),
                Op::DeleteZone { id: zone.id.clone() }, &["infra:record"]);
            c.risk = Some(Risk::DeletesData);
        }
    }
    if let Some(a) = &live.address {
        let c = b.push(
            IP,
            Kind::InfraIp,
            &a.public_ip,
            format!("detach and release the static IP {}", a.public_ip),
            Op::ReleaseIp,
            &["infra:record"],
        );
        c.before = Some(a.public_ip.clone());
        c.risk = Some(Risk::ReleasesIp);
    }
    let final_snapshot = infra.database.as_ref().is_none_or(|d| d.final_snapshot);
    if let Some(db) = &live.database {
        if db.ours {
            let c = b.push(
                DATABASE,
                Kind::InfraDatabase,
                &db.id,
                if final_snapshot {
                    format!("delete database {} (a final snapshot is kept)", db.id)
                } else {
                    format!(
                        "delete database {} and all its data (no final snapshot)",
                        db.id
                    )
                },
                Op::DeleteDatabase { final_snapshot },
                &[],
            );
            c.before = Some(format!("{} {}, {}", db.engine, db.engine_version, db.class));
            c.values = Some(serde_json::json!({ "final_snapshot": final_snapshot }));
            c.risk = Some(Risk::DeletesData);
        }
    }
    if let Some(i) = &live.instance {
        let c = b.push(
            SERVER,
            Kind::InfraServer,
            &i.id,
            format!(
                "terminate the server {} (its disk is deleted with it)",
                i.id
            ),
            Op::TerminateServer,
            &[IP],
        );
        c.before = Some(format!("{} {}", i.instance_type, i.state));
        c.risk = Some(Risk::DeletesData);
    }
    if live.db_subnet_group.as_ref().is_some_and(|g| g.ours) {
        b.push(
            DB_SUBNETS,
            Kind::InfraDbSubnets,
            &names.db_subnet_group(),
            format!("delete DB subnet group {}", names.db_subnet_group()),
            Op::DeleteDbSubnetGroup,
            &[DATABASE],
        );
    }
    if let Some(g) = &live.db_sg {
        b.push(
            DB_SG,
            Kind::InfraDbSg,
            &g.name,
            format!("delete security group {}", g.name),
            Op::DeleteSg { role: role::DB_SG },
            &[DATABASE, SERVER],
        );
    }
    if let Some(g) = &live.server_sg {
        b.push(
            SERVER_SG,
            Kind::InfraServerSg,
            &g.name,
            format!("delete security group {}", g.name),
            Op::DeleteSg {
                role: role::SERVER_SG,
            },
            &[SERVER, DB_SG, DATABASE],
        );
    }
    if let Some(k) = &live.key {
        b.push(
            KEY,
            Kind::InfraKey,
            &k.name,
            format!(
                "delete key pair {} (and its private key from the keychain)",
                k.name
            ),
            Op::DeleteKey,
            &[SERVER],
        );
    }
    let mut notes = Vec::new();
    let mut keeps = Note::new(NoteCode::InfraKeeps);
    if live.database.as_ref().is_some_and(|d| d.ours) && final_snapshot {
        keeps = keeps.with("snapshot", &format!("{}-final-…", names.db()));
    }
    if let Some(z) = live.zone.as_ref().filter(|z| !include_dns || z.adopted) {
        keeps = keeps.with("zone", &z.name);
    }
    if !keeps.params.is_empty() {
        notes.push(keeps);
    }
    let mut plan = Plan {
        account_id: account_id.to_owned(),
        changes: b.out.changes,
        unchanged: Vec::new(),
        orphans: Vec::new(),
        notes,
        summary: Default::default(),
        estimate: None,
    };
    seal(&mut plan);
    plan
}
