use jiff::{Timestamp, ZonedDateTime};
use portico_formats::ical::{check_rrule, occurrences};

use crate::ical::zoned;

fn ts(s: &str) -> Timestamp {
    s.parse().expect("test timestamp")
}

fn just_before(z: &ZonedDateTime) -> Timestamp {
    z.timestamp() - jiff::SignedDuration::from_secs(1)
}

fn show(list: &[ZonedDateTime]) -> Vec<String> {
    list.iter()
        .map(|z| z.strftime("%Y-%m-%dT%H:%M%:z").to_string())
        .collect()
}

#[test]
fn second_wednesday_monthly() {
    let start = zoned("2026-10-14T16:00:00Z[UTC]");
    let got = occurrences(&start, "FREQ=MONTHLY;BYDAY=2WE", just_before(&start), 6).expect("valid");
    assert_eq!(
        show(&got),
        [
            "2026-10-14T16:00+00:00",
            "2026-11-11T16:00+00:00",
            "2026-12-09T16:00+00:00",
            "2027-01-13T16:00+00:00",
            "2027-02-10T16:00+00:00",
            "2027-03-10T16:00+00:00",
        ]
    );
    // Strictly after: the start itself is excluded when `after` is the start.
    let got = occurrences(&start, "FREQ=MONTHLY;BYDAY=2WE", start.timestamp(), 1).expect("valid");
    assert_eq!(show(&got), ["2026-11-11T16:00+00:00"]);
    let got = occurrences(&start, "FREQ=MONTHLY;BYDAY=2WE", ts("2027-05-01T00:00:00Z"), 2).expect("valid");
    assert_eq!(show(&got), ["2027-05-12T16:00+00:00", "2027-06-09T16:00+00:00"]);
}

#[test]
fn toronto_weekly_keeps_noon_across_the_november_change() {
    let start = zoned("2026-10-15T12:00:00-04:00[America/Toronto]");
    let got = occurrences(&start, "FREQ=WEEKLY", just_before(&start), 4).expect("valid");
    assert_eq!(
        show(&got),
        [
            "2026-10-15T12:00-04:00",
            "2026-10-22T12:00-04:00",
            "2026-10-29T12:00-04:00",
            "2026-11-05T12:00-05:00",
        ]
    );
    let utc: Vec<String> = got.iter().map(|z| z.timestamp().to_string()).collect();
    assert_eq!(utc[2], "2026-10-29T16:00:00Z");
    assert_eq!(utc[3], "2026-11-05T17:00:00Z");
    assert!(got.iter().all(|z| z.time_zone().iana_name() == Some("America/Toronto")));
}

#[test]
fn toronto_first_thursday_and_spring_change() {
    let start = zoned("2026-10-01T18:00:00-04:00[America/Toronto]");
    let got = occurrences(&start, "FREQ=MONTHLY;BYDAY=1TH", just_before(&start), 7).expect("valid");
    assert_eq!(
        show(&got),
        [
            "2026-10-01T18:00-04:00",
            "2026-11-05T18:00-05:00",
            "2026-12-03T18:00-05:00",
            "2027-01-07T18:00-05:00",
            "2027-02-04T18:00-05:00",
            "2027-03-04T18:00-05:00",
            "2027-04-01T18:00-04:00",
        ]
    );
}

#[test]
fn a_wall_time_in_the_spring_gap_moves_forward() {
    let start = zoned("2027-03-13T02:30:00-05:00[America/Toronto]");
    let got = occurrences(&start, "FREQ=DAILY;COUNT=3", just_before(&start), 10).expect("valid");
    assert_eq!(
        show(&got),
        [
            "2027-03-13T02:30-05:00",
            "2027-03-14T03:30-04:00",
            "2027-03-15T02:30-04:00"
        ]
    );
}

#[test]
fn count_until_interval_and_lists() {
    let start = zoned("2026-01-30T09:00:00Z[UTC]");
    let before = just_before(&start);
    let days = |rule: &str, n: usize| -> Vec<String> {
        occurrences(&start, rule, before, n)
            .expect(rule)
            .iter()
            .map(|z| z.date().to_string())
            .collect()
    };
    assert_eq!(
        days("FREQ=DAILY;COUNT=3", 10),
        ["2026-01-30", "2026-01-31", "2026-02-01"]
    );
    assert_eq!(
        days("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;UNTIL=20260223T090000Z", 10),
        ["2026-01-30", "2026-02-09", "2026-02-13", "2026-02-23"]
    );
    // Months without a 30th are skipped, not clamped.
    assert_eq!(
        days("FREQ=MONTHLY;COUNT=3", 10),
        ["2026-01-30", "2026-03-30", "2026-04-30"]
    );
    assert_eq!(
        days("FREQ=MONTHLY;BYMONTHDAY=-1", 3),
        ["2026-01-30", "2026-01-31", "2026-02-28"]
    );
    assert_eq!(
        days("FREQ=MONTHLY;BYDAY=-1FR", 3),
        ["2026-01-30", "2026-02-27", "2026-03-27"]
    );
    assert_eq!(
        days("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", 3),
        ["2026-01-30", "2026-11-26", "2027-11-25"]
    );
    assert_eq!(
        days("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", 3),
        ["2026-01-30", "2026-02-13", "2026-03-13"]
    );
    assert_eq!(
        days("FREQ=DAILY;BYMONTH=3;BYDAY=SU", 3),
        ["2026-01-30", "2026-03-01", "2026-03-08"]
    );
    assert_eq!(
        days("FREQ=YEARLY;UNTIL=20280130", 10),
        ["2026-01-30", "2027-01-30", "2028-01-30"]
    );
    assert!(days("FREQ=DAILY", 0).is_empty());
}

