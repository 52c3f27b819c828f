//! IAM policies Baseline knows: the AWS managed ones the presets use, the deny-delete guard
//! and the self-manage-MFA policy.

use serde_json::{json, Value};

/// AWS allows at most 10 managed policies on a group.
pub const MAX_POLICIES_PER_GROUP: usize = 10;

/// AWS managed policies by name, with their path (most live at `/`).
const KNOWN: &[(&str, &str)] = &[
    ("AdministratorAccess", "/"),
    ("PowerUserAccess", "/"),
    ("ReadOnlyAccess", "/"),
    ("ViewOnlyAccess", "/job-function/"),
    ("Billing", "/job-function/"),
    ("AWSBillingReadOnlyAccess", "/"),
    ("AWSSupportAccess", "/"),
    ("IAMUserChangePassword", "/"),
    ("AmazonEC2FullAccess", "/"),
    ("AmazonEC2ReadOnlyAccess", "/"),
    ("AmazonRDSFullAccess", "/"),
    ("AmazonRDSReadOnlyAccess", "/"),
    ("AmazonRoute53FullAccess", "/"),
    ("AmazonRoute53ReadOnlyAccess", "/"),
    ("AmazonRoute53DomainsFullAccess", "/"),
    ("AmazonS3FullAccess", "/"),
    ("AmazonS3ReadOnlyAccess", "/"),
    ("CloudWatchFullAccess", "/"),
    ("CloudWatchFullAccessV2", "/"),
    ("CloudWatchReadOnlyAccess", "/"),
    ("AmazonSNSFullAccess", "/"),
    ("AmazonSQSFullAccess", "/"),
    ("AmazonDynamoDBFullAccess", "/"),
    ("AWSLambda_FullAccess", "/"),
    ("AmazonECS_FullAccess", "/"),
    ("AmazonVPCFullAccess", "/"),
];

/// Services the starter backend group can get FullAccess on: (id, policy, IAM prefixes).
pub const SERVICES: &[(&str, &str, &[&str])] = &[
    ("ec2", "AmazonEC2FullAccess", &["ec2"]),
    ("rds", "AmazonRDSFullAccess", &["rds"]),
    ("route53", "AmazonRoute53FullAccess", &["route53"]),
    ("s3", "AmazonS3FullAccess", &["s3"]),
    (
        "cloudwatch",
        "CloudWatchFullAccess",
        &["cloudwatch", "logs"],
    ),
    ("sns", "AmazonSNSFullAccess", &["sns"]),
    ("sqs", "AmazonSQSFullAccess", &["sqs"]),
    ("dynamodb", "AmazonDynamoDBFullAccess", &["dynamodb"]),
    ("lambda", "AWSLambda_FullAccess", &["lambda"]),
    ("ecs", "AmazonECS_FullAccess", &["ecs"]),
];

/// Name of the inline deny policy `deny_delete` puts on a group.
pub const DENY_DELETE_POLICY: &str = "baseline-deny-delete";
/// Name of the customer managed policy that `require_mfa` attaches to every group.
pub const REQUIRE_MFA_POLICY: &str = "BaselineRequireMFA";

/// Names of the known AWS managed policies (for the UI's policy picker).
pub fn known_names() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|(n, _)| *n)
}

/// True for a name in the known list.
pub fn is_known_managed_policy(name: &str) -> bool {
    KNOWN.iter().any(|(n, _)| *n == name)
}

/// True for a full policy ARN (AWS managed or customer managed).
pub fn is_policy_arn(s: &str) -> bool {
    let mut parts = s.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(owner), Some(res)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    partition.starts_with("aws")
        && (owner == "aws" || (owner.len() == 12 && owner.bytes().all(|b| b.is_ascii_digit())))
        && res.strip_prefix("policy/").is_some_and(|p| !p.is_empty())
}

/// The ARN of a policy as written in the team file (a known name or an ARN).
pub fn policy_arn(partition: &str, name_or_arn: &str) -> String {
    if is_policy_arn(name_or_arn) {
        return name_or_arn.to_owned();
    }
    let path = KNOWN
        .iter()
        .find(|(n, _)| *n == name_or_arn)
        .map_or("/", |(_, p)| *p);
    format!("arn:{partition}:iam::aws:policy{path}{name_or_arn}")
}

