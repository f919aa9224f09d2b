//! Series: their hosts, upcoming events and a calendar of all of them.

use portico_content::{EventPhase, Item, Kind, Series};

use super::{Ld, TypeView};
use crate::GeneratedFile;
use crate::env::{Env, events_in_order};
use crate::relations::Relations;
use crate::urls::{CALENDAR_ICS, beside};
use crate::view::{Action, Detail, Field};

impl TypeView for Series {
    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let (site, loc) = (env.site, env.r.locale);
        if !self.host.is_empty() {
            d.fields
                .push(Field::links(env.tr("field-hosts"), env.links(&self.host)));
        }
        let events = Relations::get(&env.rel.events_by_series, &item.key);
        let upcoming = events_in_order(site, loc, events, env.now).into_iter().filter(|k| {
            matches!(site.resolve(k, loc).map(|i| &i.kind), Some(Kind::Event(e)) if e.phase(env.now) != EventPhase::Past)
        });
        env.related(&mut d.related, "events", "related-upcoming", env.cards(upcoming));
        if !events.is_empty() {
            d.actions.push(Action {
                label: env.tr("calendar-subscribe"),
                url: beside(&env.url(&item.key).unwrap_or_default(), CALENDAR_ICS),
                primary: false,
                download: Some(format!("{}.ics", item.slug)),
                context: None,
            });
        }
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "@type": "EventSeries",
            "name": item.title,
            "description": ld.description,
            "url": ld.url,
            "organizer": ld.org,
        }))
    }

    fn files(&self, item: &Item, url: &str, env: &Env<'_>, out: &mut Vec<GeneratedFile>) {
        let (site, locale) = (env.site, env.r.locale);
        let events: Vec<&Item> = site
            .keys()
            .filter_map(|k| site.resolve(k, locale))
            .filter(|i| matches!(&i.kind, Kind::Event(e) if e.series.as_deref() == Some(item.key.as_str())))
            .collect();
        if !events.is_empty() {
            out.push(super::event::calendar_file(
                &beside(url, CALENDAR_ICS),
                &item.title,
                &events,
                env,
            ));
        }
    }
}
