//! Events: when (in their own time zone), where, who speaks, the next
//! dates of a recurring one, how to attend, a calendar file; a list of
//! events is grouped into upcoming and past and offers a calendar.

use std::collections::BTreeSet;

use jiff::{Timestamp, ZonedDateTime as Zoned};
use portico_content::{Event, EventPhase, Item, Kind};
use portico_formats::ical;

use super::{Ld, TypeView, phase_groups};
use crate::GeneratedFile;
use crate::env::{Env, events_in_order, midnight};
use crate::relations::{Relations, add};
use crate::urls::{CALENDAR_ICS, EVENT_ICS, absolute, beside, slug};
use crate::view::{Action, CardCtx, Detail, Feed, Field, Group, Occurrence, Status, Val};

const ICS: &str = "text/calendar; charset=utf-8";

impl TypeView for Event {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        let k = &item.key;
        for s in &self.speakers {
            add(&mut rel.events_by_speaker, s, k);
        }
        if let Some(l) = &self.location {
            add(&mut rel.events_by_location, l, k);
        }
        if let Some(s) = &self.series {
            add(&mut rel.events_by_series, s, k);
        }
    }

    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        let title = |k: &String| env.site.resolve(k, env.r.locale).map(|i| i.short_title().to_string());
        c.date = None;
        // A recurring event shows its next date; every time says its zone.
        let next = next_occurrence(self, env.now);
        let shown = next.as_ref().unwrap_or(&self.start);
        c.meta.push(when_with_zone(shown, env));
        c.meta.push(kind_label(&self.event_kind, env));
        if let Some(place) = self.location.as_ref().and_then(title).or_else(|| self.venue.clone()) {
            c.meta.push(place);
        } else if self.online_url.is_some() {
            c.meta.push(env.tr("attendance-online"));
        }
        match self.phase(env.now) {
            EventPhase::Past if next.is_some() => c.badge = Some(("upcoming", env.tr("event-recurring-badge"))),
            EventPhase::Past => c.badge = Some(("past", env.tr("events-past"))),
            EventPhase::Live => c.badge = Some(("live", env.tr("event-live"))),
            EventPhase::Upcoming => {}
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        detail(item, self, env, d);
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        let e = self;
        let mode = match (e.online_url.is_some(), e.venue.is_some() || e.location.is_some()) {
            (true, true) => "https://schema.org/MixedEventAttendanceMode",
            (true, false) => "https://schema.org/OnlineEventAttendanceMode",
            _ => "https://schema.org/OfflineEventAttendanceMode",
        };
        let mut locations = Vec::new();
        if let Some(p) = e.location.as_deref().and_then(|k| ld.place(k)) {
            locations.push(p);
        } else if let Some(v) = &e.venue {
            locations.push(serde_json::json!({ "@type": "Place", "name": v, "address": v }));
        }
        if let Some(u) = &e.online_url {
            locations.push(serde_json::json!({ "@type": "VirtualLocation", "url": u }));
        }
        Some(serde_json::json!({
            "@type": "Event",
            "name": item.title,
            "description": ld.description,
            "url": ld.url,
            "image": ld.image,
            "startDate": e.start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            "endDate": e.end.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": mode,
            "location": locations,
            "organizer": ld.org,
            "performer": ld.people(&e.speakers),
            "offers": e.registration_url.as_ref().map(|u| serde_json::json!({ "@type": "Offer", "url": u, "price": 0, "priceCurrency": "USD", "availability": "https://schema.org/InStock" })),
        }))
    }

    fn files(&self, item: &Item, url: &str, env: &Env<'_>, out: &mut Vec<GeneratedFile>) {
        out.push(calendar_file(&beside(url, EVENT_ICS), &item.title, &[item], env));
    }

    fn search_rank(&self, today: jiff::civil::Date) -> f32 {
        // A past event rarely answers a search on its own.
        if self.end.date() < today { 0.7 } else { 1.0 }
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("events")
    }

    fn list_dims(&self) -> &'static [&'static str] {
        &["when", "type"]
    }

    fn filter_values(&self, _item: &Item, dim: &str, env: &Env<'_>) -> Vec<Val> {
        match dim {
            "when" => {
                let id = if ended(self, env.now) { "past" } else { "upcoming" };
                vec![Val {
                    id: id.to_string(),
                    label: env.tr(&format!("events-{id}")),
                }]
            }
            "type" => vec![Val {
                id: slug(&self.event_kind),
                label: kind_label(&self.event_kind, env),
            }],
            _ => Vec::new(),
        }
    }

    fn order(&self, items: &mut Vec<&Item>, env: &Env<'_>) {
        let keys: Vec<&String> = items.iter().map(|i| &i.key).collect();
        let ordered: Vec<String> = events_in_order(env.site, env.r.locale, keys, env.now)
            .into_iter()
            .cloned()
            .collect();
        let by_key: std::collections::HashMap<&str, &Item> = items.iter().map(|i| (i.key.as_str(), *i)).collect();
        let sorted: Vec<&Item> = ordered.iter().filter_map(|k| by_key.get(k.as_str()).copied()).collect();
        *items = sorted;
    }

    fn groups(&self, items: &[&Item], selection: &[Option<String>], env: &Env<'_>) -> Option<Vec<Group>> {
        // Filtered by "when": one group is all there is.
        if selection.first().is_some_and(Option::is_some) {
            return None;
        }
        let (past, upcoming): (Vec<&Item>, Vec<&Item>) = items
            .iter()
            .partition(|i| matches!(&i.kind, Kind::Event(e) if ended(e, env.now)));
        Some(phase_groups(
            env,
            vec![
                ("upcoming", env.tr("events-upcoming"), upcoming),
                ("past", env.tr("events-past"), past),
            ],
        ))
    }

    fn feeds(&self, _list: &Item, base: &str, _selection: &[Option<String>], env: &Env<'_>) -> Vec<Feed> {
        vec![Feed {
            label: env.tr("calendar-subscribe"),
            url: beside(base, CALENDAR_ICS),
            media_type: "text/calendar",
        }]
    }

    fn list_files(&self, list: &Item, url: &str, items: &[&Item], env: &Env<'_>) -> Vec<GeneratedFile> {
        vec![calendar_file(&beside(url, CALENDAR_ICS), &list.title, items, env)]
    }
}

