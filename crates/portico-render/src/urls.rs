//! The site's addresses, shared by everything that links: absolute URLs,
//! a section's pages, a list's filtered views and their canonical query
//! strings, topic pages and feeds, and the files generated beside a page.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a query string value; space becomes `+`
/// separately.
pub(crate) const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a URL path's non-ASCII bytes (localized slugs; `%` can
/// only be an escape already, since slugs are validated), as the
/// sitemap protocol wants URLs escaped.
pub(crate) fn absolute(base: &str, path: &str) -> String {
    let mut out = String::with_capacity(base.len() + path.len());
    out.push_str(base);
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How many items a section page lists before it continues on the next.
pub const SECTION_PAGE_SIZE: usize = 20;

/// The URL of page `n` (1-based) of a section whose first page is `base`.
pub(crate) fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Paths of the files generated beside a page (`/en/events/x/` →
/// `/en/events/x/event.ics`).
pub(crate) fn beside(url: &str, file: &str) -> String {
    format!("{}/{file}", url.trim_end_matches('/'))
}

pub(crate) const EVENT_ICS: &str = "event.ics";
pub(crate) const CALENDAR_ICS: &str = "calendar.ics";
pub(crate) const FEED_XML: &str = "feed.xml";
pub(crate) const CITATION_FILES: [(&str, &str); 4] = [
    ("bibtex", "citation.bib"),
    ("ris", "citation.ris"),
    ("csl", "citation.json"),
    ("cff", "CITATION.cff"),
];

/// A list page's filter selection and page number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// (dimension, value), in the list's dimension order.
    pub filters: Vec<(&'static str, String)>,
    pub page: usize,
    /// The "nothing matches" page.
    pub none: bool,
}

impl Query {
    pub fn is_plain(&self) -> bool {
        self.filters.is_empty() && !self.none
    }

    pub(crate) fn selected(&self, dim: &str) -> Option<&str> {
        self.filters.iter().find(|(d, _)| *d == dim).map(|(_, v)| v.as_str())
    }
}

/// The parameter that carries the page number of a filtered list.
pub const PAGE_PARAM: &str = "page";
/// The query of a list's "nothing matches" page.
pub const NONE_QUERY: &str = "none";

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// The canonical query string of a selection: the list's dimensions in
/// order, each once, then the page number (above 1). Both the renderer
/// (for paths) and the server (for requests) use it.
pub fn canonical_query<'a>(dims: &[String], pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut chosen: BTreeMap<usize, &str> = BTreeMap::new();
    let mut page = 1usize;
    for (k, v) in pairs {
        if let Some(i) = dims.iter().position(|d| d == k) {
            chosen.entry(i).or_insert(v);
        } else if k == PAGE_PARAM {
            page = v.parse().unwrap_or(1).max(1);
        }
    }
    let mut out: Vec<String> = chosen
        .into_iter()
        .map(|(i, v)| format!("{}={}", dims[i], encode(v)))
        .collect();
    if page > 1 {
        out.push(format!("{PAGE_PARAM}={page}"));
    }
    out.join("&")
}

fn query_string(q: &Query) -> String {
    let dims: Vec<String> = q.filters.iter().map(|(d, _)| (*d).to_string()).collect();
    let page = q.page.to_string();
    canonical_query(
        &dims,
        q.filters
            .iter()
            .map(|(d, v)| (*d, v.as_str()))
            .chain(std::iter::once((PAGE_PARAM, page.as_str()))),
    )
}

/// The URL of a list view: the plain list (and its `/page/N/`), a filtered
/// view, or the "nothing matches" page.
pub fn view_url(base: &str, q: &Query) -> String {
    if q.none {
        return format!("{base}?{NONE_QUERY}");
    }
    if q.filters.is_empty() {
        return page_url(base, q.page);
    }
    format!("{base}?{}", query_string(q))
}

/// A value as a URL segment: lowercase letters and digits, words joined by
/// `-` (a team's or an event type's filter value, a topic's feed).
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The Atom feed of one topic of a story list.
pub(crate) fn tag_feed_url(base: &str, tag: &str) -> String {
    format!("{}/feed/{}.xml", base.trim_end_matches('/'), slug(tag))
}

/// The URL of a story list filtered to one topic.
pub(crate) fn tag_url(base: &str, tag: &str) -> String {
    view_url(
        base,
        &Query {
            filters: vec![("tag", tag.to_string())],
            page: 1,
            none: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_queries_follow_the_dimension_order() {
        let dims: Vec<String> = ["kind", "area", "license"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            canonical_query(&dims, [("license", "MIT"), ("utm_source", "x"), ("kind", "dataset")]),
            "kind=dataset&license=MIT"
        );
        assert_eq!(canonical_query(&dims, [("kind", "a"), ("kind", "b")]), "kind=a");
        assert_eq!(
            canonical_query(&dims, [("page", "2"), ("area", "flood forecasting")]),
            "area=flood%20forecasting&page=2"
        );
        assert_eq!(canonical_query(&dims, [("page", "1"), ("kind", "x")]), "kind=x");
        assert_eq!(canonical_query(&dims, [("page", "nope")]), "");
    }

    #[test]
    fn view_urls() {
        let q = Query {
            filters: vec![("kind", "dataset".into()), ("license", "CC-BY-4.0".into())],
            page: 2,
            none: false,
        };
        assert_eq!(
            view_url("/en/tools/", &q),
            "/en/tools/?kind=dataset&license=CC-BY-4.0&page=2"
        );
        assert_eq!(
            view_url(
                "/en/tools/",
                &Query {
                    page: 3,
                    ..Query::default()
                }
            ),
            "/en/tools/page/3/"
        );
        assert_eq!(
            view_url(
                "/en/tools/",
                &Query {
                    none: true,
                    ..Query::default()
                }
            ),
            "/en/tools/?none"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Halcyon Research, Open Data"), "halcyon-research-open-data");
        assert_eq!(slug("Recherche & données"), "recherche-données");
    }
}
