//! One content file -> one [`Item`]. Checks that need the whole site (links,
//! authors, images) are recorded in [`Refs`] and done by `validate`.

use std::ops::Range;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime as Zoned};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::ContentFile;
use crate::model::*;
use crate::reader::{At, Ctx, Table};

/// Something a file refers to that can only be checked once every file is
/// read.
pub(crate) enum Check {
    Link(Link),
    Image(String),
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
    fn item(&mut self, ctx: &Ctx<'_>, span: Range<usize>, field: String, key: &str, kind: &'static str) {
        self.push(
            ctx.at(span, String::new()).field(field),
            Check::ItemOfKind(key.trim_start_matches("@/").trim_matches('/').to_string(), kind),
        );
    }
    /// A reference found in Markdown: `span` is already a file offset.
    fn in_file(&mut self, file: &SourceFile, span: Range<usize>, field: &str, check: Check) {
        self.push(file.at(span, String::new()).field(field.to_string()), check);
    }
}

/// Splits `+++` front matter from the body. Returns (toml, its byte offset,
/// body, its byte offset).
fn split(file: &SourceFile) -> Result<(&str, usize, &str, usize), Box<Diagnostic>> {
    let text = file.text.as_str();
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(Box::new(
            file.at(0..first.len(), "a content file starts with `+++` front matter")
                .expected("+++ on the first line, then TOML, then +++")
                .found(format!("{:?}", first.chars().take(40).collect::<String>())),
        ));
    }
    let start = first.len() + 1;
    let mut offset = start;
    for line in text[start.min(text.len())..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            return Ok((
                &text[start..offset],
                start,
                &text[body_start.min(text.len())..],
                body_start.min(text.len()),
            ));
        }
        offset += line.len();
    }
    Err(Box::new(
        file.at(0..3, "the front matter is never closed")
            .expected("a line with only `+++` after the front matter"),
    ))
}

/// The kind a file gets from the folder it is in.
fn kind_from_folder(rel: &str) -> Option<&'static str> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    let parent = parts.last()?;
    Some(match *parent {
        "stories" => "story",
        "people" | "leadership" => "person",
        "locations" => "location",
        "labs" => "lab",
        "areas" => "area",
        "events" => "event",
        "series" => "series",
        "programs" => "program",
        "jobs" => "job",
        "tools" => "tool",
        "facts" => "fact",
        _ if parts.len() >= 2 && parts[parts.len() - 2] == "series" => "episode",
        _ => return None,
    })
}

const KINDS: &[&str] = &[
    "page", "story", "person", "location", "lab", "area", "event", "series", "episode", "program", "job", "tool",
    "fact",
];

pub(crate) fn parse_when(s: &str) -> Result<When, String> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        let date = s
            .get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .unwrap_or_else(|| ts.to_zoned_datetime(TimeZone::UTC).date());
        return Ok(When { date, at: Some(ts) });
    }
    if s.len() > 10 && s.get(..10).is_some_and(|d| d.parse::<Date>().is_ok()) && s.as_bytes()[10] == b'T' {
        return Err("a date-time needs its offset: add `Z` (UTC) or `+02:00`".to_string());
    }
    s.parse::<Date>()
        .map(|date| When { date, at: None })
        .map_err(|e| e.to_string())
}

fn parse_zoned(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    let dt: DateTime = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    dt.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string())
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()))
}

