//! A research tool: a dataset, a model, an SDK, an API or code, with its
//! license, version, authors and a ready citation.

use jiff::civil::Date;

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;
use crate::reader::At;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolKind {
    Dataset,
    Model,
    Sdk,
    Api,
    Code,
}

impl ToolKind {
    /// Every kind, as written in content.
    pub const IDS: &[&str] = &["dataset", "model", "sdk", "api", "code"];

    pub fn as_str(self) -> &'static str {
        match self {
            ToolKind::Dataset => "dataset",
            ToolKind::Model => "model",
            ToolKind::Sdk => "sdk",
            ToolKind::Api => "api",
            ToolKind::Code => "code",
        }
    }

    fn parse(s: &str) -> Option<ToolKind> {
        [
            ToolKind::Dataset,
            ToolKind::Model,
            ToolKind::Sdk,
            ToolKind::Api,
            ToolKind::Code,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Tool {
    pub tool_kind: ToolKind,
    pub license: String,
    pub repository: Option<String>,
    pub version: Option<String>,
    pub doi: Option<String>,
    pub authors: Vec<String>,
    pub areas: Vec<String>,
    pub released: Option<Date>,
    /// Authors as named in a metadata file (CITATION.cff, codemeta.json):
    /// who the citations credit, with ORCID iDs.
    pub credits: Vec<Credit>,
    /// The metadata file the tool is described by, relative to the site.
    pub metadata: Option<String>,
}

/// An author as a citation names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub given: String,
    pub family: String,
    pub orcid: Option<String>,
    pub affiliation: Option<String>,
}

impl Credit {
    pub fn name(&self) -> String {
        format!("{} {}", self.given, self.family).trim().to_string()
    }
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "tool",
    about: "A dataset, model, SDK, API or code the organization publishes, with a ready citation.",
    folders: &["tools"],
    requires: &[],
    fields: &[
        Field::new("kind", Shape::Choice(ToolKind::IDS), "What it is.", "\"dataset\"")
            .required()
            .shared(),
        Field::new(
            "metadata",
            Shape::File,
            "A CITATION.cff or codemeta.json file in the site folder, which fills what is left out here.",
            "\"data/tools/x/CITATION.cff\"",
        )
        .shared(),
        Field::new(
            "license",
            Shape::License,
            "Its license: an SPDX id or expression.",
            "\"Apache-2.0\"",
        )
        .required_unless("metadata")
        .shared(),
        Field::new(
            "repository",
            Shape::Url,
            "Where its code or files are.",
            "\"https://code.halcyon.example/tessera\"",
        )
        .shared(),
        Field::new("version", Shape::Text, "The current version.", "\"2.1.0\"").shared(),
        Field::new("doi", Shape::Text, "Its DOI.", "\"10.5281/zenodo.1234567\"").shared(),
        Field::new(
            "authors",
            Shape::Refs("person"),
            "Who made it.",
            "[\"people/mara-lindqvist\"]",
        )
        .shared(),
        Field::new(
            "areas",
            Shape::Refs("area"),
            "Its research areas.",
            "[\"research/areas/climate\"]",
        )
        .shared(),
        Field::new("released", Shape::Date, "When this version was released.", "2026-06-30").shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Tool> {
    let tool_kind = f.choice("kind").and_then(ToolKind::parse);
    let metadata = f.text("metadata");
    let meta = metadata.as_ref().and_then(|m| read_metadata(f, m));
    let license = f.text("license");
    let repository = f.opt_text("repository");
    let version = f.opt_text("version");
    let doi = f.opt_text("doi");
    let authors = f.references("authors");
    let areas = f.references("areas");
    let released = f.date("released");
    // The front matter wins; the metadata file fills the rest.
    let license = license
        .map(|l| l.value)
        .or_else(|| meta.as_ref().and_then(|m| m.license.clone()));
    if license.is_none()
        && meta.is_some()
        && let Some(m) = &metadata
    {
        f.t.ctx.push(
            f.t.error(
                "metadata",
                m.span.clone(),
                "the tool has no license: neither here nor in its metadata file",
            )
            .expected("`license` in the metadata file or in the front matter"),
        );
    }
    let credits = meta
        .as_ref()
        .map(|m| {
            m.authors
                .iter()
                .map(|a| Credit {
                    given: a.given.clone(),
                    family: a.family.clone(),
                    orcid: a.orcid.clone(),
                    affiliation: a.affiliation.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let meta = meta.as_ref();
    Some(Tool {
        tool_kind: tool_kind?,
        license: license?,
        repository: repository.or_else(|| meta.and_then(|m| m.repository.clone())),
        version: version.or_else(|| meta.and_then(|m| m.version.clone())),
        doi: doi.or_else(|| meta.and_then(|m| m.doi.clone())),
        authors,
        areas,
        released: released.map(|r| r.value).or_else(|| meta.and_then(|m| m.released)),
        credits,
        metadata: metadata.map(|m| m.value),
    })
}

/// Reads and checks the metadata file a tool points at. Its problems are
/// reported against that file, each with line, column and field.
fn read_metadata(f: &mut Fields<'_, '_, '_, '_>, m: &At<String>) -> Option<portico_formats::cite::Work> {
    let root = f.refs.root.clone()?;
    let t = &mut *f.t;
    let file = match crate::load::read_data_file(&root, &m.value) {
        Ok(file) => file,
        Err(e) => {
            t.ctx.push(
                t.error("metadata", m.span.clone(), e)
                    .expected("a path inside the site folder, like \"data/tools/x/CITATION.cff\"")
                    .found(format!("{:?}", m.value)),
            );
            return None;
        }
    };
    let name = m.value.rsplit('/').next().unwrap_or_default();
    let read = if name.ends_with(".cff") {
        portico_formats::cite::read_cff(&file.text)
    } else if name.ends_with(".json") {
        portico_formats::cite::read_codemeta(&file.text)
    } else {
        t.ctx.push(
            t.error("metadata", m.span.clone(), "unknown metadata format")
                .expected("a CITATION.cff or codemeta.json file")
                .found(format!("{:?}", m.value)),
        );
        return None;
    };
    match read {
        Ok(w) => Some(w),
        Err(errors) => {
            for e in errors {
                t.ctx.push(file.at_line(e.line, e.column, e.message).field(e.field));
            }
            None
        }
    }
}
