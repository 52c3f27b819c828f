//! The stack as it is: a handful of reads, each filtered by the stack's tags.

use super::{call, role, Clients, TAG_ADOPTED, TAG_ROLE, TAG_STACK};
use crate::team::infra::Infra;
use crate::{Error, Result};
use aws_sdk_ec2::types::{ArchitectureType, Filter, InstanceType};
use serde::Serialize;

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

pub async fn default_network(c: &Clients, instance_type: Option<&str>) -> Result<Network> {
    let vpcs = call!(
        c,
        "ec2:DescribeVpcs",
        c.ec2
            .describe_vpcs()
            .filters(filter("is-default", &["true"]))
            .send()
    )?;
    let Some(vpc_id) = vpcs.vpcs().iter().find_map(|v| v.vpc_id()) else {
        return Err(Error::invalid(
            "infra.server",
            format!(
                "the region {} has no default VPC: create one in the VPC console (Actions → Create default VPC), then plan again",
                c.region
            ),
        ));
    };
    let subnets = call!(
        c,
        "ec2:DescribeSubnets",
        c.ec2
            .describe_subnets()
            .filters(filter("vpc-id", &[vpc_id]))
            .filters(filter("default-for-az", &["true"]))
            .send()
    )?;
    let mut pairs: Vec<(String, String)> = subnets
        .subnets()
        .iter()
        .filter_map(|s| Some((s.availability_zone()?.to_owned(), s.subnet_id()?.to_owned())))
        .collect();
    pairs.sort();
    let offered = match instance_type {
        Some(t) => offered_zones(c, t).await,
        None => None,
    };
    let server_subnet = pairs
        .iter()
        .find(|(az, _)| offered.as_ref().is_none_or(|o| o.contains(az)))
        .map(|(_, id)| id.clone());
    let mut zones: Vec<String> = pairs.iter().map(|(az, _)| az.clone()).collect();
    zones.dedup();
    Ok(Network {
        vpc_id: vpc_id.to_owned(),
        subnet_ids: pairs.into_iter().map(|(_, id)| id).collect(),
        zones,
        server_subnet,
    })
}

/// The zones of the region that offer `instance_type`; `None` when AWS does not say.
async fn offered_zones(c: &Clients, instance_type: &str) -> Option<Vec<String>> {
    let out = c
        .ec2
        .describe_instance_type_offerings()
        .location_type(aws_sdk_ec2::types::LocationType::AvailabilityZone)
        .filters(filter("instance-type", &[instance_type]))
        .send()
        .await
        .ok()?;
    let zones: Vec<String> = out
        .instance_type_offerings()
        .iter()
        .filter_map(|o| o.location().map(str::to_owned))
        .collect();
    (!zones.is_empty()).then_some(zones)
}

/// The newest Amazon Linux 2023 image for the instance type's architecture.
pub async fn newest_image(c: &Clients, instance_type: &str) -> Result<String> {
    let types = call!(
        c,
        "ec2:DescribeInstanceTypes",
        c.ec2
            .describe_instance_types()
            .instance_types(InstanceType::from(instance_type))
            .send()
    )?;
    let arm = types
        .instance_types()
        .first()
        .and_then(|t| t.processor_info())
        .map(|p| p.supported_architectures())
        .is_some_and(|a| a.contains(&ArchitectureType::Arm64));
    let arch = if arm { "arm64" } else { "x86_64" };
    let images = call!(
        c,
        "ec2:DescribeImages",
        c.ec2
            .describe_images()
            .owners("amazon")
            .filters(filter("name", &[&format!("al2023-ami-2023*-{arch}")]))
            .filters(filter("state", &["available"]))
            .filters(filter("architecture", &[arch]))
            .send()
    )?;
    images
        .images()
        .iter()
        .filter(|i| !i.name().unwrap_or("").contains("minimal"))
        .max_by_key(|i| i.creation_date().unwrap_or("").to_owned())
        .and_then(|i| i.image_id().map(str::to_owned))
        .ok_or_else(|| {
            Error::invalid(
                "infra.server.instance_type",
                format!(
                    "no Amazon Linux 2023 image ({arch}) is offered in {}",
                    c.region
                ),
            )
        })
}

