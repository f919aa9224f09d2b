//! The validated, typed site model. Nothing here is serde: these types are
//! built only by `parse`/`validate`, so holding one means it was checked.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::kinds::Kind;

/// A BCP 47 locale code as declared in site.toml (`en`, `en-GB`, `fr`).
pub type LocaleCode = String;

/// The whole site: configuration, every item in every locale, static files.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Every published item, sorted by (key, locale).
    pub items: Vec<Arc<Item>>,
    /// Files under `static/`, by path relative to it (`images/logo.svg`).
    pub static_files: BTreeMap<String, Arc<[u8]>>,
    /// Template overrides under `templates/`, by path relative to it.
    pub templates: BTreeMap<String, String>,
    /// Interface-string overrides under `i18n/`, by locale.
    pub catalogs: BTreeMap<LocaleCode, String>,
    /// The URL path of every (key, locale) that has a page, fallback included.
    pub urls: BTreeMap<(String, LocaleCode), String>,
    /// Keys of the items directly below each key (`""` for top level).
    pub children: BTreeMap<String, Vec<String>>,
    /// Where each key's items are in `items`, by locale: [`Site::get`] is
    /// called for nearly every link of every page, and a hash of the key
    /// beats a binary search comparing long shared prefixes.
    pub(crate) positions: KeyIndex<usize>,
    /// `urls` by key, then locale, for [`Site::url`] (called for every
    /// link): no key is copied to look one up.
    pub(crate) url_index: KeyIndex<Box<str>>,
}

/// Values by key, then locale (a key has a few locales at most): found by
/// hashing a borrowed key.
#[derive(Debug, Clone)]
pub(crate) struct KeyIndex<T>(HashMap<Box<str>, ByLocale<T>, rustc_hash::FxBuildHasher>);

/// One key's values, by locale.
type ByLocale<T> = Vec<(Box<str>, T)>;

impl<T> Default for KeyIndex<T> {
    fn default() -> Self {
        Self(HashMap::default())
    }
}

impl<T> KeyIndex<T> {
    pub(crate) fn get(&self, key: &str, locale: &str) -> Option<&T> {
        let (_, value) = self.0.get(key)?.iter().find(|(l, _)| &**l == locale)?;
        Some(value)
    }
}

impl<'a, T> FromIterator<(&'a str, &'a str, T)> for KeyIndex<T> {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str, T)>>(entries: I) -> Self {
        let mut index = Self::default();
        for (key, locale, value) in entries {
            index.0.entry(key.into()).or_default().push((locale.into(), value));
        }
        index
    }
}

/// The positions of `items`, which must not be reordered afterwards.
pub(crate) fn positions(items: &[Arc<Item>]) -> KeyIndex<usize> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| (item.key.as_str(), item.locale.as_str(), n))
        .collect()
}

/// The index of `urls` for [`Site::url`].
pub(crate) fn url_index(urls: &BTreeMap<(String, LocaleCode), String>) -> KeyIndex<Box<str>> {
    urls.iter()
        .map(|((key, locale), url)| (key.as_str(), locale.as_str(), url.as_str().into()))
        .collect()
}

impl Site {
    /// The item with this key in exactly this locale.
    pub fn get(&self, key: &str, locale: &str) -> Option<&Item> {
        let n = self.positions.get(key, locale)?;
        self.items.get(*n).map(|i| &**i)
    }

    /// The item with this key in `locale`, or else in the first locale of its
    /// fallback chain that has it.
    pub fn resolve(&self, key: &str, locale: &str) -> Option<&Item> {
        self.config.chain(locale).find_map(|l| self.get(key, l))
    }

    /// The URL path of `key` in `locale` (`/fr/a-propos/`), if it has a page.
    pub fn url(&self, key: &str, locale: &str) -> Option<&str> {
        self.url_index.get(key, locale).map(|url| &**url)
    }

