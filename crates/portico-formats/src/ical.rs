//! iCalendar (RFC 5545) calendars with time zones, and recurrence rules.
//!
//! Where an event has both a page (`url`) and an online meeting link
//! (`online_url`), `URL` carries the page, the meeting link goes in a
//! `CONFERENCE` property (RFC 7986) and in a last "Online: ..." line of the
//! description, since many clients ignore `CONFERENCE`. With no page, `URL`
//! carries the meeting link (and `CONFERENCE` too).

mod rrule;

use std::collections::BTreeMap;

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ZonedDateTime, civil::DateTime};

pub use rrule::{check_rrule, occurrences};

/// A calendar to publish (`METHOD:PUBLISH`).
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Shown by clients as the calendar's name (`X-WR-CALNAME`, `NAME`).
    pub name: String,
    /// `PRODID`, like "-//Halcyon//Portico//EN".
    pub prod_id: String,
    /// Where the calendar itself lives (`URL`, RFC 7986).
    pub url: Option<String>,
    pub events: Vec<CalEvent>,
}

/// One event (`VEVENT`).
#[derive(Clone, Debug, PartialEq)]
pub struct CalEvent {
    /// Globally unique and stable, like "seminar-2026@example.org".
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    /// The event's page.
    pub url: Option<String>,
    /// Start; its time zone is written as `TZID` with a `VTIMEZONE`.
    pub start: ZonedDateTime,
    pub end: ZonedDateTime,
    pub location: Option<String>,
    /// Video meeting or stream link.
    pub online_url: Option<String>,
    /// An RRULE value without the "RRULE:" prefix, like "FREQ=MONTHLY;BYDAY=2WE".
    pub rrule: Option<String>,
    pub categories: Vec<String>,
    /// "Name <mail@example.org>", "mail@example.org", a URI, or a plain
    /// name; a plain name has no address for `ORGANIZER`, so it is written
    /// as an "Organizer: ..." line of the description instead.
    pub organizer: Option<String>,
    /// `DTSTAMP`: when this version of the event was made.
    pub stamp: Timestamp,
}

/// Renders `cal` as an iCalendar stream: CRLF line ends, lines folded at 75
/// octets, TEXT values escaped, and one `VTIMEZONE` for every `TZID` used.
///
/// Times in UTC (or in a zone with no IANA name, such as a fixed offset) are
/// written in the UTC `Z` form. An RRULE is normalized (parts in a fixed
/// order, a local `UNTIL` turned into UTC as RFC 5545 requires); one that
/// [`check_rrule`] rejects is left out rather than published broken.
pub fn ics(cal: &Calendar) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{}", text(&cal.prod_id)),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(&cal.name)),
        format!("NAME:{}", text(&cal.name)),
    ];
    if let Some(url) = &cal.url {
        lines.push(format!("URL:{}", uri(url)));
    }

    // Years used per zone, for the span of each VTIMEZONE.
    let mut zones: BTreeMap<String, (TimeZone, i16, i16)> = BTreeMap::new();
    for ev in &cal.events {
        for zdt in [&ev.start, &ev.end] {
            if let Some(name) = tzid(zdt) {
                let year = zdt.date().year();
                zones
                    .entry(name.to_owned())
                    .and_modify(|(_, lo, hi)| {
                        *lo = (*lo).min(year);
                        *hi = (*hi).max(year);
                    })
                    .or_insert_with(|| (zdt.time_zone().clone(), year, year));
            }
        }
    }
    for (name, (tz, lo, hi)) in &zones {
        vtimezone(&mut lines, name, tz, *lo, *hi);
    }

    for ev in &cal.events {
        event(&mut lines, ev);
    }
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

