//! The `[infra]` part of the plan: what exists (found by tag) against what the file says.

use super::live::{Live, Rule};
use super::ops::{Job, Op, SERVER_IP};
use crate::plan::{Action, Change, ChangeOp, Kind, Note, NoteCode, Risk, Unchanged};
use crate::team::infra::{Infra, RecordType};
use crate::{Error, Result};

mod database;
mod dns;
mod server;

pub use dns::{record_values, txt_value};

/// The infra changes, what is already as declared, and what the lead should know.
#[derive(Debug, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub unchanged: Vec<Unchanged>,
    pub notes: Vec<Note>,
}

struct Builder<'a> {
    infra: &'a Infra,
    region: &'a str,
    out: Diff,
}

impl Builder<'_> {
    fn push(
        &mut self,
        id: &str,
        action: Action,
        kind: Kind,
        target: &str,
        title: String,
        op: Op,
    ) -> &mut Change {
        let job = Job {
            stack: self.infra.name.clone(),
            region: self.region.to_owned(),
            op,
        };
        self.out.changes.push(Change::new(
            id.to_owned(),
            action,
            kind,
            &format!("stack:{}", self.infra.name),
            target,
            title,
            ChangeOp::Infra(job),
        ));
        self.out.changes.last_mut().expect("just pushed")
    }

    fn keep(&mut self, kind: Kind, target: &str) {
        self.out.unchanged.push(Unchanged {
            kind,
            target: target.to_owned(),
        });
    }

    /// The ids among `ids` that this plan changes (a change waits only for those).
    fn deps(&self, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .filter(|id| self.out.changes.iter().any(|c| c.id == **id))
            .map(|id| (*id).to_owned())
            .collect()
    }
}

pub const KEY: &str = "infra:key";
pub const SERVER_SG: &str = "infra:server-sg";
pub const DB_SG: &str = "infra:db-sg";
pub const SERVER: &str = "infra:server";
pub const IP: &str = "infra:ip";
pub const DB_SUBNETS: &str = "infra:db-subnets";
pub const DATABASE: &str = "infra:database";
pub const ZONE: &str = "infra:zone";

/// The server group's rules the file asks for: 22 from `ssh_from`, the open ports from
/// everyone over IPv4 and IPv6.
pub fn server_rules(infra: &Infra) -> Vec<Rule> {
    let Some(s) = &infra.server else {
        return Vec::new();
    };
    let mut rules: Vec<Rule> = s.ssh_from.iter().map(|cidr| Rule::tcp(22, cidr)).collect();
    for port in &s.open_ports {
        for from in ["0.0.0.0/0", "::/0"] {
            rules.push(Rule::tcp(*port as i32, from));
        }
    }
    rules.sort();
    rules.dedup();
    rules
}

fn is_world(cidr: &str) -> bool {
    cidr == "0.0.0.0/0" || cidr == "::/0"
}

/// Rules in words: `22 from 203.0.113.7/32; 80, 443 from everyone`.
pub fn describe_rules(rules: &[Rule]) -> String {
    let mut parts = Vec::new();
    let ssh: Vec<&str> = rules
        .iter()
        .filter(|r| r.port == 22)
        .map(|r| r.from.as_str())
        .collect();
    if !ssh.is_empty() {
        parts.push(format!("22 from {}", ssh.join(", ")));
    }
    let mut open: Vec<i32> = rules
        .iter()
        .filter(|r| r.port != 22 && is_world(&r.from))
        .map(|r| r.port)
        .collect();
    open.dedup();
    if !open.is_empty() {
        let ports: Vec<String> = open.iter().map(i32::to_string).collect();
        parts.push(format!("{} from everyone", ports.join(", ")));
    }
    let other: Vec<String> = rules
        .iter()
        .filter(|r| r.port != 22 && !is_world(&r.from))
        .map(|r| format!("{} from {}", r.port, r.from))
        .collect();
    parts.extend(other);
    if parts.is_empty() {
        "nothing allowed in".into()
    } else {
        parts.join("; ")
    }
}

/// Compare the file's `[infra]` with what exists. `key_in_keychain`: the keychain holds
/// the server key's private half.
pub fn diff(infra: &Infra, region: &str, live: &Live, key_in_keychain: bool) -> Result<Diff> {
    let mut b = Builder {
        infra,
        region,
        out: Diff::default(),
    };
    server::server(&mut b, live, key_in_keychain);
    database::database(&mut b, live)?;
    dns::dns(&mut b, live)?;
    undeclared(&mut b, live);
    Ok(b.out)
}

/// Resources of the stack whose section left the file: left alone (and still billing) until
/// `destroy`, like a user Baseline made that the file no longer lists.
fn undeclared(b: &mut Builder, live: &Live) {
    let infra = b.infra;
    let mut found = Vec::new();
    if infra.server.is_none() {
        found.extend(live.instance.as_ref().map(|i| format!("server {}", i.id)));
        found.extend(
            live.address
                .as_ref()
                .map(|a| format!("static IP {}", a.public_ip)),
        );
    }
    if infra.database.is_none() {
        found.extend(
            live.database
                .as_ref()
                .filter(|d| d.ours)
                .map(|d| format!("database {}", d.id)),
        );
    }
    if infra.dns.is_none() {
        found.extend(
            live.zone
                .as_ref()
                .map(|z| format!("hosted zone {}", z.name)),
        );
    }
    if !found.is_empty() {
        b.out
            .notes
            .push(Note::new(NoteCode::InfraUndeclared).with("resources", &found.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_values_are_quoted_escaped_and_split_at_255() {
        assert_eq!(txt_value("v=spf1 -all"), "\"v=spf1 -all\"");
        assert_eq!(txt_value(r#"a"b\c"#), r#""a\"b\\c""#);
        let long = "k".repeat(300);
        let v = txt_value(&long);
        assert_eq!(v, format!("\"{}\" \"{}\"", "k".repeat(255), "k".repeat(45)));
    }

    #[test]
    fn ipv6_rules_compare_in_aws_form() {
        assert_eq!(Rule::tcp(22, "2001:DB8::/32").from, "2001:db8::/32");
        assert_eq!(Rule::tcp(22, "203.0.113.7/32").from, "203.0.113.7/32");
    }
}
