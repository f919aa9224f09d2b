//! A page, composed of blocks (every `_index.md` is one; a section page
//! lists the items of its folder).

use crate::decl::{BlockDecl, CTA, Field, Group, LINK_LINE, Shape, TypeDecl};
use crate::fields::{Fields, key};
use crate::model::{Cta, Image, Link, LinkLine};
use crate::reader::At;

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// An `_index.md` with items below it: lists them.
    pub is_section: bool,
}

#[derive(Debug, Clone)]
pub enum Block {
    Hero {
        heading: String,
        text: Option<String>,
        image: Option<Image>,
        cta: Option<Cta>,
    },
    Text {
        markdown: String,
    },
    Body,
    Cards {
        heading: Option<String>,
        intro: Option<String>,
        source: CardSource,
    },
    Quote {
        text: String,
        attribution: String,
        role: Option<String>,
    },
    Video {
        title: String,
        src: Option<String>,
        url: Option<String>,
        poster: Option<Image>,
        caption: Option<String>,
        transcript: Option<Link>,
    },
    Facts {
        heading: Option<String>,
        facts: Vec<FactLine>,
    },
    Links {
        heading: Option<String>,
        links: Vec<LinkLine>,
    },
    Cta {
        heading: String,
        text: Option<String>,
        cta: Cta,
    },
    Children {
        heading: Option<String>,
    },
    /// A picture beside a heading, a text and a link.
    Feature {
        heading: String,
        text: Option<String>,
        image: Image,
        cta: Option<Cta>,
        /// The picture on the inline-end side (right in English, left in
        /// Arabic) instead of the start.
        image_end: bool,
    },
    /// Dated entries in order: a history, a roadmap.
    Timeline {
        heading: Option<String>,
        intro: Option<String>,
        entries: Vec<TimelineEntry>,
    },
}

/// One entry of a timeline block.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// The year it happened (or will).
    pub year: i32,
    /// What happened, in a few words.
    pub title: String,
    /// Markdown: a sentence or two.
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub enum CardSource {
    /// The newest items of a section.
    Section { key: String, limit: usize },
    /// Chosen items, by key.
    Items(Vec<String>),
    /// Cards written out in the block.
    Inline(Vec<Card>),
}

#[derive(Debug, Clone)]
pub struct Card {
    pub title: String,
    pub text: Option<String>,
    pub href: Option<Link>,
    pub link_label: Option<String>,
    pub image: Option<Image>,
}

#[derive(Debug, Clone)]
pub struct FactLine {
    pub value: String,
    pub unit: Option<String>,
    pub label: String,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "page",
    about: "A page composed of blocks, then its Markdown body; every `_index.md` is one.",
    folders: &[],
    requires: &[],
    fields: &[Field::new(
        "blocks",
        Shape::Blocks(BLOCKS),
        "The page's blocks, in order; the body follows unless a `body` block places it.",
        "[{ type = \"text\", text = \"A paragraph.\" }]",
    )],
};

const HEADING: Field = Field::new("heading", Shape::Text, "A heading above it.", "\"Explore\"");

const CARD: Group = Group {
    what: "a card",
    plural: "cards",
    fields: &[
        Field::new("title", Shape::Text, "The card's title.", "\"Our mission\"").required(),
        Field::new("text", Shape::Markdown, "A sentence or two.", "\"Why we exist.\""),
        Field::new("href", Shape::Link, "Where it leads.", "\"@/about\""),
        Field::new("link_label", Shape::Text, "The link's text.", "\"Learn more\""),
        Field::new(
            "image",
            Shape::Image,
            "Its picture.",
            "{ src = \"images/example.svg\", alt = \"What the picture shows\" }",
        ),
    ],
};

const TIMELINE_ENTRY: Group = Group {
    what: "a timeline entry",
    plural: "timeline entries",
    fields: &[
        Field::new("year", Shape::Integer, "The year.", "2009").required(),
        Field::new("title", Shape::Text, "What happened.", "\"Founded in Portland\"").required(),
        Field::new(
            "text",
            Shape::Markdown,
            "A sentence or two.",
            "\"Three engineers and one river.\"",
        ),
    ],
};

const FACT_LINE: Group = Group {
    what: "a fact",
    plural: "facts",
    fields: &[
        Field::new("value", Shape::Text, "The figure, as shown.", "\"41\"").required(),
        Field::new("unit", Shape::Text, "What it counts.", "\"countries\""),
        Field::new(
            "label",
            Shape::Text,
            "What it is about.",
            "\"where our products are used\"",
        )
        .required(),
    ],
};