    /// Items directly below `key`, in one locale through fallback, in list
    /// order.
    pub fn children(&self, key: &str, locale: &str) -> Vec<&Item> {
        let mut out: Vec<&Item> = self
            .children
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|k| self.resolve(k, locale))
            .collect();
        crate::sort_children(&mut out);
        out
    }

    /// Keys of every item, each once, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let mut last: Option<&str> = None;
        self.items.iter().filter_map(move |i| {
            if last == Some(i.key.as_str()) {
                None
            } else {
                last = Some(i.key.as_str());
                last
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub name: String,
    /// Absolute base URL without a trailing slash: `https://www.halcyon.example`.
    pub base_url: String,
    pub default_locale: LocaleCode,
    pub locales: Vec<Locale>,
    pub logo: Image,
    pub copyright: Localized,
    pub sign_in_url: Option<String>,
    pub menu: Vec<MenuEntry>,
    pub footer: Vec<FooterColumn>,
    pub legal: Vec<MenuEntry>,
    /// Cookie consent: the policy and the optional categories.
    pub consent: Consent,
}

/// `[consent]` in site.toml. Strictly necessary cookies need no consent
/// and are not listed as a category.
#[derive(Debug, Clone, Default)]
pub struct Consent {
    /// Changing it asks every visitor again.
    pub policy_version: String,
    /// The cookie policy page.
    pub policy: Option<Link>,
    /// The "Your Privacy Choices" page: it gets the sale/sharing opt-out.
    pub privacy_choices: Option<Link>,
    /// How long a choice holds before the banner asks again.
    pub validity_days: u32,
    pub categories: Vec<ConsentCategory>,
}

/// One optional purpose a visitor can allow.
#[derive(Debug, Clone, Default)]
pub struct ConsentCategory {
    /// `analytics`: letters, digits and `-`.
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    /// Cookies the category's scripts set (deleted on withdrawal).
    pub cookies: Vec<String>,
    pub vendors: Vec<String>,
    pub retention: Localized,
    /// Selling or sharing personal data (advertising): what a Global
    /// Privacy Control signal opts out of.
    pub sale_sharing: bool,
    /// Hosts of embeds (videos, posts) that need this category.
    pub hosts: Vec<String>,
    /// The category's scripts (paths under static/): emitted only for
    /// visitors who allow it.
    pub scripts: Vec<String>,
}

impl Consent {
    /// Default validity: about six months.
    pub const DEFAULT_VALIDITY_DAYS: u32 = 182;
}

impl Config {
    pub fn locale(&self, code: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// `locale`, then its fallbacks in order, then the default locale; each
    /// once.
    pub fn chain<'a>(&'a self, locale: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let fallbacks = self.locale(locale).map(|l| l.fallback.as_slice()).unwrap_or_default();
        let mut seen: Vec<&str> = Vec::with_capacity(fallbacks.len() + 2);
        std::iter::once(locale)
            .chain(fallbacks.iter().map(String::as_str))
            .chain(std::iter::once(self.default_locale.as_str()))
            .filter(move |l| {
                if seen.contains(l) {
                    false
                } else {
                    seen.push(l);
                    true
                }
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    pub code: LocaleCode,
    /// The locale's name in its own language: "Français (France)".
    pub name: String,
    pub dir: Direction,
    /// Locales to take a missing item from, in order (the default locale is
    /// always last).
    pub fallback: Vec<LocaleCode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// A text given once for every locale, or per locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized {
    /// `""` is the text for every locale not listed.
    pub texts: Vec<(LocaleCode, String)>,
}

impl Localized {
    /// The text for the first locale of the chain that has one.
    pub fn get<'a>(&'a self, chain: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        chain
            .into_iter()
            .chain(std::iter::once(""))
            .find_map(|l| self.texts.iter().find(|(k, _)| k == l).map(|(_, t)| t.as_str()))
    }
}

#[derive(Debug, Clone)]
pub struct MenuEntry {
    /// Explicit label; otherwise the target page's `menu_title` or title.
    pub label: Option<Localized>,
    pub target: Option<Link>,
    pub icon: Option<String>,
    pub children: Vec<MenuEntry>,
}

#[derive(Debug, Clone)]
pub struct FooterColumn {
    pub heading: Localized,
    pub links: Vec<MenuEntry>,
}

/// Where a link goes, as written in content; resolved to a URL per locale
/// at render time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// `@/about/values`: another item, in the reader's locale.
    Item(String),
    /// `/en/about/` or `/static/file.pdf`: a path of this site.
    Path(String),
    /// `https://…`, `mailto:…`: elsewhere.
    External(String),
}

impl Link {
    pub fn parse(s: &str) -> Link {
        if let Some(key) = s.strip_prefix("@/") {
            Link::Item(key.trim_end_matches('/').to_string())
        } else if s.starts_with('/') && !s.starts_with("//") {
            Link::Path(s.to_string())
        } else {
            Link::External(s.to_string())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Path inside `static/`.
    pub src: String,
    /// Empty only when `decorative`.
    pub alt: String,
    pub decorative: bool,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A published or updated moment: a day, possibly with a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub date: Date,
    pub at: Option<Timestamp>,
}

/// Markdown text and where it starts in its file, so problems found while
/// rendering it can still name a line.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub text: String,
    /// 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

/// One item in one locale.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: String,
    pub locale: LocaleCode,
    /// Path relative to the site root.
    pub source: PathBuf,
    /// The last URL segment in this locale ("" for the home page).
    pub slug: String,
    /// Whether this is a folder's `_index.md`.
    pub is_index: bool,
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub menu_title: Option<String>,
    pub date: Option<When>,
    pub updated: Option<When>,
    /// When its source last changed (the file's modification time), if
    /// known: the item's last revision where it states none (`updated`).
    pub modified: Option<Timestamp>,
    pub weight: i64,
    pub tags: Vec<String>,
    pub image: Option<Image>,
    pub aliases: Vec<String>,
    pub body: Markdown,
    pub kind: Kind,
}

impl Item {
    /// The key of the folder this item is in (`stories` for
    /// `stories/aurora`, `""` for top-level items, `None` for the home page).
    pub fn parent_key(&self) -> Option<&str> {
        if self.key.is_empty() {
            return None;
        }
        Some(self.key.rsplit_once('/').map_or("", |(p, _)| p))
    }

    /// The title menus, breadcrumbs and lists use: `menu_title` if set.
    pub fn short_title(&self) -> &str {
        self.menu_title.as_deref().unwrap_or(&self.title)
    }

    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }
}

#[derive(Debug, Clone)]
pub struct LinkLine {
    pub label: String,
    pub href: Link,
    pub description: Option<String>,
}
