//! The citable work that every citation format writes and both readers
//! fill, and the identifier forms they share.

use jiff::civil::Date;

/// What kind of work is cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    Dataset,
    Software,
}

/// An author.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub given: String,
    /// The family name; for an organization as author, its name (with an
    /// empty `given`).
    pub family: String,
    /// An ORCID iD, bare (`0000-0002-1825-0097`) or as its URL.
    pub orcid: Option<String>,
    pub affiliation: Option<String>,
}

/// A citable work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    pub kind: WorkKind,
    pub title: String,
    pub version: Option<String>,
    /// A DOI, bare (`10.5281/zenodo.1234`) or as its URL.
    pub doi: Option<String>,
    /// Absolute URL of the landing page.
    pub url: String,
    /// Source repository URL.
    pub repository: Option<String>,
    /// An SPDX license expression.
    pub license: Option<String>,
    pub released: Option<Date>,
    pub authors: Vec<Person>,
    pub abstract_text: Option<String>,
    pub keywords: Vec<String>,
    /// The organization that publishes the work.
    pub publisher: String,
}

/// The bare DOI (`10.x/y`) from a DOI, `doi:` form or doi.org URL.
pub(crate) fn bare_doi(doi: &str) -> String {
    let d = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
        "DOI:",
    ] {
        if let Some(rest) = d.strip_prefix(prefix) {
            return rest.trim().to_owned();
        }
    }
    d.to_owned()
}

/// `https://orcid.org/<id>` from a bare id or any orcid.org URL.
pub(crate) fn orcid_url(orcid: &str) -> String {
    let o = orcid.trim();
    let id = o.rsplit('/').next().unwrap_or(o);
    format!("https://orcid.org/{id}")
}
