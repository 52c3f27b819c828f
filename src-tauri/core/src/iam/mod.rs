//! IAM: reading the account's live state in a few calls, and the changes apply makes.

pub mod live;
pub mod login_profile;
pub mod ops;
pub mod report;

/// Tag keys Baseline puts on the users it manages.
pub mod tags {
    /// Present (`true`) on every user Baseline created or adopted.
    pub const MANAGED: &str = "baseline:managed";
    /// The member's display name.
    pub const NAME: &str = "baseline:name";
    /// The member's email.
    pub const EMAIL: &str = "baseline:email";
    /// `yes` once Baseline created the console password (saves a call per user on re-plan).
    pub const CONSOLE: &str = "baseline:console";

    /// A display name or email as IAM accepts it in a tag value: characters outside
    /// `[\p{L}\p{Z}\p{N}_.:/=+\-@]` become spaces, at most 256 characters. (std's
    /// `is_alphanumeric`/`is_whitespace` are wider: combining marks, tabs, newlines.)
    pub fn tag_value(s: &str) -> String {
        static NOT_ALLOWED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = NOT_ALLOWED.get_or_init(|| {
            regex::Regex::new(r"[^\p{L}\p{Z}\p{N}_.:/=+\-@]").expect("a valid pattern")
        });
        re.replace_all(s, " ").chars().take(256).collect()
    }

    #[cfg(test)]
    #[test]
    fn tag_values_keep_only_what_iam_accepts() {
        assert_eq!(tag_value("김백엔드"), "김백엔드");
        assert_eq!(tag_value("kim+aws@example.com"), "kim+aws@example.com");
        assert_eq!(tag_value("O'Brien\tJr.\n"), "O Brien Jr. ");
        // A vowel sign (Mc) is alphabetic to std but not a letter (\p{L}) to IAM.
        assert!('\u{93e}'.is_alphabetic());
        assert_eq!(tag_value("\u{915}\u{93e}"), "\u{915} ");
        assert_eq!(tag_value(&"가".repeat(300)).chars().count(), 256);
    }
}
