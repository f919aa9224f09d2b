//! SPDX license identifiers and expressions, backed by the `spdx` crate's list.

use ::spdx::{Expression, ParseMode, error::Reason, identifiers::LICENSES, license_id};

/// Checks that `expr` is a valid SPDX license expression: ids from the SPDX
/// list joined with `AND`, `OR`, `WITH <exception>` and parentheses.
///
/// On error the message names the bad part and, for an unknown id, suggests
/// the closest known one: ``unknown SPDX license `Apache2`; did you mean `Apache-2.0`?``.
pub fn check_license(expr: &str) -> Result<(), String> {
    let Err(err) = Expression::parse_mode(expr, ParseMode::STRICT) else {
        return Ok(());
    };
    let bad = expr.get(err.span.clone()).unwrap_or(expr).trim();
    Err(match err.reason {
        Reason::UnknownLicense | Reason::UnknownTerm => unknown_id_message(bad),
        Reason::UnknownException => {
            format!("unknown SPDX license exception `{bad}` in `{expr}`")
        }
        Reason::Empty => "empty SPDX license expression".to_owned(),
        reason => format!("invalid SPDX license expression `{expr}`: {reason} at `{bad}`"),
    })
}

/// The message for an id that is not on the SPDX list, with the closest
/// known id when there is a reasonable one.
pub(crate) fn unknown_id_message(bad: &str) -> String {
    match suggest(bad) {
        Some(id) => format!("unknown SPDX license `{bad}`; did you mean `{id}`?"),
        None => format!("unknown SPDX license `{bad}`"),
    }
}

/// The known, non-deprecated id closest to `bad`, if any is close enough.
fn suggest(bad: &str) -> Option<&'static str> {
    if let Some((id, _)) = ::spdx::imprecise_license_id(bad) {
        return Some(id.name);
    }
    let wanted = normalize(bad);
    if wanted.is_empty() {
        return None;
    }
    let (best, distance) = LICENSES
        .iter()
        .filter_map(|lic| {
            let id = license_id(lic.name)?;
            (!id.is_deprecated()).then(|| (lic.name, strsim::levenshtein(&wanted, &normalize(lic.name))))
        })
        .min_by_key(|&(name, d)| (d, name.len()))?;
    (distance <= (wanted.len() / 3).max(1)).then_some(best)
}

/// Lowercase letters and digits only: "Apache-2.0" and "apache 2" compare close.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `https://spdx.org/licenses/<id>.html` for a single id on the SPDX list.
pub fn license_url(id: &str) -> Option<String> {
    let lic = license_id(id.trim())?;
    Some(format!("https://spdx.org/licenses/{}.html", lic.name))
}

/// The full name of a single license id, like "Apache License 2.0".
pub fn license_name(id: &str) -> Option<String> {
    license_id(id.trim()).map(|lic| lic.full_name.to_owned())
}

/// The canonical spelling of a single id on the SPDX list (the list is
/// case-sensitive; this accepts exactly the listed spelling).
pub(crate) fn is_known_id(id: &str) -> bool {
    license_id(id).is_some_and(|lic| lic.name == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions_pass() {
        for ok in [
            "MIT",
            "Apache-2.0",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND CC-BY-4.0",
            "GPL-3.0-or-later WITH Classpath-exception-2.0",
            "CC0-1.0",
        ] {
            assert_eq!(check_license(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn unknown_id_suggests_the_closest() {
        assert_eq!(
            check_license("Apache2").expect_err("must fail"),
            "unknown SPDX license `Apache2`; did you mean `Apache-2.0`?"
        );
        let msg = check_license("MIT AND CC-BY-4").expect_err("must fail");
        assert!(
            msg.contains("`CC-BY-4`") && msg.contains("did you mean `CC-BY-4.0`?"),
            "{msg}"
        );
    }

    #[test]
    fn malformed_expressions_fail() {
        for bad in [
            "",
            "MIT OR",
            "(MIT",
            "MIT WITH Nonsense-exception",
            "MIT AND AND Apache-2.0",
        ] {
            let msg = check_license(bad).expect_err("must fail");
            assert!(!msg.is_empty(), "{bad}");
        }
        assert!(
            check_license("MIT WITH Nonsense-exception")
                .expect_err("must fail")
                .contains("exception")
        );
    }

    #[test]
    fn urls_and_names() {
        assert_eq!(
            license_url("MIT").as_deref(),
            Some("https://spdx.org/licenses/MIT.html")
        );
        assert_eq!(license_url("MIT OR Apache-2.0"), None);
        assert_eq!(license_url("Apache2"), None);
        assert_eq!(license_name("Apache-2.0").as_deref(), Some("Apache License 2.0"));
        assert!(is_known_id("CC-BY-4.0"));
        assert!(!is_known_id("mit"));
    }
}
