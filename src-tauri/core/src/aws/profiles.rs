//! The AWS profiles of the standard config and credentials files, read by aws-config itself.

use crate::{Error, Result};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use serde::Serialize;

/// How a profile gets its credentials, so the UI can say what connecting will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    /// IAM Identity Center (`sso_session` or `sso_start_url`).
    Sso,
    /// Assumes a role from another profile or a web identity.
    Role,
    /// Runs an external `credential_process`.
    Process,
    /// Long-term access keys in the files.
    Keys,
    /// Anything else (for example region-only profiles that rely on the environment).
    Other,
}

/// One profile as the Connect screen lists it. Never carries a key.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileInfo {
    pub name: String,
    pub kind: ProfileKind,
    pub region: Option<String>,
    /// The profile's `mfa_serial`: the MFA device whose codes make an MFA session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_serial: Option<String>,
}

/// List the profiles of `~/.aws/config` and `~/.aws/credentials` (or the files named by
/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), sorted by name.
pub async fn list() -> Result<Vec<ProfileInfo>> {
    list_with(&Fs::real(), &Env::real()).await
}

async fn list_with(fs: &Fs, env: &Env) -> Result<Vec<ProfileInfo>> {
    let set = aws_config::profile::load(fs, env, &EnvConfigFiles::default(), None)
        .await
        .map_err(|e| Error::ProfileFiles {
            detail: e.to_string(),
        })?;
    let mut out: Vec<ProfileInfo> = set
        .profiles()
        .filter_map(|name| set.get_profile(name))
        .map(|p| ProfileInfo {
            name: p.name().to_owned(),
            kind: kind_of(|k| p.get(k)),
            region: p.get("region").map(str::to_owned),
            mfa_serial: p.get("mfa_serial").map(str::to_owned),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn kind_of<'a>(get: impl Fn(&str) -> Option<&'a str>) -> ProfileKind {
    if get("sso_session").is_some() || get("sso_start_url").is_some() {
        ProfileKind::Sso
    } else if get("role_arn").is_some() {
        ProfileKind::Role
    } else if get("credential_process").is_some() {
        ProfileKind::Process
    } else if get("aws_access_key_id").is_some() {
        ProfileKind::Keys
    } else {
        ProfileKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lists_profiles_of_both_files_with_their_kind_and_region() {
        let fs = Fs::from_slice(&[
            (
                "/home/u/.aws/config",
                "[default]\nregion = ap-northeast-2\n\
                 [profile team-sso]\nsso_session = corp\nsso_account_id = 111122223333\n\
                 sso_role_name = Admin\nregion = us-east-1\n\
                 [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                 sso_region = us-east-1\n\
                 [profile deploy]\nrole_arn = arn:aws:iam::111122223333:role/deploy\n\
                 source_profile = default\n",
            ),
            (
                "/home/u/.aws/credentials",
                "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n",
            ),
        ]);
        let env = Env::from_slice(&[("HOME", "/home/u")]);
        let got = list_with(&fs, &env).await.unwrap();
        let summary: Vec<_> = got
            .iter()
            .map(|p| (p.name.as_str(), p.kind, p.region.as_deref()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("default", ProfileKind::Keys, Some("ap-northeast-2")),
                ("deploy", ProfileKind::Role, None),
                ("team-sso", ProfileKind::Sso, Some("us-east-1")),
            ]
        );
    }

    #[tokio::test]
    async fn no_files_means_no_profiles() {
        let fs = Fs::from_slice(&[]);
        let env = Env::from_slice(&[("HOME", "/home/u")]);
        assert!(list_with(&fs, &env).await.unwrap().is_empty());
    }
}
