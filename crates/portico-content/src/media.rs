//! The media library as the compiler sees it: which uploaded files exist
//! (by key), what they are, and their alt text per locale. Content refers
//! to one as `media:KEY` wherever an image's `src` is allowed; the
//! catalog comes from the store, through [`crate::Layers`].

use std::collections::BTreeMap;
use std::sync::Arc;

/// How content names a file of the media library: `media:KEY`.
pub const MEDIA_SCHEME: &str = "media:";

/// Image or document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// A raster image, served at responsive widths.
    Image,
    /// A PDF document, served as uploaded.
    Document,
}

/// One file of the media library.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaEntry {
    /// BLAKE3 of the original bytes, hex.
    pub key: String,
    /// Image or document.
    pub kind: MediaKind,
    /// Its name, safe for a URL (`annual-report.pdf`).
    pub file_name: String,
    /// Pixel size of an image, upright.
    pub size: Option<(u32, u32)>,
    /// The focal point (x, y in 0..=1).
    pub focal: (f64, f64),
    /// Alt text by locale code.
    pub alt: BTreeMap<String, String>,
    /// Adds nothing to the text: shown with empty alt text.
    pub decorative: bool,
    /// The widths it is served at, narrowest first.
    pub widths: Vec<u32>,
    /// The extension of the variants every browser reads (`jpg`, `png`).
    pub fallback: String,
    /// Whether WebP variants exist too (at the same widths).
    pub webp: bool,
}

impl MediaEntry {
    /// Its alt text in `locale`, if written (not blank).
    pub fn alt_in(&self, locale: &str) -> Option<&str> {
        self.alt
            .get(locale)
            .map(String::as_str)
            .filter(|a| !a.trim().is_empty())
    }

    /// The URL of its variant `width` pixels wide in `extension`.
    pub fn variant_url(&self, width: u32, extension: &str) -> String {
        format!("/media/{}/{width}.{extension}", self.key)
    }

    /// The `srcset` of its variants in `extension`.
    pub fn srcset(&self, extension: &str) -> String {
        self.widths
            .iter()
            .map(|w| format!("{} {w}w", self.variant_url(*w, extension)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The URL of a document (or the widest variant of an image).
    pub fn url(&self) -> String {
        match self.kind {
            MediaKind::Document => format!("/media/{}/{}", self.key, self.file_name),
            MediaKind::Image => self.variant_url(self.widths.last().copied().unwrap_or(0), &self.fallback),
        }
    }

    /// The class of the theme that sets its focal point as the CSS
    /// `object-position`, to the nearest tenth (`focal-50-30`): the
    /// Content Security Policy allows no `style` attribute.
    pub fn focal_class(&self) -> String {
        let tenth = |v: f64| (v.clamp(0.0, 1.0) * 10.0).round() as u32 * 10;
        format!("focal-{}-{}", tenth(self.focal.0), tenth(self.focal.1))
    }

    /// The CSS `object-position` of its focal point (`50% 30%`).
    pub fn object_position(&self) -> String {
        let pct = |v: f64| {
            let p = (v.clamp(0.0, 1.0) * 1000.0).round() / 10.0;
            if p.fract() == 0.0 {
                format!("{p:.0}%")
            } else {
                format!("{p:.1}%")
            }
        };
        format!("{} {}", pct(self.focal.0), pct(self.focal.1))
    }
}

/// Every file of the media library, by key. Cheap to clone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaCatalog(Arc<BTreeMap<String, MediaEntry>>);

impl MediaCatalog {
    /// A catalog of `entries`.
    pub fn new(entries: impl IntoIterator<Item = MediaEntry>) -> MediaCatalog {
        MediaCatalog(Arc::new(entries.into_iter().map(|e| (e.key.clone(), e)).collect()))
    }

    /// The file with this key.
    pub fn get(&self, key: &str) -> Option<&MediaEntry> {
        self.0.get(key)
    }

    /// The file a `src` names, if it is `media:KEY` of a known file.
    pub fn of_src(&self, src: &str) -> Option<&MediaEntry> {
        self.get(src.strip_prefix(MEDIA_SCHEME)?)
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// The problem with an image `media:KEY` used in `locale`, if any: an
/// unknown key, a document where an image belongs, or an image with no
/// alt text in that locale that is not decorative (and the content gave
/// none).
pub(crate) fn check(
    site: &crate::Site,
    mut at: crate::Diagnostic,
    key: &str,
    alt_given: bool,
    locale: &str,
) -> Option<crate::Diagnostic> {
    match site.media.get(key) {
        None => {
            at.message = format!("there is no file `media:{key}` in the media library");
            at.expected = Some("`media:` and the key of an uploaded file, as the media library shows it".to_string());
            Some(at)
        }
        Some(e) if e.kind == MediaKind::Document => {
            at.message = format!("`media:{key}` is a document ({}), not an image", e.file_name);
            Some(at)
        }
        Some(e) if !alt_given && !e.decorative && site.media_alt(e, locale).is_none() => {
            at.message = format!("the image `media:{key}` has no alt text in `{locale}`");
            at.expected = Some(format!("alt text for `{locale}` in the media library"));
            at.help = Some(
                "write what the image shows in the media library (or mark it decorative there), or give `alt` here"
                    .to_string(),
            );
            Some(at)
        }
        Some(_) => None,
    }
}
