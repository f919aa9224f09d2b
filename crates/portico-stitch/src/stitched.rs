//! A body of fixed fragments and holes, and the per-request writers.

use bytes::{Bytes, BytesMut};

use crate::fragment::Lead;
use crate::sink::{Counter, Sink};
use crate::{Encoding, Fill, Fragment, Levels, Piece, StitchError, br, gzip};

/// A body made of fixed fragments and holes, pre-encoded for every
/// [`Encoding`].
///
/// Built once per page at site-build time; [`Stitched::write`] then makes a
/// complete body per request by copying pre-encoded bytes and inserting the
/// fills, without running a compressor.
#[derive(Clone, Debug)]
pub struct Stitched {
    /// The fixed text before the first hole, between holes, and after the
    /// last hole: always `hole_count + 1` fragments, some possibly empty.
    segments: Vec<Fragment>,
    /// The brotli form of the first segment when it is compressed as the
    /// start of a stream (with the static dictionary); the first segment's
    /// own brotli form is then unused.
    lead: Option<Lead>,
    /// The brotli window the segments and the lead need.
    brotli_wbits: u8,
    /// Total length of the fixed text.
    fixed_len: usize,
}

impl Stitched {
    /// Compresses the fixed text once, at [`Levels::BEST`] (gzip 9, brotli
    /// 11): a page is built once and sent many times, so the smallest output
    /// wins over build time.
    pub fn new(pieces: Vec<Piece>) -> Stitched {
        Stitched::with_levels(pieces, Levels::BEST)
    }

