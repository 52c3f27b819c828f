//! The stack as it is: a handful of reads, each filtered by the stack's tags.

use super::{call, role, Clients, TAG_ADOPTED, TAG_ROLE, TAG_STACK};
use crate::team::infra::Infra;
use crate::{Error, Result};
use aws_sdk_ec2::types::{ArchitectureType, Filter, InstanceType};
use serde::Serialize;

mod ec2;
mod rds;
mod route53;

pub use ec2::*;
pub(crate) use rds::*;
pub use route53::*;

/// The region's default VPC and its subnets (one per availability zone).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Network {
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    /// Availability zones of those subnets (an RDS subnet group needs two or more).
    pub zones: Vec<String>,
    /// A default subnet in a zone that offers the server's instance type (t3 is not
    /// offered in every zone); `None` lets AWS choose.
    pub server_subnet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyPair {
    pub name: String,
    pub id: String,
    /// The OpenSSH public key AWS holds.
    pub public_key: Option<String>,
}

/// One ingress rule of a security group, flattened: a port range from a CIDR or a group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Rule {
    /// The first port of the range (-1 for "all").
    pub port: i32,
    pub to_port: i32,
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    /// A CIDR (v4 or v6, canonical form) or a security group id.
    pub from: String,
}

impl Rule {
    /// One TCP port from `from`.
    pub fn tcp(port: i32, from: &str) -> Rule {
        Rule {
            port,
            to_port: port,
            protocol: "tcp".into(),
            from: canonical_cidr(from),
        }
    }
}

/// A CIDR as AWS writes it back: IPv6 compressed and lower case (`2001:DB8::/32` →
/// `2001:db8::/32`), so the file's spelling never looks like a change.
pub fn canonical_cidr(cidr: &str) -> String {
    match cidr.split_once('/') {
        Some((addr, prefix)) => match addr.parse::<std::net::IpAddr>() {
            Ok(ip) => format!("{ip}/{prefix}"),
            Err(_) => cidr.to_owned(),
        },
        None => cidr.to_owned(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    pub id: String,
    pub instance_type: String,
    pub state: String,
    pub public_ip: Option<String>,
    pub imds_v2: bool,
    pub protected: bool,
    pub volumes_encrypted: bool,
    /// The root volume: its id and size in GB.
    pub root_volume: Option<(String, i32)>,
    pub key_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub allocation_id: String,
    pub public_ip: String,
    pub association_id: Option<String>,
    pub instance_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubnetGroup {
    pub name: String,
    /// Carries this stack's tag (one of the same name that is not ours is never touched).
    pub ours: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Database {
    pub id: String,
    pub status: String,
    pub class: String,
    pub engine: String,
    pub engine_version: String,
    pub endpoint: Option<String>,
    pub port: Option<i32>,
    pub master_user: Option<String>,
    pub public: bool,
    pub encrypted: bool,
    pub protected: bool,
    pub backup_days: i32,
    pub storage_gb: i32,
    pub aws_managed_password: bool,
    /// Carries this stack's tag (an untagged database of the same name is not ours).
    pub ours: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub name_servers: Vec<String>,
    pub ours: bool,
    /// A zone that existed before Baseline and was adopted: destroy removes only the records
    /// Baseline wrote, never the zone (or its other records).
    pub adopted: bool,
    pub records: Vec<RecordSet>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordSet {
    /// Full name without the trailing dot, lower case.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub ttl: Option<i64>,
    pub values: Vec<String>,
    /// Alias and routing-policy records are deleted only as read back (whole).
    #[serde(skip)]
    pub alias: Option<aws_sdk_route53::types::AliasTarget>,
    #[serde(skip)]
    pub set_identifier: Option<String>,
}

/// Everything of the stack that exists, plus the facts the plan needs (image, network).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Live {
    pub network: Option<Network>,
    /// The newest Amazon Linux 2023 image for the server's architecture.
    pub image_id: Option<String>,
    pub key: Option<KeyPair>,
    pub server_sg: Option<SecurityGroup>,
    pub db_sg: Option<SecurityGroup>,
    pub instance: Option<Instance>,
    pub address: Option<Address>,
    pub db_subnet_group: Option<SubnetGroup>,
    pub database: Option<Database>,
    pub zone: Option<Zone>,
    /// Zones of the declared name that Baseline did not make (adopting one is risky).
    pub foreign_zones: Vec<String>,
}

impl Live {
    /// The server's public address: the Elastic IP, else the instance's own public IP.
    pub fn server_ip(&self) -> Option<String> {
        self.address
            .as_ref()
            .map(|a| a.public_ip.clone())
            .or_else(|| self.instance.as_ref().and_then(|i| i.public_ip.clone()))
    }
}

pub(crate) fn filter(name: &str, values: &[&str]) -> Filter {
    Filter::builder()
        .name(name)
        .set_values(Some(values.iter().map(|v| (*v).to_owned()).collect()))
        .build()
}

/// The filters that find one role of one stack.
pub(crate) fn tag_filters(stack: &str, role: &str) -> Vec<Filter> {
    vec![
        filter(&format!("tag:{TAG_STACK}"), &[stack]),
        filter(&format!("tag:{TAG_ROLE}"), &[role]),
    ]
}

/// Read the stack. With `for_plan`, also the network and the image a new server needs.
pub async fn read(c: &Clients, infra: &Infra, for_plan: bool) -> Result<Live> {
    let names = infra.names();
    let stack = names.stack();
    let (subnet_group_name, db_id) = (names.db_subnet_group(), names.db());
    let (
        network,
        image,
        key,
        server_sg,
        db_sg,
        instance,
        address,
        db_subnet_group,
        database,
        zones,
    ) = tokio::try_join!(
        async {
            match for_plan && infra.server.is_some() {
                true => {
                    let instance_type = infra.server.as_ref().map(|s| s.instance_type.as_str());
                    default_network(c, instance_type).await.map(Some)
                }
                false => Ok(None),
            }
        },
        async {
            match (&infra.server, for_plan) {
                (Some(s), true) => newest_image(c, &s.instance_type).await.map(Some),
                _ => Ok(None),
            }
        },
        key_pair(c, stack),
        security_group(c, stack, role::SERVER_SG),
        security_group(c, stack, role::DB_SG),
        instance(c, stack),
        address(c, stack),
        db_subnet_group(c, &subnet_group_name, stack),
        database(c, &db_id, stack),
        async {
            match &infra.dns {
                Some(dns) => zones(c, &dns.zone_name(), stack).await,
                None => Ok((None, Vec::new())),
            }
        },
    )?;
    Ok(Live {
        network,
        image_id: image,
        key,
        server_sg,
        db_sg,
        instance,
        address,
        db_subnet_group,
        database,
        zone: zones.0,
        foreign_zones: zones.1,
    })
}