pub(crate) async fn key_pair(c: &Clients, stack: &str) -> Result<Option<KeyPair>> {
    let out = call!(
        c,
        "ec2:DescribeKeyPairs",
        c.ec2
            .describe_key_pairs()
            .set_filters(Some(tag_filters(stack, role::KEY)))
            .include_public_key(true)
            .send()
    )?;
    Ok(out.key_pairs().first().map(|k| KeyPair {
        name: k.key_name().unwrap_or_default().to_owned(),
        id: k.key_pair_id().unwrap_or_default().to_owned(),
        public_key: k.public_key().map(str::to_owned),
    }))
}

pub(crate) async fn security_group(
    c: &Clients,
    stack: &str,
    role: &str,
) -> Result<Option<SecurityGroup>> {
    let out = call!(
        c,
        "ec2:DescribeSecurityGroups",
        c.ec2
            .describe_security_groups()
            .set_filters(Some(tag_filters(stack, role)))
            .send()
    )?;
    Ok(out.security_groups().first().map(|g| {
        let mut rules = Vec::new();
        for p in g.ip_permissions() {
            // Kept whole (protocol and range), so revoking one removes exactly what is there.
            let rule = |from: &str| Rule {
                port: p.from_port().unwrap_or(-1),
                to_port: p.to_port().unwrap_or(-1),
                protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
                from: canonical_cidr(from),
            };
            rules.extend(p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).map(rule));
            rules.extend(
                p.ipv6_ranges()
                    .iter()
                    .filter_map(|r| r.cidr_ipv6())
                    .map(rule),
            );
            rules.extend(
                p.user_id_group_pairs()
                    .iter()
                    .filter_map(|r| r.group_id())
                    .map(rule),
            );
        }
        rules.sort();
        rules.dedup();
        SecurityGroup {
            id: g.group_id().unwrap_or_default().to_owned(),
            name: g.group_name().unwrap_or_default().to_owned(),
            rules,
        }
    }))
}

pub(crate) async fn instance(c: &Clients, stack: &str) -> Result<Option<Instance>> {
    let mut filters = tag_filters(stack, role::SERVER);
    filters.push(filter(
        "instance-state-name",
        &["pending", "running", "stopping", "stopped"],
    ));
    let out = call!(
        c,
        "ec2:DescribeInstances",
        c.ec2.describe_instances().set_filters(Some(filters)).send()
    )?;
    let Some(i) = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .min_by_key(|i| i.launch_time().map(|t| t.secs()).unwrap_or(0))
    else {
        return Ok(None);
    };
    let id = i.instance_id().unwrap_or_default().to_owned();
    let attr = call!(
        c,
        "ec2:DescribeInstanceAttribute",
        c.ec2
            .describe_instance_attribute()
            .instance_id(&id)
            .attribute(aws_sdk_ec2::types::InstanceAttributeName::DisableApiTermination)
            .send()
    )?;
    let volume_ids: Vec<String> = i
        .block_device_mappings()
        .iter()
        .filter_map(|b| b.ebs().and_then(|e| e.volume_id()).map(str::to_owned))
        .collect();
    let root_name = i.root_device_name().unwrap_or("/dev/xvda").to_owned();
    let root_id = i
        .block_device_mappings()
        .iter()
        .find(|b| b.device_name() == Some(root_name.as_str()))
        .and_then(|b| b.ebs().and_then(|e| e.volume_id()))
        .map(str::to_owned);
    let (volumes_encrypted, root_volume) = if volume_ids.is_empty() {
        (false, None)
    } else {
        let v = call!(
            c,
            "ec2:DescribeVolumes",
            c.ec2
                .describe_volumes()
                .set_volume_ids(Some(volume_ids))
                .send()
        )?;
        let root = v
            .volumes()
            .iter()
            .find(|v| v.volume_id() == root_id.as_deref())
            .or(v.volumes().first())
            .and_then(|v| Some((v.volume_id()?.to_owned(), v.size()?)));
        (
            v.volumes().iter().all(|v| v.encrypted() == Some(true)),
            root,
        )
    };
    Ok(Some(Instance {
        id,
        instance_type: i
            .instance_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        state: i
            .state()
            .and_then(|s| s.name())
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default(),
        public_ip: i.public_ip_address().map(str::to_owned),
        imds_v2: i
            .metadata_options()
            .and_then(|m| m.http_tokens())
            .is_some_and(|t| t.as_str() == "required"),
        protected: attr
            .disable_api_termination()
            .and_then(|a| a.value())
            .unwrap_or(false),
        volumes_encrypted,
        root_volume,
        key_name: i.key_name().map(str::to_owned),
    }))
}

