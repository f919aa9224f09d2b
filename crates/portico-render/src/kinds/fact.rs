//! Figures "by the numbers": the value and unit, when and where from, and
//! a chart of earlier values.

use minijinja::Value;
use portico_content::{Fact, Item};
use portico_graphics::chart;

use super::TypeView;
use crate::Resolver;
use crate::env::Env;
use crate::view::{CardCtx, Detail, Field};

impl TypeView for Fact {
    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        // A card is read at a glance: a large figure in the locale's words
        // ("4.7 billion"); the detail page gives it in full.
        let shown = env.r.formats.compact(self.value);
        c.value = Some(match shown {
            Some(words) => with_unit(words, self.unit.as_deref()),
            None => fact_value(self.value, self.unit.as_deref(), env.r),
        });
        if let Some(a) = self.as_of {
            c.meta.push((env.t)("fact-as-of", &[("date", env.date(a))]));
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let f = self;
        d.fields.push(Field::text(
            env.tr("field-value"),
            fact_value(f.value, f.unit.as_deref(), env.r),
        ));
        if let Some(a) = f.as_of {
            d.fields
                .push(Field::time(env.tr("field-as-of"), env.date(a), a.to_string()));
        }
        if let Some(s) = &f.source {
            d.fields
                .push(Field::link(env.tr("field-source"), s.clone(), f.source_url.clone()));
        }
        d.chart = fact_chart(item, f, env);
    }

    fn search_rank(&self, _today: jiff::civil::Date) -> f32 {
        // A single figure rarely answers a search on its own: the story or
        // page behind it does.
        0.4
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("facts")
    }
}

/// A figure with its unit, formatted for the locale.
fn fact_value(value: f64, unit: Option<&str>, r: &Resolver<'_>) -> String {
    with_unit(r.formats.number(value), unit)
}

/// A formatted figure and its unit, joined by a no-break space: they never
/// part across lines.
fn with_unit(figure: String, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(unit) => format!("{figure}\u{a0}{unit}"),
        None => figure,
    }
}

/// A bar chart of a figure's earlier values and its current one, with a
/// data table; `None` without history.
fn fact_chart(item: &Item, f: &Fact, env: &Env<'_>) -> Option<Value> {
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
        .config()
        .locale(env.r.locale)
        .is_some_and(|l| l.dir == portico_content::Direction::Rtl);
    let id = format!("chart-{}", item.slug);
    Some(Value::from_safe_string(chart::bar_chart(&bars, &text, &id, rtl)))
}
