//! Time-based one-time passwords (RFC 6238): SHA-1, six digits, 30-second
//! steps, one step of clock drift either way — what every authenticator
//! app speaks.

use totp_rs::{Algorithm, TOTP};

/// Bytes of a new TOTP secret (160 bits, RFC 4226's recommendation).
const SECRET_BYTES: usize = 20;

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    let bytes: [u8; SECRET_BYTES] = rand::random();
    bytes.to_vec()
}

fn totp(secret: &[u8], issuer: &str, account: &str) -> Option<TOTP> {
    // totp-rs refuses issuers and account names with a colon.
    let clean = |s: &str| s.replace(':', " ");
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        secret.to_vec(),
        Some(clean(issuer)),
        clean(account),
    )
    .ok()
}

/// The secret in base32, as people type it into an app by hand.
pub fn secret_text(secret: &[u8]) -> String {
    totp_rs::Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The `otpauth://` URI an app reads from a QR code.
pub fn uri(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    totp(secret, issuer, account).map(|t| t.get_url())
}

/// The time step (30-second period since the epoch) that `code` matches at
/// `now` (seconds since the epoch), allowing one step either way; `None`
/// when it matches none. The caller refuses a step at or before the last
/// one accepted, so a code works once.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "portico", "account")?;
    let step = now / 30;
    [step.checked_sub(1), Some(step), step.checked_add(1)]
        .into_iter()
        .flatten()
        .find(|s| crate::secret::same(t.generate(s * 30).as_bytes(), code.as_bytes()))
}

/// The code for `now` (tests and the command line's diagnostics).
pub fn code_at(secret: &[u8], now: u64) -> String {
    totp(secret, "portico", "account")
        .map(|t| t.generate(now))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to six digits.
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(code_at(secret, t), eight[2..], "t={t}");
        }
    }

    #[test]
    fn one_step_of_drift_and_no_more() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now - 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(
            matching_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(now / 30)
        );
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let uri = uri(&[7; 20], "Halcyon: staff", "ana@halcyon.example").expect("uri");
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains("issuer=Halcyon"), "{uri}");
        assert!(uri.contains(&format!("secret={}", secret_text(&[7; 20]))), "{uri}");
    }
}
