use std::collections::BTreeSet;

use icalendar::parser::{Component, Property, read_calendar, unfold};
use jiff::{Timestamp, ZonedDateTime};
use portico_formats::ical::{CalEvent, Calendar, ics};

pub fn zoned(s: &str) -> ZonedDateTime {
    s.parse().expect("test time")
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("test timestamp")
}

const LONG: &str = "Bring a laptop, a charger; and questions.\nThe session covers tide gauges, \
    wave buoys and satellite altimetry — with a short talk in Arabic: محاضرة قصيرة عن مستوى سطح البحر. \
    Zoë Ångström chairs.";

fn sample() -> Calendar {
    Calendar {
        name: "Halcyon events, Toronto; online".into(),
        prod_id: "-//Halcyon//Portico//EN".into(),
        url: Some("https://halcyon.example.org/events/calendar.ics".into()),
        events: vec![
            CalEvent {
                uid: "data-clinic@halcyon.example.org".into(),
                summary: "Data clinic: tides, waves; and more".into(),
                description: Some(LONG.into()),
                url: Some("https://halcyon.example.org/events/data-clinic".into()),
                start: zoned("2026-10-14T16:00:00Z[UTC]"),
                end: zoned("2026-10-14T17:30:00Z[UTC]"),
                location: Some("قاعة المحيط, Building 2; Room 3".into()),
                online_url: Some("https://meet.example.org/clinic?id=7&pw=x".into()),
                rrule: Some("FREQ=MONTHLY;BYDAY=2WE".into()),
                categories: vec!["Clinic, open".into(), "Data".into()],
                organizer: Some("Zoë Ångström <zoe@halcyon.example.org>".into()),
                stamp: ts("2026-09-01T08:00:00Z"),
            },
            CalEvent {
                uid: "toronto-seminar@halcyon.example.org".into(),
                summary: "Toronto seminar".into(),
                description: None,
                url: None,
                start: zoned("2026-10-15T12:00:00-04:00[America/Toronto]"),
                end: zoned("2026-10-15T13:00:00-04:00[America/Toronto]"),
                location: Some("Toronto".into()),
                online_url: Some("https://meet.example.org/seminar".into()),
                rrule: Some("FREQ=WEEKLY;COUNT=8".into()),
                categories: vec![],
                organizer: Some("The Seminar Committee".into()),
                stamp: ts("2026-09-01T08:00:00Z"),
            },
            CalEvent {
                uid: "first-thursday@halcyon.example.org".into(),
                summary: "First Thursday".into(),
                description: Some("Monthly".into()),
                url: Some("https://halcyon.example.org/events/first-thursday".into()),
                start: zoned("2026-10-01T18:00:00-04:00[America/Toronto]"),
                end: zoned("2026-10-01T19:00:00-04:00[America/Toronto]"),
                location: None,
                online_url: None,
                rrule: Some("FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630T235959".into()),
                categories: vec!["Social".into()],
                organizer: Some("events@halcyon.example.org".into()),
                stamp: ts("2026-09-01T08:00:00Z"),
            },
            CalEvent {
                uid: "tokyo@halcyon.example.org".into(),
                summary: "Tokyo workshop".into(),
                description: None,
                url: None,
                start: zoned("2027-04-01T10:00:00+09:00[Asia/Tokyo]"),
                end: zoned("2027-04-01T12:00:00+09:00[Asia/Tokyo]"),
                location: None,
                online_url: None,
                rrule: None,
                categories: vec![],
                organizer: None,
                stamp: ts("2026-09-01T08:00:00Z"),
            },
        ],
    }
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> &'a Property<'a> {
    c.properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .unwrap_or_else(|| panic!("{} has no {name}", c.name.as_str()))
}

fn val<'a>(c: &'a Component<'a>, name: &str) -> &'a str {
    prop(c, name).val.as_str()
}

fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str() == key)
        .and_then(|x| x.val.as_ref().map(|v| v.as_str()))
}

/// Every physical line is at most 75 octets and ends with CRLF.
pub fn lines_fit(text: &str) -> Result<(), String> {
    if !text.ends_with("\r\n") {
        return Err("does not end with CRLF".into());
    }
    for (i, line) in text[..text.len() - 2].split("\r\n").enumerate() {
        if line.contains('\n') || line.contains('\r') {
            return Err(format!("line {} has a bare CR or LF", i + 1));
        }
        if line.len() > 75 {
            return Err(format!("line {} has {} octets", i + 1, line.len()));
        }
    }
    Ok(())
}

