//! Passwords: what is accepted (NIST SP 800-63B: a minimum length, a
//! strength estimate, no composition rules) and how they are kept
//! (Argon2id, parameters below, a random salt per hash).

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Argon2id memory cost in KiB (19 MiB: OWASP's first recommended setting).
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// Argon2id passes over the memory.
pub const ARGON2_ITERATIONS: u32 = 2;
/// Argon2id lanes.
pub const ARGON2_LANES: u32 = 1;

/// The shortest password accepted. NIST SP 800-63B (rev. 4) asks for 15
/// characters when a password is the only factor; Portico does not know at
/// the time a password is set whether a second factor will follow.
pub const MIN_LENGTH: usize = 15;
/// The longest accepted (at least 64 per NIST; long enough for a passphrase,
/// short enough that hashing it is not a way to burn the server's time).
pub const MAX_LENGTH: usize = 256;
/// The lowest acceptable zxcvbn score (0–4): "safely unguessable:
/// moderate protection from offline slow-hash scenario".
pub const MIN_SCORE: u8 = 3;

/// Why a password is refused. Each carries what to tell the person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_LENGTH`] characters.
    #[error("use at least {min} characters (this one has {found})")]
    TooShort {
        /// The minimum.
        min: usize,
        /// The length given, in characters.
        found: usize,
    },
    /// More than [`MAX_LENGTH`] characters.
    #[error("use at most {max} characters")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// Long enough but easy to guess.
    #[error("this password is easy to guess{}", hint.as_deref().map(|h| format!(": {h}")).unwrap_or_default())]
    Guessable {
        /// zxcvbn's warning or first suggestion, when it has one.
        hint: Option<String>,
    },
}

/// Checks a new password: length in characters (Unicode scalar values,
/// after no normalization other than what the browser sent) and a strength
/// estimate that also penalizes the account's own email and name.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let found = password.chars().count();
    if found < MIN_LENGTH {
        return Err(PasswordProblem::TooShort { min: MIN_LENGTH, found });
    }
    if found > MAX_LENGTH {
        return Err(PasswordProblem::TooLong { max: MAX_LENGTH });
    }
    // Parts of an email address count as personal words too.
    let mut words: Vec<&str> = Vec::new();
    for p in personal {
        words.push(p);
        words.extend(p.split(['@', '.', ' ', '-', '_', '+']).filter(|w| w.len() >= 3));
    }
    if made_of(password, &words) {
        return Err(PasswordProblem::Guessable {
            hint: Some("it is made of your own name or address".to_string()),
        });
    }
    let estimate = zxcvbn::zxcvbn(password, &words);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return Ok(());
    }
    let hint = estimate.feedback().and_then(|f| {
        f.warning()
            .map(|w| w.to_string())
            .or_else(|| f.suggestions().first().map(ToString::to_string))
    });
    Err(PasswordProblem::Guessable { hint })
}

/// Whether `password`, letters and digits only, is little more than the
/// personal words strung together (zxcvbn scores "ana.moreno.halcyon" as
/// strong for the account ana.moreno@halcyon.example).
fn made_of(password: &str, words: &[&str]) -> bool {
    let mut rest: String = password
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut words: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| w.chars().count() >= 3)
        .collect();
    // Longest first, so "halcyonexample" goes before "halcyon".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in &words {
        rest = rest.replace(w.as_str(), "");
    }
    rest.chars().count() < 6
}

fn hasher() -> Argon2<'static> {
    let params =
        Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_LANES, None).unwrap_or_else(|_| Params::default());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=…`) of `password` with a fresh salt.
/// Takes tens of milliseconds: call it off the async threads.
pub fn hash(password: &str) -> String {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).expect("16 bytes always make a valid salt");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with fixed parameters and a valid salt does not fail")
        .to_string()
}

/// Whether `password` matches the PHC string `stored`. Hashes made with
/// other parameters still verify (the parameters are in the string).
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    hasher().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// A hash of a password nobody has, to verify against when an account does
/// not exist or has no password, so that the answer takes the same time
/// either way.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&format!("{:032x}", rand::random::<u128>())))
}

/// Whether a stored hash was made with weaker parameters than today's and
/// should be replaced at the next successful sign-in.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm.as_str() != "argon2id"
        || params.m_cost() < ARGON2_MEMORY_KIB
        || params.t_cost() < ARGON2_ITERATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(
            check("short pass", &[]),
            Err(PasswordProblem::TooShort { min: 15, found: 10 })
        );
        // Fifteen characters, more than fifteen bytes.
        assert!(!matches!(
            check("ééééééééééééééé", &[]),
            Err(PasswordProblem::TooShort { .. })
        ));
        assert_eq!(check(&"x".repeat(300), &[]), Err(PasswordProblem::TooLong { max: 256 }));
    }

    #[test]
    fn guessable_passwords_are_refused_without_composition_rules() {
        assert!(matches!(
            check("passwordpassword", &[]),
            Err(PasswordProblem::Guessable { .. })
        ));
        assert!(matches!(
            check("123456789012345678", &[]),
            Err(PasswordProblem::Guessable { .. })
        ));
        // The account's own address does not make a password.
        assert!(matches!(
            check("ana.moreno.halcyon", &["ana.moreno@halcyon.example"]),
            Err(PasswordProblem::Guessable { .. })
        ));
        // All lowercase, no digits, no symbols: fine when long and unusual.
        assert_eq!(check("correct horse battery staple lagoon", &[]), Ok(()));
    }

    #[test]
    fn hashes_are_argon2id_with_the_stated_parameters_and_verify() {
        let h = hash("a long enough passphrase");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("a long enough passphrase", &h));
        assert!(!verify("a long enough passphrasE", &h));
        assert!(!verify("a long enough passphrase", "not a hash"));
        assert_ne!(h, hash("a long enough passphrase"), "a fresh salt each time");
        assert!(!needs_rehash(&h));
        assert!(!verify("anything", decoy()));
    }

    #[test]
    fn weaker_hashes_are_upgraded() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).expect("params"),
        );
        let salt = SaltString::encode_b64(&[1; 16]).expect("salt");
        let h = weak.hash_password(b"pw", &salt).expect("hash").to_string();
        assert!(verify("pw", &h));
        assert!(needs_rehash(&h));
    }
}