fn detail(item: &Item, e: &Event, env: &Env<'_>, d: &mut Detail) {
    let page_url = env.url(&item.key).unwrap_or_default();
    let zone = e.start.time_zone().iana_name().unwrap_or("UTC").to_string();
    let offset = e.start.offset();
    let same_day = e.start.date() == e.end.date();
    let when = if same_day {
        (env.t)(
            "event-when-same-day",
            &[
                ("date", env.date(e.start.date())),
                ("start", env.r.formats.time(e.start.hour(), e.start.minute())),
                ("end", env.r.formats.time(e.end.hour(), e.end.minute())),
            ],
        )
    } else {
        (env.t)(
            "event-when-span",
            &[("start", env.when(&e.start)), ("end", env.when(&e.end))],
        )
    };
    d.fields
        .push(Field::time(env.tr("field-when"), when, e.start.timestamp().to_string()));
    d.fields.push(Field::text(
        env.tr("field-timezone"),
        format!("{zone} (UTC{})", offset_text(offset)),
    ));
    d.fields
        .push(Field::text(env.tr("field-event-kind"), kind_label(&e.event_kind, env)));
    if let Some(v) = &e.venue {
        d.fields.push(Field::text(env.tr("field-venue"), v.clone()));
    }
    if let Some(place) = e.location.as_ref().and_then(|k| env.link(k)) {
        d.fields.push(Field::links(env.tr("field-location"), vec![place]));
    }
    if e.online_url.is_some() {
        let mode = if e.venue.is_some() || e.location.is_some() {
            "attendance-mixed"
        } else {
            "attendance-online"
        };
        d.fields.push(Field::text(env.tr("field-attendance"), env.tr(mode)));
    }
    if !e.speakers.is_empty() {
        d.fields
            .push(Field::links(env.tr("field-speakers"), env.links(&e.speakers)));
    }
    if let Some(s) = e.series.as_ref().and_then(|k| env.link(k)) {
        d.fields.push(Field::links(env.tr("field-series"), vec![s]));
    }
    let phase = e.phase(env.now);
    let next: Vec<Zoned> = e
        .recurrence
        .as_deref()
        .and_then(|rule| ical::occurrences(&e.start, rule, env.now, 4).ok())
        .unwrap_or_default();
    let recurring_upcoming = !next.is_empty();
    d.status = Some(match phase {
        EventPhase::Past if recurring_upcoming => Status {
            kind: "upcoming",
            text: env.tr("event-recurring"),
        },
        EventPhase::Past => Status {
            kind: "past",
            text: env.tr("event-past"),
        },
        EventPhase::Live => Status {
            kind: "live",
            text: env.tr("event-live"),
        },
        EventPhase::Upcoming => Status {
            kind: "upcoming",
            text: env.tr("event-upcoming"),
        },
    });
    d.occurrences = next
        .iter()
        .map(|z| Occurrence {
            iso: z.timestamp().to_string(),
            display: env.when(z),
        })
        .collect();
    if phase != EventPhase::Past || recurring_upcoming {
        if let Some(u) = &e.registration_url {
            d.actions.push(Action {
                label: env.tr("event-register"),
                url: u.clone(),
                primary: true,
                download: None,
                context: Some(item.title.clone()),
            });
        }
        if let Some(u) = &e.online_url {
            d.actions.push(Action {
                label: env.tr("event-join-online"),
                url: u.clone(),
                primary: e.registration_url.is_none(),
                download: None,
                context: Some(item.title.clone()),
            });
        }
        // An ended event is not offered for a calendar (its file stays, for
        // links already out there).
        d.actions.push(Action {
            label: env.tr("event-add-to-calendar"),
            url: beside(&page_url, EVENT_ICS),
            primary: false,
            download: Some(format!("{}.ics", item.slug)),
            context: Some(item.title.clone()),
        });
    }
    let mut people = e.speakers.clone();
    if let Some(Kind::Series(s)) = e
        .series
        .as_ref()
        .and_then(|k| env.site.resolve(k, env.r.locale))
        .map(|i| &i.kind)
    {
        people.extend(s.host.iter().cloned());
    }
    let mut seen = BTreeSet::new();
    people.retain(|p| seen.insert(p.clone()));
    env.related(&mut d.related, "people", "related-speakers", env.cards(&people));
}

