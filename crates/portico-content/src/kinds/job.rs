//! A job: open until it closes, then gone (410) with a useful page.

use jiff::civil::Date;

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remote {
    Onsite,
    Hybrid,
    Remote,
}

impl Remote {
    /// Every value, as written in content.
    pub const IDS: &[&str] = &["onsite", "hybrid", "remote"];

    pub fn as_str(self) -> &'static str {
        match self {
            Remote::Onsite => "onsite",
            Remote::Hybrid => "hybrid",
            Remote::Remote => "remote",
        }
    }

    fn parse(s: &str) -> Option<Remote> {
        [Remote::Onsite, Remote::Hybrid, Remote::Remote]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub team: String,
    pub locations: Vec<String>,
    pub remote: Remote,
    pub posted: Date,
    pub closes: Option<Date>,
    pub employment_type: Option<String>,
    pub apply_url: Option<String>,
}

impl Job {
    /// Whether applications closed before `today`.
    pub fn is_closed(&self, today: Date) -> bool {
        self.closes.is_some_and(|c| c < today)
    }
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "job",
    about: "An open role; after it closes its page answers 410 Gone and points to open ones.",
    folders: &["jobs"],
    requires: &[],
    fields: &[
        Field::new("team", Shape::Text, "The team it is in.", "\"Research engineering\"").required(),
        Field::new(
            "locations",
            Shape::Refs("location"),
            "Where it is based.",
            "[\"locations/nairobi\"]",
        )
        .shared(),
        Field::new(
            "remote",
            Shape::Choice(Remote::IDS),
            "Whether it can be done remotely.",
            "\"hybrid\"",
        )
        .default("\"onsite\"")
        .shared(),
        Field::new("posted", Shape::Date, "When it was posted.", "2026-10-01")
            .required()
            .shared()
            .expecting("the date the job was posted"),
        Field::new(
            "closes",
            Shape::Date,
            "The last day to apply (not before it was posted).",
            "2026-12-15",
        )
        .shared(),
        Field::new(
            "employment_type",
            Shape::Text,
            "Full time, part time, contract or internship.",
            "\"full time\"",
        )
        .shared(),
        Field::new(
            "apply_url",
            Shape::Url,
            "Where to apply.",
            "\"https://careers.halcyon.example/apply/123\"",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Job> {
    let team = f.text("team");
    let locations = f.references("locations");
    let remote = f.choice("remote").and_then(Remote::parse).unwrap_or(Remote::Onsite);
    let posted = f.date("posted");
    let closes = f.date("closes");
    if let (Some(p), Some(c)) = (&posted, &closes)
        && c.value < p.value
    {
        f.t.ctx.push(
            f.t.error("closes", c.span.clone(), "the job closes before it was posted")
                .expected(format!("a date after {}", p.value))
                .found(c.value.to_string()),
        );
    }
    let employment_type = f.opt_text("employment_type");
    let apply_url = f.opt_text("apply_url");
    Some(Job {
        team: team?.value,
        locations,
        remote,
        posted: posted?.value,
        closes: closes.map(|c| c.value),
        employment_type,
        apply_url,
    })
}
