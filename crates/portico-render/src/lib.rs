#![doc = include_str!("../README.md")]

mod assets;
mod charts;
mod check;
mod cldr;
mod consent;
mod context;
mod files;
mod i18n;
mod lists;
mod markdown;
mod search;
mod seo;
mod theme;
mod types;

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Environment, Value};
use portico_content::{Link, Site};

pub use assets::Asset;
pub use check::check;
pub use consent::{Category as ConsentCategory, ConsentOutput, Texts as ConsentTexts, choices_url};
pub use context::embed_category;
pub use lists::{NONE_QUERY, canonical_query};
pub use search::{SearchPages, search_url};
pub use seo::{GeneratedFile, SITEMAP_INDEX_THRESHOLD};
pub use theme::Theme;

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
    fn template(name: &str, e: &minijinja::Error) -> RenderError {
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

/// A part of a page that is the same for every request, or a hole that is
/// filled per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Hole(Hole),
    /// Content shown only when the visitor allows a consent category (an
    /// embed, a category's script), else its stand-in (a placeholder, or
    /// nothing).
    Gate(Gate),
    /// Fixed text that many pages have in common (the site header, the
    /// footer): the server keeps one compressed copy per distinct text
    /// instead of one per page. The template marks it with
    /// `shared_begin()` … `shared_end()`.
    Shared(String),
}

/// Two versions of a part of a page: which one is sent depends on the
/// visitor's consent for `category` (site.toml order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub category: u8,
    pub allowed: String,
    pub refused: String,
}

/// What goes in a hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hole {
    /// The request's 32-hex-digit W3C trace id.
    TraceId,
    /// The cookie banner, for a visitor who has not decided (else nothing).
    ConsentBanner,
    /// "Opt-out preference signal honored", when Global Privacy Control
    /// applies to the visitor (else nothing).
    GpcNotice,
    /// ` checked` when the visitor allows consent category N (site.toml
    /// order), else nothing: the choices form shows the current state.
    ConsentChecked(u8),
}

/// Marker names of a gate's three parts (`Gate3`, `Else`, `End`).
const GATE: &str = "Gate";
const GATE_ELSE: &str = "Else";
const GATE_END: &str = "End";
/// Distinct keys `memo` remembers per render.
const MEMO_LIMIT: usize = 1024;
/// Marker names around text shared by many pages.
const SHARED: &str = "Shared";
const SHARED_END: &str = "SharedEnd";

impl Hole {
    fn name(self) -> String {
        match self {
            Hole::TraceId => "TraceId".into(),
            Hole::ConsentBanner => "Banner".into(),
            Hole::GpcNotice => "Gpc".into(),
            Hole::ConsentChecked(n) => format!("Checked{n}"),
        }
    }

    fn from_name(name: &str) -> Option<Hole> {
        Some(match name {
            "TraceId" => Hole::TraceId,
            "Banner" => Hole::ConsentBanner,
            "Gpc" => Hole::GpcNotice,
            _ => Hole::ConsentChecked(name.strip_prefix("Checked")?.parse().ok()?),
        })
    }
}

/// A rendered HTML document with its per-request holes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Html {
    pub parts: Vec<Part>,
}

impl Html {
    /// The document with the trace id filled in, every consent hole empty
    /// and every gate refused (a static export: no banner, nothing
    /// optional).
    pub fn fill(&self, trace_id: &str) -> String {
        self.fill_with(
            |hole| match hole {
                Hole::TraceId => trace_id,
                _ => "",
            },
            |_| false,
        )
    }

