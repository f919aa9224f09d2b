//! Locations: their address card, the labs, open jobs and events there;
//! a list of locations is grouped by region under a world map.

use std::collections::BTreeMap;

use minijinja::context;
use portico_content::{Item, Location};
use portico_graphics::map;

use super::{Extra, Ld, Lists, TypeView, listed_key, phase_groups};
use crate::env::{Env, events_in_order};
use crate::relations::Relations;
use crate::view::{CardCtx, Detail, Group};

impl TypeView for Location {
    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        c.meta.push(env.tr(&format!("location-kind-{}", self.kind.as_str())));
        c.meta.push(format!("{}, {}", self.city, self.country));
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let (site, loc, rel) = (env.site, env.r.locale, env.rel);
        let labs = Relations::get(&rel.labs_by_location, &item.key);
        env.related(&mut d.related, "labs", "related-labs", env.cards(labs));
        let jobs = Relations::get(&rel.jobs_by_location, &item.key)
            .iter()
            .filter(|k| listed_key(site, loc, k, env.today));
        env.related(&mut d.related, "jobs", "related-jobs", env.cards(jobs));
        let ordered = events_in_order(site, loc, Relations::get(&rel.events_by_location, &item.key), env.now);
        env.related(&mut d.related, "events", "related-events", env.cards(ordered));
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        let mut v = place_json(item, self);
        v["url"] = serde_json::json!(ld.url);
        Some(v)
    }

    fn template(&self) -> &'static str {
        "location.html"
    }

    fn page_extra(&self, _item: &Item, env: &Env<'_>, _lists: &Lists, extra: &mut Extra) {
        let l = self;
        extra.insert(
            "location",
            context! {
                kind => l.kind.as_str(),
                kind_label => env.tr(&format!("location-kind-{}", l.kind.as_str())),
                address => l.address.clone(),
                city => l.city.clone(),
                region => l.region.clone(),
                postal_code => l.postal_code.clone(),
                country => l.country.clone(),
                latitude => l.latitude,
                longitude => l.longitude,
                timezone => l.timezone.clone(),
                phone => l.phone.clone(),
            },
        );
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("locations")
    }

    fn groups(&self, items: &[&Item], _selection: &[Option<String>], env: &Env<'_>) -> Option<Vec<Group>> {
        let mut by_region: BTreeMap<&'static str, Vec<&Item>> = BTreeMap::new();
        for i in items {
            if let portico_content::Kind::Location(l) = &i.kind {
                let region = map::region_of(&l.country).map_or("other", |r| r.id());
                by_region.entry(region).or_default().push(i);
            }
        }
        let parts = by_region
            .into_iter()
            .map(|(id, v)| (id, env.tr(&format!("region-{id}")), v))
            .collect();
        Some(phase_groups(env, parts))
    }

    fn list_map(&self, items: &[&Item], env: &Env<'_>) -> Option<String> {
        Some(locations_map(items, env))
    }
}

/// A location as a schema.org place.
pub(super) fn place_json(item: &Item, l: &Location) -> serde_json::Value {
    serde_json::json!({
        "@type": "Place",
        "name": item.title,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": l.address,
            "addressLocality": l.city,
            "addressRegion": l.region,
            "postalCode": l.postal_code,
            "addressCountry": l.country,
        },
        "geo": { "@type": "GeoCoordinates", "latitude": l.latitude, "longitude": l.longitude },
    })
}

/// The world map of a list of locations: each marker links to its page and
/// has its place written beside it. On a phone the map keeps a readable
/// width and scrolls sideways in its own box (the theme's `.map-wrap`), so
/// markers stay 24 px targets; the same locations follow as links, by
/// region.
pub(crate) fn locations_map(items: &[&Item], env: &Env<'_>) -> String {
    let points: Vec<map::MapPoint> = items
        .iter()
        .filter_map(|i| {
            let portico_content::Kind::Location(l) = &i.kind else {
                return None;
            };
            let kind_label = (env.t)(&format!("location-kind-{}", l.kind.as_str()), &[]);
            Some(map::MapPoint {
                latitude: l.latitude,
                longitude: l.longitude,
                label: format!("{}, {kind_label}", i.short_title()),
                name: l.city.clone(),
                url: env.url(&i.key),
                kind: l.kind.as_str().to_string(),
            })
        })
        .collect();
    let text = map::MapText {
        title: (env.t)("map-title", &[("count", points.len().to_string())]),
        description: (env.t)("map-description", &[]),
    };
    // The key names each kind of marker the map draws, in order of first
    // appearance: shapes differ by kind, and only words say which is which.
    let mut kinds: Vec<(&str, String)> = Vec::new();
    for p in &points {
        if !kinds.iter().any(|(k, _)| *k == p.kind) {
            kinds.push((p.kind.as_str(), (env.t)(&format!("location-kind-{}", p.kind), &[])));
        }
    }
    let kinds: Vec<(&str, &str)> = kinds.iter().map(|(k, n)| (*k, n.as_str())).collect();
    let mut out = map::world_map(&points, &text, "locations-map");
    out.push_str(&map::legend(&kinds, &(env.t)("map-legend", &[])));
    out
}