/// IAM action prefixes of the services a group's policies grant, for the deny-delete guard.
pub fn services_of(policies: &[String]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = SERVICES
        .iter()
        .filter(|(_, policy, _)| {
            policies
                .iter()
                .any(|p| p == policy || p.ends_with(&format!("/{policy}")))
        })
        .flat_map(|(_, _, prefixes)| prefixes.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Destructive verbs the guard denies when the group's services are unknown (`*:Verb*`).
const VERBS: &[&str] = &[
    "Delete*",
    "Terminate*",
    "Remove*",
    "Purge*",
    "Disassociate*",
    "Deregister*",
];

/// Per IAM prefix, only the verbs of [`VERBS`] that name real actions of that service
/// (`cloudwatch:Terminate*` would match nothing: a policy linter flags it and a reader
/// trusts a guard that is not there). `actions.txt` lists the real actions; a test keeps
/// both in step, and scripts/lint-policies checks them against parliament.
const DESTRUCTIVE: &[(&str, &[&str])] = &[
    ("cloudwatch", &["Delete*"]),
    ("dynamodb", &["Delete*"]),
    (
        "ec2",
        &["Delete*", "Terminate*", "Disassociate*", "Deregister*"],
    ),
    ("ecs", &["Delete*", "Deregister*"]),
    ("lambda", &["Delete*", "Remove*"]),
    ("logs", &["Delete*", "Disassociate*"]),
    ("rds", &["Delete*", "Remove*", "Deregister*"]),
    ("route53", &["Delete*", "Disassociate*"]),
    ("s3", &["Delete*"]),
    ("sns", &["Delete*", "Remove*"]),
    ("sqs", &["Delete*", "Remove*", "Purge*"]),
];

/// Inline deny of destructive actions on the given services (`Delete*`, `Terminate*`, …);
/// no known service denies those verbs on every service.
///
/// A seatbelt, not a permission boundary: it does not stop changes that lose data without
/// deleting anything (e.g. `ec2:ModifyInstanceAttribute`, `ec2:DetachVolume`,
/// `s3:PutLifecycleConfiguration`, `rds:ModifyDBInstance` with no backups).
pub fn deny_delete_document(services: &[&str]) -> Value {
    let mut actions: Vec<String> = DESTRUCTIVE
        .iter()
        .filter(|(prefix, _)| services.contains(prefix))
        .flat_map(|(prefix, verbs)| verbs.iter().map(move |v| format!("{prefix}:{v}")))
        .collect();
    if actions.is_empty() {
        actions = VERBS.iter().map(|v| format!("*:{v}")).collect();
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "BaselineDenyDestructiveActions",
            "Effect": "Deny",
            "Action": actions,
            "Resource": "*"
        }]
    })
}

