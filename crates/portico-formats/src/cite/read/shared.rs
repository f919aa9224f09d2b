//! What both readers use: the error type and its collector, and the
//! checks of the values CFF and CodeMeta share (DOIs, ORCIDs, URLs,
//! dates, SPDX ids).

use std::fmt;

use jiff::civil::Date;

use crate::cite::work::{Work, WorkKind};
use crate::spdx::unknown_id_message;

/// One problem in a citation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The field path, like `authors[1].family-names`; empty for a syntax
    /// error.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "{}:{}: {}: {}", self.line, self.column, self.field, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

/// Collects errors; positions are 1-based (line, column).
#[derive(Default)]
pub(super) struct Errors(Vec<FieldError>);

impl Errors {
    pub(super) fn add(&mut self, pos: (usize, usize), field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            line: pos.0,
            column: pos.1,
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub(super) fn finish(mut self, work: Work) -> Result<Work, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(work)
        } else {
            self.0
                .sort_by(|a, b| (a.line, a.column, &a.field).cmp(&(b.line, b.column, &b.field)));
            Err(self.0)
        }
    }
}

/// The DOI syntax CFF 1.2.0 accepts:
/// `^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$`.
pub(super) fn doi_ok(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    let (main, sub) = match registrant.split_once('.') {
        Some((m, s)) => (m, Some(s)),
        None => (registrant, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (4..=9).contains(&main.len())
        && digits(main)
        && sub.is_none_or(digits)
        && !suffix.is_empty()
        && suffix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":/_;-.()[]\\".contains(c))
}

/// `https://orcid.org/0000-0002-1825-0097` (last character may be `X`).
pub(super) fn orcid_ok(orcid: &str) -> bool {
    let Some(id) = orcid.strip_prefix("https://orcid.org/") else {
        return false;
    };
    let b = id.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 9 | 14 => c == b'-',
            18 => c.is_ascii_digit() || c == b'X',
            _ => c.is_ascii_digit(),
        })
}

pub(super) fn url_ok(url: &str) -> bool {
    ["https://", "http://", "ftp://", "sftp://"].iter().any(|p| {
        url.strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}

pub(super) fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    shape.then(|| Date::strptime("%Y-%m-%d", s).ok()).flatten()
}

pub(super) fn license_message(id: &str) -> String {
    if id.contains(char::is_whitespace) || id.contains('(') {
        format!("`{id}` is an expression; this field takes single SPDX license ids (a list means any of them)")
    } else {
        unknown_id_message(id)
    }
}

pub(super) fn empty_work(kind: WorkKind) -> Work {
    Work {
        kind,
        title: String::new(),
        version: None,
        doi: None,
        url: String::new(),
        repository: None,
        license: None,
        released: None,
        authors: Vec::new(),
        abstract_text: None,
        keywords: Vec::new(),
        publisher: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doi_pattern() {
        assert!(doi_ok("10.5281/zenodo.1003150"));
        assert!(doi_ok("10.1000.10/abc(1)[2]"));
        assert!(!doi_ok("https://doi.org/10.5281/zenodo.1"));
        assert!(!doi_ok("10.52/x"));
        assert!(!doi_ok("10.5281/"));
        assert!(!doi_ok("10.5281/has space"));
    }

    #[test]
    fn orcid_pattern() {
        assert!(orcid_ok("https://orcid.org/0000-0002-1825-0097"));
        assert!(orcid_ok("https://orcid.org/0000-0002-1694-233X"));
        assert!(!orcid_ok("0000-0002-1825-0097"));
        assert!(!orcid_ok("https://orcid.org/0000-0002-1825-009"));
    }
}
