//! The validated, typed site model. Nothing here is serde: these types are
//! built only by `parse`/`validate`, so holding one means it was checked.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;

/// A BCP 47 locale code as declared in site.toml (`en`, `en-GB`, `fr`).
pub type LocaleCode = String;

/// The whole site: configuration, every item in every locale, static files.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name in the default locale (the plain `name`, or its
    /// default locale's or unlisted locales' entry when `name` is a table).
    pub name: String,
    /// `name` as site.toml gives it: once for every locale, or per locale
    /// (`name = { en = "Halcyon", ar = "هالسيون" }`). See [`Config::name_in`].
    pub names: Localized,
    /// Absolute base URL without a trailing slash: `https://www.halcyon.example`.
    pub base_url: String,
    pub default_locale: LocaleCode,
    pub locales: Vec<Locale>,
    pub logo: Image,
    pub copyright: Localized,
    /// Where the header's "Sign in" leads, as site.toml gives it: `None`
    /// when unset (the server's own `/admin/sign-in`; no link in a static export),
    /// empty for no link at all.
    pub sign_in_url: Option<String>,
    pub menu: Vec<MenuEntry>,
    pub footer: Vec<FooterColumn>,
    pub legal: Vec<MenuEntry>,
    /// Cookie consent: the policy and the optional categories.
    pub consent: Consent,
    /// The site search's settings.
    pub search: SearchSettings,
    /// The site's time zone (an IANA name, `Europe/Paris`): the editor's
    /// schedule is read and shown in it. `UTC` unless site.toml says.
    pub time_zone: String,
}

/// `[search]` in site.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchSettings {
    /// `[search.synonyms]`: per declared locale, groups of terms its
    /// visitors use for the same thing (`["ceo", "chief executive",
    /// "chief executive officer"]`), as written. Each group has at least
    /// two terms; a term is one word or several. See
    /// [`Config::search_synonyms`] for the groups each locale uses.
    pub synonyms: BTreeMap<LocaleCode, Vec<Vec<String>>>,
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

    /// The synonym groups each locale's search uses: its own, then those of
    /// the locales in its chain that share its language (`en-GB` and
    /// `en-CY` use `en`'s groups; `fr`, falling back to `en`, does not:
    /// synonyms are words of a language). Every locale is a key.
    pub fn search_synonyms(&self) -> BTreeMap<LocaleCode, Vec<Vec<String>>> {
        let language = |code: &str| code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        self.locales
            .iter()
            .map(|l| {
                let groups = self
                    .chain(&l.code)
                    .filter(|c| language(c) == language(&l.code))
                    .filter_map(|c| self.search.synonyms.get(c))
                    .flatten()
                    .cloned()
                    .collect();
                (l.code.clone(), groups)
            })
            .collect()
    }

    /// `locale`, then its fallbacks in order, then the default locale; each
    /// once.
    /// The site's name in `locale`: the first of its fallback chain that
    /// site.toml names, else [`Config::name`].
    pub fn name_in<'a>(&'a self, locale: &'a str) -> &'a str {
        self.names.get(self.chain(locale)).unwrap_or(&self.name)
    }

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
/// A call to action: a button's text and where it goes.
#[derive(Debug, Clone)]
pub struct Cta {
    pub label: String,
    pub href: Link,
}

#[derive(Debug, Clone)]
pub struct LinkLine {
    pub label: String,
    pub href: Link,
    pub description: Option<String>,
}