    /// The document with each hole filled by `fill`, and each gate's
    /// allowed version where `allowed(category)`.
    pub fn fill_with<'a>(&self, fill: impl Fn(Hole) -> &'a str, allowed: impl Fn(u8) -> bool) -> String {
        let mut out = String::with_capacity(
            self.parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) | Part::Shared(t) => t.len(),
                    Part::Hole(_) => 32,
                    Part::Gate(g) => g.allowed.len().max(g.refused.len()),
                })
                .sum(),
        );
        for p in &self.parts {
            match p {
                Part::Text(t) | Part::Shared(t) => out.push_str(t),
                Part::Hole(h) => out.push_str(fill(*h)),
                Part::Gate(g) => out.push_str(if allowed(g.category) { &g.allowed } else { &g.refused }),
            }
        }
        out
    }

    /// Splits rendered text at the hole markers: `marker` (random per
    /// render) followed by a hole name and `;`. A gate is three markers:
    /// `Gate<category>;` allowed `Else;` refused `End;`.
    fn split(rendered: &str, marker: &str) -> Html {
        let mut parts = Vec::new();
        let mut rest = rendered;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            let Some((name, tail)) = after.split_once(';') else {
                break;
            };
            if let Some(category) = name.strip_prefix(GATE).and_then(|n| n.parse::<u8>().ok()) {
                let else_marker = format!("{marker}{GATE_ELSE};");
                let end_marker = format!("{marker}{GATE_END};");
                let (Some(e), Some(z)) = (tail.find(&else_marker), tail.find(&end_marker)) else {
                    break;
                };
                if z < e {
                    break;
                }
                parts.push(Part::Text(rest[..i].to_string()));
                parts.push(Part::Gate(Gate {
                    category,
                    allowed: tail[..e].to_string(),
                    refused: tail[e + else_marker.len()..z].to_string(),
                }));
                rest = &tail[z + end_marker.len()..];
                continue;
            }
            if name == SHARED {
                let end_marker = format!("{marker}{SHARED_END};");
                parts.push(Part::Text(rest[..i].to_string()));
                match tail.find(&end_marker) {
                    // Shared text has no holes: it is the same for everyone.
                    Some(z) if !tail[..z].contains(marker) => {
                        parts.push(Part::Shared(tail[..z].to_string()));
                        rest = &tail[z + end_marker.len()..];
                    }
                    // Not shareable after all: its text stays the page's own.
                    _ => rest = tail,
                }
                continue;
            }
            if name == SHARED_END {
                // The end of a shared text that held a hole.
                parts.push(Part::Text(rest[..i].to_string()));
                rest = tail;
                continue;
            }
            let Some(hole) = Hole::from_name(name) else { break };
            parts.push(Part::Text(rest[..i].to_string()));
            parts.push(Part::Hole(hole));
            rest = tail;
        }
        parts.push(Part::Text(rest.to_string()));
        parts.retain(|p| !matches!(p, Part::Text(t) | Part::Shared(t) if t.is_empty()));
        Html { parts }
    }
}

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
    /// Renders results pages per request.
    pub search: Arc<SearchPages>,
    /// Consent categories and per-locale banner and notice.
    pub consent: ConsentOutput,
    /// Filtered lists: list URL → its filter parameters, in canonical
    /// order. A request with any of them is answered by the page at
    /// `{list}?{canonical_query}`, or else by `{list}?none`.
    pub lists: BTreeMap<String, Vec<String>>,
    /// For [`render_keys`] until the next full render.
    pub cache: RenderCache,
}

/// Today's date in UTC (what "closed", "past" and "last updated" are
/// measured against).
pub(crate) fn today() -> jiff::civil::Date {
    day(jiff::Timestamp::now())
}

/// The UTC day of `at`.
pub(crate) fn day(at: jiff::Timestamp) -> jiff::civil::Date {
    jiff::tz::Offset::UTC.to_datetime(at).date()
}

/// Resolves links and asset paths for one locale.
pub(crate) struct Resolver<'a> {
    pub site: &'a Site,
    pub locale: &'a str,
    pub assets: &'a BTreeMap<String, Asset>,
    /// This locale's CLDR date and number formatters.
    pub formats: std::rc::Rc<cldr::Formats>,
}

impl<'a> Resolver<'a> {
    pub fn new(site: &'a Site, locale: &'a str, assets: &'a BTreeMap<String, Asset>) -> Resolver<'a> {
        Resolver {
            site,
            locale,
            assets,
            formats: cldr::Formats::of(locale),
        }
    }

    pub fn href(&self, link: &Link) -> String {
        match link {
            Link::Item(key) => self
                .site
                .url(key, self.locale)
                .map(str::to_string)
                .or_else(|| {
                    self.site
                        .config
                        .chain(self.locale)
                        .find_map(|l| self.site.url(key, l).map(str::to_string))
                })
                .unwrap_or_else(|| format!("/{}/", self.locale)),
            Link::Path(p) => match p.strip_prefix("/static/") {
                Some(file) => self.asset_url(file),
                None => p.clone(),
            },
            Link::External(u) => u.clone(),
        }
    }

    pub fn asset_url(&self, path: &str) -> String {
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (path, String::new()),
        };
        self.assets.get(path).map_or_else(
            || format!("/static/{path}{fragment}"),
            |a| format!("{}{fragment}", a.hashed_url),
        )
    }
}

