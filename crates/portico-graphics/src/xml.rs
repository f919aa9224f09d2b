//! Small helpers shared by the map and the charts: XML escaping and number
//! formatting for attribute values.

use std::fmt::Write as _;

/// Appends `text` to `out`, escaped for use both as XML character data and
/// inside a double- or single-quoted attribute value. Characters that XML 1.0
/// does not allow at all (most C0 controls, U+FFFE, U+FFFF) are dropped.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// `text` escaped as by [`escape_into`].
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// A coordinate or length for an attribute: rounded to one decimal, without a
/// trailing `.0` and never `-0`. Non-finite values become `0`.
pub(crate) fn num(value: f64) -> String {
    let tenths = (value * 10.0).round();
    if !tenths.is_finite() || tenths == 0.0 {
        return "0".to_owned();
    }
    let mut s = String::new();
    let whole = (tenths / 10.0).trunc();
    let frac = (tenths - whole * 10.0).abs();
    if tenths < 0.0 {
        s.push('-');
    }
    let _ = write!(s, "{}", whole.abs());
    if frac != 0.0 {
        let _ = write!(s, ".{frac}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    #[test]
    fn drops_characters_xml_forbids() {
        assert_eq!(escape("a\u{0}b\u{1b}c\nd\u{FFFF}"), "abc\nd");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(999.96), "1000");
        assert_eq!(num(f64::NAN), "0");
    }
}
