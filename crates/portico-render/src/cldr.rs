//! Dates and numbers formatted per locale with CLDR data (ICU4X), so a
//! French reader sees "14 mars 2026" and "38 000", an Arabic reader the
//! Arabic month names.

use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{T, YMD};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_locale::Locale;

pub(crate) struct Formats {
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    time: Option<NoCalendarFormatter<T>>,
    decimal: Option<DecimalFormatter>,
}

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
}