/// The sitemap files of `site`, as an index of per-locale sitemaps above
/// `threshold` URLs.
pub fn sitemaps_with_threshold(site: &Site, threshold: usize) -> Vec<GeneratedFile> {
    seo::sitemaps(site, threshold, today())
}

/// What every render needs before its first page.
struct Prepared {
    assets: Arc<BTreeMap<String, Asset>>,
    catalogs: Arc<i18n::Catalogs>,
    /// Each locale's fallback chain.
    chains: Arc<BTreeMap<String, Vec<String>>>,
    /// What the `trace_id()` template function prints, split on after
    /// rendering. Random per render, so no content can forge one.
    marker: String,
    env: Environment<'static>,
    relations: Arc<types::Relations>,
    /// Whether lists' filtered views (`{list}?{query}`, `{list}?none`) are
    /// rendered: a static export cannot serve them.
    filtered_views: bool,
    /// The moment "past", "closed" and "upcoming" are judged at.
    now: jiff::Timestamp,
}

impl Prepared {
    /// Every page of `key` in the resolver's locale: one, or one per
    /// 20 items of a long section.
    fn render_key(
        &self,
        site: &Site,
        key: &str,
        r: &Resolver<'_>,
        chrome: &context::Chrome,
    ) -> Result<Vec<Page>, RenderError> {
        let (Some(item), Some(url)) = (site.resolve(key, r.locale), site.url(key, r.locale)) else {
            return Ok(Vec::new());
        };
        self.with_env(site, r, chrome, |env| {
            // A typed list is worked out once and shared by all its views.
            let list = match &item.kind {
                portico_content::Kind::Page(p) if p.is_section => lists::List::new(site, key, env),
                _ => None,
            };
            let views: Vec<lists::Query> = match (&item.kind, &list) {
                (_, Some(list)) => list.views(),
                (portico_content::Kind::Page(p), None) if p.is_section => {
                    let n = site
                        .children(key, r.locale)
                        .len()
                        .div_ceil(context::SECTION_PAGE_SIZE)
                        .max(1);
                    (1..=n)
                        .map(|page| lists::Query {
                            page,
                            ..lists::Query::default()
                        })
                        .collect()
                }
                _ => vec![lists::Query {
                    page: 1,
                    ..lists::Query::default()
                }],
            };
            views
                .iter()
                .filter(|q| self.filtered_views || (q.filters.is_empty() && !q.none))
                .map(|q| {
                    let rendered = context::page(item, key, q, list.as_ref(), env, chrome);
                    render_one(&self.env, rendered.template, rendered.ctx, &self.marker).map(|html| Page {
                        path: lists::view_url(url, q),
                        locale: r.locale.to_string(),
                        key: key.to_string(),
                        html,
                        status: rendered.status,
                    })
                })
                .collect()
        })
    }

