//! Template contexts: the contract between the renderer and themes. The
//! theme README documents every field; keep the two in step.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use portico_content::{Block, CardSource, Image, Item, Kind, MenuEntry, Site, When};
use serde::Serialize;

use crate::Resolver;

/// Interface-string keys the renderer itself asks for (templates' keys are
/// found by scanning them); `portico check` requires them in every catalog.
pub const RENDERER_KEYS: &[&str] = &[
    "learn-more",
    "sitemap-title",
    "bad-request-title",
    "bad-request-text",
    "not-found-title",
    "not-found-text",
    "method-not-allowed-title",
    "method-not-allowed-text",
    "gone-title",
    "gone-text",
    "server-error-title",
    "server-error-text",
    "location-kind-office",
    "location-kind-lab",
    "location-kind-data-center",
    "field-starts",
    "field-ends",
    "field-venue",
    "field-speakers",
    "field-deadline",
    "field-eligibility",
    "field-team",
    "field-locations",
    "field-posted",
    "field-closes",
    "field-license",
    "field-version",
    "field-doi",
    "field-repository",
    "field-value",
    "field-source",
    "field-lead",
    "field-areas",
    "field-leads",
    "field-location",
    "field-hosts",
    "field-series",
    "field-episode",
    "field-recorded",
    "field-program-kind",
    "field-opens",
    "field-remote",
    "field-employment",
    "field-as-of",
    "field-when",
    "field-timezone",
    "field-event-kind",
    "field-attendance",
    "field-tool-kind",
    "field-released",
    "field-authors",
    "attendance-mixed",
    "attendance-online",
    "related-stories",
    "related-stories-by",
    "related-labs",
    "related-tools",
    "related-events",
    "related-people",
    "related-upcoming",
    "related-tools-mentioned",
    "related-open-jobs",
    "related-team-jobs",
    "related-jobs",
    "related-speakers",
    "related-episodes",
    "related-tools-using",
    "calendar-subscribe",
    "program-closed",
    "program-opens",
    "program-open-until",
    "program-open",
    "program-apply",
    "program-deadline",
    "remote-onsite",
    "remote-hybrid",
    "remote-remote",
    "job-closed",
    "job-open-until",
    "job-apply",
    "event-when-same-day",
    "event-when-span",
    "event-recurring",
    "event-past",
    "event-live",
    "event-upcoming",
    "event-register",
    "event-join-online",
    "event-add-to-calendar",
    "tool-kind-dataset",
    "tool-kind-model",
    "tool-kind-sdk",
    "tool-kind-api",
    "tool-kind-code",
    "tool-repository",
    "tool-version",
    "cite-bibtex",
    "cite-ris",
    "cite-csl",
    "cite-cff",
    "status-closed",
    "status-soon",
    "status-open",
    "fact-as-of",
    "fact-now",
    "chart-title",
    "chart-description",
    "chart-table",
    "chart-date",
    "filter-tag",
    "filter-kind",
    "filter-area",
    "filter-license",
    "filter-team",
    "filter-location",
    "filter-remote",
    "filter-when",
    "filter-type",
    "events-upcoming",
    "events-past",
    "programs-open",
    "programs-closed",
    "region-africa",
    "region-americas",
    "region-asia",
    "region-europe",
    "region-oceania",
    "region-other",
    "feed-all",
    "feed-tag",
    "map-title",
    "map-description",
    "list-separator",
];

/// The host of an absolute URL (`https://video.example/x` → `video.example`).
fn host_of(url: &str) -> &str {
    url.split_once("://")
        .map_or("", |(_, rest)| rest.split(['/', '?', '#', ':']).next().unwrap_or(""))
}

/// The consent category whose `hosts` include `url`'s host: embedding it
/// needs that category.
pub fn embed_category<'a>(site: &'a Site, url: &str) -> Option<&'a portico_content::ConsentCategory> {
    let host = host_of(url);
    site.config
        .consent
        .categories
        .iter()
        .find(|c| !host.is_empty() && c.hosts.iter().any(|h| h == host))
}

/// Any serializable value as a template value.
pub(crate) fn sv<T: Serialize>(x: T) -> Value {
    Value::from(minijinja::value::Serde(x))
}
use crate::i18n::Catalogs;
use crate::markdown;

#[derive(Serialize)]
struct ImageCtx {
    url: String,
    alt: String,
    decorative: bool,
    width: Option<u32>,
    height: Option<u32>,
    caption: Option<String>,
    credit: Option<String>,
}

