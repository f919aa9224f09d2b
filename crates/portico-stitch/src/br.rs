//! Brotli streams assembled from pre-compressed meta-blocks.
//!
//! # Stream layout (RFC 7932 section 9)
//!
//! Bits are written least-significant first, as everywhere in brotli.
//!
//! ```text
//! WBITS                       1, 4 or 7 bits (section 9.1)
//! meta-block*                 each: header (section 9.2) + data (section 9.3)
//! ISLAST=1 ISLASTEMPTY=1      2 bits, then zero padding to a byte boundary
//! ```
//!
//! Per request we only write two kinds of meta-block ourselves:
//!
//! * **Uncompressed** (section 9.2): `ISLAST=0` (1 bit), `MNIBBLES-4` (2
//!   bits: 4, 5 or 6 nibbles), `MLEN-1` (`4*MNIBBLES` bits), `ISUNCOMPRESSED=1`
//!   (1 bit), zero bits up to the byte boundary, then `MLEN` literal bytes.
//!   `MNIBBLES` must be the smallest that fits: a most significant nibble of
//!   zero with more than 4 nibbles is an error. `MLEN` is at most 2^24, so
//!   longer runs are split. From a byte boundary the header is 20, 24 or 28
//!   bits, i.e. 3, 3 or 4 bytes.
//! * **Empty metadata** (section 9.2), only to byte-align after `WBITS` when a
//!   stream starts with a compressed body: `ISLAST=0`, `MNIBBLES=11` (the
//!   metadata marker), reserved bit `0`, `MSKIPBYTES=0`, then padding: the six
//!   bits `0b000110`.
//!
//! # Pre-compressed fragments
//!
//! A fragment is compressed alone with the encoder's *catable*, *bare* and
//! *byte-aligned* modes. Its output is a sequence of meta-blocks that starts
//! and ends on a byte boundary, has no stream header and no last meta-block:
//!
//! ```text
//! [uncompressed meta-block: the first 1-2 bytes][compressed meta-blocks][empty metadata: padding]
//! ```
//!
//! We keep the first 1-2 bytes as the fragment's *head* and the rest as its
//! *body*. At request time the head joins the surrounding run of raw fill
//! bytes in one uncompressed meta-block, and the body is copied as is.
//!
//! Why the body decodes the same after *any* preceding bytes. Brotli carries
//! three kinds of state across meta-blocks (sections 4, 7.1, 8), and each is
//! neutralised:
//!
//! 1. **The last four distances** (section 4): distance codes 0-15 refer to
//!    them, and they start as 4, 11, 15, 16. In catable mode the encoder
//!    seeds its copy with an impossible distance, so it never emits a code
//!    that refers to distances the fragment itself did not set.
//! 2. **The two previous bytes** `p1`, `p2` select the literal context
//!    (section 7.1). The head is exactly those two bytes and is always written
//!    immediately before the body, so the compressed meta-blocks see the `p1`,
//!    `p2` they were encoded with.
//! 3. **The static dictionary** (section 8) is addressed by distances greater
//!    than the bytes decoded so far, which would change meaning once more
//!    bytes precede the fragment. Catable mode turns dictionary references off.
//!
//! Back-references inside the body reach at most to the fragment's start,
//! and the body was encoded for a window of `lgwin` bits; the stream's
//! `WBITS` is the maximum over all fragments in it, so every distance stays
//! valid.
//!
//! Compressed meta-blocks need no other state: prefix codes, block types and
//! context maps are all part of each meta-block (section 9.2).

use crate::Fill;
use crate::sink::Sink;

/// Smallest window the format allows (RFC 7932 section 9.1).
pub(crate) const MIN_WBITS: u8 = 10;

/// Largest window without the large-window extension.
pub(crate) const MAX_WBITS: u8 = 24;

/// Smallest window of a lead (see `Lead` in the fragment module): from 18
/// to 24 bits, `WBITS` is a 4-bit code, so a lead's header can be replaced
/// by that of any wider window.
pub(crate) const LEAD_MIN_WBITS: u8 = 18;

/// The largest `MLEN` of one meta-block.
pub(crate) const MAX_UNCOMPRESSED: usize = 1 << 24;

/// `ISLAST=1 ISLASTEMPTY=1`.
const LAST_EMPTY: (u64, u32) = (0b11, 2);

/// `ISLAST=0 MNIBBLES=0b11 reserved=0 MSKIPBYTES=0`.
const EMPTY_METADATA: (u64, u32) = (0b00_0110, 6);

/// The smallest window (in bits) whose distances reach back `len` bytes.
///
/// The maximum backward distance of a window is `2^WBITS - 16` (RFC 7932
/// section 9.1), and a fragment of `len` bytes never refers further back
/// than its own start.
pub(crate) fn window_bits_for(len: usize) -> u8 {
    (MIN_WBITS..=MAX_WBITS)
        .find(|&w| (1usize << w) - 16 >= len)
        .unwrap_or(MAX_WBITS)
}

