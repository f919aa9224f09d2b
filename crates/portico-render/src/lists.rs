//! List pages of typed sections: filters that are plain links and combine
//! (`?kind=dataset&area=flood-forecasting`), groups (upcoming and past
//! events, locations by region), feeds, the locations map.
//!
//! Every filter combination that has results is rendered ahead like any
//! other page, at `{list}?{canonical query}`; the server puts a request's
//! query in canonical order ([`canonical_query`]) to find it. Any other
//! combination is answered by the list's "nothing matches" page
//! (`{list}?none`), which offers the filters again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minijinja::Value;
use portico_content::{Item, Kind, Site};
use serde::Serialize;

use crate::context::{SECTION_PAGE_SIZE, page_url, sv};
use crate::types::{self, Env};

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

    fn selected(&self, dim: &str) -> Option<&str> {
        self.filters.iter().find(|(d, _)| *d == dim).map(|(_, v)| v.as_str())
    }
}

/// The parameter that carries the page number of a filtered list.
pub const PAGE_PARAM: &str = "page";
/// The query of a list's "nothing matches" page.
pub const NONE_QUERY: &str = "none";

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, crate::search::QUERY_VALUE).to_string()
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

/// One value of a dimension: its URL form and its label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Val {
    id: String,
    label: String,
}

/// What kind of list a section is, from the type of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Stories,
    Tools,
    Jobs,
    Events,
    Programs,
    Locations,
    Facts,
}

fn list_kind(site: &Site, key: &str, locale: &str) -> Option<ListKind> {
    let children = site.children(key, locale);
    let first = children.first()?;
    let kind = match first.kind {
        Kind::Story(_) => ListKind::Stories,
        Kind::Tool(_) => ListKind::Tools,
        Kind::Job(_) => ListKind::Jobs,
        Kind::Event(_) => ListKind::Events,
        Kind::Program(_) => ListKind::Programs,
        Kind::Location(_) => ListKind::Locations,
        Kind::Fact(_) => ListKind::Facts,
        _ => return None,
    };
    children
        .iter()
        .all(|c| std::mem::discriminant(&c.kind) == std::mem::discriminant(&first.kind))
        .then_some(kind)
}

impl ListKind {
    fn dims(self) -> &'static [&'static str] {
        match self {
            ListKind::Stories => &["tag"],
            ListKind::Tools => &["kind", "area", "license"],
            ListKind::Jobs => &["team", "location", "remote"],
            ListKind::Events => &["when", "type"],
            _ => &[],
        }
    }
}

/// The dimensions a section's list filters by (none: not a filtered list).
pub fn dimensions(site: &Site, key: &str, locale: &str) -> Vec<String> {
    list_kind(site, key, locale)
        .map(|k| k.dims().iter().map(|d| (*d).to_string()).collect())
        .unwrap_or_default()
}