pub(crate) fn read_image(t: &mut Table<'_, '_, '_>, refs: &mut Refs) -> Option<Image> {
    let src = t.req_str("src");
    let alt = t.str("alt");
    let decorative = t.bool("decorative").unwrap_or(false);
    let caption = t.str("caption").map(|s| s.value);
    let credit = t.str("credit").map(|s| s.value);
    let src = src?;
    if src.value.starts_with("http://") || src.value.starts_with("https://") || src.value.starts_with("//") {
        t.ctx.push(
            t.error("src", src.span.clone(), "images must be files of this site")
                .expected("a path inside static/, like \"images/team.svg\"")
                .found(format!("{:?}", src.value))
                .help("an image from another site is a request to a third party before the visitor consents; copy it into static/"),
        );
        return None;
    }
    let path = src
        .value
        .trim_start_matches('/')
        .trim_start_matches("static/")
        .to_string();
    refs.image(t.ctx, src.span, t.path("src"), &path);
    match (&alt, decorative) {
        (Some(a), false) if a.value.trim().is_empty() => {
            t.ctx.push(
                t.error("alt", a.span.clone(), "the alt text is empty")
                    .expected("a description of what the image shows")
                    .help("if the image adds nothing to the text, write `decorative = true` instead"),
            );
        }
        (None, false) => {
            t.ctx.push(
                t.error("alt", t.key_span("src"), format!("{} has no alt text", t.what()))
                    .field(t.path("alt"))
                    .expected("alt = \"what the image shows\"")
                    .help("if the image adds nothing to the text, write `decorative = true` instead"),
            );
        }
        _ => {}
    }
    Some(Image {
        src: path,
        alt: alt.map(|a| a.value).unwrap_or_default(),
        decorative,
        caption,
        credit,
    })
}

fn read_link(t: &mut Table<'_, '_, '_>, name: &'static str, refs: &mut Refs, required: bool) -> Option<Link> {
    let s = if required { t.req_str(name) } else { t.str(name) }?;
    let link = Link::parse(&s.value);
    refs.link(t.ctx, s.span, t.path(name), &link);
    Some(link)
}

fn read_cta(t: &mut Table<'_, '_, '_>, refs: &mut Refs) -> Option<Cta> {
    let label = t.req_str("label");
    let href = read_link(t, "href", refs, true);
    Some(Cta {
        label: label?.value,
        href: href?,
    })
}

