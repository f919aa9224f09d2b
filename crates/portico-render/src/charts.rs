//! Server-drawn SVG for pages: a figure's history as a bar chart, the
//! locations on a world map. Drawing is `portico-graphics`; this module
//! feeds it the site's values, formatted for the locale.

use minijinja::Value;
use portico_content::{Item, Kind};
use portico_graphics::{chart, map};

use crate::types::Env;

/// A bar chart of a figure's earlier values and its current one, with a
/// data table; `None` without history.
pub(crate) fn fact_chart(item: &Item, f: &portico_content::Fact, env: &Env<'_>) -> Option<Value> {
    if f.history.is_empty() {
        return None;
    }
    let mut points: Vec<(Option<jiff::civil::Date>, f64)> = f.history.iter().map(|(d, v)| (Some(*d), *v)).collect();
    points.push((f.as_of, f.value));
    let bars: Vec<chart::Bar> = points
        .iter()
        .map(|(d, v)| chart::Bar {
            label: d.map_or_else(|| (env.t)("fact-now", &[]), |d| env.r.formats.date(d)),
            value: *v,
            display: env.r.formats.number(*v),
        })
        .collect();
    let first = bars.first()?;
    let last = bars.last()?;
    let unit = f.unit.clone().unwrap_or_default();
    let text = chart::ChartText {
        title: (env.t)("chart-title", &[("title", item.title.clone())]),
        description: (env.t)(
            "chart-description",
            &[
                ("from", format!("{} {unit}", first.display).trim().to_string()),
                ("from_date", first.label.clone()),
                ("to", format!("{} {unit}", last.display).trim().to_string()),
                ("to_date", last.label.clone()),
            ],
        ),
        unit: f.unit.clone(),
        table_caption: (env.t)("chart-table", &[("title", item.title.clone())]),
        label_header: (env.t)("chart-date", &[]),
        value_header: f.unit.clone().unwrap_or_else(|| (env.t)("field-value", &[])),
    };
    let rtl = env
        .site
        .config
        .locale(env.r.locale)
        .is_some_and(|l| l.dir == portico_content::Direction::Rtl);
    let id = format!("chart-{}", item.slug);
    Some(Value::from_safe_string(chart::bar_chart(&bars, &text, &id, rtl)))
}

/// The world map of a list of locations. Markers are named, not links: on
/// a phone they would be far below 24 px, and the same locations follow
/// as links, by region.
pub(crate) fn locations_map(items: &[&Item], env: &Env<'_>) -> String {
    let points: Vec<map::MapPoint> = items
        .iter()
        .filter_map(|i| {
            let Kind::Location(l) = &i.kind else { return None };
            let kind_label = (env.t)(&format!("location-kind-{}", l.kind.as_str()), &[]);
            Some(map::MapPoint {
                latitude: l.latitude,
                longitude: l.longitude,
                label: format!("{}, {kind_label}", i.short_title()),
                url: None,
                kind: l.kind.as_str().to_string(),
            })
        })
        .collect();
    let text = map::MapText {
        title: (env.t)("map-title", &[("count", points.len().to_string())]),
        description: (env.t)("map-description", &[]),
    };
    map::world_map(&points, &text, "locations-map")
}