fn image(img: &Image, r: &Resolver<'_>) -> Value {
    let size = r.assets.get(&img.src).and_then(|a| a.size);
    sv(ImageCtx {
        url: r.asset_url(&img.src),
        alt: if img.decorative { String::new() } else { img.alt.clone() },
        decorative: img.decorative,
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        caption: img.caption.clone(),
        credit: img.credit.clone(),
    })
}

#[derive(Serialize)]
struct DateCtx {
    iso: String,
    display: String,
}

fn date(w: &When, r: &Resolver<'_>) -> Value {
    sv(DateCtx {
        iso: w.date.to_string(),
        display: r.formats.date(w.date),
    })
}

#[derive(Serialize, Clone)]
struct LinkCtx {
    label: String,
    url: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    icon: Option<String>,
    current: bool,
    children: Vec<LinkCtx>,
}

fn entry(e: &MenuEntry, site: &Site, r: &Resolver<'_>, chain: &[String]) -> Option<LinkCtx> {
    let target_item = match &e.target {
        Some(portico_content::Link::Item(key)) => site.resolve(key, r.locale),
        _ => None,
    };
    let label = match &e.label {
        Some(l) => l.get(chain.iter().map(String::as_str))?.to_string(),
        None => {
            let item = target_item?;
            item.short_title().to_string()
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
    })
}

/// What every page of one locale shares: site, language, menus, footer.
pub(crate) struct Chrome {
    site: Value,
    lang: Value,
    menu: Vec<LinkCtx>,
    footer: Value,
    legal: Value,
    search_url: String,
    /// The suggestions endpoint and the suggestion list's label.
    search_suggest: Value,
    /// Consent categories and links (`consent` in templates).
    consent: Value,
    sitemap_url: String,
    default_locale: String,
    base_url: String,
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
) -> Chrome {
    let c = &site.config;
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
            name => c.name.clone(),
            logo => image(&c.logo, r),
            copyright => c.copyright.get(chain.iter().map(String::as_str)).unwrap_or_default(),
            sign_in_url => c.sign_in_url.clone(),
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
        today: crate::day(now),
        lists: site
            .children
            .keys()
            .map(|k| (k.clone(), crate::lists::dimensions(site, k, r.locale)))
            .filter(|(_, dims)| !dims.is_empty())
            .collect(),
    }
}

#[derive(Serialize)]
struct Alternate {
    code: String,
    name: String,
    url: String,
    /// The absolute URL, for hreflang.
    href: String,
    /// The link of the locale picker: the same page, and the choice is
    /// remembered (the server sets a cookie and redirects to `url`).
    switch_url: String,
    hreflang: String,
    current: bool,
    /// Whether the page has its own translation in this locale (only those
    /// are hreflang alternates; fallback pages point to their original).
    translated: bool,
}

fn alternates(site: &Site, key: Option<&str>, current: &str) -> Vec<Alternate> {
    site.config
        .locales
        .iter()
        .map(|l| {
            let url = key
                .and_then(|k| site.url(k, &l.code))
                .map_or_else(|| format!("/{}/", l.code), str::to_string);
            Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                href: crate::seo::absolute(&site.config.base_url, &url),
                switch_url: format!("{url}?locale={}", l.code),
                url,
                hreflang: l.code.clone(),
                current: l.code == current,
                translated: key.is_some_and(|k| site.get(k, &l.code).is_some()),
            }
        })
        .collect()
}