#[test]
fn calendar_parses_and_every_property_round_trips() {
    let cal = sample();
    let text = ics(&cal);
    let unfolded = unfold(&text);
    let parsed = read_calendar(&unfolded).expect("icalendar parses the calendar");

    let p = |n: &str| {
        parsed
            .properties
            .iter()
            .find(|p| p.name.as_str() == n)
            .map(|p| p.val.as_str().to_owned())
    };
    assert_eq!(p("VERSION").as_deref(), Some("2.0"));
    assert_eq!(p("PRODID").as_deref(), Some("-//Halcyon//Portico//EN"));
    assert_eq!(p("METHOD").as_deref(), Some("PUBLISH"));
    assert_eq!(p("X-WR-CALNAME").as_deref(), Some(cal.name.as_str()));
    assert_eq!(p("URL").as_deref(), cal.url.as_deref());

    let events: Vec<&Component> = parsed
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), 4);

    // 1: UTC, page and meeting link, organizer with a name.
    let e = events[0];
    assert_eq!(val(e, "UID"), "data-clinic@halcyon.example.org");
    assert_eq!(val(e, "DTSTAMP"), "20260901T080000Z");
    assert_eq!(val(e, "DTSTART"), "20261014T160000Z");
    assert_eq!(param(prop(e, "DTSTART"), "TZID"), None);
    assert_eq!(val(e, "DTEND"), "20261014T173000Z");
    assert_eq!(val(e, "RRULE"), "FREQ=MONTHLY;BYDAY=2WE");
    assert_eq!(val(e, "SUMMARY"), "Data clinic: tides, waves; and more");
    assert_eq!(
        val(e, "DESCRIPTION"),
        format!("{LONG}\n\nOnline: https://meet.example.org/clinic?id=7&pw=x")
    );
    assert_eq!(val(e, "LOCATION"), "قاعة المحيط, Building 2; Room 3");
    assert_eq!(val(e, "URL"), "https://halcyon.example.org/events/data-clinic");
    assert_eq!(val(e, "CONFERENCE"), "https://meet.example.org/clinic?id=7&pw=x");
    assert_eq!(param(prop(e, "CONFERENCE"), "VALUE"), Some("URI"));
    assert_eq!(val(e, "ORGANIZER"), "mailto:zoe@halcyon.example.org");
    assert_eq!(param(prop(e, "ORGANIZER"), "CN"), Some("Zoë Ångström"));
    // CATEGORIES is a list: the comma inside the first one stays escaped.
    assert!(text.contains("CATEGORIES:Clinic\\, open,Data\r\n"));

    // 2: Toronto, meeting link only, organizer without an address.
    let e = events[1];
    assert_eq!(val(e, "DTSTART"), "20261015T120000");
    assert_eq!(param(prop(e, "DTSTART"), "TZID"), Some("America/Toronto"));
    assert_eq!(val(e, "DTEND"), "20261015T130000");
    assert_eq!(param(prop(e, "DTEND"), "TZID"), Some("America/Toronto"));
    assert_eq!(val(e, "RRULE"), "FREQ=WEEKLY;COUNT=8");
    assert_eq!(val(e, "URL"), "https://meet.example.org/seminar");
    assert_eq!(val(e, "DESCRIPTION"), "Organizer: The Seminar Committee");
    assert!(e.properties.iter().all(|p| p.name.as_str() != "ORGANIZER"));

    // 3: a local UNTIL is written in UTC, as RFC 5545 requires with TZID.
    let e = events[2];
    assert_eq!(val(e, "RRULE"), "FREQ=MONTHLY;UNTIL=20270701T035959Z;BYDAY=1TH");
    assert_eq!(val(e, "ORGANIZER"), "mailto:events@halcyon.example.org");
    assert_eq!(val(e, "CATEGORIES"), "Social");

    // 4: a zone without DST.
    let e = events[3];
    assert_eq!(param(prop(e, "DTSTART"), "TZID"), Some("Asia/Tokyo"));
    assert!(e.properties.iter().all(|p| p.name.as_str() != "RRULE"));
}

