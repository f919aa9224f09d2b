//! Dates and numbers formatted per locale with CLDR data (ICU4X), so a
//! French reader sees "14 mars 2026" and "38 000", an Arabic reader the
//! Arabic month names.

use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_locale::Locale;

pub(crate) struct Formats {
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    decimal: Option<DecimalFormatter>,
}

impl Formats {
    pub fn new(code: &str) -> Formats {
        let locale: Locale = code.parse().unwrap_or(Locale::UNKNOWN);
        Formats {
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
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
    fn numbers_follow_the_locale() {
        assert_eq!(Formats::new("en").number(38000.0), "38,000");
        assert_eq!(Formats::new("fr").number(38000.0), "38\u{202f}000");
        assert_eq!(Formats::new("en").number(2.5), "2.5");
        assert_eq!(Formats::new("fr").number(2.5), "2,5");
    }
}
