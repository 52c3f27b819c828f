//! Handing a member their access: sign-in URL, user name, temporary password and the
//! first-sign-in steps, as a printable sheet (with a QR code of the URL) or as an `age`
//! file encrypted to a passphrase or to the member's SSH key.

use crate::vault::Secret;
use crate::{Error, Result};
use age::secrecy::SecretString;
use serde::Serialize;
use std::io::Write;
use zeroize::Zeroizing;

/// Everything a member needs for the first sign-in.
pub struct Handoff {
    pub user: String,
    pub display_name: Option<String>,
    pub account_id: String,
    pub alias: Option<String>,
    pub sign_in_url: String,
    pub password: Secret,
    /// `ko` or `en`.
    pub lang: String,
    /// The member has MFA already: no "set up MFA" steps.
    pub mfa_on: bool,
    /// The temporary password is still in use (AWS will ask for a new one at sign-in).
    pub reset_pending: bool,
}

/// The sheet as data; the window lays it out and prints it. Holds the password: it only
/// travels to the window on an explicit "hand off" action.
#[derive(Serialize)]
pub struct Sheet {
    pub lang: String,
    pub title: String,
    pub user: String,
    pub display_name: Option<String>,
    pub account: String,
    pub sign_in_url: String,
    pub password: String,
    pub steps: Vec<String>,
    pub warning: String,
    /// QR code of the sign-in URL, as an SVG document.
    pub qr_svg: String,
}

fn words(lang: &str) -> [&'static str; 8] {
    if lang == "ko" {
        [
            "AWS 계정 접속 정보",
            "로그인 URL",
            "계정",
            "사용자 이름",
            "임시 비밀번호",
            "처음 로그인할 때",
            "이 종이는 다른 사람에게 보이지 않게 보관하고, 비밀번호를 바꾼 뒤에는 폐기하세요.",
            "",
        ]
    } else {
        [
            "Your AWS access",
            "Sign-in URL",
            "Account",
            "User name",
            "Temporary password",
            "First sign-in",
            "Keep this private and destroy it once you have changed your password.",
            "",
        ]
    }
}

/// The first-sign-in steps that still apply to this member: the password change only while
/// the temporary password is in use, the MFA steps only while MFA is off.
fn steps(h: &Handoff) -> Vec<String> {
    let all = all_steps(&h.lang);
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| match i {
            1 => h.reset_pending,
            2 | 3 => !h.mfa_on,
            _ => true,
        })
        .map(|(_, s)| s)
        .collect()
}

fn all_steps(lang: &str) -> Vec<String> {
    let s: &[&str] = if lang == "ko" {
        &[
            "로그인 URL을 열고 사용자 이름과 임시 비밀번호로 로그인합니다.",
            "AWS가 바로 새 비밀번호를 정하라고 합니다. 팀의 암호 정책에 맞는 긴 비밀번호를 정하세요.",
            "MFA를 설정합니다: 오른쪽 위 계정 메뉴 → 보안 자격 증명 → MFA 디바이스 할당 → 인증 관리자 앱. QR 코드를 스캔하고 연속된 코드 두 개를 입력합니다.",
            "MFA를 켜기 전에는 비밀번호 변경과 MFA 설정만 할 수 있습니다. 설정 후 로그아웃했다가 다시 로그인하세요.",
            "팀 책임자가 Baseline에서 내 체크리스트를 봅니다. 초록색이 아닌 항목이 있으면 물어보세요.",
        ]
    } else {
        &[
            "Open the sign-in URL and sign in with the user name and temporary password.",
            "AWS asks you to choose a new password right away: pick a long one that meets the team's password policy.",
            "Set up MFA: account menu (top right) → Security credentials → Assign MFA device → Authenticator app. Scan the QR code and enter two consecutive codes.",
            "Until MFA is on you can only change your password and set up MFA. Afterwards, sign out and sign in again.",
            "Your lead sees your checklist in Baseline; ask them about anything that is not green.",
        ]
    };
    s.iter().map(|x| x.to_string()).collect()
}

fn account_label(h: &Handoff) -> String {
    match &h.alias {
        Some(a) => format!("{a} ({})", h.account_id),
        None => h.account_id.clone(),
    }
}

