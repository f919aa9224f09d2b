//! The media library as the compiler sees it: which uploaded files exist
//! (by key), what they are, and their alt text per locale. Content refers
//! to one as `media:KEY` wherever an image's `src` is allowed; the
//! catalog comes from the store, through [`crate::Layers`], over the files
//! a site folder bundles in `media/` (each with a sidecar `NAME.toml`: its
//! focal point and alt text per locale), which serving imports into the
//! store.
//!
//! A library image is also served cropped to an aspect ratio around its
//! focal point (a person's 4:5 portrait, a card's square): [`CropName`] is
//! the one spelling of such a file's name, which the renderer writes and
//! the server reads back.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::Diagnostic;

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

    /// Its focal point in thousandths (`(700, 362)`): what a crop's name
    /// carries, so that moving the point gives the crop a new address.
    pub fn focal_thousandths(&self) -> (u32, u32) {
        let t = |v: f64| (v.clamp(0.0, 1.0) * 1000.0).round() as u32;
        (t(self.focal.0), t(self.focal.1))
    }

    /// The size of the largest rectangle of `aspect` (width : height)
    /// inside the image: what a crop cuts before it is scaled (the same
    /// arithmetic as `portico_media::crop_rect`).
    pub fn crop_size(&self, aspect: (u32, u32)) -> Option<(u32, u32)> {
        let (w, h) = self.size?;
        let (w, h) = (u64::from(w), u64::from(h));
        let (aw, ah) = (u64::from(aspect.0.max(1)), u64::from(aspect.1.max(1)));
        let (cw, ch) = if w * ah <= h * aw {
            (w, (w * ah / aw).max(1))
        } else {
            ((h * aw / ah).max(1), h)
        };
        Some((u32::try_from(cw).ok()?, u32::try_from(ch).ok()?))
    }

    /// The widths a crop to `aspect` is served at, narrowest first: the
    /// image's widths narrower than the crop, then the crop's own width (at
    /// most the image's widest). Empty for a document.
    pub fn crop_widths(&self, aspect: (u32, u32)) -> Vec<u32> {
        let (Some((cw, _)), Some(&top)) = (self.crop_size(aspect), self.widths.last()) else {
            return Vec::new();
        };
        let top = cw.min(top);
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|&w| w < top).collect();
        widths.push(top);
        widths
    }

    /// The height of a crop to `aspect` scaled to `width` (rounded as the
    /// scaler rounds).
    pub fn crop_height(&self, aspect: (u32, u32), width: u32) -> Option<u32> {
        let (cw, ch) = self.crop_size(aspect)?;
        let h = (u64::from(ch) * u64::from(width) + u64::from(cw) / 2) / u64::from(cw.max(1));
        u32::try_from(h).ok().map(|h| h.max(1))
    }

    /// The URL of its crop to `aspect` `width` pixels wide.
    pub fn crop_url(&self, aspect: (u32, u32), width: u32) -> String {
        let name = CropName {
            aspect,
            focal: self.focal_thousandths(),
            width,
            extension: self.fallback.clone(),
        };
        format!("/media/{}/{name}", self.key)
    }

    /// The `srcset` of its crops to `aspect`.
    pub fn crop_srcset(&self, aspect: (u32, u32)) -> String {
        self.crop_widths(aspect)
            .iter()
            .map(|w| format!("{} {w}w", self.crop_url(aspect, *w)))
            .collect::<Vec<_>>()
            .join(", ")
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

/// The aspect ratios an image is cropped to: a portrait (4:5) and a
/// square (1:1). The server makes no other.
pub const CROP_ASPECTS: [(u32, u32); 2] = [(4, 5), (1, 1)];

/// The name of a crop of a library image, below `/media/{key}/`:
/// `crop-4x5-700-362-640.jpg` is the 4:5 crop around the focal point
/// (0.700, 0.362), 640 pixels wide, as JPEG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CropName {
    /// Width : height, one of [`CROP_ASPECTS`].
    pub aspect: (u32, u32),
    /// The focal point it was cut around, in thousandths.
    pub focal: (u32, u32),
    /// Its width in pixels.
    pub width: u32,
    /// Its extension (`jpg`, `png`).
    pub extension: String,
}

impl fmt::Display for CropName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CropName {
            aspect: (aw, ah),
            focal: (fx, fy),
            width,
            extension,
        } = self;
        write!(f, "crop-{aw}x{ah}-{fx}-{fy}-{width}.{extension}")
    }
}

