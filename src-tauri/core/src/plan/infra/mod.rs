//! The `[infra]` part of the plan: what exists (found by tag) against what the file says.

use super::draft::Draft;
use super::{Action, Change, ChangeOp, Kind, Note, NoteCode, Plan, Risk};
use crate::infra::live::{Live, Rule};
use crate::infra::ops::{Job, Op, SERVER_IP};
use crate::team::infra::{Infra, RecordType};
use crate::{Error, Result};

mod database;
mod dns;
mod server;

pub use dns::{record_values, txt_value};

/// The infra changes, what is already as declared, and what the lead should know.
pub type Diff = Draft;

struct Builder<'a> {
    infra: &'a Infra,
    region: &'a str,
    out: Draft,
}

impl Builder<'_> {
    /// A change of the stack: apply runs `op` in the stack's region.
    fn push(
        &mut self,
        id: &str,
        action: Action,
        kind: Kind,
        target: &str,
        title: String,
        op: Op,
    ) -> &mut Change {
        self.out
            .change(id, action, kind, target)
            .title(title)
            .op(stack_job(&self.infra.name, self.region, op))
    }
}

/// What apply runs for a change of the stack: `op` in the stack's region.
pub(super) fn stack_job(stack: &str, region: &str, op: Op) -> ChangeOp {
    ChangeOp::Infra(Job {
        stack: stack.to_owned(),
        region: region.to_owned(),
        op,
    })
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
        out: Draft::new(&format!("stack:{}", infra.name)),
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

/// Read the stack for a plan (network, image and everything tagged); runs beside the IAM
/// reads, so it needs no account id.
pub async fn read_for_plan(
    conn: &crate::aws::Connection,
    team: &crate::team::Team,
    infra: &crate::team::infra::Infra,
) -> crate::Result<Live> {
    let clients = crate::infra::Clients::new(conn, "", &team.account.home_region);
    crate::infra::live::read(&clients, infra, true).await
}

/// Add the stack's changes (and its cost) to `plan`, from what [`read_for_plan`] found.
pub async fn add_to_plan(
    team: &crate::team::Team,
    infra: &crate::team::infra::Infra,
    live: Live,
    plan: &mut Plan,
) -> crate::Result<()> {
    let region = &team.account.home_region;
    let key_in_keychain = match &live.key {
        Some(pair) => crate::infra::key_matches(&plan.account_id, infra, pair).await?,
        None => true,
    };
    let d = diff(infra, region, &live, key_in_keychain)?;
    plan.changes.extend(d.changes);
    plan.unchanged.extend(d.unchanged);
    plan.notes.extend(d.notes);
    let est = crate::infra::estimate::estimate(infra, region);
    plan.notes.extend(cost_notes(&est, team.billing.as_ref()));
    plan.estimate = Some(est);
    super::seal(plan);
    Ok(())
}

/// "About a day to reach your $1 alarm": the estimate against each billing threshold it
/// will cross, with a new threshold to offer.
pub fn cost_notes(
    est: &crate::infra::estimate::Estimate,
    billing: Option<&crate::team::Billing>,
) -> Vec<Note> {
    crate::infra::estimate::versus_billing(est, billing)
        .into_iter()
        .filter(|c| c.crosses)
        .map(|c| {
            let code = match c.against {
                crate::infra::estimate::AlarmKind::Alarm => NoteCode::InfraCostOverAlarm,
                crate::infra::estimate::AlarmKind::Budget => NoteCode::InfraCostOverBudget,
            };
            Note::new(code)
                .with("threshold", &format!("{:.2}", c.threshold_usd))
                .with("monthly", &format!("{:.2}", est.monthly_usd))
                .with("days", &format!("{:.1}", c.days_to_reach))
                .with(
                    "days_words",
                    &crate::infra::estimate::days_words(c.days_to_reach),
                )
                .with("suggested", &format!("{:.0}", c.suggested_threshold_usd))
        })
        .collect()
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
