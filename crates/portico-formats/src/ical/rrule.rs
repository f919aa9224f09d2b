//! RRULE parsing and expansion for the subset sites use: FREQ=DAILY, WEEKLY,
//! MONTHLY or YEARLY with INTERVAL, COUNT, UNTIL, BYDAY (with ordinals such
//! as `2WE` or `-1FR`), BYMONTHDAY, BYMONTH and WKST.
//!
//! Expansion works on civil dates and keeps the start's wall-clock time in
//! its zone, so a 12:00 Toronto seminar stays at 12:00 across DST changes. A
//! wall time that falls in a DST gap moves forward by the gap, one that falls
//! in a fold takes the earlier instant (RFC 5545 section 3.3.5).

use std::fmt;

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, ZonedDateTime};

const SUPPORTED: &str = "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Until {
    Utc(Timestamp),
    Local(DateTime),
    Date(Date),
}

/// A parsed RRULE value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<Until>,
    by_day: Vec<(Option<i8>, Weekday)>,
    by_month_day: Vec<i8>,
    by_month: Vec<i8>,
    wkst: Option<Weekday>,
}

/// Checks an RRULE value (without the "RRULE:" prefix) against RFC 5545 and
/// the supported subset; the error is one line naming the bad part.
pub fn check_rrule(value: &str) -> Result<(), String> {
    Rule::parse(value).map(|_| ())
}

/// The next `count` starts of the series that begins at `start` and repeats
/// by `rrule`, strictly after `after`, in `start`'s time zone with its local
/// wall time kept across DST changes. `start` itself is the first occurrence
/// (and counts towards COUNT) as RFC 5545 says.
pub fn occurrences(
    start: &ZonedDateTime,
    rrule: &str,
    after: Timestamp,
    count: usize,
) -> Result<Vec<ZonedDateTime>, String> {
    let rule = Rule::parse(rrule)?;
    let mut out = Vec::with_capacity(count.min(1024));
    if count == 0 {
        return Ok(out);
    }
    rule.expand(start, |zdt| {
        if zdt.timestamp() > after {
            out.push(zdt);
        }
        out.len() < count
    });
    Ok(out)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

fn weekday_code(wd: Weekday) -> &'static str {
    match wd {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

fn positive(name: &str, value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("RRULE {name}={value}: expected a whole number of at least 1")),
    }
}

/// A comma list of non-zero integers within `-max..=max`.
fn signed_list(name: &str, value: &str, min: i8, max: i8) -> Result<Vec<i8>, String> {
    value
        .split(',')
        .map(|item| {
            let n: i8 = item
                .trim_start_matches('+')
                .parse()
                .map_err(|_| format!("RRULE {name}={value}: `{item}` is not a number"))?;
            if n == 0 || n > max || n < min {
                let range = if min < 0 {
                    format!("1 to {max} or -{max} to -1")
                } else {
                    format!("1 to {max}")
                };
                return Err(format!("RRULE {name}={value}: `{item}` is out of range ({range})"));
            }
            Ok(n)
        })
        .collect()
}

fn parse_until(value: &str) -> Result<Until, String> {
    let bad = || format!("RRULE UNTIL={value}: expected a date like 20261231 or a time like 20261231T235959Z");
    if value.len() == 8 {
        let d = Date::strptime("%Y%m%d", value).map_err(|_| bad())?;
        return Ok(Until::Date(d));
    }
    if let Some(local) = value.strip_suffix('Z') {
        let dt = DateTime::strptime("%Y%m%dT%H%M%S", local).map_err(|_| bad())?;
        let ts = dt.to_zoned_datetime(TimeZone::UTC).map_err(|_| bad())?.timestamp();
        return Ok(Until::Utc(ts));
    }
    DateTime::strptime("%Y%m%dT%H%M%S", value)
        .map(Until::Local)
        .map_err(|_| bad())
}

