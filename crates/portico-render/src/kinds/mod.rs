//! What each content type adds to the pages that show it, one module per
//! type, each implementing [`TypeView`]: the relations its items start,
//! what its cards say, its detail page (key facts, status, actions,
//! related items), its schema.org node, its page's template, the files
//! beside its page, how search weighs it, and how a list of its items is
//! filtered, ordered and grouped. [`view`] is the one place that chooses a
//! type's view; everything else asks it.

mod area;
mod episode;
pub(crate) mod event;
mod fact;
mod job;
mod lab;
mod location;
pub(crate) mod page;
mod person;
mod program;
mod series;
mod story;
mod tool;

use std::collections::BTreeMap;

use jiff::civil::Date;
use minijinja::Value;
use portico_content::{Item, Kind, Site};

use crate::GeneratedFile;
use crate::env::Env;
use crate::relations::Relations;
use crate::view::{CardCtx, Detail, Feed, Group, Val, item_card};

/// Extra values a type's page template gets (`authors` on a story).
pub(crate) type Extra = BTreeMap<&'static str, Value>;

/// The typed lists of a site: section key → its filter parameters.
pub(crate) type Lists = BTreeMap<String, Vec<String>>;

/// What a content type adds. Every method has a default: a type
/// implements what it adds.
pub(crate) trait TypeView {
    /// Adds the relations this item starts (a story's authors).
    fn relate(&self, _item: &Item, _rel: &mut Relations) {}

    /// What a card of the item says at a glance besides its title and
    /// summary: meta lines, a status badge, a figure.
    fn card(&self, _item: &Item, _env: &Env<'_>, _c: &mut CardCtx) {}

    /// What its detail page adds: key facts, status, actions, related items.
    fn detail(&self, _item: &Item, _env: &Env<'_>, _d: &mut Detail) {}

    /// Its schema.org node.
    fn json_ld(&self, _item: &Item, _ld: &Ld<'_>) -> Option<serde_json::Value> {
        None
    }

    /// The template of its page.
    fn template(&self) -> &'static str {
        "item.html"
    }

    /// Values its page template gets besides the common ones.
    fn page_extra(&self, _item: &Item, _env: &Env<'_>, _lists: &Lists, _extra: &mut Extra) {}

    /// Files generated beside its page at `url`.
    fn files(&self, _item: &Item, _url: &str, _env: &Env<'_>, _out: &mut Vec<GeneratedFile>) {}

    /// Whether lists, sitemaps and cards show it on `today` (a closed job
    /// answers 410 instead).
    fn listed(&self, _today: Date) -> bool {
        true
    }

    /// The research areas it belongs to (the search facet), given its key.
    fn search_areas(&self, _key: &str) -> Vec<String> {
        Vec::new()
    }

    /// How much its relevance counts in search (1: as much as any page).
    fn search_rank(&self, _today: Date) -> f32 {
        1.0
    }

    /// Text of its own to index besides the body (a page's blocks).
    fn search_text(&self, _headings: &mut Vec<String>, _body: &mut String) {}

    /// A section whose items are all of this type is a typed list, known
    /// in templates by this name ("events").
    fn list_name(&self) -> Option<&'static str> {
        None
    }

    /// The dimensions a typed list of the type filters by.
    fn list_dims(&self) -> &'static [&'static str] {
        &[]
    }

    /// The values of dimension `dim` an item has.
    fn filter_values(&self, _item: &Item, _dim: &str, _env: &Env<'_>) -> Vec<Val> {
        Vec::new()
    }

    /// Puts a list's items in the type's order (stories newest first).
    fn order(&self, _items: &mut Vec<&Item>, _env: &Env<'_>) {}

    /// A list page's groups, for the items of one page of it and the
    /// selection shown; `None`: one group of every card.
    fn groups(&self, _items: &[&Item], _selection: &[Option<String>], _env: &Env<'_>) -> Option<Vec<Group>> {
        None
    }

    /// A drawing of the whole list (the locations map).
    fn list_map(&self, _items: &[&Item], _env: &Env<'_>) -> Option<String> {
        None
    }

    /// The feeds a list page offers, for the section `list` at `base` and
    /// the selection shown.
    fn feeds(&self, _list: &Item, _base: &str, _selection: &[Option<String>], _env: &Env<'_>) -> Vec<Feed> {
        Vec::new()
    }

    /// Files generated for a list of the type (feeds, a calendar), beside
    /// the list's page at `url`.
    fn list_files(&self, _list: &Item, _url: &str, _items: &[&Item], _env: &Env<'_>) -> Vec<GeneratedFile> {
        Vec::new()
    }
}

/// The view of `kind`'s type.
pub(crate) fn view(kind: &Kind) -> &dyn TypeView {
    match kind {
        Kind::Page(x) => x,
        Kind::Story(x) => x,
        Kind::Person(x) => x,
        Kind::Location(x) => x,
        Kind::Lab(x) => x,
        Kind::Area(x) => x,
        Kind::Event(x) => x,
        Kind::Series(x) => x,
        Kind::Episode(x) => x,
        Kind::Program(x) => x,
        Kind::Job(x) => x,
        Kind::Tool(x) => x,
        Kind::Fact(x) => x,
    }
}

/// Every relation between the items of `site`.
pub(crate) fn relations(site: &Site) -> Relations {
    Relations::gather(site, &|item: &Item, rel: &mut Relations| {
        view(&item.kind).relate(item, rel);
    })
}

impl Env<'_> {
    /// Cards of `keys` that have a page, in the given order.
    pub fn cards<'k>(&self, keys: impl IntoIterator<Item = &'k String>) -> Vec<CardCtx> {
        keys.into_iter()
            .filter_map(|k| self.site.resolve(k, self.r.locale))
            .map(|i| card(i, self))
            .collect()
    }
}

