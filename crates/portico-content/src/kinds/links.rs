//! Tables that appear in several types: a line of a list of links, a call
//! to action.

use crate::fields::Fields;
use crate::model::{Cta, LinkLine};

/// A line of a list of links.
pub(crate) fn read_link_line(f: &mut Fields<'_, '_, '_, '_>) -> Option<LinkLine> {
    let label = f.text("label");
    let href = f.link("href");
    let description = f.opt_text("description");
    Some(LinkLine {
        label: label?.value,
        href: href?,
        description,
    })
}

/// A call to action.
pub(crate) fn read_cta(f: &mut Fields<'_, '_, '_, '_>) -> Option<Cta> {
    let label = f.text("label");
    let href = f.link("href");
    Some(Cta {
        label: label?.value,
        href: href?,
    })
}
