//! The registrar step, checked live: the domain's NS records as the world's resolvers see
//! them, compared with the hosted zone's four name servers.
//!
//! `BASELINE_DNS_RESOLVER=IP:PORT` points the check at one resolver (tests use a local DNS
//! server); otherwise the system's resolvers answer.

use hickory_resolver::config::{NameServerConfigGroup, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::Resolver;
use serde::Serialize;
use std::net::SocketAddr;
use std::time::Duration;

/// What the delegation looks like from outside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delegation {
    /// The NS names found, dot- and case-normalised, sorted.
    pub found: Vec<String>,
    /// Zone name servers the registrar does not list yet.
    pub missing: Vec<String>,
    /// Names the registrar lists that are not the zone's (an old host's, a typo).
    pub wrong: Vec<String>,
    /// All four and nothing else.
    pub ok: bool,
    /// The lookup failed (no answer, timeout): the registrar step may not be done yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `ns-1.awsdns-01.org.` → `ns-1.awsdns-01.org`.
pub fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Compare the names found with the zone's.
pub fn compare(expected: &[String], found: &[String]) -> Delegation {
    let mut want: Vec<String> = expected.iter().map(|n| normalise(n)).collect();
    want.sort();
    want.dedup();
    let mut have: Vec<String> = found.iter().map(|n| normalise(n)).collect();
    have.sort();
    have.dedup();
    let missing: Vec<String> = want.iter().filter(|n| !have.contains(n)).cloned().collect();
    let wrong: Vec<String> = have.iter().filter(|n| !want.contains(n)).cloned().collect();
    Delegation {
        ok: missing.is_empty() && wrong.is_empty() && !have.is_empty(),
        found: have,
        missing,
        wrong,
        error: None,
    }
}

fn resolver() -> Result<Resolver<TokioConnectionProvider>, String> {
    let mut opts = ResolverOpts::default();
    opts.timeout = Duration::from_secs(3);
    opts.attempts = 2;
    // A registrar change must show as soon as resolvers see it, not after our own cache.
    opts.cache_size = 0;
    let builder = match std::env::var("BASELINE_DNS_RESOLVER")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(addr) => {
            let addr: SocketAddr = addr
                .parse()
                .map_err(|_| format!("BASELINE_DNS_RESOLVER={addr} is not IP:PORT"))?;
            let servers = NameServerConfigGroup::from_ips_clear(&[addr.ip()], addr.port(), true);
            Resolver::builder_with_config(
                ResolverConfig::from_parts(None, Vec::new(), servers),
                TokioConnectionProvider::default(),
            )
        }
        None => Resolver::builder_tokio().map_err(|e| e.to_string())?,
    };
    Ok(builder.with_options(opts).build())
}

/// Ask for the domain's NS records and compare them with the zone's name servers.
pub async fn check(domain: &str, expected: &[String]) -> Delegation {
    let lookup = async {
        let r = resolver()?;
        let name = format!("{}.", normalise(domain));
        r.ns_lookup(name)
            .await
            .map(|l| l.iter().map(|ns| ns.0.to_utf8()).collect::<Vec<_>>())
            .map_err(|e| e.to_string())
    };
    match lookup.await {
        Ok(found) => compare(expected, &found),
        Err(error) => {
            let mut d = compare(expected, &[]);
            d.error = Some(error);
            d
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_dots_or_case() {
        let zone = vec![
            "ns-1.awsdns-01.org".to_string(),
            "ns-2.awsdns-02.com".into(),
            "ns-3.awsdns-03.net".into(),
            "ns-4.awsdns-04.co.uk".into(),
        ];
        let found = vec![
            "NS-1.awsdns-01.org.".to_string(),
            "ns-2.awsdns-02.com.".into(),
            "ns1.gabia.co.kr.".into(),
        ];
        let d = compare(&zone, &found);
        assert!(!d.ok);
        assert_eq!(d.missing, ["ns-3.awsdns-03.net", "ns-4.awsdns-04.co.uk"]);
        assert_eq!(d.wrong, ["ns1.gabia.co.kr"]);
        let all: Vec<String> = zone
            .iter()
            .map(|n| format!("{}.", n.to_uppercase()))
            .collect();
        assert!(compare(&zone, &all).ok);
        assert!(!compare(&zone, &[]).ok, "nothing found is not a delegation");
    }
}