/// A card for `item` with what its type says at a glance.
pub(crate) fn card(item: &Item, env: &Env<'_>) -> CardCtx {
    let mut c = item_card(item, env.site, env.r, env.learn_more);
    view(&item.kind).card(item, env, &mut c);
    c
}

/// The detail of `item` (in the resolver's locale).
pub(crate) fn detail(item: &Item, env: &Env<'_>) -> Detail {
    let mut d = Detail::default();
    view(&item.kind).detail(item, env, &mut d);
    d
}

/// Whether lists, sitemaps and cards show `item` on `today`.
pub(crate) fn is_listed(item: &Item, today: Date) -> bool {
    view(&item.kind).listed(today)
}

/// Whether the item `key` is there in `locale` and listed on `today`.
pub(crate) fn listed_key(site: &Site, locale: &str, key: &str, today: Date) -> bool {
    site.resolve(key, locale).is_some_and(|i| is_listed(i, today))
}

/// What every schema.org node is made of: the page's address, the
/// organization, the item's picture and description, and people and
/// places by key.
pub(crate) struct Ld<'a> {
    pub env: &'a Env<'a>,
    pub url: String,
    pub org: serde_json::Value,
    pub image: Option<String>,
    pub description: Option<String>,
}

impl Ld<'_> {
    pub fn absolute(&self, path: &str) -> String {
        crate::urls::absolute(&self.env.site.config().base_url, path)
    }

    /// The people of `keys`, as schema.org persons.
    pub fn people(&self, keys: &[String]) -> Vec<serde_json::Value> {
        let (site, locale) = (self.env.site, self.env.r.locale);
        keys.iter()
            .filter_map(|k| {
                let p = site.resolve(k, locale)?;
                Some(serde_json::json!({
                    "@type": "Person",
                    "name": p.title,
                    "url": site.url(k, locale).map(|u| self.absolute(u)),
                }))
            })
            .collect()
    }

    /// The location `key`, as a schema.org place.
    pub fn place(&self, key: &str) -> Option<serde_json::Value> {
        let item = self.env.site.resolve(key, self.env.r.locale)?;
        let Kind::Location(l) = &item.kind else { return None };
        Some(location::place_json(item, l))
    }
}

/// schema.org data for the item's type, if it has one.
pub(crate) fn json_ld(item: &Item, env: &Env<'_>, page_url: &str) -> Option<serde_json::Value> {
    let base = &env.site.config().base_url;
    let abs = |u: &str| crate::urls::absolute(base, u);
    let ld = Ld {
        env,
        url: abs(page_url),
        org: serde_json::json!({
            "@type": "Organization",
            "name": env.site.config().name_in(env.r.locale),
            "url": abs(&format!("/{}/", env.r.locale)),
        }),
        image: item.image.as_ref().map(|i| abs(&env.r.asset_url(&i.src))),
        description: item.summary.clone().or_else(|| item.description.clone()),
    };
    view(&item.kind).json_ld(item, &ld).map(strip_nulls)
}

/// Drops null members and empty arrays, recursively.
fn strip_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null() && !matches!(v, serde_json::Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// The last segment of a key (`research/areas/climate` → `climate`).
pub(crate) fn last_segment(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// Items of a list page grouped as `(id, heading key, items)`, empty
/// groups left out: what phase-grouped lists share.
fn phase_groups(env: &Env<'_>, parts: Vec<(&str, String, Vec<&Item>)>) -> Vec<Group> {
    parts
        .into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(id, heading, v)| Group {
            id: id.to_string(),
            heading: Some(heading),
            cards: v.into_iter().map(|i| card(i, env)).collect(),
        })
        .collect()
}
