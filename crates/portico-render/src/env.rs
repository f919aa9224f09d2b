//! What a type's view of an item needs besides the item: the site, the
//! locale's resolver, the relations, the interface strings, and the moment
//! things are judged at; with the small helpers every type uses (links to
//! other items, their cards, related groups, dates).

use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime as Zoned};
use portico_content::{EventPhase, Kind, Site};

use crate::Resolver;
use crate::relations::Relations;
use crate::view::{CardCtx, LinkRef, Related};

/// An interface string with arguments: `t("job-closed", &[("date", …)])`.
pub(crate) type Translate<'a> = dyn Fn(&str, &[(&str, String)]) -> String + 'a;

/// Everything a detail needs besides the item.
pub(crate) struct Env<'a> {
    pub site: &'a Site,
    pub r: &'a Resolver<'a>,
    pub rel: &'a Relations,
    pub t: &'a Translate<'a>,
    pub learn_more: &'a str,
    pub now: Timestamp,
    pub today: Date,
}

impl Env<'_> {
    pub(crate) fn tr(&self, key: &str) -> String {
        (self.t)(key, &[])
    }

    pub fn url(&self, key: &str) -> Option<String> {
        self.site.url(key, self.r.locale).map(str::to_string)
    }

    pub fn link(&self, key: &str) -> Option<LinkRef> {
        let item = self.site.resolve(key, self.r.locale)?;
        Some(LinkRef {
            label: item.short_title().to_string(),
            url: self.url(key),
        })
    }

    pub fn links(&self, keys: &[String]) -> Vec<LinkRef> {
        keys.iter().filter_map(|k| self.link(k)).collect()
    }

    pub fn related(&self, out: &mut Vec<Related>, id: &'static str, heading: &str, cards: Vec<CardCtx>) {
        if !cards.is_empty() {
            out.push(Related {
                id,
                heading: self.tr(heading),
                cards,
            });
        }
    }

    pub fn date(&self, d: Date) -> String {
        self.r.formats.date(d)
    }

    /// "December 3, 2026, 12:00" in the event's own time zone.
    pub fn when(&self, z: &Zoned) -> String {
        format!("{}, {}", self.date(z.date()), self.r.formats.time(z.hour(), z.minute()))
    }
}

/// The keys among `keys` of items of type `kind`.
pub(crate) fn of_kind<'a>(
    site: &'a Site,
    locale: &str,
    keys: impl IntoIterator<Item = &'a String>,
    kind: &str,
) -> Vec<&'a String> {
    keys.into_iter()
        .filter(|k| site.resolve(k, locale).is_some_and(|i| i.kind_name() == kind))
        .collect()
}

/// Events sorted for a list: upcoming soonest first, then past newest first.
pub(crate) fn events_in_order<'a>(
    site: &Site,
    locale: &str,
    keys: impl IntoIterator<Item = &'a String>,
    now: Timestamp,
) -> Vec<&'a String> {
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for k in keys {
        if let Some(Kind::Event(e)) = site.resolve(k, locale).map(|i| &i.kind) {
            if e.phase(now) == EventPhase::Past {
                past.push((k, e.start.timestamp()));
            } else {
                upcoming.push((k, e.start.timestamp()));
            }
        }
    }
    upcoming.sort_by_key(|x| x.1);
    past.sort_by_key(|x| std::cmp::Reverse(x.1));
    upcoming.into_iter().chain(past).map(|x| x.0).collect()
}

/// Midnight UTC at the start of `d`.
pub(crate) fn midnight(d: Date) -> Timestamp {
    jiff::tz::Offset::UTC
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}
