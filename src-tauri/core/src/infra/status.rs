//! Part 2 of the account checklist, read from AWS, and the connection card: how to reach
//! the server and the database.

use super::live::{self, Live};
use super::{dns, Clients, SSH_USER};
use crate::checklist::{item, Action, Evidence, Guide, Item, State};
use crate::journal::ManualStep;
use crate::team::infra::{Infra, PasswordMode};
use crate::team::Team;
use crate::vault::{self, Kind};
use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;

/// How to reach the server and the database.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub host: Option<String>,
    pub user: &'static str,
    /// Where the card's commands expect the key (write it there with `ssh-key --out`).
    pub key_file: String,
    pub ssh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<DbCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DbCard {
    pub engine: String,
    pub endpoint: Option<String>,
    pub port: i32,
    pub user: String,
    /// `keychain` (kind db-password) or `aws-managed` (Secrets Manager).
    pub password: PasswordMode,
    /// An SSH tunnel through the server: the database is never public.
    pub tunnel: Option<String>,
    /// The client command once the tunnel is up.
    pub client: String,
}

/// The Part 2 section of the account checklist.
#[derive(Debug, Clone, Serialize)]
pub struct InfraStatus {
    pub stack: String,
    pub region: String,
    pub items: Vec<Item>,
    pub card: Card,
    /// The hosted zone's four name servers, for the registrar.
    pub name_servers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegation: Option<dns::Delegation>,
}

async fn stored(account_id: &str, kind: Kind, name: &str) -> Result<bool> {
    let key = vault::key(account_id, kind, name);
    Ok(crate::vault::blocking(move || vault::read(&key))
        .await?
        .is_some())
}

/// The key file name the card suggests: in ~/.ssh, named after the key pair.
pub fn key_file(infra: &Infra) -> String {
    format!("~/.ssh/{}", infra.names().key())
}

pub fn card(infra: &Infra, live: &Live) -> Card {
    let host = live.server_ip();
    let key = key_file(infra);
    let ssh = host
        .as_ref()
        .map(|h| format!("ssh -i {key} {SSH_USER}@{h}"));
    let database = infra.database.as_ref().map(|d| {
        let port = d.engine.port();
        let endpoint = live.database.as_ref().and_then(|x| x.endpoint.clone());
        let user = d.engine.master_user().to_owned();
        let tunnel = match (&host, &endpoint) {
            (Some(h), Some(e)) => Some(format!(
                "ssh -i {key} -N -L {port}:{e}:{port} {SSH_USER}@{h}"
            )),
            _ => None,
        };
        let client = match d.engine {
            crate::team::infra::Engine::Postgres => {
                format!("psql -h 127.0.0.1 -p {port} -U {user} postgres")
            }
            _ => format!("mysql -h 127.0.0.1 -P {port} -u {user} -p"),
        };
        DbCard {
            engine: d.engine.rds_name().to_owned(),
            endpoint,
            port,
            user,
            password: d.password,
            tunnel,
            client,
        }
    });
    Card {
        host,
        user: SSH_USER,
        key_file: key,
        ssh,
        database,
    }
}

/// Read the stack and check it as the checklist shows it.
pub async fn read(
    conn: &crate::aws::Connection,
    home: &Path,
    team: &Team,
    account_id: &str,
) -> Result<Option<InfraStatus>> {
    let Some(infra) = &team.infra else {
        return Ok(None);
    };
    let clients = Clients::new(conn, account_id, &team.account.home_region);
    let live = live::read(&clients, infra, false).await?;
    let names = infra.names();
    let key_stored = match &live.key {
        Some(pair) => super::key_matches(account_id, infra, pair).await?,
        None => stored(account_id, Kind::Ec2Key, &names.key()).await?,
    };
    let db_stored = stored(account_id, Kind::DbPassword, &names.db()).await?;
    let delegation = match (&live.zone, &infra.dns) {
        (Some(z), Some(d)) => Some(dns::check(&d.zone_name(), &z.name_servers).await),
        _ => None,
    };
    let confirmed = crate::journal::manual_steps(home, account_id)?
        .contains_key(ManualStep::Registrar.as_str());
    let items = items(
        infra,
        &live,
        key_stored,
        db_stored,
        delegation.as_ref(),
        confirmed,
    );
    Ok(Some(InfraStatus {
        stack: infra.name.clone(),
        region: team.account.home_region.clone(),
        items,
        card: card(infra, &live),
        name_servers: live
            .zone
            .as_ref()
            .map(|z| z.name_servers.clone())
            .unwrap_or_default(),
        delegation,
    }))
}

fn with_detail(mut i: Item, detail: Option<String>) -> Item {
    i.detail = detail;
    i
}

