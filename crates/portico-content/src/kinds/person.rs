//! A person: a leader, a researcher, a speaker; the body is the biography.

use crate::decl::{Field, LINK_LINE, Shape, TypeDecl};
use crate::fields::Fields;
use crate::model::LinkLine;

#[derive(Debug, Clone)]
pub struct Person {
    pub role: String,
    pub links: Vec<LinkLine>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "person",
    about: "A leader, a researcher or a speaker, with a portrait; the body is the biography.",
    folders: &["people", "leadership"],
    requires: &[("image", "a portrait: image = { src = \"images/…\", alt = \"…\" }")],
    fields: &[
        Field::new("role", Shape::Text, "Their job title.", "\"Chief Executive Officer\"").required(),
        Field::new(
            "links",
            Shape::List(&LINK_LINE),
            "Links to their work elsewhere.",
            "[{ label = \"Publications\", href = \"https://example.org/pubs\" }]",
        ),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Person> {
    let role = f.text("role");
    let links = f.list("links", crate::kinds::links::read_link_line);
    role.map(|r| Person { role: r.value, links })
}
