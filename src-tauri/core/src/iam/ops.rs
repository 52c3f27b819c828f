//! The IAM changes apply makes, one small method per kind. Each is safe to repeat:
//! "already exists" and "already gone" count as done.

use super::tags;
use crate::aws::outcome::{already_done_on, aws_code};
use crate::aws::{classify, Connection};
use crate::team::PasswordPolicy;
use crate::vault::blocking;
use crate::vault::{self, Kind};
use crate::{Error, Result};
use aws_sdk_iam::types::Tag;
use serde_json::Value;

pub use crate::aws::outcome::{is_no_such_entity, Outcome};

/// One change to make in IAM.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    SetPasswordPolicy(PasswordPolicy),
    SetAlias {
        old: Option<String>,
        new: String,
    },
    CreatePolicy {
        name: String,
        document: Value,
    },
    UpdatePolicy {
        arn: String,
        document: Value,
        drop_version: Option<String>,
    },
    CreateGroup {
        group: String,
    },
    AttachGroupPolicy {
        group: String,
        arn: String,
    },
    DetachGroupPolicy {
        group: String,
        arn: String,
    },
    PutGroupPolicy {
        group: String,
        name: String,
        document: Value,
    },
    DeleteGroupPolicy {
        group: String,
        name: String,
    },
    CreateUser {
        user: String,
        tags: Vec<(String, String)>,
    },
    TagUser {
        user: String,
        tags: Vec<(String, String)>,
        untag: Vec<String>,
    },
    AddUserToGroup {
        user: String,
        group: String,
    },
    RemoveUserFromGroup {
        user: String,
        group: String,
    },
    /// Generate (or reuse the stored) password, keep it in the keychain, then create.
    CreateLoginProfile {
        user: String,
        policy: PasswordPolicy,
    },
    DeleteLoginProfile {
        user: String,
    },
}

/// IAM answers `EntityAlreadyExists` when what is being created exists.
fn exists_ok(r: Result<()>) -> Result<Outcome> {
    already_done_on("EntityAlreadyExists", r)
}

/// IAM answers `NoSuchEntity` when what is being removed is gone already.
fn gone_ok(r: Result<()>) -> Result<Outcome> {
    already_done_on("NoSuchEntity", r)
}

pub(crate) fn tag(k: &str, v: &str) -> Tag {
    Tag::builder()
        .key(k)
        .value(v)
        .build()
        .expect("key and value are set")
}

/// Runs [`Op`]s against one account.
pub struct Executor<'a> {
    pub conn: &'a Connection,
    pub iam: aws_sdk_iam::Client,
    pub account_id: String,
    /// `BASELINE_HOME`, for the index of secrets.
    pub home: std::path::PathBuf,
}

macro_rules! call {
    ($self:ident, $op:literal, $fut:expr) => {
        $fut.await
            .map(|_| ())
            .map_err(|e| classify($self.conn.ctx($op), e))
    };
}

