//! The render itself: what every render prepares (assets, interface
//! strings, the template engine, the relations), then each locale's pages
//! on every core while another thread writes its files, then the pages
//! the renderer makes itself, the search documents and the output.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::{Environment, Value};
use portico_content::{Kind, Site};

use crate::context::{self, Chrome};
use crate::env::Env;
use crate::output::{ErrorPage, Output, Page, Partial, Redirect, RenderCache};
use crate::relations::Relations;
use crate::resolver::{Resolver, day};
use crate::search::Strings;
use crate::templates::{Interface, environment, render_one};
use crate::urls::{Query, SECTION_PAGE_SIZE, view_url};
use crate::{
    Asset, ERROR_STATUSES, GeneratedFile, LivePages, RenderError, SITEMAP_INDEX_THRESHOLD, Sink, Theme, assets,
    choices_url, consent, files, i18n, kinds, lists, pages, search, seo,
};

/// Keys a rendering thread takes at a time (pages differ in cost).
const BATCH: usize = 8;

/// What every render needs before its first page.
pub(crate) struct Prepared {
    assets: Arc<BTreeMap<String, Asset>>,
    catalogs: Arc<i18n::Catalogs>,
    /// Each locale's fallback chain.
    chains: Arc<BTreeMap<String, Vec<String>>>,
    /// What the `trace_id()` template function prints, split on after
    /// rendering. Random per render, so no content can forge one.
    marker: String,
    env: Environment<'static>,
    relations: Arc<Relations>,
    /// Whether the pages are for a server: lists' filtered views
    /// (`{list}?{query}`, `{list}?none`) are rendered and the header links
    /// to the server's sign-in page; a static export has neither.
    filtered_views: bool,
    /// The moment "past", "closed" and "upcoming" are judged at.
    now: jiff::Timestamp,
}

