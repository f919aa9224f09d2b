//! List pages of typed sections (every item of one type): filters that
//! are plain links and combine (`?kind=dataset&area=flood-forecasting`),
//! groups (upcoming and past events, locations by region), feeds, the
//! locations map. What each type filters by and how it groups is its own
//! ([`crate::kinds::TypeView`]); this module does the rest.
//!
//! Every filter combination that has results is rendered ahead like any
//! other page, at `{list}?{canonical query}`; the server puts a request's
//! query in canonical order ([`crate::canonical_query`]) to find it. Any
//! other combination is answered by the list's "nothing matches" page
//! (`{list}?none`), which offers the filters again.

use std::collections::{BTreeSet, HashMap};

use minijinja::Value;
use portico_content::{Item, Site};
use serde::Serialize;

use crate::env::Env;
use crate::kinds::{self, TypeView};
use crate::urls::{Query, SECTION_PAGE_SIZE, view_url};
use crate::view::{Group, Val, sv};

/// The type of a section's items, when it is a typed list (every item of
/// one type that has lists).
fn list_type<'a>(site: &'a Site, key: &str, locale: &str) -> Option<&'a dyn TypeView> {
    let children = site.children(key, locale);
    let first = children.first()?;
    let view = kinds::view(&first.kind);
    view.list_name()?;
    children
        .iter()
        .all(|c| std::mem::discriminant(&c.kind) == std::mem::discriminant(&first.kind))
        .then_some(view)
}

/// The dimensions a section's list filters by (none: not a filtered list).
pub fn dimensions(site: &Site, key: &str, locale: &str) -> Vec<String> {
    list_type(site, key, locale)
        .map(|v| v.list_dims().iter().map(|d| (*d).to_string()).collect())
        .unwrap_or_default()
}

/// Every filter combination with results: selection → matching items (in
/// list order).
type Combos<'a> = HashMap<Vec<Option<String>>, Vec<&'a Item>>;

fn combos<'a>(items: &[&'a Item], dims: &[&str], env: &Env<'_>) -> (Combos<'a>, Vec<BTreeSet<Val>>) {
    let mut out: Combos<'a> = HashMap::new();
    let mut all: Vec<BTreeSet<Val>> = vec![BTreeSet::new(); dims.len()];
    for item in items {
        let view = kinds::view(&item.kind);
        let per_dim: Vec<Vec<Val>> = dims.iter().map(|d| view.filter_values(item, d, env)).collect();
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
    view: &'a dyn TypeView,
    /// What templates call the list ("events").
    name: &'static str,
    dims: &'static [&'static str],
    base: String,
    items: Vec<&'a Item>,
    combos: Combos<'a>,
    /// Every value of each dimension, sorted.
    values: Vec<BTreeSet<Val>>,
    /// A drawing of every item (the locations map), made for the first
    /// view that shows it and shared by the others.
    map: std::sync::OnceLock<Option<String>>,
}

impl<'a> List<'a> {
    /// The list of section `key`, if it is a typed list.
    pub(crate) fn new(site: &'a Site, key: &str, env: &Env<'_>) -> Option<List<'a>> {
        let view = list_type(site, key, env.r.locale)?;
        let base = site.url(key, env.r.locale)?.to_string();
        let mut items: Vec<&Item> = site
            .children(key, env.r.locale)
            .into_iter()
            .filter(|i| kinds::is_listed(i, env.today))
            .collect();
        view.order(&mut items, env);
        let dims = view.list_dims();
        let (combos, values) = combos(&items, dims, env);
        Some(List {
            view,
            name: view.list_name()?,
            dims,
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
        let dims = self.dims;
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

/// The list part of a section page's context (`page.list`) for view `q`.
pub(crate) fn context(list: &List<'_>, item: &Item, q: &Query, env: &Env<'_>) -> Value {
    let t = |k: &str| env.tr(k);
    let dims = list.dims;
    let sel = selection(q, dims);
    let shown: Vec<&Item> = if q.none {
        Vec::new()
    } else if q.filters.is_empty() {
        list.items.clone()
    } else {
        list.combos.get(&sel).cloned().unwrap_or_default()
    };
    let filters = filters(list, &sel, env);
    let active: Vec<Active> = dims
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let id = sel[i].as_ref()?;
            let label = list.values[i]
                .iter()
                .find(|v| &v.id == id)
                .map_or_else(|| id.clone(), |v| v.label.clone());
            let mut unset = sel.clone();
            unset[i] = None;
            Some(Active {
                dim: t(&format!("filter-{d}")),
                label,
                remove_url: view_url(&list.base, &query_of(&unset, dims, 1)),
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
        let at = |n: usize| view_url(&list.base, &Query { page: n, ..q.clone() });
        minijinja::context! {
            current => page_no,
            total => total_pages,
            prev_url => (page_no > 1).then(|| at(page_no - 1)),
            next_url => (page_no < total_pages).then(|| at(page_no + 1)),
        }
    });
    let groups = list.view.groups(&page_items, &sel, env).unwrap_or_else(|| {
        vec![Group {
            id: "all".to_string(),
            heading: None,
            cards: page_items.iter().map(|i| kinds::card(i, env)).collect(),
        }]
    });
    let map = list.map.get_or_init(|| list.view.list_map(&list.items, env)).clone();
    let feeds = list.view.feeds(item, &list.base, &sel, env);
    minijinja::context! {
        kind => list.name,
        filters => sv(filters),
        active => sv(active),
        clear_url => list.base.clone(),
        filtered => !q.filters.is_empty() || q.none,
        empty => shown.is_empty(),
        total => shown.len(),
        groups => sv(groups),
        pagination,
        feeds => sv(feeds),
        map => map.map(Value::from_safe_string),
    }
}

/// The filters of a list view: each dimension's values, with how many
/// items each would show and the view that shows them.
fn filters(list: &List<'_>, sel: &[Option<String>], env: &Env<'_>) -> Vec<Filter> {
    let dims = list.dims;
    let count = |s: &[Option<String>]| -> usize {
        if s.iter().all(Option::is_none) {
            list.items.len()
        } else {
            list.combos.get(s).map_or(0, Vec::len)
        }
    };
    let url_of = |s: &[Option<String>]| view_url(&list.base, &query_of(s, dims, 1));
    dims.iter()
        .enumerate()
        .map(|(i, d)| {
            let mut unset = sel.to_vec();
            unset[i] = None;
            let mut options = list.values[i]
                .iter()
                .map(|v| {
                    let mut s = sel.to_vec();
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
            options.sort_by_key(|o| o.label.to_lowercase());
            Filter {
                id: d,
                label: env.tr(&format!("filter-{d}")),
                all_url: url_of(&unset),
                any_selected: sel[i].is_some(),
                options,
            }
        })
        .collect()
}
