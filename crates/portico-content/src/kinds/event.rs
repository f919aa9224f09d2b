//! An event: a conference talk, a workshop, a seminar; when and where, who
//! speaks, how to attend; recurring by an RRULE.

use jiff::{Timestamp, ZonedDateTime as Zoned};

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Event {
    /// What sort of event (the site's own words: "workshop", "forum").
    pub event_kind: String,
    pub start: Zoned,
    pub end: Zoned,
    pub venue: Option<String>,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub speakers: Vec<String>,
    pub series: Option<String>,
    /// An RFC 5545 RRULE value (`FREQ=MONTHLY;BYDAY=2TH`).
    pub recurrence: Option<String>,
}

/// Where an event stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventPhase {
    Upcoming,
    /// Started, not ended.
    Live,
    Past,
}

impl EventPhase {
    /// As pages and styles name it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventPhase::Upcoming => "upcoming",
            EventPhase::Live => "live",
            EventPhase::Past => "past",
        }
    }
}

impl Event {
    /// Where the event stands at `now`.
    pub fn phase(&self, now: Timestamp) -> EventPhase {
        if self.end.timestamp() < now {
            EventPhase::Past
        } else if self.start.timestamp() <= now {
            EventPhase::Live
        } else {
            EventPhase::Upcoming
        }
    }
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "event",
    about: "A conference talk, a workshop or a seminar: when and where, who speaks, how to attend.",
    folders: &["events"],
    requires: &[],
    fields: &[
        Field::new(
            "kind",
            Shape::Text,
            "What sort of event, in the site's own words (workshop, forum, seminar).",
            "\"workshop\"",
        )
        .default("\"event\"")
        .shared(),
        Field::new(
            "timezone",
            Shape::TimeZone,
            "The time zone its times are in.",
            "\"Europe/Lisbon\"",
        )
        .required()
        .shared(),
        Field::new(
            "start",
            Shape::LocalDateTime { zone: "timezone" },
            "When it starts, in its time zone.",
            "2026-05-12T09:00:00",
        )
        .required()
        .shared(),
        Field::new(
            "end",
            Shape::LocalDateTime { zone: "timezone" },
            "When it ends (not before it starts).",
            "2026-05-12T17:00:00",
        )
        .required()
        .shared(),
        Field::new(
            "venue",
            Shape::Text,
            "Where it is held, in words.",
            "\"Auditorium, Building 2\"",
        ),
        Field::new(
            "location",
            Shape::Ref("location"),
            "The Halcyon location it is at.",
            "\"locations/lisbon\"",
        )
        .shared(),
        Field::new(
            "online_url",
            Shape::Url,
            "Where to follow it online.",
            "\"https://events.halcyon.example/live\"",
        )
        .shared(),
        Field::new(
            "registration_url",
            Shape::Url,
            "Where to register.",
            "\"https://events.halcyon.example/register\"",
        )
        .shared(),
        Field::new(
            "speakers",
            Shape::Refs("person"),
            "Who speaks.",
            "[\"people/mara-lindqvist\"]",
        )
        .shared(),
        Field::new(
            "series",
            Shape::Ref("series"),
            "The series it belongs to.",
            "\"research/series/forum\"",
        )
        .shared(),
        Field::new(
            "recurrence",
            Shape::Recurrence,
            "How it repeats: the page shows the next dates, the calendar carries the rule.",
            "\"FREQ=MONTHLY;BYDAY=2WE\"",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Event> {
    let event_kind = f.opt_text("kind").unwrap_or_else(|| "event".to_string());
    let zone = f.zone("timezone").map(|z| z.value);
    let start = f.local_datetime("start", zone.as_ref());
    let end = f.local_datetime("end", zone.as_ref());
    if let (Some(s), Some(e)) = (&start, &end)
        && e.value < s.value
    {
        f.t.ctx.push(
            f.t.error("end", e.span.clone(), "the event ends before it starts")
                .expected(format!("a time after {}", s.value.datetime()))
                .found(e.value.datetime().to_string()),
        );
    }
    let venue = f.opt_text("venue");
    let location = f.reference("location");
    let online_url = f.opt_text("online_url");
    let registration_url = f.opt_text("registration_url");
    let speakers = f.references("speakers");
    let series = f.reference("series");
    let recurrence = f.opt_text("recurrence");
    Some(Event {
        event_kind,
        start: start?.value,
        end: end?.value,
        venue,
        location,
        online_url,
        registration_url,
        speakers,
        series,
        recurrence,
    })
}
