//! The registrar step, checked live: the domain's NS records as the registrar published
//! them, compared with the hosted zone's four name servers.
//!
//! The delegation lives in the parent zone (`co.kr` for `hustle.co.kr`): its servers are
//! asked directly, without recursion, so neither a resolver's cache nor the zone's own NS
//! records hide what the registrar holds. When they cannot be reached, the system's
//! resolvers answer instead. `BASELINE_DNS_RESOLVER=IP:PORT` points the check at one server
//! (tests use a local DNS server).

use hickory_resolver::config::ResolverOpts;
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
    let builder = Resolver::builder_tokio().map_err(|e| e.to_string())?;
    Ok(builder.with_options(opts).build())
}

/// The NS names a server holds for `domain`, asked without recursion: the answer, or the
/// referral (authority section) a parent zone's server gives.
async fn ask(server: SocketAddr, domain: &str) -> Result<Vec<String>, String> {
    use hickory_proto::op::{Message, MessageType, Query};
    use hickory_proto::rr::{Name, RData, RecordType};
    let name = Name::from_ascii(format!("{}.", normalise(domain))).map_err(|e| e.to_string())?;
    let mut query = Message::new();
    query
        .set_id(rand::random())
        .set_message_type(MessageType::Query)
        .set_recursion_desired(false)
        .add_query(Query::query(name.clone(), RecordType::NS));
    let bind = if server.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let socket = tokio::net::UdpSocket::bind(bind)
        .await
        .map_err(|e| e.to_string())?;
    let bytes = query.to_vec().map_err(|e| e.to_string())?;
    socket
        .send_to(&bytes, server)
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(3), socket.recv(&mut buf))
        .await
        .map_err(|_| format!("no answer from {server}"))?
        .map_err(|e| e.to_string())?;
    let reply = Message::from_vec(&buf[..n]).map_err(|e| e.to_string())?;
    Ok(reply
        .answers()
        .iter()
        .chain(reply.name_servers())
        .filter(|r| r.name() == &name)
        .filter_map(|r| match r.data() {
            RData::NS(ns) => Some(ns.0.to_utf8()),
            _ => None,
        })
        .collect())
}

/// What the parent zone's servers hold for `domain` (the registrar's side).
async fn registrar_view(domain: &str) -> Result<Vec<String>, String> {
    let r = resolver()?;
    let domain = normalise(domain);
    let labels: Vec<&str> = domain.split('.').collect();
    for i in 1..labels.len() {
        let parent = format!("{}.", labels[i..].join("."));
        let Ok(servers) = r.ns_lookup(parent).await else {
            continue;
        };
        for ns in servers.iter().take(3) {
            let Ok(ips) = r.lookup_ip(ns.0.clone()).await else {
                continue;
            };
            for ip in ips.iter().take(1) {
                if let Ok(found) = ask(SocketAddr::new(ip, 53), &domain).await {
                    return Ok(found);
                }
            }
        }
        return Err(format!(
            "the servers of {} did not answer",
            labels[i..].join(".")
        ));
    }
    Err("no parent zone found".into())
}

/// Ask for the domain's NS records and compare them with the zone's name servers.
pub async fn check(domain: &str, expected: &[String]) -> Delegation {
    let lookup = async {
        if let Some(addr) = std::env::var("BASELINE_DNS_RESOLVER")
            .ok()
            .filter(|v| !v.is_empty())
        {
            let addr: SocketAddr = addr
                .parse()
                .map_err(|_| format!("BASELINE_DNS_RESOLVER={addr} is not IP:PORT"))?;
            return ask(addr, domain).await;
        }
        if let Ok(found) = registrar_view(domain).await {
            return Ok(found);
        }
        // The parent's servers are out of reach (a firewall): the resolvers' view.
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