/// The checks, in the walk's order.
pub fn items(
    infra: &Infra,
    live: &Live,
    key_stored: bool,
    db_stored: bool,
    delegation: Option<&dns::Delegation>,
    registrar_confirmed: bool,
) -> Vec<Item> {
    let mut out = Vec::new();
    let apply = Some(Action::Apply);
    if let Some(s) = &infra.server {
        let i = live.instance.as_ref();
        out.push(with_detail(
            item(
                "infra_server_running",
                i.is_some_and(|i| i.state == "running"),
                State::Todo,
                Evidence::Ec2Instances,
                apply,
            ),
            i.map(|i| format!("{} {}", i.id, i.state)),
        ));
        if let Some(i) = i {
            out.push(item(
                "infra_imds_v2",
                i.imds_v2,
                State::Attention,
                Evidence::Ec2Instances,
                apply,
            ));
            out.push(item(
                "infra_disk_encrypted",
                i.volumes_encrypted,
                State::Attention,
                Evidence::Ec2Volumes,
                None,
            ));
        }
        let world = live.server_sg.as_ref().is_some_and(|g| {
            g.rules
                .iter()
                .any(|r| r.port == 22 && (r.from == "0.0.0.0/0" || r.from == "::/0"))
        });
        out.push(item(
            "infra_ssh_not_world",
            !world,
            State::Attention,
            Evidence::SecurityGroups,
            apply,
        ));
        if s.static_ip {
            let attached = match (&live.address, i) {
                (Some(a), Some(i)) => a.instance_id.as_deref() == Some(i.id.as_str()),
                _ => false,
            };
            out.push(with_detail(
                item(
                    "infra_static_ip",
                    attached,
                    if live.address.is_some() {
                        State::Attention
                    } else {
                        State::Todo
                    },
                    Evidence::ElasticIps,
                    apply,
                ),
                live.address.as_ref().map(|a| a.public_ip.clone()),
            ));
        }
        out.push(item(
            "infra_key_stored",
            key_stored && live.key.is_some(),
            State::Todo,
            Evidence::Keychain,
            apply,
        ));
    }
    if let Some(d) = &infra.database {
        let db = live.database.as_ref();
        out.push(with_detail(
            item(
                "infra_db_available",
                db.is_some_and(|d| d.status == "available"),
                State::Todo,
                Evidence::RdsInstances,
                apply,
            ),
            db.map(|d| d.status.clone()),
        ));
        if let Some(db) = db {
            out.push(item(
                "infra_db_private",
                !db.public,
                State::Attention,
                Evidence::RdsInstances,
                None,
            ));
            out.push(item(
                "infra_db_encrypted",
                db.encrypted,
                State::Attention,
                Evidence::RdsInstances,
                None,
            ));
            out.push(item(
                "infra_db_protected",
                db.protected || !infra.protect,
                State::Attention,
                Evidence::RdsInstances,
                apply,
            ));
            out.push(with_detail(
                item(
                    "infra_db_backups",
                    db.backup_days > 0,
                    State::Attention,
                    Evidence::RdsInstances,
                    apply,
                ),
                Some(db.backup_days.to_string()),
            ));
        }
        let password_ok = match d.password {
            PasswordMode::Keychain => db_stored,
            PasswordMode::AwsManaged => db.is_some_and(|d| d.aws_managed_password),
        };
        out.push(item(
            "infra_db_password_stored",
            password_ok,
            State::Todo,
            Evidence::Keychain,
            apply,
        ));
    }
    if let Some(dns) = &infra.dns {
        out.push(item(
            "infra_zone",
            live.zone.is_some(),
            State::Todo,
            Evidence::HostedZones,
            apply,
        ));
        if live.zone.is_some() {
            let d = delegation.cloned();
            let ok = d.as_ref().is_some_and(|d| d.ok);
            // Before the lead says the registrar step is done it is a step to do; after,
            // a delegation that still differs needs attention (or time: up to 48 h).
            let (bad, action) = if registrar_confirmed {
                (
                    State::Attention,
                    Action::Guide {
                        guide: Guide::Registrar,
                    },
                )
            } else {
                (
                    State::Manual,
                    Action::Confirm {
                        step: ManualStep::Registrar,
                    },
                )
            };
            out.push(with_detail(
                item(
                    "infra_delegation",
                    ok,
                    bad,
                    Evidence::DnsLookup,
                    Some(action),
                ),
                d.map(|d| {
                    if d.missing.is_empty() && d.wrong.is_empty() {
                        d.found.join(" ")
                    } else {
                        format!(
                            "missing: {}; wrong: {}",
                            d.missing.join(" "),
                            d.wrong.join(" ")
                        )
                    }
                }),
            ));
        }
        if infra.server.is_some() && dns.records.iter().any(|r| r.to == "server") {
            let ip = live.server_ip();
            let apex = dns.zone_name();
            let a = live
                .zone
                .as_ref()
                .and_then(|z| z.records.iter().find(|r| r.name == apex && r.kind == "A"));
            let ok = match (&ip, a) {
                (Some(ip), Some(a)) => a.values == [ip.clone()],
                _ => false,
            };
            out.push(with_detail(
                item(
                    "infra_a_record",
                    ok,
                    State::Todo,
                    Evidence::RecordSets,
                    apply,
                ),
                a.map(|a| a.values.join(", ")),
            ));
        }
    }
    out
}

/// Write the server's private key to `path` (created 0600), never under BASELINE_HOME.
pub fn write_key(home: &Path, account_id: &str, infra: &Infra, path: &Path) -> Result<()> {
    let secret = read_key(account_id, infra)?;
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(parent).map_err(|e| Error::io(parent, e))?;
    if let Ok(home) = std::fs::canonicalize(home) {
        if dir.starts_with(&home) {
            return Err(Error::invalid("out", "the key is never written under BASELINE_HOME: choose a folder of your own (e.g. ~/.ssh)"));
        }
    }
    // Never over someone's own key (`id_ed25519` typed by mistake): only the same key again.
    if let Ok(existing) = std::fs::read(path) {
        if existing != secret.expose().as_bytes() {
            return Err(Error::invalid(
                "out",
                format!(
                    "{} already exists and holds something else: choose another file name",
                    path.display()
                ),
            ));
        }
    }
    crate::fsio::write_atomic(path, secret.expose().as_bytes())
}

/// The server's private key from the keychain.
pub fn read_key(account_id: &str, infra: &Infra) -> Result<vault::Secret> {
    let key = vault::key(account_id, Kind::Ec2Key, &infra.names().key());
    vault::read(&key)?.ok_or_else(|| {
        Error::invalid(
            "infra",
            "the keychain holds no key for this server: apply first",
        )
    })
}
