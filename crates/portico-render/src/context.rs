//! Page assembly: what every page of a locale shares (the chrome: site,
//! language, menus, footer), the locale picker and hreflang, breadcrumbs,
//! the page's JSON-LD graph, and an item's page put together from its
//! type's view. The theme README documents every field templates get;
//! keep the two in step.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use portico_content::{Item, Kind, MenuEntry, Site};
use serde::Serialize;

use crate::env::Env;
use crate::i18n::Catalogs;
use crate::urls::{Query, SECTION_PAGE_SIZE, page_url, view_url};
use crate::view::{CardCtx, date, detail_value, image, sv};
use crate::{Resolver, kinds, markdown};

#[derive(Serialize, Clone)]
pub(crate) struct LinkCtx {
    label: String,
    pub url: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    icon: Option<String>,
    current: bool,
    pub children: Vec<LinkCtx>,
    /// The label's language when it is not the page's (an item's title
    /// shown by fallback).
    lang: Option<crate::resolver::LangAttr>,
}

fn entry(e: &MenuEntry, site: &Site, r: &Resolver<'_>, chain: &[String]) -> Option<LinkCtx> {
    let target_item = match &e.target {
        Some(portico_content::Link::Item(key)) => site.resolve(key, r.locale),
        _ => None,
    };
    let (label, lang) = match &e.label {
        Some(l) => (l.get(chain.iter().map(String::as_str))?.to_string(), None),
        None => {
            let item = target_item?;
            (item.short_title().to_string(), r.lang_of(&item.locale))
        }
    };
    Some(LinkCtx {
        label,
        url: e.target.as_ref().map(|t| r.href(t)),
        summary: target_item.and_then(|i| i.summary.clone()),
        description: None,
        icon: e.icon.clone(),
        current: false,
        children: e.children.iter().filter_map(|c| entry(c, site, r, chain)).collect(),
        lang,
    })
}

/// What every page of one locale shares: site, language, menus, footer.
pub(crate) struct Chrome {
    site: Value,
    lang: Value,
    pub menu: Vec<LinkCtx>,
    footer: Value,
    legal: Value,
    search_url: String,
    /// The suggestions endpoint and the suggestion list's label.
    search_suggest: Value,
    /// Consent categories and links (`consent` in templates).
    consent: Value,
    sitemap_url: String,
    default_locale: String,
    pub base_url: String,
    /// The moment "past", "closed" and "upcoming" are judged at, and its
    /// day (UTC).
    pub now: jiff::Timestamp,
    pub today: jiff::civil::Date,
    /// Typed lists with filters: section key → its filter parameters.
    pub lists: BTreeMap<String, Vec<String>>,
}

pub(crate) fn chrome(
    site: &Site,
    r: &Resolver<'_>,
    catalogs: &Catalogs,
    chain: &[String],
    now: jiff::Timestamp,
    served: bool,
) -> Chrome {
    let c = &site.config();
    // A site that names no sign-in page links to the server's own; a static
    // export has no server, so no link.
    let sign_in_url = match c.sign_in_url.as_deref() {
        Some("") => None,
        Some(url) => Some(url.to_string()),
        None => served.then(|| "/admin/sign-in".to_string()),
    };
    let locale = c.locale(r.locale).expect("rendering a declared locale");
    let footer: Vec<Value> = c
        .footer
        .iter()
        .map(|col| {
            context! {
                heading => col.heading.get(chain.iter().map(String::as_str)).unwrap_or_default(),
                links => sv(col.links.iter().filter_map(|l| entry(l, site, r, chain)).collect::<Vec<_>>()),
            }
        })
        .collect();
    Chrome {
        site: context! {
            name => c.name_in(r.locale),
            logo => image(&brand_logo(c, r.locale), r),
            copyright => c.copyright.get(chain.iter().map(String::as_str)).unwrap_or_default(),
            sign_in_url => sign_in_url,
            base_url => c.base_url.clone(),
        },
        lang: context! {
            code => locale.code.clone(),
            name => locale.name.clone(),
            dir => locale.dir.as_str(),
        },
        menu: c.menu.iter().filter_map(|e| entry(e, site, r, chain)).collect(),
        footer: Value::from(footer),
        legal: sv(c
            .legal
            .iter()
            .filter_map(|e| entry(e, site, r, chain))
            .collect::<Vec<_>>()),
        search_url: format!("/{}/search", r.locale),
        search_suggest: context! {
            url => format!("/{}/search/suggest", r.locale),
            label => catalogs.get(chain, "search-suggestions", &[]).unwrap_or_default(),
        },
        sitemap_url: format!("/{}/sitemap/", r.locale),
        consent: crate::consent::context(site, r, chain),
        default_locale: c.default_locale.clone(),
        base_url: c.base_url.clone(),
        now,
        today: crate::resolver::day(now),
        lists: site
            .child_keys()
            .keys()
            .map(|k| (k.clone(), crate::lists::dimensions(site, k, r.locale)))
            .filter(|(_, dims)| !dims.is_empty())
            .collect(),
    }
}

