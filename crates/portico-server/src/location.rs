//! Where a redirect may send a visitor. Every `Location` the server writes
//! is a [`Location`], and the only way to make one from something a client
//! sent is [`Location::local`]: a path of this site, parsed and
//! re-encoded, or nothing.

use std::fmt::Write as _;

/// A redirect target of this site: an absolute path (and query), safe to
/// put in a `Location` header as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location(String);

/// Longest path (with its query) sent back to.
const MAX_LEN: usize = 2048;

impl Location {
    /// A path the site itself made (its own URLs, from the content).
    pub fn site(path: &str) -> Location {
        Location(path.to_string())
    }

    /// `candidate` as a path of this site, or `None` when a browser could
    /// read it as another host or it is not a plain path: it must start
    /// with one `/`; a backslash, a control character (tab included) or
    /// their percent-encoded forms anywhere, an encoded `/` or `\` right
    /// after the first `/`, or a fragment, refuse it. Everything else is
    /// re-encoded: bytes outside the URL's safe set become `%XX`.
    pub fn local(candidate: &str) -> Option<Location> {
        let bytes = candidate.as_bytes();
        if bytes.first() != Some(&b'/') || bytes.len() > MAX_LEN {
            return None;
        }
        if matches!(bytes.get(1), Some(b'/' | b'\\')) {
            return None;
        }
        let lower = candidate.to_ascii_lowercase();
        if lower.starts_with("/%2f") || lower.starts_with("/%5c") {
            return None;
        }
        if candidate.contains(['\\', '#']) || candidate.chars().any(char::is_control) {
            return None;
        }
        if encoded_danger(&lower) {
            return None;
        }
        let mut out = String::with_capacity(candidate.len());
        for c in candidate.chars() {
            if c.is_ascii_alphanumeric() || "/?&=%-._~!$'()*+,;:@".contains(c) {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
        Some(Location(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `lower` (lowercased) holds a percent-encoded backslash or
/// control character (`%5c`, `%00`–`%1f`, `%7f`), possibly encoded twice
/// (`%255c`).
fn encoded_danger(lower: &str) -> bool {
    let b = lower.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            // `%25` followed by two hex digits is an encoded `%`: look at
            // what it encodes.
            let mut j = i + 1;
            while b.get(j..j + 2) == Some(b"25")
                && b.get(j + 2..j + 4).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            {
                j += 2;
            }
            if let Some(hex) = b.get(j..j + 2) {
                let hex = std::str::from_utf8(hex).unwrap_or("");
                if let Ok(v) = u8::from_str_radix(hex, 16)
                    && (v < 0x20 || v == 0x7f || v == b'\\')
                {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_of_this_site_are_redirect_targets() {
        for bad in [
            "",
            "en/",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "/\\\\evil.example/",
            "\t/evil.example/",
            "/\t/evil.example/",
            "/%2F/evil.example/",
            "/%2f%2fevil.example/",
            "/%5Cevil.example/",
            "/en/%5c/",
            "/en/%0d%0aSet-Cookie:x=1",
            "/en/%00",
            "/en/%255c",
            "/en/%250a",
            "/en/\r\nX: y",
            "/en/#frag",
            "/en/\u{7f}",
        ] {
            assert_eq!(Location::local(bad), None, "{bad:?}");
        }
        assert_eq!(Location::local(&format!("/{}", "a".repeat(MAX_LEN))), None);
        let ok = |s: &str| Location::local(s).map(|l| l.0);
        assert_eq!(ok("/en/about/?x=1&y=a+b").as_deref(), Some("/en/about/?x=1&y=a+b"));
        assert_eq!(ok("/fr/à-propos/").as_deref(), Some("/fr/%C3%A0-propos/"));
        assert_eq!(ok("/en/a b\"<>").as_deref(), Some("/en/a%20b%22%3C%3E"));
        assert_eq!(ok("/en/%C3%A0/").as_deref(), Some("/en/%C3%A0/"), "kept as encoded");
        assert_eq!(ok("/").as_deref(), Some("/"));
    }
}