impl Executor<'_> {
    /// Make one change.
    pub async fn run(&self, op: &Op) -> Result<Outcome> {
        let iam = &self.iam;
        match op {
            Op::SetPasswordPolicy(p) => {
                let mut req = iam
                    .update_account_password_policy()
                    .minimum_password_length(p.minimum_length as i32)
                    .require_uppercase_characters(p.require_uppercase)
                    .require_lowercase_characters(p.require_lowercase)
                    .require_numbers(p.require_numbers)
                    .require_symbols(p.require_symbols)
                    .allow_users_to_change_password(p.allow_users_to_change);
                if let Some(days) = p.max_age_days {
                    req = req.max_password_age(days as i32);
                }
                if let Some(n) = p.reuse_prevention {
                    req = req.password_reuse_prevention(n as i32);
                }
                call!(self, "iam:UpdateAccountPasswordPolicy", req.send()).map(|()| Outcome::Done)
            }
            Op::SetAlias { old, new } => self.set_alias(old.as_deref(), new).await,
            Op::CreatePolicy { name, document } => exists_ok(call!(
                self,
                "iam:CreatePolicy",
                iam.create_policy()
                    .policy_name(name)
                    .description(
                        "Baseline: members without MFA may only manage their own password and MFA"
                    )
                    .policy_document(document.to_string())
                    .send()
            )),
            Op::UpdatePolicy {
                arn,
                document,
                drop_version,
            } => {
                if let Some(v) = drop_version {
                    gone_ok(call!(
                        self,
                        "iam:DeletePolicyVersion",
                        iam.delete_policy_version()
                            .policy_arn(arn)
                            .version_id(v)
                            .send()
                    ))?;
                }
                call!(
                    self,
                    "iam:CreatePolicyVersion",
                    iam.create_policy_version()
                        .policy_arn(arn)
                        .policy_document(document.to_string())
                        .set_as_default(true)
                        .send()
                )
                .map(|()| Outcome::Done)
            }
            Op::CreateGroup { group } => exists_ok(call!(
                self,
                "iam:CreateGroup",
                iam.create_group().group_name(group).send()
            )),
            Op::AttachGroupPolicy { group, arn } => call!(
                self,
                "iam:AttachGroupPolicy",
                iam.attach_group_policy()
                    .group_name(group)
                    .policy_arn(arn)
                    .send()
            )
            .map(|()| Outcome::Done),
            Op::DetachGroupPolicy { group, arn } => gone_ok(call!(
                self,
                "iam:DetachGroupPolicy",
                iam.detach_group_policy()
                    .group_name(group)
                    .policy_arn(arn)
                    .send()
            )),
            Op::PutGroupPolicy {
                group,
                name,
                document,
            } => call!(
                self,
                "iam:PutGroupPolicy",
                iam.put_group_policy()
                    .group_name(group)
                    .policy_name(name)
                    .policy_document(document.to_string())
                    .send()
            )
            .map(|()| Outcome::Done),
            Op::DeleteGroupPolicy { group, name } => gone_ok(call!(
                self,
                "iam:DeleteGroupPolicy",
                iam.delete_group_policy()
                    .group_name(group)
                    .policy_name(name)
                    .send()
            )),
            Op::CreateUser { user, tags: t } => exists_ok(call!(
                self,
                "iam:CreateUser",
                iam.create_user()
                    .user_name(user)
                    .set_tags(Some(t.iter().map(|(k, v)| tag(k, v)).collect()))
                    .send()
            )),
            Op::TagUser {
                user,
                tags: t,
                untag,
            } => {
                if !untag.is_empty() {
                    call!(
                        self,
                        "iam:UntagUser",
                        iam.untag_user()
                            .user_name(user)
                            .set_tag_keys(Some(untag.clone()))
                            .send()
                    )?;
                }
                if !t.is_empty() {
                    call!(
                        self,
                        "iam:TagUser",
                        iam.tag_user()
                            .user_name(user)
                            .set_tags(Some(t.iter().map(|(k, v)| tag(k, v)).collect()))
                            .send()
                    )?;
                }
                Ok(Outcome::Done)
            }
            Op::AddUserToGroup { user, group } => call!(
                self,
                "iam:AddUserToGroup",
                iam.add_user_to_group()
                    .user_name(user)
                    .group_name(group)
                    .send()
            )
            .map(|()| Outcome::Done),
            Op::RemoveUserFromGroup { user, group } => gone_ok(call!(
                self,
                "iam:RemoveUserFromGroup",
                iam.remove_user_from_group()
                    .user_name(user)
                    .group_name(group)
                    .send()
            )),
            Op::CreateLoginProfile { user, policy } => {
                self.create_login_profile(user, policy).await
            }
            Op::DeleteLoginProfile { user } => {
                let outcome = gone_ok(call!(
                    self,
                    "iam:DeleteLoginProfile",
                    iam.delete_login_profile().user_name(user).send()
                ))?;
                call!(
                    self,
                    "iam:TagUser",
                    iam.tag_user()
                        .user_name(user)
                        .tags(tag(tags::CONSOLE, "no"))
                        .send()
                )?;
                let key = vault::key(&self.account_id, Kind::ConsolePassword, user);
                let home = self.home.clone();
                blocking(move || {
                    vault::delete(&key)?;
                    vault::index::remove(&home, &key)
                })
                .await?;
                Ok(outcome)
            }
        }
    }

    /// Create the new alias (AWS replaces the old one); a taken alias leaves the old in place.
    async fn set_alias(&self, old: Option<&str>, new: &str) -> Result<Outcome> {
        let created = call!(
            self,
            "iam:CreateAccountAlias",
            self.iam.create_account_alias().account_alias(new).send()
        );
        match created {
            Ok(()) => Ok(Outcome::Done),
            Err(e) if aws_code(&e) == Some("EntityAlreadyExists") => Err(Error::AliasTaken {
                alias: new.to_owned(),
            }),
            // Some partitions refuse a second alias: delete the old one, create, restore on failure.
            Err(e) if aws_code(&e) == Some("LimitExceeded") && old.is_some() => {
                let old = old.unwrap_or_default();
                call!(
                    self,
                    "iam:DeleteAccountAlias",
                    self.iam.delete_account_alias().account_alias(old).send()
                )?;
                match call!(
                    self,
                    "iam:CreateAccountAlias",
                    self.iam.create_account_alias().account_alias(new).send()
                ) {
                    Ok(()) => Ok(Outcome::Done),
                    Err(e) => {
                        let _ = call!(
                            self,
                            "iam:CreateAccountAlias",
                            self.iam.create_account_alias().account_alias(old).send()
                        );
                        Err(if aws_code(&e) == Some("EntityAlreadyExists") {
                            Error::AliasTaken {
                                alias: new.to_owned(),
                            }
                        } else {
                            e
                        })
                    }
                }
            }
            Err(e) => Err(e),
        }
    }
}