#[derive(Serialize)]
pub(crate) struct Alternate {
    pub code: String,
    pub name: String,
    pub url: String,
    /// The absolute URL, for hreflang.
    pub href: String,
    /// The link of the locale picker: the same page, and the choice is
    /// remembered (the server sets a cookie and redirects to `url`).
    pub switch_url: String,
    pub hreflang: String,
    /// The locale's writing direction (its name is written in it).
    pub dir: &'static str,
    pub current: bool,
    /// Whether the page has its own translation in this locale (only those
    /// are hreflang alternates; fallback pages point to their original).
    pub translated: bool,
}

pub(crate) fn alternates(site: &Site, key: Option<&str>, current: &str) -> Vec<Alternate> {
    site.config()
        .locales
        .iter()
        .map(|l| {
            let url = key
                .and_then(|k| site.url(k, &l.code))
                .map_or_else(|| format!("/{}/", l.code), str::to_string);
            Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                href: crate::urls::absolute(&site.config().base_url, &url),
                switch_url: format!("{url}?locale={}", l.code),
                url,
                hreflang: l.code.clone(),
                dir: l.dir.as_str(),
                current: l.code == current,
                translated: key.is_some_and(|k| site.get(k, &l.code).is_some()),
            }
        })
        .collect()
}

/// schema.org JSON-LD for the page, safe to print inside a script element.
fn json_ld(key: &str, r: &Resolver<'_>, crumbs: &[Crumb], typed: Option<serde_json::Value>) -> Option<Value> {
    let (site, locale) = (r.site, r.locale);
    let base = &site.config().base_url;
    let data = if key.is_empty() {
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": site.config().name_in(locale),
            "url": crate::urls::absolute(base, &format!("/{locale}/")),
            "logo": crate::urls::absolute(base, &r.asset_url(&site.config().logo.src)),
        })
    } else if crumbs.is_empty() {
        return None;
    } else {
        let items: Vec<serde_json::Value> = crumbs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                serde_json::json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": c.label,
                    "item": crate::urls::absolute(base, &c.url),
                })
            })
            .collect();
        let crumbs = serde_json::json!({
            "@type": "BreadcrumbList",
            "itemListElement": items,
        });
        serde_json::json!({
            "@context": "https://schema.org",
            "@graph": std::iter::once(crumbs).chain(typed).collect::<Vec<_>>(),
        })
    };
    let text = serde_json::to_string(&data).ok()?.replace("</", "<\\/");
    Some(Value::from_safe_string(text))
}

#[derive(Serialize)]
pub(crate) struct Crumb {
    pub label: String,
    pub url: String,
}

fn breadcrumbs(site: &Site, key: &str, locale: &str) -> Vec<Crumb> {
    if key.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut prefixes = vec![String::new()];
    let parts: Vec<&str> = key.split('/').collect();
    for i in 0..parts.len() {
        prefixes.push(parts[..=i].join("/"));
    }
    for p in prefixes {
        if let (Some(item), Some(url)) = (site.resolve(&p, locale), site.url(&p, locale)) {
            out.push(Crumb {
                label: item.short_title().to_string(),
                url: url.to_string(),
            });
        }
    }
    out
}

