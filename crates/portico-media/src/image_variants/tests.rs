use image::{Rgb, RgbImage, Rgba, RgbaImage};

use super::*;
use crate::{Kind, process};

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.clone())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .expect("encode");
    out
}

fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out)).expect("encode");
    out
}

/// An EXIF segment (APP1, big-endian TIFF) with an orientation of 6
/// (turn 90° clockwise) and a GPS directory holding a map datum text.
fn exif_app1(gps_text: &[u8; 10]) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    // IFD0 at 8: two entries.
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
    tiff.extend([0, 0, 0, 0]);
    // GPS IFD at 38: one entry, GPSMapDatum (ASCII, 11 bytes at 56).
    tiff.extend([0, 1]);
    tiff.extend([0x00, 0x12, 0, 2, 0, 0, 0, 11, 0, 0, 0, 56]);
    tiff.extend([0, 0, 0, 0]);
    assert_eq!(tiff.len(), 56);
    tiff.extend(gps_text);
    tiff.push(0);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let len = u16::try_from(payload.len() + 2).expect("short");
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(len.to_be_bytes());
    seg.extend(payload);
    seg
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn exif_and_gps_are_gone_and_the_orientation_is_applied() {
    // 40 wide, 20 high; EXIF says the camera was turned.
    let plain = jpeg(&RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 { Rgb([200, 30, 30]) } else { Rgb([30, 30, 200]) }
    }));
    let mut with_exif = plain[..2].to_vec();
    with_exif.extend(exif_app1(b"HALCYONGPS"));
    with_exif.extend(&plain[2..]);
    assert!(contains(&with_exif, b"HALCYONGPS"));

    let p = process(&with_exif, "walk.jpg").expect("a jpeg");
    assert_eq!(p.kind(), Kind::Image);
    // Read upright: the decoder saw the EXIF orientation.
    assert_eq!(p.size, Some((20, 40)));
    assert!(!p.variants.is_empty());
    for v in &p.variants {
        assert!(!contains(&v.bytes, b"HALCYONGPS"), "{v:?} keeps the GPS text");
        assert!(!contains(&v.bytes, b"Exif\0\0"), "{v:?} keeps an EXIF segment");
        let back = image::load_from_memory(&v.bytes).expect("variant decodes");
        assert_eq!((back.width(), back.height()), (20, 40));
    }
}

#[test]
fn widths_are_never_wider_than_the_original() {
    assert_eq!(widths_for(200), vec![200]);
    assert_eq!(widths_for(320), vec![320]);
    assert_eq!(widths_for(1000), vec![320, 640, 960, 1000]);
    assert_eq!(widths_for(4000), vec![320, 640, 960, 1280, 1920]);

    let photo = jpeg(&RgbImage::from_fn(700, 350, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    }));
    let p = process(&photo, "wide.jpg").expect("a jpeg");
    let mut widths: Vec<u32> = p.variants.iter().map(|v| v.width).collect();
    widths.dedup();
    assert_eq!(widths.iter().max(), Some(&700));
    assert!(p.variants.iter().any(|v| v.width == 320 && v.height == 160));
    assert!(p.variants.iter().any(|v| v.format == VariantFormat::Jpeg));
}

#[test]
fn the_type_comes_from_the_bytes_not_the_name() {
    let bytes = png(&DynamicImage::ImageRgb8(RgbImage::from_pixel(8, 8, Rgb([10, 120, 90]))));
    let p = process(&bytes, "annual-report.pdf").expect("a png");
    assert_eq!(p.format, Format::Png);
    assert_eq!(p.kind(), Kind::Image);
    assert_eq!(p.file_name, "annual-report.png");

    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
    assert_eq!(process(html, "photo.jpg"), Err(MediaError::UnknownType));
    // Starts like a JPEG, is not one.
    assert!(matches!(
        process(b"\xFF\xD8\xFF\xE0 not really", "x.jpg"),
        Err(MediaError::Undecodable(_))
    ));
}

#[test]
fn transparency_keeps_png_and_flat_graphics_get_webp() {
    let img = RgbaImage::from_fn(400, 100, |x, _| {
        if x < 200 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([20, 90, 160, 255])
        }
    });
    let p = process(&png(&DynamicImage::ImageRgba8(img)), "logo.png").expect("a png");
    let formats: Vec<VariantFormat> = p.variants.iter().map(|v| v.format).collect();
    assert!(formats.contains(&VariantFormat::Png));
    assert!(!formats.contains(&VariantFormat::Jpeg));
    // A flat drawing compresses far better losslessly.
    assert!(formats.contains(&VariantFormat::Webp));
}

/// CRC-32 (IEEE), for patching a PNG header.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_decompression_bomb_is_refused_before_decoding() {
    // A real 1×1 PNG whose header then claims 30000×30000 pixels (900
    // megapixels: 3.6 GB as RGBA) with a valid checksum.
    let mut bytes = png(&DynamicImage::ImageRgb8(RgbImage::from_pixel(1, 1, Rgb([0, 0, 0]))));
    assert_eq!(&bytes[12..16], b"IHDR");
    bytes[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        process(&bytes, "bomb.png"),
        Err(MediaError::TooManyPixels {
            width: 30_000,
            height: 30_000
        })
    );
}

#[test]
fn a_crop_keeps_the_focal_point() {
    // Left half red, right half blue; focal point on the blue side.
    let img = RgbImage::from_fn(
        200,
        100,
        |x, _| if x < 100 { Rgb([220, 0, 0]) } else { Rgb([0, 0, 220]) },
    );
    let bytes = png(&DynamicImage::ImageRgb8(img));
    let v = crop(&bytes, (1, 1), Focal { x: 0.9, y: 0.5 }, 50).expect("crop");
    assert_eq!((v.width, v.height), (50, 50));
    let back = image::load_from_memory(&v.bytes).expect("decodes").to_rgb8();
    let p = back.get_pixel(25, 25).0;
    assert!(p[2] > 150 && p[0] < 60, "{p:?} is not blue");
}

#[test]
fn a_portrait_crop_of_a_landscape_picture_is_cut_around_the_focal_point() {
    // A grey landscape with a green face off-centre, where the focal point is.
    let face = |x: u32, y: u32| (400..440).contains(&x) && (130..170).contains(&y);
    let img = RgbImage::from_fn(600, 400, |x, y| {
        if face(x, y) {
            Rgb([0, 200, 0])
        } else {
            Rgb([128, 128, 128])
        }
    });
    let bytes = png(&DynamicImage::ImageRgb8(img));
    let green = |p: &Rgb<u8>| p.0[1] > 150 && p.0[0] < 80;
    let v = crop(&bytes, (4, 5), Focal { x: 0.7, y: 0.375 }, 160).expect("crop");
    assert_eq!((v.width, v.height), (160, 200), "4:5, scaled to the width asked");
    let back = image::load_from_memory(&v.bytes).expect("decodes").to_rgb8();
    // The 320-pixel-wide cut starts at 420 - 160 = 260: the face is at its middle.
    assert!(green(back.get_pixel(80, 75)), "{:?}", back.get_pixel(80, 75));
    // A crop that ignored the focal point (the middle, 140..460) would put
    // the face at 130..150 of 160, off to the side.
    assert!(!green(back.get_pixel(140, 75)));
    // Focal point on the other side: the face is cut away entirely.
    let v = crop(&bytes, (4, 5), Focal { x: 0.1, y: 0.5 }, 160).expect("crop");
    let back = image::load_from_memory(&v.bytes).expect("decodes").to_rgb8();
    assert!(!back.pixels().any(green), "the face is outside a crop at the left");
}