fn event(lines: &mut Vec<String>, ev: &CalEvent) {
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", text(&ev.uid)));
    lines.push(format!("DTSTAMP:{}", utc_form(ev.stamp)));
    lines.push(date_time_property("DTSTART", &ev.start));
    lines.push(date_time_property("DTEND", &ev.end));
    if let Some(rule) = &ev.rrule
        && let Ok(rule) = rrule::Rule::parse(rule)
    {
        lines.push(format!("RRULE:{}", rule.normalized_for(&ev.start)));
    }
    lines.push(format!("SUMMARY:{}", text(&ev.summary)));

    let mut organizer_line = None;
    let mut description: Vec<String> = ev.description.iter().cloned().collect();
    if let Some(org) = &ev.organizer {
        match organizer(org) {
            Some(prop) => organizer_line = Some(prop),
            None => description.push(format!("Organizer: {}", org.trim())),
        }
    }
    let page = ev.url.as_ref().or(ev.online_url.as_ref());
    if let (Some(_), Some(online)) = (&ev.url, &ev.online_url) {
        description.push(format!("Online: {online}"));
    }
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(&description.join("\n\n"))));
    }
    if let Some(location) = &ev.location {
        lines.push(format!("LOCATION:{}", text(location)));
    }
    if let Some(page) = page {
        lines.push(format!("URL:{}", uri(page)));
    }
    if let Some(online) = &ev.online_url {
        lines.push(format!("CONFERENCE;VALUE=URI;FEATURE=VIDEO:{}", uri(online)));
    }
    if !ev.categories.is_empty() {
        let list: Vec<String> = ev.categories.iter().map(|c| text(c)).collect();
        lines.push(format!("CATEGORIES:{}", list.join(",")));
    }
    if let Some(line) = organizer_line {
        lines.push(line);
    }
    lines.push("END:VEVENT".into());
}

/// `ORGANIZER` for "Name <addr>", a bare e-mail address or a URI; `None`
/// for a plain name.
fn organizer(org: &str) -> Option<String> {
    let org = org.trim();
    let (name, addr) = match (org.rfind('<'), org.ends_with('>')) {
        (Some(i), true) => (Some(org[..i].trim()), org[i + 1..org.len() - 1].trim()),
        _ => (None, org),
    };
    let value = if addr.contains(':') && !addr.contains(' ') {
        addr.to_owned()
    } else if addr.contains('@') && !addr.contains(' ') {
        format!("mailto:{addr}")
    } else {
        return None;
    };
    Some(match name.filter(|n| !n.is_empty()) {
        Some(name) => format!("ORGANIZER;CN={}:{}", param(name), uri(&value)),
        None => format!("ORGANIZER:{}", uri(&value)),
    })
}

/// The `TZID` for a zoned time, or `None` when it is written in UTC.
fn tzid(zdt: &ZonedDateTime) -> Option<&str> {
    let name = zdt.time_zone().iana_name()?;
    let utc = ["UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"];
    (!utc.iter().any(|u| u.eq_ignore_ascii_case(name))).then_some(name)
}

fn date_time_property(prop: &str, zdt: &ZonedDateTime) -> String {
    match tzid(zdt) {
        Some(name) => format!("{prop};TZID={}:{}", param(name), local_form(zdt.datetime())),
        None => format!("{prop}:{}", utc_form(zdt.timestamp())),
    }
}

