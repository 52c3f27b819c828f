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
