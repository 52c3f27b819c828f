//! The domain part of the plan: the hosted zone and its records.

use super::*;

/// A record's values as Route 53 stores them (`SERVER_IP` for "the server").
pub fn record_values(domain: &str, kind: RecordType, to: &str) -> Vec<String> {
    match (kind, to) {
        (RecordType::A, "server") => vec![SERVER_IP.to_owned()],
        (RecordType::CNAME, "@") => vec![domain.to_owned()],
        (RecordType::TXT, v) if !v.starts_with('"') => vec![txt_value(v)],
        (_, v) => vec![v.trim_end_matches('.').to_owned()],
    }
}

/// A TXT value as Route 53 stores it: quoted strings of at most 255 characters each,
/// `"` and `\` escaped (long SPF/DKIM values are split, as DNS requires).
pub fn txt_value(v: &str) -> String {
    let escaped: Vec<String> = v
        .chars()
        .map(|ch| match ch {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            other => other.to_string(),
        })
        .collect();
    escaped
        .chunks(255)
        .map(|chunk| format!("\"{}\"", chunk.concat()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn dns(b: &mut Builder, live: &Live) -> Result<()> {
    let infra = b.infra;
    let Some(dns) = &infra.dns else { return Ok(()) };
    let domain = dns.zone_name();
    match (&live.zone, live.foreign_zones.as_slice()) {
        (Some(z), _) => {
            b.out.keep(Kind::InfraZone, &z.name);
            let mut note = Note::new(NoteCode::InfraNameServers)
                .with("domain", &domain)
                .with(
                    "registrar",
                    match dns.registrar {
                        crate::team::infra::Registrar::Gabia => "gabia",
                        crate::team::infra::Registrar::Other => "other",
                    },
                );
            note = note.with("name_servers", &z.name_servers.join(" "));
            b.out.notes.push(note);
        }
        (None, []) => {
            b.push(
                ZONE,
                Action::Create,
                Kind::InfraZone,
                &domain,
                format!("create hosted zone {domain}"),
                Op::Zone {
                    domain: domain.clone(),
                    adopt: None,
                },
            );
        }
        (None, [one]) => {
            let c = b.push(ZONE, Action::Update, Kind::InfraZone, &domain,
                format!("adopt the existing hosted zone {domain} ({one}) and manage its declared records"),
                Op::Zone { domain: domain.clone(), adopt: Some(one.clone()) });
            c.risk = Some(Risk::AdoptZone);
            c.before = Some(format!("{one}, not made by Baseline"));
            c.after = Some(format!("{one}, tagged baseline:stack={}", infra.name));
        }
        (None, many) => {
            return Err(Error::invalid("infra.dns.domain", format!(
                "{} hosted zones are named {domain} ({}): delete the ones you do not use in the Route 53 console (the one your registrar points at stays), then plan again",
                many.len(), many.join(", ")
            )));
        }
    }
    let server_ip = live.server_ip();
    let ip_changing = b.out.changes.iter().any(|c| c.id == IP || c.id == SERVER);
    for r in &dns.records {
        let fqdn = dns.fqdn(&r.name);
        let values = record_values(&domain, r.kind, &r.to);
        let shown: Vec<String> = values
            .iter()
            .map(|v| {
                if v == SERVER_IP {
                    server_ip
                        .clone()
                        .unwrap_or_else(|| "the server's IP".into())
                } else {
                    v.clone()
                }
            })
            .collect();
        let id = format!("infra:record:{}:{}", r.name, r.kind.as_str());
        let existing = live.zone.as_ref().and_then(|z| {
            z.records
                .iter()
                .find(|x| x.name == fqdn && x.kind == r.kind.as_str())
        });
        let uses_server = values.iter().any(|v| v == SERVER_IP);
        let same = existing.is_some_and(|x| {
            x.values
                .iter()
                .map(|v| v.trim_end_matches('.').to_ascii_lowercase())
                .collect::<Vec<_>>()
                == shown
                    .iter()
                    .map(|v| v.to_ascii_lowercase())
                    .collect::<Vec<_>>()
        }) && !(uses_server && ip_changing);
        if same {
            b.out
                .keep(Kind::InfraRecord, &format!("{fqdn} {}", r.kind.as_str()));
            continue;
        }
        let deps = b.out.deps(&[ZONE, IP, SERVER]);
        let action = if existing.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        let c = b.push(
            &id,
            action,
            Kind::InfraRecord,
            &format!("{fqdn} {}", r.kind.as_str()),
            format!(
                "{} record {fqdn} {} → {}",
                if existing.is_some() { "set" } else { "add" },
                r.kind.as_str(),
                shown.join(", ")
            ),
            Op::Record {
                domain: domain.clone(),
                name: fqdn.clone(),
                kind: r.kind,
                values,
            },
        );
        c.before = existing.map(|x| x.values.join(", "));
        c.after = Some(shown.join(", "));
        c.deps = deps;
    }
    Ok(())
}