/// AWS's self-manage-MFA pattern: without MFA a member may only sign in, see and change
/// their own password (the forced reset at first sign-in) and set up their own MFA device.
/// `partition` is the account's (`aws`, `aws-cn`, `aws-us-gov`): an `arn:aws:` resource
/// would match nothing in the other partitions and lock members out of setting up MFA.
pub fn require_mfa_document(partition: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowViewAccountInfo",
                "Effect": "Allow",
                "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
                "Resource": "*"
            },
            {
                // Devices are created under any name (the console asks for one), but a
                // member may delete only the device named after themself: never another
                // member's, even an unassigned one.
                "Sid": "AllowCreateVirtualMFADevice",
                "Effect": "Allow",
                "Action": "iam:CreateVirtualMFADevice",
                "Resource": format!("arn:{partition}:iam::*:mfa/*")
            },
            {
                "Sid": "AllowDeleteOwnVirtualMFADevice",
                "Effect": "Allow",
                "Action": "iam:DeleteVirtualMFADevice",
                "Resource": format!("arn:{partition}:iam::*:mfa/${{aws:username}}")
            },
            {
                "Sid": "AllowManageOwnPasswordsAndMFA",
                "Effect": "Allow",
                "Action": [
                    "iam:ChangePassword",
                    "iam:GetUser",
                    "iam:GetLoginProfile",
                    "iam:EnableMFADevice",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice"
                ],
                "Resource": format!("arn:{partition}:iam::*:user/${{aws:username}}")
            },
            {
                "Sid": "DenyAllExceptListedIfNoMFA",
                "Effect": "Deny",
                "NotAction": [
                    "iam:ChangePassword",
                    "iam:GetUser",
                    "iam:GetLoginProfile",
                    "iam:GetAccountPasswordPolicy",
                    "iam:CreateVirtualMFADevice",
                    "iam:DeleteVirtualMFADevice",
                    "iam:EnableMFADevice",
                    "iam:ListMFADevices",
                    "iam:ListVirtualMFADevices",
                    "iam:ResyncMFADevice",
                    "sts:GetSessionToken"
                ],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_may_delete_only_their_own_mfa_device() {
        let doc = require_mfa_document("aws");
        let statements = doc["Statement"].as_array().unwrap();
        let deleting: Vec<&Value> = statements
            .iter()
            .filter(|s| s["Effect"] == "Allow")
            .filter(|s| {
                s["Action"] == "iam:DeleteVirtualMFADevice"
                    || s["Action"]
                        .as_array()
                        .is_some_and(|a| a.contains(&json!("iam:DeleteVirtualMFADevice")))
            })
            .collect();
        assert_eq!(deleting.len(), 1);
        assert_eq!(
            deleting[0]["Resource"],
            "arn:aws:iam::*:mfa/${aws:username}"
        );
    }

    #[test]
    fn arns_for_names_and_arns() {
        assert_eq!(
            policy_arn("aws", "ReadOnlyAccess"),
            "arn:aws:iam::aws:policy/ReadOnlyAccess"
        );
        assert_eq!(
            policy_arn("aws", "ViewOnlyAccess"),
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        );
        let custom = "arn:aws:iam::123456789012:policy/team/Deploy";
        assert!(is_policy_arn(custom));
        assert_eq!(policy_arn("aws", custom), custom);
        assert!(!is_policy_arn("arn:aws:iam::12345:policy/x"));
        assert!(!is_policy_arn("arn:aws:s3:::bucket"));
    }

    #[test]
    fn deny_delete_covers_the_groups_services() {
        let services = services_of(&["AmazonEC2FullAccess".into(), "AmazonS3FullAccess".into()]);
        assert_eq!(services, vec!["ec2", "s3"]);
        let doc = deny_delete_document(&services);
        let actions = doc["Statement"][0]["Action"].as_array().unwrap();
        assert!(actions.contains(&json!("ec2:Terminate*")));
        assert!(actions.contains(&json!("s3:Delete*")));
        assert!(
            !actions.contains(&json!("s3:Terminate*")),
            "no such S3 action"
        );
        assert_eq!(doc["Statement"][0]["Effect"], "Deny");
        let none = deny_delete_document(&[]);
        assert_eq!(none["Statement"][0]["Action"].as_array().unwrap().len(), 6);
    }

    /// `actions.txt`: service → the real actions (from parliament's IAM definition).
    fn real_actions() -> Vec<(&'static str, Vec<&'static str>)> {
        include_str!("actions.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (service, actions) = l.split_once(':').expect("service: actions");
                (service, actions.split_whitespace().collect())
            })
            .collect()
    }

    fn matches(pattern: &str, action: &str) -> bool {
        action.starts_with(pattern.trim_end_matches('*'))
    }

    #[test]
    fn every_deny_pattern_matches_a_real_action_and_covers_them_all() {
        let real = real_actions();
        let listed: Vec<&str> = real.iter().map(|(s, _)| *s).collect();
        let table: Vec<&str> = DESTRUCTIVE.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            listed, table,
            "actions.txt and DESTRUCTIVE list the same services"
        );
        let mut prefixes: Vec<&str> = SERVICES
            .iter()
            .flat_map(|(_, _, p)| p.iter().copied())
            .collect();
        prefixes.sort_unstable();
        assert_eq!(
            prefixes, table,
            "every service a group can get has a table row"
        );
        for ((service, actions), (_, verbs)) in real.iter().zip(DESTRUCTIVE) {
            for verb in *verbs {
                assert!(
                    actions.iter().any(|a| matches(verb, a)),
                    "{service}:{verb} matches no real action"
                );
            }
            for action in actions {
                assert!(
                    verbs.iter().any(|v| matches(v, action)),
                    "{service}:{action} is destructive but not denied"
                );
            }
        }
    }

    #[test]
    fn require_mfa_uses_the_accounts_partition() {
        let doc = require_mfa_document("aws-cn").to_string();
        assert!(
            doc.contains("arn:aws-cn:iam::*:user/${aws:username}"),
            "{doc}"
        );
        assert!(doc.contains("arn:aws-cn:iam::*:mfa/*"));
        assert!(!doc.contains("arn:aws:"));
    }
}