fn slug(s: &str) -> String {
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

fn last_segment(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// The values of `dim` an item has (several for multi-valued fields).
fn values(item: &Item, dim: &str, env: &Env<'_>) -> Vec<Val> {
    let title = |k: &str| {
        env.site
            .resolve(k, env.r.locale)
            .map_or_else(|| k.to_string(), |i| i.short_title().to_string())
    };
    let t = |k: &str| (env.t)(k, &[]);
    match (&item.kind, dim) {
        (Kind::Story(_), "tag") => item
            .tags
            .iter()
            .map(|x| Val {
                id: x.clone(),
                label: x.clone(),
            })
            .collect(),
        (Kind::Tool(x), "kind") => {
            let id = types::tool_kind_id(x.tool_kind);
            vec![Val {
                id: id.to_string(),
                label: t(&format!("tool-kind-{id}")),
            }]
        }
        (Kind::Tool(x), "area") => x
            .areas
            .iter()
            .map(|a| Val {
                id: last_segment(a).to_string(),
                label: title(a),
            })
            .collect(),
        (Kind::Tool(x), "license") => vec![Val {
            id: x.license.clone(),
            label: x.license.clone(),
        }],
        (Kind::Job(j), "team") => vec![Val {
            id: slug(&j.team),
            label: j.team.clone(),
        }],
        (Kind::Job(j), "location") => j
            .locations
            .iter()
            .map(|l| Val {
                id: last_segment(l).to_string(),
                label: title(l),
            })
            .collect(),
        (Kind::Job(j), "remote") => {
            let id = types::remote_id(j.remote);
            vec![Val {
                id: id.to_string(),
                label: t(&format!("remote-{id}")),
            }]
        }
        (Kind::Event(e), "when") => {
            let id = if types::event_phase(e, env.now) == "past" {
                "past"
            } else {
                "upcoming"
            };
            vec![Val {
                id: id.to_string(),
                label: t(&format!("events-{id}")),
            }]
        }
        (Kind::Event(e), "type") => vec![Val {
            id: slug(&e.event_kind),
            label: e.event_kind.clone(),
        }],
        _ => Vec::new(),
    }
}

/// The items a list shows (a job list: open jobs only; closed ones answer
/// 410), in list order.
fn members<'a>(site: &'a Site, key: &str, kind: ListKind, env: &Env<'_>) -> Vec<&'a Item> {
    let children = site.children(key, env.r.locale);
    match kind {
        ListKind::Jobs => children
            .into_iter()
            .filter(|i| matches!(&i.kind, Kind::Job(j) if !j.is_closed(env.today)))
            .collect(),
        ListKind::Stories => {
            let mut v = children;
            v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
            v
        }
        ListKind::Events => {
            let keys: Vec<&String> = children.iter().map(|i| &i.key).collect();
            types::events_in_order(site, env.r.locale, keys, env.now)
                .into_iter()
                .filter_map(|k| site.resolve(k, env.r.locale))
                .collect()
        }
        _ => children,
    }
}

/// Every filter combination with results: selection → matching items (in
/// list order).
type Combos<'a> = HashMap<Vec<Option<String>>, Vec<&'a Item>>;

fn combos<'a>(items: &[&'a Item], dims: &[&str], env: &Env<'_>) -> (Combos<'a>, Vec<BTreeSet<Val>>) {
    let mut out: Combos<'a> = HashMap::new();
    let mut all: Vec<BTreeSet<Val>> = vec![BTreeSet::new(); dims.len()];
    for item in items {
        let per_dim: Vec<Vec<Val>> = dims.iter().map(|d| values(item, d, env)).collect();
        for (i, vals) in per_dim.iter().enumerate() {
            all[i].extend(vals.iter().cloned());
        }
        // Every selection this item matches: each dimension unset or one
        // of its values.
        let mut selections: Vec<Vec<Option<String>>> = vec![Vec::new()];
        for vals in &per_dim {
            let mut next = Vec::new();
            for s in &selections {
                let mut unset = s.clone();
                unset.push(None);
                next.push(unset);
                let mut ids: Vec<&String> = vals.iter().map(|v| &v.id).collect();
                ids.dedup();
                for id in ids {
                    let mut set = s.clone();
                    set.push(Some(id.clone()));
                    next.push(set);
                }
            }
            selections = next;
        }
        for s in selections {
            out.entry(s).or_default().push(item);
        }
    }
    (out, all)
}

fn selection(q: &Query, dims: &[&str]) -> Vec<Option<String>> {
    dims.iter().map(|d| q.selected(d).map(str::to_string)).collect()
}

fn query_of(sel: &[Option<String>], dims: &[&'static str], page: usize) -> Query {
    Query {
        filters: dims
            .iter()
            .zip(sel)
            .filter_map(|(d, v)| v.as_ref().map(|v| (*d, v.clone())))
            .collect(),
        page,
        none: false,
    }
}

/// A section's list, worked out once per locale and shared by every view
/// rendered from it: its items, and every filter combination with results.
pub(crate) struct List<'a> {
    kind: ListKind,
    base: String,
    items: Vec<&'a Item>,
    combos: Combos<'a>,
    /// Every value of each dimension, sorted.
    values: Vec<BTreeSet<Val>>,
    /// The map of every item (locations), drawn for the first view that
    /// shows it and shared by the others.
    map: std::sync::OnceLock<String>,
}