    /// Runs `f` with the type-aware environment of one locale.
    fn with_env<T>(
        &self,
        site: &Site,
        r: &Resolver<'_>,
        chrome: &context::Chrome,
        f: impl FnOnce(&types::Env<'_>) -> T,
    ) -> T {
        let chain = &self.chains[r.locale];
        let t = |k: &str, args: &[(&str, String)]| {
            let args: Vec<(String, String)> = args.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
            self.catalogs.get(chain, k, &args).unwrap_or_else(|| k.to_string())
        };
        let learn_more = t("learn-more", &[]);
        let env = types::Env {
            site,
            r,
            rel: &self.relations,
            t: &t,
            learn_more: &learn_more,
            now: chrome.now,
            today: chrome.today,
        };
        f(&env)
    }
}

fn prepare(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    cache: Option<&RenderCache>,
) -> Result<Prepared, RenderError> {
    let assets = Arc::new(assets::collect(&theme.static_files, &site.static_files));
    let codes: Vec<String> = site.config.locales.iter().map(|l| l.code.clone()).collect();
    let catalogs = Arc::new(i18n::Catalogs::new(&theme.catalogs, &site.catalogs, &codes)?);
    let chains: Arc<BTreeMap<String, Vec<String>>> = Arc::new(
        codes
            .iter()
            .map(|c| (c.clone(), site.config.chain(c).map(str::to_string).collect()))
            .collect(),
    );
    let marker = format!("PorticoHole{:016x}", rand::random::<u64>());
    let env = environment(theme, site, &catalogs, &chains, &assets, &marker)?;
    let relations = match cache {
        Some(c) => c.relations.clone(),
        None => Arc::new(types::Relations::new(site)),
    };
    Ok(Prepared {
        assets,
        catalogs,
        chains,
        marker,
        env,
        relations,
        filtered_views: true,
        now,
    })
}

/// Renders every page of `site` in every locale, plus error pages.
pub fn render(site: &Site, theme: &Theme) -> Result<Output, RenderError> {
    render_at(site, theme, jiff::Timestamp::now())
}

/// [`render`] as of `now`: which events are past, which jobs and programs
/// closed (tests pin it).
pub fn render_at(site: &Site, theme: &Theme, now: jiff::Timestamp) -> Result<Output, RenderError> {
    render_with(site, theme, now, true, None)
}

/// [`render`] for a static export: lists without their filtered views,
/// which only a server reading the query string can answer (rendering them
/// would double the work on a large site for pages never written).
pub fn render_static(site: &Site, theme: &Theme) -> Result<Output, RenderError> {
    render_with(site, theme, jiff::Timestamp::now(), false, None)
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
    render_with(site, theme, jiff::Timestamp::now(), false, Some(sink))
}

/// An error of the code `sink.page` runs, for [`Sink`].
pub fn sink_error(what: impl std::fmt::Display) -> RenderError {
    RenderError::Sink(what.to_string())
}

fn render_with(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    filtered_views: bool,
    sink: Option<Sink<'_>>,
) -> Result<Output, RenderError> {
    let mut prepared = prepare(site, theme, now, None)?;
    prepared.filtered_views = filtered_views;
    let Prepared {
        assets,
        catalogs,
        chains,
        marker,
        env,
        now,
        ..
    } = &prepared;
    let today = day(*now);
    let mut files = Vec::new();
    let mut list_dims = BTreeMap::new();

    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let mut search_base = BTreeMap::new();
    let mut search_strings = BTreeMap::new();
    let (page_sink, file_sink, docs_sink) = match sink {
        Some(Sink { page, file, docs }) => (Some(page), Some(file), docs),
        None => (None, None, None),
    };
    let streamed = page_sink.is_some();
    std::thread::scope(|scope| -> Result<(), RenderError> {
        let docs_job =
            docs_sink.map(|docs| scope.spawn(move || docs(search::documents(site, catalogs, chains, assets, None))));
        for locale in &site.config.locales {
            let r = Resolver::new(site, &locale.code, assets);
            let chrome = context::chrome(site, &r, catalogs, &chains[&locale.code], *now);
            let chain = &chains[&locale.code];
            for (key, dims) in &chrome.lists {
                if let Some(url) = site.url(key, &locale.code) {
                    list_dims.insert(url.to_string(), dims.clone());
                }
            }
            search_base.insert(locale.code.clone(), context::search_base(&r, &chrome, catalogs, chain));
            search_strings.insert(
                locale.code.clone(),
                search::Strings {
                    facets: portico_search::DIMENSIONS
                        .iter()
                        .map(|d| {
                            let key = format!("search-facet-{d}");
                            (d.to_string(), catalogs.get(chain, &key, &[]).unwrap_or(key))
                        })
                        .collect(),
                    announce: (0..=10)
                        .map(|n| {
                            let args = [("count".to_string(), n.to_string())];
                            catalogs
                                .get(chain, "search-suggestions-count", &args)
                                .unwrap_or_default()
                        })
                        .collect(),
                },
            );
            // Pages are independent: render them on every core, each thread
            // taking the next few keys (pages differ in cost), while another
            // thread writes this locale's feeds, calendars and citations.
            let keys: Vec<&String> = site
                .urls
                .keys()
                .filter(|(_, l)| l == &locale.code)
                .map(|(k, _)| k)
                .collect();
            let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
            let batches: Vec<&[&String]> = keys.chunks(8).collect();
            let next = std::sync::atomic::AtomicUsize::new(0);
            let (prepared, chrome, batches, next) = (&prepared, &chrome, &batches, &next);
            let (rendered, generated) = std::thread::scope(|scope| {
                let generating = scope.spawn(move || -> Result<Vec<GeneratedFile>, RenderError> {
                    let r = Resolver::new(site, &locale.code, &prepared.assets);
                    let generated = prepared.with_env(site, &r, chrome, files::generate);
                    match file_sink {
                        Some(sink) => generated.into_iter().try_for_each(sink).map(|()| Vec::new()),
                        None => Ok(generated),
                    }
                });
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(move || {
                            let r = Resolver::new(site, &locale.code, &prepared.assets);
                            let mut out = Vec::new();
                            while let Some(part) = batches.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                            {
                                for key in *part {
                                    let rendered = prepared.render_key(site, key, &r, chrome)?;
                                    match page_sink {
                                        Some(sink) => rendered.into_iter().try_for_each(sink)?,
                                        None => out.extend(rendered),
                                    }
                                }
                            }
                            Ok(out)
                        })
                    })
                    .collect();
                let rendered: Vec<Result<Vec<Page>, RenderError>> = handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(Err(RenderError::Panicked)))
                    .collect();
                (rendered, generating.join().unwrap_or(Err(RenderError::Panicked)))
            });
            for part in rendered {
                pages.extend(part?);
            }
            files.extend(generated?);
            let sitemap = context::sitemap(site, &r, chrome, catalogs, &chains[&locale.code]);
            let choices = context::consent_page(&r, chrome, catalogs, &chains[&locale.code]);
            for page in [
                Page {
                    path: format!("/{}/sitemap/", locale.code),
                    locale: locale.code.clone(),
                    key: "sitemap".to_string(),
                    html: render_one(env, "page.html", sitemap, marker)?,
                    status: 200,
                },
                Page {
                    path: choices_url(&locale.code),
                    locale: locale.code.clone(),
                    key: "consent".to_string(),
                    html: render_one(env, "consent.html", choices, marker)?,
                    status: 200,
                },
            ] {
                match page_sink {
                    Some(sink) => sink(page)?,
                    None => pages.push(page),
                }
            }
            for &status in ERROR_STATUSES {
                let ctx = context::error(&r, chrome, catalogs, &chains[&locale.code], status);
                errors.push(ErrorPage {
                    locale: locale.code.clone(),
                    status,
                    html: render_one(env, "error.html", ctx, marker)?,
                });
            }
        }
        match docs_job {
            Some(job) => job.join().map_err(|_| RenderError::Panicked),
            None => Ok(()),
        }
    })?;
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let search_docs = if streamed {
        Vec::new()
    } else {
        search::documents(site, catalogs, chains, assets, None)
    };

    let mut redirects = Vec::new();
    for item in &site.items {
        if let Some(to) = site.url(&item.key, &item.locale) {
            redirects.extend(item.aliases.iter().map(|from| Redirect {
                from: from.clone(),
                to: to.to_string(),
            }));
        }
    }

    let consent = consent::output(site, env, &search_base)?;
    let assets = (**assets).clone();
    let locale_names: Vec<(String, String)> = site
        .config
        .locales
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let Prepared { env, marker, .. } = prepared;
    let search = SearchPages {
        env,
        marker,
        base: search_base,
        strings: search_strings,
        locales: locale_names.clone(),
    };
    // A broken search template fails the build, not a visitor's search.
    for locale in &site.config.locales {
        let empty = portico_search::Results {
            page: 1,
            pages: 1,
            per_page: 10,
            ..portico_search::Results::default()
        };
        search.render(&locale.code, &portico_search::Request::default(), &empty)?;
    }
    Ok(Output {
        consent,
        search_docs,
        search: Arc::new(search),
        pages,
        errors,
        assets,
        redirects,
        files: {
            let mut f = seo::sitemaps(site, SITEMAP_INDEX_THRESHOLD, today);
            f.push(seo::robots(site));
            f.push(seo::gpc_json());
            f.extend(files);
            f
        },
        lists: list_dims,
        default_locale: site.config.default_locale.clone(),
        locales: locale_names,
        cache: RenderCache {
            relations: prepared.relations.clone(),
        },
    })
}

