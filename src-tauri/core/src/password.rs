//! Generated passwords that satisfy an IAM password policy.

use crate::team::PasswordPolicy;
use crate::vault::Secret;
use rand::seq::{IndexedRandom, SliceRandom};

// Look-alike characters (0/O, 1/l/I) are left out so a password read off a sheet is typed right.
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";
/// The symbols IAM password policies count as symbols.
const SYMBOLS: &[u8] = b"!@#$%^&*()_+-=[]{}|'";

/// Length of generated console passwords (longer if the policy asks for more).
pub const DEFAULT_LENGTH: usize = 20;

/// A random password with every character class, at least `DEFAULT_LENGTH` long and at
/// least as long as the policy requires: it satisfies any IAM password policy.
pub fn generate(policy: &PasswordPolicy) -> Secret {
    let length = usize::try_from(policy.minimum_length)
        .unwrap_or(DEFAULT_LENGTH)
        .clamp(DEFAULT_LENGTH, 128);
    let mut rng = rand::rng();
    let classes = [UPPER, LOWER, DIGITS, SYMBOLS];
    let mut chars: Vec<u8> = classes
        .iter()
        .map(|c| *c.choose(&mut rng).expect("non-empty class"))
        .collect();
    let all: Vec<u8> = classes.concat();
    while chars.len() < length {
        chars.push(*all.choose(&mut rng).expect("non-empty alphabet"));
    }
    chars.shuffle(&mut rng);
    Secret::new(String::from_utf8(chars).expect("ASCII"))
}

/// True when `password` meets the policy's length and character-class rules.
pub fn satisfies(policy: &PasswordPolicy, password: &str) -> bool {
    let has = |set: &[u8]| password.bytes().any(|b| set.contains(&b));
    let long_enough =
        i64::try_from(password.chars().count()).unwrap_or(i64::MAX) >= policy.minimum_length;
    long_enough
        && (!policy.require_uppercase || password.bytes().any(|b| b.is_ascii_uppercase()))
        && (!policy.require_lowercase || password.bytes().any(|b| b.is_ascii_lowercase()))
        && (!policy.require_numbers || password.bytes().any(|b| b.is_ascii_digit()))
        && (!policy.require_symbols || has(SYMBOLS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_satisfy_the_policy_and_differ() {
        let policy = PasswordPolicy::default();
        let a = generate(&policy);
        let b = generate(&policy);
        assert_ne!(a.expose(), b.expose());
        for _ in 0..200 {
            let p = generate(&policy);
            assert!(satisfies(&policy, p.expose()), "{}", p.expose());
            assert_eq!(p.expose().len(), DEFAULT_LENGTH);
        }
    }

    #[test]
    fn a_longer_minimum_gives_a_longer_password() {
        let policy = PasswordPolicy {
            minimum_length: 40,
            ..PasswordPolicy::default()
        };
        let p = generate(&policy);
        assert_eq!(p.expose().len(), 40);
        assert!(satisfies(&policy, p.expose()));
        assert!(!satisfies(&policy, "Short1!"));
    }
}

/// What a generated account password must contain (the account-setup generator).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Options {
    pub length: usize,
    pub uppercase: bool,
    pub lowercase: bool,
    pub digits: bool,
    pub symbols: bool,
    /// Words instead of characters (EFF long word list); `length` is then the word count.
    pub passphrase: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            length: 24,
            uppercase: true,
            lowercase: true,
            digits: true,
            symbols: true,
            passphrase: false,
        }
    }
}

/// A random password (or passphrase) to these options; refuses options that give no
/// alphabet or a weak length.
pub fn generate_with(options: &Options) -> crate::Result<Secret> {
    let mut rng = rand::rng();
    if options.passphrase {
        if !(4..=12).contains(&options.length) {
            return Err(invalid("a passphrase has 4 to 12 words"));
        }
        let words = diceware_wordlists::Wordlist::EffLong.get_list();
        let mut picked: Vec<String> = (0..options.length)
            .map(|_| words.choose(&mut rng).expect("non-empty list").to_string())
            .collect();
        // A digit in one word keeps sites that demand one happy without weakening it.
        let digit = *DIGITS.choose(&mut rng).expect("digits") as char;
        picked.last_mut().expect("4+ words").push(digit);
        return Ok(Secret::new(picked.join("-")));
    }
    if !(12..=128).contains(&options.length) {
        return Err(invalid("a password has 12 to 128 characters"));
    }
    let classes: Vec<&[u8]> = [
        (options.uppercase, UPPER),
        (options.lowercase, LOWER),
        (options.digits, DIGITS),
        (options.symbols, SYMBOLS),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, c)| c)
    .collect();
    if classes.is_empty() {
        return Err(invalid("choose at least one kind of character"));
    }
    let mut chars: Vec<u8> = classes
        .iter()
        .map(|c| *c.choose(&mut rng).expect("class"))
        .collect();
    let all: Vec<u8> = classes.concat();
    while chars.len() < options.length {
        chars.push(*all.choose(&mut rng).expect("alphabet"));
    }
    chars.shuffle(&mut rng);
    Ok(Secret::new(String::from_utf8(chars).expect("ASCII")))
}

fn invalid(message: &str) -> crate::Error {
    crate::Error::invalid("password options", message)
}

#[cfg(test)]
mod options_tests {
    use super::*;

    #[test]
    fn options_shape_the_password() {
        let digits_only = Options {
            uppercase: false,
            lowercase: false,
            symbols: false,
            length: 16,
            ..Options::default()
        };
        let p = generate_with(&digits_only).unwrap();
        assert!(p.expose().len() == 16 && p.expose().bytes().all(|b| b.is_ascii_digit()));
        let words = generate_with(&Options {
            passphrase: true,
            length: 5,
            ..Options::default()
        })
        .unwrap();
        assert_eq!(words.expose().split('-').count(), 5);
        assert!(words.expose().bytes().any(|b| b.is_ascii_digit()));
        assert!(generate_with(&Options {
            length: 8,
            ..Options::default()
        })
        .is_err());
        let none = Options {
            uppercase: false,
            lowercase: false,
            digits: false,
            symbols: false,
            ..Options::default()
        };
        assert_eq!(generate_with(&none).unwrap_err().code(), "invalid_input");
    }
}
