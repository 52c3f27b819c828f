//! EC2: the key pair, the two security groups, the server and its static IP.

use super::{ec2_tags, eventually, retire, Report};
use crate::aws::outcome::{aws_code, Outcome};
use crate::infra::live::{self, Rule};
use crate::infra::{call, role, Clients};
use crate::team::infra::Names;
use crate::vault::{self, Kind, Secret};
use crate::{Error, Result};
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::{IpPermission, IpRange, Ipv6Range, ResourceType, UserIdGroupPair};
use std::time::Duration;

/// The server's private key, from the keychain, or a new one stored there first.
pub(crate) async fn key_material(c: &Clients, n: Names<'_>) -> Result<ssh_key::PrivateKey> {
    let key = vault::key(&c.account_id, Kind::Ec2Key, &n.key());
    let k = key.clone();
    if let Some(stored) = crate::vault::blocking(move || vault::read(&k)).await? {
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
    crate::vault::blocking(move || {
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

pub(super) fn outcome(changed: bool) -> Outcome {
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