impl CropName {
    /// Reads a crop's name back; `None` for anything else, including an
    /// aspect not in [`CROP_ASPECTS`] and numbers with leading zeros (one
    /// crop, one name).
    pub fn parse(name: &str) -> Option<CropName> {
        let (stem, extension) = name.strip_prefix("crop-")?.rsplit_once('.')?;
        let mut parts = stem.split('-');
        let (aspect, fx, fy, width) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !["jpg", "png"].contains(&extension) {
            return None;
        }
        let number = |s: &str| -> Option<u32> {
            let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
            if plain { s.parse().ok() } else { None }
        };
        let (aw, ah) = aspect.split_once('x')?;
        let aspect = (number(aw)?, number(ah)?);
        let focal = (number(fx)?, number(fy)?);
        let width = number(width)?;
        let ok = CROP_ASPECTS.contains(&aspect) && focal.0 <= 1000 && focal.1 <= 1000 && width > 0;
        ok.then(|| CropName {
            aspect,
            focal,
            width,
            extension: extension.to_string(),
        })
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

    /// This catalog with the entries of `bundled` files it does not have
    /// yet (a file imported into the store is the store's from then on).
    pub(crate) fn over_bundled(&self, bundled: &[BundledMedia]) -> MediaCatalog {
        if bundled.iter().all(|b| self.0.contains_key(&b.key)) {
            return self.clone();
        }
        let mut all = (*self.0).clone();
        for b in bundled {
            all.entry(b.key.clone()).or_insert_with(|| b.entry());
        }
        MediaCatalog(Arc::new(all))
    }
}

/// A file that a site folder bundles for its media library
/// (`media/NAME.jpg` or `.png`), with what its sidecar `media/NAME.toml`
/// says. Serving imports it into the store once (by its key); until then,
/// and for a site built without a store, the catalog holds the entry its
/// import will make, as far as the file's header tells.
#[derive(Clone, PartialEq)]
pub struct BundledMedia {
    /// BLAKE3 of its bytes, hex: its key in the library.
    pub key: String,
    /// Its path in the site folder (`media/portrait-x.jpg`).
    pub path: PathBuf,
    /// Its file name.
    pub file_name: String,
    /// The file.
    pub bytes: Arc<[u8]>,
    /// Its pixel size, from its header.
    pub size: (u32, u32),
    /// PNG (else JPEG).
    pub png: bool,
    /// The focal point (x, y in 0..=1; the middle unless the sidecar says).
    pub focal: (f64, f64),
    /// Alt text by locale.
    pub alt: BTreeMap<String, String>,
    /// Adds nothing to the text.
    pub decorative: bool,
}

impl fmt::Debug for BundledMedia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BundledMedia")
            .field("key", &self.key)
            .field("path", &self.path)
            .field("size", &self.size)
            .field("focal", &self.focal)
            .field("alt", &self.alt)
            .field("decorative", &self.decorative)
            .finish_non_exhaustive()
    }
}

/// The widths the media library re-encodes images at (the same as
/// `portico_media::WIDTHS`; the server's tests hold them equal).
const WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1920];

impl BundledMedia {
    /// The catalog entry its import will make: the widths not wider than
    /// it, JPEG variants (PNG for a PNG that may be transparent), no WebP
    /// known yet.
    pub fn entry(&self) -> MediaEntry {
        let top = self.size.0.min(WIDTHS[WIDTHS.len() - 1]);
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
        widths.push(top);
        MediaEntry {
            key: self.key.clone(),
            kind: MediaKind::Image,
            file_name: self.file_name.clone(),
            size: Some(self.size),
            focal: self.focal,
            alt: self.alt.clone(),
            decorative: self.decorative,
            widths,
            fallback: if self.png && png_may_be_transparent(&self.bytes) {
                "png"
            } else {
                "jpg"
            }
            .to_string(),
            webp: false,
        }
    }
}

/// The pixel size in a PNG's or a baseline/progressive JPEG's header.
fn image_size(bytes: &[u8]) -> Option<(u32, u32, bool)> {
    let be16 = |i: usize| -> Option<u32> { Some(u32::from(u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]))) };
    let be32 = |i: usize| -> Option<u32> { Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?)) };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?, true));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::try_from(be16(i + 2)?).ok()?;
        // Start of frame (any but DHT, JPG and DAC, which share the range).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return Some((be16(i + 7)?, be16(i + 5)?, false));
        }
        i += 2 + len;
    }
    None
}

