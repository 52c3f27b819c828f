//! EC2: the server itself (launch, protection, static IP, disk, termination).

use super::ec2::{group_of, outcome};
use super::{ec2_tags, eventually, wait_for, Report};
use crate::aws::outcome::{aws_code, Outcome};
use crate::infra::live;
use crate::infra::{call, role, Clients};
use crate::team::infra::Names;
use crate::Result;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, BlockDeviceMapping, DomainType, EbsBlockDevice, HttpTokensState,
    InstanceMetadataEndpointState, InstanceMetadataOptionsRequest, InstanceType, ResourceType,
    VolumeType,
};
use std::time::Duration;

/// What a new server is made from.
pub struct ServerSpec<'a> {
    pub image_id: &'a str,
    pub instance_type: &'a str,
    pub disk_gb: i32,
    pub subnet_id: Option<&'a str>,
    pub protect: bool,
}

pub async fn run_server(
    c: &Clients,
    n: Names<'_>,
    spec: &ServerSpec<'_>,
    report: Report<'_>,
) -> Result<Outcome> {
    // Found by tag first; a resumed run also waits for one an earlier run left starting.
    if let Some(i) = live::instance(c, n.stack()).await? {
        forget_launch(c, n);
        if i.state != "running" {
            wait_running(c, &i.id, report).await?;
        }
        if spec.protect && !i.protected {
            set_protection(c, &i.id, true).await?;
        }
        return Ok(Outcome::AlreadyDone);
    }
    let sg = group_of(c, n, role::SERVER_SG).await?;
    // The token is kept on disk until the server is seen: a run killed right after
    // RunInstances, resumed before the tag search shows the instance, gets the same one back.
    let token = launch_token(c, n)?;
    let disk = EbsBlockDevice::builder()
        .volume_size(spec.disk_gb)
        .volume_type(VolumeType::Gp3)
        .encrypted(true)
        .delete_on_termination(true)
        .build();
    let out = call!(
        c,
        "ec2:RunInstances",
        c.ec2
            .run_instances()
            .image_id(spec.image_id)
            .instance_type(InstanceType::from(spec.instance_type))
            .key_name(n.key())
            .min_count(1)
            .max_count(1)
            .security_group_ids(sg.id)
            .set_subnet_id(spec.subnet_id.map(str::to_owned))
            .metadata_options(
                InstanceMetadataOptionsRequest::builder()
                    .http_tokens(HttpTokensState::Required)
                    .http_endpoint(InstanceMetadataEndpointState::Enabled)
                    .build()
            )
            .block_device_mappings(
                BlockDeviceMapping::builder()
                    .device_name("/dev/xvda")
                    .ebs(disk)
                    .build()
            )
            .tag_specifications(ec2_tags(n.stack(), role::SERVER, ResourceType::Instance))
            .tag_specifications(ec2_tags(n.stack(), role::SERVER, ResourceType::Volume))
            .disable_api_termination(spec.protect)
            .client_token(token)
            .send()
    )?;
    let id = out
        .instances()
        .first()
        .and_then(|i| i.instance_id())
        .unwrap_or_default()
        .to_owned();
    wait_running(c, &id, report).await?;
    // Not every endpoint honours RunInstances(DisableApiTermination): set it again.
    if spec.protect {
        set_protection(c, &id, true).await?;
    }
    forget_launch(c, n);
    Ok(Outcome::Done)
}

fn launch_file(c: &Clients, n: Names<'_>) -> std::path::PathBuf {
    c.home()
        .join(format!("launch-{}-{}.token", c.account_id, n.stack()))
}

/// The client token of this stack's launch: the one kept from an interrupted run, or new.
fn launch_token(c: &Clients, n: Names<'_>) -> Result<String> {
    let path = launch_file(c, n);
    if let Ok(token) = std::fs::read_to_string(&path) {
        if !token.trim().is_empty() {
            return Ok(token.trim().to_owned());
        }
    }
    let token = format!("baseline-{}-{:016x}", n.stack(), rand::random::<u64>());
    crate::fsio::write_atomic(&path, token.as_bytes())?;
    Ok(token)
}

fn forget_launch(c: &Clients, n: Names<'_>) {
    let _ = std::fs::remove_file(launch_file(c, n));
}

async fn wait_running(c: &Clients, id: &str, report: Report<'_>) -> Result<String> {
    wait_for(
        "the server",
        Duration::from_secs(600),
        Duration::from_secs(5),
        report,
        || instance_state(c, id, "running"),
    )
    .await
}

