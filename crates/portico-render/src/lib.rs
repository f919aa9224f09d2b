#![doc = include_str!("../README.md")]

mod assets;
mod check;
mod cldr;
mod consent;
mod context;
mod env;
mod files;
mod html;
mod i18n;
mod kinds;
mod lists;
mod live;
mod markdown;
mod output;
mod pages;
mod pipeline;
mod relations;
mod resolver;
mod search;
mod seo;
mod templates;
mod theme;
mod urls;
mod view;

use portico_content::Site;

pub use assets::Asset;
pub use check::check;
pub use consent::{Category as ConsentCategory, ConsentOutput, Texts as ConsentTexts, choices_url};
pub use html::{Gate, Hole, Html, Part};
pub use live::{ADMIN_TEMPLATES, LivePages};
pub use output::{ErrorPage, Output, Page, Partial, Redirect, RenderCache};
pub use search::search_url;
pub use seo::{GeneratedFile, SITEMAP_INDEX_THRESHOLD};
pub use theme::Theme;
pub use urls::{NONE_QUERY, canonical_query};
pub use view::embed_category;

pub(crate) use resolver::Resolver;

/// Every status the site has an error page for, in every locale: what the
/// server can answer besides 200, 3xx and 304.
pub const ERROR_STATUSES: &[u16] = &[400, 403, 404, 405, 410, 413, 415, 429, 500, 503];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },
    #[error("a rendering thread panicked")]
    Panicked,
    #[error("{0}")]
    Sink(String),
    #[error("interface strings for `{locale}` ({origin}): {message}")]
    Catalog {
        locale: String,
        origin: &'static str,
        message: String,
    },
}

impl RenderError {
    pub(crate) fn template(name: &str, e: &minijinja::Error) -> RenderError {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            message.push_str(&format!(": {s}"));
            source = s.source();
        }
        RenderError::Template {
            name: name.to_string(),
            message,
        }
    }
}

/// The sitemap files of `site`, as an index of per-locale sitemaps above
/// `threshold` URLs.
pub fn sitemaps_with_threshold(site: &Site, threshold: usize) -> Vec<GeneratedFile> {
    seo::sitemaps(site, threshold, resolver::today())
}

/// Renders every page of `site` in every locale, plus error pages.
pub fn render(site: &Site, theme: &Theme) -> Result<Output, RenderError> {
    render_at(site, theme, jiff::Timestamp::now())
}

/// [`render`] as of `now`: which events are past, which jobs and programs
/// closed (tests pin it).
pub fn render_at(site: &Site, theme: &Theme, now: jiff::Timestamp) -> Result<Output, RenderError> {
    pipeline::render_with(site, theme, now, true, None)
}

/// [`render`] for a static export: lists without their filtered views,
/// which only a server reading the query string can answer (rendering them
/// would double the work on a large site for pages never written).
pub fn render_static(site: &Site, theme: &Theme) -> Result<Output, RenderError> {
    pipeline::render_with(site, theme, jiff::Timestamp::now(), false, None)
}

/// Where [`render_static_into`] hands what it renders.
pub struct Sink<'a> {
    /// Each page as soon as it is rendered, on the rendering threads.
    pub page: &'a (dyn Fn(Page) -> Result<(), RenderError> + Sync),
    /// Each locale's generated files (feeds, calendars, citations), on a
    /// thread of their own while that locale's pages render; sitemaps and
    /// robots.txt stay in [`Output::files`].
    pub file: &'a (dyn Fn(GeneratedFile) -> Result<(), RenderError> + Sync),
    /// The search documents, on a thread of their own while pages render
    /// (`None`: no index is wanted, and they are not worked out).
    pub docs: Option<Box<dyn FnOnce(Vec<portico_search::Document>) + Send + 'a>>,
}

/// [`render_static`] for an export: pages go to `sink.page` as they are
/// rendered rather than into [`Output::pages`] (a large site is never whole
/// in memory), and the search documents to `sink.docs` at the start, so
/// the index is built while pages render. `Output::pages` and
/// `Output::search_docs` come back empty.
pub fn render_static_into(site: &Site, theme: &Theme, sink: Sink<'_>) -> Result<Output, RenderError> {
    pipeline::render_with(site, theme, jiff::Timestamp::now(), false, Some(sink))
}

/// An error of the code `sink.page` runs, for [`Sink`].
pub fn sink_error(what: impl std::fmt::Display) -> RenderError {
    RenderError::Sink(what.to_string())
}

/// Renders only the pages of `keys`, in every locale where each has a page
/// (a long section: every page of it), and their search documents. What
/// `serve --watch` uses to put an edited page online at once; pages that
/// merely mention it (menus, listings) follow with the next full render.
/// With `cache` (from the last full render), the site's relations are not
/// worked out again.
pub fn render_keys(
    site: &Site,
    theme: &Theme,
    keys: &[String],
    cache: Option<&RenderCache>,
) -> Result<Partial, RenderError> {
    pipeline::render_keys(site, theme, keys, cache)
}
