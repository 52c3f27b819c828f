//! EC2: the key pair, the two security groups, the server and its static IP.

use super::{ec2_tags, eventually, retire, wait_for, Report};
use crate::aws::outcome::{aws_code, Outcome};
use crate::infra::live::{self, Rule};
use crate::infra::{call, role, Clients};
use crate::team::infra::Names;
use crate::vault::{self, Kind, Secret};
use crate::{Error, Result};
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, BlockDeviceMapping, DomainType, EbsBlockDevice, HttpTokensState,
    InstanceMetadataEndpointState, InstanceMetadataOptionsRequest, InstanceType, IpPermission,
    IpRange, Ipv6Range, ResourceType, UserIdGroupPair, VolumeType,
};
use std::time::Duration;

/// The server's private key, from the keychain, or a new one stored there first.
pub(crate) async fn key_material(c: &Clients, n: Names<'_>) -> Result<ssh_key::PrivateKey> {
    let key = vault::key(&c.account_id, Kind::Ec2Key, &n.key());
    let k = key.clone();
    if let Some(stored) = crate::iam::ops::blocking(move || vault::read(&k)).await? {
        return ssh_key::PrivateKey::from_openssh(stored.expose())
            .map_err(|e| Error::Internal(format!("the stored server key is unreadable: {e}")));
    }
    let private =
        ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519)
            .map_err(|e| Error::Internal(format!("generating the server key: {e}")))?;
    let text = private
        .to_openssh(ssh_key::LineEnding::LF)
        .map_err(|e| Error::Internal(format!("encoding the server key: {e}")))?;
    let secret = Secret::new(text.as_str());
    let (home, account, name) = (c.home(), c.account_id.clone(), n.key());
    crate::iam::ops::blocking(move || {
        vault::store(&key, &secret)?;
        vault::index::record(&home, &account, Kind::Ec2Key, &name, Some("server")).map(|_| ())
    })
    .await?;
    Ok(private)
}

/// The OpenSSH public line of a private key (`ssh-ed25519 AAAA… comment`).
pub(crate) fn public_line(private: &ssh_key::PrivateKey) -> Result<String> {
    private
        .public_key()
        .to_openssh()
        .map_err(|e| Error::Internal(format!("encoding the public key: {e}")))
}

pub async fn import_key(c: &Clients, n: Names<'_>) -> Result<Outcome> {
    if live::key_pair(c, n.stack()).await?.is_some() {
        return Ok(Outcome::AlreadyDone);
    }
    // Stored before AWS sees it: a crash here leaves a key the next run imports.
    let private = key_material(c, n).await?;
    let public = public_line(&private)?;
    call!(
        c,
        "ec2:ImportKeyPair",
        c.ec2
            .import_key_pair()
            .key_name(n.key())
            .public_key_material(Blob::new(public.into_bytes()))
            .tag_specifications(ec2_tags(n.stack(), role::KEY, ResourceType::KeyPair))
            .send()
    )?;
    Ok(Outcome::Done)
}

pub async fn delete_key(c: &Clients, n: Names<'_>) -> Result<Outcome> {
    let outcome = match live::key_pair(c, n.stack()).await? {
        Some(k) => {
            call!(
                c,
                "ec2:DeleteKeyPair",
                c.ec2.delete_key_pair().key_name(k.name).send()
            )?;
            Outcome::Done
        }
        None => Outcome::AlreadyDone,
    };
    // Retired only once AWS no longer holds the key pair.
    retire(c, Kind::Ec2Key, &n.key()).await?;
    Ok(outcome)
}

fn permission(rule: &Rule) -> IpPermission {
    let b = IpPermission::builder()
        .ip_protocol(&rule.protocol)
        .from_port(rule.port)
        .to_port(rule.to_port);
    if rule.from.starts_with("sg-") {
        b.user_id_group_pairs(UserIdGroupPair::builder().group_id(&rule.from).build())
    } else if rule.from.contains(':') {
        b.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(&rule.from).build())
    } else {
        b.ip_ranges(IpRange::builder().cidr_ip(&rule.from).build())
    }
    .build()
}

/// The group of `role`, made if missing; returns its id and current rules.
async fn ensure_sg(
    c: &Clients,
    n: Names<'_>,
    role: &'static str,
    name: String,
    description: &str,
    vpc_id: &str,
) -> Result<(String, Vec<Rule>, bool)> {
    if let Some(g) = live::security_group(c, n.stack(), role).await? {
        return Ok((g.id, g.rules, false));
    }
    let out = call!(
        c,
        "ec2:CreateSecurityGroup",
        c.ec2
            .create_security_group()
            .group_name(name)
            .description(description)
            .vpc_id(vpc_id)
            .tag_specifications(ec2_tags(n.stack(), role, ResourceType::SecurityGroup))
            .send()
    )?;
    Ok((
        out.group_id().unwrap_or_default().to_owned(),
        Vec::new(),
        true,
    ))
}