/// The next start of a recurring event after `now`, if it has one.
fn next_occurrence(e: &Event, now: Timestamp) -> Option<Zoned> {
    let rule = e.recurrence.as_deref()?;
    if e.phase(now) != EventPhase::Past {
        return None;
    }
    ical::occurrences(&e.start, rule, now, 1).ok()?.into_iter().next()
}

/// Whether `e` is over: past, and no later occurrence (a recurring event
/// with dates to come is upcoming).
fn ended(e: &Event, now: Timestamp) -> bool {
    e.phase(now) == EventPhase::Past && next_occurrence(e, now).is_none()
}

/// A date and time with its zone's offset: "12 March 2027, 14:00 (UTC+1:00)".
fn when_with_zone(z: &Zoned, env: &Env<'_>) -> String {
    format!("{} (UTC{})", env.when(z), offset_text(z.offset()))
}

/// An event type as a label: the catalog's `event-kind-<slug>`, else the
/// site's own words with a capital first letter.
fn kind_label(kind: &str, env: &Env<'_>) -> String {
    let key = format!("event-kind-{}", slug(kind));
    let text = env.tr(&key);
    if text != key {
        return text;
    }
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `+05:30`, `−03:00` (with a real minus sign), or nothing for UTC.
fn offset_text(o: jiff::tz::Offset) -> String {
    let secs = o.seconds();
    if secs == 0 {
        return String::new();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// When `item` last changed: its `updated` date, else when its file
/// changed, else its date.
fn last_change(item: &Item) -> Timestamp {
    let stated = |w: &portico_content::When| w.at.unwrap_or_else(|| midnight(w.date));
    item.updated
        .as_ref()
        .map(stated)
        .or(item.modified)
        .or_else(|| item.date.as_ref().map(stated))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `values` without repeats (compared ignoring case), first ones kept.
fn distinct(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.to_lowercase() == v.to_lowercase()) {
            out.push(v);
        }
    }
    out
}

pub(super) fn calendar_file(path: &str, name: &str, events: &[&Item], env: &Env<'_>) -> GeneratedFile {
    let site = env.site;
    let base = &site.config().base_url;
    let host = base.split("://").nth(1).unwrap_or(base).trim_end_matches('/');
    let cal = ical::Calendar {
        name: format!("{} · {name}", site.config().name),
        prod_id: format!("-//{}//Portico//{}", site.config().name, env.r.locale.to_uppercase()),
        url: Some(absolute(base, path)),
        events: events
            .iter()
            .filter_map(|i| {
                let Kind::Event(e) = &i.kind else { return None };
                let location = e
                    .location
                    .as_ref()
                    .and_then(|k| site.resolve(k, env.r.locale))
                    .map(|l| match &l.kind {
                        Kind::Location(x) => format!("{}, {}, {}", l.title, x.address, x.city),
                        _ => l.title.clone(),
                    })
                    .or_else(|| e.venue.clone());
                let speakers: Vec<String> = e
                    .speakers
                    .iter()
                    .filter_map(|s| site.resolve(s, env.r.locale).map(|p| p.title.clone()))
                    .collect();
                let mut description = i.summary.clone().unwrap_or_default();
                if !speakers.is_empty() {
                    description.push_str(&format!(
                        "\n\n{}: {}",
                        (env.t)("field-speakers", &[]),
                        speakers.join(", ")
                    ));
                }
                Some(ical::CalEvent {
                    uid: format!("{}@{host}", i.key.replace('/', "-")),
                    summary: i.title.clone(),
                    description: Some(description).filter(|d| !d.is_empty()),
                    url: site.url(&i.key, env.r.locale).map(|u| absolute(base, u)),
                    start: e.start.clone(),
                    end: e.end.clone(),
                    location,
                    online_url: e.online_url.clone(),
                    rrule: e.recurrence.clone(),
                    categories: distinct(std::iter::once(e.event_kind.clone()).chain(i.tags.iter().cloned())),
                    organizer: Some(site.config().name_in(env.r.locale).to_string()),
                    stamp: last_change(i),
                })
            })
            .collect(),
    };
    GeneratedFile {
        path: path.to_string(),
        content_type: ICS,
        bytes: ical::ics(&cal).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_use_a_real_minus_sign() {
        assert_eq!(
            offset_text(jiff::tz::Offset::from_seconds(-5 * 3600).expect("an offset")),
            "\u{2212}05:00"
        );
        assert_eq!(
            offset_text(jiff::tz::Offset::from_seconds(19800).expect("an offset")),
            "+05:30"
        );
        assert_eq!(offset_text(jiff::tz::Offset::UTC), "");
    }
}