/// The block types of a page.
pub(crate) const BLOCKS: &[BlockDecl] = &[
    BlockDecl {
        name: "hero",
        about: "A large heading with a sentence, a picture and a call to action.",
        fields: &[
            Field::new(
                "heading",
                Shape::Text,
                "The heading.",
                "\"Technology that keeps its promises\"",
            )
            .required(),
            Field::new(
                "text",
                Shape::Markdown,
                "One or two sentences.",
                "\"What we do, in one sentence.\"",
            ),
            Field::new(
                "image",
                Shape::Image,
                "Its picture.",
                "{ src = \"images/example.svg\", alt = \"What the picture shows\" }",
            ),
            Field::new(
                "cta",
                Shape::Table(&CTA),
                "A call to action.",
                "{ label = \"Read our mission\", href = \"@/about\" }",
            ),
        ],
    },
    BlockDecl {
        name: "text",
        about: "Markdown, as long as you like.",
        fields: &[Field::new("text", Shape::Markdown, "The text.", "\"A paragraph.\"").required()],
    },
    BlockDecl {
        name: "body",
        about: "Where the page's Markdown body goes (after every block otherwise).",
        fields: &[],
    },
    BlockDecl {
        name: "cards",
        about: "Cards: the newest items of a section, chosen items, or cards written here.",
        fields: &[
            HEADING,
            Field::new(
                "intro",
                Shape::Text,
                "A sentence under the heading.",
                "\"The latest from our teams.\"",
            ),
            Field::new(
                "section",
                Shape::Ref("page"),
                "A section whose newest items are the cards.",
                "\"stories\"",
            ),
            Field::new(
                "limit",
                Shape::Integer,
                "How many of the section's items (1 to 100).",
                "3",
            )
            .default("3"),
            Field::new(
                "items",
                Shape::Refs("item"),
                "Chosen items, in order.",
                "[\"about/values\"]",
            ),
            Field::new(
                "cards",
                Shape::List(&CARD),
                "Cards written here.",
                "[{ title = \"Our mission\", href = \"@/about\" }]",
            ),
        ],
    },
    BlockDecl {
        name: "quote",
        about: "A quotation with who said it.",
        fields: &[
            Field::new("text", Shape::Text, "What was said.", "\"We build to last.\"").required(),
            Field::new("attribution", Shape::Text, "Who said it.", "\"Mara Lindqvist\"").required(),
            Field::new("role", Shape::Text, "Their role.", "\"Chief Executive Officer\""),
        ],
    },
    BlockDecl {
        name: "video",
        about: "A video: a file of the site, or a page on another site shown after consent.",
        fields: &[
            Field::new(
                "title",
                Shape::Text,
                "What the video is.",
                "\"Watch the video: how sensors are built\"",
            )
            .required(),
            Field::new("src", Shape::File, "A video file in static/.", "\"video/tide.mp4\""),
            Field::new(
                "url",
                Shape::Url,
                "Or a page on another site.",
                "\"https://video.halcyon.example/tide\"",
            ),
            Field::new(
                "poster",
                Shape::Image,
                "The picture shown before it plays.",
                "{ src = \"images/example.svg\", alt = \"What the picture shows\" }",
            ),
            Field::new("caption", Shape::Text, "A caption.", "\"Filmed in Rotterdam.\""),
            Field::new("transcript", Shape::Link, "Its transcript.", "\"@/about\""),
        ],
    },
    BlockDecl {
        name: "facts",
        about: "Figures with their units and labels.",
        fields: &[
            HEADING,
            Field::new(
                "facts",
                Shape::List(&FACT_LINE),
                "The figures.",
                "[{ value = \"41\", unit = \"countries\", label = \"where our products are used\" }]",
            ),
        ],
    },
    BlockDecl {
        name: "links",
        about: "A list of links, each with an optional line.",
        fields: &[
            HEADING,
            Field::new(
                "links",
                Shape::List(&LINK_LINE),
                "The links.",
                "[{ label = \"Leadership\", href = \"@/about\" }]",
            ),
        ],
    },
    BlockDecl {
        name: "cta",
        about: "A call to action: a heading, a sentence and a button.",
        fields: &[
            Field::new("heading", Shape::Text, "The heading.", "\"Work with us\"").required(),
            Field::new("text", Shape::Markdown, "A sentence.", "\"We are hiring.\""),
            Field::new("label", Shape::Text, "The button's text.", "\"See open roles\"").required(),
            Field::new("href", Shape::Link, "Where it goes.", "\"@/about\"").required(),
        ],
    },
    BlockDecl {
        name: "children",
        about: "A list of the items in this page's folder.",
        fields: &[HEADING],
    },
    BlockDecl {
        name: "feature",
        about: "A picture beside a heading, a text and a link; the picture on either side.",
        fields: &[
            Field::new("heading", Shape::Text, "The heading.", "\"Built to be repaired\"").required(),
            Field::new(
                "text",
                Shape::Markdown,
                "A paragraph or two.",
                "\"Every part can be replaced in the field.\"",
            ),
            Field::new(
                "image",
                Shape::Image,
                "The picture.",
                "{ src = \"images/example.svg\", alt = \"What the picture shows\" }",
            )
            .required(),
            Field::new(
                "cta",
                Shape::Table(&CTA),
                "A link to read on.",
                "{ label = \"How we design\", href = \"@/about\" }",
            ),
            Field::new(
                "image_side",
                Shape::Choice(&["start", "end"]),
                "Which side the picture is on: `start` (left in a left-to-right language) or `end`.",
                "\"end\"",
            )
            .default("start"),
        ],
    },
    BlockDecl {
        name: "timeline",
        about: "Dated entries in order, such as a history.",
        fields: &[
            HEADING,
            Field::new(
                "intro",
                Shape::Text,
                "A sentence under the heading.",
                "\"How we got here.\"",
            ),
            Field::new(
                "entries",
                Shape::List(&TIMELINE_ENTRY),
                "The entries, oldest first.",
                "[{ year = 2009, title = \"Founded in Portland\" }]",
            )
            .required(),
        ],
    },
];

