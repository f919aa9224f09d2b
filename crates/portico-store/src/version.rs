//! The run-time check of the linked SQLite library's version.

/// The oldest SQLite the store opens with: earlier releases have a bug that
/// can corrupt a database in WAL mode.
pub const MIN_SQLITE_VERSION: (u32, u32, u32) = (3, 51, 3);

/// Parses a SQLite version such as `3.51.3` (or `3.8.11.1`; a missing
/// patch number is 0) into (major, minor, patch).
pub fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = match parts.next() {
        Some(p) => p.parse().ok()?,
        None => 0,
    };
    // A fourth component (old point releases) may follow; anything else may not.
    for extra in parts {
        extra.parse::<u32>().ok()?;
    }
    Some((major, minor, patch))
}

/// Whether SQLite `found` (as `sqlite_version()` reports it) is at least
/// `min`. An unparsable version is refused.
pub fn version_is_at_least(found: &str, min: (u32, u32, u32)) -> bool {
    parse_version(found).is_some_and(|v| v >= min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically_not_as_text() {
        let min = MIN_SQLITE_VERSION;
        assert!(version_is_at_least("3.51.3", min));
        assert!(version_is_at_least("3.51.4", min));
        assert!(version_is_at_least("3.52.0", min));
        assert!(version_is_at_least("3.100.0", min));
        assert!(version_is_at_least("4.0.0", min));
        assert!(!version_is_at_least("3.51.2", min));
        assert!(!version_is_at_least("3.51", min));
        assert!(!version_is_at_least("3.9.9", min));
        assert!(!version_is_at_least("3.45.1", min));
        assert!(!version_is_at_least("2.99.99", min));
    }

    #[test]
    fn odd_version_strings() {
        assert_eq!(parse_version("3.8.11.1"), Some((3, 8, 11)));
        assert_eq!(parse_version(" 3.51.3\n"), Some((3, 51, 3)));
        assert_eq!(parse_version("3.51"), Some((3, 51, 0)));
        assert_eq!(parse_version(""), None);
        assert_eq!(parse_version("3"), None);
        assert_eq!(parse_version("3.51.x"), None);
        assert_eq!(parse_version("3.51.3-beta"), None);
        assert!(!version_is_at_least("banana", MIN_SQLITE_VERSION));
    }
}
