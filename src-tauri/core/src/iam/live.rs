//! The account as it is: one paginated `GetAccountAuthorizationDetails`, the password
//! policy, the alias and the caller, read concurrently.

use super::tags;
use crate::aws::{classify, Connection};
use crate::team::PasswordPolicy;
use crate::Result;
use aws_sdk_iam::types::EntityType;
use futures::StreamExt;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the account holds that Baseline manages or may manage.
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub account_id: String,
    pub partition: String,
    /// Who is calling (`sts:GetCallerIdentity`).
    pub caller_arn: String,
    pub alias: Option<String>,
    pub password_policy: Option<PasswordPolicy>,
    pub groups: BTreeMap<String, LiveGroup>,
    /// Keyed by lower-case user name (IAM names ignore case).
    pub users: BTreeMap<String, LiveUser>,
    /// Customer managed policies, by name.
    pub policies: BTreeMap<String, LivePolicy>,
    /// Roles, by name, with the ARNs of their attached managed policies.
    pub roles: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct LiveGroup {
    pub attached: BTreeSet<String>,
    pub inline: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Default)]
pub struct LiveUser {
    pub name: String,
    pub groups: BTreeSet<String>,
    pub tags: BTreeMap<String, String>,
    /// Whether the user has a console password (from the `baseline:console` tag, else
    /// from `GetLoginProfile`).
    pub console: bool,
    /// Managed policies attached to the user directly, by ARN.
    pub attached: BTreeSet<String>,
    /// Names of the user's inline policies.
    pub inline: BTreeSet<String>,
}

impl Live {
    /// A live group by name, ignoring case as IAM does.
    pub fn group(&self, name: &str) -> Option<(&String, &LiveGroup)> {
        self.groups.get_key_value(name).or_else(|| {
            self.groups
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
        })
    }
}

impl LiveUser {
    /// Created or adopted by Baseline.
    pub fn managed(&self) -> bool {
        self.tags.get(tags::MANAGED).is_some_and(|v| v == "true")
    }
}

#[derive(Debug, Clone, Default)]
pub struct LivePolicy {
    pub arn: String,
    pub document: Option<Value>,
    /// Version ids, oldest first, without the default one.
    pub old_versions: Vec<String>,
}