/// What a full render worked out about the whole site (which items relate
/// to which) that renders of a few edited pages reuse: working it out
/// again costs more than rendering them. Relations the edit itself changes
/// are right again after the next full render, like the listings that
/// mention the edited page.
#[derive(Clone)]
pub struct RenderCache {
    relations: Arc<types::Relations>,
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
    let prepared = prepare(site, theme, jiff::Timestamp::now(), cache)?;
    let mut pages = Vec::new();
    for locale in &site.config.locales {
        let r = Resolver::new(site, &locale.code, &prepared.assets);
        let chrome = context::chrome(
            site,
            &r,
            &prepared.catalogs,
            &prepared.chains[&locale.code],
            prepared.now,
        );
        for key in keys {
            pages.extend(prepared.render_key(site, key, &r, &chrome)?);
        }
    }
    let search_docs = search::documents(site, &prepared.catalogs, &prepared.chains, &prepared.assets, Some(keys));
    Ok(Partial { pages, search_docs })
}

fn render_one(env: &Environment<'_>, template: &str, ctx: Value, marker: &str) -> Result<Html, RenderError> {
    let tmpl = env
        .get_template(template)
        .map_err(|e| RenderError::template(template, &e))?;
    let out = tmpl.render(ctx).map_err(|e| RenderError::template(template, &e))?;
    Ok(Html::split(&out, marker))
}

