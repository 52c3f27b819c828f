//! Route 53 reads: the stack's hosted zone, its name servers and records.

use super::*;

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
