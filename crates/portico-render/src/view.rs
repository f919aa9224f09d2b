//! What templates get: values for images, dates, cards, videos, a detail
//! page's facts and actions, a list's groups; each serializable, made once
//! and handed to minijinja.

use minijinja::{Value, context};
use portico_content::{Image, Item, Site, When};
use serde::Serialize;

use crate::Resolver;

/// The host of an absolute URL (`https://video.example/x` → `video.example`).
pub(crate) fn host_of(url: &str) -> &str {
    url.split_once("://")
        .map_or("", |(_, rest)| rest.split(['/', '?', '#', ':']).next().unwrap_or(""))
}

/// The consent category whose `hosts` include `url`'s host: embedding it
/// needs that category.
pub fn embed_category<'a>(site: &'a Site, url: &str) -> Option<&'a portico_content::ConsentCategory> {
    let host = host_of(url);
    site.config()
        .consent
        .categories
        .iter()
        .find(|c| !host.is_empty() && c.hosts.iter().any(|h| h == host))
}

/// Any serializable value as a template value.
pub(crate) fn sv<T: Serialize>(x: T) -> Value {
    Value::from(minijinja::value::Serde(x))
}
#[derive(Serialize)]
pub(crate) struct ImageCtx {
    url: String,
    alt: String,
    decorative: bool,
    width: Option<u32>,
    height: Option<u32>,
    caption: Option<String>,
    credit: Option<String>,
    /// A media library image: its variants (`srcset`), in WebP too when it
    /// has them, the `sizes` they are chosen by, and the theme's class for
    /// its focal point.
    #[serde(skip_serializing_if = "Option::is_none")]
    srcset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    webp_srcset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sizes: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    focal: Option<String>,
    /// Cut to an aspect ratio around its focal point: the theme's class
    /// for that shape (`crop-4x5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    crop: Option<String>,
}

/// The `sizes` of a library image: the content column's width at most.
const MEDIA_SIZES: &str = "(min-width: 64rem) 64rem, 100vw";

pub(crate) fn image(img: &Image, r: &Resolver<'_>) -> Value {
    if let Some(entry) = r.site.media().of_src(&img.src) {
        return media_image(img, entry, r);
    }
    let size = r.assets.get(&img.src).and_then(|a| a.size);
    sv(ImageCtx {
        url: r.asset_url(&img.src),
        alt: if img.decorative { String::new() } else { img.alt.clone() },
        decorative: img.decorative,
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        caption: img.caption.clone(),
        credit: img.credit.clone(),
        srcset: None,
        webp_srcset: None,
        sizes: None,
        focal: None,
        crop: None,
    })
}

/// An image of the media library (`media:KEY`): its responsive variants,
/// and the library's alt text for the page's locale unless the content
/// gives its own.
fn media_image(img: &Image, entry: &portico_content::MediaEntry, r: &Resolver<'_>) -> Value {
    sv(media_ctx(img, entry, r))
}

/// An image cut to `aspect` (width : height) around its focal point and
/// shown in a box `sizes` wide (a person's portrait, a card's square): a
/// library image's crops, at every width they are made; any other image
/// as [`image`] gives it.
pub(crate) fn cropped_image(img: &Image, r: &Resolver<'_>, aspect: (u32, u32), sizes: &'static str) -> Value {
    let Some(entry) = r.site.media().of_src(&img.src) else {
        return image(img, r);
    };
    let mut ctx = media_ctx(img, entry, r);
    let widths = entry.crop_widths(aspect);
    if let Some(&top) = widths.last() {
        ctx.url = entry.crop_url(aspect, top);
        ctx.width = Some(top);
        ctx.height = entry.crop_height(aspect, top);
        ctx.srcset = Some(entry.crop_srcset(aspect));
        // Crops are made in the fallback format only.
        ctx.webp_srcset = None;
        ctx.sizes = Some(sizes);
        ctx.crop = Some(format!("crop-{}x{}", aspect.0, aspect.1));
    }
    sv(ctx)
}

fn media_ctx(img: &Image, entry: &portico_content::MediaEntry, r: &Resolver<'_>) -> ImageCtx {
    let own_alt = !img.alt.trim().is_empty();
    let decorative = img.decorative || (!own_alt && entry.decorative);
    let alt = match (decorative, own_alt) {
        (true, _) => String::new(),
        (false, true) => img.alt.clone(),
        (false, false) => r.site.media_alt(entry, r.locale).unwrap_or_default().to_string(),
    };
    ImageCtx {
        url: entry.url(),
        alt,
        decorative,
        width: entry.size.map(|s| s.0.min(entry.widths.last().copied().unwrap_or(s.0))),
        height: entry.size.map(|s| {
            let top = entry.widths.last().copied().unwrap_or(s.0);
            u32::try_from(u64::from(s.1) * u64::from(top) / u64::from(s.0.max(1))).unwrap_or(s.1)
        }),
        caption: img.caption.clone(),
        credit: img.credit.clone(),
        srcset: Some(entry.srcset(&entry.fallback)),
        webp_srcset: entry.webp.then(|| entry.srcset("webp")),
        sizes: Some(MEDIA_SIZES),
        focal: Some(entry.focal_class()),
        crop: None,
    }
}

#[derive(Serialize)]
pub(crate) struct DateCtx {
    iso: String,
    display: String,
}

pub(crate) fn date(w: &When, r: &Resolver<'_>) -> Value {
    sv(DateCtx {
        iso: w.date.to_string(),
        display: r.formats.date(w.date),
    })
}