/// Prints template values: nothing for none/undefined, safe values as they
/// are, everything else HTML-escaped (only `& < > " '`: escaping `/` too, as
/// the engine's default does, is valid but makes every URL unreadable).
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let owned;
    let text = match value.as_str() {
        Some(s) => s,
        None => {
            owned = value.to_string();
            owned.as_str()
        }
    };
    if value.is_safe() || matches!(state.auto_escape(), minijinja::AutoEscape::None) {
        return out.write_str(text).map_err(minijinja::Error::from);
    }
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[last..i]).map_err(minijinja::Error::from)?;
        out.write_str(rep).map_err(minijinja::Error::from)?;
        last = i + 1;
    }
    out.write_str(&text[last..]).map_err(minijinja::Error::from)
}

fn environment(
    theme: &Theme,
    site: &Site,
    catalogs: &Arc<i18n::Catalogs>,
    chains: &Arc<BTreeMap<String, Vec<String>>>,
    assets: &Arc<BTreeMap<String, Asset>>,
    marker: &str,
) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_formatter(format_value);
    let mut templates = theme.templates.clone();
    templates.extend(site.templates.iter().map(|(k, v)| (k.clone(), v.clone())));
    for (name, source) in templates {
        env.add_template_owned(name.clone(), source)
            .map_err(|e| RenderError::template(&name, &e))?;
    }
    {
        let catalogs = catalogs.clone();
        let chains = chains.clone();
        env.add_function(
            "t",
            move |state: &minijinja::State<'_, '_>,
                  key: &str,
                  kwargs: minijinja::value::Kwargs|
                  -> Result<String, minijinja::Error> {
                let code = state
                    .lookup("lang")
                    .and_then(|l| l.get_attr("code").ok())
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                let chain = chains.get(&code).map_or(&[][..], Vec::as_slice);
                let mut args = Vec::new();
                for k in kwargs.args() {
                    let v: Value = kwargs.get(k)?;
                    args.push((k.to_string(), v.to_string()));
                }
                Ok(catalogs.get(chain, key, &args).unwrap_or_else(|| key.to_string()))
            },
        );
    }
    {
        let assets = assets.clone();
        env.add_function("asset", move |path: &str| -> String {
            assets
                .get(path)
                .map_or_else(|| format!("/static/{path}"), |a| a.hashed_url.clone())
        });
    }
    // Holes filled per request: each function prints its marker.
    for (name, hole) in [
        ("trace_id", Hole::TraceId),
        ("consent_banner", Hole::ConsentBanner),
        ("gpc_notice", Hole::GpcNotice),
    ] {
        let text = Value::from_safe_string(format!("{marker}{};", hole.name()));
        env.add_function(name, move || -> Value { text.clone() });
    }
    // Text many pages have in common, compressed once for them all.
    for (name, text) in [("shared_begin", SHARED), ("shared_end", SHARED_END)] {
        let text = Value::from_safe_string(format!("{marker}{text};"));
        env.add_function(name, move || -> Value { text.clone() });
    }
    add_memo(&mut env);
    // A consent category's index (site.toml order), by id.
    let ids: Arc<Vec<String>> = Arc::new(site.config.consent.categories.iter().map(|c| c.id.clone()).collect());
    let category = move |id: &str| ids.iter().position(|c| c == id).and_then(|i| u8::try_from(i).ok());
    {
        // consent_gate("media") … consent_else() … consent_end(): what
        // is between the first two only for visitors who allow the category.
        let (start, category) = (marker.to_string(), category.clone());
        env.add_function("consent_gate", move |id: &str| -> Result<Value, minijinja::Error> {
            let i = category(id).ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("consent_gate: no consent category `{id}` in site.toml"),
                )
            })?;
            Ok(Value::from_safe_string(format!("{start}{GATE}{i};")))
        });
        let text = Value::from_safe_string(format!("{marker}{GATE_ELSE};"));
        env.add_function("consent_else", move || -> Value { text.clone() });
        let text = Value::from_safe_string(format!("{marker}{GATE_END};"));
        env.add_function("consent_end", move || -> Value { text.clone() });
    }
    {
        let marker = marker.to_string();
        env.add_function("consent_checked", move |id: &str| -> Value {
            match category(id) {
                Some(i) => Value::from_safe_string(format!("{marker}{};", Hole::ConsentChecked(i).name())),
                None => Value::from_safe_string(String::new()),
            }
        });
    }
    Ok(env)
}

