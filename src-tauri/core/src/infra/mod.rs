//! Part 2: the team's first server (EC2), database (RDS) and domain (Route 53), declared
//! under `[infra]`, planned and applied by the same engine as Part 1, removed in one step.
//!
//! Every resource carries `baseline:managed=true`, `baseline:stack=<name>` and a
//! `baseline:role`; Baseline finds its resources by those tags (never by client tokens
//! alone), so a killed apply, run again, finishes without a second server, database or
//! zone.

pub mod dns;
pub mod estimate;
pub mod handoff;
pub mod live;
pub mod ops;
pub mod status;
#[cfg(test)]
mod tests;

use crate::aws::{Connection, Ctx};

/// Tag keys on every resource of a stack.
pub const TAG_MANAGED: &str = "baseline:managed";
pub const TAG_STACK: &str = "baseline:stack";
pub const TAG_ROLE: &str = "baseline:role";
/// On a hosted zone that existed before Baseline and was adopted by a risky change.
pub const TAG_ADOPTED: &str = "baseline:adopted";

/// What a resource is within its stack (the `baseline:role` tag).
pub mod role {
    pub const KEY: &str = "key";
    pub const SERVER_SG: &str = "server-sg";
    pub const DB_SG: &str = "db-sg";
    pub const SERVER: &str = "server";
    pub const IP: &str = "ip";
    pub const DB: &str = "database";
    pub const DB_SUBNETS: &str = "db-subnets";
    pub const ZONE: &str = "zone";
}

/// The user the server's image logs in as (Amazon Linux).
pub const SSH_USER: &str = "ec2-user";

/// The service clients of `[infra]`: EC2 and RDS in the team's home region, Route 53
/// (global). Built once per use from the connection, whose context every error keeps.
#[derive(Clone, Debug)]
pub struct Clients {
    pub account_id: String,
    pub region: String,
    pub ec2: aws_sdk_ec2::Client,
    pub rds: aws_sdk_rds::Client,
    pub route53: aws_sdk_route53::Client,
    conn: Connection,
}

impl Clients {
    pub fn new(conn: &Connection, account_id: &str, region: &str) -> Clients {
        Clients {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            ec2: conn.ec2(region),
            rds: conn.rds(region),
            route53: conn.route53(),
            conn: conn.clone(),
        }
    }

    /// Clients built elsewhere (SDK-level fakes in tests), for account 123456789012.
    pub fn from_parts(
        ec2: aws_sdk_ec2::Client,
        rds: aws_sdk_rds::Client,
        route53: aws_sdk_route53::Client,
    ) -> Clients {
        Clients {
            account_id: "123456789012".into(),
            region: "ap-northeast-2".into(),
            ec2,
            rds,
            route53,
            conn: Connection::from_config(aws_config::SdkConfig::builder().build()),
        }
    }

    /// Context for classifying an error (profile, SSO, endpoint of the connection).
    pub fn ctx(&self, operation: &'static str) -> Ctx<'_> {
        self.conn.ctx(operation)
    }

    pub fn home(&self) -> std::path::PathBuf {
        crate::settings::home()
    }
}

/// The stack's tags, plus the resource's role and a readable `Name`.
pub fn tags(stack: &str, role: &str) -> Vec<(String, String)> {
    vec![
        (TAG_MANAGED.into(), "true".into()),
        (TAG_STACK.into(), stack.into()),
        (TAG_ROLE.into(), role.into()),
        ("Name".into(), format!("baseline-{stack}-{role}")),
    ]
}

/// `call!(clients, "ec2:Op", fut)`: await an SDK call and classify its error with the
/// connection's context.
macro_rules! call {
    ($clients:expr, $op:literal, $fut:expr) => {
        $fut.await
            .map_err(|e| crate::aws::classify($clients.ctx($op), e))
    };
}
pub(crate) use call;

/// The keychain holds the private half of this key pair (not a stale key of another run).
pub async fn key_matches(
    account_id: &str,
    infra: &crate::team::infra::Infra,
    pair: &live::KeyPair,
) -> crate::Result<bool> {
    let key = crate::vault::key(account_id, crate::vault::Kind::Ec2Key, &infra.names().key());
    let Some(stored) = crate::vault::blocking(move || crate::vault::read(&key)).await? else {
        return Ok(false);
    };
    let Some(aws) = &pair.public_key else {
        return Ok(true);
    };
    let ours = ssh_key::PrivateKey::from_openssh(stored.expose())
        .ok()
        .and_then(|k| k.public_key().to_openssh().ok());
    // Compare type and key material; the comment may differ.
    let material = |line: &str| {
        line.split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok(ours.is_some_and(|o| material(&o) == material(aws)))
}
