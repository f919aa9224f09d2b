//! A lab: a research group, its areas, where it is and who leads it.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Lab {
    pub areas: Vec<String>,
    pub location: Option<String>,
    pub lead: Option<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "lab",
    about: "A research group: its research areas, where it works and who leads it.",
    folders: &["labs"],
    requires: &[],
    fields: &[
        Field::new(
            "areas",
            Shape::Refs("area"),
            "Its research areas.",
            "[\"research/areas/climate\"]",
        )
        .shared(),
        Field::new(
            "location",
            Shape::Ref("location"),
            "Where it works.",
            "\"locations/nairobi\"",
        )
        .shared(),
        Field::new(
            "lead",
            Shape::Ref("person"),
            "Who leads it.",
            "\"people/mara-lindqvist\"",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Lab> {
    let areas = f.references("areas");
    let location = f.reference("location");
    let lead = f.reference("lead");
    Some(Lab { areas, location, lead })
}
