#![doc = include_str!("../README.md")]

pub mod password;
mod role;
pub mod secret;
pub mod throttle;
pub mod totp;

pub use role::{Action, Decision, Grant, Role, Scope, ScopeError, Target, may};

/// An email address as accounts are keyed: trimmed and lowercased, and
/// checked for the one `@` with something on both sides and no spaces or
/// control characters (the sign-in link or the identity provider proves
/// the address; this only refuses what cannot be one).
pub fn normalize_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','));
    ok.then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_keyed_lowercase_and_checked_for_shape() {
        assert_eq!(
            normalize_email(" Ana@Halcyon.Example ").as_deref(),
            Some("ana@halcyon.example")
        );
        for bad in [
            "ana",
            "@x.org",
            "ana@",
            "ana@localhost",
            "a b@x.org",
            "a@b@x.org",
            "a@x.org.",
            "<a@x.org>",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }
}