/// Compares with the `rrule` crate (a port of python-dateutil) on rules
/// whose start matches the rule, where both follow RFC 5545 the same way.
#[test]
fn agrees_with_the_rrule_crate() {
    let cases = [
        ("2026-10-14T16:00:00Z[UTC]", "FREQ=MONTHLY;BYDAY=2WE"),
        ("2026-10-15T12:00:00-04:00[America/Toronto]", "FREQ=WEEKLY;BYDAY=TH"),
        ("2026-10-01T18:00:00-04:00[America/Toronto]", "FREQ=MONTHLY;BYDAY=1TH"),
        ("2026-01-30T09:00:00-05:00[America/Toronto]", "FREQ=MONTHLY;BYDAY=-1FR"),
        (
            "2026-01-31T09:00:00-05:00[America/Toronto]",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
        ),
        (
            "2026-01-31T09:00:00-05:00[America/Toronto]",
            "FREQ=MONTHLY;BYMONTHDAY=31",
        ),
        (
            "2026-01-05T08:15:00+01:00[Europe/Berlin]",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR",
        ),
        (
            "2026-11-26T10:00:00-05:00[America/Toronto]",
            "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
        ),
        (
            "2026-02-13T10:00:00+00:00[Europe/London]",
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        ),
        ("2024-02-29T10:00:00+01:00[Europe/Berlin]", "FREQ=YEARLY"),
        (
            "2026-03-01T23:30:00+11:00[Australia/Sydney]",
            "FREQ=DAILY;INTERVAL=3;BYMONTH=3,4,10",
        ),
        (
            "2026-01-05T09:00:00-05:00[America/Toronto]",
            "FREQ=YEARLY;BYDAY=1MO,-1MO",
        ),
        (
            "2026-01-04T09:00:00-05:00[America/Toronto]",
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,TU",
        ),
    ];
    for (start, rule) in cases {
        let start = zoned(start);
        let ours = occurrences(&start, rule, just_before(&start), 40).expect(rule);
        let tzid = start.time_zone().iana_name().expect("named zone");
        let text = format!("DTSTART;TZID={tzid}:{}\nRRULE:{rule}", start.strftime("%Y%m%dT%H%M%S"));
        let set: rrule::RRuleSet = text.parse().expect("rrule crate parses");
        let theirs: Vec<i64> = set.all(40).dates.iter().map(|d| d.timestamp()).collect();
        let ours: Vec<i64> = ours.iter().map(|z| z.timestamp().as_second()).collect();
        assert_eq!(ours, theirs, "{rule} from {start}");
    }
}

#[test]
fn check_rrule_names_the_bad_part() {
    assert_eq!(check_rrule("FREQ=MONTHLY;BYDAY=2WE"), Ok(()));
    assert_eq!(
        check_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,-1FR".replace(",-1FR", "").as_str()),
        Ok(())
    );
    assert_eq!(check_rrule("freq=yearly;bymonth=11;byday=4th"), Ok(()));
    let err = |v: &str| check_rrule(v).expect_err(v);
    assert!(err("FREQ=MONTHLY;BYDAY=2XX").contains("`2XX`"));
    assert!(err("BYDAY=MO").contains("FREQ"));
    assert!(err("FREQ=FORTNIGHTLY").contains("FORTNIGHTLY"));
    assert!(err("FREQ=DAILY;COUNT=3;UNTIL=20270101").contains("COUNT and UNTIL"));
    assert!(err("FREQ=DAILY;COUNT=0").contains("COUNT=0"));
    assert!(err("FREQ=DAILY;INTERVAL=x").contains("INTERVAL=X"));
    assert!(err("FREQ=WEEKLY;BYDAY=2WE").contains("`2WE`"));
    assert!(err("FREQ=MONTHLY;BYDAY=6MO").contains("`6MO`"));
    assert!(err("FREQ=MONTHLY;BYMONTHDAY=32").contains("`32`"));
    assert!(err("FREQ=YEARLY;BYMONTH=13").contains("`13`"));
    assert!(err("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO").contains("BYSETPOS"));
    assert!(err("FREQ=DAILY;UNTIL=2027-01-01").contains("UNTIL=2027-01-01"));
    assert!(err("FREQ=DAILY;FREQ=WEEKLY").contains("more than once"));
    assert!(err("FREQ=DAILY;COLOR=red").contains("COLOR"));
    assert!(err("FREQ=DAILY;;").contains("NAME=VALUE"));
    assert!(!err("FREQ=HOURLY").contains('\n'));
    let start = zoned("2026-10-14T16:00:00Z[UTC]");
    assert!(occurrences(&start, "FREQ=MONTHLY;BYDAY=2XX", start.timestamp(), 3).is_err());
}
