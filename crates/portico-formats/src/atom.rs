//! Atom 1.0 feeds (RFC 4287).

use jiff::Timestamp;

use crate::text::xml_escape;

/// A feed: the site's news or events list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// Permanent absolute URL identifying the feed.
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Language tag for `xml:lang`, like "en" or "ar".
    pub lang: String,
    /// Absolute URL of the feed itself (`rel="self"`).
    pub self_url: String,
    /// Absolute URL of the HTML page the feed mirrors (`rel="alternate"`).
    pub html_url: String,
    pub updated: Timestamp,
    /// The organization's name; also the author of entries that name none.
    pub author: String,
    pub icon: Option<String>,
    pub rights: Option<String>,
    pub entries: Vec<Entry>,
}

/// One entry of a [`Feed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Permanent absolute URL identifying the entry.
    pub id: String,
    pub title: String,
    /// Absolute URL of the entry's page (`rel="alternate"`).
    pub url: String,
    pub published: Timestamp,
    pub updated: Timestamp,
    pub summary: Option<String>,
    /// The body as HTML; written as `<content type="html">`, escaped.
    pub content_html: Option<String>,
    /// Author names; empty means the feed's author.
    pub authors: Vec<String>,
    /// Tags, written as `<category term="..."/>`.
    pub categories: Vec<String>,
}

/// Renders `feed` as an Atom 1.0 document.
///
/// All text is XML-escaped and stripped of characters XML 1.0 forbids; dates
/// are RFC 3339 in UTC, to the second.
pub fn atom(feed: &Feed) -> String {
    let mut out = String::with_capacity(1024 + feed.entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&feed.lang)
    ));
    element(&mut out, 1, "id", &feed.id);
    element(&mut out, 1, "title", &feed.title);
    if let Some(subtitle) = &feed.subtitle {
        element(&mut out, 1, "subtitle", subtitle);
    }
    link(&mut out, 1, "self", "application/atom+xml", &feed.self_url);
    link(&mut out, 1, "alternate", "text/html", &feed.html_url);
    element(&mut out, 1, "updated", &rfc3339(feed.updated));
    author(&mut out, 1, &feed.author);
    if let Some(icon) = &feed.icon {
        element(&mut out, 1, "icon", icon);
    }
    if let Some(rights) = &feed.rights {
        element(&mut out, 1, "rights", rights);
    }
    for entry in &feed.entries {
        out.push_str("  <entry>\n");
        element(&mut out, 2, "id", &entry.id);
        element(&mut out, 2, "title", &entry.title);
        link(&mut out, 2, "alternate", "text/html", &entry.url);
        element(&mut out, 2, "published", &rfc3339(entry.published));
        element(&mut out, 2, "updated", &rfc3339(entry.updated));
        if entry.authors.is_empty() {
            author(&mut out, 2, &feed.author);
        }
        for name in &entry.authors {
            author(&mut out, 2, name);
        }
        for term in &entry.categories {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(term)));
        }
        if let Some(summary) = &entry.summary {
            element(&mut out, 2, "summary", summary);
        }
        if let Some(html) = &entry.content_html {
            out.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_escape(html)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// RFC 3339 in UTC, whole seconds: `2026-10-14T16:00:00Z`.
fn rfc3339(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn element(out: &mut String, depth: usize, name: &str, text: &str) {
    indent(out, depth);
    out.push_str(&format!("<{name}>{}</{name}>\n", xml_escape(text)));
}

fn link(out: &mut String, depth: usize, rel: &str, media_type: &str, href: &str) {
    indent(out, depth);
    out.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{media_type}\" href=\"{}\"/>\n",
        xml_escape(href)
    ));
}

fn author(out: &mut String, depth: usize, name: &str) {
    indent(out, depth);
    out.push_str(&format!("<author><name>{}</name></author>\n", xml_escape(name)));
}
