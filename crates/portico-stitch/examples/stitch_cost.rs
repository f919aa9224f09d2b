//! Per-request cost of stitching: 1,000,000 writes of an ~8 KB page with a
//! fresh trace id each time, per encoding.
//!
//! Run by hand, optimized:
//!
//! ```text
//! cargo run --release -p portico-stitch --example stitch_cost
//! ```

use std::hint::black_box;
use std::time::Instant;

use bytes::BytesMut;
use portico_stitch::{Encoding, Fill, Fragment, Piece, Stitched};

const PAGE: &str = include_str!("../tests/fixtures/page.html");
const WRITES: u32 = 1_000_000;

/// The fixture page split at its `{{...}}` markers.
fn pieces() -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut holes = Vec::new();
    let mut rest = PAGE;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        pieces.push(Piece::text(rest[..start].to_owned()));
        pieces.push(Piece::Hole);
        holes.push(rest[start + 2..start + len].to_owned());
        rest = &rest[start + len + 2..];
    }
    pieces.push(Piece::text(rest.to_owned()));
    (pieces, holes)
}

/// Writes a 32-hex-digit trace id for request `n` into `id`.
fn trace_id(n: u64, id: &mut [u8; 32]) {
    let mut x = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for digit in id.iter_mut() {
        *digit = b"0123456789abcdef"[(x >> 60) as usize];
        x = x.rotate_left(4) ^ n;
    }
}

fn main() {
    let (pieces, holes) = pieces();
    let started = Instant::now();
    let stitched = Stitched::new(pieces);
    let banner = Fragment::new(
        "<div class=\"consent\"><p>We use one cookie to remember this choice.</p>\
         <button name=\"consent\" value=\"yes\">OK</button></div>\n",
    );
    println!(
        "built: {} fixed bytes, {} holes ({holes:?}) in {:.1} ms",
        stitched.fixed_len(),
        stitched.hole_count(),
        started.elapsed().as_secs_f64() * 1e3
    );

    // Which holes take the banner; the others take the trace id.
    let is_banner: Vec<bool> = holes.iter().map(|hole| hole == "banner").collect();
    let mut id = [0u8; 32];
    let mut out = BytesMut::with_capacity(16 * 1024);

    // Reference point: copying a finished body of the same size.
    let identity_body = PAGE.as_bytes().to_vec();
    let started = Instant::now();
    for _ in 0..WRITES {
        out.clear();
        out.extend_from_slice(black_box(&identity_body));
        black_box(&out);
    }
    let memcpy_ns = started.elapsed().as_nanos() as f64 / f64::from(WRITES);
    println!("memcpy   {:>6} B/body  {memcpy_ns:>7.1} ns/op", identity_body.len());

    for enc in Encoding::ALL {
        let mut total = 0usize;
        let started = Instant::now();
        for n in 0..WRITES {
            trace_id(u64::from(n), &mut id);
            let mut fills = [Fill::Raw(&[]); 8];
            for (fill, &banner_hole) in fills.iter_mut().zip(&is_banner) {
                *fill = if banner_hole {
                    Fill::Fragment(&banner)
                } else {
                    Fill::Raw(&id)
                };
            }
            out.clear();
            let fills = black_box(&fills[..is_banner.len()]);
            if let Err(err) = stitched.write(enc, fills, &mut out) {
                eprintln!("write failed: {err}");
                return;
            }
            total += black_box(&out).len();
        }
        let elapsed = started.elapsed();
        println!(
            "{:<8} {:>6} B/body  {:>7.1} ns/op",
            format!("{enc:?}"),
            total / WRITES as usize,
            elapsed.as_nanos() as f64 / f64::from(WRITES)
        );
    }
}