/// schema.org JSON-LD for the page, safe to print inside a script element.
fn json_ld(
    site: &Site,
    key: &str,
    locale: &str,
    r: &Resolver<'_>,
    crumbs: &[Crumb],
    typed: Option<serde_json::Value>,
) -> Option<Value> {
    let base = &site.config.base_url;
    let data = if key.is_empty() {
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": site.config.name,
            "url": crate::seo::absolute(base, &format!("/{locale}/")),
            "logo": crate::seo::absolute(base, &r.asset_url(&site.config.logo.src)),
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
                    "item": crate::seo::absolute(base, &c.url),
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
struct Crumb {
    label: String,
    url: String,
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

#[derive(Serialize)]
pub(crate) struct CardCtx {
    title: String,
    text: Option<String>,
    url: Option<String>,
    link_label: String,
    image: Option<Value>,
    summary: Option<String>,
    pub date: Option<Value>,
    kind: &'static str,
    /// Type-specific details shown under the title ("Open Data · Remote").
    pub meta: Vec<String>,
    /// A status badge: (kind, text), like ("closed", "Closed").
    pub badge: Option<(&'static str, String)>,
    /// A figure's value, shown large.
    pub value: Option<String>,
}

pub(crate) fn item_card(item: &Item, site: &Site, r: &Resolver<'_>, learn_more: &str) -> CardCtx {
    CardCtx {
        title: item.title.clone(),
        text: item.summary.clone(),
        url: site.url(&item.key, r.locale).map(str::to_string),
        link_label: learn_more.to_string(),
        image: item.image.as_ref().map(|i| image(i, r)),
        summary: item.summary.clone(),
        date: item.date.as_ref().map(|d| date(d, r)),
        kind: item.kind_name(),
        meta: Vec::new(),
        badge: None,
        value: None,
    }
}

fn blocks(item: &Item, env: &crate::types::Env<'_>) -> Vec<Value> {
    let (site, r, learn_more) = (env.site, env.r, env.learn_more);
    let is_listed = |i: &Item| crate::types::is_listed(i, env.today);
    let Kind::Page(page) = &item.kind else {
        return Vec::new();
    };
    page.blocks
        .iter()
        .map(|b| match b {
            Block::Hero { heading, text, image: img, cta } => context! {
                type => "hero",
                heading,
                text => Value::from_safe_string(text.as_deref().map(|t| markdown::inline_html(t, r)).unwrap_or_default()),
                image => img.as_ref().map(|i| image(i, r)),
                cta => cta.as_ref().map(|c| context! { label => c.label.clone(), url => r.href(&c.href) }),
            },
            Block::Text { markdown: md } => context! {
                type => "text",
                html => Value::from_safe_string(markdown::to_html(md, r)),
            },
            Block::Body => context! { type => "body" },
            Block::Cards { heading, intro, source } => {
                let cards: Vec<CardCtx> = match source {
                    CardSource::Section { key, limit } => site
                        .children(key, r.locale)
                        .into_iter()
                        .filter(|i| is_listed(i))
                        .take(*limit)
                        .map(|i| item_card(i, site, r, learn_more))
                        .collect(),
                    CardSource::Items(keys) => keys
                        .iter()
                        .filter_map(|k| site.resolve(k, r.locale))
                        .map(|i| item_card(i, site, r, learn_more))
                        .collect(),
                    CardSource::Inline(cards) => cards
                        .iter()
                        .map(|c| CardCtx {
                            title: c.title.clone(),
                            text: c.text.as_deref().map(|t| markdown::inline_html(t, r)),
                            url: c.href.as_ref().map(|h| r.href(h)),
                            link_label: c.link_label.clone().unwrap_or_else(|| learn_more.to_string()),
                            image: c.image.as_ref().map(|i| image(i, r)),
                            summary: None,
                            date: None,
                            kind: "card",
                            meta: Vec::new(),
                            badge: None,
                            value: None,
                        })
                        .collect(),
                };
                context! { type => "cards", heading, intro, cards => sv(cards) }
            }
            Block::Quote { text, attribution, role } => context! { type => "quote", text, attribution, role },
            Block::Video { title, src, url, poster, caption, transcript } => video(
                title,
                src.as_deref(),
                url.as_deref(),
                poster.as_ref(),
                caption.as_deref(),
                transcript.as_ref(),
                site,
                r,
            ),
            Block::Facts { heading, facts } => context! {
                type => "facts",
                heading,
                facts => facts.iter().map(|f| context! { value => f.value.clone(), unit => f.unit.clone(), label => f.label.clone() }).collect::<Vec<_>>(),
            },
            Block::Links { heading, links } => context! {
                type => "links",
                heading,
                links => links.iter().map(|l| context! { label => l.label.clone(), url => r.href(&l.href), description => l.description.clone() }).collect::<Vec<_>>(),
            },
            Block::Cta { heading, text, cta } => context! {
                type => "cta",
                heading,
                text,
                label => cta.label.clone(),
                url => r.href(&cta.href),
            },
            Block::Children { heading } => context! {
                type => "children",
                heading,
                children => sv(site.children(&item.key, r.locale).into_iter().filter(|i| is_listed(i)).map(|i| item_card(i, site, r, learn_more)).collect::<Vec<_>>()),
            },
        })
        .collect()
}

/// A video block's context: a file, or a player on another host (gated by
/// the consent category that declares the host).
#[allow(clippy::too_many_arguments)]
pub(crate) fn video(
    title: &str,
    src: Option<&str>,
    url: Option<&str>,
    poster: Option<&Image>,
    caption: Option<&str>,
    transcript: Option<&portico_content::Link>,
    site: &Site,
    r: &Resolver<'_>,
) -> Value {
    context! {
        type => "video",
        title,
        src => src.map(|s| r.asset_url(s)),
        url,
        poster => poster.map(|p| image(p, r)),
        caption,
        transcript_url => transcript.map(|t| r.href(t)),
        embed => url.and_then(|u| embed_category(site, u)).map(|c| {
            let chain = site.config.chain(r.locale).collect::<Vec<_>>();
            context! {
                category => c.id.clone(),
                name => c.name.get(chain.iter().copied()).unwrap_or_default(),
                vendor => c.vendors.first().cloned().unwrap_or_else(|| host_of(url.unwrap_or_default()).to_string()),
                host => host_of(url.unwrap_or_default()),
            }
        }),
    }
}

fn merge(
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
fn menu_for(chrome: &Chrome, url: &str) -> Vec<LinkCtx> {
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
    let mut menu = chrome.menu.clone();
    mark(&mut menu, url);
    menu
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

/// The template and context of one page of `item`: view `query` of its
/// list when it is a typed list (`list`), else its page `query.page`.
pub(crate) fn page(
    item: &Item,
    key: &str,
    query: &crate::lists::Query,
    list: Option<&crate::lists::List<'_>>,
    env: &crate::types::Env<'_>,
    chrome: &Chrome,
) -> Rendered {
    let (site, r) = (env.site, env.r);
    let t = |k: &str| env.tr(k);
    let learn_more = env.learn_more;
    let page_no = query.page.max(1);
    let base_url = site.url(key, r.locale).unwrap_or_default().to_string();
    let url = crate::lists::view_url(&base_url, query);
    let fallback = (item.locale != r.locale).then(|| {
        context! {
            requested => site.config.locale(r.locale).map(|l| l.name.clone()),
            shown => site.config.locale(&item.locale).map(|l| l.name.clone()),
        }
    });
    let mut pagination = None;
    let children: Vec<CardCtx> = match &item.kind {
        Kind::Page(p) if p.is_section && list.is_none() => {
            let all = site.children(key, r.locale);
            let total = all.len().div_ceil(SECTION_PAGE_SIZE).max(1);
            if total > 1 {
                pagination = Some(context! {
                    current => page_no,
                    total,
                    prev_url => (page_no > 1).then(|| page_url(&base_url, page_no - 1)),
                    next_url => (page_no < total).then(|| page_url(&base_url, page_no + 1)),
                });
            }
            all.into_iter()
                .skip((page_no - 1) * SECTION_PAGE_SIZE)
                .take(SECTION_PAGE_SIZE)
                .map(|i| item_card(i, site, r, learn_more))
                .collect()
        }
        _ => Vec::new(),
    };
    let detail = crate::types::detail(item, env);
    let typed_ld = crate::types::json_ld(item, env, &base_url);
    let list = list.map(|l| crate::lists::context(l, item, query, env));
    let mut extra = BTreeMap::new();
    let template = match &item.kind {
        Kind::Page(p) if p.is_section => "section.html",
        Kind::Page(_) => "page.html",
        Kind::Story(s) => {
            let authors: Vec<Value> = s
                .authors
                .iter()
                .filter_map(|k| site.resolve(k, r.locale))
                .map(|p| {
                    context! {
                        name => p.title.clone(),
                        url => site.url(&p.key, r.locale),
                        role => match &p.kind { Kind::Person(x) => Some(x.role.clone()), _ => None },
                        image => p.image.as_ref().map(|i| image(i, r)),
                    }
                })
                .collect();
            extra.insert("authors", Value::from(authors));
            let parent = item.parent_key().unwrap_or_default();
            if let (true, Some(list)) = (chrome.lists.contains_key(parent), site.url(parent, r.locale)) {
                let links: BTreeMap<String, String> = item
                    .tags
                    .iter()
                    .map(|tag| (tag.clone(), crate::lists::tag_url(list, tag)))
                    .collect();
                extra.insert("tag_links", sv(&links));
            }
            "story.html"
        }
        Kind::Person(p) => {
            extra.insert("role", Value::from(p.role.clone()));
            "person.html"
        }
        Kind::Location(l) => {
            extra.insert(
                "location",
                context! {
                    kind => l.kind.as_str(),
                    kind_label => t(&format!("location-kind-{}", l.kind.as_str())),
                    address => l.address.clone(),
                    city => l.city.clone(),
                    region => l.region.clone(),
                    postal_code => l.postal_code.clone(),
                    country => l.country.clone(),
                    latitude => l.latitude,
                    longitude => l.longitude,
                    timezone => l.timezone.clone(),
                    phone => l.phone.clone(),
                },
            );
            "location.html"
        }
        _ => "item.html",
    };
    let page = context! {
        kind => item.kind_name(),
        is_home => key.is_empty(),
        title => item.title.clone(),
        summary => item.summary.clone(),
        description => item.description.as_ref().or(item.summary.as_ref()),
        url => url.clone(),
        canonical => crate::seo::absolute(
            &site.config.base_url,
            &page_url(site.url(key, &item.locale).unwrap_or(&base_url), if query.is_plain() { page_no } else { 1 }),
        ),
        noindex => !query.is_plain(),
        date => item.date.as_ref().map(|d| date(d, r)),
        updated => item.updated.as_ref().map(|d| date(d, r)),
        image => item.image.as_ref().map(|i| image(i, r)),
        tags => item.tags.clone(),
        body => Value::from_safe_string(markdown::to_html(&item.body.text, r)),
        blocks => blocks(item, env),
        content_lang => item.locale.clone(),
        fallback,
        pagination,
        children => sv(children),
        detail => crate::types::to_value(&detail),
        fields => sv(&detail.fields),
        list,
        ..Value::from(extra)
    };
    let menu = menu_for(chrome, &url);
    let crumbs = breadcrumbs(site, key, r.locale);
    let page = context! { json_ld => json_ld(site, key, r.locale, r, &crumbs, typed_ld), ..page };
    Rendered {
        template,
        ctx: merge(chrome, alternates(site, Some(key), r.locale), crumbs, page, menu),
        status: if detail.gone { 410 } else { 200 },
    }
}

/// A page's template, its context and the HTTP status it answers with.
pub(crate) struct Rendered {
    pub template: &'static str,
    pub ctx: Value,
    pub status: u16,
}

/// The human sitemap: every page of the locale, grouped by top section.
pub(crate) fn sitemap(site: &Site, r: &Resolver<'_>, chrome: &Chrome, catalogs: &Catalogs, chain: &[String]) -> Value {
    let t = |k: &str| catalogs.get(chain, k, &[]).unwrap_or_else(|| k.to_string());
    let mut html = String::from("<ul class=\"sitemap\">");
    fn walk(site: &Site, r: &Resolver<'_>, today: jiff::civil::Date, key: &str, html: &mut String) {
        let children = site.children(key, r.locale);
        if children.is_empty() {
            return;
        }
        html.push_str("<ul>");
        for c in children {
            if !crate::types::is_listed(c, today) {
                continue;
            }
            if let Some(url) = site.url(&c.key, r.locale) {
                html.push_str(&format!("<li><a href=\"{}\">{}</a>", esc(url), esc(&c.title)));
                walk(site, r, today, &c.key, html);
                html.push_str("</li>");
            }
        }
        html.push_str("</ul>");
    }
    if let (Some(home), Some(url)) = (site.resolve("", r.locale), site.url("", r.locale)) {
        html.push_str(&format!("<li><a href=\"{}\">{}</a>", esc(url), esc(&home.title)));
        walk(site, r, chrome.today, "", &mut html);
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    let url = crate::seo::human_sitemap_url(r.locale);
    let title = t("sitemap-title");
    let page = context! {
        kind => "page",
        is_home => false,
        title => title.clone(),
        url => url.clone(),
        canonical => format!("{}{url}", site.config.base_url),
        body => Value::from_safe_string(html),
        blocks => Vec::<Value>::new(),
        content_lang => r.locale,
        tags => Vec::<String>::new(),
    };
    let home = site.resolve("", r.locale);
    let crumbs = vec![
        Crumb {
            label: home.map(|h| h.short_title().to_string()).unwrap_or_default(),
            url: format!("/{}/", r.locale),
        },
        Crumb {
            label: title,
            url: url.clone(),
        },
    ];
    let alts = site
        .config
        .locales
        .iter()
        .map(|l| Alternate {
            code: l.code.clone(),
            name: l.name.clone(),
            url: format!("/{}/sitemap/", l.code),
            href: crate::seo::absolute(&site.config.base_url, &format!("/{}/sitemap/", l.code)),
            switch_url: format!("/{}/sitemap/?locale={}", l.code, l.code),
            hreflang: l.code.clone(),
            current: l.code == r.locale,
            translated: true,
        })
        .collect();
    merge(chrome, alts, crumbs, page, menu_for(chrome, &url))
}

/// The search page's context in one locale, without results: what every
/// results page of the locale shares. `help` lists where to go instead when
/// nothing matches: the menu's sections and the first pages of each.
pub(crate) fn search_base(r: &Resolver<'_>, chrome: &Chrome, catalogs: &Catalogs, chain: &[String]) -> Value {
    let v = generated(
        r,
        chrome,
        catalogs,
        chain,
        "search",
        &format!("/{}/search", r.locale),
        "search-title",
    );
    let sections: Vec<&LinkCtx> = chrome.menu.iter().filter(|e| e.url.is_some()).collect();
    let start: Vec<&LinkCtx> = chrome
        .menu
        .iter()
        .filter_map(|e| e.children.iter().find(|c| c.url.is_some()))
        .take(6)
        .collect();
    context! {
        search_help => context! { sections => sv(sections), start => sv(start) },
        ..v
    }
}

/// The cookie choices page of one locale ("Manage cookies").
pub(crate) fn consent_page(r: &Resolver<'_>, chrome: &Chrome, catalogs: &Catalogs, chain: &[String]) -> Value {
    let url = crate::consent::choices_url(r.locale);
    let mut v = generated(r, chrome, catalogs, chain, "consent", &url, "consent-manage-title");
    let alts: Vec<Alternate> = r
        .site
        .config
        .locales
        .iter()
        .map(|l| {
            let url = crate::consent::choices_url(&l.code);
            Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                href: crate::seo::absolute(&r.site.config.base_url, &url),
                switch_url: format!("{url}?locale={}", l.code),
                url,
                hreflang: l.code.clone(),
                current: l.code == r.locale,
                translated: false,
            }
        })
        .collect();
    v = context! { alternates => sv(alts), ..v };
    v
}

/// A page the renderer makes itself (not from a content file): the home
/// page and the page in the breadcrumbs, noindex.
fn generated(
    r: &Resolver<'_>,
    chrome: &Chrome,
    catalogs: &Catalogs,
    chain: &[String],
    kind: &str,
    url: &str,
    title_key: &str,
) -> Value {
    let t = |k: &str| catalogs.get(chain, k, &[]).unwrap_or_else(|| k.to_string());
    let page = context! {
        kind,
        is_home => false,
        title => t(title_key),
        url => url,
        canonical => crate::seo::absolute(&chrome.base_url, url),
        body => Value::from_safe_string(String::new()),
        blocks => Vec::<Value>::new(),
        content_lang => r.locale,
        tags => Vec::<String>::new(),
    };
    let mut crumbs: Vec<Crumb> = r
        .site
        .resolve("", r.locale)
        .zip(r.site.url("", r.locale))
        .map(|(home, home_url)| Crumb {
            label: home.short_title().to_string(),
            url: home_url.to_string(),
        })
        .into_iter()
        .collect();
    crumbs.push(Crumb {
        label: t(title_key),
        url: url.to_string(),
    });
    merge(chrome, Vec::new(), crumbs, page, chrome.menu.clone())
}

pub(crate) fn error(r: &Resolver<'_>, chrome: &Chrome, catalogs: &Catalogs, chain: &[String], status: u16) -> Value {
    let t = |k: &str| catalogs.get(chain, k, &[]).unwrap_or_else(|| k.to_string());
    let (title, text) = match status {
        400 => (t("bad-request-title"), t("bad-request-text")),
        404 => (t("not-found-title"), t("not-found-text")),
        405 => (t("method-not-allowed-title"), t("method-not-allowed-text")),
        403 => (t("forbidden-title"), t("forbidden-text")),
        410 => (t("gone-title"), t("gone-text")),
        413 => (t("too-large-title"), t("too-large-text")),
        415 => (t("unsupported-type-title"), t("unsupported-type-text")),
        429 => (t("too-many-title"), t("too-many-text")),
        503 => (t("unavailable-title"), t("unavailable-text")),
        _ => (t("server-error-title"), t("server-error-text")),
    };
    let page = context! {
        kind => "error",
        is_home => false,
        title => title,
        summary => text,
        url => format!("/{}/", r.locale),
        canonical => Value::UNDEFINED,
        body => Value::from_safe_string(String::new()),
        blocks => Vec::<Value>::new(),
        content_lang => r.locale,
        tags => Vec::<String>::new(),
    };
    let mut v = merge(
        chrome,
        alternates(r.site, None, r.locale),
        Vec::new(),
        page,
        chrome.menu.clone(),
    );
    v = context! { status, ..v };
    v
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
