//! A series: a recurring forum or podcast; its episodes are the files in
//! its folder.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Series {
    pub host: Vec<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "series",
    about: "A recurring forum or podcast; its episodes are the files in its folder.",
    folders: &["series"],
    requires: &[],
    fields: &[Field::new(
        "host",
        Shape::Refs("person"),
        "Who hosts it.",
        "[\"people/mara-lindqvist\"]",
    )
    .shared()],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Series> {
    Some(Series {
        host: f.references("host"),
    })
}
