//! Reading CITATION.cff and codemeta.json into a [`Work`], reporting every
//! problem at once with its line, column and field path.
//!
//! Field paths use the file's own key names with 0-based indexes, like
//! `authors[1].family-names` or `author[0].familyName`. A problem with a
//! field's value points at the field's key; one with a list item at the
//! item; a missing required field at line 1, column 1. Columns count
//! characters, not bytes, from 1.

//!
//! `shared` holds what both readers use (the error type, the collector,
//! the checks of DOIs, ORCIDs, URLs, dates and licenses); `cff` reads
//! CITATION.cff with saphyr; `codemeta` reads codemeta.json with
//! serde_json, taking the places of its keys from `json_pos`.

mod cff;
mod codemeta;
mod json_pos;
mod shared;

pub use cff::read_cff;
pub use codemeta::read_codemeta;
pub use shared::FieldError;
