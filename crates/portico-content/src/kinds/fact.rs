//! A fact: a figure "by the numbers", with its earlier values drawn as a
//! chart.

use jiff::civil::Date;

use crate::decl::{Field, Group, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Fact {
    pub value: f64,
    pub unit: Option<String>,
    pub as_of: Option<Date>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// Earlier values, oldest first, all before `as_of`.
    pub history: Vec<(Date, f64)>,
}

const ANY: Shape = Shape::Number {
    min: f64::NEG_INFINITY,
    max: f64::INFINITY,
};

/// An earlier value of a fact.
const EARLIER: Group = Group {
    what: "an earlier value",
    plural: "earlier values",
    fields: &[
        Field::new("as_of", Shape::Date, "The date of the value.", "2025-10-01")
            .required()
            .shared()
            .expecting("the date of the value, like 2025-10-01"),
        Field::new("value", ANY, "The value then.", "97").required().shared(),
    ],
};

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "fact",
    about: "A figure \"by the numbers\": its value, unit, date and source, and its earlier values as a chart.",
    folders: &["facts"],
    requires: &[],
    fields: &[
        Field::new("value", ANY, "The figure.", "104").required().shared(),
        Field::new("unit", Shape::Text, "What it counts.", "\"countries\""),
        Field::new("as_of", Shape::Date, "The date of the figure.", "2026-10-01").shared(),
        Field::new("source", Shape::Text, "Where it comes from.", "\"Annual report 2026\""),
        Field::new(
            "source_url",
            Shape::Url,
            "The source, on the web.",
            "\"https://www.halcyon.example/report-2026.pdf\"",
        )
        .shared(),
        Field::new(
            "history",
            Shape::List(&EARLIER),
            "Earlier values, oldest first, all before `as_of`.",
            "[{ as_of = 2024-10-01, value = 88 }, { as_of = 2025-10-01, value = 97 }]",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Fact> {
    let value = f.number("value");
    let unit = f.opt_text("unit");
    let as_of = f.date("as_of");
    let source = f.opt_text("source");
    let source_url = f.opt_text("source_url");
    let history = f.list("history", |e| {
        let date = e.date("as_of");
        let value = e.number("value");
        Some((date?, value?.value))
    });
    for pair in history.windows(2) {
        if pair[1].0.value <= pair[0].0.value {
            f.t.ctx.push(
                f.t.error("history", pair[1].0.span.clone(), "`history` is not in date order")
                    .expected(format!("a date after {}", pair[0].0.value))
                    .found(pair[1].0.value.to_string()),
            );
        }
    }
    if let (Some(last), Some(a)) = (history.last(), &as_of)
        && last.0.value >= a.value
    {
        f.t.ctx.push(
            f.t.error(
                "history",
                last.0.span.clone(),
                "an earlier value is dated on or after `as_of`",
            )
            .expected(format!("a date before {}", a.value))
            .found(last.0.value.to_string()),
        );
    }
    Some(Fact {
        value: value?.value,
        unit,
        as_of: as_of.map(|a| a.value),
        source,
        source_url,
        history: history.into_iter().map(|(d, v)| (d.value, v)).collect(),
    })
}
