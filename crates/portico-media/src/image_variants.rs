//! Images decoded within limits, turned upright, and re-encoded at the
//! responsive widths. Re-encoding writes pixels only: EXIF (GPS
//! included), XMP, ICC and comments of the original are left behind.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder as _, ImageReader, Limits};

use crate::focal::{Focal, crop_rect};
use crate::{Format, MAX_PIXELS, MediaError, WIDTHS};

/// JPEG quality of the variants: no visible loss on photographs at a
/// third of the original's size.
const JPEG_QUALITY: u8 = 82;

/// How a variant is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VariantFormat {
    /// Lossless WebP.
    Webp,
    /// JPEG (an image without transparency).
    Jpeg,
    /// PNG (an image with transparency).
    Png,
}

impl VariantFormat {
    /// The file extension in its URL.
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
        }
    }

    /// The format of an extension, if it is one.
    pub fn from_extension(ext: &str) -> Option<VariantFormat> {
        match ext {
            "webp" => Some(VariantFormat::Webp),
            "jpg" => Some(VariantFormat::Jpeg),
            "png" => Some(VariantFormat::Png),
            _ => None,
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            VariantFormat::Webp => "image/webp",
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Png => "image/png",
        }
    }
}

/// One re-encoded image.
#[derive(Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its encoding.
    pub format: VariantFormat,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}w {:?} ({} bytes)", self.width, self.format, self.bytes.len())
    }
}

/// The widths made for an image `width` pixels wide: each of [`WIDTHS`]
/// narrower than it, then its own width (at most the widest of them).
/// Never wider than the original.
pub fn widths_for(width: u32) -> Vec<u32> {
    let top = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
    widths.push(top);
    widths
}

fn undecodable(e: &image::ImageError) -> MediaError {
    match e {
        image::ImageError::Limits(_) => MediaError::Undecodable("it needs more memory to decode than allowed".into()),
        other => MediaError::Undecodable(other.to_string()),
    }
}

/// Decodes `bytes` of an image `format` within the limits, upright.
pub(crate) fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, MediaError> {
    let Some(image_format) = format.image_format() else {
        return Err(MediaError::UnknownType);
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), image_format)
        .into_dimensions()
        .map_err(|e| undecodable(&e))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width == 0 || height == 0 {
        return Err(MediaError::TooManyPixels { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // RGBA with 16 bits a channel, and as much again for the decoder.
    limits.max_alloc = Some(MAX_PIXELS * 8 * 2);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| undecodable(&e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| undecodable(&e))?;
    img.apply_orientation(orientation);
    Ok(if img.color().has_alpha() && has_transparency(&img) {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    })
}

fn has_transparency(img: &DynamicImage) -> bool {
    img.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

/// The upright size and the variants of an image: the fallback format at
/// every width, and lossless WebP at every width when that is smaller in
/// all.
pub(crate) fn encode(bytes: &[u8], format: Format) -> Result<((u32, u32), Vec<Variant>), MediaError> {
    let img = decode(bytes, format)?;
    let size = (img.width(), img.height());
    let fallback = if matches!(img, DynamicImage::ImageRgba8(_)) {
        VariantFormat::Png
    } else {
        VariantFormat::Jpeg
    };
    let mut fallbacks = Vec::new();
    let mut webps = Vec::new();
    // Widest first, each from the one before: every step at most halves.
    let mut source = img;
    for width in widths_for(size.0).into_iter().rev() {
        if width != source.width() {
            let height = scaled_height(size, width);
            source = source.resize_exact(width, height, FilterType::CatmullRom);
        }
        fallbacks.push(encode_one(&source, fallback)?);
        webps.push(encode_one(&source, VariantFormat::Webp)?);
    }
    let total = |v: &[Variant]| v.iter().map(|v| v.bytes.len()).sum::<usize>();
    let mut variants = if total(&webps) < total(&fallbacks) {
        webps.append(&mut fallbacks);
        webps
    } else {
        fallbacks
    };
    variants.sort_by_key(|v| (v.format, v.width));
    Ok((size, variants))
}

fn scaled_height(size: (u32, u32), width: u32) -> u32 {
    let h = (u64::from(size.1) * u64::from(width) + u64::from(size.0) / 2) / u64::from(size.0.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

fn encode_one(img: &DynamicImage, format: VariantFormat) -> Result<Variant, MediaError> {
    let mut out = Vec::new();
    let result = match format {
        VariantFormat::Jpeg => img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
        VariantFormat::Png => img.write_with_encoder(PngEncoder::new(&mut out)),
        VariantFormat::Webp => img.write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    result.map_err(|e| undecodable(&e))?;
    Ok(Variant {
        width: img.width(),
        height: img.height(),
        format,
        bytes: out,
    })
}

/// A crop of an image to `aspect` around its focal point, `width` pixels
/// wide at most, in its fallback format (a card's square, a portrait).
pub fn crop(bytes: &[u8], aspect: (u32, u32), focal: Focal, width: u32) -> Result<Variant, MediaError> {
    let format = crate::sniff(bytes)?;
    let img = decode(bytes, format)?;
    let rect = crop_rect((img.width(), img.height()), aspect, focal);
    let mut cut = img.crop_imm(rect.x, rect.y, rect.width, rect.height);
    if cut.width() > width {
        let height = scaled_height((cut.width(), cut.height()), width);
        cut = cut.resize_exact(width, height, FilterType::CatmullRom);
    }
    let fallback = if matches!(cut, DynamicImage::ImageRgba8(_)) {
        VariantFormat::Png
    } else {
        VariantFormat::Jpeg
    };
    encode_one(&cut, fallback)
}

#[cfg(test)]
mod tests;
