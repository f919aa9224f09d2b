//! Small helpers shared by the map and the charts: XML escaping (from
//! `portico-markup`) and number formatting for attribute values.

use std::fmt::Write as _;

/// The one XML escaper (`portico-markup`'s): character data and quoted
/// attribute values alike; characters XML 1.0 does not allow are dropped.
pub(crate) use portico_markup::xml::{escape, escape_into};

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

/// What opens an `<svg>`: its class, its role when given, its id, its size
/// in units, and the title and description that name it.
pub(crate) struct SvgHead<'a> {
    pub class: &'a str,
    pub role: Option<&'a str>,
    pub id: &'a str,
    pub size: (f64, f64),
    pub title: &'a str,
    pub desc: &'a str,
}

/// Opens an `<svg>` of `size` units named by its own `<title>` and `<desc>`
/// (ids `{id}-title`, `{id}-desc`).
pub(crate) fn open_svg(out: &mut String, head: &SvgHead<'_>) {
    let SvgHead {
        class,
        role,
        id,
        size,
        title,
        desc,
    } = *head;
    let role = role.map(|r| format!(r#" role="{r}""#)).unwrap_or_default();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="{class}"{role} aria-labelledby="{id}-title {id}-desc">"#,
        num(size.0),
        num(size.1)
    );
    let _ = write!(out, r#"<title id="{id}-title">"#);
    escape_into(out, title);
    let _ = write!(out, r#"</title><desc id="{id}-desc">"#);
    escape_into(out, desc);
    out.push_str("</desc>");
}

#[cfg(test)]
mod tests {
    use super::*;

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
