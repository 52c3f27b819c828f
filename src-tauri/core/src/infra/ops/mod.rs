//! The `[infra]` changes apply and destroy make. Each finds its resource by the stack's
//! tags before making it, so a repeated or resumed run never makes a second one.

mod dns;
mod ec2;
pub mod rds;
mod server;

use super::live::Rule;
use super::Clients;
use crate::aws::outcome::Outcome;
use crate::team::infra::{Database, Names, RecordType};
use crate::Result;
use std::time::{Duration, Instant};

/// One `[infra]` change, for the stack named in [`Job::stack`].
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Generate an ed25519 key, store it in the keychain, import its public half.
    ImportKey,
    /// Make the server's security group (if missing) and converge its ingress rules.
    ServerSg {
        vpc_id: String,
        rules: Vec<Rule>,
    },
    /// Make the database's security group and admit only the server's group on `port`.
    DbSg {
        vpc_id: String,
        port: i32,
    },
    /// Launch the server (default VPC, IMDSv2 required, encrypted gp3) and wait for it.
    RunServer {
        image_id: String,
        instance_type: String,
        disk_gb: i32,
        subnet_id: Option<String>,
        protect: bool,
    },
    /// Termination protection on or off.
    ServerProtection {
        on: bool,
    },
    /// An Elastic IP, allocated (tagged) and associated with the server.
    StaticIp,
    DbSubnetGroup {
        subnet_ids: Vec<String>,
    },
    /// Store the password (keychain mode), create the database, wait until available.
    CreateDatabase {
        db: Database,
        protect: bool,
    },
    /// In-place changes: backup retention, deletion protection, more storage.
    ModifyDatabase {
        backup_days: i32,
        protect: bool,
        storage_gb: i32,
    },
    /// Grow the server's disk (EBS grows online; the file system is grown on the server).
    GrowDisk {
        volume_id: String,
        gb: i32,
    },
    /// The hosted zone (tagged), or adopt the named existing zone by tagging it.
    Zone {
        domain: String,
        adopt: Option<String>,
    },
    /// UPSERT one record set; `values` may hold [`SERVER_IP`], resolved when it runs.
    Record {
        domain: String,
        name: String,
        kind: RecordType,
        values: Vec<String>,
    },
    // Teardown, in this order.
    /// Delete the record set of this name and type exactly as AWS holds it.
    DeleteRecord {
        domain: String,
        name: String,
        kind: String,
    },
    DeleteZone {
        id: String,
    },
    ReleaseIp,
    DeleteDatabase {
        final_snapshot: bool,
    },
    TerminateServer,
    DeleteDbSubnetGroup,
    DeleteSg {
        role: &'static str,
    },
    DeleteKey,
}

/// The placeholder for "the server's public IP" in a record's values.
pub const SERVER_IP: &str = "<server>";

/// An op with the stack it acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub stack: String,
    /// The team's home region (EC2 and RDS live there; Route 53 is global).
    pub region: String,
    pub op: Op,
}

impl Job {
    pub fn names(&self) -> Names<'_> {
        Names(&self.stack)
    }
}

/// Where a long step is: its state (as AWS words it) and the time waited so far.
pub type Report<'a> = &'a (dyn Fn(&str, Duration) + Send + Sync);