    /// Compresses the fixed text once, at the given levels.
    pub fn with_levels(pieces: Vec<Piece>, levels: Levels) -> Stitched {
        let mut raws = Vec::new();
        let mut texts: Vec<Bytes> = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => texts.push(text),
                Piece::Hole => raws.push(join(&mut texts)),
            }
        }
        raws.push(join(&mut texts));

        // The first segment starts every stream: as a brotli lead it keeps
        // the static dictionary, and then needs no catable brotli form.
        let mut raws = raws.into_iter();
        let first = raws.next().unwrap_or_default();
        let lead = Lead::encode(&first, levels.brotli);
        let mut segments = vec![Fragment::build(first, levels, lead.is_none())];
        segments.extend(raws.map(|raw| Fragment::with_levels(raw, levels)));
        let brotli_wbits = segments
            .iter()
            .map(Fragment::brotli_wbits)
            .chain(lead.as_ref().map(|lead| lead.wbits))
            .fold(br::MIN_WBITS, u8::max);
        let fixed_len = segments.iter().map(Fragment::len).sum();
        Stitched {
            segments,
            lead,
            brotli_wbits,
            fixed_len,
        }
    }

    /// How many fills [`Stitched::write`] needs.
    pub fn hole_count(&self) -> usize {
        self.segments.len() - 1
    }

    /// Length of the fixed text, fills excluded.
    pub fn fixed_len(&self) -> usize {
        self.fixed_len
    }

    /// Exact byte length [`Stitched::write`] will produce for these fills
    /// (for `Content-Length`).
    ///
    /// Counts without copying. If `fills.len() != hole_count()` the result
    /// treats missing fills as empty and ignores extra ones; `write` rejects
    /// such fills.
    pub fn encoded_len(&self, enc: Encoding, fills: &[Fill<'_>]) -> usize {
        if enc == Encoding::Identity {
            let filled = fills.iter().take(self.hole_count()).map(Fill::len).sum::<usize>();
            return self.fixed_len + filled;
        }
        let mut counter = Counter::default();
        self.encode(enc, fills, &mut counter);
        counter.0
    }

    /// Appends the complete encoded body to `out`: a gzip member with header
    /// and trailer, a whole brotli stream, or the plain bytes.
    ///
    /// Reserves the exact length first, so `out` grows at most once. Fails
    /// without writing anything unless there is exactly one fill per hole.
    pub fn write(&self, enc: Encoding, fills: &[Fill<'_>], out: &mut BytesMut) -> Result<(), StitchError> {
        self.check_fills(fills)?;
        if enc == Encoding::Identity && !self.has_plain() {
            return Err(StitchError::PlainForgotten);
        }
        let len = self.encoded_len(enc, fills);
        out.reserve(len);
        let start = out.len();
        self.encode(enc, fills, out);
        debug_assert_eq!(out.len() - start, len);
        Ok(())
    }

    fn check_fills(&self, fills: &[Fill<'_>]) -> Result<(), StitchError> {
        if fills.len() == self.hole_count() {
            Ok(())
        } else {
            Err(StitchError::FillCount {
                holes: self.hole_count(),
                fills: fills.len(),
            })
        }
    }

    /// Lets the plain text of the fixed segments go, keeping only the
    /// compressed forms (about a quarter of the size for HTML). Identity
    /// bodies are then written with [`Stitched::write_plain`] from
    /// [`Stitched::plain_segments`].
    pub fn forget_plain(&mut self) {
        let lead = self.lead.is_some();
        for (i, segment) in self.segments.iter_mut().enumerate() {
            segment.forget_raw(!(i == 0 && lead));
        }
    }

    /// Whether the plain text of every segment is held (the default).
    pub fn has_plain(&self) -> bool {
        self.segments.iter().all(Fragment::has_raw)
    }

    /// The plain text of each fixed segment, inflated where it was let go.
    pub fn plain_segments(&self) -> Result<Vec<Bytes>, StitchError> {
        self.segments.iter().map(Fragment::plain).collect()
    }

    /// Appends the identity body: `segments` (from
    /// [`Stitched::plain_segments`]) with the fills between them.
    pub fn write_plain(&self, segments: &[Bytes], fills: &[Fill<'_>], out: &mut BytesMut) -> Result<(), StitchError> {
        self.check_fills(fills)?;
        if segments.len() != self.segments.len() {
            return Err(StitchError::PlainForgotten);
        }
        out.reserve(self.fixed_len + fills.iter().map(Fill::len).sum::<usize>());
        for (i, segment) in segments.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(fills[i - 1].raw());
            }
            out.extend_from_slice(segment);
        }
        Ok(())
    }

    /// Segments and fills in body order.
    fn parts<'a>(&'a self, fills: &'a [Fill<'a>]) -> impl Iterator<Item = Fill<'a>> + Clone {
        (0..2 * self.segments.len() - 1).map(move |i| {
            if i % 2 == 0 {
                Fill::Fragment(&self.segments[i / 2])
            } else {
                fills.get(i / 2).copied().unwrap_or(Fill::Raw(&[]))
            }
        })
    }

    fn encode<S: Sink>(&self, enc: Encoding, fills: &[Fill<'_>], sink: &mut S) {
        let parts = self.parts(fills);
        match enc {
            Encoding::Identity => {
                for part in parts {
                    sink.put(part.raw());
                }
            }
            Encoding::Gzip => gzip::write(parts, sink),
            Encoding::Brotli => {
                let wbits = fills
                    .iter()
                    .filter_map(|fill| match fill {
                        Fill::Fragment(fragment) => Some(fragment.brotli_wbits()),
                        Fill::Raw(_) => None,
                    })
                    .fold(self.brotli_wbits, u8::max);
                match &self.lead {
                    Some(lead) => br::write(wbits, Some(&lead.bytes), parts.skip(1), sink),
                    None => br::write(wbits, None, parts, sink),
                }
            }
        }
    }
}

