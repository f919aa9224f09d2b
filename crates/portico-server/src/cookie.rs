//! Every cookie the server sets follows one policy: `Path=/`, `Secure`,
//! `HttpOnly`, and `SameSite=Lax` (or `Strict` for what only the site's
//! own pages may send). Browsers keep `Secure` cookies from
//! `http://localhost` and `http://127.0.0.1` too, so a local server works;
//! anywhere else the site is served over HTTPS.

use http::{HeaderMap, HeaderValue, header};

/// How much of a request's cookies is read, at most.
const MAX_HEADERS: usize = 16;
const MAX_PAIRS: usize = 64;

/// The value of cookie `name`, if the request has it (the first one).
pub(crate) fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .take(MAX_HEADERS)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';').take(MAX_PAIRS))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v.trim_matches('"'))
        })
}

/// Which requests a cookie goes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SameSite {
    /// Also top-level navigations from other sites (a link to the site).
    Lax,
    /// Only requests from the site's own pages.
    #[allow(dead_code)]
    Strict,
}

/// `Set-Cookie` for `name=value`, kept `max_age` seconds. `None` if the
/// name or value cannot be a header (they are the server's own).
pub(crate) fn set(name: &str, value: &str, max_age: u64, same_site: SameSite) -> Option<HeaderValue> {
    let same_site = match same_site {
        SameSite::Lax => "Lax",
        SameSite::Strict => "Strict",
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; Secure; HttpOnly; SameSite={same_site}"
    ))
    .ok()
}

/// `Set-Cookie` that deletes cookie `name` (set by the server, or by a
/// script of the site: the same name and path replace it either way).
pub(crate) fn delete(name: &str) -> Option<HeaderValue> {
    set(name, "", 0, SameSite::Lax)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cookie_is_secure_http_only_and_site_wide() {
        for c in [
            set("a", "1", 60, SameSite::Lax),
            set("b", "2", 0, SameSite::Strict),
            delete("c"),
        ] {
            let c = c.expect("a header");
            let c = c.to_str().expect("ascii");
            for attr in ["; Path=/", "; Secure", "; HttpOnly", "; SameSite="] {
                assert!(c.contains(attr), "{c} lacks {attr}");
            }
        }
        assert!(
            delete("c")
                .expect("header")
                .to_str()
                .expect("ascii")
                .contains("Max-Age=0")
        );
        assert!(set("a", "x\ny", 1, SameSite::Lax).is_none());
    }

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("xa=1; a=\"2\"; a=3"));
        assert_eq!(get(&h, "a"), Some("2"));
        assert_eq!(get(&h, "x"), None);
    }
}
