//! The content types, one module each: what an item of the type holds,
//! its fields' declaration, how they are read and checked together (an
//! event does not end before it starts), and what the type works out from
//! them (an event's phase). Adding a type adds a module here and one in
//! the renderer (ARCHITECTURE.md, "Adding a content type").

pub mod area;
pub mod episode;
pub mod event;
pub mod fact;
pub mod job;
pub mod lab;
pub(crate) mod links;
pub mod location;
pub mod page;
pub mod person;
pub mod program;
pub mod series;
pub mod story;
pub mod tool;

use crate::decl::{BlockDecl, TypeDecl};
use crate::fields::Fields;

/// What an item is, with what its type adds.
#[derive(Debug, Clone)]
pub enum Kind {
    Page(page::Page),
    Story(story::Story),
    Person(person::Person),
    Location(location::Location),
    Lab(lab::Lab),
    Area(area::Area),
    Event(event::Event),
    Series(series::Series),
    Episode(episode::Episode),
    Program(program::Program),
    Job(job::Job),
    Tool(tool::Tool),
    Fact(fact::Fact),
}

impl Kind {
    /// The type's name; a page that lists its folder is a "section".
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Page(p) if p.is_section => "section",
            Kind::Page(_) => "page",
            Kind::Story(_) => "story",
            Kind::Person(_) => "person",
            Kind::Location(_) => "location",
            Kind::Lab(_) => "lab",
            Kind::Area(_) => "area",
            Kind::Event(_) => "event",
            Kind::Series(_) => "series",
            Kind::Episode(_) => "episode",
            Kind::Program(_) => "program",
            Kind::Job(_) => "job",
            Kind::Tool(_) => "tool",
            Kind::Fact(_) => "fact",
        }
    }
}

/// Every content type's declaration, in the order of
/// [`crate::decl::TYPE_NAMES`].
pub fn types() -> [&'static TypeDecl; 13] {
    DECLS
}

/// The content type named `name`.
pub fn type_named(name: &str) -> Option<&'static TypeDecl> {
    DECLS.into_iter().find(|t| t.name == name)
}

/// The type of the content file at `rel` (its path under the locale
/// folder): the one its `type` field names (`declared`), else its
/// folder's, else a page.
pub fn type_of(rel: &str, declared: Option<&str>) -> &'static TypeDecl {
    declared
        .and_then(type_named)
        .or_else(|| type_from_folder(rel))
        .unwrap_or(&page::DECL)
}

/// Every block type of a page.
pub fn blocks() -> &'static [BlockDecl] {
    page::BLOCKS
}

/// Every type's declaration, in the order of [`crate::decl::TYPE_NAMES`].
pub(crate) const DECLS: [&TypeDecl; 13] = [
    &page::DECL,
    &story::DECL,
    &person::DECL,
    &location::DECL,
    &lab::DECL,
    &area::DECL,
    &event::DECL,
    &series::DECL,
    &episode::DECL,
    &program::DECL,
    &job::DECL,
    &tool::DECL,
    &fact::DECL,
];

/// Where an item is, for types that depend on it.
pub(crate) struct Place<'a> {
    pub key: &'a str,
    /// The file is its folder's `_index.md`.
    pub is_index: bool,
}

/// Reads the fields of type `decl` from `f`.
pub(crate) fn read(decl: &TypeDecl, f: &mut Fields<'_, '_, '_, '_>, at: &Place<'_>) -> Option<Kind> {
    match decl.name {
        "page" => page::read(f, at.is_index).map(Kind::Page),
        "story" => story::read(f).map(Kind::Story),
        "person" => person::read(f).map(Kind::Person),
        "location" => location::read(f).map(Kind::Location),
        "lab" => lab::read(f).map(Kind::Lab),
        "area" => area::read(f).map(Kind::Area),
        "event" => event::read(f).map(Kind::Event),
        "series" => series::read(f).map(Kind::Series),
        "episode" => episode::read(f, at.key).map(Kind::Episode),
        "program" => program::read(f).map(Kind::Program),
        "job" => job::read(f).map(Kind::Job),
        "tool" => tool::read(f).map(Kind::Tool),
        "fact" => fact::read(f).map(Kind::Fact),
        _ => None,
    }
}

/// The type a file gets from the folder it is in (`stories/x.md` is a
/// story); a file in a folder inside `series/` is an episode.
pub(crate) fn type_from_folder(rel: &str) -> Option<&'static TypeDecl> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    let parent = parts.last()?;
    DECLS
        .into_iter()
        .find(|d| d.folders.contains(parent))
        .or_else(|| (parts.len() >= 2 && parts[parts.len() - 2] == "series").then_some(&episode::DECL))
}