pub async fn run(c: &Clients, job: &Job, report: Report<'_>) -> Result<Outcome> {
    let n = job.names();
    match &job.op {
        Op::ImportKey => ec2::import_key(c, n).await,
        Op::ServerSg { vpc_id, rules } => ec2::server_sg(c, n, vpc_id, rules).await,
        Op::DbSg { vpc_id, port } => ec2::db_sg(c, n, vpc_id, *port).await,
        Op::RunServer {
            image_id,
            instance_type,
            disk_gb,
            subnet_id,
            protect,
        } => {
            let spec = server::ServerSpec {
                image_id,
                instance_type,
                disk_gb: *disk_gb,
                subnet_id: subnet_id.as_deref(),
                protect: *protect,
            };
            server::run_server(c, n, &spec, report).await
        }
        Op::ServerProtection { on } => server::server_protection(c, n, *on).await,
        Op::StaticIp => server::static_ip(c, n).await,
        Op::DbSubnetGroup { subnet_ids } => rds::subnet_group(c, n, subnet_ids).await,
        Op::CreateDatabase { db, protect } => rds::create(c, n, db, *protect, report).await,
        Op::ModifyDatabase {
            backup_days,
            protect,
            storage_gb,
        } => rds::modify(c, n, *backup_days, *protect, *storage_gb).await,
        Op::GrowDisk { volume_id, gb } => server::grow_disk(c, volume_id, *gb).await,
        Op::Zone { domain, adopt } => dns::zone(c, n, domain, adopt.as_deref()).await,
        Op::Record {
            domain,
            name,
            kind,
            values,
        } => dns::upsert(c, n, domain, name, *kind, values).await,
        Op::DeleteRecord { domain, name, kind } => {
            dns::delete_record(c, n, domain, name, kind).await
        }
        Op::DeleteZone { id } => dns::delete_zone(c, id).await,
        Op::ReleaseIp => server::release_ip(c, n).await,
        Op::DeleteDatabase { final_snapshot } => rds::delete(c, n, *final_snapshot, report).await,
        Op::TerminateServer => server::terminate(c, n, report).await,
        Op::DeleteDbSubnetGroup => rds::delete_subnet_group(c, n).await,
        Op::DeleteSg { role } => ec2::delete_sg(c, n, role, report).await,
        Op::DeleteKey => ec2::delete_key(c, n).await,
    }
}

/// Read until AWS shows it: tags and new ids are eventually consistent, so a resource made
/// a moment ago may not be found yet. Gives up after a minute.
pub(crate) async fn eventually<T, F, Fut>(what: &str, mut read: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let start = Instant::now();
    let mut delay = Duration::from_millis(500);
    loop {
        if let Some(found) = read().await? {
            return Ok(found);
        }
        if start.elapsed() > Duration::from_secs(60) {
            return Err(crate::Error::NotReady {
                what: what.to_string(),
                detail: "not visible in AWS after a minute; run apply again".into(),
            });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(8));
    }
}

/// Remove a secret of a resource that is gone, from the keychain and the index.
pub(crate) async fn retire(c: &Clients, kind: crate::vault::Kind, name: &str) -> Result<()> {
    let key = crate::vault::key(&c.account_id, kind, name);
    let home = c.home();
    crate::vault::blocking(move || {
        crate::vault::delete(&key)?;
        crate::vault::index::remove(&home, &key)
    })
    .await
}

/// How often to look again while waiting: soon at first, then every `max`.
fn poll_delay(waited: Duration, max: Duration) -> Duration {
    let d = Duration::from_millis(500) + waited / 4;
    d.min(max)
}

/// Wait until `check` says done (Some), reporting its state; gives up after `limit`.
async fn wait_for<F, Fut>(
    what: &str,
    limit: Duration,
    max_poll: Duration,
    report: Report<'_>,
    mut check: F,
) -> Result<String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(bool, String)>>,
{
    let start = Instant::now();
    loop {
        let (done, state) = check().await?;
        report(&state, start.elapsed());
        if done {
            return Ok(state);
        }
        if start.elapsed() > limit {
            return Err(crate::Error::NotReady {
                what: what.to_string(),
                detail: format!(
                    "still {state} after {} minutes; run apply again later to finish",
                    limit.as_secs() / 60
                ),
            });
        }
        tokio::time::sleep(poll_delay(start.elapsed(), max_poll)).await;
    }
}

/// The value of a tag list for EC2 `TagSpecification`s.
fn ec2_tags(
    stack: &str,
    role: &str,
    kind: aws_sdk_ec2::types::ResourceType,
) -> aws_sdk_ec2::types::TagSpecification {
    let tags = super::tags(stack, role)
        .into_iter()
        .map(|(k, v)| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build())
        .collect();
    aws_sdk_ec2::types::TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(tags))
        .build()
}