pub(crate) async fn address(c: &Clients, stack: &str) -> Result<Option<Address>> {
    let mut all = addresses(c, stack).await?;
    // The one on the server, if any, else the oldest read.
    all.sort_by_key(|a| a.instance_id.is_none());
    Ok(all.into_iter().next())
}

/// Every address with the stack's tag.
pub(crate) async fn addresses(c: &Clients, stack: &str) -> Result<Vec<Address>> {
    let out = call!(
        c,
        "ec2:DescribeAddresses",
        c.ec2
            .describe_addresses()
            .set_filters(Some(tag_filters(stack, role::IP)))
            .send()
    )?;
    Ok(out
        .addresses()
        .iter()
        .map(|a| Address {
            allocation_id: a.allocation_id().unwrap_or_default().to_owned(),
            public_ip: a.public_ip().unwrap_or_default().to_owned(),
            association_id: a.association_id().map(str::to_owned),
            instance_id: a.instance_id().map(str::to_owned),
        })
        .collect())
}

fn not_found(e: &Error, codes: &[&str]) -> bool {
    crate::aws::outcome::aws_code(e).is_some_and(|c| codes.contains(&c))
}

pub(crate) async fn db_subnet_group(
    c: &Clients,
    name: &str,
    stack: &str,
) -> Result<Option<SubnetGroup>> {
    match call!(
        c,
        "rds:DescribeDBSubnetGroups",
        c.rds
            .describe_db_subnet_groups()
            .db_subnet_group_name(name)
            .send()
    ) {
        Ok(out) => {
            let Some(g) = out.db_subnet_groups().first() else {
                return Ok(None);
            };
            let ours = match g.db_subnet_group_arn() {
                Some(arn) => call!(
                    c,
                    "rds:ListTagsForResource",
                    c.rds.list_tags_for_resource().resource_name(arn).send()
                )?
                .tag_list()
                .iter()
                .any(|t| t.key() == Some(TAG_STACK) && t.value() == Some(stack)),
                None => false,
            };
            Ok(Some(SubnetGroup {
                name: g.db_subnet_group_name().unwrap_or(name).to_owned(),
                ours,
            }))
        }
        Err(e) if not_found(&e, &["DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"]) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn database(c: &Clients, id: &str, stack: &str) -> Result<Option<Database>> {
    let out = match call!(
        c,
        "rds:DescribeDBInstances",
        c.rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
    ) {
        Ok(out) => out,
        Err(e) if not_found(&e, &["DBInstanceNotFound", "DBInstanceNotFoundFault"]) => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    Ok(out.db_instances().first().map(|d| Database {
        id: d.db_instance_identifier().unwrap_or(id).to_owned(),
        status: d.db_instance_status().unwrap_or_default().to_owned(),
        class: d.db_instance_class().unwrap_or_default().to_owned(),
        engine: d.engine().unwrap_or_default().to_owned(),
        engine_version: d.engine_version().unwrap_or_default().to_owned(),
        endpoint: d.endpoint().and_then(|e| e.address()).map(str::to_owned),
        port: d.endpoint().and_then(|e| e.port()),
        master_user: d.master_username().map(str::to_owned),
        public: d.publicly_accessible().unwrap_or(false),
        encrypted: d.storage_encrypted().unwrap_or(false),
        protected: d.deletion_protection().unwrap_or(false),
        backup_days: d.backup_retention_period().unwrap_or(0),
        storage_gb: d.allocated_storage().unwrap_or(0),
        aws_managed_password: d.master_user_secret().is_some(),
        ours: d
            .tag_list()
            .iter()
            .any(|t| t.key() == Some(TAG_STACK) && t.value() == Some(stack)),
    }))
}

/// The caller reference prefix of zones this stack made: a zone made just before a crash,
/// not yet tagged, is still recognised as ours.
pub fn zone_reference_prefix(stack: &str) -> String {
    format!("baseline:{stack}:")
}

/// The hosted zones named `name`: the stack's own (tagged or made with its reference) and
/// the others' ids.
pub(crate) async fn zones(
    c: &Clients,
    name: &str,
    stack: &str,
) -> Result<(Option<Zone>, Vec<String>)> {
    let out = call!(
        c,
        "route53:ListHostedZonesByName",
        c.route53.list_hosted_zones_by_name().dns_name(name).send()
    )?;
    let mut ours = None;
    let mut foreign = Vec::new();
    for z in out.hosted_zones() {
        // A private zone answers only inside a VPC: not the domain the registrar points at.
        let private = z.config().is_some_and(|c| c.private_zone());
        if private || z.name().trim_end_matches('.').to_ascii_lowercase() != name {
            continue;
        }
        let id = z.id().trim_start_matches("/hostedzone/").to_owned();
        let by_reference = z
            .caller_reference()
            .starts_with(&zone_reference_prefix(stack));
        let (tagged, adopted) = zone_tagged(c, &id, stack).await?;
        if (tagged || by_reference) && ours.is_none() {
            let mut zone = zone_details(c, &id, name, true).await?;
            zone.adopted = adopted;
            ours = Some(zone);
        } else {
            foreign.push(id);
        }
    }
    Ok((ours, foreign))
}

/// Whether the zone carries the stack's tag, and whether it was adopted.
async fn zone_tagged(c: &Clients, id: &str, stack: &str) -> Result<(bool, bool)> {
    let tags = call!(
        c,
        "route53:ListTagsForResource",
        c.route53
            .list_tags_for_resource()
            .resource_type(aws_sdk_route53::types::TagResourceType::Hostedzone)
            .resource_id(id)
            .send()
    )?;
    let tags = tags
        .resource_tag_set()
        .map(|s| s.tags())
        .unwrap_or_default();
    let has = |k: &str, v: &str| {
        tags.iter()
            .any(|t| t.key() == Some(k) && t.value() == Some(v))
    };
    Ok((has(TAG_STACK, stack), has(TAG_ADOPTED, "true")))
}

/// A zone's name servers and records.
pub(crate) async fn zone_details(c: &Clients, id: &str, name: &str, ours: bool) -> Result<Zone> {
    let (zone, records) = tokio::try_join!(
        async {
            call!(
                c,
                "route53:GetHostedZone",
                c.route53.get_hosted_zone().id(id).send()
            )
        },
        all_records(c, id),
    )?;
    let name_servers = zone
        .delegation_set()
        .map(|d| {
            d.name_servers()
                .iter()
                .map(|n| n.trim_end_matches('.').to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let records = records
        .iter()
        .map(|r| RecordSet {
            // Route 53 writes `*` as `\052`.
            name: r
                .name()
                .trim_end_matches('.')
                .replace("\\052", "*")
                .to_ascii_lowercase(),
            kind: r.r#type().as_str().to_owned(),
            ttl: r.ttl(),
            values: r
                .resource_records()
                .iter()
                .map(|v| v.value().to_owned())
                .collect(),
            alias: r.alias_target().cloned(),
            set_identifier: r.set_identifier().map(str::to_owned),
        })
        .collect();
    Ok(Zone {
        id: id.to_owned(),
        name: name.to_owned(),
        name_servers,
        ours,
        adopted: false,
        records,
    })
}

/// Every record set of a zone (Route 53 pages them 300 at a time, by name and type).
async fn all_records(
    c: &Clients,
    id: &str,
) -> Result<Vec<aws_sdk_route53::types::ResourceRecordSet>> {
    let mut out = Vec::new();
    let mut next: Option<(String, aws_sdk_route53::types::RrType, Option<String>)> = None;
    loop {
        let mut req = c.route53.list_resource_record_sets().hosted_zone_id(id);
        if let Some((name, kind, identifier)) = next.take() {
            req = req
                .start_record_name(name)
                .start_record_type(kind)
                .set_start_record_identifier(identifier);
        }
        let page = call!(c, "route53:ListResourceRecordSets", req.send())?;
        out.extend(page.resource_record_sets().iter().cloned());
        match (
            page.is_truncated(),
            page.next_record_name(),
            page.next_record_type(),
        ) {
            (true, Some(name), Some(kind)) => {
                next = Some((
                    name.to_owned(),
                    kind.clone(),
                    page.next_record_identifier().map(str::to_owned),
                ))
            }
            _ => return Ok(out),
        }
    }
}
