//! The database part of the plan: its security group, subnet group and instance.

use super::*;

pub(super) fn database(b: &mut Builder, live: &Live) -> Result<()> {
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
        Some(g) if sg_ok => b.out.keep(Kind::InfraDbSg, &g.name),
        existing => {
            let deps = b.out.deps(&[SERVER_SG]);
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
        Some(g) => b.out.keep(Kind::InfraDbSubnets, &g.name),
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
            let deps = b.out.deps(&[DB_SG, DB_SUBNETS]);
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
                b.out.keep(Kind::InfraDatabase, &db.id);
            }
        }
    }
    Ok(())
}