impl<'a> List<'a> {
    /// The list of section `key`, if it is a typed list.
    pub(crate) fn new(site: &'a Site, key: &str, env: &Env<'_>) -> Option<List<'a>> {
        let kind = list_kind(site, key, env.r.locale)?;
        let base = site.url(key, env.r.locale)?.to_string();
        let items = members(site, key, kind, env);
        let (combos, values) = combos(&items, kind.dims(), env);
        Some(List {
            kind,
            base,
            items,
            combos,
            values,
            map: std::sync::OnceLock::new(),
        })
    }

    /// Every view to render: the plain list's pages, every filter
    /// combination with results (and its pages), and the "nothing matches"
    /// page.
    pub(crate) fn views(&self) -> Vec<Query> {
        let dims = self.kind.dims();
        let pages = |n: usize| n.div_ceil(SECTION_PAGE_SIZE).max(1);
        let mut out: Vec<Query> = (1..=pages(self.items.len()))
            .map(|page| Query {
                page,
                ..Query::default()
            })
            .collect();
        if dims.is_empty() {
            return out;
        }
        let mut filtered: Vec<(&Vec<Option<String>>, usize)> = self
            .combos
            .iter()
            .filter(|(sel, _)| sel.iter().any(Option::is_some))
            .map(|(sel, v)| (sel, v.len()))
            .collect();
        filtered.sort();
        for (sel, n) in filtered {
            for page in 1..=pages(n) {
                out.push(query_of(sel, dims, page));
            }
        }
        out.push(Query {
            none: true,
            page: 1,
            ..Query::default()
        });
        out
    }
}

#[derive(Serialize)]
struct Option_ {
    label: String,
    count: usize,
    /// None when choosing it would show nothing.
    url: Option<String>,
    selected: bool,
}

#[derive(Serialize)]
struct Filter {
    id: &'static str,
    label: String,
    all_url: String,
    any_selected: bool,
    options: Vec<Option_>,
}

#[derive(Serialize)]
struct Active {
    dim: String,
    label: String,
    remove_url: String,
}

#[derive(Serialize)]
struct Group {
    id: String,
    heading: Option<String>,
    cards: Vec<crate::context::CardCtx>,
}

#[derive(Serialize)]
struct Feed {
    label: String,
    url: String,
    media_type: &'static str,
}

