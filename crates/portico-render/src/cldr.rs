//! Dates and numbers formatted per locale with CLDR data (ICU4X), so a
//! French reader sees "14 mars 2026" and "38 000", an Arabic reader the
//! Arabic month names.

use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{T, YMD};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_experimental::compactdecimal::CompactDecimalFormatter;
use icu_locale::Locale;

pub(crate) struct Formats {
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    time: Option<NoCalendarFormatter<T>>,
    decimal: Option<DecimalFormatter>,
    compact: Option<CompactDecimalFormatter>,
}

/// From this value on, [`Formats::compact`] writes a number in words.
pub(crate) const COMPACT_FROM: f64 = 1_000_000.0;

impl Formats {
    /// The formats of `code`, made once per thread (loading the locale
    /// data costs milliseconds, and every render and edit asks again; the
    /// formatters cannot move between threads).
    pub fn of(code: &str) -> std::rc::Rc<Formats> {
        thread_local! {
            static MADE: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Formats>>> =
                std::cell::RefCell::default();
        }
        MADE.with(|made| {
            made.borrow_mut()
                .entry(code.to_string())
                .or_insert_with(|| std::rc::Rc::new(Formats::new(code)))
                .clone()
        })
    }

    pub fn new(code: &str) -> Formats {
        let locale: Locale = code.parse().unwrap_or(Locale::UNKNOWN);
        Formats {
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            time: NoCalendarFormatter::try_new((&locale).into(), T::hm()).ok(),
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default()).ok(),
            compact: CompactDecimalFormatter::try_new_long((&locale).into(), Default::default()).ok(),
        }
    }

    /// A long date: "March 14, 2026", "14 March 2026", "14 mars 2026".
    pub fn date(&self, d: jiff::civil::Date) -> String {
        let iso = d.to_string();
        let Some(f) = &self.date else { return iso };
        match Date::try_new_gregorian(i32::from(d.year()), d.month() as u8, d.day() as u8) {
            Ok(date) => f.format(&date).to_string(),
            Err(_) => iso,
        }
    }

    /// A time of day: "12:00 PM", "12:00", "١٢:٠٠ م".
    pub fn time(&self, hour: i8, minute: i8) -> String {
        let plain = format!("{hour:02}:{minute:02}");
        let Some(f) = &self.time else { return plain };
        let (Ok(h), Ok(m)) = (u8::try_from(hour), u8::try_from(minute)) else {
            return plain;
        };
        match icu_time::Time::try_new(h, m, 0, 0) {
            Ok(t) => f.format(&t).to_string(),
            Err(_) => plain,
        }
    }

    /// A number with the locale's grouping and decimal separators.
    pub fn number(&self, n: f64) -> String {
        let Some(f) = &self.decimal else { return n.to_string() };
        match Decimal::try_from_f64(n, fixed_decimal::FloatPrecision::RoundTrip) {
            Ok(d) => f.format(&d).to_string(),
            Err(_) => n.to_string(),
        }
    }

    /// A large number in CLDR's long compact notation: "4.7 billion",
    /// "4,7 milliards", "4.7 مليار"; `None` below [`COMPACT_FROM`] (or
    /// without the locale's data), where the full number reads well.
    pub fn compact(&self, n: f64) -> Option<String> {
        if !n.is_finite() || n.abs() < COMPACT_FROM || n.abs() > i64::MAX as f64 {
            return None;
        }
        let f = self.compact.as_ref()?;
        // As CLDR writes it: where the locale puts a breaking space, a
        // narrow column may wrap between the number and its word.
        Some(f.format_i64(n.round() as i64).to_string())
    }
}

/// A figure as content writes it ("4,700,000,000", "4 700 000 000",
/// "38000"): ASCII digits, optionally grouped by threes with a comma, a
/// point, an apostrophe or a space; `None` for anything else (a year range,
/// a decimal, "n/a").
pub(crate) fn plain_integer(text: &str) -> Option<f64> {
    let text = text.trim();
    let groups: Vec<&str> = text
        .split([',', '.', '\'', ' ', '\u{a0}', '\u{202f}', '\u{66c}'])
        .collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped = groups.len() == 1
        || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3) && groups.iter().all(|g| digits(g)));
    if !grouped || !groups.iter().all(|g| digits(g)) {
        return None;
    }
    groups.concat().parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::Formats;

    #[test]
    fn dates_follow_the_locale() {
        let d = jiff::civil::date(2026, 3, 14);
        assert_eq!(Formats::new("en").date(d), "March 14, 2026");
        assert_eq!(Formats::new("en-GB").date(d), "14 March 2026");
        assert_eq!(Formats::new("fr").date(d), "14 mars 2026");
        let ar = Formats::new("ar").date(d);
        assert!(ar.contains("مارس"), "{ar}");
    }

    #[test]
    fn times_follow_the_locale() {
        assert_eq!(Formats::new("en").time(16, 5), "4:05\u{202f}PM");
        assert_eq!(Formats::new("fr").time(16, 5), "16:05");
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(Formats::new("en").number(38000.0), "38,000");
        assert_eq!(Formats::new("fr").number(38000.0), "38\u{202f}000");
        assert_eq!(Formats::new("en").number(2.5), "2.5");
        assert_eq!(Formats::new("fr").number(2.5), "2,5");
    }

    #[test]
    fn large_numbers_are_compact_per_locale() {
        assert_eq!(Formats::new("en").compact(4.7e9).as_deref(), Some("4.7 billion"));
        assert_eq!(Formats::new("fr").compact(4.7e9).as_deref(), Some("4,7 milliards"));
        let ar = Formats::new("ar").compact(4.7e9).expect("Arabic data");
        assert!(ar.contains("مليار"), "{ar}");
        assert_eq!(Formats::new("en").compact(38_000.0), None);
    }

    #[test]
    fn plain_integers_are_read_as_written() {
        use super::plain_integer;
        assert_eq!(plain_integer("4,700,000,000"), Some(4.7e9));
        assert_eq!(plain_integer("4 700 000 000"), Some(4.7e9));
        assert_eq!(plain_integer("38000"), Some(38000.0));
        assert_eq!(plain_integer("2.5"), None);
        assert_eq!(plain_integer("1,00"), None);
        assert_eq!(plain_integer("2019–2025"), None);
        assert_eq!(plain_integer(""), None);
    }
}
