//! The immutable snapshot of a built site that requests are served from:
//! every response pre-encoded (identity, gzip, brotli) at build time, pages
//! as stitchable fragments around their per-request holes.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use http::HeaderValue;
use portico_render::{Hole, Html, Output, Part};
use portico_stitch::{Encoding, Levels, Piece, Stitched};

/// A body ready to send.
pub(crate) enum Body {
    /// An HTML page with holes, stitched per request.
    Page(Stitched),
    /// A fixed body, fully encoded in advance (shared, never copied).
    Fixed {
        identity: Bytes,
        gzip: Option<Bytes>,
        brotli: Option<Bytes>,
    },
}

pub(crate) struct Resource {
    pub body: Body,
    pub content_type: HeaderValue,
    pub etag: HeaderValue,
    pub cache_control: HeaderValue,
    pub content_language: Option<HeaderValue>,
}

pub struct Snapshot {
    pub(crate) resources: HashMap<Box<str>, Arc<Resource>>,
    pub(crate) redirects: HashMap<Box<str>, Box<str>>,
    /// (locale, status) -> page.
    pub(crate) errors: HashMap<(Box<str>, u16), Arc<Resource>>,
    pub(crate) locales: Vec<String>,
    pub(crate) default_locale: String,
}

const HTML: &str = "text/html; charset=utf-8";
const REVALIDATE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const PLAIN_ASSET: &str = "public, max-age=300";

fn header(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

fn pieces(html: &Html) -> Vec<Piece> {
    html.parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => Piece::text(Bytes::from(t.clone())),
            Part::Hole(Hole::TraceId) => Piece::Hole,
        })
        .collect()
}

/// A weak validator for a page: the hash of its fixed parts (the holes
/// change per request, the meaning does not).
fn weak_etag(html: &Html) -> HeaderValue {
    let mut h = blake3::Hasher::new();
    for p in &html.parts {
        match p {
            Part::Text(t) => h.update(t.as_bytes()),
            Part::Hole(_) => h.update(b"\0hole\0"),
        };
    }
    header(&format!("W/\"{}\"", &h.finalize().to_hex()[..20]))
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.contains("javascript")
        || content_type.contains("json")
        || content_type.contains("svg")
        || content_type.contains("xml")
}

fn page_resource(html: &Html, locale: &str, levels: Levels) -> Resource {
    Resource {
        body: Body::Page(Stitched::with_levels(pieces(html), levels)),
        content_type: HeaderValue::from_static(HTML),
        etag: weak_etag(html),
        cache_control: HeaderValue::from_static(REVALIDATE),
        content_language: Some(header(locale)),
    }
}

fn fixed_resource(bytes: &[u8], content_type: &str, cache_control: &'static str, levels: Levels) -> Resource {
    let identity = Bytes::copy_from_slice(bytes);
    let (gzip, brotli) = if compressible(content_type) && bytes.len() > 256 {
        let s = Stitched::with_levels(vec![Piece::text(identity.clone())], levels);
        let encode = |enc| {
            let mut out = bytes::BytesMut::new();
            s.write(enc, &[], &mut out).ok().map(|()| out.freeze())
        };
        (encode(Encoding::Gzip), encode(Encoding::Brotli))
    } else {
        (None, None)
    };
    Resource {
        body: Body::Fixed { identity, gzip, brotli },
        content_type: header(content_type),
        etag: header(&format!("\"{}\"", &blake3::hash(bytes).to_hex()[..20])),
        cache_control: HeaderValue::from_static(cache_control),
        content_language: None,
    }
}

impl Snapshot {
    /// Pre-encodes every response of `output`, on every core.
    pub fn build(output: &Output, levels: Levels) -> Snapshot {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let chunk = output.pages.len().div_ceil(threads).max(1);
        let mut resources: HashMap<Box<str>, Arc<Resource>> = std::thread::scope(|scope| {
            let handles: Vec<_> = output
                .pages
                .chunks(chunk)
                .map(|pages| {
                    scope.spawn(move || {
                        pages
                            .iter()
                            .map(|p| {
                                (
                                    Box::from(p.path.as_str()),
                                    Arc::new(page_resource(&p.html, &p.locale, levels)),
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        for asset in output.assets.values() {
            let hashed = fixed_resource(&asset.bytes, &asset.content_type, IMMUTABLE, levels);
            resources.insert(Box::from(asset.hashed_url.as_str()), Arc::new(hashed));
            let plain = fixed_resource(&asset.bytes, &asset.content_type, PLAIN_ASSET, levels);
            resources.insert(Box::from(asset.plain_url.as_str()), Arc::new(plain));
        }
        for f in &output.files {
            let r = fixed_resource(&f.bytes, f.content_type, REVALIDATE, levels);
            resources.insert(Box::from(f.path.as_str()), Arc::new(r));
        }
        let errors = output
            .errors
            .iter()
            .map(|e| {
                let mut r = page_resource(&e.html, &e.locale, levels);
                r.cache_control = HeaderValue::from_static("no-store");
                ((Box::from(e.locale.as_str()), e.status), Arc::new(r))
            })
            .collect();
        Snapshot {
            resources,
            redirects: output
                .redirects
                .iter()
                .map(|r| (Box::from(r.from.as_str()), Box::from(r.to.as_str())))
                .collect(),
            errors,
            locales: output.locales.iter().map(|(c, _)| c.clone()).collect(),
            default_locale: output.default_locale.clone(),
        }
    }

    /// How many pages and files it serves.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub(crate) fn error_page(&self, locale: &str, status: u16) -> Option<&Arc<Resource>> {
        self.errors
            .get(&(Box::from(locale), status))
            .or_else(|| self.errors.get(&(Box::from(self.default_locale.as_str()), status)))
    }

    /// The locale a path is in (`/fr/...` -> `fr`), if any.
    pub(crate) fn locale_of(&self, path: &str) -> Option<&str> {
        let first = path.trim_start_matches('/').split('/').next()?;
        self.locales.iter().find(|l| l.as_str() == first).map(String::as_str)
    }
}