pub(crate) fn merge(
    chrome: &Chrome,
    alternates: Vec<Alternate>,
    breadcrumbs: Vec<Crumb>,
    page: Value,
    menu: Vec<LinkCtx>,
) -> Value {
    let translated: Vec<(&str, &str)> = alternates
        .iter()
        .filter(|a| a.translated)
        .map(|a| (a.code.as_str(), a.url.as_str()))
        .collect();
    let hreflang: Vec<Value> = crate::seo::hreflang(&chrome.base_url, &chrome.default_locale, &translated)
        .into_iter()
        .map(|(lang, href)| context! { lang, href })
        .collect();
    context! {
        hreflang,
        nav_key => nav_key(&menu),
        site => chrome.site.clone(),
        lang => chrome.lang.clone(),
        menu => sv(menu),
        footer => chrome.footer.clone(),
        legal => chrome.legal.clone(),
        search_url => chrome.search_url.clone(),
        search_suggest => chrome.search_suggest.clone(),
        consent => chrome.consent.clone(),
        sitemap_url => chrome.sitemap_url.clone(),
        alternates => sv(alternates),
        breadcrumbs => sv(breadcrumbs),
        page,
    }
}

/// Which menu entries are current, as their positions (`2.1`: the second
/// child of the third entry; empty when none is): all a page's menu
/// markup depends on besides its locale, so the key to remember it by.
fn nav_key(menu: &[LinkCtx]) -> String {
    fn walk(entries: &[LinkCtx], path: &mut Vec<usize>, out: &mut String) {
        for (i, e) in entries.iter().enumerate() {
            if e.current {
                path.push(i);
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&path.iter().map(ToString::to_string).collect::<Vec<_>>().join("."));
                walk(&e.children, path, out);
                path.pop();
            }
        }
    }
    let mut out = String::new();
    walk(menu, &mut Vec::new(), &mut out);
    out
}

