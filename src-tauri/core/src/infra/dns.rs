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
    use hickory_proto::op::{Message, MessageType};
    use hickory_proto::rr::rdata::NS;
    use hickory_proto::rr::{Name, RData, Record};

    /// A DNS server on loopback that answers every query with these NS names.
    async fn dns_server(ns: &'static [&'static str]) -> SocketAddr {
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 1500];
            while let Ok((n, from)) = socket.recv_from(&mut buf).await {
                let query = Message::from_vec(&buf[..n]).unwrap();
                let mut reply = Message::new();
                reply
                    .set_id(query.id())
                    .set_message_type(MessageType::Response);
                reply.set_recursion_desired(query.recursion_desired());
                reply.set_recursion_available(true);
                let q = query.queries()[0].clone();
                for name in ns {
                    reply.add_answer(Record::from_rdata(
                        q.name().clone(),
                        300,
                        RData::NS(NS(Name::from_ascii(name).unwrap())),
                    ));
                }
                reply.add_query(q);
                socket
                    .send_to(&reply.to_vec().unwrap(), from)
                    .await
                    .unwrap();
            }
        });
        addr
    }

    #[tokio::test]
    async fn the_delegation_is_read_from_the_resolver_and_compared() {
        let zone: Vec<String> = [
            "ns-1.awsdns-01.org",
            "ns-2.awsdns-02.com",
            "ns-3.awsdns-03.net",
            "ns-4.awsdns-04.co.uk",
        ]
        .map(String::from)
        .to_vec();
        let half = dns_server(&[
            "NS-1.awsdns-01.org.",
            "ns-2.awsdns-02.com.",
            "ns.gabia.co.kr.",
        ])
        .await;
        // Only this test reads the variable, so setting it here disturbs no other test.
        std::env::set_var("BASELINE_DNS_RESOLVER", half.to_string());
        let d = check("Hustle.Example.", &zone).await;
        assert_eq!(d.error, None);
        assert!(!d.ok);
        assert_eq!(d.missing, ["ns-3.awsdns-03.net", "ns-4.awsdns-04.co.uk"]);
        assert_eq!(d.wrong, ["ns.gabia.co.kr"]);
        let all = dns_server(&[
            "ns-1.awsdns-01.org.",
            "ns-2.awsdns-02.com.",
            "ns-3.awsdns-03.net.",
            "ns-4.awsdns-04.co.uk.",
        ])
        .await;
        std::env::set_var("BASELINE_DNS_RESOLVER", all.to_string());
        let d = check("hustle.example", &zone).await;
        assert!(d.ok, "{d:?}");
        std::env::remove_var("BASELINE_DNS_RESOLVER");
    }

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