/// The `WBITS` stream header (RFC 7932 section 9.1) as (value, bit count).
pub(crate) fn window_header(wbits: u8) -> (u64, u32) {
    let w = u64::from(wbits.clamp(MIN_WBITS, MAX_WBITS));
    match w {
        16 => (0, 1),
        17 => (0b000_0001, 7),
        18.. => (((w - 17) << 1) | 1, 4),
        _ => (((w - 8) << 4) | 1, 7),
    }
}

/// Accumulates the few header bits written per request.
///
/// At most 35 bits are ever pending (a 7-bit `WBITS` plus a 28-bit header)
/// before [`BitWriter::pad_and_flush`] is called.
#[derive(Debug, Default)]
pub(crate) struct BitWriter {
    bits: u64,
    count: u32,
}

impl BitWriter {
    #[inline]
    pub(crate) fn put(&mut self, (value, count): (u64, u32)) {
        debug_assert!(self.count + count <= 64);
        debug_assert!(count == 64 || value >> count == 0);
        self.bits |= value << self.count;
        self.count += count;
    }

    pub(crate) fn is_aligned(&self) -> bool {
        self.count == 0
    }

    /// Pads with zero bits to a byte boundary and writes the pending bytes.
    #[inline]
    pub(crate) fn pad_and_flush<S: Sink>(&mut self, sink: &mut S) {
        let n = self.count.div_ceil(8) as usize;
        sink.put(&self.bits.to_le_bytes()[..n]);
        self.bits = 0;
        self.count = 0;
    }
}

/// Header of an uncompressed meta-block of `len` bytes, `1..=2^24`.
pub(crate) fn put_uncompressed_header(bw: &mut BitWriter, len: usize) {
    debug_assert!((1..=MAX_UNCOMPRESSED).contains(&len));
    let mlen_minus_one = (len - 1) as u64;
    let nibbles: u32 = match mlen_minus_one {
        0..0x1_0000 => 4,
        0x1_0000..0x10_0000 => 5,
        _ => 6,
    };
    bw.put((0, 1)); // ISLAST
    bw.put((u64::from(nibbles - 4), 2)); // MNIBBLES
    bw.put((mlen_minus_one, 4 * nibbles)); // MLEN - 1
    bw.put((1, 1)); // ISUNCOMPRESSED
}

/// Writes `total` bytes, the concatenated `stored` parts of `parts`, as
/// uncompressed meta-blocks, split at [`MAX_UNCOMPRESSED`].
fn write_run<'a, S: Sink>(bw: &mut BitWriter, parts: impl Iterator<Item = Fill<'a>>, total: usize, sink: &mut S) {
    if total == 0 {
        return;
    }
    let mut left = total;
    let mut room = 0;
    for part in parts {
        let mut data = part.brotli_stored();
        while !data.is_empty() {
            if room == 0 {
                room = left.min(MAX_UNCOMPRESSED);
                put_uncompressed_header(bw, room);
                bw.pad_and_flush(sink);
            }
            let n = room.min(data.len());
            sink.put(&data[..n]);
            data = &data[n..];
            room -= n;
            left -= n;
        }
    }
    debug_assert_eq!(left, 0);
}