/// QR code of `url` as a standalone SVG document.
pub fn qr_svg(url: &str) -> Result<String> {
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| Error::Internal(format!("QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// The printable sheet.
pub fn sheet(h: &Handoff) -> Result<Sheet> {
    let w = words(&h.lang);
    Ok(Sheet {
        lang: h.lang.clone(),
        title: w[0].to_owned(),
        user: h.user.clone(),
        display_name: h.display_name.clone(),
        account: account_label(h),
        sign_in_url: h.sign_in_url.clone(),
        password: h.password.expose().to_owned(),
        steps: steps(h),
        warning: w[6].to_owned(),
        qr_svg: qr_svg(&h.sign_in_url)?,
    })
}

/// The same content as plain text (what goes inside the encrypted file).
pub fn text(h: &Handoff) -> Zeroizing<String> {
    let w = words(&h.lang);
    let mut out = String::new();
    let title = match &h.display_name {
        Some(n) => format!("{} — {n}", w[0]),
        None => w[0].to_owned(),
    };
    out.push_str(&format!("{title}\n\n"));
    out.push_str(&format!("{}: {}\n", w[1], h.sign_in_url));
    out.push_str(&format!("{}: {}\n", w[2], account_label(h)));
    out.push_str(&format!("{}: {}\n", w[3], h.user));
    out.push_str(&format!("{}: {}\n\n", w[4], h.password.expose()));
    out.push_str(&format!("{}:\n", w[5]));
    for (i, s) in steps(h).iter().enumerate() {
        out.push_str(&format!("{}. {s}\n", i + 1));
    }
    out.push_str(&format!("\n{}\n", w[6]));
    Zeroizing::new(out)
}

/// Whom the file is for.
pub enum Recipient {
    /// A passphrase the lead tells the member separately (age's scrypt recipient).
    Passphrase(Secret),
    /// The member's SSH public key line (`ssh-ed25519 …` or `ssh-rsa …`).
    Ssh(String),
}

impl Recipient {
    /// How the index records this handoff.
    pub fn method(&self) -> crate::vault::index::HandoffMethod {
        use crate::vault::index::HandoffMethod;
        match self {
            Recipient::Passphrase(_) => HandoffMethod::AgePassphrase,
            Recipient::Ssh(_) => HandoffMethod::AgeSsh,
        }
    }
}

/// Check a recipient before anything is encrypted or written.
pub fn validate(recipient: &Recipient) -> Result<()> {
    match recipient {
        Recipient::Passphrase(p) if p.expose().chars().count() < 8 => Err(Error::invalid(
            "passphrase",
            "the passphrase must have at least 8 characters",
        )),
        Recipient::Passphrase(_) => Ok(()),
        Recipient::Ssh(line) => parse_ssh(line).map(|_| ()),
    }
}

fn parse_ssh(line: &str) -> Result<age::ssh::Recipient> {
    let line = line.trim();
    if !(line.starts_with("ssh-ed25519 ") || line.starts_with("ssh-rsa ")) {
        return Err(Error::invalid(
            "age recipient",
            "paste an ssh-ed25519 or ssh-rsa public key (the .pub file)",
        ));
    }
    line.parse::<age::ssh::Recipient>().map_err(|e| {
        Error::invalid(
            "age recipient",
            format!("not a usable SSH public key: {e:?}"),
        )
    })
}

/// Encrypt `plain` for the recipient, ASCII-armored so it can be pasted into a chat.
pub fn encrypt(plain: &[u8], recipient: &Recipient) -> Result<Vec<u8>> {
    validate(recipient)?;
    let encryptor = match recipient {
        Recipient::Passphrase(p) => {
            age::Encryptor::with_user_passphrase(SecretString::from(p.expose().to_owned()))
        }
        Recipient::Ssh(line) => {
            let r = parse_ssh(line)?;
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                .map_err(|e| Error::Internal(format!("age: {e}")))?
        }
    };
    let io = |e: std::io::Error| Error::Internal(format!("age: {e}"));
    let mut out = Vec::new();
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .map_err(io)?;
    let mut writer = encryptor.wrap_output(armor).map_err(io)?;
    writer.write_all(plain).map_err(io)?;
    writer
        .finish()
        .and_then(|armor| armor.finish())
        .map_err(io)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handoff(lang: &str) -> Handoff {
        Handoff {
            user: "kim.backend".into(),
            display_name: Some("김백엔드".into()),
            account_id: "123456789012".into(),
            alias: Some("hustle-dev".into()),
            sign_in_url: "https://hustle-dev.signin.aws.amazon.com/console".into(),
            password: Secret::new("Tmp-Passw0rd!xyz"),
            lang: lang.into(),
            mfa_on: false,
            reset_pending: true,
        }
    }

    #[test]
    fn the_steps_follow_the_members_state() {
        let mut h = handoff("en");
        h.mfa_on = true;
        let s = sheet(&h).unwrap();
        assert_eq!(s.steps.len(), 3);
        assert!(
            !s.steps.iter().any(|x| x.contains("MFA device")),
            "{:?}",
            s.steps
        );
        h.reset_pending = false;
        let s = sheet(&h).unwrap();
        assert_eq!(s.steps.len(), 2);
        assert!(!text(&h).contains("choose a new password"));
    }

    #[test]
    fn the_text_has_everything_for_the_first_sign_in_in_the_members_language() {
        let en = text(&handoff("en"));
        for part in [
            "https://hustle-dev.signin.aws.amazon.com/console",
            "kim.backend",
            "Tmp-Passw0rd!xyz",
            "hustle-dev (123456789012)",
            "Assign MFA device",
        ] {
            assert!(en.contains(part), "{part}");
        }
        let ko = text(&handoff("ko"));
        assert!(ko.contains("임시 비밀번호: Tmp-Passw0rd!xyz") && ko.contains("MFA 디바이스 할당"));
    }

    #[test]
    fn the_sheet_carries_a_qr_code_of_the_sign_in_url() {
        let s = sheet(&handoff("en")).unwrap();
        assert!(s.qr_svg.starts_with("<?xml") && s.qr_svg.contains("<svg"));
        assert_eq!(s.steps.len(), 5);
    }

    #[test]
    fn bad_recipients_are_refused_before_encrypting() {
        assert_eq!(
            validate(&Recipient::Passphrase(Secret::new("short")))
                .unwrap_err()
                .code(),
            "invalid_input"
        );
        assert!(validate(&Recipient::Ssh("not a key".into())).is_err());
        assert!(validate(&Recipient::Ssh("ssh-ed25519 AAAAnotbase64!!".into())).is_err());
    }

    #[test]
    fn passphrase_files_are_armored_age() {
        let out = encrypt(
            b"hello",
            &Recipient::Passphrase(Secret::new("correct horse battery")),
        )
        .unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    }
}
