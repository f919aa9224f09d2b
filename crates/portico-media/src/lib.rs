#![doc = include_str!("../README.md")]

mod focal;
mod image_variants;
mod sniff;

use std::fmt;

pub use focal::{Crop, Focal, crop_rect};
pub use image_variants::{Variant, VariantFormat, crop, widths_for};
pub use sniff::{Format, sniff};

/// The largest upload accepted, in bytes (20 MiB).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The most pixels an image may have (40 megapixels), checked from its
/// header before anything is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The widths images are re-encoded at, narrowest first. A width wider
/// than the original is never made.
pub const WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1920];

/// What a file of the library is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A raster image, served re-encoded at responsive widths.
    Image,
    /// A PDF document, served as uploaded.
    Document,
}

impl Kind {
    /// The name the store and the API use (`image`, `document`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Document => "document",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "image" => Some(Kind::Image),
            "document" => Some(Kind::Document),
            _ => None,
        }
    }
}

/// Why an upload is refused. Each is the uploader's problem (a 4xx), and
/// its text says what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    /// No bytes at all.
    #[error("the file is empty")]
    Empty,
    /// Over [`MAX_UPLOAD_BYTES`].
    #[error("the file is {bytes} bytes; the most accepted is {limit} bytes (20 MiB)")]
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// An SVG drawing: refused (it can hold scripts and outside references).
    #[error("SVG drawings are not accepted: they can carry scripts and outside references; upload a PNG instead")]
    Svg,
    /// Not a type the library takes.
    #[error("the file is not a JPEG, PNG, GIF, WebP image or a PDF document (its content was checked, not its name)")]
    UnknownType,
    /// More pixels than [`MAX_PIXELS`].
    #[error("the image is {width}×{height} pixels; the most accepted is 40 megapixels")]
    TooManyPixels {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The bytes start like an image but do not decode.
    #[error("the image cannot be read: {0}")]
    Undecodable(String),
}

/// A file checked and, for an image, re-encoded: everything the store
/// keeps about it.
#[derive(Clone, PartialEq, Eq)]
pub struct Processed {
    /// BLAKE3 of the original bytes, hex: the file's key.
    pub key: String,
    /// Its type, from its content.
    pub format: Format,
    /// Its name, made safe for a URL and a `Content-Disposition`.
    pub file_name: String,
    /// Pixel size, upright (after the EXIF orientation); `None` for a PDF.
    pub size: Option<(u32, u32)>,
    /// The re-encoded images (none for a PDF), narrowest first.
    pub variants: Vec<Variant>,
}

impl fmt::Debug for Processed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Processed")
            .field("key", &self.key)
            .field("format", &self.format)
            .field("file_name", &self.file_name)
            .field("size", &self.size)
            .field("variants", &self.variants.len())
            .finish()
    }
}

impl Processed {
    /// Image or document.
    pub fn kind(&self) -> Kind {
        self.format.kind()
    }
}

/// The key of a file: BLAKE3 of its bytes, hex. The same bytes always
/// have the same key.
pub fn key_of(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Whether `s` has the shape of a key (64 lowercase hex digits).
pub fn is_key(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks an upload and re-encodes an image: its type from its bytes,
/// its size, its pixels; `name` is the name it was uploaded under (kept,
/// made safe, for a document's download). CPU-bound: call it off the
/// async runtime's threads.
pub fn process(bytes: &[u8], name: &str) -> Result<Processed, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(MediaError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_UPLOAD_BYTES,
        });
    }
    let format = sniff(bytes)?;
    let file_name = safe_file_name(name, format);
    let key = key_of(bytes);
    if format.kind() == Kind::Document {
        return Ok(Processed {
            key,
            format,
            file_name,
            size: None,
            variants: Vec::new(),
        });
    }
    let (size, variants) = image_variants::encode(bytes, format)?;
    Ok(Processed {
        key,
        format,
        file_name,
        size: Some(size),
        variants,
    })
}

/// `name` reduced to letters, digits, `.`, `-` and `_` (others become
/// `-`), at most 80 characters, ending in the format's extension.
pub fn safe_file_name(name: &str, format: Format) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while clean.contains("--") {
        clean = clean.replace("--", "-");
    }
    let clean = clean.trim_matches('-');
    let clean: String = clean.chars().take(72).collect();
    let stem = if clean.is_empty() { "file" } else { clean.as_str() };
    format!("{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_blake3_of_the_bytes() {
        assert_eq!(key_of(b"abc"), key_of(b"abc"));
        assert_ne!(key_of(b"abc"), key_of(b"abd"));
        assert!(is_key(&key_of(b"abc")));
        assert!(!is_key("ABC"));
        assert!(!is_key(&"g".repeat(64)));
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            safe_file_name("../../Annual Report 2026.PDF", Format::Pdf),
            "annual-report-2026.pdf"
        );
        assert_eq!(safe_file_name("", Format::Pdf), "file.pdf");
        assert_eq!(safe_file_name("x\"; y.pdf", Format::Pdf), "x-y.pdf");
        assert_eq!(safe_file_name("photo.jpg", Format::Png), "photo.png");
    }

    #[test]
    fn empty_and_oversized_uploads_are_refused() {
        assert_eq!(process(b"", "a.png"), Err(MediaError::Empty));
        let big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert!(matches!(process(&big, "a.pdf"), Err(MediaError::TooLarge { .. })));
    }

    #[test]
    fn a_pdf_is_kept_as_it_is() {
        let p = process(b"%PDF-1.7\n%%EOF\n", "Report.pdf").expect("a pdf");
        assert_eq!(p.kind(), Kind::Document);
        assert!(p.variants.is_empty());
        assert_eq!(p.file_name, "report.pdf");
    }
}