/// Read the live state. For `declared_users` that exist without Baseline's console tag
/// (users Baseline did not create) one `GetLoginProfile` each tells their console state.
pub async fn read(conn: &Connection, declared_users: &[String]) -> Result<Live> {
    let iam = conn.iam();
    let sts = conn.sts();
    let details = async {
        let pages: std::result::Result<Vec<_>, _> = iam
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::LocalManagedPolicy)
            .filter(EntityType::Role)
            .into_paginator()
            .send()
            .try_collect()
            .await;
        pages
    };
    let policy = async {
        match iam.get_account_password_policy().send().await {
            Ok(out) => Ok(out.password_policy().map(from_aws_policy)),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(classify(conn.ctx("iam:GetAccountPasswordPolicy"), e)),
        }
    };
    let (caller, pages, aliases, password_policy) = tokio::join!(
        sts.get_caller_identity().send(),
        details,
        iam.list_account_aliases().send(),
        policy
    );
    let caller = caller.map_err(|e| classify(conn.ctx("sts:GetCallerIdentity"), e))?;
    let pages = pages.map_err(|e| classify(conn.ctx("iam:GetAccountAuthorizationDetails"), e))?;
    let aliases = aliases.map_err(|e| classify(conn.ctx("iam:ListAccountAliases"), e))?;
    let arn = caller.arn().unwrap_or_default();
    let mut live = Live {
        account_id: caller.account().unwrap_or_default().to_owned(),
        partition: arn.split(':').nth(1).unwrap_or("aws").to_owned(),
        caller_arn: arn.to_owned(),
        alias: aliases.account_aliases().first().cloned(),
        password_policy: password_policy?,
        ..Live::default()
    };
    for page in &pages {
        for g in page.group_detail_list() {
            let group = LiveGroup {
                attached: g
                    .attached_managed_policies()
                    .iter()
                    .filter_map(|p| p.policy_arn().map(str::to_owned))
                    .collect(),
                inline: g
                    .group_policy_list()
                    .iter()
                    .filter_map(|p| {
                        Some((
                            p.policy_name()?.to_owned(),
                            decode_document(p.policy_document()?),
                        ))
                    })
                    .collect(),
            };
            live.groups
                .insert(g.group_name().unwrap_or_default().to_owned(), group);
        }
        for u in page.user_detail_list() {
            let name = u.user_name().unwrap_or_default().to_owned();
            let tag_map: BTreeMap<String, String> = u
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect();
            let user = LiveUser {
                console: tag_map.get(tags::CONSOLE).is_some_and(|v| v == "yes"),
                groups: u.group_list().iter().cloned().collect(),
                attached: u
                    .attached_managed_policies()
                    .iter()
                    .filter_map(|p| p.policy_arn().map(str::to_owned))
                    .collect(),
                inline: u
                    .user_policy_list()
                    .iter()
                    .filter_map(|p| p.policy_name().map(str::to_owned))
                    .collect(),
                tags: tag_map,
                name: name.clone(),
            };
            live.users.insert(name.to_lowercase(), user);
        }
        for r in page.role_detail_list() {
            let attached = r
                .attached_managed_policies()
                .iter()
                .filter_map(|p| p.policy_arn().map(str::to_owned))
                .collect();
            live.roles
                .insert(r.role_name().unwrap_or_default().to_owned(), attached);
        }
        for p in page.policies() {
            let arn = p.arn().unwrap_or_default().to_owned();
            // Some implementations omit PolicyName here; the ARN ends with it.
            let name = p
                .policy_name()
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default())
                .to_owned();
            let is_default = |v: &aws_sdk_iam::types::PolicyVersion| {
                v.is_default_version()
                    || (v.version_id().is_some() && v.version_id() == p.default_version_id())
            };
            let versions = p.policy_version_list();
            let policy = LivePolicy {
                document: versions
                    .iter()
                    .find(|v| is_default(v))
                    .and_then(|v| v.document())
                    .map(decode_document),
                old_versions: versions
                    .iter()
                    .filter(|v| !is_default(v))
                    .filter_map(|v| v.version_id().map(str::to_owned))
                    .collect(),
                arn,
            };
            live.policies.insert(name, policy);
        }
    }
    read_unmanaged_console(conn, &mut live, declared_users).await?;
    Ok(live)
}

/// Declared users that exist but that Baseline did not create: ask for their login profile.
async fn read_unmanaged_console(
    conn: &Connection,
    live: &mut Live,
    declared: &[String],
) -> Result<()> {
    let iam = conn.iam();
    let names: Vec<String> = declared
        .iter()
        .filter_map(|d| live.users.get(&d.to_lowercase()))
        .filter(|u| !u.tags.contains_key(tags::CONSOLE))
        .map(|u| u.name.clone())
        .collect();
    let results: Vec<(String, Result<bool>)> = futures::stream::iter(
        names
            .into_iter()
            .map(|name| login_profile_exists(conn, &iam, name)),
    )
    .buffer_unordered(8)
    .collect()
    .await;
    for (name, r) in results {
        if let Some(u) = live.users.get_mut(&name.to_lowercase()) {
            u.console = r?;
        }
    }
    Ok(())
}

async fn login_profile_exists(
    conn: &Connection,
    iam: &aws_sdk_iam::Client,
    name: String,
) -> (String, Result<bool>) {
    let r = match iam.get_login_profile().user_name(&name).send().await {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_no_such_entity_exception()) =>
        {
            Ok(false)
        }
        Err(e) => Err(classify(conn.ctx("iam:GetLoginProfile"), e)),
    };
    (name, r)
}

/// IAM returns policy documents URL-encoded.
pub fn decode_document(raw: &str) -> Value {
    let text = urlencoding::decode(raw)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| raw.to_owned());
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

fn from_aws_policy(p: &aws_sdk_iam::types::PasswordPolicy) -> PasswordPolicy {
    PasswordPolicy {
        minimum_length: p.minimum_password_length().unwrap_or(6).into(),
        require_uppercase: p.require_uppercase_characters(),
        require_lowercase: p.require_lowercase_characters(),
        require_numbers: p.require_numbers(),
        require_symbols: p.require_symbols(),
        allow_users_to_change: p.allow_users_to_change_password(),
        max_age_days: p.max_password_age().filter(|d| *d > 0).map(i64::from),
        reuse_prevention: p
            .password_reuse_prevention()
            .filter(|n| *n > 0)
            .map(i64::from),
    }
}
