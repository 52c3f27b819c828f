//! Route 53: the hosted zone (adopted only when it is the stack's) and its records.

use crate::aws::outcome::{aws_code, Outcome};
use crate::infra::{call, live, role, tags, Clients};
use crate::team::infra::{Names, RecordType};
use crate::{Error, Result};
use aws_sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType, Tag,
    TagResourceType,
};

/// Record sets Baseline writes live five minutes in resolvers' caches.
pub const TTL: i64 = 300;

async fn tag_zone(c: &Clients, n: Names<'_>, id: &str, adopted: bool) -> Result<()> {
    let mut tags = tags(n.stack(), role::ZONE);
    if adopted {
        tags.push((crate::infra::TAG_ADOPTED.into(), "true".into()));
    }
    let tags: Vec<Tag> = tags
        .into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    call!(
        c,
        "route53:ChangeTagsForResource",
        c.route53
            .change_tags_for_resource()
            .resource_type(TagResourceType::Hostedzone)
            .resource_id(id)
            .set_add_tags(Some(tags))
            .send()
    )?;
    Ok(())
}

/// The stack's zone id for `domain`, if it has one.
async fn our_zone(c: &Clients, n: Names<'_>, domain: &str) -> Result<Option<live::Zone>> {
    let infra_dns = crate::team::infra::Dns {
        domain: domain.to_owned(),
        registrar: Default::default(),
        records: Vec::new(),
    };
    Ok(live::zones(c, &infra_dns.zone_name(), n.stack()).await?.0)
}

pub async fn zone(c: &Clients, n: Names<'_>, domain: &str, adopt: Option<&str>) -> Result<Outcome> {
    if let Some(id) = adopt {
        tag_zone(c, n, id, true).await?;
        return Ok(Outcome::Done);
    }
    if let Some(z) = our_zone(c, n, domain).await? {
        // Made by an earlier run that stopped before tagging it.
        tag_zone(c, n, &z.id, z.adopted).await?;
        return Ok(Outcome::AlreadyDone);
    }
    let reference = format!(
        "{}{}",
        live::zone_reference_prefix(n.stack()),
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f")
    );
    let out = call!(
        c,
        "route53:CreateHostedZone",
        c.route53
            .create_hosted_zone()
            .name(domain)
            .caller_reference(reference)
            .send()
    )?;
    let id = out
        .hosted_zone()
        .map(|z| z.id().trim_start_matches("/hostedzone/").to_owned())
        .unwrap_or_default();
    tag_zone(c, n, &id, false).await?;
    Ok(Outcome::Done)
}

/// `values` with [`super::SERVER_IP`] replaced by the server's public (Elastic) IP.
async fn resolve(c: &Clients, n: Names<'_>, values: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for v in values {
        if v == super::SERVER_IP {
            let ip = match live::address(c, n.stack()).await? {
                Some(a) => Some(a.public_ip),
                None => live::instance(c, n.stack())
                    .await?
                    .and_then(|i| i.public_ip),
            };
            out.push(ip.ok_or_else(|| Error::NotReady {
                what: "the server's public IP address".into(),
                detail: "the server has none yet".into(),
            })?);
        } else {
            out.push(v.clone());
        }
    }
    Ok(out)
}

fn record_set(
    name: &str,
    kind: &str,
    ttl: Option<i64>,
    values: &[String],
) -> Result<ResourceRecordSet> {
    let records = values
        .iter()
        .map(|v| ResourceRecord::builder().value(v).build())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Internal(e.to_string()))?;
    ResourceRecordSet::builder()
        .name(name)
        .r#type(RrType::from(kind))
        .set_ttl(ttl)
        .set_resource_records(Some(records))
        .build()
        .map_err(|e| Error::Internal(e.to_string()))
}

async fn change(
    c: &Clients,
    zone_id: &str,
    action: ChangeAction,
    set: ResourceRecordSet,
) -> Result<()> {
    let change = Change::builder()
        .action(action)
        .resource_record_set(set)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    let batch = ChangeBatch::builder()
        .changes(change)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    call!(
        c,
        "route53:ChangeResourceRecordSets",
        c.route53
            .change_resource_record_sets()
            .hosted_zone_id(zone_id)
            .change_batch(batch)
            .send()
    )?;
    Ok(())
}

pub async fn upsert(
    c: &Clients,
    n: Names<'_>,
    domain: &str,
    name: &str,
    kind: RecordType,
    values: &[String],
) -> Result<Outcome> {
    let zone = our_zone(c, n, domain)
        .await?
        .ok_or_else(|| Error::Internal(format!("the hosted zone {domain} is missing")))?;
    let values = resolve(c, n, values).await?;
    let set = record_set(name, kind.as_str(), Some(TTL), &values)?;
    change(c, &zone.id, ChangeAction::Upsert, set).await?;
    Ok(Outcome::Done)
}

pub async fn delete_record(
    c: &Clients,
    n: Names<'_>,
    domain: &str,
    name: &str,
    kind: &str,
) -> Result<Outcome> {
    let Some(zone) = our_zone(c, n, domain).await? else {
        return Ok(Outcome::AlreadyDone);
    };
    // Route 53 deletes only the exact record set: the one read back, not the one declared.
    let Some(live) = zone
        .records
        .iter()
        .find(|r| r.name == name.trim_end_matches('.') && r.kind == kind)
    else {
        return Ok(Outcome::AlreadyDone);
    };
    let set = match &live.alias {
        // An alias record has no TTL or values: deleted as read back.
        Some(alias) => ResourceRecordSet::builder()
            .name(&live.name)
            .r#type(RrType::from(live.kind.as_str()))
            .alias_target(alias.clone())
            .set_set_identifier(live.set_identifier.clone())
            .build()
            .map_err(|e| Error::Internal(e.to_string()))?,
        None => {
            let mut set = record_set(&live.name, &live.kind, live.ttl, &live.values)?;
            set.set_identifier = live.set_identifier.clone();
            set
        }
    };
    change(c, &zone.id, ChangeAction::Delete, set).await?;
    Ok(Outcome::Done)
}

pub async fn delete_zone(c: &Clients, id: &str) -> Result<Outcome> {
    match call!(
        c,
        "route53:DeleteHostedZone",
        c.route53.delete_hosted_zone().id(id).send()
    ) {
        Ok(_) => Ok(Outcome::Done),
        Err(e) if aws_code(&e) == Some("NoSuchHostedZone") => Ok(Outcome::AlreadyDone),
        Err(e) => Err(e),
    }
}
