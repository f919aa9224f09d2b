//! One content file -> one [`Item`]: the front matter's fields every type
//! has, then the fields of its type ([`crate::kinds`]), each read by its
//! declaration ([`crate::schema`]). Checks that need the whole site (links,
//! authors, images) are recorded in [`Refs`] and done by `validate`.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::decl::{COMMON, TYPE_NAMES, TypeDecl};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::fields::Fields;
use crate::kinds::{self, Place};
use crate::load::ContentFile;
use crate::model::*;
use crate::reader::{Ctx, Table};
use crate::refs::{Check, Pending, Refs};
use crate::site::Item;

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

/// The type of a file: its `type` field, else its folder's, else page.
fn type_of(t: &mut Table<'_, '_, '_>, cf: &ContentFile, is_index: bool) -> &'static TypeDecl {
    let page = kinds::type_named("page");
    let declared = t.str("type");
    let found = match &declared {
        Some(d) => match kinds::type_named(&d.value) {
            Some(k) => Some(k),
            None => {
                let mut diag = t
                    .error("type", d.span.clone(), format!("unknown content type `{}`", d.value))
                    .expected(format!("one of {}", TYPE_NAMES.join(", ")));
                if let Some(s) = crate::diagnostic::did_you_mean(&d.value, TYPE_NAMES.iter().copied()) {
                    diag = diag.help(format!("did you mean `{s}`?"));
                }
                t.ctx.push(diag);
                page
            }
        },
        None if is_index => page,
        None => kinds::type_from_folder(&cf.rel).or(page),
    };
    found.unwrap_or(&kinds::page::DECL)
}

/// The fields every type has.
struct Common {
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    menu_title: Option<String>,
    slug: Option<String>,
    date: Option<When>,
    updated: Option<When>,
    draft: bool,
    weight: i64,
    tags: Vec<String>,
    image: Option<Image>,
    aliases: Vec<String>,
}

fn read_common(f: &mut Fields<'_, '_, '_, '_>) -> Common {
    let _ = f.has("type");
    Common {
        title: f.text("title").map(|s| s.value),
        summary: f.opt_text("summary"),
        description: f.opt_text("description"),
        menu_title: f.opt_text("menu_title"),
        slug: f.opt_text("slug"),
        date: f.when("date").map(|d| d.value),
        updated: f.when("updated").map(|d| d.value),
        draft: f.bool("draft").unwrap_or(false),
        weight: f.integer("weight").map_or(0, |w| w.value),
        tags: f.texts("tags").into_iter().map(|s| s.value).collect(),
        image: f.image("image"),
        aliases: f.texts("aliases").into_iter().map(|a| a.value).collect(),
    }
}

/// Reports the common fields the type requires that are absent.
fn check_required(t: &mut Table<'_, '_, '_>, decl: &TypeDecl, common: &Common) {
    for (name, expected) in decl.requires {
        let read = match *name {
            "date" => common.date.is_some(),
            "summary" => common.summary.is_some(),
            "image" => common.image.is_some(),
            _ => true,
        };
        if !read && !t.has(name) {
            t.missing(name, expected);
        }
    }
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

    let decl = type_of(&mut Table::new(&ctx, &doc, "a page"), cf, is_index);
    let article = if decl.name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let mut t = Table::new(&ctx, &doc, format!("{article} {}", decl.name));
    let common = read_common(&mut Fields::new(&mut t, refs, COMMON));
    let kind = {
        let mut f = Fields::new(&mut t, refs, decl.fields);
        let kind = kinds::read(decl, &mut f, &Place { key: &key, is_index });
        debug_assert!(
            f.never_asked().is_empty(),
            "{} declares fields its reader never reads: {:?}",
            decl.name,
            f.never_asked()
        );
        kind
    };
    check_required(&mut t, decl, &common);
    t.finish();

    let body_first_line = file.line_col(body_start).0;
    check_markdown(file, body, body_start, refs);

    let mut diags = ctx.into_diags();
    let item = match (common.title, kind) {
        (Some(title), Some(kind)) if diags.is_empty() => Some(Item {
            slug: common
                .slug
                .unwrap_or_else(|| key.rsplit('/').next().unwrap_or("").to_string()),
            key,
            locale: cf.locale.clone(),
            source: file.path.clone(),
            is_index,
            title,
            summary: common.summary,
            description: common.description,
            menu_title: common.menu_title,
            date: common.date,
            updated: common.updated,
            modified: cf.modified,
            weight: common.weight,
            tags: common.tags,
            image: common.image,
            aliases: common.aliases,
            body: Markdown {
                text: body.to_string(),
                first_line: body_first_line,
            },
            kind,
        }),
        _ => None,
    };
    diags.sort_by_key(|d| (d.line, d.column));
    Parsed {
        item,
        draft: common.draft,
        diags,
    }
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
                    let media = src.strip_prefix(crate::media::MEDIA_SCHEME);
                    if let Some(key) = media {
                        let check = Check::Media {
                            key: key.to_string(),
                            alt_given: !alt.trim().is_empty(),
                        };
                        refs.in_file(file, span.clone(), "body", check);
                    } else if alt.trim().is_empty() {
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
                    } else if media.is_none() {
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
