//! Bearer secrets — session ids, sign-in links, API tokens, recovery
//! codes: 256 random bits shown once, kept only as a hash.

use std::fmt::Write as _;

/// What a secret is for; part of its text, so one kind can never be used
/// as another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A browser session (the cookie's value).
    Session,
    /// A one-time sign-in link.
    Link,
    /// An API token for automation (`Authorization: Bearer`).
    Token,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Session => "ps_",
            Kind::Link => "pl_",
            Kind::Token => "portico_",
        }
    }
}

/// A fresh secret of `kind`: its prefix and 64 hex digits (256 bits).
pub fn new(kind: Kind) -> String {
    let bytes: [u8; 32] = rand::random();
    let mut s = String::with_capacity(kind.prefix().len() + 64);
    s.push_str(kind.prefix());
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Whether `a` and `b` are equal, compared without stopping at the first
/// difference (for secrets, tokens and signatures).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The stored form of a secret: blake3 of its text, hex. A fast hash is
/// enough: the secret has 256 random bits, nothing to guess.
pub fn hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

/// Whether `text` has the shape of a secret of `kind` (checked before any
/// lookup, so garbage never reaches the store).
pub fn looks_like(kind: Kind, text: &str) -> bool {
    text.strip_prefix(kind.prefix())
        .is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Ten recovery codes for when a second factor is lost: 10 characters
/// each from an alphabet without look-alikes (about 50 bits), grouped
/// `xxxxx-xxxxx` for reading aside.
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..10)
        .map(|_| {
            let mut code = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    code.push('-');
                }
                let n = rand::random_range(0..ALPHABET.len());
                code.push(char::from(ALPHABET[n]));
            }
            code
        })
        .collect()
}

/// A recovery code as typed, in its stored form: spaces and dashes dropped,
/// lowercased, then [`hash`]ed.
pub fn recovery_hash(typed: &str) -> String {
    let clean: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    hash(&format!("recovery:{clean}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_their_kind_and_256_bits() {
        let s = new(Kind::Session);
        assert!(looks_like(Kind::Session, &s), "{s}");
        assert!(!looks_like(Kind::Token, &s));
        assert_ne!(s, new(Kind::Session));
        let t = new(Kind::Token);
        assert!(t.starts_with("portico_") && t.len() == 8 + 64);
        assert!(!looks_like(Kind::Token, &t.to_uppercase()));
        assert!(!looks_like(Kind::Link, "pl_xyz"));
        assert_eq!(hash(&t).len(), 64);
        assert_ne!(hash(&t), hash(&s));
    }

    #[test]
    fn recovery_codes_survive_the_way_people_type_them() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        let c = &codes[0];
        assert_eq!(c.len(), 11);
        assert_eq!(
            recovery_hash(c),
            recovery_hash(&format!(" {} ", c.to_uppercase().replace('-', " ")))
        );
        assert_ne!(recovery_hash(c), recovery_hash(&codes[1]));
    }
}
