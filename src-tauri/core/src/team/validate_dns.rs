//! The `[infra.dns]` rules: the domain and its records.

use super::infra::{Dns, Infra, RecordType};
use super::validate::Problem;
use super::validate_infra::{MAX_RECORDS, MAX_TXT};
use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

/// A domain: two or more labels of lowercase letters, digits and inner hyphens, 1 to 63
/// characters each, at most 253 in all, no trailing dot; an internationalised name only in
/// punycode (`xn--…`); the last label is not all digits (that would be an IP address).
pub fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| valid_label(l, false))
        && labels
            .last()
            .is_some_and(|tld| !tld.bytes().all(|c| c.is_ascii_digit()))
}

/// One DNS label; `underscore` admits service labels such as `_dmarc`.
fn valid_label(label: &str, underscore: bool) -> bool {
    let b = label.as_bytes();
    let body = if underscore {
        label.strip_prefix('_').unwrap_or(label)
    } else {
        label
    };
    (1..=63).contains(&b.len())
        && !body.is_empty()
        && body
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || (underscore && c == b'_'))
        && !body.starts_with('-')
        && !body.ends_with('-')
        // "ab--" in places 3 and 4 is reserved for IDN: only "xn--" is real.
        && (body.get(2..4) != Some("--") || body.starts_with("xn--"))
}

/// A record's name: "@", or labels relative to the domain ("www", "api.v2", "_dmarc",
/// "*" first for a wildcard).
fn valid_record_name(name: &str) -> bool {
    if name == "@" {
        return true;
    }
    name.split('.')
        .enumerate()
        .all(|(i, l)| (i == 0 && l == "*") || valid_label(l, true))
}

/// A CNAME or MX target: a full host name, trailing dot allowed, service labels allowed.
fn valid_target_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    host.len() <= 253
        && host.split('.').count() >= 2
        && host.split('.').all(|l| valid_label(l, true))
}

pub(super) fn check_dns(infra: &Infra, dns: &Dns, out: &mut Vec<Problem>) {
    let domain_ok = valid_domain(&dns.domain);
    if !domain_ok {
        out.push(
            Problem::new(
                "infra.dns.domain".into(),
                "domain",
                format!("\"{}\" is not a domain name such as hustle.co.kr: two or more labels of lowercase letters, digits and hyphens, no trailing dot; write an international name in punycode (xn--…)", dns.domain),
            )
            .with("value", &dns.domain),
        );
    }
    if dns.records.len() > MAX_RECORDS {
        out.push(
            Problem::new(
                "infra.dns.records".into(),
                "too_many_records",
                format!(
                    "{} records are listed; at most {MAX_RECORDS} may be",
                    dns.records.len()
                ),
            )
            .with("value", dns.records.len())
            .with("max", MAX_RECORDS),
        );
    }
    let mut pairs = HashSet::new();
    let mut names: HashMap<&str, Vec<(usize, RecordType)>> = HashMap::new();
    for (i, r) in dns.records.iter().enumerate() {
        names.entry(r.name.as_str()).or_default().push((i, r.kind));
    }
    for (i, r) in dns.records.iter().enumerate() {
        let base = format!("infra.dns.records[{i}]");
        let kind = r.kind.as_str();
        let suffix = format!(".{}", dns.domain);
        if domain_ok && (r.name == dns.domain || r.name.ends_with(&suffix) || r.name.ends_with('.'))
        {
            let trimmed = r.name.trim_end_matches('.');
            let relative = if trimmed == dns.domain {
                "@".to_owned()
            } else {
                trimmed.strip_suffix(&suffix).unwrap_or(trimmed).to_owned()
            };
            out.push(
                Problem::new(
                    format!("{base}.name"),
                    "record_name_absolute",
                    format!(
                        "write the record name relative to {}: \"{relative}\", not \"{}\"",
                        dns.domain, r.name
                    ),
                )
                .with("value", &r.name)
                .with("suggest", relative),
            );
        } else if !valid_record_name(&r.name) || (domain_ok && dns.fqdn(&r.name).len() > 253) {
            out.push(
                Problem::new(
                    format!("{base}.name"),
                    "record_name",
                    format!("\"{}\" is not a record name: use \"@\" for the domain itself, or a name such as www or api", r.name),
                )
                .with("value", &r.name),
            );
        }
        if r.kind == RecordType::CNAME && r.name == "@" {
            out.push(
                Problem::new(
                    format!("{base}.type"),
                    "cname_at_apex",
                    "a CNAME cannot be at \"@\" (DNS forbids it next to the domain's own records); use an A record".into(),
                ),
            );
        }
        if !pairs.insert((r.name.as_str(), r.kind)) {
            out.push(
                Problem::new(
                    format!("{base}.name"),
                    "duplicate_record",
                    format!("the {kind} record \"{}\" is listed twice", r.name),
                )
                .with("name", &r.name)
                .with("type", kind),
            );
        } else if r.kind == RecordType::CNAME && r.name != "@" {
            let others = &names[r.name.as_str()];
            if let Some((_, other)) = others
                .iter()
                .find(|(j, k)| *j != i && *k != RecordType::CNAME)
            {
                out.push(
                    Problem::new(
                        format!("{base}.name"),
                        "cname_conflict",
                        format!("\"{}\" has a CNAME and a {} record; a CNAME must be the only record of its name", r.name, other.as_str()),
                    )
                    .with("name", &r.name)
                    .with("type", other.as_str()),
                );
            }
        }
        check_record_value(infra, i, r.kind, &r.to, out);
    }
}

