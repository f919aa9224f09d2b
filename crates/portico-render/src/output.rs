//! What a render produces: the pages, error pages, assets, redirects and
//! files of a site, what `serve` holds and `build` writes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::html::Html;
use crate::relations::Relations;
use crate::{Asset, ConsentOutput, GeneratedFile, LivePages};

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// URL path, `/fr/a-propos/`.
    pub path: String,
    pub locale: String,
    pub key: String,
    pub html: Html,
    /// The HTTP status it answers with: 200, or 410 for a closed job (the
    /// page says so and where to go instead).
    pub status: u16,
}

/// An error page for one locale and status.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub locale: String,
    pub status: u16,
    pub html: Html,
}

/// An old URL that now lives elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// Everything a site renders to: what `serve` holds in memory and `build`
/// writes to disk.
#[derive(Debug, Clone)]
pub struct Output {
    pub pages: Vec<Page>,
    pub errors: Vec<ErrorPage>,
    pub assets: BTreeMap<String, Asset>,
    pub redirects: Vec<Redirect>,
    /// sitemap.xml (and per-locale sitemaps), robots.txt.
    pub files: Vec<GeneratedFile>,
    pub default_locale: String,
    /// (code, name) of every locale, in site.toml order.
    pub locales: Vec<(String, String)>,
    /// What the search index is built from: one document per page URL.
    pub search_docs: Vec<portico_search::Document>,
    /// Renders search results and admin pages per request.
    pub live: Arc<LivePages>,
    /// Consent categories and per-locale banner and notice.
    pub consent: ConsentOutput,
    /// Filtered lists: list URL → its filter parameters, in canonical
    /// order. A request with any of them is answered by the page at
    /// `{list}?{canonical_query}`, or else by `{list}?none`.
    pub lists: BTreeMap<String, Vec<String>>,
    /// For [`crate::render_keys`] until the next full render.
    pub cache: RenderCache,
}

/// What a full render worked out about the whole site (which items relate
/// to which) that renders of a few edited pages reuse: working it out
/// again costs more than rendering them. Relations the edit itself changes
/// are right again after the next full render, like the listings that
/// mention the edited page.
#[derive(Clone)]
pub struct RenderCache {
    pub(crate) relations: Arc<Relations>,
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RenderCache")
    }
}

/// The pages and search documents of some keys.
#[derive(Debug, Clone)]
pub struct Partial {
    pub pages: Vec<Page>,
    pub search_docs: Vec<portico_search::Document>,
}