impl Prepared {
    /// Every page of `key` in the resolver's locale: one, or one per
    /// 20 items of a long section, or one per view of a typed list.
    fn render_key(&self, site: &Site, key: &str, r: &Resolver<'_>, chrome: &Chrome) -> Result<Vec<Page>, RenderError> {
        let (Some(item), Some(url)) = (site.resolve(key, r.locale), site.url(key, r.locale)) else {
            return Ok(Vec::new());
        };
        self.with_env(site, r, chrome, |env| {
            let section = matches!(&item.kind, Kind::Page(p) if p.is_section);
            // A typed list is worked out once and shared by all its views.
            let list = if section {
                lists::List::new(site, key, env)
            } else {
                None
            };
            let views: Vec<Query> = match &list {
                Some(list) => list.views(),
                None if section => {
                    let n = site.children(key, r.locale).len().div_ceil(SECTION_PAGE_SIZE).max(1);
                    (1..=n)
                        .map(|page| Query {
                            page,
                            ..Query::default()
                        })
                        .collect()
                }
                None => vec![Query {
                    page: 1,
                    ..Query::default()
                }],
            };
            views
                .iter()
                .filter(|q| self.filtered_views || (q.filters.is_empty() && !q.none))
                .map(|q| {
                    let rendered = context::page(item, q, list.as_ref(), env, chrome);
                    render_one(&self.env, rendered.template, rendered.ctx, &self.marker).map(|html| Page {
                        path: view_url(url, q),
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
    fn with_env<T>(&self, site: &Site, r: &Resolver<'_>, chrome: &Chrome, f: impl FnOnce(&Env<'_>) -> T) -> T {
        let chain = &self.chains[r.locale];
        let t = |k: &str, args: &[(&str, String)]| {
            let args: Vec<(String, String)> = args.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
            self.catalogs.get(chain, k, &args).unwrap_or_else(|| k.to_string())
        };
        let learn_more = t("learn-more", &[]);
        let env = Env {
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

    fn chrome(&self, site: &Site, r: &Resolver<'_>) -> Chrome {
        context::chrome(
            site,
            r,
            &self.catalogs,
            &self.chains[r.locale],
            self.now,
            self.filtered_views,
        )
    }
}

pub(crate) fn prepare(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    cache: Option<&RenderCache>,
) -> Result<Prepared, RenderError> {
    let assets = Arc::new(assets::collect(&theme.static_files, site.static_files()));
    let codes: Vec<String> = site.config().locales.iter().map(|l| l.code.clone()).collect();
    let catalogs = Arc::new(i18n::Catalogs::new(&theme.catalogs, site.catalogs(), &codes)?);
    let chains: Arc<BTreeMap<String, Vec<String>>> = Arc::new(
        codes
            .iter()
            .map(|c| (c.clone(), site.config().chain(c).map(str::to_string).collect()))
            .collect(),
    );
    let marker = format!("PorticoHole{:016x}", rand::random::<u64>());
    let interface = Interface {
        catalogs: catalogs.clone(),
        chains: chains.clone(),
    };
    let env = environment(theme, site, &interface, &assets, &marker)?;
    let relations = match cache {
        Some(c) => c.relations.clone(),
        None => Arc::new(kinds::relations(site)),
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

/// Where a render's pages and files go: into the output, or to a sink.
struct Into<'s> {
    page: Option<&'s (dyn Fn(Page) -> Result<(), RenderError> + Sync)>,
    file: Option<&'s (dyn Fn(GeneratedFile) -> Result<(), RenderError> + Sync)>,
}

/// What the render of every locale gathers.
#[derive(Default)]
struct Gathered {
    pages: Vec<Page>,
    errors: Vec<ErrorPage>,
    files: Vec<GeneratedFile>,
    /// Filtered lists: URL → its filter parameters.
    lists: BTreeMap<String, Vec<String>>,
    /// Per locale: the search page's context without results, and its strings.
    search_base: BTreeMap<String, Value>,
    search_strings: BTreeMap<String, Strings>,
    /// Per locale: the admin pages' context without their view.
    admin_base: BTreeMap<String, Value>,
}

/// The interface strings the search page builds itself, in one locale.
fn search_strings(catalogs: &i18n::Catalogs, chain: &[String]) -> Strings {
    Strings {
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
    }
}

/// Every item page of one locale, on every core, each thread taking the
/// next few keys, while another thread makes the locale's files.
fn item_pages(
    prepared: &Prepared,
    site: &Site,
    locale: &str,
    chrome: &Chrome,
    into: &Into<'_>,
) -> Result<(Vec<Page>, Vec<GeneratedFile>), RenderError> {
    let keys: Vec<&String> = site
        .urls()
        .keys()
        .filter(|(_, l)| l == locale)
        .map(|(k, _)| k)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let batches: Vec<&[&String]> = keys.chunks(BATCH).collect();
    let next = AtomicUsize::new(0);
    let (batches, next) = (&batches, &next);
    std::thread::scope(|scope| {
        let generating = scope.spawn(move || -> Result<Vec<GeneratedFile>, RenderError> {
            let r = Resolver::new(site, locale, &prepared.assets);
            let generated = prepared.with_env(site, &r, chrome, files::generate);
            match into.file {
                Some(sink) => generated.into_iter().try_for_each(sink).map(|()| Vec::new()),
                None => Ok(generated),
            }
        });
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || -> Result<Vec<Page>, RenderError> {
                    let r = Resolver::new(site, locale, &prepared.assets);
                    let mut out = Vec::new();
                    while let Some(part) = batches.get(next.fetch_add(1, Ordering::Relaxed)) {
                        for key in *part {
                            let rendered = prepared.render_key(site, key, &r, chrome)?;
                            match into.page {
                                Some(sink) => rendered.into_iter().try_for_each(sink)?,
                                None => out.extend(rendered),
                            }
                        }
                    }
                    Ok(out)
                })
            })
            .collect();
        let mut pages = Vec::new();
        for h in handles {
            pages.extend(h.join().unwrap_or(Err(RenderError::Panicked))?);
        }
        let files = generating.join().unwrap_or(Err(RenderError::Panicked))?;
        Ok((pages, files))
    })
}

/// One locale: its item pages and files, its sitemap and cookie choices
/// pages, its error pages, and what search and lists need of it.
fn render_locale(
    prepared: &Prepared,
    site: &Site,
    locale: &str,
    into: &Into<'_>,
    out: &mut Gathered,
) -> Result<(), RenderError> {
    let (catalogs, chain) = (&*prepared.catalogs, &prepared.chains[locale]);
    let r = Resolver::new(site, locale, &prepared.assets);
    let chrome = prepared.chrome(site, &r);
    for (key, dims) in &chrome.lists {
        if let Some(url) = site.url(key, locale) {
            out.lists.insert(url.to_string(), dims.clone());
        }
    }
    let maker = pages::Maker {
        r: &r,
        chrome: &chrome,
        catalogs,
        chain,
    };
    out.search_base.insert(locale.to_string(), maker.search_base());
    out.admin_base.insert(locale.to_string(), maker.admin_base());
    out.search_strings
        .insert(locale.to_string(), search_strings(catalogs, chain));
    let (pages, files) = item_pages(prepared, site, locale, &chrome, into)?;
    out.pages.extend(pages);
    out.files.extend(files);
    let made = [
        (seo::human_sitemap_url(locale), "sitemap", "page.html", maker.sitemap()),
        (choices_url(locale), "consent", "consent.html", maker.consent_page()),
    ];
    for (path, key, template, ctx) in made {
        let page = Page {
            path,
            locale: locale.to_string(),
            key: key.to_string(),
            html: render_one(&prepared.env, template, ctx, &prepared.marker)?,
            status: 200,
        };
        match into.page {
            Some(sink) => sink(page)?,
            None => out.pages.push(page),
        }
    }
    for &status in ERROR_STATUSES {
        let ctx = maker.error(status);
        out.errors.push(ErrorPage {
            locale: locale.to_string(),
            status,
            html: render_one(&prepared.env, "error.html", ctx, &prepared.marker)?,
        });
    }
    Ok(())
}

/// Every page of `site` in every locale, as of `now`, with or without
/// lists' filtered views, into the output or `sink`.
pub(crate) fn render_with(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    filtered_views: bool,
    sink: Option<Sink<'_>>,
) -> Result<Output, RenderError> {
    let mut prepared = prepare(site, theme, now, None)?;
    prepared.filtered_views = filtered_views;
    let (into, docs_sink) = match sink {
        Some(Sink { page, file, docs }) => (
            Into {
                page: Some(page),
                file: Some(file),
            },
            docs,
        ),
        None => (Into { page: None, file: None }, None),
    };
    let streamed = into.page.is_some();
    let mut out = Gathered::default();
    let prepared_ref = &prepared;
    std::thread::scope(|scope| -> Result<(), RenderError> {
        let docs_job = docs_sink.map(|docs| {
            scope.spawn(move || {
                docs(search::documents(
                    site,
                    &prepared_ref.catalogs,
                    &prepared_ref.chains,
                    &prepared_ref.assets,
                    None,
                ));
            })
        });
        for locale in &site.config().locales {
            render_locale(prepared_ref, site, &locale.code, &into, &mut out)?;
        }
        match docs_job {
            Some(job) => job.join().map_err(|_| RenderError::Panicked),
            None => Ok(()),
        }
    })?;
    out.pages.sort_by(|a, b| a.path.cmp(&b.path));
    let search_docs = if streamed {
        Vec::new()
    } else {
        search::documents(site, &prepared.catalogs, &prepared.chains, &prepared.assets, None)
    };
    finish(site, prepared, out, search_docs)
}

/// The output of a render: redirects, consent texts, the search pages
/// (checked once, so a broken template fails the build and not a
/// visitor's search), sitemaps and the rest.
fn finish(
    site: &Site,
    prepared: Prepared,
    out: Gathered,
    search_docs: Vec<portico_search::Document>,
) -> Result<Output, RenderError> {
    let mut redirects = Vec::new();
    for item in site.items() {
        if let Some(to) = site.url(&item.key, &item.locale) {
            redirects.extend(item.aliases.iter().map(|from| Redirect {
                from: from.clone(),
                to: to.to_string(),
            }));
        }
    }
    let consent = consent::output(site, &prepared.env, &out.search_base)?;
    let assets = (*prepared.assets).clone();
    let locale_names: Vec<(String, String)> = site
        .config()
        .locales
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let cache = RenderCache {
        relations: prepared.relations.clone(),
    };
    let live = LivePages {
        site_name: site.config().name.clone(),
        catalogs: prepared.catalogs.clone(),
        chains: prepared.chains.clone(),
        env: prepared.env,
        marker: prepared.marker,
        search_base: out.search_base,
        admin_base: out.admin_base,
        strings: out.search_strings,
        locales: locale_names.clone(),
    };
    for locale in &site.config().locales {
        let empty = portico_search::Results {
            page: 1,
            pages: 1,
            per_page: 10,
            ..portico_search::Results::default()
        };
        live.search(&locale.code, &portico_search::Request::default(), &empty)?;
        for name in crate::ADMIN_TEMPLATES {
            live.admin(&locale.code, name, &BTreeMap::from([("title_key", "admin-title")]))?;
        }
    }
    let mut files = seo::sitemaps(site, SITEMAP_INDEX_THRESHOLD, day(prepared.now));
    files.push(seo::robots(site));
    files.push(seo::gpc_json());
    files.extend(out.files);
    Ok(Output {
        consent,
        search_docs,
        live: Arc::new(live),
        pages: out.pages,
        errors: out.errors,
        assets,
        redirects,
        files,
        lists: out.lists,
        default_locale: site.config().default_locale.clone(),
        locales: locale_names,
        cache,
    })
}

/// Renders only the pages of `keys` (see [`crate::render_keys`]).
pub(crate) fn render_keys(
    site: &Site,
    theme: &Theme,
    keys: &[String],
    cache: Option<&RenderCache>,
) -> Result<Partial, RenderError> {
    let prepared = prepare(site, theme, jiff::Timestamp::now(), cache)?;
    let mut pages = Vec::new();
    for locale in &site.config().locales {
        let r = Resolver::new(site, &locale.code, &prepared.assets);
        let chrome = prepared.chrome(site, &r);
        for key in keys {
            pages.extend(prepared.render_key(site, key, &r, &chrome)?);
        }
    }
    let search_docs = search::documents(site, &prepared.catalogs, &prepared.chains, &prepared.assets, Some(keys));
    Ok(Partial { pages, search_docs })
}