/// `20261014T160000Z`
pub(crate) fn utc_form(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `20261014T120000`
pub(crate) fn local_form(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A `VTIMEZONE` with every transition from January of the year before
/// `first_year` to the end of two years after `last_year`; a single
/// `STANDARD` when there is none in that span.
fn vtimezone(lines: &mut Vec<String>, name: &str, tz: &TimeZone, first_year: i16, last_year: i16) {
    let year_start = |y: i16| {
        jiff::civil::date(y, 1, 1)
            .at(0, 0, 0, 0)
            .to_zoned_datetime(TimeZone::UTC)
            .map(|z| z.timestamp())
            .ok()
    };
    let from = year_start(first_year.saturating_sub(1).max(1)).unwrap_or(Timestamp::UNIX_EPOCH);
    let until = year_start(last_year.saturating_add(3).min(9999)).unwrap_or(Timestamp::MAX);

    lines.push("BEGIN:VTIMEZONE".into());
    lines.push(format!("TZID:{}", text(name)));
    let mut any = false;
    for tr in tz.following(from).take_while(|tr| tr.timestamp() < until) {
        any = true;
        let before = tz.to_offset(tr.timestamp() - SignedDuration::from_secs(1));
        let kind = if tr.dst().is_dst() { "DAYLIGHT" } else { "STANDARD" };
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", local_form(before.to_datetime(tr.timestamp()))));
        lines.push(format!("TZOFFSETFROM:{}", offset(before)));
        lines.push(format!("TZOFFSETTO:{}", offset(tr.offset())));
        if !tr.abbreviation().is_empty() {
            lines.push(format!("TZNAME:{}", text(tr.abbreviation())));
        }
        lines.push(format!("END:{kind}"));
    }
    if !any {
        let info = tz.to_offset_info(from);
        lines.push("BEGIN:STANDARD".into());
        lines.push("DTSTART:19700101T000000".into());
        lines.push(format!("TZOFFSETFROM:{}", offset(info.offset())));
        lines.push(format!("TZOFFSETTO:{}", offset(info.offset())));
        if !info.abbreviation().is_empty() {
            lines.push(format!("TZNAME:{}", text(info.abbreviation())));
        }
        lines.push("END:STANDARD".into());
    }
    lines.push("END:VTIMEZONE".into());
}

/// UTC-OFFSET: `-0500`, `+0530`, `+013045` when there are seconds.
fn offset(off: Offset) -> String {
    let secs = off.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// Escapes a TEXT value: `\\`, `\;`, `\,`, `\n`; drops CR and other
/// control characters (RFC 5545 allows none but HTAB).
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: no escaping, but no control characters or spaces either.
fn uri(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| c.to_string())
        .map(|c| if c == " " { "%20".to_owned() } else { c })
        .collect()
}

/// A parameter value, quoted when it holds `:`, `;` or `,`; `"` and control
/// characters cannot appear in one and are dropped.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|&c| c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Appends `line` folded to lines of at most 75 octets (continuations begin
/// with a space), never splitting a UTF-8 character, each ended by CRLF.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_respects_octets_and_characters() {
        let line = format!("DESCRIPTION:{}", "Zoë Ångström عربي ".repeat(12));
        let mut out = String::new();
        fold_into(&mut out, &line);
        assert!(out.ends_with("\r\n"));
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 3);
        for (i, l) in physical.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_escaping() {
        assert_eq!(text("a\\b; c, d\r\ne\u{7}"), "a\\\\b\\; c\\, d\\ne");
    }

    #[test]
    fn offsets() {
        let o = |s| Offset::from_seconds(s).unwrap_or(Offset::UTC);
        assert_eq!(offset(o(-5 * 3600)), "-0500");
        assert_eq!(offset(o(5 * 3600 + 1800)), "+0530");
        assert_eq!(offset(o(3600 + 30 * 60 + 45)), "+013045");
        assert_eq!(offset(o(0)), "+0000");
    }

    #[test]
    fn organizer_forms() {
        assert_eq!(
            organizer("Zoë Ångström <zoe@example.org>").as_deref(),
            Some("ORGANIZER;CN=Zoë Ångström:mailto:zoe@example.org")
        );
        assert_eq!(
            organizer("events@example.org").as_deref(),
            Some("ORGANIZER:mailto:events@example.org")
        );
        assert_eq!(
            organizer("Lab, Inc. <x@example.org>").as_deref(),
            Some("ORGANIZER;CN=\"Lab, Inc.\":mailto:x@example.org")
        );
        assert_eq!(organizer("The Seminar Committee"), None);
    }
}
