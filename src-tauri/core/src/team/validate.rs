//! Every rule of the team file, checked before any AWS call.

use super::policies::{
    is_known_managed_policy, is_policy_arn, MAX_POLICIES_PER_GROUP, REQUIRE_MFA_POLICY,
};
use super::{Member, Team};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One thing wrong with the team file: where, which rule, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// 1-based line in the file, when the team came from a file.
    pub line: Option<usize>,
    /// Path of the field, e.g. `members[2].email`.
    pub field: String,
    /// Stable rule code the UI translates, e.g. `undefined_group`.
    pub code: &'static str,
    /// The problem in English.
    pub message: String,
    /// Values for the translated message.
    pub params: BTreeMap<&'static str, String>,
}

impl Problem {
    pub(super) fn new(field: String, code: &'static str, message: String) -> Self {
        Problem {
            line: None,
            field,
            code,
            message,
            params: BTreeMap::new(),
        }
    }

    pub(super) fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.insert(key, value.to_string());
        self
    }

    /// A TOML syntax, type or unknown-key error reported by the parser.
    pub fn syntax(line: Option<usize>, message: &str) -> Self {
        let mut p = Problem::new(String::new(), "syntax", message.trim().to_owned())
            .with("detail", message.trim());
        p.line = line;
        p
    }
}

/// The largest alarm threshold or monthly budget accepted, in USD: far above any small
/// team's bill, and it keeps `inf` or a typo's 1e300 from reaching CloudWatch or Budgets.
pub const MAX_USD: f64 = 1_000_000.0;
/// AWS allows a user in at most 10 groups.
pub const MAX_GROUPS_PER_USER: usize = 10;

/// Check every rule; an empty list means the team is valid.
pub fn validate(team: &Team) -> Vec<Problem> {
    let mut out = Vec::new();
    if team.version != 1 {
        out.push(
            Problem::new(
                "version".into(),
                "version",
                format!("version must be 1, not {}", team.version),
            )
            .with("value", team.version),
        );
    }
    if let Some(alias) = &team.account.alias {
        if !valid_alias(alias) {
            out.push(
                Problem::new(
                    "account.alias".into(),
                    "alias",
                    format!("\"{alias}\" is not a valid account alias: 3 to 63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen"),
                )
                .with("value", alias),
            );
        }
    }
    if crate::aws::validate_region(&team.account.home_region).is_err() {
        out.push(
            Problem::new(
                "account.home_region".into(),
                "region",
                format!(
                    "\"{}\" is not an AWS region such as ap-northeast-2",
                    team.account.home_region
                ),
            )
            .with("value", &team.account.home_region),
        );
    }
    password_policy(team, &mut out);
    billing(team, &mut out);
    groups(team, &mut out);
    members(team, &mut out);
    super::validate_infra::check(team, &mut out);
    out
}

pub(super) fn range(out: &mut Vec<Problem>, field: &str, value: i64, min: i64, max: i64) {
    if !(min..=max).contains(&value) {
        out.push(
            Problem::new(
                field.into(),
                "range",
                format!("{value} is outside {min}..={max}"),
            )
            .with("value", value)
            .with("min", min)
            .with("max", max),
        );
    }
}

fn password_policy(team: &Team, out: &mut Vec<Problem>) {
    let p = &team.password_policy;
    range(
        out,
        "password_policy.minimum_length",
        p.minimum_length,
        8,
        128,
    );
    if let Some(days) = p.max_age_days {
        range(out, "password_policy.max_age_days", days, 1, 1095);
    }
    if let Some(n) = p.reuse_prevention {
        range(out, "password_policy.reuse_prevention", n, 1, 24);
    }
}