fn read_block(t: &mut Table<'_, '_, '_>, refs: &mut Refs) -> Option<Block> {
    let kind = t.req_str("type")?;
    t.set_what(format!("a {} block", kind.value));
    let opt = |t: &mut Table<'_, '_, '_>, n: &'static str| t.str(n).map(|s| s.value);
    Some(match kind.value.as_str() {
        "hero" => {
            let heading = t.req_str("heading");
            let text = opt(t, "text");
            let image = t.table("image", "an image", |t| read_image(t, refs));
            let cta = t.table("cta", "a call to action", |t| read_cta(t, refs));
            Block::Hero {
                heading: heading?.value,
                text,
                image,
                cta,
            }
        }
        "text" => Block::Text {
            markdown: t.req_str("text")?.value,
        },
        "body" => Block::Body,
        "cards" => {
            let heading = opt(t, "heading");
            let intro = opt(t, "intro");
            let section = t.str("section");
            let limit = t.int("limit");
            let items = t.strings("items");
            let inline = t.tables("cards", "a card", |t| {
                let title = t.req_str("title");
                let text = t.str("text").map(|s| s.value);
                let href = read_link(t, "href", refs, false);
                let link_label = t.str("link_label").map(|s| s.value);
                let image = t.table("image", "an image", |t| read_image(t, refs));
                Some(Card {
                    title: title?.value,
                    text,
                    href,
                    link_label,
                    image,
                })
            });
            let source = match (section, items.is_empty(), inline.is_empty()) {
                (Some(s), true, true) => {
                    let key = s.value.trim_start_matches("@/").trim_matches('/').to_string();
                    refs.link(t.ctx, s.span, t.path("section"), &Link::Item(key.clone()));
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
                    CardSource::Section { key, limit }
                }
                (None, false, true) => {
                    for i in &items {
                        let key = i.value.trim_start_matches("@/").trim_matches('/').to_string();
                        refs.link(t.ctx, i.span.clone(), t.path("items"), &Link::Item(key));
                    }
                    CardSource::Items(
                        items
                            .into_iter()
                            .map(|i| i.value.trim_start_matches("@/").trim_matches('/').to_string())
                            .collect(),
                    )
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
            Block::Cards { heading, intro, source }
        }
        "quote" => {
            let text = t.req_str("text");
            let attribution = t.req_str("attribution");
            let role = opt(t, "role");
            Block::Quote {
                text: text?.value,
                attribution: attribution?.value,
                role,
            }
        }
        "video" => {
            let title = t.req_str("title");
            let src = t.str("src");
            let url = t.str("url");
            let poster = t.table("poster", "an image", |t| read_image(t, refs));
            let caption = opt(t, "caption");
            let transcript = read_link(t, "transcript", refs, false);
            if let Some(s) = &src {
                refs.image(t.ctx, s.span.clone(), t.path("src"), s.value.trim_start_matches('/'));
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
            Block::Video {
                title: title?.value,
                src: src.map(|s| s.value.trim_start_matches('/').to_string()),
                url: url.map(|s| s.value),
                poster,
                caption,
                transcript,
            }
        }
        "facts" => {
            let heading = opt(t, "heading");
            let facts = t.tables("facts", "a fact", |t| {
                let value = t.req_str("value");
                let unit = t.str("unit").map(|s| s.value);
                let label = t.req_str("label");
                Some(FactLine {
                    value: value?.value,
                    unit,
                    label: label?.value,
                })
            });
            Block::Facts { heading, facts }
        }
        "links" => {
            let heading = opt(t, "heading");
            let links = t.tables("links", "a link", |t| read_link_line(t, refs));
            Block::Links { heading, links }
        }
        "cta" => {
            let heading = t.req_str("heading");
            let text = opt(t, "text");
            let label = t.req_str("label");
            let href = read_link(t, "href", refs, true);
            Block::Cta {
                heading: heading?.value,
                text,
                cta: Cta {
                    label: label?.value,
                    href: href?,
                },
            }
        }
        "children" => Block::Children {
            heading: opt(t, "heading"),
        },
        other => {
            const BLOCKS: &[&str] = &[
                "hero", "text", "body", "cards", "quote", "video", "facts", "links", "cta", "children",
            ];
            let mut d = t
                .error("type", kind.span.clone(), format!("unknown block type `{other}`"))
                .expected(format!("one of {}", BLOCKS.join(", ")));
            if let Some(s) = crate::diagnostic::did_you_mean(other, BLOCKS.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            t.ctx.push(d);
            // One error for the block is enough.
            t.ignore_rest();
            return None;
        }
    })
}

fn read_link_line(t: &mut Table<'_, '_, '_>, refs: &mut Refs) -> Option<LinkLine> {
    let label = t.req_str("label");
    let href = read_link(t, "href", refs, true);
    let description = t.str("description").map(|s| s.value);
    Some(LinkLine {
        label: label?.value,
        href: href?,
        description,
    })
}

fn date_field(t: &mut Table<'_, '_, '_>, name: &'static str) -> Option<At<When>> {
    let s = t.datetime_text(name)?;
    match parse_when(&s.value) {
        Ok(w) => Some(At { value: w, span: s.span }),
        Err(e) => {
            t.ctx.push(
                t.error(name, s.span.clone(), format!("`{}` is not a valid date", t.path(name)))
                    .expected("a date like 2026-03-14, or 2026-03-14T09:30:00Z")
                    .found(format!("{:?} ({e})", s.value)),
            );
            None
        }
    }
}

fn plain_date(t: &mut Table<'_, '_, '_>, name: &'static str) -> Option<At<Date>> {
    date_field(t, name).map(|w| At {
        value: w.value.date,
        span: w.span,
    })
}

/// Reads and checks the metadata file a tool points at (`metadata =
/// "data/tools/x/CITATION.cff"`). Its problems are reported against that
/// file, each with line, column and field.
fn read_metadata(t: &mut Table<'_, '_, '_>, m: &At<String>, refs: &mut Refs) -> Option<portico_formats::cite::Work> {
    let root = refs.root.clone()?;
    let file = match crate::load::read_data_file(&root, &m.value) {
        Ok(f) => f,
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

fn keys_of(t: &mut Table<'_, '_, '_>, name: &'static str, kind: &'static str, refs: &mut Refs) -> Vec<String> {
    t.strings(name)
        .into_iter()
        .map(|s| {
            refs.item(t.ctx, s.span.clone(), t.path(name), &s.value, kind);
            s.value.trim_start_matches("@/").trim_matches('/').to_string()
        })
        .collect()
}

fn one_of<T: Copy>(t: &mut Table<'_, '_, '_>, name: &'static str, options: &[(&str, T)], required: bool) -> Option<T> {
    let s = if required { t.req_str(name) } else { t.str(name) }?;
    if let Some((_, v)) = options.iter().find(|(k, _)| *k == s.value) {
        return Some(*v);
    }
    let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
    let mut d = t
        .error(name, s.span.clone(), format!("`{}` has an unknown value", t.path(name)))
        .expected(format!("one of {}", names.join(", ")))
        .found(format!("{:?}", s.value));
    if let Some(m) = crate::diagnostic::did_you_mean(&s.value, names.iter().copied()) {
        d = d.help(format!("did you mean `{m}`?"));
    }
    t.ctx.push(d);
    None
}

fn range_check(t: &mut Table<'_, '_, '_>, name: &'static str, min: f64, max: f64, required: bool) -> Option<f64> {
    let present = t.has(name);
    let v = t.number(name);
    match v {
        Some(At { value, span }) if !(min..=max).contains(&value) => {
            t.ctx.push(
                t.error(name, span, format!("`{}` is out of range", t.path(name)))
                    .expected(format!("a number from {min} to {max}"))
                    .found(value.to_string()),
            );
            None
        }
        Some(At { value, .. }) => Some(value),
        None => {
            if required && !present {
                t.missing(name, &format!("a number from {min} to {max}"));
            }
            None
        }
    }
}

/// The key of a content file: its path under the locale folder without
/// `.md`; an `_index.md` stands for its folder.
pub(crate) fn key_of(rel: &str) -> (String, bool) {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    if stem == "_index" {
        (String::new(), true)
    } else if let Some(dir) = stem.strip_suffix("/_index") {
        (dir.to_string(), true)
    } else {
        (stem.to_string(), false)
    }
}

pub(crate) struct Parsed {
    pub item: Option<Item>,
    pub draft: bool,
    pub diags: Vec<Diagnostic>,
}

pub(crate) fn parse_item(cf: &ContentFile, refs: &mut Refs) -> Parsed {
    let file = &cf.file;
    let (fm, fm_start, body, body_start) = match split(file) {
        Ok(x) => x,
        Err(d) => {
            return Parsed {
                item: None,
                draft: false,
                diags: vec![*d],
            };
        }
    };
    let ctx = Ctx::new(file, fm_start);
    let doc = ctx.parse(fm);
    let (key, is_index) = key_of(&cf.rel);

    // The kind: `type`, else the folder, else page.
    let mut t = Table::new(&ctx, &doc, "a page");
    let declared = t.str("type");
    let kind_name: &'static str = match &declared {
        Some(d) => match KINDS.iter().find(|k| **k == d.value) {
            Some(k) => k,
            None => {
                let mut diag = t
                    .error("type", d.span.clone(), format!("unknown content type `{}`", d.value))
                    .expected(format!("one of {}", KINDS.join(", ")));
                if let Some(s) = crate::diagnostic::did_you_mean(&d.value, KINDS.iter().copied()) {
                    diag = diag.help(format!("did you mean `{s}`?"));
                }
                ctx.push(diag);
                "page"
            }
        },
        None if is_index => "page",
        None => kind_from_folder(&cf.rel).unwrap_or("page"),
    };
    let article = if kind_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let mut t = Table::new(&ctx, &doc, format!("{article} {kind_name}"));
    let _ = t.str("type");

    let title = t.req_str("title");
    let summary = t.str("summary");
    let description = t.str("description").map(|s| s.value);
    let menu_title = t.str("menu_title").map(|s| s.value);
    let slug = t.str("slug");
    if let Some(s) = &slug
        && !valid_slug(&s.value)
    {
        ctx.push(
            t.error("slug", s.span.clone(), "`slug` is not a valid URL segment")
                .expected("lowercase letters, digits and `-`, like \"our-mission\"")
                .found(format!("{:?}", s.value)),
        );
    }
    let date = date_field(&mut t, "date");
    let updated = date_field(&mut t, "updated");
    let draft = t.bool("draft").unwrap_or(false);
    let weight = t.int("weight").map_or(0, |w| w.value);
    let tags = t.strings("tags").into_iter().map(|s| s.value).collect();
    let image = t.table("image", "an image", |t| read_image(t, refs));
    let aliases = t.strings("aliases");
    for a in &aliases {
        if !a.value.starts_with('/') {
            ctx.push(
                t.error("aliases", a.span.clone(), "an alias is an old path of this site")
                    .expected("a path starting with `/`, like \"/en/old-page/\"")
                    .found(format!("{:?}", a.value)),
            );
        }
    }

    let opt_str = |t: &mut Table<'_, '_, '_>, n: &'static str| t.str(n).map(|s| s.value);
    let kind: Option<Kind> = match kind_name {
        "page" => {
            let blocks = t.tables("blocks", "a block", |t| read_block(t, refs));
            Some(Kind::Page(Page {
                blocks,
                is_section: is_index,
            }))
        }
        "story" => {
            if date.is_none() && !t.has("date") {
                t.missing("date", "the publication date, like 2026-03-14");
            }
            if summary.is_none() && !t.has("summary") {
                t.missing("summary", "one or two sentences");
            }
            if image.is_none() && !t.has("image") {
                t.missing("image", "image = { src = \"images/…\", alt = \"…\" }");
            }
            Some(Kind::Story(Story {
                authors: keys_of(&mut t, "authors", "person", refs),
            }))
        }
        "person" => {
            let role = t.req_str("role");
            let links = t.tables("links", "a link", |t| read_link_line(t, refs));
            if image.is_none() && !t.has("image") {
                t.missing("image", "a portrait: image = { src = \"images/…\", alt = \"…\" }");
            }
            role.map(|r| Kind::Person(Person { role: r.value, links }))
        }
        "location" => {
            let kind = one_of(
                &mut t,
                "kind",
                &[
                    ("office", LocationKind::Office),
                    ("lab", LocationKind::Lab),
                    ("data-center", LocationKind::DataCenter),
                ],
                true,
            );
            let address = t.req_str("address");
            let city = t.req_str("city");
            let region = opt_str(&mut t, "region");
            let postal_code = opt_str(&mut t, "postal_code");
            let country = t.req_str("country");
            if let Some(c) = &country
                && !(c.value.len() == 2 && c.value.chars().all(|ch| ch.is_ascii_uppercase()))
            {
                ctx.push(
                    t.error("country", c.span.clone(), "`country` is not an ISO 3166 country code")
                        .expected("two capital letters, like \"DE\"")
                        .found(format!("{:?}", c.value)),
                );
            }
            let latitude = range_check(&mut t, "latitude", -90.0, 90.0, true);
            let longitude = range_check(&mut t, "longitude", -180.0, 180.0, true);
            let timezone = t.req_str("timezone");
            if let Some(tz) = &timezone
                && TimeZone::get(&tz.value).is_err()
            {
                ctx.push(
                    t.error("timezone", tz.span.clone(), "`timezone` is not a known time zone")
                        .expected("an IANA time zone name, like \"Europe/Berlin\"")
                        .found(format!("{:?}", tz.value)),
                );
            }
            let phone = opt_str(&mut t, "phone");
            match (kind, address, city, country, latitude, longitude, timezone) {
                (Some(kind), Some(address), Some(city), Some(country), Some(latitude), Some(longitude), Some(tz)) => {
                    Some(Kind::Location(Location {
                        kind,
                        address: address.value,
                        city: city.value,
                        region,
                        postal_code,
                        country: country.value,
                        latitude,
                        longitude,
                        timezone: tz.value,
                        phone,
                    }))
                }
                _ => None,
            }
        }
        "lab" => {
            let areas = keys_of(&mut t, "areas", "area", refs);
            let location = t.str("location");
            if let Some(l) = &location {
                refs.item(&ctx, l.span.clone(), t.path("location"), &l.value, "location");
            }
            let lead = t.str("lead");
            if let Some(l) = &lead {
                refs.item(&ctx, l.span.clone(), t.path("lead"), &l.value, "person");
            }
            Some(Kind::Lab(Lab {
                areas,
                location: location.map(|l| l.value.trim_start_matches("@/").to_string()),
                lead: lead.map(|l| l.value.trim_start_matches("@/").to_string()),
            }))
        }
        "area" => Some(Kind::Area(Area {
            leads: keys_of(&mut t, "leads", "person", refs),
        })),
        "event" => {
            let event_kind = opt_str(&mut t, "kind").unwrap_or_else(|| "event".to_string());
            let tz_name = t.req_str("timezone");
            let tz = tz_name.as_ref().and_then(|n| match TimeZone::get(&n.value) {
                Ok(tz) => Some(tz),
                Err(_) => {
                    ctx.push(
                        t.error("timezone", n.span.clone(), "`timezone` is not a known time zone")
                            .expected("an IANA time zone name, like \"Europe/Lisbon\"")
                            .found(format!("{:?}", n.value)),
                    );
                    None
                }
            });
            let zoned = |t: &mut Table<'_, '_, '_>, name: &'static str| -> Option<At<Zoned>> {
                let present = t.has(name);
                let s = t.datetime_text(name);
                if s.is_none() && !present {
                    t.missing(name, "a date-time like 2026-05-12T09:00:00");
                }
                let s = s?;
                let tz = tz.as_ref()?;
                match parse_zoned(&s.value, tz) {
                    Ok(z) => Some(At { value: z, span: s.span }),
                    Err(e) => {
                        t.ctx.push(
                            t.error(name, s.span.clone(), format!("`{name}` is not a valid date-time"))
                                .expected("a date-time like 2026-05-12T09:00:00")
                                .found(format!("{:?} ({e})", s.value)),
                        );
                        None
                    }
                }
            };
            let start = zoned(&mut t, "start");
            let end = zoned(&mut t, "end");
            if let (Some(s), Some(e)) = (&start, &end)
                && e.value < s.value
            {
                ctx.push(
                    t.error("end", e.span.clone(), "the event ends before it starts")
                        .expected(format!("a time after {}", s.value.datetime()))
                        .found(e.value.datetime().to_string()),
                );
            }
            let venue = opt_str(&mut t, "venue");
            let location = t.str("location");
            if let Some(l) = &location {
                refs.item(&ctx, l.span.clone(), t.path("location"), &l.value, "location");
            }
            let online_url = opt_str(&mut t, "online_url");
            let registration_url = opt_str(&mut t, "registration_url");
            let speakers = keys_of(&mut t, "speakers", "person", refs);
            let series = t.str("series");
            if let Some(s) = &series {
                refs.item(&ctx, s.span.clone(), t.path("series"), &s.value, "series");
            }
            let recurrence = t.str("recurrence");
            if let Some(r) = &recurrence
                && let Err(e) = portico_formats::ical::check_rrule(&r.value)
            {
                ctx.push(
                    t.error(
                        "recurrence",
                        r.span.clone(),
                        format!("`recurrence` is not a valid RRULE: {e}"),
                    )
                    .expected("an RFC 5545 rule like \"FREQ=MONTHLY;BYDAY=2WE\"")
                    .found(format!("{:?}", r.value)),
                );
            }
            let recurrence = recurrence.map(|r| r.value);
            match (start, end) {
                (Some(start), Some(end)) => Some(Kind::Event(crate::model::Event {
                    event_kind,
                    start: start.value,
                    end: end.value,
                    venue,
                    location: location.map(|l| l.value.trim_start_matches("@/").to_string()),
                    online_url,
                    registration_url,
                    speakers,
                    series: series.map(|s| s.value.trim_start_matches("@/").to_string()),
                    recurrence,
                })),
                _ => None,
            }
        }
        "series" => Some(Kind::Series(Series {
            host: keys_of(&mut t, "host", "person", refs),
        })),
        "episode" => {
            let series = key.rsplit_once('/').map(|(p, _)| p.to_string()).unwrap_or_default();
            let number = t.int("number").map(|n| n.value);
            let video_url = opt_str(&mut t, "video_url");
            let tools = keys_of(&mut t, "tools", "tool", refs);
            Some(Kind::Episode(Episode {
                series,
                number,
                video_url,
                tools,
            }))
        }
        "program" => {
            let program_kind = opt_str(&mut t, "kind").unwrap_or_else(|| "program".to_string());
            let eligibility = opt_str(&mut t, "eligibility");
            let opens = plain_date(&mut t, "opens");
            let deadline = plain_date(&mut t, "deadline");
            if let (Some(o), Some(d)) = (&opens, &deadline)
                && d.value < o.value
            {
                ctx.push(
                    t.error("deadline", d.span.clone(), "the deadline is before the program opens")
                        .expected(format!("a date after {}", o.value))
                        .found(d.value.to_string()),
                );
            }
            let apply_url = opt_str(&mut t, "apply_url");
            Some(Kind::Program(Program {
                program_kind,
                eligibility,
                opens: opens.map(|o| o.value),
                deadline: deadline.map(|d| d.value),
                apply_url,
            }))
        }
        "job" => {
            let team = t.req_str("team");
            let locations = keys_of(&mut t, "locations", "location", refs);
            let remote = one_of(
                &mut t,
                "remote",
                &[
                    ("onsite", Remote::Onsite),
                    ("hybrid", Remote::Hybrid),
                    ("remote", Remote::Remote),
                ],
                false,
            )
            .unwrap_or(Remote::Onsite);
            let present = t.has("posted");
            let posted = plain_date(&mut t, "posted");
            if posted.is_none() && !present {
                t.missing("posted", "the date the job was posted");
            }
            let closes = plain_date(&mut t, "closes");
            if let (Some(p), Some(c)) = (&posted, &closes)
                && c.value < p.value
            {
                ctx.push(
                    t.error("closes", c.span.clone(), "the job closes before it was posted")
                        .expected(format!("a date after {}", p.value))
                        .found(c.value.to_string()),
                );
            }
            let employment_type = opt_str(&mut t, "employment_type");
            let apply_url = opt_str(&mut t, "apply_url");
            match (team, posted) {
                (Some(team), Some(posted)) => Some(Kind::Job(Job {
                    team: team.value,
                    locations,
                    remote,
                    posted: posted.value,
                    closes: closes.map(|c| c.value),
                    employment_type,
                    apply_url,
                })),
                _ => None,
            }
        }
        "tool" => {
            let tool_kind = one_of(
                &mut t,
                "kind",
                &[
                    ("dataset", ToolKind::Dataset),
                    ("model", ToolKind::Model),
                    ("sdk", ToolKind::Sdk),
                    ("api", ToolKind::Api),
                    ("code", ToolKind::Code),
                ],
                true,
            );
            let metadata = t.str("metadata");
            let meta = metadata.as_ref().and_then(|m| read_metadata(&mut t, m, refs));
            let license = if metadata.is_some() {
                t.str("license")
            } else {
                t.req_str("license")
            };
            if let Some(l) = &license
                && let Err(e) = portico_formats::spdx::check_license(&l.value)
            {
                ctx.push(
                    t.error("license", l.span.clone(), e)
                        .expected("an SPDX license id or expression, like \"Apache-2.0\" or \"MIT OR Apache-2.0\"")
                        .found(format!("{:?}", l.value)),
                );
            }
            let repository = opt_str(&mut t, "repository");
            let version = opt_str(&mut t, "version");
            let doi = opt_str(&mut t, "doi");
            let authors = keys_of(&mut t, "authors", "person", refs);
            let areas = keys_of(&mut t, "areas", "area", refs);
            let released = plain_date(&mut t, "released");
            // The front matter wins; the metadata file fills the rest.
            let license = license
                .map(|l| l.value)
                .or_else(|| meta.as_ref().and_then(|m| m.license.clone()));
            if license.is_none()
                && meta.is_some()
                && let Some(m) = &metadata
            {
                ctx.push(
                    t.error(
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
            match (tool_kind, license) {
                (Some(tool_kind), Some(license)) => Some(Kind::Tool(Tool {
                    tool_kind,
                    license,
                    repository: repository.or_else(|| meta.and_then(|m| m.repository.clone())),
                    version: version.or_else(|| meta.and_then(|m| m.version.clone())),
                    doi: doi.or_else(|| meta.and_then(|m| m.doi.clone())),
                    authors,
                    areas,
                    released: released.map(|r| r.value).or_else(|| meta.and_then(|m| m.released)),
                    credits,
                    metadata: metadata.map(|m| m.value),
                })),
                _ => None,
            }
        }
        "fact" => {
            let present = t.has("value");
            let value = t.number("value");
            if value.is_none() && !present {
                t.missing("value", "a number");
            }
            let unit = opt_str(&mut t, "unit");
            let as_of = plain_date(&mut t, "as_of");
            let source = opt_str(&mut t, "source");
            let source_url = opt_str(&mut t, "source_url");
            let history = t.tables("history", "an earlier value", |t| {
                let present = t.has("as_of");
                let date = plain_date(t, "as_of");
                if date.is_none() && !present {
                    t.missing("as_of", "the date of the value, like 2025-10-01");
                }
                let present = t.has("value");
                let value = t.number("value");
                if value.is_none() && !present {
                    t.missing("value", "a number");
                }
                Some((date?, value?.value))
            });
            for pair in history.windows(2) {
                if pair[1].0.value <= pair[0].0.value {
                    ctx.push(
                        t.error("history", pair[1].0.span.clone(), "`history` is not in date order")
                            .expected(format!("a date after {}", pair[0].0.value))
                            .found(pair[1].0.value.to_string()),
                    );
                }
            }
            if let (Some(last), Some(a)) = (history.last(), &as_of)
                && last.0.value >= a.value
            {
                ctx.push(
                    t.error(
                        "history",
                        last.0.span.clone(),
                        "an earlier value is dated on or after `as_of`",
                    )
                    .expected(format!("a date before {}", a.value))
                    .found(last.0.value.to_string()),
                );
            }
            let history = history.into_iter().map(|(d, v)| (d.value, v)).collect();
            value.map(|v| {
                Kind::Fact(Fact {
                    value: v.value,
                    unit,
                    as_of: as_of.map(|a| a.value),
                    source,
                    source_url,
                    history,
                })
            })
        }
        _ => None,
    };
    t.finish();

    let body_first_line = file.line_col(body_start).0;
    check_markdown(file, body, body_start, refs);

    let mut diags = ctx.into_diags();
    let item = match (title, kind) {
        (Some(title), Some(kind)) if diags.is_empty() => Some(Item {
            slug: slug
                .map(|s| s.value)
                .unwrap_or_else(|| key.rsplit('/').next().unwrap_or("").to_string()),
            key,
            locale: cf.locale.clone(),
            source: file.path.clone(),
            is_index,
            title: title.value,
            summary: summary.map(|s| s.value),
            description,
            menu_title,
            date: date.map(|d| d.value),
            updated: updated.map(|d| d.value),
            modified: cf.modified,
            weight,
            tags,
            image,
            aliases: aliases.into_iter().map(|a| a.value).collect(),
            body: Markdown {
                text: body.to_string(),
                first_line: body_first_line,
            },
            kind,
        }),
        _ => None,
    };
    diags.sort_by_key(|d| (d.line, d.column));
    Parsed { item, draft, diags }
}

/// Markdown checks: every image has alt text and is a local file; every
/// internal link is recorded for validation.
pub(crate) fn check_markdown(file: &SourceFile, body: &str, body_start: usize, refs: &mut Refs) {
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    let mut image: Option<(String, Range<usize>, String)> = None;
    for (event, range) in parser {
        let span = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), span, String::new()));
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, span, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        refs.pending.push(Pending {
                            at: file
                                .at(span.clone(), "an image in the text has no alt text")
                                .field("body")
                                .expected("![what the image shows](images/…)"),
                            locale: None,
                            check: Check::Fail,
                        });
                    }
                    if src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//") {
                        refs.pending.push(Pending {
                            at: file
                                .at(span, "images must be files of this site")
                                .field("body")
                                .expected("a path inside static/, like images/chart.svg")
                                .found(src),
                            locale: None,
                            check: Check::Fail,
                        });
                    } else {
                        let path = src.trim_start_matches('/').trim_start_matches("static/").to_string();
                        refs.in_file(file, span, "body", Check::Image(path));
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let link = Link::parse(&dest_url);
                if !matches!(link, Link::External(_)) && !dest_url.starts_with('#') {
                    refs.in_file(file, span, "body", Check::Link(link));
                }
            }
            _ => {}
        }
    }
}