/// The names of the block types.
const BLOCK_NAMES: [&str; 12] = [
    "hero", "text", "body", "cards", "quote", "video", "facts", "links", "cta", "children", "feature", "timeline",
];

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>, is_index: bool) -> Option<Page> {
    let blocks = f.list_of("blocks", "a block", read_block);
    Some(Page {
        blocks,
        is_section: is_index,
    })
}

fn read_block(f: &mut Fields<'_, '_, '_, '_>) -> Option<Block> {
    let kind = f.t.req_str("type")?;
    f.t.set_what(format!("a {} block", kind.value));
    let Some(decl) = BLOCKS.iter().find(|b| b.name == kind.value) else {
        let mut d =
            f.t.error(
                "type",
                kind.span.clone(),
                format!("unknown block type `{}`", kind.value),
            )
            .expected(format!("one of {}", BLOCK_NAMES.join(", ")));
        if let Some(s) = crate::diagnostic::did_you_mean(&kind.value, BLOCK_NAMES.iter().copied()) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        f.t.ctx.push(d);
        // One error for the block is enough.
        f.t.ignore_rest();
        return None;
    };
    let mut f = f.with(decl.fields);
    Some(match decl.name {
        "hero" => {
            let heading = f.text("heading");
            let text = f.opt_text("text");
            let image = f.image("image");
            let cta = f.table("cta", super::links::read_cta);
            Block::Hero {
                heading: heading?.value,
                text,
                image,
                cta,
            }
        }
        "text" => Block::Text {
            markdown: f.text("text")?.value,
        },
        "body" => Block::Body,
        "cards" => cards(&mut f)?,
        "quote" => {
            let text = f.text("text");
            let attribution = f.text("attribution");
            let role = f.opt_text("role");
            Block::Quote {
                text: text?.value,
                attribution: attribution?.value,
                role,
            }
        }
        "video" => video(&mut f)?,
        "facts" => {
            let heading = f.opt_text("heading");
            let facts = f.list("facts", |l| {
                let value = l.text("value");
                let unit = l.opt_text("unit");
                let label = l.text("label");
                Some(FactLine {
                    value: value?.value,
                    unit,
                    label: label?.value,
                })
            });
            Block::Facts { heading, facts }
        }
        "links" => {
            let heading = f.opt_text("heading");
            let links = f.list("links", super::links::read_link_line);
            Block::Links { heading, links }
        }
        "cta" => {
            let heading = f.text("heading");
            let text = f.opt_text("text");
            let label = f.text("label");
            let href = f.link("href");
            Block::Cta {
                heading: heading?.value,
                text,
                cta: Cta {
                    label: label?.value,
                    href: href?,
                },
            }
        }
        "feature" => {
            let heading = f.text("heading");
            let text = f.opt_text("text");
            let image = f.image("image");
            let cta = f.table("cta", super::links::read_cta);
            let image_end = f.choice("image_side") == Some("end");
            Block::Feature {
                heading: heading?.value,
                text,
                image: image?,
                cta,
                image_end,
            }
        }
        "timeline" => timeline(&mut f),
        _ => Block::Children {
            heading: f.opt_text("heading"),
        },
    })
}