/// `{% call memo("header", lang.code, nav_key) %}…{% endcall %}`: the block
/// is rendered once per distinct key and reused for the rest of the render
/// (the header of ten thousand pages is a handful of texts). Everything the
/// block prints must follow from its key.
fn add_memo(env: &mut Environment<'_>) {
    let memos: Arc<std::sync::RwLock<std::collections::HashMap<String, Value>>> = Arc::default();
    env.add_function(
        "memo",
        move |state: &mut minijinja::State<'_, '_>,
              key: minijinja::value::Rest<Value>,
              kwargs: minijinja::value::Kwargs|
              -> Result<Value, minijinja::Error> {
            let caller: Value = kwargs.get("caller")?;
            kwargs.assert_all_used()?;
            let key = key.iter().map(ToString::to_string).collect::<Vec<_>>().join("\u{1f}");
            let known = memos
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .cloned();
            if let Some(text) = known {
                return Ok(text);
            }
            let text = caller.call(state, &[])?;
            let mut memos = memos.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            // A key that varies per page would only grow the table.
            if memos.len() < MEMO_LIMIT {
                memos.insert(key, text.clone());
            }
            Ok(text)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "\u{1}mark";

    #[test]
    fn a_memo_block_is_rendered_once_per_key() {
        let mut env = Environment::new();
        add_memo(&mut env);
        env.add_template("t", "{% call memo('nav', key) %}<{{ text }}>{% endcall %}")
            .expect("template");
        let render = |key: &str, text: &str| {
            env.get_template("t")
                .and_then(|t| t.render(minijinja::context! { key, text }))
                .expect("render")
        };
        assert_eq!(render("a", "first"), "<first>");
        // Same key: the remembered text, whatever the rest of the context.
        assert_eq!(render("a", "second"), "<first>");
        assert_eq!(render("b", "second"), "<second>");
    }

    #[test]
    fn shared_text_is_its_own_part_and_fills_like_text() {
        let rendered = format!("<head>{M}TraceId;</head>{M}Shared;<header>nav</header>{M}SharedEnd;<main>x</main>");
        let html = Html::split(&rendered, M);
        assert_eq!(
            html.parts,
            [
                Part::Text("<head>".into()),
                Part::Hole(Hole::TraceId),
                Part::Text("</head>".into()),
                Part::Shared("<header>nav</header>".into()),
                Part::Text("<main>x</main>".into()),
            ]
        );
        assert_eq!(html.fill("id"), "<head>id</head><header>nav</header><main>x</main>");
    }

    #[test]
    fn shared_text_with_a_hole_stays_the_pages_own() {
        let rendered = format!("a{M}Shared;b{M}TraceId;c{M}SharedEnd;d");
        let html = Html::split(&rendered, M);
        assert!(!html.parts.iter().any(|p| matches!(p, Part::Shared(_))));
        assert_eq!(html.fill("ID"), "abIDcd");
        // An unclosed shared text is kept as text, not lost.
        let html = Html::split(&format!("a{M}Shared;b"), M);
        assert_eq!(html.fill(""), "ab");
    }
}
