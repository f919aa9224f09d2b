//! A file's type from its first bytes (magic numbers), never from its
//! name or the type a browser declared.

use crate::{Kind, MediaError};

/// A type the library accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// GIF (`GIF87a`, `GIF89a`); only its first frame is kept.
    Gif,
    /// WebP (`RIFF` … `WEBP`).
    Webp,
    /// PDF (`%PDF-`).
    Pdf,
}

impl Format {
    /// Image or document.
    pub fn kind(self) -> Kind {
        match self {
            Format::Pdf => Kind::Document,
            _ => Kind::Image,
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Pdf => "application/pdf",
        }
    }

    /// The format named by its media type, if the library takes it.
    pub fn from_mime(mime: &str) -> Option<Format> {
        [Format::Jpeg, Format::Png, Format::Gif, Format::Webp, Format::Pdf]
            .into_iter()
            .find(|f| f.mime() == mime)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Pdf => "pdf",
        }
    }

    pub(crate) fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            Format::Jpeg => Some(image::ImageFormat::Jpeg),
            Format::Png => Some(image::ImageFormat::Png),
            Format::Gif => Some(image::ImageFormat::Gif),
            Format::Webp => Some(image::ImageFormat::WebP),
            Format::Pdf => None,
        }
    }
}

/// The type of `bytes`, read from its magic number. SVG (and anything
/// that looks like markup) is refused by name, so the uploader learns why.
pub fn sniff(bytes: &[u8]) -> Result<Format, MediaError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(Format::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(Format::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok(Format::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Ok(Format::Pdf)
    } else if looks_like_svg(bytes) {
        Err(MediaError::Svg)
    } else {
        Err(MediaError::UnknownType)
    }
}

/// Whether the start of `bytes` is an SVG document (after an optional
/// byte-order mark, white space, an XML declaration, comments, a doctype).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_name_the_type() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Ok(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Ok(Format::Png));
        assert_eq!(sniff(b"GIF89a...."), Ok(Format::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(Format::Webp));
        assert_eq!(sniff(b"%PDF-1.4"), Ok(Format::Pdf));
    }

    #[test]
    fn markup_is_refused_whatever_it_is_called() {
        assert_eq!(sniff(b"<!doctype html><title>x</title>"), Err(MediaError::UnknownType));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(MediaError::Svg)
        );
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), Err(MediaError::UnknownType));
        assert_eq!(sniff(b"\xFF\xD8"), Err(MediaError::UnknownType));
    }
}
