//! Resolving links and asset paths for one locale, and the day things
//! are judged at.

use std::collections::BTreeMap;

use portico_content::{Link, Site};
use serde::Serialize;

use crate::{Asset, cldr};

/// Today's date in UTC (what "closed", "past" and "last updated" are
/// measured against).
pub(crate) fn today() -> jiff::civil::Date {
    day(jiff::Timestamp::now())
}

/// The UTC day of `at`.
pub(crate) fn day(at: jiff::Timestamp) -> jiff::civil::Date {
    jiff::tz::Offset::UTC.to_datetime(at).date()
}

/// Resolves links and asset paths for one locale.
pub(crate) struct Resolver<'a> {
    pub site: &'a Site,
    pub locale: &'a str,
    pub assets: &'a BTreeMap<String, Asset>,
    /// This locale's CLDR date and number formatters.
    pub formats: std::rc::Rc<cldr::Formats>,
}

impl<'a> Resolver<'a> {
    pub fn new(site: &'a Site, locale: &'a str, assets: &'a BTreeMap<String, Asset>) -> Resolver<'a> {
        Resolver {
            site,
            locale,
            assets,
            formats: cldr::Formats::of(locale),
        }
    }

    pub fn href(&self, link: &Link) -> String {
        match link {
            Link::Item(key) => self
                .site
                .url(key, self.locale)
                .map(str::to_string)
                .or_else(|| {
                    self.site
                        .config()
                        .chain(self.locale)
                        .find_map(|l| self.site.url(key, l).map(str::to_string))
                })
                .unwrap_or_else(|| format!("/{}/", self.locale)),
            Link::Path(p) => match p.strip_prefix("/static/") {
                Some(file) => self.asset_url(file),
                None => p.clone(),
            },
            Link::External(u) => u.clone(),
        }
    }

    /// The `lang` (and `dir`, when it differs from the page's) of a
    /// fragment written in `locale` on this locale's pages, or `None` when
    /// it is the page's own locale (WCAG 3.1.2, language of parts).
    pub fn lang_of(&self, locale: &str) -> Option<LangAttr> {
        if locale == self.locale {
            return None;
        }
        let config = self.site.config();
        let dir = |code: &str| config.locale(code).map_or("ltr", |l| l.dir.as_str());
        let (theirs, ours) = (dir(locale), dir(self.locale));
        Some(LangAttr {
            code: locale.to_string(),
            dir: (theirs != ours).then_some(theirs),
        })
    }

    pub fn asset_url(&self, path: &str) -> String {
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (path, String::new()),
        };
        self.assets.get(path).map_or_else(
            || format!("/static/{path}{fragment}"),
            |a| format!("{}{fragment}", a.hashed_url),
        )
    }
}

/// The language of a fragment in another locale than its page's: printed
/// as `lang="…"` (and `dir="…"` when set) on the element that holds it.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct LangAttr {
    pub code: String,
    pub dir: Option<&'static str>,
}
