//! The shapes of names AWS accepts: account aliases, IAM names, email addresses.

/// `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`
pub fn valid_alias(alias: &str) -> bool {
    let b = alias.as_bytes();
    (3..=63).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && !alias.contains("--")
}

/// `^[\w+=,.@-]{1,max}$` (IAM names are ASCII).
pub fn valid_iam_name(name: &str, max: usize) -> bool {
    (1..=max).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_+=,.@-".contains(&c))
}

/// A plain `local@domain.tld` address: what SNS and a mail client accept.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let ok_chars = |s: &str, extra: &[u8]| {
        s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    !local.is_empty()
        && local.len() <= 64
        && ok_chars(local, b".!#$%&'*+/=?^_`{|}~-")
        && !local.starts_with('.')
        && !local.ends_with('.')
        && domain.len() <= 253
        && domain.contains('.')
        && ok_chars(domain, b".-")
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2)
}
