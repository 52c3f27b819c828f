//! CIS 1.17: a role through which the team can reach AWS Support, made by Baseline on the
//! lead's click. Only the account's own principals may assume it, and only with MFA.

use crate::aws::identity;
use crate::aws::outcome::aws_code;
use crate::aws::{classify, Connection};
use crate::iam::tags;
use crate::Result;
use aws_sdk_iam::types::Tag;
use serde_json::json;

/// The role's name.
pub const ROLE: &str = "BaselineAWSSupport";

/// The trust policy: principals of this account, with MFA.
pub fn trust_document(partition: &str, account_id: &str) -> serde_json::Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AccountPrincipalsWithMFA",
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:{partition}:iam::{account_id}:root")},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        }]
    })
}

/// Create the role (or find it) and attach `AWSSupportAccess`; safe to repeat.
pub async fn ensure(conn: &Connection) -> Result<String> {
    let who = identity::whoami(conn).await?;
    let partition = who.arn.split(':').nth(1).unwrap_or("aws").to_owned();
    let iam = conn.iam();
    let managed = Tag::builder()
        .key(tags::MANAGED)
        .value("true")
        .build()
        .expect("key and value are set");
    let created = iam
        .create_role()
        .role_name(ROLE)
        .description("Baseline: reach AWS Support (CIS 1.17); assumable with MFA only")
        .assume_role_policy_document(trust_document(&partition, &who.account_id).to_string())
        .tags(managed)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify(conn.ctx("iam:CreateRole"), e));
    match created {
        Ok(()) => {}
        Err(e) if aws_code(&e) == Some("EntityAlreadyExists") => {
            // Ours from an earlier click: go on. Someone else's: leave it alone.
            let role = iam
                .get_role()
                .role_name(ROLE)
                .send()
                .await
                .map_err(|e| classify(conn.ctx("iam:GetRole"), e))?;
            let managed = role.role().is_some_and(|r| {
                r.tags()
                    .iter()
                    .any(|t| t.key() == tags::MANAGED && t.value() == "true")
            });
            if !managed {
                let why = format!(
                    "a role named {ROLE} exists that Baseline did not make; check it in the IAM console (Roles) before trusting it for AWS Support"
                );
                return Err(crate::Error::invalid("role", why));
            }
        }
        Err(e) => return Err(e),
    }
    iam.attach_role_policy()
        .role_name(ROLE)
        .policy_arn(format!("arn:{partition}:iam::aws:policy/AWSSupportAccess"))
        .send()
        .await
        .map_err(|e| classify(conn.ctx("iam:AttachRolePolicy"), e))?;
    Ok(ROLE.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_accounts_principals_with_mfa_may_assume_it() {
        let doc = trust_document("aws", "123456789012");
        let s = &doc["Statement"][0];
        assert_eq!(s["Principal"]["AWS"], "arn:aws:iam::123456789012:root");
        assert_eq!(s["Condition"]["Bool"]["aws:MultiFactorAuthPresent"], "true");
        assert_eq!(
            trust_document("aws-cn", "1")["Statement"][0]["Principal"]["AWS"],
            "arn:aws-cn:iam::1:root"
        );
    }
}