#[derive(Serialize)]
pub(crate) struct CardCtx {
    pub title: String,
    pub text: Option<String>,
    pub url: Option<String>,
    pub link_label: String,
    pub image: Option<Value>,
    pub summary: Option<String>,
    pub date: Option<Value>,
    pub kind: &'static str,
    /// What the card's small heading says instead of its type's name (a
    /// person's job title).
    pub eyebrow: Option<String>,
    /// Type-specific details shown under the title ("Open Data · Remote").
    pub meta: Vec<String>,
    /// A status badge: (kind, text), like ("closed", "Closed").
    pub badge: Option<(&'static str, String)>,
    /// A figure's value, shown large.
    pub value: Option<String>,
    /// The card's language when it is not the page's (an item shown by
    /// fallback).
    pub lang: Option<crate::resolver::LangAttr>,
}

pub(crate) fn item_card(item: &Item, site: &Site, r: &Resolver<'_>, learn_more: &str) -> CardCtx {
    CardCtx {
        title: item.title.clone(),
        text: item.summary.clone(),
        url: site.url(&item.key, r.locale).map(str::to_string),
        link_label: learn_more.to_string(),
        image: item.image.as_ref().map(|i| image(i, r)),
        summary: item.summary.clone(),
        date: item.date.as_ref().map(|d| date(d, r)),
        kind: item.kind_name(),
        eyebrow: None,
        meta: Vec::new(),
        badge: None,
        value: None,
        lang: r.lang_of(&item.locale),
    }
}

/// A video: a file of the site, or a player on another host.
pub(crate) struct Video<'a> {
    pub title: &'a str,
    pub src: Option<&'a str>,
    pub url: Option<&'a str>,
    pub poster: Option<&'a Image>,
    pub caption: Option<&'a str>,
    pub transcript: Option<&'a portico_content::Link>,
}

/// A video block's context: a file, or a player on another host (gated by
/// the consent category that declares the host).
pub(crate) fn video(v: &Video<'_>, r: &Resolver<'_>) -> Value {
    let site = r.site;
    let url = v.url;
    context! {
        type => "video",
        title => v.title,
        src => v.src.map(|s| r.asset_url(s)),
        url,
        poster => v.poster.map(|p| image(p, r)),
        caption => v.caption,
        transcript_url => v.transcript.map(|t| r.href(t)),
        embed => url.and_then(|u| embed_category(site, u)).map(|c| {
            let chain = site.config().chain(r.locale).collect::<Vec<_>>();
            context! {
                category => c.id.clone(),
                name => c.name.get(chain.iter().copied()).unwrap_or_default(),
                vendor => c.vendors.first().cloned().unwrap_or_else(|| host_of(url.unwrap_or_default()).to_string()),
                host => host_of(url.unwrap_or_default()),
            }
        }),
    }
}

#[derive(Serialize)]
pub(crate) struct LinkRef {
    pub label: String,
    pub url: Option<String>,
}

/// One line of the key facts: a label and a value, a link, a time, or a
/// list of links.
#[derive(Serialize, Default)]
pub(crate) struct Field {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
    /// Machine-readable form for a `<time datetime>`.
    pub iso: Option<String>,
    pub links: Vec<LinkRef>,
}

impl Field {
    pub fn text(label: String, value: String) -> Field {
        Field {
            label,
            value,
            ..Field::default()
        }
    }

    /// A value that links somewhere (a license, a DOI, a source).
    pub fn link(label: String, value: String, url: Option<String>) -> Field {
        Field {
            url,
            ..Field::text(label, value)
        }
    }

    /// A date or time, with its machine-readable form.
    pub fn time(label: String, value: String, iso: String) -> Field {
        Field {
            iso: Some(iso),
            ..Field::text(label, value)
        }
    }

    pub fn links(label: String, links: Vec<LinkRef>) -> Field {
        Field {
            label,
            links,
            ..Field::default()
        }
    }
}

#[derive(Serialize)]
pub(crate) struct Action {
    pub label: String,
    pub url: String,
    pub primary: bool,
    /// A file to save (its suggested name), not a page to visit.
    pub download: Option<String>,
    /// A hidden suffix that makes the label unique on the page.
    pub context: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Status {
    /// `past`, `upcoming`, `live`, `open`, `closed`, `soon`.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct Related {
    pub id: &'static str,
    pub heading: String,
    pub cards: Vec<CardCtx>,
}

#[derive(Serialize)]
pub(crate) struct Occurrence {
    pub iso: String,
    pub display: String,
}

#[derive(Serialize)]
pub(crate) struct Citation {
    /// A formatted reference (APA-like), plain text.
    pub text: String,
    pub formats: Vec<Action>,
}

/// What one item's detail page adds to the common page context.
#[derive(Serialize, Default)]
pub(crate) struct Detail {
    pub fields: Vec<Field>,
    pub status: Option<Status>,
    pub actions: Vec<Action>,
    pub related: Vec<Related>,
    pub occurrences: Vec<Occurrence>,
    pub citation: Option<Citation>,
    /// The episode's video, shaped like a video block.
    pub video: Option<Value>,
    /// An SVG chart (safe HTML).
    pub chart: Option<Value>,
    /// The page answers 410 Gone (a closed job): it still shows, and says
    /// where to go instead.
    #[serde(skip)]
    pub gone: bool,
}

/// Makes the detail a template value.
pub(crate) fn detail_value(d: &Detail) -> Value {
    sv(d)
}

/// One value of a list's filter dimension: its URL form and its label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Val {
    pub id: String,
    pub label: String,
}

/// A group of a list's cards under a heading (upcoming and past events,
/// locations by region).
#[derive(Serialize)]
pub(crate) struct Group {
    pub id: String,
    pub heading: Option<String>,
    pub cards: Vec<CardCtx>,
}

/// A feed a list offers (Atom, iCalendar).
#[derive(Serialize)]
pub(crate) struct Feed {
    pub label: String,
    pub url: String,
    pub media_type: &'static str,
}