#[test]
fn lines_are_folded_crlf_and_never_split_a_character() {
    let text = ics(&sample());
    lines_fit(&text).expect("well-formed lines");
    assert!(text.contains("\r\n "), "the long description must be folded");
    // Folding happened in Arabic text too, and each piece is valid UTF-8 by
    // construction of &str; unfolding restores the exact escaped value.
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("LOCATION:قاعة المحيط\\, Building 2\\; Room 3\r\n"));
    assert!(unfolded.contains("DESCRIPTION:Bring a laptop\\, a charger\\; and questions.\\nThe session"));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));

    // The check itself catches the faults it looks for.
    assert!(lines_fit(&format!("X:{}\r\n", "a".repeat(80))).is_err());
    assert!(lines_fit("A:1\nB:2\r\n").is_err());
    assert!(lines_fit("A:1").is_err());
}

#[test]
fn a_vtimezone_for_every_tzid() {
    let text = ics(&sample());
    let unfolded = unfold(&text);
    let parsed = read_calendar(&unfolded).expect("parses");
    let used: BTreeSet<&str> = parsed
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .flat_map(|c| c.properties.iter())
        .filter_map(|p| param(p, "TZID"))
        .collect();
    let defined: BTreeSet<&str> = parsed
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VTIMEZONE")
        .map(|c| val(c, "TZID"))
        .collect();
    assert_eq!(used, BTreeSet::from(["America/Toronto", "Asia/Tokyo"]));
    assert_eq!(used, defined);

    let zone = |name: &str| {
        parsed
            .components
            .iter()
            .find(|c| c.name.as_str() == "VTIMEZONE" && val(c, "TZID") == name)
            .expect("zone")
    };
    // Toronto: events in 2026, so transitions from 2025 to 2028.
    let toronto = zone("America/Toronto");
    let subs: Vec<(String, String, String, String)> = toronto
        .components
        .iter()
        .map(|c| {
            (
                c.name.as_str().to_owned(),
                val(c, "DTSTART").to_owned(),
                val(c, "TZOFFSETFROM").to_owned(),
                val(c, "TZOFFSETTO").to_owned(),
            )
        })
        .collect();
    assert_eq!(subs.len(), 8, "{subs:?}");
    assert_eq!(
        subs[0],
        (
            "DAYLIGHT".into(),
            "20250309T020000".into(),
            "-0500".into(),
            "-0400".into()
        )
    );
    assert!(subs.contains(&(
        "STANDARD".into(),
        "20261101T020000".into(),
        "-0400".into(),
        "-0500".into()
    )));
    assert!(subs.contains(&(
        "DAYLIGHT".into(),
        "20270314T020000".into(),
        "-0500".into(),
        "-0400".into()
    )));
    assert_eq!(
        subs[7],
        (
            "STANDARD".into(),
            "20281105T020000".into(),
            "-0400".into(),
            "-0500".into()
        )
    );
    assert_eq!(val(&toronto.components[0], "TZNAME"), "EDT");

    // Tokyo has had no change in the span: one STANDARD.
    let tokyo = zone("Asia/Tokyo");
    assert_eq!(tokyo.components.len(), 1);
    let std = &tokyo.components[0];
    assert_eq!(std.name.as_str(), "STANDARD");
    assert_eq!(val(std, "TZOFFSETFROM"), "+0900");
    assert_eq!(val(std, "TZOFFSETTO"), "+0900");
}

#[test]
fn utc_only_calendar_has_no_vtimezone() {
    let mut cal = sample();
    cal.events.truncate(1);
    let text = ics(&cal);
    assert!(!text.contains("VTIMEZONE"));
    assert!(!text.contains("TZID"));
}

#[test]
fn an_invalid_rrule_is_left_out() {
    let mut cal = sample();
    cal.events[0].rrule = Some("FREQ=MONTHLY;BYDAY=2XX".into());
    let text = ics(&cal);
    assert!(!text.contains("RRULE:FREQ=MONTHLY;BYDAY=2"));
}

#[test]
fn the_parser_rejects_broken_calendars() {
    let text = ics(&sample());
    assert!(read_calendar(&unfold(&text)).is_ok());
    // A property line without a value separator is not iCalendar.
    let broken = text.replacen("SUMMARY:Data clinic", "SUMMARY Data clinic", 1);
    assert!(
        read_calendar(&unfold(&broken)).is_err(),
        "a line without ':' must not parse"
    );
}