/// Menu entries with `current` set along the path to `url`.
pub(crate) fn menu_for(chrome: &Chrome, url: &str) -> Vec<LinkCtx> {
    fn mark(entries: &mut [LinkCtx], url: &str) -> bool {
        let mut any = false;
        for e in entries {
            let child = mark(&mut e.children, url);
            let own = e.url.as_deref() == Some(url);
            e.current = own || child;
            any |= e.current;
        }
        any
    }
    fn clear(e: &mut LinkCtx) {
        e.current = false;
        e.children.iter_mut().for_each(clear);
    }
    let mut menu = chrome.menu.clone();
    mark(&mut menu, url);
    // A page listed under two entries (locations under "About" and
    // "Careers") is current under one only: the entry that is the page,
    // else the one whose address contains it, else the first.
    let score = |e: &LinkCtx| match e.url.as_deref() {
        Some(u) if u == url => 2,
        Some(u) if url.starts_with(u) => 1,
        _ => 0,
    };
    let keep = menu
        .iter()
        .enumerate()
        .filter(|(_, e)| e.current)
        .max_by_key(|(i, e)| (score(e), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    for (i, e) in menu.iter_mut().enumerate() {
        if Some(i) != keep {
            clear(e);
        }
    }
    menu
}

/// The template and context of one page of `item`: view `query` of its
/// list when it is a typed list (`list`), else its page `query.page`.
pub(crate) fn page(
    item: &Item,
    query: &Query,
    list: Option<&crate::lists::List<'_>>,
    env: &Env<'_>,
    chrome: &Chrome,
) -> Rendered {
    let (site, r) = (env.site, env.r);
    let key = item.key.as_str();
    let page_no = query.page.max(1);
    let base_url = site.url(key, r.locale).unwrap_or_default().to_string();
    let url = view_url(&base_url, query);
    let fallback = (item.locale != r.locale).then(|| {
        context! {
            requested => site.config().locale(r.locale).map(|l| l.name.clone()),
            shown => site.config().locale(&item.locale).map(|l| l.name.clone()),
        }
    });
    let (children, pagination) = match &item.kind {
        Kind::Page(p) if p.is_section && list.is_none() => {
            let (mut cards, pagination) = section_page(key, page_no, &base_url, env);
            // A page linked from one of the section's own link lists is not
            // listed a second time under it.
            let linked: Vec<String> = p
                .blocks
                .iter()
                .filter_map(|b| match b {
                    portico_content::Block::Links { links, .. } => Some(links),
                    _ => None,
                })
                .flatten()
                .map(|l| r.href(&l.href))
                .collect();
            cards.retain(|c| c.url.as_ref().is_none_or(|u| !linked.contains(u)));
            (cards, pagination)
        }
        _ => (Vec::new(), None),
    };
    let view = kinds::view(&item.kind);
    let detail = kinds::detail(item, env);
    let typed_ld = kinds::json_ld(item, env, &base_url);
    let list = list.map(|l| crate::lists::context(l, item, query, env));
    let mut extra = kinds::Extra::new();
    view.page_extra(item, env, &chrome.lists, &mut extra);
    let page = context! {
        kind => item.kind_name(),
        is_home => key.is_empty(),
        title => item.title.clone(),
        summary => item.summary.clone(),
        description => item.description.as_ref().or(item.summary.as_ref()),
        url => url.clone(),
        canonical => crate::urls::absolute(
            &site.config().base_url,
            &page_url(site.url(key, &item.locale).unwrap_or(&base_url), if query.is_plain() { page_no } else { 1 }),
        ),
        noindex => !query.is_plain(),
        date => item.date.as_ref().map(|d| date(d, r)),
        updated => item.updated.as_ref().map(|d| date(d, r)),
        image => item.image.as_ref().map(|i| image(i, r)),
        tags => item.tags.clone(),
        body => Value::from_safe_string(markdown::to_html(&item.body.text, r)),
        blocks => kinds::page::blocks(item, env),
        content_lang => item.locale.clone(),
        fallback,
        pagination,
        children => sv(children),
        detail => detail_value(&detail),
        fields => sv(&detail.fields),
        list,
        ..Value::from(extra)
    };
    let menu = menu_for(chrome, &url);
    let crumbs = breadcrumbs(site, key, r.locale);
    let page = context! { json_ld => json_ld(key, r, &crumbs, typed_ld), ..page };
    Rendered {
        template: view.template(),
        ctx: merge(chrome, alternates(site, Some(key), r.locale), crumbs, page, menu),
        status: if detail.gone { 410 } else { 200 },
    }
}

/// Page `page_no` of a section that lists its items without filters: its
/// cards and the links to the other pages.
fn section_page(key: &str, page_no: usize, base_url: &str, env: &Env<'_>) -> (Vec<CardCtx>, Option<Value>) {
    let (site, r) = (env.site, env.r);
    let all = site.children(key, r.locale);
    let total = all.len().div_ceil(SECTION_PAGE_SIZE).max(1);
    let pagination = (total > 1).then(|| {
        context! {
            current => page_no,
            total,
            prev_url => (page_no > 1).then(|| page_url(base_url, page_no - 1)),
            next_url => (page_no < total).then(|| page_url(base_url, page_no + 1)),
        }
    });
    let cards = all
        .into_iter()
        .skip((page_no - 1) * SECTION_PAGE_SIZE)
        .take(SECTION_PAGE_SIZE)
        .map(|i| kinds::card(i, env))
        .collect();
    (cards, pagination)
}

/// A page's template, its context and the HTTP status it answers with.
pub(crate) struct Rendered {
    pub template: &'static str,
    pub ctx: Value,
    pub status: u16,
}

/// The logo, whose alternative text follows the locale when it is the
/// site's name (`name = { en = "Halcyon", ar = "هالسيون" }`).
fn brand_logo(c: &portico_content::Config, locale: &str) -> portico_content::Image {
    let mut logo = c.logo.clone();
    if logo.alt == c.name {
        logo.alt = c.name_in(locale).to_string();
    }
    logo
}