/// Whether a PNG has an alpha channel or a transparent colour (the media
/// library keeps PNG variants only when a pixel is actually transparent).
fn png_may_be_transparent(bytes: &[u8]) -> bool {
    let alpha_type = matches!(bytes.get(25), Some(4 | 6));
    alpha_type || bytes.windows(4).any(|w| w == b"tRNS")
}

/// The bundled files of a site folder's `media/` (as `(path, bytes)`
/// pairs), each with its sidecar read; every problem is reported: an
/// image without a sidecar, a sidecar without its image, a file that is
/// not a PNG or JPEG, a focal point outside the image, alt text for a
/// locale the site does not declare, an image neither described nor
/// decorative.
pub(crate) fn bundled(files: &[(String, Arc<[u8]>)], locales: &[String]) -> (Vec<BundledMedia>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let sidecar_of = |stem: &str| files.iter().find(|(r, _)| r.strip_suffix(".toml") == Some(stem));
    for (rel, bytes) in files {
        let path = PathBuf::from(format!("media/{rel}"));
        if let Some(stem) = rel.strip_suffix(".toml") {
            let has_image = ["jpg", "jpeg", "png"]
                .iter()
                .any(|e| files.iter().any(|(r, _)| *r == format!("{stem}.{e}")));
            if !has_image {
                diags.push(
                    Diagnostic::file_level(&path, "this sidecar describes no image")
                        .expected(format!("an image beside it: media/{stem}.jpg or media/{stem}.png")),
                );
            }
            continue;
        }
        let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
        let Some((width, height, png)) = image_size(bytes) else {
            diags.push(
                Diagnostic::file_level(&path, "a bundled media file must be a JPEG or PNG image")
                    .help("SVG is not accepted in the media library: it can carry scripts; draw it as a PNG"),
            );
            continue;
        };
        if width == 0 || height == 0 {
            diags.push(Diagnostic::file_level(&path, "this image has no pixels"));
            continue;
        }
        let Some((side_rel, side)) = sidecar_of(stem) else {
            diags.push(
                Diagnostic::file_level(&path, "this image has no sidecar with its alt text").expected(format!(
                    "media/{stem}.toml with `[alt]` per locale (or `decorative = true`)"
                )),
            );
            continue;
        };
        let side_path = PathBuf::from(format!("media/{side_rel}"));
        let Some(sidecar) = read_sidecar(&side_path, side, locales, &mut diags) else {
            continue;
        };
        if !sidecar.decorative && sidecar.alt.is_empty() {
            diags.push(
                Diagnostic::file_level(&side_path, "the image has no alt text")
                    .expected("`[alt]` with what the image shows, per locale")
                    .help("or `decorative = true` if it adds nothing to the text"),
            );
        }
        out.push(BundledMedia {
            key: blake3::hash(bytes).to_hex().to_string(),
            path,
            file_name: rel.rsplit('/').next().unwrap_or(rel).to_string(),
            bytes: bytes.clone(),
            size: (width, height),
            png,
            focal: sidecar.focal,
            alt: sidecar.alt,
            decorative: sidecar.decorative,
        });
    }
    (out, diags)
}

/// `catalog` over the files the site folder bundles in `media/` (read as
/// `(path under media/, bytes)`), their problems added to `diags`.
pub(crate) fn over_folder(
    catalog: &MediaCatalog,
    files: &[(String, Arc<[u8]>)],
    locales: &[String],
    diags: &mut Vec<Diagnostic>,
) -> MediaCatalog {
    if files.is_empty() {
        return catalog.clone();
    }
    let (found, problems) = bundled(files, locales);
    diags.extend(problems);
    catalog.over_bundled(&found)
}

/// The files the site folder `root` bundles in `media/`, each with its
/// sidecar read (what serving imports into the media library), or every
/// problem with them.
pub fn bundled_media(root: &std::path::Path) -> Result<Vec<BundledMedia>, crate::Diagnostics> {
    let mut problems = Vec::new();
    let files = crate::load::read_media(root, &mut problems);
    let (found, more) = bundled(&files, &[]);
    problems.extend(more);
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(crate::Diagnostics(problems))
    }
}

struct Sidecar {
    focal: (f64, f64),
    alt: BTreeMap<String, String>,
    decorative: bool,
}

