//! The site search's two ends in the renderer: the documents the index is
//! built from (text extracted from the model, labels in each locale) and
//! the results page, rendered per request from the same templates and
//! chrome as every other page.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use percent_encoding::utf8_percent_encode;
use portico_content::{Item, Site};
use portico_search::{DIMENSIONS, Document, Facet, Request, Results};
use serde::Serialize;

use crate::i18n::Catalogs;
use crate::{Html, LivePages, RenderError, Resolver, markdown};

/// The documents to index for `keys` (every key when `None`), one per
/// page URL in every locale (fallback pages included: they are what a
/// visitor of that locale reads there).
pub(crate) fn documents(
    site: &Site,
    catalogs: &Catalogs,
    chains: &BTreeMap<String, Vec<String>>,
    assets: &BTreeMap<String, crate::Asset>,
    keys: Option<&[String]>,
) -> Vec<Document> {
    let mut out = Vec::new();
    let today = crate::resolver::today();
    for locale in &site.config().locales {
        let code = locale.code.as_str();
        let r = Resolver::new(site, code, assets);
        let chain = &chains[code];
        let label = |key: &str| catalogs.get(chain, key, &[]).unwrap_or_else(|| key.to_string());
        let wanted: Vec<&str> = match keys {
            Some(k) => k.iter().map(String::as_str).collect(),
            None => site
                .urls()
                .keys()
                .filter(|(_, l)| l == code)
                .map(|(k, _)| k.as_str())
                .collect(),
        };
        for key in wanted {
            let (Some(item), Some(url)) = (site.resolve(key, code), site.url(key, code)) else {
                continue;
            };
            // What lists leave out (a closed job is gone, 410): nothing to find.
            if !crate::kinds::is_listed(item, today) {
                continue;
            }
            out.push(document(item, key, url, &r, &label, today));
        }
    }
    out
}

