//! An episode of a series: a file in the series' folder; the body is the
//! transcript.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone)]
pub struct Episode {
    /// The key of its series (its folder).
    pub series: String,
    pub number: Option<i64>,
    pub video_url: Option<String>,
    pub tools: Vec<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "episode",
    about: "An episode of a series (a file in the series' folder); the body is the transcript.",
    folders: &[],
    requires: &[],
    fields: &[
        Field::new("number", Shape::Integer, "Its number in the series.", "12").shared(),
        Field::new(
            "video_url",
            Shape::Url,
            "The recording; on a host a consent category declares, shown only to visitors who allow it.",
            "\"https://video.halcyon.example/forum/12\"",
        )
        .shared(),
        Field::new(
            "tools",
            Shape::Refs("tool"),
            "The research tools it discusses.",
            "[\"research/tools/tessera\"]",
        )
        .shared(),
    ],
};

/// `key`: the episode's own key (its series is the folder it is in).
pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>, key: &str) -> Option<Episode> {
    let series = key.rsplit_once('/').map(|(p, _)| p.to_string()).unwrap_or_default();
    let number = f.integer("number").map(|n| n.value);
    let video_url = f.opt_text("video_url");
    let tools = f.references("tools");
    Some(Episode {
        series,
        number,
        video_url,
        tools,
    })
}
