//! What content refers to that can only be checked once every file is
//! read: links, images, items of a type.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::Link;
use crate::reader::Ctx;

/// Something a file refers to that can only be checked once every file is
/// read.
pub(crate) enum Check {
    Link(Link),
    Image(String),
    /// A file of the media library (`media:KEY`, the key here) used as an
    /// image; `alt_given`: the content writes its own alt text.
    Media {
        key: String,
        alt_given: bool,
    },
    /// An item that must exist and be of this kind ("person").
    ItemOfKind(String, &'static str),
    /// Already known to be wrong: the diagnostic is complete.
    Fail,
}

pub(crate) struct Pending {
    /// Located diagnostic; its message is filled in if the check fails.
    pub at: Diagnostic,
    /// The locale the reference is read in (`None`: the default locale).
    pub locale: Option<String>,
    pub check: Check,
}

#[derive(Default)]
pub(crate) struct Refs {
    pub pending: Vec<Pending>,
    /// The locale of the file being read.
    pub locale: Option<String>,
    /// The site folder, for files content points at (a tool's
    /// CITATION.cff); `None` when parsing text alone.
    pub root: Option<std::path::PathBuf>,
}

impl Refs {
    fn push(&mut self, at: Diagnostic, check: Check) {
        self.pending.push(Pending {
            at,
            locale: self.locale.clone(),
            check,
        });
    }
    pub fn link(&mut self, ctx: &Ctx<'_>, span: Range<usize>, field: String, link: &Link) {
        if !matches!(link, Link::External(_)) {
            self.push(ctx.at(span, String::new()).field(field), Check::Link(link.clone()));
        }
    }
    pub fn image(&mut self, ctx: &Ctx<'_>, span: Range<usize>, field: String, src: &str) {
        self.push(ctx.at(span, String::new()).field(field), Check::Image(src.to_string()));
    }
    /// An image `media:KEY`: the key must be in the library, and the
    /// image must have alt text in this locale (or be decorative) unless
    /// the content gives its own.
    pub fn media(&mut self, ctx: &Ctx<'_>, span: Range<usize>, field: String, key: &str, alt_given: bool) {
        let check = Check::Media {
            key: key.to_string(),
            alt_given,
        };
        self.push(ctx.at(span, String::new()).field(field), check);
    }
    pub fn item(&mut self, ctx: &Ctx<'_>, span: Range<usize>, field: String, key: &str, kind: &'static str) {
        self.push(
            ctx.at(span, String::new()).field(field),
            Check::ItemOfKind(key.trim_start_matches("@/").trim_matches('/').to_string(), kind),
        );
    }
    /// A reference found in Markdown: `span` is already a file offset.
    pub fn in_file(&mut self, file: &SourceFile, span: Range<usize>, field: &str, check: Check) {
        self.push(file.at(span, String::new()).field(field.to_string()), check);
    }
}
