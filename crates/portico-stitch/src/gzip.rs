//! Gzip members assembled from pre-compressed deflate fragments.
//!
//! # Layout of one response (RFC 1952 section 2.3)
//!
//! ```text
//! 1f 8b 08 00 00 00 00 00 00 ff   header: ID1 ID2 CM=8 FLG=0 MTIME=0 XFL=0 OS=255
//! <deflate stream>                fragments and stored blocks, see below
//! CRC32 (4 bytes, little-endian)  of the whole uncompressed body
//! ISIZE (4 bytes, little-endian)  uncompressed length mod 2^32
//! ```
//!
//! The header is constant (no name, no mtime, "unknown" OS) so a body is a
//! pure function of its content.
//!
//! # Deflate pieces (RFC 1951 section 3.2)
//!
//! Each fragment is compressed on its own into a raw deflate stream that ends
//! with a *sync flush*: the compressor closes its last block and emits an
//! empty stored block (section 3.2.4), i.e. the 3 header bits `BFINAL=0
//! BTYPE=00`, zero padding to the byte boundary, then `LEN=0000
//! NLEN=ffff`. The result is byte-aligned, not final, and carries no state
//! into what follows except the sliding window; since the fragment was
//! compressed alone, none of its back-references reach before its start, so
//! it decodes identically wherever it is placed.
//!
//! The stored fragment drops the trailing `00 00 ff ff`, leaving an *open*
//! stored-block header. At request time:
//!
//! * a raw fill writes its `LEN NLEN` right there and then its bytes, so the
//!   fragment's flush marker becomes the fill's stored block (no overhead
//!   beyond the 4 length bytes); fills longer than 65535 bytes continue in
//!   further stored blocks, each `00 LEN NLEN data` (the `00` byte is
//!   `BFINAL=0 BTYPE=00` plus padding);
//! * anything else closes the open header with `00 00 ff ff` first;
//! * the stream ends with `03 00`, a final empty block with fixed Huffman
//!   codes (`BFINAL=1 BTYPE=01`, then the 7-bit end-of-block code 256,
//!   section 3.2.6), the same two bytes zlib writes on finish.
//!
//! The CRC is chained: raw fill bytes are hashed as they are copied, and a
//! fragment's precomputed CRC is folded in with one multiplication (see
//! [`crate::crc`]).

use crate::Fill;
use crate::crc;
use crate::sink::Sink;

/// RFC 1952 member header: deflate, no flags, MTIME 0, XFL 0, OS 255.
pub(crate) const HEADER: [u8; 10] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

/// CRC32 and ISIZE.
pub(crate) const TRAILER_LEN: usize = 8;

/// The largest payload of one stored block (`LEN` is 16 bits).
pub(crate) const MAX_STORED: usize = 0xffff;

/// `LEN=0 NLEN=0xffff`: what a sync flush writes after its stored-block header.
pub(crate) const EMPTY_LEN_NLEN: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

/// A final, empty block with fixed Huffman codes.
pub(crate) const FINAL_EMPTY_BLOCK: [u8; 2] = [0x03, 0x00];

/// `BFINAL=0 BTYPE=00` and five padding bits: a stored-block header written
/// at a byte boundary.
const STORED_HEADER_BYTE: u8 = 0x00;

/// `LEN` and `NLEN` of a stored block, little-endian (RFC 1951 section 3.2.4).
#[inline]
pub(crate) fn len_nlen(len: usize) -> [u8; 4] {
    debug_assert!(len <= MAX_STORED);
    let [lo, hi] = (len as u16).to_le_bytes();
    [lo, hi, !lo, !hi]
}

/// Writes `data` as non-final stored blocks starting at a byte boundary.
///
/// `open` says the output already ends with a stored-block header that is
/// waiting for its `LEN NLEN`; the first block then uses it. Returns whether
/// a header is still open afterwards (only when `data` is empty).
pub(crate) fn write_stored<S: Sink>(sink: &mut S, data: &[u8], open: bool) -> bool {
    if data.is_empty() {
        return open;
    }
    let mut header_pending = open;
    for chunk in data.chunks(MAX_STORED) {
        if !header_pending {
            sink.put(&[STORED_HEADER_BYTE]);
        }
        header_pending = false;
        sink.put(&len_nlen(chunk.len()));
        sink.put(chunk);
    }
    false
}