/// Writes a whole brotli stream for `parts` with window `wbits`.
///
/// `wbits` must be at least the window of every fragment in `parts` and of
/// `lead`. A `lead` is the pre-compressed start of the stream, beginning with
/// its own 4-bit `WBITS`, which is replaced by `wbits` (then at least
/// [`LEAD_MIN_WBITS`]).
pub(crate) fn write<'a, S: Sink>(
    wbits: u8,
    lead: Option<&[u8]>,
    parts: impl Iterator<Item = Fill<'a>> + Clone,
    sink: &mut S,
) {
    let mut bw = BitWriter::default();
    match lead {
        Some([first, rest @ ..]) => {
            let (code, bits) = window_header(wbits);
            debug_assert_eq!(bits, 4, "a lead needs a window of 18 to 24 bits");
            let mask = (1u8 << bits) - 1;
            sink.put(&[(first & !mask) | code as u8]);
            sink.put(rest);
        }
        _ => bw.put(window_header(wbits)),
    }
    // `run` trails `parts`: it still points at the first part whose stored
    // bytes are not yet written.
    let mut run = parts.clone();
    let mut run_parts = 0;
    let mut run_len = 0;
    for part in parts {
        run_parts += 1;
        run_len += part.brotli_stored().len();
        let body = part.brotli_body();
        if body.is_empty() {
            continue;
        }
        write_run(&mut bw, run.by_ref().take(run_parts), run_len, sink);
        run_parts = 0;
        run_len = 0;
        if !bw.is_aligned() {
            bw.put(EMPTY_METADATA);
            bw.pad_and_flush(sink);
        }
        sink.put(body);
    }
    write_run(&mut bw, run.take(run_parts), run_len, sink);
    bw.put(LAST_EMPTY);
    bw.pad_and_flush(sink);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use std::io::Read;

    fn decode(stream: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        brotli::Decompressor::new(stream, 4096).read_to_end(&mut out)?;
        Ok(out)
    }

    fn uncompressed_block(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut bw = BitWriter::default();
        put_uncompressed_header(&mut bw, data.len());
        bw.pad_and_flush(&mut out);
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn empty_stream_is_the_canonical_one_byte() {
        // WBITS=16 is the single bit 0, then ISLAST ISLASTEMPTY: 0b110.
        let mut out = Vec::new();
        write(16, None, std::iter::empty(), &mut out);
        assert_eq!(out, [0x06]);
        assert_eq!(decode(&out).unwrap(), b"");
    }

    #[test]
    fn window_header_bits() {
        assert_eq!(window_header(16), (0, 1));
        assert_eq!(window_header(17), (1, 7));
        assert_eq!(window_header(22), (0b1011, 4));
        assert_eq!(window_header(24), (0b1111, 4));
        assert_eq!(window_header(10), (0b010_0001, 7));
        assert_eq!(window_header(15), (0b111_0001, 7));
        // Every window decodes (an empty stream with that header).
        for w in MIN_WBITS..=MAX_WBITS {
            let mut out = Vec::new();
            write(w, None, std::iter::empty(), &mut out);
            assert_eq!(decode(&out).unwrap(), b"", "wbits {w}");
        }
    }

    #[test]
    fn window_bits_cover_the_fragment() {
        assert_eq!(window_bits_for(0), 10);
        assert_eq!(window_bits_for(1008), 10);
        assert_eq!(window_bits_for(1009), 11);
        assert_eq!(window_bits_for(65_520), 16);
        assert_eq!(window_bits_for(65_521), 17);
        assert_eq!(window_bits_for(usize::MAX), 24);
    }

    #[test]
    fn uncompressed_header_bytes_are_exact() {
        // 1 byte: ISLAST=0, MNIBBLES=00, MLEN-1=0 (16 bits), ISUNCOMPRESSED=1
        // at bit 19, padding to 24 bits.
        assert_eq!(uncompressed_block(b"A"), [0x00, 0x00, 0x08, b'A']);
        // 2 bytes: MLEN-1 = 1 at bits 3..19.
        assert_eq!(uncompressed_block(b"AB"), [0x08, 0x00, 0x08, b'A', b'B']);
        // 65536 bytes: MLEN-1 = 0xffff still fits 4 nibbles.
        let big = vec![b'x'; 65_536];
        assert_eq!(uncompressed_block(&big)[..3], [0xf8, 0xff, 0x0f]);
        // 65537 bytes: 5 nibbles (MNIBBLES bits = 01), 24 bits of header.
        let big = vec![b'x'; 65_537];
        assert_eq!(uncompressed_block(&big)[..3], [0x02, 0x00, 0x88]);
        // 2^20 + 1 bytes: 6 nibbles, 28 bits of header, 4 bytes.
        let big = vec![b'x'; (1 << 20) + 1];
        assert_eq!(uncompressed_block(&big)[..4], [0x04, 0x00, 0x80, 0x08]);
    }

    #[test]
    fn uncompressed_meta_blocks_decode_at_every_size_class() {
        for len in [1, 2, 3, 1000, 65_536, 65_537, (1 << 20) + 1, MAX_UNCOMPRESSED + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
            for wbits in [10, 16, 17, 22] {
                let mut out = Vec::new();
                write(wbits, None, [Fill::Raw(&data)].into_iter(), &mut out);
                assert_eq!(decode(&out).unwrap(), data, "len {len} wbits {wbits}");
            }
        }
    }

    #[test]
    fn runs_merge_adjacent_raw_parts_into_one_meta_block() {
        let parts = [Fill::Raw(b"ab"), Fill::Raw(b""), Fill::Raw(b"cde")];
        let mut out = Vec::new();
        write(16, None, parts.into_iter(), &mut out);
        // WBITS '0' + 20-bit header = 21 bits -> 3 bytes, 5 data bytes,
        // then the last-empty byte.
        assert_eq!(out.len(), 3 + 5 + 1);
        assert_eq!(&out[3..8], b"abcde");
        assert_eq!(decode(&out).unwrap(), b"abcde");
    }

    #[test]
    fn run_spanning_parts_splits_at_the_meta_block_limit() {
        let a = vec![1u8; MAX_UNCOMPRESSED - 3];
        let b = vec![2u8; 10];
        let mut out = Vec::new();
        write(22, None, [Fill::Raw(&a), Fill::Raw(&b)].into_iter(), &mut out);
        let mut expected = a.clone();
        expected.extend_from_slice(&b);
        assert_eq!(decode(&out).unwrap(), expected);
    }

    #[test]
    fn padding_bits_are_zero_so_strict_decoders_accept() {
        // A corrupted padding bit must be rejected: shows the test above is
        // sensitive to padding.
        let mut out = Vec::new();
        write(16, None, [Fill::Raw(b"xyz")].into_iter(), &mut out);
        assert_eq!(decode(&out).unwrap(), b"xyz");
        let mut bad = out.clone();
        bad[2] |= 0x80; // a padding bit of the first header
        assert!(decode(&bad).is_err());
    }
}