fn timeline(f: &mut Fields<'_, '_, '_, '_>) -> Block {
    let heading = f.opt_text("heading");
    let intro = f.opt_text("intro");
    let entries = f.list("entries", |e| {
        let year = e.integer("year");
        let title = e.text("title");
        let text = e.opt_text("text");
        let year = match year {
            Some(At { value, .. }) if (1..=9999).contains(&value) => value as i32,
            Some(At { value, span }) => {
                e.t.ctx.push(
                    e.t.error("year", span, "`year` is out of range")
                        .expected("a year from 1 to 9999")
                        .found(value.to_string()),
                );
                return None;
            }
            None => return None,
        };
        Some(TimelineEntry {
            year,
            title: title?.value,
            text,
        })
    });
    if entries.is_empty() && !f.t.has("entries") {
        f.t.missing("entries", "[[blocks.entries]] tables with `year` and `title`");
    }
    Block::Timeline {
        heading,
        intro,
        entries,
    }
}

fn cards(f: &mut Fields<'_, '_, '_, '_>) -> Option<Block> {
    let heading = f.opt_text("heading");
    let intro = f.opt_text("intro");
    let section = f.t.str("section");
    let limit = f.integer("limit");
    let items = f.t.strings("items");
    let inline = f.list("cards", |c| {
        let title = c.text("title");
        let text = c.opt_text("text");
        let href = c.link("href");
        let link_label = c.opt_text("link_label");
        let image = c.image("image");
        Some(Card {
            title: title?.value,
            text,
            href,
            link_label,
            image,
        })
    });
    let t = &mut *f.t;
    let source = match (section, items.is_empty(), inline.is_empty()) {
        (Some(s), true, true) => {
            let section = key(&s.value);
            f.refs
                .link(t.ctx, s.span, t.path("section"), &Link::Item(section.clone()));
            let limit = match limit {
                Some(At { value, .. }) if (1..=100).contains(&value) => value as usize,
                Some(At { value, span }) => {
                    t.ctx.push(
                        t.error("limit", span, "`limit` is out of range")
                            .expected("a number from 1 to 100")
                            .found(value.to_string()),
                    );
                    3
                }
                None => 3,
            };
            CardSource::Section { key: section, limit }
        }
        (None, false, true) => {
            for i in &items {
                f.refs
                    .link(t.ctx, i.span.clone(), t.path("items"), &Link::Item(key(&i.value)));
            }
            CardSource::Items(items.into_iter().map(|i| key(&i.value)).collect())
        }
        (None, true, false) => CardSource::Inline(inline),
        (None, true, true) => {
            t.missing(
                "cards",
                "`section = \"key\"`, `items = [\"key\", …]` or [[blocks.cards]] tables",
            );
            return None;
        }
        _ => {
            t.ctx.push(
                t.error(
                    "cards",
                    t.key_span("section"),
                    "a cards block takes its cards from one place only",
                )
                .expected("one of `section`, `items`, [[blocks.cards]]"),
            );
            return None;
        }
    };
    Some(Block::Cards { heading, intro, source })
}

fn video(f: &mut Fields<'_, '_, '_, '_>) -> Option<Block> {
    let title = f.text("title");
    let src = f.t.str("src");
    let url = f.t.str("url");
    let poster = f.image("poster");
    let caption = f.opt_text("caption");
    let transcript = f.link("transcript");
    let t = &mut *f.t;
    if let Some(s) = &src {
        f.refs
            .image(t.ctx, s.span.clone(), t.path("src"), s.value.trim_start_matches('/'));
    }
    if src.is_some() == url.is_some() {
        t.ctx.push(
            t.error(
                "src",
                t.key_span("title"),
                "a video block needs exactly one of `src` or `url`",
            )
            .field(t.path("src"))
            .expected("`src` (a video file in static/) or `url` (a page on another site)"),
        );
    }
    Some(Block::Video {
        title: title?.value,
        src: src.map(|s| s.value.trim_start_matches('/').to_string()),
        url: url.map(|s| s.value),
        poster,
        caption,
        transcript,
    })
}
