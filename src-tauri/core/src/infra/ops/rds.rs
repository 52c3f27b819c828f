//! RDS: the subnet group and the database (password in the keychain before it exists).

use super::{wait_for, Report};
use crate::aws::outcome::{aws_code, Outcome};
use crate::infra::{call, live, role, tags, Clients};
use crate::password::{generate_with, Options};
use crate::team::infra::{Database, Names, PasswordMode};
use crate::vault::{self, Kind};
use crate::{Error, Result};
use aws_sdk_rds::types::Tag;
use std::time::Duration;

/// RDS can take 5–15 minutes to make a database (and as long to delete one).
const DB_WAIT: Duration = Duration::from_secs(45 * 60);
const DB_POLL: Duration = Duration::from_secs(20);

fn rds_tags(stack: &str, role: &str) -> Vec<Tag> {
    tags(stack, role)
        .into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

pub async fn subnet_group(c: &Clients, n: Names<'_>, subnet_ids: &[String]) -> Result<Outcome> {
    if let Some(g) = live::db_subnet_group(c, &n.db_subnet_group(), n.stack()).await? {
        return if g.ours {
            Ok(Outcome::AlreadyDone)
        } else {
            Err(not_ours_group(&g.name))
        };
    }
    let r = call!(
        c,
        "rds:CreateDBSubnetGroup",
        c.rds
            .create_db_subnet_group()
            .db_subnet_group_name(n.db_subnet_group())
            .db_subnet_group_description("Baseline: the default VPC's subnets")
            .set_subnet_ids(Some(subnet_ids.to_vec()))
            .set_tags(Some(rds_tags(n.stack(), role::DB_SUBNETS)))
            .send()
    );
    match r {
        Ok(_) => Ok(Outcome::Done),
        Err(e) if aws_code(&e) == Some("DBSubnetGroupAlreadyExists") => Ok(Outcome::AlreadyDone),
        Err(e) => Err(e),
    }
}

/// The database password: the one stored before (a resumed create), or a new one stored
/// now, before RDS sees it. Letters and digits only: RDS refuses `/`, `"`, `@` and spaces,
/// and 32 of them are ~190 bits.
async fn password(c: &Clients, n: Names<'_>) -> Result<(crate::vault::Secret, bool)> {
    let key = vault::key(&c.account_id, Kind::DbPassword, &n.db());
    let k = key.clone();
    if let Some(s) = crate::vault::blocking(move || vault::read(&k)).await? {
        return Ok((s, false));
    }
    let secret = generate_with(&password_options())?;
    let (home, account, name) = (c.home(), c.account_id.clone(), n.db());
    let s = vault::Secret::new(secret.expose());
    crate::vault::blocking(move || {
        vault::store(&key, &s)?;
        vault::index::record(&home, &account, Kind::DbPassword, &name, Some("database")).map(|_| ())
    })
    .await?;
    Ok((secret, true))
}

/// RDS master passwords: 8–41 printable characters without `/`, `"`, `@` or spaces.
pub fn password_options() -> Options {
    Options {
        length: 32,
        uppercase: true,
        lowercase: true,
        digits: true,
        symbols: false,
        passphrase: false,
    }
}

/// States a database does not leave by waiting.
const STUCK: &[&str] = &[
    "failed",
    "incompatible-parameters",
    "incompatible-network",
    "incompatible-option-group",
    "incompatible-restore",
    "storage-full",
    "inaccessible-encryption-credentials",
    "restore-error",
];

async fn db_status(c: &Clients, n: Names<'_>) -> Result<(bool, String)> {
    match live::database(c, &n.db(), n.stack()).await? {
        Some(d) if STUCK.contains(&d.status.as_str()) => Err(Error::Internal(format!(
            "the database {} is {}: look at its events in the RDS console (Events), fix the cause, then run apply again",
            d.id, d.status
        ))),
        Some(d) => Ok((d.status == "available", d.status)),
        None => Ok((false, "missing".into())),
    }
}

pub async fn create(
    c: &Clients,
    n: Names<'_>,
    db: &Database,
    protect: bool,
    report: Report<'_>,
) -> Result<Outcome> {
    let mut outcome = Outcome::AlreadyDone;
    match live::database(c, &n.db(), n.stack()).await? {
        Some(d) if !d.ours => {
            return Err(Error::invalid(
                "infra.name",
                format!(
                    "a database named {} exists that Baseline did not make; choose another [infra] name",
                    d.id
                ),
            ))
        }
        Some(_) => {}
        None => {
            outcome = Outcome::Done;
            create_db(c, n, db, protect).await?;
        }
    }
    // A resumed apply also waits for a database an earlier run left "creating".
    wait_for("the database", DB_WAIT, DB_POLL, report, || db_status(c, n)).await?;
    Ok(outcome)
}

async fn create_db(c: &Clients, n: Names<'_>, db: &Database, protect: bool) -> Result<()> {
    let sg = super::ec2::group_of(c, n, role::DB_SG).await?;
    let version = db
        .version
        .clone()
        .unwrap_or_else(|| db.engine.default_version().to_owned());
    let mut req = c
        .rds
        .create_db_instance()
        .db_instance_identifier(n.db())
        .db_instance_class(&db.instance_class)
        .engine(db.engine.rds_name())
        .engine_version(version)
        .master_username(db.engine.master_user())
        .allocated_storage(db.storage_gb as i32)
        .storage_type("gp3")
        .storage_encrypted(true)
        .publicly_accessible(false)
        .vpc_security_group_ids(sg.id)
        .db_subnet_group_name(n.db_subnet_group())
        .backup_retention_period(db.backup_days as i32)
        .deletion_protection(protect)
        .copy_tags_to_snapshot(true)
        // An engine past standard support must not slip into paid Extended Support: the
        // estimate does not include it.
        .engine_lifecycle_support("open-source-rds-extended-support-disabled")
        .set_tags(Some(rds_tags(n.stack(), role::DB)));
    let mut made_now = false;
    match db.password {
        PasswordMode::Keychain => {
            let (secret, fresh) = password(c, n).await?;
            made_now = fresh;
            req = req.master_user_password(secret.expose());
        }
        PasswordMode::AwsManaged => req = req.manage_master_user_password(true),
    }
    match call!(c, "rds:CreateDBInstance", req.send()) {
        Ok(_) => Ok(()),
        Err(e) if aws_code(&e) == Some("DBInstanceAlreadyExists") => Ok(()),
        Err(e) => {
            // Only a definite refusal removes the password; after a timeout RDS may have it.
            if made_now && aws_code(&e).is_some() {
                super::retire(c, Kind::DbPassword, &n.db()).await?;
            }
            Err(e)
        }
    }
}

pub async fn modify(
    c: &Clients,
    n: Names<'_>,
    backup_days: i32,
    protect: bool,
    storage_gb: i32,
) -> Result<Outcome> {
    call!(
        c,
        "rds:ModifyDBInstance",
        c.rds
            .modify_db_instance()
            .db_instance_identifier(n.db())
            .backup_retention_period(backup_days)
            .deletion_protection(protect)
            .allocated_storage(storage_gb)
            .apply_immediately(true)
            .send()
    )?;
    Ok(Outcome::Done)
}

/// The final snapshot's name: unique, so a second teardown never collides with the first.
pub fn snapshot_name(n: Names<'_>) -> String {
    format!(
        "{}-final-{}",
        n.db(),
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    )
}

pub async fn delete(
    c: &Clients,
    n: Names<'_>,
    final_snapshot: bool,
    report: Report<'_>,
) -> Result<Outcome> {
    let Some(d) = live::database(c, &n.db(), n.stack()).await? else {
        if !final_snapshot {
            super::retire(c, Kind::DbPassword, &n.db()).await?;
        }
        return Ok(Outcome::AlreadyDone);
    };
    if !d.ours {
        return Err(Error::Internal(format!(
            "the database {} does not carry this stack's tag; left alone",
            d.id
        )));
    }
    if d.status != "deleting" {
        // RDS refuses to delete (or modify) a database while it is creating, backing up or
        // modifying: wait until it is available first.
        if d.status != "available" && !STUCK.contains(&d.status.as_str()) {
            wait_for("the database", DB_WAIT, DB_POLL, report, || db_status(c, n)).await?;
        }
        if d.protected {
            call!(
                c,
                "rds:ModifyDBInstance",
                c.rds
                    .modify_db_instance()
                    .db_instance_identifier(n.db())
                    .deletion_protection(false)
                    .apply_immediately(true)
                    .send()
            )?;
        }
        let mut req = c.rds.delete_db_instance().db_instance_identifier(n.db());
        req = if final_snapshot {
            req.final_db_snapshot_identifier(snapshot_name(n))
        } else {
            req.skip_final_snapshot(true)
        };
        call!(c, "rds:DeleteDBInstance", req.send())?;
    }
    wait_for("the database", DB_WAIT, DB_POLL, report, || async {
        Ok(match live::database(c, &n.db(), n.stack()).await? {
            Some(d) => (false, d.status),
            None => (true, "deleted".into()),
        })
    })
    .await?;
    // The password opens the final snapshot too: it is kept while one exists.
    if !final_snapshot {
        super::retire(c, Kind::DbPassword, &n.db()).await?;
    }
    Ok(Outcome::Done)
}

fn not_ours_group(name: &str) -> Error {
    Error::invalid(
        "infra.name",
        format!("a DB subnet group named {name} exists that Baseline did not make; choose another [infra] name"),
    )
}

pub async fn delete_subnet_group(c: &Clients, n: Names<'_>) -> Result<Outcome> {
    match live::db_subnet_group(c, &n.db_subnet_group(), n.stack()).await? {
        None => return Ok(Outcome::AlreadyDone),
        Some(g) if !g.ours => return Err(not_ours_group(&g.name)),
        Some(_) => {}
    }
    match call!(
        c,
        "rds:DeleteDBSubnetGroup",
        c.rds
            .delete_db_subnet_group()
            .db_subnet_group_name(n.db_subnet_group())
            .send()
    ) {
        Ok(_) => Ok(Outcome::Done),
        Err(e)
            if matches!(
                aws_code(&e),
                Some("DBSubnetGroupNotFoundFault" | "DBSubnetGroupNotFound")
            ) =>
        {
            Ok(Outcome::AlreadyDone)
        }
        Err(e) => Err(e),
    }
}
