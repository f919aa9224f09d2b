//! A research area: its page gathers the labs, people, tools, events and
//! stories that belong to it.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Area {
    pub leads: Vec<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "area",
    about: "A research area; its page lists its labs, people, tools, events and stories.",
    folders: &["areas"],
    requires: &[],
    fields: &[Field::new(
        "leads",
        Shape::Refs("person"),
        "Who leads it.",
        "[\"people/mara-lindqvist\"]",
    )
    .shared()],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Area> {
    Some(Area {
        leads: f.references("leads"),
    })
}
