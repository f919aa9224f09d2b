//! Content negotiation: Accept-Encoding and Accept-Language (RFC 9110
//! §12.5.3 and §12.5.4), with bounded work on hostile input.

use portico_stitch::Encoding;

/// At most this many list elements are looked at; the rest are ignored.
const MAX_ELEMENTS: usize = 64;

/// Splits a header list into (value, q) pairs. Malformed elements are
/// skipped; a q that does not parse counts as 0 (not acceptable).
fn weighted(header: &str) -> impl Iterator<Item = (&str, f32)> {
    header.split(',').take(MAX_ELEMENTS).filter_map(|element| {
        let mut parts = element.split(';');
        let value = parts.next()?.trim();
        if value.is_empty() || value.len() > 64 {
            return None;
        }
        let mut q = 1.0f32;
        for p in parts {
            let p = p.trim();
            if let Some(v) = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")) {
                q = v
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .unwrap_or(0.0);
            }
        }
        Some((value, q))
    })
}

/// The best encoding the client accepts: brotli, then gzip, then identity.
pub fn encoding(accept_encoding: Option<&str>) -> Encoding {
    let Some(header) = accept_encoding else {
        return Encoding::Identity;
    };
    let (mut br, mut gzip, mut star) = (None, None, None);
    for (value, q) in weighted(header) {
        match value.to_ascii_lowercase().as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let br = br.or(star).unwrap_or(0.0);
    let gzip = gzip.or(star).unwrap_or(0.0);
    if br > 0.0 && br >= gzip {
        Encoding::Brotli
    } else if gzip > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The best of `available` locales for an Accept-Language header, by
/// quality then order: an exact match, else a match of the language part
/// (`fr-CA` → `fr`), else a more specific available locale for a bare
/// language (`en` → `en-GB` only when no `en`). `None` if nothing matches.
pub fn locale<'a>(accept_language: Option<&str>, available: &'a [String]) -> Option<&'a str> {
    let header = accept_language?;
    let mut ranges: Vec<(&str, f32, usize)> = weighted(header)
        .enumerate()
        .filter(|(_, (v, q))| *q > 0.0 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*'))
        .map(|(i, (v, q))| (v, q, i))
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    for (range, _, _) in ranges {
        if range == "*" {
            return None;
        }
        if let Some(l) = available.iter().find(|l| l.eq_ignore_ascii_case(range)) {
            return Some(l);
        }
        // Truncate the range until it matches (RFC 4647 §3.4 lookup).
        let mut r = range;
        while let Some((head, _)) = r.rsplit_once('-') {
            r = head;
            if let Some(l) = available.iter().find(|l| l.eq_ignore_ascii_case(r)) {
                return Some(l);
            }
        }
        if let Some(l) = available.iter().find(|l| {
            l.len() > range.len() && l[..range.len()].eq_ignore_ascii_case(range) && l.as_bytes()[range.len()] == b'-'
        }) {
            return Some(l);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Vec<String> {
        ["en", "en-GB", "fr", "ar"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn encodings() {
        assert_eq!(encoding(None), Encoding::Identity);
        assert_eq!(encoding(Some("gzip")), Encoding::Gzip);
        assert_eq!(encoding(Some("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(encoding(Some("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(encoding(Some("br;q=0.5, gzip;q=0.9")), Encoding::Gzip);
        assert_eq!(encoding(Some("*")), Encoding::Brotli);
        assert_eq!(encoding(Some("identity")), Encoding::Identity);
        assert_eq!(encoding(Some("gzip;q=nonsense")), Encoding::Identity);
    }

    #[test]
    fn languages() {
        let l = locales();
        assert_eq!(locale(Some("fr-CA,fr;q=0.9,en;q=0.5"), &l), Some("fr"));
        assert_eq!(locale(Some("en-gb"), &l), Some("en-GB"));
        assert_eq!(locale(Some("en-AU,en;q=0.8"), &l), Some("en"));
        assert_eq!(locale(Some("de, ar;q=0.1"), &l), Some("ar"));
        assert_eq!(locale(Some("de"), &l), None);
        assert_eq!(locale(Some("fr;q=0.2, en;q=0.9"), &l), Some("en"));
        assert_eq!(locale(Some(";;;,,,q=,=;"), &l), None);
    }

    #[test]
    fn hostile_accept_language_is_bounded() {
        let l = locales();
        let huge = "xx-YY;q=0.5,".repeat(100_000) + "fr";
        // Only the first elements are looked at: fr at the end is ignored.
        assert_eq!(locale(Some(&huge), &l), None);
        let junk = "\u{202e}ar,\u{0}".repeat(1000);
        assert_eq!(locale(Some(&junk), &l), None);
    }
}
