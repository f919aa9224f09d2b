//! What search engines read: sitemap.xml (with hreflang alternates) and
//! robots.txt.

use portico_content::{Item, Site};

use portico_markup::xml::escape as xml_escape;

use crate::urls::absolute;

/// A generated file served at a fixed path.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    pub path: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Above this many URLs the sitemap becomes an index of one sitemap per
/// locale (the protocol allows 50,000 URLs per file; per-locale files are
/// easier to read in search consoles long before that).
pub const SITEMAP_INDEX_THRESHOLD: usize = 5_000;
/// The protocol's limit per sitemap file.
const MAX_URLS_PER_FILE: usize = 50_000;

/// The locales in which `key` has its own translation, with their URLs:
/// the hreflang cluster of the item. Fallback pages are not in it (their
/// canonical is the original).
pub(crate) fn translations<'a>(site: &'a Site, key: &str) -> Vec<(&'a str, &'a str)> {
    site.config()
        .locales
        .iter()
        .filter(|l| site.get(key, &l.code).is_some())
        .filter_map(|l| site.url(key, &l.code).map(|u| (l.code.as_str(), u)))
        .collect()
}

/// The hreflang links of a page that exists in the locales of
/// `translations` (code, path): each of them, and `x-default` for the
/// default locale's when it is among them; none at all for a page in one
/// locale only (there is nothing to alternate between). A page's head and
/// sitemap.xml both print exactly these.
pub(crate) fn hreflang(base: &str, default_locale: &str, translations: &[(&str, &str)]) -> Vec<(String, String)> {
    if translations.len() < 2 {
        return Vec::new();
    }
    let mut links: Vec<(String, String)> = translations
        .iter()
        .map(|(code, path)| ((*code).to_string(), absolute(base, path)))
        .collect();
    if let Some((_, path)) = translations.iter().find(|(c, _)| *c == default_locale) {
        links.push(("x-default".to_string(), absolute(base, path)));
    }
    links
}

struct Entry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// The indexable pages of `locale` that are their own canonical: its
/// items (a closed job answers 410 and a fallback page's canonical is its
/// original, so neither is one), and the human sitemap.
fn entries(site: &Site, locale: &str, today: jiff::civil::Date) -> Vec<Entry> {
    let base = &site.config().base_url;
    let mut out = Vec::new();
    for key in site.keys() {
        let Some(item): Option<&Item> = site.get(key, locale) else {
            continue;
        };
        // A closed job answers 410: not a page to index.
        if !crate::kinds::is_listed(item, today) {
            continue;
        }
        let Some(url) = site.url(key, locale) else { continue };
        out.push(Entry {
            loc: absolute(base, url),
            lastmod: item.updated.or(item.date).map(|w| w.date.to_string()),
            alternates: hreflang(base, &site.config().default_locale, &translations(site, key)),
        });
    }
    let sitemap_pages: Vec<(String, String)> = site
        .config()
        .locales
        .iter()
        .map(|l| (l.code.clone(), human_sitemap_url(&l.code)))
        .collect();
    let cluster: Vec<(&str, &str)> = sitemap_pages.iter().map(|(c, u)| (c.as_str(), u.as_str())).collect();
    out.push(Entry {
        loc: absolute(base, &human_sitemap_url(locale)),
        lastmod: None,
        alternates: hreflang(base, &site.config().default_locale, &cluster),
    });
    out
}

/// The address of a locale's human sitemap page.
pub(crate) fn human_sitemap_url(locale: &str) -> String {
    format!("/{locale}/sitemap/")
}

fn urlset(entries: &[Entry]) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        x.push_str("  <url>\n    <loc>");
        x.push_str(&xml_escape(&e.loc));
        x.push_str("</loc>\n");
        if let Some(m) = &e.lastmod {
            x.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        for (lang, href) in &e.alternates {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                xml_escape(lang),
                xml_escape(href)
            ));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// `/sitemap.xml`, plus `/sitemaps/<locale>[-N].xml` when it is an index.
pub(crate) fn sitemaps(site: &Site, threshold: usize, today: jiff::civil::Date) -> Vec<GeneratedFile> {
    let per_locale: Vec<(&str, Vec<Entry>)> = site
        .config()
        .locales
        .iter()
        .map(|l| (l.code.as_str(), entries(site, &l.code, today)))
        .collect();
    let total: usize = per_locale.iter().map(|(_, e)| e.len()).sum();
    if total <= threshold {
        let all: Vec<Entry> = per_locale.into_iter().flat_map(|(_, e)| e).collect();
        return vec![GeneratedFile {
            path: "/sitemap.xml".into(),
            content_type: "application/xml; charset=utf-8",
            bytes: urlset(&all),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (code, entries) in per_locale {
        for (n, chunk) in entries.chunks(MAX_URLS_PER_FILE).enumerate() {
            let path = if n == 0 {
                format!("/sitemaps/{code}.xml")
            } else {
                format!("/sitemaps/{code}-{}.xml", n + 1)
            };
            index.push_str(&format!(
                "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
                xml_escape(&absolute(&site.config().base_url, &path))
            ));
            files.push(GeneratedFile {
                path,
                content_type: "application/xml; charset=utf-8",
                bytes: urlset(chunk),
            });
        }
    }
    index.push_str("</sitemapindex>\n");
    files.push(GeneratedFile {
        path: "/sitemap.xml".into(),
        content_type: "application/xml; charset=utf-8",
        bytes: index.into_bytes(),
    });
    files
}

pub(crate) fn robots(site: &Site) -> GeneratedFile {
    GeneratedFile {
        path: "/robots.txt".into(),
        content_type: "text/plain; charset=utf-8",
        bytes: format!(
            "User-agent: *\nAllow: /\nDisallow: /*/search\n\nSitemap: {}/sitemap.xml\n",
            site.config().base_url
        )
        .into_bytes(),
    }
}

/// `/.well-known/gpc.json` (the Global Privacy Control well-known
/// resource): the site honors the signal, on the server.
pub(crate) fn gpc_json() -> GeneratedFile {
    let date = crate::resolver::today();
    GeneratedFile {
        path: "/.well-known/gpc.json".into(),
        content_type: "application/json",
        bytes: format!("{{\"gpc\": true, \"lastUpdate\": \"{date}\"}}\n").into_bytes(),
    }
}
