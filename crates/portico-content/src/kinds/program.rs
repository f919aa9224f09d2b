//! An academic program: a fellowship, an internship; open, or closed after
//! its deadline.

use jiff::civil::Date;

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Program {
    /// What sort of program (the site's own words: "fellowship").
    pub program_kind: String,
    pub eligibility: Option<String>,
    pub opens: Option<Date>,
    pub deadline: Option<Date>,
    pub apply_url: Option<String>,
}

/// Where a program's applications stand on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramPhase {
    /// Not open yet.
    Soon,
    Open,
    /// The deadline has passed.
    Closed,
}

impl ProgramPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgramPhase::Soon => "soon",
            ProgramPhase::Open => "open",
            ProgramPhase::Closed => "closed",
        }
    }
}

impl Program {
    /// Where applications stand on `today`.
    pub fn phase(&self, today: Date) -> ProgramPhase {
        if self.deadline.is_some_and(|d| d < today) {
            ProgramPhase::Closed
        } else if self.opens.is_some_and(|o| o > today) {
            ProgramPhase::Soon
        } else {
            ProgramPhase::Open
        }
    }
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "program",
    about: "An academic program — a fellowship, an internship — with its dates and how to apply.",
    folders: &["programs"],
    requires: &[],
    fields: &[
        Field::new(
            "kind",
            Shape::Text,
            "What sort of program, in the site's own words (fellowship, internship).",
            "\"fellowship\"",
        )
        .default("\"program\"")
        .shared(),
        Field::new(
            "eligibility",
            Shape::Text,
            "Who can apply.",
            "\"Doctoral students in any field.\"",
        ),
        Field::new("opens", Shape::Date, "When applications open.", "2026-09-01").shared(),
        Field::new(
            "deadline",
            Shape::Date,
            "The last day to apply (not before it opens).",
            "2026-11-30",
        )
        .shared(),
        Field::new(
            "apply_url",
            Shape::Url,
            "Where to apply.",
            "\"https://careers.halcyon.example/apply\"",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Program> {
    let program_kind = f.opt_text("kind").unwrap_or_else(|| "program".to_string());
    let eligibility = f.opt_text("eligibility");
    let opens = f.date("opens");
    let deadline = f.date("deadline");
    if let (Some(o), Some(d)) = (&opens, &deadline)
        && d.value < o.value
    {
        f.t.ctx.push(
            f.t.error("deadline", d.span.clone(), "the deadline is before the program opens")
                .expected(format!("a date after {}", o.value))
                .found(d.value.to_string()),
        );
    }
    let apply_url = f.opt_text("apply_url");
    Some(Program {
        program_kind,
        eligibility,
        opens: opens.map(|o| o.value),
        deadline: deadline.map(|d| d.value),
        apply_url,
    })
}
