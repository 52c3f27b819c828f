//! The server key and the database password for a named member, inside the `age` handoff
//! file (never on a printed sheet: a private key is not typed in by hand).

use super::{live, status, Clients};
use crate::aws::Connection;
use crate::team::infra::PasswordMode;
use crate::team::Team;
use crate::vault::{self, Kind};
use crate::{Error, Result};
use zeroize::Zeroizing;

/// The "server access" section of a member's handoff file, and the keychain keys it holds
/// (to mark them handed off once the file is written).
pub async fn section(
    conn: &Connection,
    team: &Team,
    account_id: &str,
    lang: &str,
) -> Result<(Zeroizing<String>, Vec<String>)> {
    let infra = team
        .infra
        .as_ref()
        .ok_or_else(|| Error::invalid("infra", "the team file has no [infra] section"))?;
    let clients = Clients::new(conn, account_id, &team.account.home_region);
    let live = live::read(&clients, infra, false).await?;
    let card = status::card(infra, &live);
    let names = infra.names();
    let key_name = vault::key(account_id, Kind::Ec2Key, &names.key());
    let file = status::key_file(infra);
    let db_name = vault::key(account_id, Kind::DbPassword, &names.db());
    let (k, d) = (key_name.clone(), db_name.clone());
    let (key, password) =
        crate::vault::blocking(move || Ok((vault::read(&k)?, vault::read(&d)?))).await?;
    let key = key.ok_or_else(|| {
        Error::invalid("infra", "the keychain holds no server key yet: apply first")
    })?;
    let ko = lang == "ko";
    let mut out = String::new();
    let mut keys = vec![key_name];
    out.push_str(if ko {
        "\n\n== 팀 서버 접속 ==\n"
    } else {
        "\n\n== Team server access ==\n"
    });
    out.push_str(
        if ko {
            format!("1. 아래 개인 키를 {file} 파일로 저장하고 권한을 바꿉니다: chmod 600 {file}\n")
        } else {
            format!("1. Save the private key below as {file} and restrict it: chmod 600 {file}\n")
        }
        .as_str(),
    );
    if let Some(host) = &card.host {
        out.push_str(&format!("2. ssh -i {file} {}@{host}\n", card.user));
    }
    if let Some(db) = &card.database {
        if let (Some(host), Some(endpoint)) = (&card.host, &db.endpoint) {
            out.push_str(&format!(
                "3. {}: ssh -i {file} -N -L {p}:{endpoint}:{p} {}@{host}\n   {}\n",
                if ko {
                    "데이터베이스 (SSH 터널)"
                } else {
                    "Database (SSH tunnel)"
                },
                card.user,
                db.client,
                p = db.port,
            ));
        }
        out.push_str(&format!(
            "   {}: {}\n",
            if ko { "DB 사용자" } else { "DB user" },
            db.user
        ));
        match (db.password, &password) {
            (PasswordMode::Keychain, Some(p)) => {
                out.push_str(&format!(
                    "   {}: {}\n",
                    if ko { "DB 비밀번호" } else { "DB password" },
                    p.expose()
                ));
                keys.push(db_name);
            }
            (PasswordMode::AwsManaged, _) => out.push_str(if ko {
                "   DB 비밀번호: AWS Secrets Manager에 있습니다 (RDS 콘솔 → 데이터베이스 → 구성 → 마스터 자격 증명).\n"
            } else {
                "   DB password: in AWS Secrets Manager (RDS console → database → Configuration → master credentials).\n"
            }),
            (PasswordMode::Keychain, None) => {}
        }
    }
    out.push_str(if ko {
        "\n개인 키 (ssh-ed25519):\n"
    } else {
        "\nPrivate key (ssh-ed25519):\n"
    });
    out.push_str(key.expose());
    if !key.expose().ends_with('\n') {
        out.push('\n');
    }
    Ok((Zeroizing::new(out), keys))
}