async fn instance_state(c: &Clients, id: &str, want: &str) -> Result<(bool, String)> {
    let out = match call!(
        c,
        "ec2:DescribeInstances",
        c.ec2.describe_instances().instance_ids(id).send()
    ) {
        Ok(out) => out,
        // A just-launched id is not known everywhere yet.
        Err(e) if aws_code(&e) == Some("InvalidInstanceID.NotFound") && want == "running" => {
            return Ok((false, "pending".into()))
        }
        Err(e) if aws_code(&e) == Some("InvalidInstanceID.NotFound") => {
            return Ok((want == "terminated", "terminated".into()))
        }
        Err(e) => return Err(e),
    };
    let state = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .find_map(|i| i.state().and_then(|s| s.name()))
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| "terminated".into());
    Ok((state == want, state))
}

async fn set_protection(c: &Clients, id: &str, on: bool) -> Result<()> {
    call!(
        c,
        "ec2:ModifyInstanceAttribute",
        c.ec2
            .modify_instance_attribute()
            .instance_id(id)
            .disable_api_termination(AttributeBooleanValue::builder().value(on).build())
            .send()
    )?;
    Ok(())
}

pub async fn server_protection(c: &Clients, n: Names<'_>, on: bool) -> Result<Outcome> {
    let i = eventually("the server", || live::instance(c, n.stack())).await?;
    if i.protected == on {
        return Ok(Outcome::AlreadyDone);
    }
    set_protection(c, &i.id, on).await?;
    Ok(Outcome::Done)
}

pub async fn static_ip(c: &Clients, n: Names<'_>) -> Result<Outcome> {
    let instance = eventually("the server", || live::instance(c, n.stack())).await?;
    let mut changed = false;
    let address = match live::address(c, n.stack()).await? {
        Some(a) => a,
        None => {
            let out = call!(
                c,
                "ec2:AllocateAddress",
                c.ec2
                    .allocate_address()
                    .domain(DomainType::Vpc)
                    .tag_specifications(ec2_tags(n.stack(), role::IP, ResourceType::ElasticIp))
                    .send()
            )?;
            changed = true;
            live::Address {
                allocation_id: out.allocation_id().unwrap_or_default().to_owned(),
                public_ip: out.public_ip().unwrap_or_default().to_owned(),
                association_id: None,
                instance_id: None,
            }
        }
    };
    if address.instance_id.as_deref() != Some(instance.id.as_str()) {
        call!(
            c,
            "ec2:AssociateAddress",
            c.ec2
                .associate_address()
                .allocation_id(&address.allocation_id)
                .instance_id(&instance.id)
                .allow_reassociation(false)
                .send()
        )?;
        changed = true;
    }
    Ok(outcome(changed))
}

/// Release every address with the stack's tag (a lost AllocateAddress answer retried by
/// the SDK may have made a second one, which would bill while idle).
pub async fn release_ip(c: &Clients, n: Names<'_>) -> Result<Outcome> {
    let all = live::addresses(c, n.stack()).await?;
    if all.is_empty() {
        return Ok(Outcome::AlreadyDone);
    }
    for a in &all {
        release_one(c, a).await?;
    }
    Ok(Outcome::Done)
}

async fn release_one(c: &Clients, a: &live::Address) -> Result<()> {
    if let Some(association) = &a.association_id {
        call!(
            c,
            "ec2:DisassociateAddress",
            c.ec2
                .disassociate_address()
                .association_id(association)
                .send()
        )?;
    }
    call!(
        c,
        "ec2:ReleaseAddress",
        c.ec2
            .release_address()
            .allocation_id(&a.allocation_id)
            .send()
    )?;
    Ok(())
}

pub async fn terminate(c: &Clients, n: Names<'_>, report: Report<'_>) -> Result<Outcome> {
    let Some(i) = live::instance(c, n.stack()).await? else {
        return Ok(Outcome::AlreadyDone);
    };
    if i.protected {
        set_protection(c, &i.id, false).await?;
    }
    call!(
        c,
        "ec2:TerminateInstances",
        c.ec2.terminate_instances().instance_ids(&i.id).send()
    )?;
    wait_for(
        "the server",
        Duration::from_secs(600),
        Duration::from_secs(5),
        report,
        || instance_state(c, &i.id, "terminated"),
    )
    .await?;
    Ok(Outcome::Done)
}

pub async fn grow_disk(c: &Clients, volume_id: &str, gb: i32) -> Result<Outcome> {
    call!(
        c,
        "ec2:ModifyVolume",
        c.ec2.modify_volume().volume_id(volume_id).size(gb).send()
    )?;
    Ok(Outcome::Done)
}
