//! End-to-end checks: every encoded body decodes, with independent decoders,
//! to exactly the identity body, which is the plain concatenation.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use bytes::{Bytes, BytesMut};
use portico_stitch::{Encoding, Fill, Fragment, Levels, Piece, StitchError, Stitched};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const PAGE: &str = include_str!("fixtures/page.html");

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("gzip body decodes");
    out
}

fn unbrotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_end(&mut out)
        .expect("brotli body decodes");
    out
}

fn write(stitched: &Stitched, enc: Encoding, fills: &[Fill<'_>]) -> Vec<u8> {
    let mut out = BytesMut::new();
    stitched.write(enc, fills, &mut out).expect("fill count matches");
    assert_eq!(out.len(), stitched.encoded_len(enc, fills), "encoded_len for {enc:?}");
    out.to_vec()
}

/// The body as the plain concatenation of pieces and fills, computed
/// without the crate.
fn concat(pieces: &[Piece], fills: &[Fill<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut fills = fills.iter();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.extend_from_slice(text),
            Piece::Hole => out.extend_from_slice(fills.next().expect("a fill per hole").raw()),
        }
    }
    assert!(fills.next().is_none(), "a hole per fill");
    out
}

/// Writes every encoding and checks all of them against `expected`.
fn check_all(stitched: &Stitched, fills: &[Fill<'_>], expected: &[u8]) -> [Vec<u8>; 3] {
    let identity = write(stitched, Encoding::Identity, fills);
    assert!(identity == expected, "identity body is the concatenation");
    let gzip = write(stitched, Encoding::Gzip, fills);
    assert!(gunzip(&gzip) == identity, "gzip body decodes to identity");
    let brotli = write(stitched, Encoding::Brotli, fills);
    assert!(unbrotli(&brotli) == identity, "brotli body decodes to identity");
    [identity, gzip, brotli]
}

/// Pipes `input` through an external reference decoder. The test command
/// (scripts/test.sh) installs them; a missing one fails the test rather
/// than skipping the check.
fn pipe(program: &str, args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{program}` is not installed: run scripts/test.sh, which installs it")
        }
        Err(err) => panic!("cannot run {program}: {err}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(output.stdout)
}

/// The fixture page split at its `{{...}}` markers: one hole per marker.
fn page_pieces() -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut holes = Vec::new();
    let mut rest = PAGE;
    while let Some(start) = rest.find("{{") {
        let end = start + rest[start..].find("}}").unwrap() + 2;
        pieces.push(Piece::text(rest[..start].to_owned()));
        pieces.push(Piece::Hole);
        holes.push(rest[start + 2..end - 2].to_owned());
        rest = &rest[end..];
    }
    pieces.push(Piece::text(rest.to_owned()));
    (pieces, holes)
}

/// A deterministic 32-hex-digit trace id.
fn trace_id(n: u64) -> [u8; 32] {
    let mut x = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xd1b5_4a32_d192_ed03;
    let mut id = [0u8; 32];
    for (i, digit) in id.iter_mut().enumerate() {
        if i % 16 == 0 {
            x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9).rotate_left(31) ^ n;
        }
        *digit = b"0123456789abcdef"[((x >> (4 * (i % 16))) & 0xf) as usize];
    }
    id
}

fn banners() -> [Fragment; 2] {
    [
        Fragment::new(
            "<div class=\"consent\" role=\"region\" aria-label=\"Cookies\"><p>We use one \
             cookie to remember this choice.</p><button name=\"consent\" value=\"yes\">OK\
             </button><button name=\"consent\" value=\"no\">No thanks</button></div>\n",
        ),
        Fragment::new(""),
    ]
}

/// Fills for the fixture page: trace id holes get `id`, the banner hole
/// gets `banner`.
fn page_fills<'a>(holes: &[String], id: &'a [u8], banner: &'a Fragment) -> Vec<Fill<'a>> {
    holes
        .iter()
        .map(|name| match name.as_str() {
            "trace_id" => Fill::Raw(id),
            "banner" => Fill::Fragment(banner),
            other => panic!("unknown hole {other}"),
        })
        .collect()
}

#[test]
fn a_page_without_its_plain_text_sends_the_same_bytes() {
    let (pieces, holes) = page_pieces();
    let mut stitched = Stitched::with_levels(pieces, Levels::FAST);
    let banners = banners();
    let id = trace_id(7);
    let fills = page_fills(&holes, &id, &banners[0]);
    let before: Vec<Vec<u8>> = Encoding::ALL.iter().map(|&enc| write(&stitched, enc, &fills)).collect();
    stitched.forget_plain();
    // HTML compresses: every segment's plain copy is gone.
    assert!(!stitched.has_plain());
    let segments = stitched.plain_segments().unwrap();
    let mut plain = BytesMut::new();
    stitched.write_plain(&segments, &fills, &mut plain).unwrap();
    assert_eq!(plain[..], before[0][..]);
    assert_eq!(write(&stitched, Encoding::Gzip, &fills), before[1]);
    assert_eq!(write(&stitched, Encoding::Brotli, &fills), before[2]);
}

#[test]
fn trace_id_fill_over_many_ids() {
    let (pieces, holes) = page_pieces();
    assert_eq!(holes, ["trace_id", "banner", "trace_id"]);
    let stitched = Stitched::new(pieces.clone());
    let banners = banners();
    let mut lens: Option<[usize; 3]> = None;
    for n in 0..500 {
        let id = trace_id(n);
        let banner = &banners[(n % 2) as usize];
        let fills = page_fills(&holes, &id, banner);
        let [identity, gzip, brotli] = check_all(&stitched, &fills, &concat(&pieces, &fills));
        assert!(identity.windows(32).any(|w| w == id));
        // Same-size fills give same-size bodies: nothing but the fills varies.
        if n % 2 == 0 {
            let now = [identity.len(), gzip.len(), brotli.len()];
            assert_eq!(*lens.get_or_insert(now), now, "id {n}");
        }
    }
}

fn whole_page_gzip(body: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(body).unwrap();
    gz.finish().unwrap()
}

fn whole_page_brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams::default(); // quality 11
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).unwrap();
    out
}

#[test]
fn realistic_page_compresses_and_stays_small() {
    let (pieces, holes) = page_pieces();
    let stitched = Stitched::new(pieces.clone());
    let banners = banners();
    let id = trace_id(7);
    let fills = page_fills(&holes, &id, &banners[0]);
    let [identity, gzip, brotli] = check_all(&stitched, &fills, &concat(&pieces, &fills));
    assert!(identity.len() > 8000, "page is {} bytes", identity.len());
    let (whole_gzip, whole_brotli) = (whole_page_gzip(&identity), whole_page_brotli(&identity));
    eprintln!(
        "page {} B, holes early: stitched gzip {} B (whole page {} B), stitched brotli {} B (whole page {} B)",
        identity.len(),
        gzip.len(),
        whole_gzip.len(),
        brotli.len(),
        whole_brotli.len()
    );
    assert!(brotli.len() < gzip.len());
    assert!(gzip.len() < identity.len() * 2 / 5);
    // Gzip loses only matches across holes and the stored fills.
    assert!(gzip.len() < whole_gzip.len() + 400, "gzip overhead too large");
    // Brotli also loses the static dictionary after the first hole.
    assert!(brotli.len() < whole_brotli.len() * 3 / 2, "brotli overhead too large");
}

#[test]
fn text_before_the_first_hole_compresses_like_a_whole_page() {
    // The same page with its only hole in the footer: nearly all of it is
    // the lead, which keeps the brotli dictionary.
    let id = trace_id(11);
    let id = std::str::from_utf8(&id).unwrap();
    let page = PAGE.replacen("{{trace_id}}", id, 1).replace("{{banner}}", "");
    let (before, after) = page.split_once("{{trace_id}}").unwrap();
    let pieces = vec![
        Piece::text(before.to_owned()),
        Piece::Hole,
        Piece::text(after.to_owned()),
    ];
    let stitched = Stitched::new(pieces.clone());
    let fills = [Fill::Raw(id.as_bytes())];
    let [identity, gzip, brotli] = check_all(&stitched, &fills, &concat(&pieces, &fills));
    let (whole_gzip, whole_brotli) = (whole_page_gzip(&identity), whole_page_brotli(&identity));
    eprintln!(
        "page {} B, hole late: stitched gzip {} B (whole page {} B), stitched brotli {} B (whole page {} B)",
        identity.len(),
        gzip.len(),
        whole_gzip.len(),
        brotli.len(),
        whole_brotli.len()
    );
    assert!(gzip.len() < whole_gzip.len() + 80, "gzip overhead too large");
    assert!(brotli.len() < whole_brotli.len() + 80, "brotli overhead too large");
}

#[test]
fn gzip_body_is_accepted_by_system_gzip() {
    let (pieces, holes) = page_pieces();
    let stitched = Stitched::new(pieces.clone());
    let banners = banners();
    let long_fill = vec![b'q'; 70_000]; // forces a second stored block
    for (n, banner) in banners.iter().enumerate() {
        let id = trace_id(n as u64);
        let mut fills = page_fills(&holes, &id, banner);
        let expected_short = concat(&pieces, &fills);
        let body = write(&stitched, Encoding::Gzip, &fills);
        let decoded = pipe("gzip", &["-dc"], &body).expect("gzip output");
        assert!(decoded == expected_short, "gzip -dc output differs");
        // gzip -t also verifies CRC and length.
        pipe("gzip", &["-t"], &body).unwrap();

        fills[2] = Fill::Raw(&long_fill);
        let body = write(&stitched, Encoding::Gzip, &fills);
        let decoded = pipe("gzip", &["-dc"], &body).unwrap();
        assert!(decoded == concat(&pieces, &fills), "gzip -dc long fill");
    }
}

#[test]
fn brotli_body_is_accepted_by_the_reference_decoder() {
    let (pieces, holes) = page_pieces();
    let stitched = Stitched::new(pieces.clone());
    let banners = banners();
    for (n, banner) in banners.iter().enumerate() {
        let id = trace_id(n as u64);
        let fills = page_fills(&holes, &id, banner);
        let body = write(&stitched, Encoding::Brotli, &fills);
        let decoded = pipe("brotli", &["-dc"], &body).expect("brotli output");
        assert!(decoded == concat(&pieces, &fills), "brotli -dc output differs");
    }
}

#[test]
fn gzip_header_and_trailer_are_fixed_format() {
    let stitched = Stitched::new(vec![Piece::text("Hello, "), Piece::Hole, Piece::text("!")]);
    let body = write(&stitched, Encoding::Gzip, &[Fill::Raw(b"world")]);
    assert_eq!(body[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    let n = body.len();
    assert_eq!(body[n - 8..n - 4], crc32fast::hash(b"Hello, world!").to_le_bytes());
    assert_eq!(body[n - 4..], 13u32.to_le_bytes());
    // Deterministic: the same inputs give the same bytes.
    assert_eq!(body, write(&stitched, Encoding::Gzip, &[Fill::Raw(b"world")]));
}

#[test]
fn no_pieces_and_only_holes() {
    let empty = Stitched::new(vec![]);
    assert_eq!(empty.hole_count(), 0);
    check_all(&empty, &[], b"");

    let holes = Stitched::new(vec![Piece::Hole, Piece::Hole, Piece::Hole]);
    assert_eq!(holes.hole_count(), 3);
    let banner = Fragment::new("<b>shared</b>");
    let fills = [Fill::Raw(b"a"), Fill::Fragment(&banner), Fill::Raw(b"")];
    check_all(&holes, &fills, b"a<b>shared</b>");
    check_all(&holes, &[Fill::Raw(b""); 3], b"");
}

#[test]
fn wrong_fill_count_is_rejected() {
    let stitched = Stitched::new(vec![Piece::text("x"), Piece::Hole]);
    let mut out = BytesMut::new();
    let err = stitched.write(Encoding::Gzip, &[], &mut out).unwrap_err();
    assert_eq!(err, StitchError::FillCount { holes: 1, fills: 0 });
    assert!(out.is_empty());
}

#[test]
fn fills_larger_than_one_stored_block() {
    let stitched = Stitched::new(vec![Piece::text("<pre>"), Piece::Hole, Piece::text("</pre>")]);
    for len in [65_535, 65_536, 140_000] {
        let fill: Vec<u8> = (0..len).map(|i| b"abcdefgh"[i % 8]).collect();
        let fills = [Fill::Raw(&fill)];
        let mut expected = b"<pre>".to_vec();
        expected.extend_from_slice(&fill);
        expected.extend_from_slice(b"</pre>");
        check_all(&stitched, &fills, &expected);
    }
}

// ---------------------------------------------------------------------------
// Property test
// ---------------------------------------------------------------------------

const HTML_TOKENS: &[&str] = &[
    "<div class=\"card\">",
    "</div>",
    "<p>",
    "</p>\n",
    "<a href=\"/news/2025/\">",
    "</a>",
    "<li>",
    "</li>",
    "the ",
    "community ",
    "volunteer ",
    "programme ",
    "&amp; ",
    "2025 ",
    "\n  ",
    "<span lang=\"cy\">Croeso</span> ",
    "caf\u{e9} ",
    "<!-- x -->",
];

/// Random bytes, HTML-like text, or a short pattern repeated (long matches
/// at small distances).
fn text_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..=max),
        prop::collection::vec(prop::sample::select(HTML_TOKENS), 0..=max / 8).prop_map(move |tokens| {
            let mut s = tokens.concat().into_bytes();
            s.truncate(max);
            s
        }),
        (prop::collection::vec(any::<u8>(), 1..8), 0..=max)
            .prop_map(|(unit, len)| { unit.iter().copied().cycle().take(len).collect() }),
    ]
}

#[derive(Clone, Debug)]
enum FillSpec {
    Raw(Vec<u8>),
    /// Index into the shared fragment pool.
    Shared(usize),
}

#[derive(Debug)]
struct Case {
    pieces: Vec<Piece>,
    pool: Vec<Vec<u8>>,
    fills: Vec<FillSpec>,
}

fn case() -> impl Strategy<Value = Case> {
    let texts = prop::collection::vec(text_bytes(20_000), 0..=6);
    // Holes before each text and after the last: 0 to 2 each.
    let gaps = prop::collection::vec(0usize..=2, 7);
    let pool = prop::collection::vec(text_bytes(3_000), 1..=3);
    (texts, gaps, pool)
        .prop_flat_map(|(texts, gaps, pool)| {
            let mut pieces = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                pieces.extend(std::iter::repeat_n(Piece::Hole, gaps[i]));
                pieces.push(Piece::Text(Bytes::from(text.clone())));
            }
            pieces.extend(std::iter::repeat_n(Piece::Hole, gaps[texts.len()]));
            let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
            let fill = prop_oneof![
                3 => text_bytes(3_000).prop_map(FillSpec::Raw),
                2 => (0..pool.len()).prop_map(FillSpec::Shared),
            ];
            (Just(pieces), Just(pool), prop::collection::vec(fill, holes))
        })
        .prop_map(|(pieces, pool, fills)| Case { pieces, pool, fills })
}

impl Case {
    /// The shared fragments, compressed at `levels`.
    fn pool_at(&self, levels: Levels) -> Vec<Fragment> {
        self.pool
            .iter()
            .map(|raw| Fragment::with_levels(raw.clone(), levels))
            .collect()
    }

    /// One fill per hole, shared ones taken from `pool`.
    fn fills_from<'a>(&'a self, pool: &'a [Fragment]) -> Vec<Fill<'a>> {
        self.fills
            .iter()
            .map(|spec| match spec {
                FillSpec::Raw(raw) => Fill::Raw(raw),
                FillSpec::Shared(i) => Fill::Fragment(&pool[*i]),
            })
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        // Failing inputs are saved next to this file as stitch.regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_encoding_decodes_to_the_concatenation(case in case()) {
        let stitched = Stitched::new(case.pieces.clone());
        let pool = case.pool_at(Levels::BEST);
        let fills = case.fills_from(&pool);
        prop_assert_eq!(stitched.hole_count(), fills.len());
        let expected = concat(&case.pieces, &fills);
        for enc in Encoding::ALL {
            let body = write(&stitched, enc, &fills);
            let decoded = match enc {
                Encoding::Identity => body,
                Encoding::Gzip => gunzip(&body),
                Encoding::Brotli => unbrotli(&body),
            };
            prop_assert!(decoded == expected, "{:?} body differs from the concatenation", enc);
        }
        // The C reference implementations, where installed.
        for (program, enc) in [("gzip", Encoding::Gzip), ("brotli", Encoding::Brotli)] {
            let body = write(&stitched, enc, &fills);
            if let Some(decoded) = pipe(program, &["-dc"], &body) {
                prop_assert!(decoded == expected, "{} -dc output differs", program);
            }
        }
    }

    /// Fast levels take other encoder paths (brotli quality 5 has no
    /// Zopfli, gzip level 1 a different matcher); they must stitch too.
    #[test]
    fn fast_levels_stitch_too(case in case()) {
        let stitched = Stitched::with_levels(case.pieces.clone(), Levels::FAST);
        let pool = case.pool_at(Levels::FAST);
        let fills = case.fills_from(&pool);
        let expected = concat(&case.pieces, &fills);
        prop_assert!(gunzip(&write(&stitched, Encoding::Gzip, &fills)) == expected);
        prop_assert!(unbrotli(&write(&stitched, Encoding::Brotli, &fills)) == expected);
    }

    /// Letting the plain text go keeps every compressed byte, and the plain
    /// body comes back whole from the deflate forms.
    #[test]
    fn forgetting_the_plain_text_changes_no_byte(case in case()) {
        let mut stitched = Stitched::with_levels(case.pieces.clone(), Levels::FAST);
        let pool = case.pool_at(Levels::FAST);
        let fills = case.fills_from(&pool);
        let before: Vec<Vec<u8>> = Encoding::ALL.iter().map(|&enc| write(&stitched, enc, &fills)).collect();
        stitched.forget_plain();
        for (i, &enc) in Encoding::ALL.iter().enumerate() {
            prop_assert_eq!(stitched.encoded_len(enc, &fills), before[i].len());
            if enc == Encoding::Identity {
                let mut out = BytesMut::new();
                // Text stored uncompressed (random bytes) keeps its plain
                // copy: it is its own compressed form.
                if !stitched.has_plain() {
                    prop_assert_eq!(stitched.write(enc, &fills, &mut out), Err(StitchError::PlainForgotten));
                }
                let segments = stitched.plain_segments().unwrap();
                stitched.write_plain(&segments, &fills, &mut out).unwrap();
                prop_assert!(out[..] == before[i][..], "the plain body differs");
            } else {
                prop_assert!(write(&stitched, enc, &fills) == before[i], "{:?} body differs", enc);
            }
        }
    }
}
