//! Baseline's own non-secret state on disk: where it lives and the user's settings.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ko,
    En,
}

impl Language {
    /// Korean for a Korean locale (`ko`, `ko-KR`, `ko_KR.UTF-8`), English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("ko") {
            Language::Ko
        } else {
            Language::En
        }
    }

    /// The language of the OS locale.
    pub fn from_os() -> Self {
        sys_locale::get_locale()
            .map(|l| Self::from_locale(&l))
            .unwrap_or(Language::En)
    }
}

/// Settings the user chose; absent fields fall back to defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Chosen UI language; `None` follows the OS locale.
    pub language: Option<Language>,
    /// Delete a member's temporary password as soon as AWS shows they changed it.
    pub auto_retire: bool,
    /// The stored login in use (names only; the key is in the keychain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<LoginRef>,
    /// The last successful connection's choices, to connect again at start-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Remembered>,
}

/// What the lead chose on the Connect screen (never a code or a key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub profile: Option<String>,
    pub region: Option<String>,
    #[serde(default)]
    pub login: bool,
}

/// `BASELINE_HOME`, or the OS data directory's `baseline` folder (see [`default_home`]).
pub fn home() -> PathBuf {
    match std::env::var_os("BASELINE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => default_home(dirs::data_dir(), dirs::home_dir()),
    }
}

/// Where the state lives without `BASELINE_HOME`: the OS data directory, else
/// `~/.local/share/baseline`, else (no home directory at all, e.g. a bare service account)
/// `.baseline` in the current directory. Never the shared temp directory: there another
/// local user could create the folder first and read or plant the index and the journal.
pub fn default_home(data_dir: Option<PathBuf>, home_dir: Option<PathBuf>) -> PathBuf {
    match (data_dir, home_dir) {
        (Some(data), _) => data.join("baseline"),
        (None, Some(home)) => home.join(".local").join("share").join("baseline"),
        (None, None) => {
            tracing::warn!("no home directory: keeping Baseline's state in ./.baseline");
            PathBuf::from(".baseline")
        }
    }
}

/// Where exports go: the user's Downloads folder, else `BASELINE_HOME`.
pub fn downloads_dir() -> PathBuf {
    dirs::download_dir().unwrap_or_else(home)
}

fn settings_path(home: &Path) -> PathBuf {
    home.join("settings.json")
}

/// Read the settings; a missing file is the defaults.
pub fn load(home: &Path) -> Result<Settings> {
    let path = settings_path(home);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::io(&path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Write the settings atomically and durably (see [`crate::fsio`]).
pub fn save(home: &Path, settings: &Settings) -> Result<()> {
    crate::fsio::ensure_private_dir(home)?;
    let body = serde_json::to_vec_pretty(settings).map_err(|e| Error::Internal(e.to_string()))?;
    crate::fsio::write_atomic(&settings_path(home), &body)
}

/// The language to show: the chosen one, else the OS locale's.
pub fn effective_language(settings: &Settings) -> Language {
    settings.language.unwrap_or_else(Language::from_os)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_locales_pick_korean() {
        assert_eq!(Language::from_locale("ko-KR"), Language::Ko);
        assert_eq!(Language::from_locale("ko_KR.UTF-8"), Language::Ko);
        assert_eq!(Language::from_locale("en-US"), Language::En);
        assert_eq!(Language::from_locale("C"), Language::En);
    }

    #[test]
    fn settings_round_trip_and_default_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Settings::default());
        let chosen = Settings {
            language: Some(Language::Ko),
            auto_retire: true,
            login: None,
            connection: None,
        };
        save(dir.path(), &chosen).unwrap();
        assert_eq!(load(dir.path()).unwrap(), chosen);
        assert_eq!(effective_language(&chosen), Language::Ko);
    }

    #[test]
    fn the_default_home_is_never_the_shared_temp_dir() {
        let data = PathBuf::from("/home/kim/.local/share");
        assert_eq!(
            default_home(Some(data.clone()), None),
            data.join("baseline")
        );
        assert_eq!(
            default_home(None, Some(PathBuf::from("/home/kim"))),
            PathBuf::from("/home/kim/.local/share/baseline")
        );
        let last = default_home(None, None);
        assert!(!last.starts_with(std::env::temp_dir()), "{last:?}");
        assert!(last.is_relative());
    }

    #[cfg(unix)]
    #[test]
    fn settings_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("baseline");
        save(&home, &Settings::default()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&home), 0o700);
        assert_eq!(mode(&home.join("settings.json")), 0o600);
    }

    #[test]
    fn a_corrupt_settings_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.json"), "{not json").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert_eq!(err.code(), "io");
        assert!(err.to_string().contains("settings.json"));
    }
}

/// Which stored login is in use: names only, never a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRef {
    pub account_id: String,
    /// The IAM user the key belongs to.
    pub user: String,
    /// The access key ID (not secret: AWS shows it in the console and in CloudTrail).
    pub access_key_id: String,
    /// The user's MFA device, once known: MFA sessions are made with its codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_serial: Option<String>,
}

/// The stored login, if one was made (names only; the key is in the keychain).
pub fn stored_login(home: &Path) -> Result<Option<LoginRef>> {
    Ok(load(home)?.login)
}
