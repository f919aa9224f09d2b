//! The cross-origin rule: a request that may change state (any method but
//! GET, HEAD and OPTIONS) is refused unless it comes from the site's own
//! pages. Applied once, in the request middleware, to every route, so a
//! handler added later cannot forget it.
//!
//! What a browser says about where a request comes from, in order:
//! 1. `Sec-Fetch-Site` (every current browser): only `same-origin` and
//!    `none` (typed by the user) pass. `same-site` is refused too: a
//!    sibling subdomain or another port is another origin, and may be
//!    someone else's.
//! 2. `Origin` (every browser since 2020 on a cross-origin POST): when
//!    present it must be one of the site's own origins; `null` (sandboxed
//!    frames, `data:` pages, some redirects) is not.
//! 3. With neither, a `Referer` that names another origin is refused.
//!
//! A request with none of the three is let through: it is not from a
//! current browser (curl, scripts, the content API's clients), and no page
//! on another site can make a current browser send one. An old browser
//! that sends none of them on a forged form, from a page that also turned
//! its Referer off, is the case left open; the admin's forms also carry a
//! token (see the accounts' CSRF protection).

use http::{HeaderMap, Method, header};

/// Whether `method` only reads (never refused by this rule).
pub(crate) fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The origins the site answers as, besides the request's own host.
#[derive(Clone, Debug, Default)]
pub(crate) struct Origins {
    /// Serialized origins (`https://www.example.org`), lowercase, no
    /// default port.
    extra: Vec<String>,
}

impl Origins {
    /// `urls`: the public addresses the site is served at (`--base-url`,
    /// site.toml's `base_url`); anything after the host is ignored.
    pub fn new<'a>(urls: impl IntoIterator<Item = &'a str>) -> Origins {
        Origins {
            extra: urls.into_iter().filter_map(origin_of).collect(),
        }
    }

    /// Whether `origin` (an `Origin` header value, or the scheme and host of
    /// a Referer) is the site's own: the request's host over http or https
    /// (a proxy may end TLS before us), or one of the configured addresses.
    fn is_own(&self, origin: &str, host: Option<&str>) -> bool {
        let Some(origin) = origin_of(origin) else {
            return false;
        };
        if self.extra.contains(&origin) {
            return true;
        }
        let Some(host) = host.map(str::to_ascii_lowercase) else {
            return false;
        };
        let (scheme, authority) = origin.split_once("://").unwrap_or(("", ""));
        authority == without_default_port(scheme, &host)
    }
}

/// The serialized origin of an absolute http(s) URL: lowercase scheme and
/// host, the port only when it is not the scheme's default.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains(['@', '\\', ' ']) || authority.bytes().any(|b| b.is_ascii_control()) {
        return None;
    }
    let authority = without_default_port(&scheme, &authority.to_ascii_lowercase());
    Some(format!("{scheme}://{authority}"))
}

fn without_default_port(scheme: &str, authority: &str) -> String {
    let default = if scheme == "https" { ":443" } else { ":80" };
    authority.strip_suffix(default).unwrap_or(authority).to_string()
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `Sec-Fetch-Site` says another site or origin sent it.
    FetchSite,
    /// `Origin` names another origin (or `null`).
    Origin,
    /// No `Origin`, and the `Referer` is another origin's page.
    Referer,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::FetchSite => "sec-fetch-site",
            Refusal::Origin => "origin",
            Refusal::Referer => "referer",
        }
    }
}

/// The first value of header `name`, when it is text.
fn one(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

/// The rule itself, for a request with a state-changing method: `host` is
/// the request's authority (Host header, or the URI's for HTTP/2).
pub(crate) fn check(headers: &HeaderMap, host: Option<&str>, own: &Origins) -> Result<(), Refusal> {
    // Several values of one of these headers is not something a browser
    // sends; every one must pass.
    for site in headers.get_all("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return Err(Refusal::FetchSite);
        }
    }
    let mut origins = headers.get_all(header::ORIGIN).iter().peekable();
    if origins.peek().is_some() {
        for o in origins {
            if !own.is_own(o.to_str().unwrap_or(""), host) {
                return Err(Refusal::Origin);
            }
        }
        return Ok(());
    }
    if let Some(referer) = one(headers, header::REFERER)
        && !own.is_own(referer, host)
    {
        return Err(Refusal::Referer);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_the_sites_own_pages_may_change_state() {
        let own = Origins::new(["https://www.example.org/base/"]);
        let host = Some("127.0.0.1:8080");
        type Case = (&'static [(&'static str, &'static str)], Result<(), Refusal>);
        let cases: &[Case] = &[
            // A current browser, on our page.
            (
                &[("sec-fetch-site", "same-origin"), ("origin", "http://127.0.0.1:8080")],
                Ok(()),
            ),
            // Typed or bookmarked.
            (&[("sec-fetch-site", "none")], Ok(())),
            // Another site, another port, a sibling subdomain.
            (
                &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")],
                Err(Refusal::FetchSite),
            ),
            (
                &[("sec-fetch-site", "same-site"), ("origin", "http://127.0.0.1:9999")],
                Err(Refusal::FetchSite),
            ),
            (&[("sec-fetch-site", "CROSS-SITE")], Err(Refusal::FetchSite)),
            // Only the Origin header: another origin, null, a look-alike.
            (&[("origin", "https://evil.example")], Err(Refusal::Origin)),
            (&[("origin", "null")], Err(Refusal::Origin)),
            (
                &[("origin", "http://127.0.0.1:8080.evil.example")],
                Err(Refusal::Origin),
            ),
            (&[("origin", "http://127.0.0.1:8081")], Err(Refusal::Origin)),
            (&[("origin", "http://user@127.0.0.1:8080")], Err(Refusal::Origin)),
            (
                &[("origin", "http://127.0.0.1:8080"), ("origin", "https://evil.example")],
                Err(Refusal::Origin),
            ),
            // Our host over https (a proxy ended TLS), and the public address.
            (&[("origin", "https://127.0.0.1:8080")], Ok(())),
            (&[("origin", "HTTPS://WWW.EXAMPLE.ORG")], Ok(())),
            (&[("origin", "https://www.example.org:443")], Ok(())),
            (&[("origin", "https://www.example.org:8443")], Err(Refusal::Origin)),
            // An old browser: only the Referer.
            (&[("referer", "http://127.0.0.1:8080/en/about/")], Ok(())),
            (&[("referer", "https://evil.example/page")], Err(Refusal::Referer)),
            (&[("referer", "not a url")], Err(Refusal::Referer)),
            // Nothing at all: not a browser.
            (&[], Ok(())),
        ];
        for (pairs, expected) in cases {
            assert_eq!(check(&headers(pairs), host, &own), *expected, "{pairs:?}");
        }
        // Without a Host, only the configured addresses are ours.
        assert_eq!(
            check(&headers(&[("origin", "http://127.0.0.1:8080")]), None, &own),
            Err(Refusal::Origin)
        );
        assert_eq!(
            check(&headers(&[("origin", "https://www.example.org")]), None, &own),
            Ok(())
        );
    }

    #[test]
    fn reading_is_never_refused() {
        for m in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(is_safe(&m));
        }
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(!is_safe(&m));
        }
        assert!(!is_safe(&Method::from_bytes(b"PROPFIND").expect("method")));
    }
}
