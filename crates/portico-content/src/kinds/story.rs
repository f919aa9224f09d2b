//! A story: news, a feature or a case study, dated, with authors.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Story {
    /// Keys of people.
    pub authors: Vec<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "story",
    about: "News, a feature or a case study: dated, with a summary, a picture and its authors.",
    folders: &["stories"],
    requires: &[
        ("date", "the publication date, like 2026-03-14"),
        ("summary", "one or two sentences"),
        ("image", "image = { src = \"images/…\", alt = \"…\" }"),
    ],
    fields: &[Field::new(
        "authors",
        Shape::Refs("person"),
        "Who wrote it.",
        "[\"people/mara-lindqvist\"]",
    )
    .shared()],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Story> {
    Some(Story {
        authors: f.references("authors"),
    })
}