impl Rule {
    pub(crate) fn parse(value: &str) -> Result<Rule, String> {
        let value = value.trim();
        let value = value
            .strip_prefix("RRULE:")
            .or_else(|| value.strip_prefix("rrule:"))
            .unwrap_or(value);
        if value.is_empty() {
            return Err("empty RRULE".into());
        }
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            wkst: None,
        };
        let mut seen: Vec<String> = Vec::new();
        for part in value.split(';') {
            let Some((name, val)) = part.split_once('=') else {
                return Err(format!("RRULE part `{part}` is not NAME=VALUE"));
            };
            let name = name.trim().to_ascii_uppercase();
            let val = val.trim().to_ascii_uppercase();
            if seen.contains(&name) {
                return Err(format!("RRULE part {name} appears more than once"));
            }
            if val.is_empty() {
                return Err(format!("RRULE part {name} has no value"));
            }
            seen.push(name.clone());
            match name.as_str() {
                "FREQ" => {
                    freq = Some(match val.as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        "SECONDLY" | "MINUTELY" | "HOURLY" => {
                            return Err(format!(
                                "RRULE FREQ={val} is valid iCalendar but not supported here \
                                 (use DAILY, WEEKLY, MONTHLY or YEARLY)"
                            ));
                        }
                        _ => {
                            return Err(format!("RRULE FREQ={val}: expected DAILY, WEEKLY, MONTHLY or YEARLY"));
                        }
                    });
                }
                "INTERVAL" => rule.interval = positive("INTERVAL", &val)?,
                "COUNT" => rule.count = Some(positive("COUNT", &val)?),
                "UNTIL" => rule.until = Some(parse_until(&val)?),
                "BYMONTH" => rule.by_month = signed_list("BYMONTH", &val, 1, 12)?,
                "BYMONTHDAY" => rule.by_month_day = signed_list("BYMONTHDAY", &val, -31, 31)?,
                "WKST" => {
                    rule.wkst = Some(
                        weekday(&val)
                            .ok_or_else(|| format!("RRULE WKST={val}: expected one of MO, TU, WE, TH, FR, SA, SU"))?,
                    );
                }
                "BYDAY" => {
                    for item in val.split(',') {
                        let split = item.len().saturating_sub(2);
                        let (num, code) = item.split_at(if item.is_char_boundary(split) { split } else { 0 });
                        let wd = weekday(code).ok_or_else(|| {
                            format!(
                                "RRULE BYDAY={val}: `{item}` does not end in a weekday \
                                 (MO, TU, WE, TH, FR, SA, SU)"
                            )
                        })?;
                        let ord = if num.is_empty() {
                            None
                        } else {
                            let n: i8 = num
                                .trim_start_matches('+')
                                .parse()
                                .map_err(|_| format!("RRULE BYDAY={val}: `{num}` in `{item}` is not a number"))?;
                            if n == 0 || !(-53..=53).contains(&n) {
                                return Err(format!(
                                    "RRULE BYDAY={val}: `{item}` has an ordinal out of range \
                                     (1 to 53 or -53 to -1)"
                                ));
                            }
                            Some(n)
                        };
                        rule.by_day.push((ord, wd));
                    }
                }
                "BYSETPOS" | "BYYEARDAY" | "BYWEEKNO" | "BYHOUR" | "BYMINUTE" | "BYSECOND" => {
                    return Err(format!(
                        "RRULE part {name} is valid iCalendar but not supported here \
                         (supported: {SUPPORTED})"
                    ));
                }
                _ if name.starts_with("X-") => {
                    return Err(format!("RRULE extension part {name} is not supported"));
                }
                _ => return Err(format!("unknown RRULE part `{name}` (supported: {SUPPORTED})")),
            }
        }
        rule.freq = freq.ok_or("RRULE needs a FREQ part, like FREQ=WEEKLY")?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err("RRULE cannot have both COUNT and UNTIL".into());
        }
        if let Some(&(Some(n), wd)) = rule.by_day.iter().find(|(n, _)| n.is_some()) {
            let item = format!("{n}{}", weekday_code(wd));
            match rule.freq {
                Freq::Daily | Freq::Weekly => {
                    return Err(format!(
                        "RRULE BYDAY `{item}`: a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY"
                    ));
                }
                Freq::Monthly if !(-5..=5).contains(&n) => {
                    return Err(format!("RRULE BYDAY `{item}`: a month has at most 5 of each weekday"));
                }
                Freq::Yearly if !rule.by_month.is_empty() && !(-5..=5).contains(&n) => {
                    return Err(format!(
                        "RRULE BYDAY `{item}`: with BYMONTH the number counts within the month \
                         (at most 5)"
                    ));
                }
                _ => {}
            }
        }
        if rule.freq == Freq::Weekly && !rule.by_month_day.is_empty() {
            return Err("RRULE BYMONTHDAY cannot be used with FREQ=WEEKLY".into());
        }
        Ok(rule)
    }

    /// The rule as written in a calendar whose DTSTART is `start`: a local
    /// UNTIL becomes UTC when the start has a zone, as RFC 5545 requires.
    pub(crate) fn normalized_for(&self, start: &ZonedDateTime) -> String {
        let mut rule = self.clone();
        if let Some(Until::Local(dt)) = rule.until
            && let Ok(zdt) = start.time_zone().to_ambiguous_zoned_datetime(dt).compatible()
        {
            rule.until = Some(Until::Utc(zdt.timestamp()));
        }
        rule.to_string()
    }

    /// Calls `emit` with each occurrence in order until it returns false or
    /// the series ends (COUNT, UNTIL, or the end of the calendar).
    fn expand(&self, start: &ZonedDateTime, mut emit: impl FnMut(ZonedDateTime) -> bool) {
        let tz = start.time_zone().clone();
        let time = start.datetime().time();
        let first = start.date();
        let mut emitted: u32 = 0;

        let within_until = |zdt: &ZonedDateTime| match self.until {
            None => true,
            Some(Until::Utc(ts)) => zdt.timestamp() <= ts,
            Some(Until::Local(dt)) => zdt.datetime() <= dt,
            Some(Until::Date(d)) => zdt.date() <= d,
        };
        let mut take = |zdt: ZonedDateTime| -> bool {
            if !within_until(&zdt) || self.count.is_some_and(|c| emitted >= c) {
                return false;
            }
            emitted += 1;
            emit(zdt)
        };

        if !take(start.clone()) {
            return;
        }
        let mut candidates = Vec::new();
        for k in 0.. {
            let Some(period) = self.period(first, k) else {
                return;
            };
            candidates.clear();
            self.candidates(period, first, &mut candidates);
            candidates.sort();
            candidates.dedup();
            for &date in candidates.iter().filter(|&&d| d > first) {
                let Ok(zdt) = tz.to_ambiguous_zoned_datetime(date.to_datetime(time)).compatible() else {
                    continue;
                };
                if !take(zdt) {
                    return;
                }
            }
        }
    }

    /// The first day of the `k`-th period (day, week, month or year) of the
    /// series, or `None` past the end of the calendar.
    fn period(&self, first: Date, k: i64) -> Option<Date> {
        let step = i64::from(self.interval).checked_mul(k)?;
        let date = match self.freq {
            Freq::Daily => first.checked_add(step.days()).ok()?,
            Freq::Weekly => {
                let wkst = self.wkst.unwrap_or(Weekday::Monday);
                let back = i64::from(first.weekday().since(wkst));
                first.checked_add((step.checked_mul(7)? - back).days()).ok()?
            }
            Freq::Monthly => first.first_of_month().checked_add(step.months()).ok()?,
            Freq::Yearly => Date::new(first.year(), 1, 1).ok()?.checked_add(step.years()).ok()?,
        };
        (date.year() < 9999).then_some(date)
    }

    fn candidates(&self, period: Date, first: Date, out: &mut Vec<Date>) {
        let month_ok = |d: Date| self.by_month.is_empty() || self.by_month.contains(&d.month());
        match self.freq {
            Freq::Daily => {
                let day_ok = self.by_month_day.is_empty()
                    || self.by_month_day.iter().any(|&n| month_day(period, n) == Some(period));
                let wd_ok = self.by_day.is_empty() || self.by_day.iter().any(|&(_, wd)| wd == period.weekday());
                if month_ok(period) && day_ok && wd_ok {
                    out.push(period);
                }
            }
            Freq::Weekly => {
                let days: Vec<Weekday> = if self.by_day.is_empty() {
                    vec![first.weekday()]
                } else {
                    self.by_day.iter().map(|&(_, wd)| wd).collect()
                };
                for wd in days {
                    let offset = i64::from(wd.since(period.weekday()));
                    if let Ok(d) = period.checked_add(offset.days())
                        && month_ok(d)
                    {
                        out.push(d);
                    }
                }
            }
            Freq::Monthly => {
                if month_ok(period) {
                    self.month_candidates(period, first, out);
                }
            }
            Freq::Yearly => {
                let year = period.year();
                if !self.by_month.is_empty() {
                    for &m in &self.by_month {
                        if let Ok(month) = Date::new(year, m, 1) {
                            self.month_candidates(month, first, out);
                        }
                    }
                } else if !self.by_month_day.is_empty() {
                    for m in 1..=12 {
                        if let Ok(month) = Date::new(year, m, 1) {
                            self.month_days(month, out);
                        }
                    }
                    if !self.by_day.is_empty() {
                        let mut allowed = Vec::new();
                        self.year_weekdays(year, &mut allowed);
                        out.retain(|d| allowed.contains(d));
                    }
                } else if !self.by_day.is_empty() {
                    self.year_weekdays(year, out);
                } else if let Ok(d) = Date::new(year, first.month(), first.day()) {
                    out.push(d);
                }
            }
        }
    }

    /// Candidates within the month starting at `month`.
    fn month_candidates(&self, month: Date, first: Date, out: &mut Vec<Date>) {
        match (self.by_month_day.is_empty(), self.by_day.is_empty()) {
            (true, true) => {
                if let Ok(d) = Date::new(month.year(), month.month(), first.day()) {
                    out.push(d);
                }
            }
            (false, true) => self.month_days(month, out),
            (true, false) => self.month_weekdays(month, out),
            (false, false) => {
                let mut days = Vec::new();
                self.month_days(month, &mut days);
                let mut allowed = Vec::new();
                self.month_weekdays(month, &mut allowed);
                out.extend(days.into_iter().filter(|d| allowed.contains(d)));
            }
        }
    }

    fn month_days(&self, month: Date, out: &mut Vec<Date>) {
        out.extend(self.by_month_day.iter().filter_map(|&n| month_day(month, n)));
    }

    /// BYDAY within a month: `2WE` is the second Wednesday, `-1FR` the last
    /// Friday, `MO` every Monday.
    fn month_weekdays(&self, month: Date, out: &mut Vec<Date>) {
        let last = month.last_of_month();
        self.nth_weekdays(month, last, out);
    }

    /// BYDAY within a year (YEARLY without BYMONTH): `20MO` is the 20th
    /// Monday of the year.
    fn year_weekdays(&self, year: i16, out: &mut Vec<Date>) {
        if let (Ok(lo), Ok(hi)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
            self.nth_weekdays(lo, hi, out);
        }
    }

    fn nth_weekdays(&self, lo: Date, hi: Date, out: &mut Vec<Date>) {
        for &(ord, wd) in &self.by_day {
            let first = lo.checked_add(i64::from(wd.since(lo.weekday())).days());
            let last = hi.checked_sub(i64::from(hi.weekday().since(wd)).days());
            let (Ok(first), Ok(last)) = (first, last) else {
                continue;
            };
            match ord {
                None => {
                    let mut d = first;
                    while d <= last {
                        out.push(d);
                        let Ok(next) = d.checked_add(7.days()) else {
                            break;
                        };
                        d = next;
                    }
                }
                Some(n) if n > 0 => {
                    if let Ok(d) = first.checked_add((i64::from(n - 1) * 7).days())
                        && d <= last
                    {
                        out.push(d);
                    }
                }
                Some(n) => {
                    if let Ok(d) = last.checked_sub((i64::from(-n - 1) * 7).days())
                        && d >= first
                    {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// Day `n` of the month containing `month` (negative counts from the end),
/// if the month has it.
fn month_day(month: Date, n: i8) -> Option<Date> {
    let len = month.days_in_month();
    let day = if n > 0 { n } else { len + 1 + n };
    (1..=len)
        .contains(&day)
        .then(|| Date::new(month.year(), month.month(), day).ok())?
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if let Some(count) = self.count {
            write!(f, ";COUNT={count}")?;
        }
        match self.until {
            None => {}
            Some(Until::Utc(ts)) => write!(f, ";UNTIL={}", super::utc_form(ts))?,
            Some(Until::Local(dt)) => write!(f, ";UNTIL={}", super::local_form(dt))?,
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.strftime("%Y%m%d"))?,
        }
        let join = |items: &[i8]| items.iter().map(i8::to_string).collect::<Vec<_>>().join(",");
        if !self.by_month.is_empty() {
            write!(f, ";BYMONTH={}", join(&self.by_month))?;
        }
        if !self.by_month_day.is_empty() {
            write!(f, ";BYMONTHDAY={}", join(&self.by_month_day))?;
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self
                .by_day
                .iter()
                .map(|&(n, wd)| match n {
                    Some(n) => format!("{n}{}", weekday_code(wd)),
                    None => weekday_code(wd).to_owned(),
                })
                .collect();
            write!(f, ";BYDAY={}", days.join(","))?;
        }
        if let Some(wkst) = self.wkst {
            write!(f, ";WKST={}", weekday_code(wkst))?;
        }
        Ok(())
    }
}
