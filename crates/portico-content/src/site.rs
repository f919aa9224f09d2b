//! The validated site: its items, indexed by key and locale, and what each
//! item is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use crate::kinds::Kind;
use crate::model::{Config, Image, LocaleCode, Markdown, When};

/// The large parts that an edit of one item leaves as they are (the
/// tables of keys and URLs, static files, templates) are shared between
/// the site and the next one made from it ([`crate::reload_files`], a
/// draft's check): cloning a `Site` copies the list of items' handles
/// and the settings, not the tables.
#[derive(Debug, Clone)]
pub struct Site {
    pub(crate) config: Config,
    /// Every published item, sorted by (key, locale).
    pub(crate) items: Vec<Arc<Item>>,
    /// Files under `static/`, by path relative to it (`images/logo.svg`).
    pub(crate) static_files: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// Template overrides under `templates/`, by path relative to it.
    pub(crate) templates: Arc<BTreeMap<String, String>>,
    /// Interface-string overrides under `i18n/`, by locale.
    pub(crate) catalogs: Arc<BTreeMap<LocaleCode, String>>,
    /// The URL path of every (key, locale) that has a page, fallback included.
    pub(crate) urls: Arc<BTreeMap<(String, LocaleCode), String>>,
    /// Every URL path of `urls`, to check a link to a path.
    pub(crate) paths: Arc<HashSet<Box<str>, rustc_hash::FxBuildHasher>>,
    /// Keys of the items directly below each key (`""` for top level).
    pub(crate) children: Arc<BTreeMap<String, Vec<String>>>,
    /// Where each key's items are in `items`, by locale: [`Site::get`] is
    /// called for nearly every link of every page, and a hash of the key
    /// beats a binary search comparing long shared prefixes.
    pub(crate) positions: Arc<KeyIndex<usize>>,
    /// `urls` by key, then locale, for [`Site::url`] (called for every
    /// link): no key is copied to look one up.
    pub(crate) url_index: Arc<KeyIndex<Box<str>>>,
    /// The media library (from the store; empty without one).
    pub(crate) media: crate::media::MediaCatalog,
    /// The keys of the library's files that the items use: what may be
    /// served publicly.
    pub(crate) media_used: Arc<std::collections::BTreeSet<String>>,
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
    /// Whether `key` has a value in some locale.
    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The values of `key`, by locale.
    pub(crate) fn of_key(&self, key: &str) -> &[(Box<str>, T)] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }

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

/// Every URL path of `urls`.
pub(crate) fn url_paths(urls: &BTreeMap<(String, LocaleCode), String>) -> HashSet<Box<str>, rustc_hash::FxBuildHasher> {
    urls.values().map(|u| u.as_str().into()).collect()
}

/// The index of `urls` for [`Site::url`].
pub(crate) fn url_index(urls: &BTreeMap<(String, LocaleCode), String>) -> KeyIndex<Box<str>> {
    urls.iter()
        .map(|((key, locale), url)| (key.as_str(), locale.as_str(), url.as_str().into()))
        .collect()
}

impl Site {
    /// The site's settings (site.toml).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every published item, sorted by (key, locale).
    pub fn items(&self) -> &[Arc<Item>] {
        &self.items
    }

    /// Files under `static/`, by path relative to it.
    pub fn static_files(&self) -> &BTreeMap<String, Arc<[u8]>> {
        &self.static_files
    }

    /// The media library the site was checked against.
    pub fn media(&self) -> &crate::media::MediaCatalog {
        &self.media
    }

    /// A library image's alt text for `locale`: its own, else that of the
    /// first of the locale's declared fallbacks that has one (`en-GB` reads
    /// `en`'s). Never the default locale's for a language it is not.
    pub fn media_alt<'a>(&self, entry: &'a crate::media::MediaEntry, locale: &str) -> Option<&'a str> {
        let fallbacks = self
            .config
            .locale(locale)
            .map(|l| l.fallback.as_slice())
            .unwrap_or_default();
        std::iter::once(locale)
            .chain(fallbacks.iter().map(String::as_str))
            .find_map(|l| entry.alt_in(l))
    }

    /// Whether a published item uses the library's file `key` (only such
    /// files are served publicly).
    pub fn uses_media(&self, key: &str) -> bool {
        self.media_used.contains(key)
    }

    /// Template overrides under `templates/`, by path relative to it.
    pub fn templates(&self) -> &BTreeMap<String, String> {
        &self.templates
    }

    /// Interface-string overrides under `i18n/`, by locale.
    pub fn catalogs(&self) -> &BTreeMap<LocaleCode, String> {
        &self.catalogs
    }

    /// The URL path of every (key, locale) that has a page, fallback
    /// included.
    pub fn urls(&self) -> &BTreeMap<(String, LocaleCode), String> {
        &self.urls
    }

    /// Keys of the items directly below each key (`""` for top level).
    pub fn child_keys(&self) -> &BTreeMap<String, Vec<String>> {
        &self.children
    }

    /// The same site served at another address (`--base-url`: a staging
    /// server), for canonical links, hreflang, sitemaps and feeds.
    #[must_use]
    pub fn with_base_url(mut self, base_url: &str) -> Site {
        self.config.base_url = base_url.trim_end_matches('/').to_string();
        self
    }

    /// The same site with another media library (after an upload or an
    /// alt text changed): drafts are checked against it. The pages
    /// already built are not; a rebuild takes it in.
    #[must_use]
    pub fn with_media(mut self, media: crate::media::MediaCatalog) -> Site {
        self.media = media;
        self
    }

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

    /// Whether some item, in any locale, has this key.
    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.positions.has_key(key)
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
