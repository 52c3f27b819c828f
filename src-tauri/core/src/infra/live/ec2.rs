//! EC2 reads: the default network, the image, and the stack's key pair, security groups,
//! instance and addresses.

use super::*;

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
