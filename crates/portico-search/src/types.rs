//! The plain data of search: the documents the renderer hands over, what a
//! visitor asks for and what comes back. No engine here: a crate that only
//! renders search pages compiles this module alone.

use std::collections::BTreeMap;

use serde::Serialize;

/// Longer input is cut (at a character boundary) to this many bytes.
pub const MAX_QUERY_BYTES: usize = 256;

/// One page to index, as the renderer describes it. Labels are already in
/// the page's locale; the index stores them so results need nothing else.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub locale: String,
    /// URL path, unique within the site (`/fr/a-propos/`).
    pub url: String,
    pub title: String,
    pub headings: Vec<String>,
    pub summary: String,
    /// The page's text without markup.
    pub body: String,
    pub tags: Vec<String>,
    /// Content type (`story`, `tool`, …) and its label.
    pub kind: Facet,
    /// Top-level section and its title.
    pub section: Option<Facet>,
    /// Research areas.
    pub areas: Vec<Facet>,
    /// ISO date (`2026-03-14`) and how the locale writes it.
    pub date: Option<(String, String)>,
    /// Ancestors, outermost first: (title, URL).
    pub breadcrumb: Vec<(String, String)>,
    /// How much the page's relevance counts (1 for most pages; less for
    /// pages that rarely answer a search on their own, like a single
    /// figure). Multiplies the score within a ranking tier.
    pub rank: f32,
    /// The language of the page's text when it is not the locale's (a
    /// page shown by fallback: English text at a French URL); `None`
    /// when it is. Results carry it, so the text is marked up in its
    /// language.
    pub lang: Option<Lang>,
}

/// A language a fragment is written in: the locale code and its writing
/// direction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Lang {
    /// `en`, `fr`, `ar`.
    pub code: String,
    /// `ltr` or `rtl`.
    pub dir: String,
}

impl Default for Document {
    fn default() -> Document {
        Document {
            locale: String::new(),
            url: String::new(),
            title: String::new(),
            headings: Vec::new(),
            summary: String::new(),
            body: String::new(),
            tags: Vec::new(),
            kind: Facet::default(),
            section: None,
            areas: Vec::new(),
            date: None,
            breadcrumb: Vec::new(),
            rank: 1.0,
            lang: None,
        }
    }
}

/// What a site's visitors call the same thing, per locale code: groups of
/// equivalent terms (`["ceo", "chief executive", "chief executive
/// officer"]`), a term being one word or several. The site declares them
/// (site.toml's `[search.synonyms]`); they widen queries, never the index,
/// so changing them needs no re-indexing.
pub type Synonyms = BTreeMap<String, Vec<Vec<String>>>;

/// A facet value and its label in the document's locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Facet {
    pub value: String,
    pub label: String,
}

impl Facet {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Facet {
        Facet {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// The facet dimensions, in display order.
pub const DIMENSIONS: [&str; 4] = ["type", "section", "area", "year"];

/// What a visitor asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub q: String,
    /// (dimension, value) pairs; at most one value per dimension counts.
    pub filters: Vec<(String, String)>,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// One page of results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Results {
    /// The query as used (cut at [`MAX_QUERY_BYTES`]).
    pub query: String,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetGroup>,
    /// A query built from the index's own words when some word of the query
    /// is not in it ("Did you mean …").
    pub correction: Option<String>,
    /// How many results match every word exactly (the rest match with a
    /// typo or match some words only).
    pub exact: usize,
}

/// One result.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    /// The passage that best matches, as (text, highlighted) spans.
    pub snippet: Vec<Span>,
    pub kind: Facet,
    pub date: Option<String>,
    pub breadcrumb: Vec<Crumb>,
    /// The language of the title and snippet when it is not the
    /// locale's (see [`Document::lang`]).
    pub lang: Option<Lang>,
}

/// A run of snippet text; `mark` when it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub mark: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// Counts for one facet dimension under the current query and filters.
#[derive(Debug, Clone, Serialize)]
pub struct FacetGroup {
    pub dimension: String,
    pub values: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

/// Suggestions while typing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Suggestions {
    pub query: String,
    /// Whole queries that complete the last word from the index's words.
    pub completions: Vec<String>,
    /// Pages whose titles match best.
    pub pages: Vec<SuggestedPage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuggestedPage {
    pub title: String,
    pub url: String,
    pub kind: String,
    /// The language of the title when it is not the locale's (a page
    /// shown by fallback; see [`Document::lang`]).
    pub lang: Option<Lang>,
}