fn document(
    item: &Item,
    key: &str,
    url: &str,
    r: &Resolver<'_>,
    label: &dyn Fn(&str) -> String,
    today: jiff::civil::Date,
) -> Document {
    let (site, locale) = (r.site, r.locale);
    let mut headings = Vec::new();
    let mut body = String::new();
    markdown::plain_text(&item.body.text, &mut headings, &mut body);
    let view = crate::kinds::view(&item.kind);
    view.search_text(&mut headings, &mut body);
    let facet_of = |k: &str| site.resolve(k, locale).map(|i| Facet::new(k, i.short_title()));
    let section = key.split('/').next().filter(|s| !s.is_empty()).and_then(facet_of);
    let mut areas: Vec<String> = view.search_areas(key);
    areas.dedup();
    let kind = item.kind_name();
    // Ancestors, from the home page down to the parent.
    let parts: Vec<&str> = key.split('/').filter(|p| !p.is_empty()).collect();
    let breadcrumb = std::iter::once(String::new())
        .chain((1..parts.len()).map(|i| parts[..i].join("/")))
        .filter(|p| p != key)
        .filter_map(|p| {
            Some((
                site.resolve(&p, locale)?.short_title().to_string(),
                site.url(&p, locale)?.to_string(),
            ))
        })
        .collect();
    Document {
        locale: locale.to_string(),
        url: url.to_string(),
        title: item.title.clone(),
        headings,
        summary: item
            .summary
            .clone()
            .or_else(|| item.description.clone())
            .unwrap_or_default(),
        body,
        tags: item.tags.clone(),
        kind: Facet::new(kind, label(&format!("kind-{kind}"))),
        section,
        areas: areas.iter().filter_map(|a| facet_of(a)).collect(),
        date: item.date.as_ref().map(|w| (w.date.to_string(), r.formats.date(w.date))),
        breadcrumb,
        rank: view.search_rank(today),
        // A page shown by fallback is in its own language.
        lang: (item.locale != locale).then(|| portico_search::Lang {
            code: item.locale.clone(),
            dir: site
                .config()
                .locale(&item.locale)
                .map_or("ltr", |l| l.dir.as_str())
                .to_string(),
        }),
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Strings {
    /// Facet headings by dimension.
    pub facets: BTreeMap<String, String>,
    /// What a screen reader hears for 0, 1, 2, … suggestions.
    pub announce: Vec<String>,
}

#[derive(Serialize)]
struct View {
    query: String,
    action: String,
    total: usize,
    page: usize,
    pages: usize,
    /// The number of the first result on this page (for `<ol start>`).
    start: usize,
    hits: Vec<portico_search::Hit>,
    facets: Vec<FacetView>,
    hidden: Vec<(String, String)>,
    correction: Option<String>,
    correction_url: Option<String>,
    prev_url: Option<String>,
    next_url: Option<String>,
    page_links: Vec<PageLink>,
    exact: usize,
}

#[derive(Serialize)]
struct FacetView {
    dimension: String,
    heading: String,
    values: Vec<FacetValueView>,
    clear_url: Option<String>,
}

#[derive(Serialize)]
struct FacetValueView {
    label: String,
    count: u64,
    selected: bool,
    url: String,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// `/{locale}/search?q=…&type=…&page=N`, parameters in a fixed order.
pub fn search_url(locale: &str, q: &str, filters: &[(String, String)], page: usize) -> String {
    let enc = |s: &str| {
        s.split(' ')
            .map(|part| utf8_percent_encode(part, crate::urls::QUERY_VALUE).to_string())
            .collect::<Vec<_>>()
            .join("+")
    };
    let mut url = format!("/{locale}/search?q={}", enc(q));
    for dim in DIMENSIONS {
        if let Some((_, v)) = filters.iter().find(|(d, _)| d == dim) {
            url.push_str(&format!("&{dim}={}", enc(v)));
        }
    }
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

impl LivePages {
    /// The live-region text for `count` suggestions in `locale`.
    pub fn announcement(&self, locale: &str, count: usize) -> Option<&str> {
        let all = &self.strings.get(locale)?.announce;
        all.get(count.min(all.len().saturating_sub(1))).map(String::as_str)
    }

    /// The results page for `results` of `req` in `locale`. Fails only for
    /// a broken `search.html` (which `render` finds at build time) or a
    /// locale the site does not have.
    pub fn search(&self, locale: &str, req: &Request, results: &Results) -> Result<Html, RenderError> {
        let missing = || RenderError::Template {
            name: "search.html".into(),
            message: format!("no locale `{locale}`"),
        };
        let base = self.search_base.get(locale).ok_or_else(missing)?;
        let strings = self.strings.get(locale).ok_or_else(missing)?;
        let filters: Vec<(String, String)> = DIMENSIONS
            .iter()
            .filter_map(|d| req.filters.iter().find(|(k, _)| k == d).cloned())
            .collect();
        let q = results.query.as_str();
        let facets = results
            .facets
            .iter()
            .map(|g| {
                let others: Vec<(String, String)> =
                    filters.iter().filter(|(d, _)| *d != g.dimension).cloned().collect();
                FacetView {
                    heading: strings
                        .facets
                        .get(&g.dimension)
                        .cloned()
                        .unwrap_or_else(|| g.dimension.clone()),
                    values: g
                        .values
                        .iter()
                        .map(|v| {
                            let mut with = others.clone();
                            with.push((g.dimension.clone(), v.value.clone()));
                            FacetValueView {
                                label: v.label.clone(),
                                count: v.count,
                                selected: v.selected,
                                url: search_url(locale, q, &with, 1),
                            }
                        })
                        .collect(),
                    clear_url: filters
                        .iter()
                        .any(|(d, _)| *d == g.dimension)
                        .then(|| search_url(locale, q, &others, 1)),
                    dimension: g.dimension.clone(),
                }
            })
            .collect();
        let page_url = |n: usize| search_url(locale, q, &filters, n);
        let window = results.page.saturating_sub(3).max(1)..=(results.page + 3).min(results.pages);
        let view = View {
            query: q.to_string(),
            action: format!("/{locale}/search"),
            total: results.total,
            page: results.page,
            pages: results.pages,
            start: (results.page - 1) * results.per_page + 1,
            hits: results.hits.clone(),
            facets,
            hidden: filters.clone(),
            correction_url: results.correction.as_ref().map(|c| search_url(locale, c, &filters, 1)),
            correction: results.correction.clone(),
            prev_url: (results.page > 1).then(|| page_url(results.page - 1)),
            next_url: (results.page < results.pages).then(|| page_url(results.page + 1)),
            page_links: if results.pages > 1 {
                window
                    .map(|n| PageLink {
                        number: n,
                        url: page_url(n),
                        current: n == results.page,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            exact: results.exact,
        };
        let alternates: Vec<Value> = self
            .locales
            .iter()
            .map(|(code, name)| {
                let url = search_url(code, q, &[], 1);
                context! {
                    code => code.clone(),
                    name => name.clone(),
                    url => url.clone(),
                    href => url.clone(),
                    switch_url => format!("{url}&locale={code}"),
                    hreflang => code.clone(),
                    current => code == locale,
                    translated => false,
                }
            })
            .collect();
        let ctx = context! {
            search => Value::from(minijinja::value::Serde(&view)),
            alternates => alternates,
            ..base.clone()
        };
        crate::templates::render_one(&self.env, "search.html", ctx, &self.marker)
    }
}