/// The list part of a section page's context (`page.list`) for view `q`.
pub(crate) fn context(list: &List<'_>, item: &Item, q: &Query, env: &Env<'_>) -> Value {
    let List {
        kind,
        base,
        items,
        combos,
        values: all_values,
        map: shared_map,
    } = list;
    let (kind, base) = (*kind, base.as_str());
    let t = |k: &str| (env.t)(k, &[]);
    let dims = kind.dims();
    let sel = selection(q, dims);
    let shown: Vec<&Item> = if q.none {
        Vec::new()
    } else if q.filters.is_empty() {
        items.clone()
    } else {
        combos.get(&sel).cloned().unwrap_or_default()
    };
    let count = |s: &[Option<String>]| -> usize {
        if s.iter().all(Option::is_none) {
            items.len()
        } else {
            combos.get(s).map_or(0, Vec::len)
        }
    };
    let url_of = |s: &[Option<String>]| view_url(base, &query_of(s, dims, 1));
    let filters: Vec<Filter> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut unset = sel.clone();
            unset[i] = None;
            let options = all_values[i]
                .iter()
                .map(|v| {
                    let mut s = sel.clone();
                    s[i] = Some(v.id.clone());
                    let n = count(&s);
                    Option_ {
                        label: v.label.clone(),
                        count: n,
                        url: (n > 0).then(|| url_of(&s)),
                        selected: sel[i].as_deref() == Some(v.id.as_str()),
                    }
                })
                .collect::<Vec<_>>();
            let mut options = options;
            options.sort_by_key(|o| o.label.to_lowercase());
            Filter {
                id: d,
                label: t(&format!("filter-{d}")),
                all_url: url_of(&unset),
                any_selected: sel[i].is_some(),
                options,
            }
        })
        .collect();
    let active: Vec<Active> = dims
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let id = sel[i].as_ref()?;
            let label = all_values[i]
                .iter()
                .find(|v| &v.id == id)
                .map_or_else(|| id.clone(), |v| v.label.clone());
            let mut unset = sel.clone();
            unset[i] = None;
            Some(Active {
                dim: t(&format!("filter-{d}")),
                label,
                remove_url: url_of(&unset),
            })
        })
        .collect();
    // The page of results.
    let total_pages = shown.len().div_ceil(SECTION_PAGE_SIZE).max(1);
    let page_no = q.page.clamp(1, total_pages);
    let page_items: Vec<&Item> = shown
        .iter()
        .skip((page_no - 1) * SECTION_PAGE_SIZE)
        .take(SECTION_PAGE_SIZE)
        .copied()
        .collect();
    let pagination = (total_pages > 1).then(|| {
        let at = |n: usize| view_url(base, &Query { page: n, ..q.clone() });
        minijinja::context! {
            current => page_no,
            total => total_pages,
            prev_url => (page_no > 1).then(|| at(page_no - 1)),
            next_url => (page_no < total_pages).then(|| at(page_no + 1)),
        }
    });
    let card = |i: &Item| types::card(i, env);
    let mut groups: Vec<Group> = Vec::new();
    let mut map = None;
    match kind {
        ListKind::Events if sel[0].is_none() => {
            let (past, upcoming): (Vec<&Item>, Vec<&Item>) = page_items
                .iter()
                .partition(|i| matches!(&i.kind, Kind::Event(e) if types::event_phase(e, env.now) == "past"));
            for (id, v) in [("upcoming", upcoming), ("past", past)] {
                if !v.is_empty() {
                    groups.push(Group {
                        id: id.to_string(),
                        heading: Some(t(&format!("events-{id}"))),
                        cards: v.into_iter().map(card).collect(),
                    });
                }
            }
        }
        ListKind::Programs => {
            let (closed, open): (Vec<&Item>, Vec<&Item>) = page_items
                .iter()
                .partition(|i| matches!(&i.kind, Kind::Program(p) if types::program_phase(p, env.today) == "closed"));
            for (id, v) in [("open", open), ("closed", closed)] {
                if !v.is_empty() {
                    groups.push(Group {
                        id: id.to_string(),
                        heading: Some(t(&format!("programs-{id}"))),
                        cards: v.into_iter().map(card).collect(),
                    });
                }
            }
        }
        ListKind::Locations => {
            let mut by_region: BTreeMap<&'static str, Vec<&Item>> = BTreeMap::new();
            for i in &page_items {
                if let Kind::Location(l) = &i.kind {
                    let region = portico_graphics::map::region_of(&l.country).map_or("other", |r| r.id());
                    by_region.entry(region).or_default().push(i);
                }
            }
            for (id, v) in by_region {
                groups.push(Group {
                    id: id.to_string(),
                    heading: Some(t(&format!("region-{id}"))),
                    cards: v.into_iter().map(card).collect(),
                });
            }
            map = Some(
                shared_map
                    .get_or_init(|| crate::charts::locations_map(items, env))
                    .clone(),
            );
        }
        _ => groups.push(Group {
            id: "all".to_string(),
            heading: None,
            cards: page_items.iter().map(|i| card(i)).collect(),
        }),
    }
    let mut feeds = Vec::new();
    if kind == ListKind::Stories {
        feeds.push(Feed {
            label: (env.t)("feed-all", &[("title", item.short_title().to_string())]),
            url: types::beside(base, types::FEED_XML),
            media_type: "application/atom+xml",
        });
        if let Some(tag) = &sel[0] {
            feeds.push(Feed {
                label: (env.t)("feed-tag", &[("tag", tag.clone())]),
                url: tag_feed_url(base, tag),
                media_type: "application/atom+xml",
            });
        }
    }
    if kind == ListKind::Events {
        feeds.push(Feed {
            label: t("calendar-subscribe"),
            url: types::beside(base, types::CALENDAR_ICS),
            media_type: "text/calendar",
        });
    }
    minijinja::context! {
        kind => format!("{kind:?}").to_lowercase(),
        filters => sv(filters),
        active => sv(active),
        clear_url => base,
        filtered => !q.filters.is_empty() || q.none,
        empty => shown.is_empty(),
        total => shown.len(),
        groups => sv(groups),
        pagination,
        feeds => sv(feeds),
        map => map.map(Value::from_safe_string),
    }
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