fn billing(team: &Team, out: &mut Vec<Problem>) {
    let Some(b) = &team.billing else { return };
    // NaN fails every comparison, so `!(in range)` also refuses it (and inf is > MAX_USD).
    if !(b.alarm_threshold_usd > 0.0 && b.alarm_threshold_usd <= MAX_USD) {
        out.push(
            Problem::new(
                "billing.alarm_threshold_usd".into(),
                "threshold",
                format!(
                    "the alarm threshold must be more than 0 and at most {MAX_USD} USD, not {}",
                    b.alarm_threshold_usd
                ),
            )
            .with("value", b.alarm_threshold_usd)
            .with("max", MAX_USD),
        );
    }
    if b.notify.is_empty() || b.notify.len() > 20 {
        out.push(
            Problem::new(
                "billing.notify".into(),
                "notify_count",
                format!("give 1 to 20 email addresses, not {}", b.notify.len()),
            )
            .with("value", b.notify.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, email) in b.notify.iter().enumerate() {
        let field = format!("billing.notify[{i}]");
        if !valid_email(email) {
            out.push(
                Problem::new(
                    field,
                    "email",
                    format!("\"{email}\" is not an email address"),
                )
                .with("value", email),
            );
        } else if !seen.insert(email.to_ascii_lowercase()) {
            out.push(
                Problem::new(
                    field,
                    "duplicate_email",
                    format!("\"{email}\" is listed twice"),
                )
                .with("value", email),
            );
        }
    }
    if let Some(budget) = b.monthly_budget_usd {
        if !((0.01..=MAX_USD).contains(&budget)) {
            out.push(
                Problem::new(
                    "billing.monthly_budget_usd".into(),
                    "budget",
                    format!("the monthly budget must be from 0.01 to {MAX_USD} USD, not {budget}"),
                )
                .with("value", budget)
                .with("max", MAX_USD),
            );
        }
    }
    let mut seen = HashSet::new();
    for (i, pct) in b.budget_alert_percents.iter().enumerate() {
        let field = format!("billing.budget_alert_percents[{i}]");
        range(out, &field, *pct, 1, 1000);
        // Budgets refuses two notifications with the same threshold.
        if !seen.insert(*pct) {
            out.push(
                Problem::new(
                    field,
                    "duplicate_percent",
                    format!("{pct}% is listed twice"),
                )
                .with("value", pct),
            );
        }
    }
}

fn groups(team: &Team, out: &mut Vec<Problem>) {
    // IAM group names ignore case: "Backend" and "backend" would be one group.
    let mut names: HashMap<String, &String> = HashMap::new();
    // BaselineRequireMFA is attached to every group and counts against AWS's limit.
    let max = if team.account.require_mfa {
        MAX_POLICIES_PER_GROUP - 1
    } else {
        MAX_POLICIES_PER_GROUP
    };
    for (name, group) in &team.groups {
        let base = format!("groups.{name}");
        if !valid_iam_name(name, 128) {
            out.push(
                Problem::new(base.clone(), "group_name", format!("\"{name}\" is not a valid IAM group name: 1 to 128 letters, digits and + = , . @ _ -"))
                    .with("value", name),
            );
        } else if let Some(first) = names.insert(name.to_lowercase(), name) {
            out.push(
                Problem::new(
                    base.clone(),
                    "duplicate_group_name",
                    format!("group \"{name}\" is declared twice (IAM group names ignore case; see \"{first}\")"),
                )
                .with("value", name)
                .with("other", first),
            );
        }
        if team.account.require_mfa && group.policies.len() > max {
            out.push(
                Problem::new(
                    format!("{base}.policies"),
                    "too_many_policies_mfa",
                    format!("group \"{name}\" has {} policies; with require_mfa, {REQUIRE_MFA_POLICY} is attached too and AWS allows {MAX_POLICIES_PER_GROUP} per group, so at most {max} fit", group.policies.len()),
                )
                .with("group", name)
                .with("value", group.policies.len())
                .with("max", max),
            );
        } else if group.policies.len() > MAX_POLICIES_PER_GROUP {
            out.push(
                Problem::new(
                    format!("{base}.policies"),
                    "too_many_policies",
                    format!("group \"{name}\" has {} policies; AWS allows at most {MAX_POLICIES_PER_GROUP} per group", group.policies.len()),
                )
                .with("group", name)
                .with("value", group.policies.len())
                .with("max", MAX_POLICIES_PER_GROUP),
            );
        }
        let mut seen = HashSet::new();
        for (i, policy) in group.policies.iter().enumerate() {
            let field = format!("{base}.policies[{i}]");
            if !is_known_managed_policy(policy) && !is_policy_arn(policy) {
                out.push(
                    Problem::new(field, "unknown_policy", format!("\"{policy}\" is not a known AWS managed policy name; use its full ARN (arn:aws:iam::aws:policy/…) if it exists"))
                        .with("value", policy),
                );
            } else if !seen.insert(policy) {
                out.push(
                    Problem::new(
                        field,
                        "duplicate_policy",
                        format!("\"{policy}\" is listed twice"),
                    )
                    .with("value", policy),
                );
            }
        }
    }
}

fn members(team: &Team, out: &mut Vec<Problem>) {
    let mut seen: HashMap<String, &Member> = HashMap::new();
    for (i, m) in team.members.iter().enumerate() {
        let base = format!("members[{i}]");
        if !valid_iam_name(&m.user, 64) {
            out.push(
                Problem::new(format!("{base}.user"), "user_name", format!("\"{}\" is not a valid IAM user name: 1 to 64 letters, digits and + = , . @ _ -", m.user))
                    .with("value", &m.user),
            );
        } else if let Some(first) = seen.insert(m.user.to_lowercase(), m) {
            out.push(
                Problem::new(
                    format!("{base}.user"),
                    "duplicate_user",
                    format!(
                        "user \"{}\" is declared twice (IAM user names ignore case; see \"{}\")",
                        m.user, first.user
                    ),
                )
                .with("value", &m.user)
                .with("other", &first.user),
            );
        }
        if let Some(email) = &m.email {
            if !valid_email(email) {
                out.push(
                    Problem::new(
                        format!("{base}.email"),
                        "email",
                        format!("\"{email}\" is not an email address"),
                    )
                    .with("value", email),
                );
            }
        }
        if m.groups.len() > MAX_GROUPS_PER_USER {
            out.push(
                Problem::new(
                    format!("{base}.groups"),
                    "too_many_groups",
                    format!(
                        "user \"{}\" is in {} groups; AWS allows at most {MAX_GROUPS_PER_USER}",
                        m.user,
                        m.groups.len()
                    ),
                )
                .with("user", &m.user)
                .with("value", m.groups.len())
                .with("max", MAX_GROUPS_PER_USER),
            );
        }
        let mut in_groups = HashSet::new();
        for (j, g) in m.groups.iter().enumerate() {
            if !in_groups.insert(g) {
                out.push(
                    Problem::new(
                        format!("{base}.groups[{j}]"),
                        "duplicate_group",
                        format!("group \"{g}\" is listed twice for user \"{}\"", m.user),
                    )
                    .with("value", g)
                    .with("user", &m.user),
                );
            } else if !team.groups.contains_key(g) {
                out.push(
                    Problem::new(
                        format!("{base}.groups[{j}]"),
                        "undefined_group",
                        format!(
                            "group \"{g}\" of user \"{}\" is not declared under [groups]",
                            m.user
                        ),
                    )
                    .with("value", g)
                    .with("user", &m.user),
                );
            }
        }
    }
}

pub use super::names::{valid_alias, valid_email, valid_iam_name};