/// Authorize what is missing, revoke what is not wanted.
async fn converge(c: &Clients, id: &str, have: &[Rule], want: &[Rule]) -> Result<bool> {
    let add: Vec<IpPermission> = want
        .iter()
        .filter(|r| !have.contains(r))
        .map(permission)
        .collect();
    let remove: Vec<IpPermission> = have
        .iter()
        .filter(|r| !want.contains(r))
        .map(permission)
        .collect();
    let changed = !add.is_empty() || !remove.is_empty();
    if !add.is_empty() {
        let r = call!(
            c,
            "ec2:AuthorizeSecurityGroupIngress",
            c.ec2
                .authorize_security_group_ingress()
                .group_id(id)
                .set_ip_permissions(Some(add))
                .send()
        );
        if let Err(e) = r {
            if aws_code(&e) != Some("InvalidPermission.Duplicate") {
                return Err(e);
            }
            // One rule already there rejects the whole batch: add the others one by one.
            for rule in want.iter().filter(|r| !have.contains(r)) {
                let one = call!(
                    c,
                    "ec2:AuthorizeSecurityGroupIngress",
                    c.ec2
                        .authorize_security_group_ingress()
                        .group_id(id)
                        .ip_permissions(permission(rule))
                        .send()
                );
                match one {
                    Err(e) if aws_code(&e) != Some("InvalidPermission.Duplicate") => return Err(e),
                    _ => {}
                }
            }
        }
    }
    if !remove.is_empty() {
        call!(
            c,
            "ec2:RevokeSecurityGroupIngress",
            c.ec2
                .revoke_security_group_ingress()
                .group_id(id)
                .set_ip_permissions(Some(remove))
                .send()
        )?;
    }
    Ok(changed)
}

fn outcome(changed: bool) -> Outcome {
    if changed {
        Outcome::Done
    } else {
        Outcome::AlreadyDone
    }
}

pub async fn server_sg(c: &Clients, n: Names<'_>, vpc_id: &str, want: &[Rule]) -> Result<Outcome> {
    let (id, have, created) = ensure_sg(
        c,
        n,
        role::SERVER_SG,
        n.server_sg(),
        "Baseline: the team server (SSH from listed addresses, web ports from everyone)",
        vpc_id,
    )
    .await?;
    let changed = converge(c, &id, &have, want).await?;
    Ok(outcome(created || changed))
}

/// The group of `role`, waiting for a group made a moment ago to show.
pub(crate) async fn group_of(c: &Clients, n: Names<'_>, role: &str) -> Result<live::SecurityGroup> {
    eventually(&format!("the security group ({role})"), || {
        live::security_group(c, n.stack(), role)
    })
    .await
}

pub async fn db_sg(c: &Clients, n: Names<'_>, vpc_id: &str, port: i32) -> Result<Outcome> {
    let server = group_of(c, n, role::SERVER_SG).await?;
    let (id, have, created) = ensure_sg(
        c,
        n,
        role::DB_SG,
        n.db_sg(),
        "Baseline: the team database (only from the server's security group)",
        vpc_id,
    )
    .await?;
    let want = [Rule::tcp(port, &server.id)];
    let changed = converge(c, &id, &have, &want).await?;
    Ok(outcome(created || changed))
}

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

/// Delete a security group: its references to other groups are revoked first, and
/// `DependencyViolation` (a network interface not yet released) is retried with backoff.
pub async fn delete_sg(
    c: &Clients,
    n: Names<'_>,
    role: &'static str,
    report: Report<'_>,
) -> Result<Outcome> {
    let Some(g) = live::security_group(c, n.stack(), role).await? else {
        return Ok(Outcome::AlreadyDone);
    };
    let refs: Vec<Rule> = g
        .rules
        .iter()
        .filter(|r| r.from.starts_with("sg-"))
        .cloned()
        .collect();
    converge(c, &g.id, &refs, &[]).await?;
    let start = std::time::Instant::now();
    let mut delay = Duration::from_secs(2);
    loop {
        let r = call!(
            c,
            "ec2:DeleteSecurityGroup",
            c.ec2.delete_security_group().group_id(&g.id).send()
        );
        match r {
            Ok(_) => return Ok(Outcome::Done),
            Err(e) if aws_code(&e) == Some("InvalidGroup.NotFound") => {
                return Ok(Outcome::AlreadyDone)
            }
            Err(e)
                if aws_code(&e) == Some("DependencyViolation")
                    && start.elapsed() < Duration::from_secs(300) =>
            {
                report("in use, waiting", start.elapsed());
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
            Err(e) => return Err(e),
        }
    }
}

pub async fn grow_disk(c: &Clients, volume_id: &str, gb: i32) -> Result<Outcome> {
    call!(
        c,
        "ec2:ModifyVolume",
        c.ec2.modify_volume().volume_id(volume_id).size(gb).send()
    )?;
    Ok(Outcome::Done)
}