/// Joins adjacent texts, copying only when there is more than one.
fn join(texts: &mut Vec<Bytes>) -> Bytes {
    match texts.len() {
        0 => Bytes::new(),
        1 => texts.pop().unwrap_or_default(),
        _ => {
            let mut joined = BytesMut::with_capacity(texts.iter().map(Bytes::len).sum());
            for text in texts.drain(..) {
                joined.extend_from_slice(&text);
            }
            joined.freeze()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn adjacent_texts_join_and_holes_count() {
        let s = Stitched::with_levels(
            vec![
                Piece::text("a"),
                Piece::text("b"),
                Piece::Hole,
                Piece::Hole,
                Piece::text("c"),
            ],
            Levels::FAST,
        );
        assert_eq!(s.hole_count(), 2);
        let raws: Vec<&[u8]> = s.segments.iter().map(Fragment::raw).collect();
        assert_eq!(raws, [&b"ab"[..], b"", b"c"]);
        assert_eq!(s.fixed_len(), 3);
    }

    #[test]
    fn wrong_fill_count_is_an_error_and_writes_nothing() {
        let s = Stitched::with_levels(vec![Piece::text("x"), Piece::Hole], Levels::FAST);
        let mut out = BytesMut::new();
        for enc in Encoding::ALL {
            assert_eq!(
                s.write(enc, &[], &mut out),
                Err(StitchError::FillCount { holes: 1, fills: 0 })
            );
            let two = [Fill::Raw(b"1"), Fill::Raw(b"2")];
            assert_eq!(
                s.write(enc, &two, &mut out),
                Err(StitchError::FillCount { holes: 1, fills: 2 })
            );
        }
        assert!(out.is_empty());
        assert_eq!(
            StitchError::FillCount { holes: 1, fills: 2 }.to_string(),
            "got 2 fills for a body with 1 holes"
        );
    }

    #[test]
    fn write_appends_after_existing_bytes() {
        let s = Stitched::with_levels(vec![Piece::text("<p>"), Piece::Hole, Piece::text("</p>")], Levels::FAST);
        let mut out = BytesMut::from(&b"prefix"[..]);
        s.write(Encoding::Identity, &[Fill::Raw(b"hi")], &mut out).unwrap();
        assert_eq!(&out[..], b"prefix<p>hi</p>");
    }

    #[test]
    fn brotli_window_grows_for_large_fill_fragments() {
        let s = Stitched::with_levels(vec![Piece::text("ab"), Piece::Hole], Levels::FAST);
        assert!(s.lead.is_none(), "two bytes do not compress");
        assert_eq!(s.brotli_wbits, br::MIN_WBITS);
        let big = Fragment::with_levels(vec![b'z'; 100_000], Levels::FAST);
        assert_eq!(big.brotli_wbits(), 17);
        let mut out = BytesMut::new();
        s.write(Encoding::Brotli, &[Fill::Fragment(&big)], &mut out).unwrap();
        // WBITS=17 is the 7-bit pattern 1000000.
        assert_eq!(out[0] & 0x7f, 0x01);
    }
}

#[cfg(test)]
mod lead_tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use std::io::Read;

    fn unbrotli(body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(body, 4096).read_to_end(&mut out).unwrap();
        out
    }

    const TEXT: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>Welcome to the community website</title></head><body><p>Information \
        about the organization, its history, its people and the services it offers \
        to everyone in the region.</p><p>Request ";

    #[test]
    fn lead_uses_the_dictionary_and_beats_the_catable_form() {
        let s = Stitched::new(vec![Piece::text(TEXT), Piece::Hole]);
        let lead = s.lead.as_ref().unwrap();
        assert_eq!(lead.wbits, br::LEAD_MIN_WBITS);
        let catable = Fragment::new(TEXT);
        assert!(
            lead.bytes.len() < catable.encoded_size(Encoding::Brotli),
            "lead {} B, catable {} B",
            lead.bytes.len(),
            catable.encoded_size(Encoding::Brotli)
        );
        // The segment itself is not compressed a second time.
        assert!(s.segments[0].brotli_body().is_empty());
    }

    #[test]
    fn lead_header_takes_the_window_of_a_wider_fill() {
        let s = Stitched::new(vec![Piece::text(TEXT), Piece::Hole]);
        let wide: Vec<u8> = (0..600_000u32).map(|i| (i % 7) as u8 + b'a').collect();
        let wide = Fragment::with_levels(wide, Levels::FAST);
        assert_eq!(wide.brotli_wbits(), 20);
        let mut out = BytesMut::new();
        s.write(Encoding::Brotli, &[Fill::Fragment(&wide)], &mut out).unwrap();
        // WBITS=20 is the 4-bit code 0b0111.
        assert_eq!(out[0] & 0x0f, 0b0111);
        let mut expected = TEXT.as_bytes().to_vec();
        expected.extend_from_slice(wide.raw());
        assert!(unbrotli(&out) == expected);
    }

    #[test]
    fn lead_at_every_quality() {
        for quality in 0..=11 {
            let levels = Levels {
                gzip: 6,
                brotli: quality,
            };
            let s = Stitched::with_levels(vec![Piece::text(TEXT), Piece::Hole, Piece::text(TEXT)], levels);
            if quality >= 2 {
                assert!(s.lead.is_some(), "quality {quality}");
            }
            let mut out = BytesMut::new();
            s.write(Encoding::Brotli, &[Fill::Raw(b"0123")], &mut out).unwrap();
            let expected = format!("{TEXT}0123{TEXT}");
            assert!(unbrotli(&out) == expected.as_bytes(), "quality {quality}");
        }
    }
}