/// Writes a whole gzip member for `parts`.
pub(crate) fn write<'a, S: Sink>(parts: impl Iterator<Item = Fill<'a>>, sink: &mut S) {
    sink.put(&HEADER);
    let mut open = false;
    let mut crc = 0u32;
    let mut total: u64 = 0;
    for part in parts {
        match part {
            Fill::Raw(data) => {
                open = write_stored(sink, data, open);
                if S::WRITES && !data.is_empty() {
                    let mut hasher = crc32fast::Hasher::new_with_initial(crc);
                    hasher.update(data);
                    crc = hasher.finalize();
                }
                total += data.len() as u64;
            }
            Fill::Fragment(fragment) => {
                let deflate = fragment.deflate();
                if deflate.bytes.is_empty() {
                    continue;
                }
                if open {
                    sink.put(&EMPTY_LEN_NLEN);
                }
                sink.put(deflate.bytes);
                open = deflate.open;
                if S::WRITES {
                    crc = crc::combine(crc, fragment.crc32(), fragment.crc_shift());
                }
                total += fragment.len() as u64;
            }
        }
    }
    if open {
        sink.put(&EMPTY_LEN_NLEN);
    }
    sink.put(&FINAL_EMPTY_BLOCK);
    let mut trailer = [0u8; TRAILER_LEN];
    trailer[..4].copy_from_slice(&crc.to_le_bytes());
    // ISIZE is the length modulo 2^32 (RFC 1952 section 2.3.1).
    trailer[4..].copy_from_slice(&(total as u32).to_le_bytes());
    sink.put(&trailer);
}

/// Stored-block-only encoding of `raw`: the fallback deflate form, always
/// correct, never smaller.
pub(crate) fn stored_only(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 5 * (raw.len() / MAX_STORED + 1));
    write_stored(&mut out, raw, false);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use std::io::Read;

    fn inflate_raw(deflate: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(deflate).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn len_nlen_layout() {
        assert_eq!(len_nlen(0), [0x00, 0x00, 0xff, 0xff]);
        assert_eq!(len_nlen(5), [0x05, 0x00, 0xfa, 0xff]);
        assert_eq!(len_nlen(0x1234), [0x34, 0x12, 0xcb, 0xed]);
        assert_eq!(len_nlen(MAX_STORED), [0xff, 0xff, 0x00, 0x00]);
    }

    #[test]
    fn stored_block_bytes_are_exact() {
        let mut out = Vec::new();
        assert!(!write_stored(&mut out, b"abc", false));
        assert_eq!(out, [0x00, 0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c']);

        // An open header takes LEN NLEN directly.
        let mut out = Vec::new();
        assert!(!write_stored(&mut out, b"abc", true));
        assert_eq!(out, [0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c']);

        // Empty data writes nothing and keeps the header state.
        let mut out = Vec::new();
        assert!(write_stored(&mut out, b"", true));
        assert!(!write_stored(&mut out, b"", false));
        assert!(out.is_empty());
    }

    #[test]
    fn stored_blocks_split_at_65535_and_decode() {
        for len in [1usize, 65_534, 65_535, 65_536, 131_070, 131_071, 200_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut deflate = stored_only(&data);
            let blocks = len.div_ceil(MAX_STORED);
            assert_eq!(deflate.len(), len + 5 * blocks, "len {len}");
            deflate.extend_from_slice(&FINAL_EMPTY_BLOCK);
            assert_eq!(inflate_raw(&deflate).unwrap(), data, "len {len}");
        }
    }

    #[test]
    fn final_empty_block_alone_is_an_empty_stream() {
        assert_eq!(inflate_raw(&FINAL_EMPTY_BLOCK).unwrap(), b"");
    }

    #[test]
    fn gzip_of_raw_parts_only() {
        let mut out = Vec::new();
        write(
            [Fill::Raw(b"hello, "), Fill::Raw(b""), Fill::Raw(b"world")].into_iter(),
            &mut out,
        );
        assert_eq!(out[..10], HEADER);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&out[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, b"hello, world");
        let n = out.len();
        assert_eq!(out[n - 8..n - 4], crc32fast::hash(b"hello, world").to_le_bytes());
        assert_eq!(out[n - 4..], 12u32.to_le_bytes());
    }

    #[test]
    fn empty_gzip_member() {
        let mut out = Vec::new();
        write(std::iter::empty(), &mut out);
        assert_eq!(out.len(), 10 + 2 + 8);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&out[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert!(decoded.is_empty());
    }
}