fn read_sidecar(
    path: &std::path::Path,
    bytes: &[u8],
    locales: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Option<Sidecar> {
    let problem = |message: String| Diagnostic::file_level(path, message);
    let Ok(text) = std::str::from_utf8(bytes) else {
        diags.push(problem("this file is not valid UTF-8".into()));
        return None;
    };
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            diags.push(problem(format!("this is not valid TOML: {}", e.message())));
            return None;
        }
    };
    let mut side = Sidecar {
        focal: (0.5, 0.5),
        alt: BTreeMap::new(),
        decorative: false,
    };
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("focal", toml::Value::Array(a)) => {
                let n: Vec<f64> = a
                    .iter()
                    .filter_map(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                    .collect();
                match n.as_slice() {
                    [x, y] if (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y) => side.focal = (*x, *y),
                    _ => diags.push(
                        problem("the focal point is not inside the image".into())
                            .expected("`focal = [x, y]`, each from 0 (left, top) to 1 (right, bottom)")
                            .found(format!("{value:?}")),
                    ),
                }
            }
            ("decorative", toml::Value::Boolean(b)) => side.decorative = *b,
            ("alt", toml::Value::Table(t)) => {
                for (locale, alt) in t {
                    match alt.as_str() {
                        Some(a) if locales.is_empty() || locales.contains(locale) => {
                            side.alt.insert(locale.clone(), a.trim().to_string());
                        }
                        Some(_) => diags.push(
                            problem(format!("alt text for `{locale}`, a locale the site does not declare"))
                                .expected(format!("one of {}", locales.join(", "))),
                        ),
                        None => diags.push(problem(format!("the alt text for `{locale}` is not a string"))),
                    }
                }
            }
            _ => diags.push(
                problem(format!("`{key}` is not a field of a media sidecar"))
                    .expected("`focal = [x, y]`, `decorative = true|false`, `[alt]` by locale"),
            ),
        }
    }
    Some(side)
}