fn check_record_value(infra: &Infra, i: usize, kind: RecordType, to: &str, out: &mut Vec<Problem>) {
    let field = format!("infra.dns.records[{i}].to");
    let kind_s = kind.as_str();
    if to.trim().is_empty() {
        out.push(
            Problem::new(
                field,
                "record_to_empty",
                format!("the {kind_s} record points nowhere: give its value"),
            )
            .with("type", kind_s),
        );
        return;
    }
    if to == "server" {
        if kind != RecordType::A {
            out.push(
                Problem::new(
                    field,
                    "server_only_for_a",
                    format!("\"server\" (the server's IPv4 address) works only for A records, not {kind_s}"),
                )
                .with("type", kind_s),
            );
        } else if infra.server.is_none() {
            out.push(Problem::new(
                field,
                "record_needs_server",
                "this record points at the server, but there is no [infra.server]".into(),
            ));
        }
        return;
    }
    let (ok, code, what) = match kind {
        RecordType::A => (
            to.parse::<Ipv4Addr>().is_ok(),
            "record_ipv4",
            "an IPv4 address such as 203.0.113.10, or \"server\"",
        ),
        RecordType::AAAA => (
            to.parse::<Ipv6Addr>().is_ok(),
            "record_ipv6",
            "an IPv6 address such as 2001:db8::10",
        ),
        RecordType::CNAME => (
            to == "@" || valid_target_host(to),
            "record_host",
            "a host name such as app.example.com, or \"@\"",
        ),
        RecordType::MX => (
            valid_mx(to),
            "record_mx",
            "a priority and a host name, such as \"10 mail.example.com\"",
        ),
        RecordType::TXT => (to.len() <= MAX_TXT, "record_txt", "at most 4000 characters"),
    };
    if !ok {
        out.push(
            Problem::new(
                field,
                code,
                format!("\"{to}\" is not valid for a {kind_s} record: give {what}"),
            )
            .with("value", to)
            .with("type", kind_s),
        );
    }
}

/// `10 mail.example.com`: a priority 0..=65535 and a host name.
fn valid_mx(to: &str) -> bool {
    let mut parts = to.split(' ');
    let (Some(prio), Some(host), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    prio.bytes().all(|c| c.is_ascii_digit())
        && prio.parse::<u16>().is_ok()
        && valid_target_host(host)
}
