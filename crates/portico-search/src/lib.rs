#![doc = include_str!("../README.md")]

mod types;

#[cfg(feature = "engine")]
pub mod analysis;
#[cfg(feature = "engine")]
mod facets;
#[cfg(feature = "engine")]
mod index;
#[cfg(feature = "engine")]
mod query;
#[cfg(feature = "engine")]
mod rules;
#[cfg(feature = "engine")]
mod snippet;
#[cfg(feature = "engine")]
mod stopwords;

pub use types::{
    Crumb, DIMENSIONS, Document, Facet, FacetCount, FacetGroup, Hit, Lang, MAX_QUERY_BYTES, Request, Results, Span,
    SuggestedPage, Suggestions, Synonyms,
};

#[cfg(feature = "engine")]
pub use index::{LocaleIndex, SearchError, SiteIndex};
#[cfg(feature = "engine")]
pub use query::ParsedQuery;