/// The problem with an image `media:KEY` used in `locale`, if any: an
/// unknown key, a document where an image belongs, or an image with no
/// alt text in that locale that is not decorative (and the content gave
/// none).
pub(crate) fn check(
    site: &crate::Site,
    mut at: Diagnostic,
    key: &str,
    alt_given: bool,
    locale: &str,
) -> Option<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn landscape(focal: (f64, f64)) -> MediaEntry {
        MediaEntry {
            key: "k".repeat(64),
            kind: MediaKind::Image,
            file_name: "p.jpg".into(),
            size: Some((1200, 800)),
            focal,
            alt: BTreeMap::new(),
            decorative: false,
            widths: vec![320, 640, 960, 1200],
            fallback: "jpg".into(),
            webp: true,
        }
    }

    #[test]
    fn crops_of_a_landscape_image_cut_its_width_and_carry_the_focal_point_in_their_name() {
        let e = landscape((0.7, 0.3625));
        assert_eq!(e.crop_size((4, 5)), Some((640, 800)));
        assert_eq!(e.crop_size((1, 1)), Some((800, 800)));
        assert_eq!(e.crop_widths((4, 5)), vec![320, 640]);
        assert_eq!(e.crop_widths((1, 1)), vec![320, 640, 800]);
        assert_eq!(e.crop_height((4, 5), 320), Some(400));
        let url = e.crop_url((4, 5), 640);
        assert_eq!(url, format!("/media/{}/crop-4x5-700-363-640.jpg", e.key));
        assert_eq!(
            e.crop_srcset((1, 1)).matches("w,").count() + 1,
            3,
            "{}",
            e.crop_srcset((1, 1))
        );
        // Moving the focal point moves every crop's address.
        assert_ne!(landscape((0.3, 0.3625)).crop_url((4, 5), 640), url);
    }

    #[test]
    fn a_crop_never_gets_wider_than_the_image_is_served() {
        let mut e = landscape((0.5, 0.5));
        e.size = Some((4000, 1000));
        e.widths = vec![320, 640, 960, 1280, 1920];
        assert_eq!(e.crop_size((1, 1)), Some((1000, 1000)));
        assert_eq!(e.crop_widths((1, 1)), vec![320, 640, 960, 1000]);
        e.size = Some((3000, 6000));
        assert_eq!(e.crop_widths((4, 5)), vec![320, 640, 960, 1280, 1920]);
    }

    #[test]
    fn crop_names_read_back_and_nothing_else_does() {
        let name = CropName {
            aspect: (4, 5),
            focal: (700, 0),
            width: 640,
            extension: "jpg".into(),
        };
        assert_eq!(name.to_string(), "crop-4x5-700-0-640.jpg");
        assert_eq!(CropName::parse(&name.to_string()), Some(name));
        for bad in [
            "crop-3x2-500-500-640.jpg",
            "crop-4x5-1001-500-640.jpg",
            "crop-4x5-500-500-0640.jpg",
            "crop-4x5-500-500-640.gif",
            "crop-4x5-500-500-640-1.jpg",
            "crop-4x5-500-500-0.jpg",
            "640.jpg",
            "crop-4x5--500-640.jpg",
        ] {
            assert_eq!(CropName::parse(bad), None, "{bad}");
        }
    }

    fn png(width: u32, height: u32, color_type: u8) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, color_type, 0, 0, 0]);
        b
    }

    #[test]
    fn bundled_images_are_read_with_their_sidecars() {
        let jpeg: Vec<u8> = vec![
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x03, 0x20, 0x04, 0xB0, 3, 0, 0, 0,
        ];
        let files: Vec<(String, Arc<[u8]>)> = vec![
            ("a.jpg".into(), Arc::from(jpeg)),
            (
                "a.toml".into(),
                Arc::from(&b"focal = [0.7, 0.35]\n[alt]\nen = \"A person\"\nfr = \"Une personne\"\n"[..]),
            ),
            ("b.png".into(), Arc::from(png(640, 480, 6))),
            ("b.toml".into(), Arc::from(&b"decorative = true\n"[..])),
        ];
        let (found, problems) = bundled(&files, &["en".into(), "fr".into()]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2);
        let a = &found[0];
        assert_eq!((a.size, a.focal, a.png), ((1200, 800), (0.7, 0.35), false));
        assert_eq!(a.alt.get("fr").map(String::as_str), Some("Une personne"));
        assert_eq!(a.key, blake3::hash(&a.bytes).to_hex().to_string());
        let entry = a.entry();
        assert_eq!(
            (entry.widths.as_slice(), entry.fallback.as_str()),
            (&[320, 640, 960, 1200][..], "jpg")
        );
        assert!(found[1].decorative);
        assert_eq!(found[1].entry().fallback, "png", "an RGBA PNG may be transparent");
        assert!(!png_may_be_transparent(&png(10, 10, 2)));

        let catalog = MediaCatalog::default().over_bundled(&found);
        assert!(catalog.get(&a.key).is_some());
        // An entry the store already has stays the store's.
        let mut stored = entry;
        stored.alt.insert("en".into(), "Edited in the library".into());
        let catalog = MediaCatalog::new([stored]).over_bundled(&found);
        assert_eq!(
            catalog.get(&a.key).and_then(|e| e.alt_in("en")),
            Some("Edited in the library")
        );
    }

    #[test]
    fn problems_with_bundled_files_are_each_reported() {
        let files: Vec<(String, Arc<[u8]>)> = vec![
            ("drawing.svg".into(), Arc::from(&b"<svg/>"[..])),
            ("lonely.png".into(), Arc::from(png(10, 10, 2))),
            ("orphan.toml".into(), Arc::from(&b"decorative = true\n"[..])),
            ("p.png".into(), Arc::from(png(10, 10, 2))),
            (
                "p.toml".into(),
                Arc::from(&b"focal = [1.5, 0]\nfocus = 1\n[alt]\nde = \"Ein Bild\"\n"[..]),
            ),
        ];
        let (found, problems) = bundled(&files, &["en".into()]);
        let messages: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.file.display(), d.message))
            .collect();
        assert_eq!(found.len(), 1, "{messages:#?}");
        let expect = [
            "media/drawing.svg: a bundled media file must be a JPEG or PNG image",
            "media/lonely.png: this image has no sidecar with its alt text",
            "media/orphan.toml: this sidecar describes no image",
            "media/p.toml: the focal point is not inside the image",
            "media/p.toml: `focus` is not a field of a media sidecar",
            "media/p.toml: alt text for `de`, a locale the site does not declare",
            "media/p.toml: the image has no alt text",
        ];
        for e in expect {
            assert!(messages.iter().any(|m| m == e), "missing {e:?} in {messages:#?}");
        }
        assert_eq!(messages.len(), expect.len(), "{messages:#?}");
    }
}
