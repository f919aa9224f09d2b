//! Build-time encoding of one piece of content.

use std::fmt;
use std::io::Read;

use brotli::enc::BrotliEncoderParams;
use bytes::Bytes;
use flate2::{Compress, Compression, FlushCompress};

use crate::br::{self, BitWriter, MIN_WBITS};
use crate::{Fill, crc, gzip};

/// Compression levels used when a [`Fragment`] is built.
///
/// Only build time depends on them: stitching costs the same at any level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Levels {
    /// Deflate level, 0 to 9.
    pub gzip: u32,
    /// Brotli quality, 0 to 11.
    pub brotli: u32,
}

impl Levels {
    /// Smallest output: gzip 9, brotli 11. The default.
    ///
    /// Pages are encoded once per site build and sent many times, so build
    /// time is the cheap side of the trade.
    pub const BEST: Levels = Levels { gzip: 9, brotli: 11 };

    /// Quick builds (a preview server rebuilding on every save): gzip 1,
    /// brotli 5.
    pub const FAST: Levels = Levels { gzip: 1, brotli: 5 };
}

impl Default for Levels {
    fn default() -> Self {
        Levels::BEST
    }
}

/// One piece of content pre-encoded every way it can be sent.
///
/// Used both for the fixed text between holes and for shared variable fills
/// (e.g. a banner variant used by thousands of pages).
///
/// Holds:
/// * the raw bytes;
/// * a raw deflate stream (RFC 1951), sync-flushed, not final, with the
///   flush's trailing `LEN NLEN` removed (see the crate docs);
/// * the CRC-32 of the raw bytes and the factor that shifts a CRC past them;
/// * a brotli form: the first one or two bytes (*head*, sent uncompressed)
///   and byte-aligned compressed meta-blocks for the rest (*body*), with the
///   window size they need.
#[derive(Clone)]
pub struct Fragment {
    /// Empty once [`Fragment::forget_raw`] was called (`len` keeps the length).
    raw: Bytes,
    len: usize,
    crc32: u32,
    crc_shift: u32,
    deflate: Bytes,
    deflate_open: bool,
    brotli_head: Bytes,
    brotli_body: Bytes,
    brotli_wbits: u8,
}

/// The deflate form of a fragment.
pub(crate) struct Deflate<'a> {
    /// Byte-aligned deflate blocks, none final.
    pub(crate) bytes: &'a [u8],
    /// The bytes end with a stored-block header still missing `LEN NLEN`.
    pub(crate) open: bool,
}

impl Fragment {
    /// Encodes `raw` at [`Levels::BEST`].
    pub fn new(raw: impl Into<Bytes>) -> Fragment {
        Fragment::with_levels(raw, Levels::BEST)
    }

    /// Encodes `raw` at the given levels.
    pub fn with_levels(raw: impl Into<Bytes>, levels: Levels) -> Fragment {
        Fragment::build(raw.into(), levels, true)
    }

    /// Encodes `raw`; without `brotli` the brotli form is the uncompressed
    /// bytes (for a segment that has a [`Lead`] instead).
    pub(crate) fn build(raw: Bytes, levels: Levels, brotli: bool) -> Fragment {
        let mut fragment = Fragment {
            crc32: crc32fast::hash(&raw),
            crc_shift: crc::shift_for_len(raw.len() as u64),
            len: raw.len(),
            raw,
            deflate: Bytes::new(),
            deflate_open: false,
            brotli_head: Bytes::new(),
            brotli_body: Bytes::new(),
            brotli_wbits: MIN_WBITS,
        };
        if !fragment.raw.is_empty() {
            fragment.encode_deflate(levels.gzip);
            if brotli {
                fragment.encode_brotli(levels.brotli);
            } else {
                fragment.store_brotli();
            }
        }
        fragment
    }

    /// The uncompressed content (empty once forgotten: see
    /// [`Fragment::has_raw`]).
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The uncompressed content as [`Bytes`] (empty once forgotten).
    pub fn raw_bytes(&self) -> &Bytes {
        &self.raw
    }

    /// Whether the uncompressed content is still held.
    pub fn has_raw(&self) -> bool {
        self.raw.len() == self.len
    }

    /// Length of the uncompressed content.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Lets the uncompressed copy go; [`Fragment::plain`] gets it back from
    /// the deflate form. A body is usually sent compressed, and the raw copy
    /// is most of what it holds. Without `brotli_used` the brotli form goes
    /// too (the first segment of a body with a brotli lead).
    pub(crate) fn forget_raw(&mut self, brotli_used: bool) {
        if !brotli_used {
            self.brotli_head = Bytes::new();
            self.brotli_body = Bytes::new();
        } else if self.brotli_head.len() == self.len {
            // Stored uncompressed for brotli: the raw copy is that form, and
            // forgetting it would free nothing.
            return;
        } else {
            // The head is a slice of the raw bytes: copied, so that the
            // whole buffer can go.
            self.brotli_head = Bytes::copy_from_slice(&self.brotli_head);
        }
        self.raw = Bytes::new();
    }

    /// The uncompressed content: the raw copy if held, or else inflated
    /// from the deflate form and checked against the length and CRC-32
    /// taken when it was built.
    pub fn plain(&self) -> Result<Bytes, crate::StitchError> {
        if self.has_raw() {
            return Ok(self.raw.clone());
        }
        let mut input = Vec::with_capacity(self.deflate.len() + gzip::EMPTY_LEN_NLEN.len());
        input.extend_from_slice(&self.deflate);
        if self.deflate_open {
            // Closes the open stored block as an empty one.
            input.extend_from_slice(&gzip::EMPTY_LEN_NLEN);
        }
        let mut out = Vec::with_capacity(self.len);
        let mut inflate = flate2::Decompress::new(false);
        let status = inflate.decompress_vec(&input, &mut out, flate2::FlushDecompress::Sync);
        if status.is_err() || out.len() != self.len || crc32fast::hash(&out) != self.crc32 {
            return Err(crate::StitchError::Corrupt);
        }
        Ok(Bytes::from(out))
    }

    /// CRC-32 (as in gzip) of the uncompressed content.
    pub fn crc32(&self) -> u32 {
        self.crc32
    }

    /// Bytes this fragment adds to a body in `enc`, framing excluded: for
    /// gzip the deflate blocks, for brotli the head and the compressed
    /// meta-blocks. Meant for reporting compression ratios.
    pub fn encoded_size(&self, enc: crate::Encoding) -> usize {
        match enc {
            crate::Encoding::Identity => self.len,
            crate::Encoding::Gzip => self.deflate.len(),
            crate::Encoding::Brotli => self.brotli_head.len() + self.brotli_body.len(),
        }
    }

    pub(crate) fn crc_shift(&self) -> u32 {
        self.crc_shift
    }

    pub(crate) fn deflate(&self) -> Deflate<'_> {
        Deflate {
            bytes: &self.deflate,
            open: self.deflate_open,
        }
    }

    pub(crate) fn brotli_head(&self) -> &[u8] {
        &self.brotli_head
    }

    pub(crate) fn brotli_body(&self) -> &[u8] {
        &self.brotli_body
    }

    pub(crate) fn brotli_wbits(&self) -> u8 {
        self.brotli_wbits
    }

    fn encode_deflate(&mut self, level: u32) {
        if let Some(mut deflate) = deflate_sync_flushed(&self.raw, level) {
            // Drop the sync flush's LEN NLEN, keeping its stored-block header
            // open for the next fill (see the gzip module).
            if deflate.ends_with(&gzip::EMPTY_LEN_NLEN) {
                deflate.truncate(deflate.len() - gzip::EMPTY_LEN_NLEN.len());
                self.deflate_open = true;
            }
            self.deflate = Bytes::copy_from_slice(&deflate);
            // Tiny fragments can come out larger than stored blocks.
            let small = self.deflate.len() <= self.raw.len() + 5;
            if small && self.decodes_twice(crate::Encoding::Gzip) {
                return;
            }
        }
        self.deflate = Bytes::from(gzip::stored_only(&self.raw));
        self.deflate_open = false;
    }

    fn encode_brotli(&mut self, quality: u32) {
        let wbits = br::window_bits_for(self.raw.len());
        if let Some(out) = brotli_catable(&self.raw, quality, wbits) {
            // The encoder sends the first min(2, len) bytes in an
            // uncompressed meta-block of its own; we send them ourselves.
            let head_len = self.raw.len().min(2);
            let mut expected = Vec::with_capacity(4 + head_len);
            let mut bw = BitWriter::default();
            br::put_uncompressed_header(&mut bw, head_len);
            bw.pad_and_flush(&mut expected);
            expected.extend_from_slice(&self.raw[..head_len]);
            if let Some(body) = out.strip_prefix(expected.as_slice()) {
                self.brotli_head = self.raw.slice(..head_len);
                self.brotli_body = Bytes::copy_from_slice(body);
                self.brotli_wbits = wbits;
                // Tiny fragments can come out larger than the raw bytes,
                // which cost nothing extra next to a raw fill.
                let small = self.brotli_head.len() + self.brotli_body.len() < self.raw.len();
                if small && self.decodes_twice(crate::Encoding::Brotli) {
                    return;
                }
            }
        }
        // Not smaller, or not the layout we rely on: send the whole fragment
        // uncompressed.
        self.store_brotli();
    }

    fn store_brotli(&mut self) {
        self.brotli_head = self.raw.clone();
        self.brotli_body = Bytes::new();
        self.brotli_wbits = MIN_WBITS;
    }

    /// Build-time self-check of one encoded form: a stream holding this
    /// fragment twice in a row must decode to the content twice. The second
    /// copy decodes after the first, i.e. with decoder state (window, last
    /// distances, previous bytes) the encoder did not see.
    fn decodes_twice(&self, enc: crate::Encoding) -> bool {
        let parts = [Fill::Fragment(self), Fill::Fragment(self)];
        let mut stream = Vec::new();
        let mut decoded = Vec::with_capacity(2 * self.raw.len());
        let result = match enc {
            crate::Encoding::Identity => return true,
            crate::Encoding::Gzip => {
                gzip::write(parts.into_iter(), &mut stream);
                flate2::read::GzDecoder::new(stream.as_slice()).read_to_end(&mut decoded)
            }
            crate::Encoding::Brotli => {
                br::write(self.brotli_wbits, None, parts.into_iter(), &mut stream);
                brotli::Decompressor::new(stream.as_slice(), 4096).read_to_end(&mut decoded)
            }
        };
        let n = self.raw.len();
        result.is_ok() && decoded.len() == 2 * n && decoded[..n] == self.raw && decoded[n..] == self.raw
    }
}

impl fmt::Debug for Fragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fragment")
            .field("len", &self.len)
            .field("has_raw", &self.has_raw())
            .field("crc32", &format_args!("{:#010x}", self.crc32))
            .field("deflate_len", &self.deflate.len())
            .field("deflate_open", &self.deflate_open)
            .field("brotli_head_len", &self.brotli_head.len())
            .field("brotli_body_len", &self.brotli_body.len())
            .field("brotli_wbits", &self.brotli_wbits)
            .finish()
    }
}

/// The brotli form of the text before a body's first hole.
///
/// That text always starts the stream, at position 0, so unlike other
/// fragments it may use everything a normal brotli stream starts with: the
/// static dictionary (whose references depend on the position), the initial
/// last distances and `p1 = p2 = 0`. It is compressed as the start of a
/// stream (non-catable, appendable, bare, byte-aligned): `WBITS`, compressed
/// meta-blocks, padding, no last meta-block.
///
/// Its window is at least [`br::LEAD_MIN_WBITS`] so that its `WBITS` code has
/// the same width (4 bits) as that of any stream it starts; per request the
/// stream's window is spliced into those 4 bits. Dictionary references stay
/// valid under a wider window because the text is shorter than its own
/// window: the maximum distance at every position is the position itself.
#[derive(Clone, Debug)]
pub(crate) struct Lead {
    pub(crate) bytes: Bytes,
    pub(crate) wbits: u8,
}

impl Lead {
    /// `None` when the result is not smaller than `raw`, or does not have the
    /// expected layout (checked by decoding it once).
    pub(crate) fn encode(raw: &[u8], quality: u32) -> Option<Lead> {
        if raw.is_empty() {
            return None;
        }
        let wbits = br::window_bits_for(raw.len()).max(br::LEAD_MIN_WBITS);
        let params = BrotliEncoderParams {
            quality: quality.min(11) as i32,
            lgwin: i32::from(wbits),
            size_hint: raw.len(),
            catable: false,
            use_dictionary: true,
            appendable: true,
            bare_stream: true,
            byte_align: true,
            magic_number: false,
            ..BrotliEncoderParams::default()
        };
        let mut out = Vec::with_capacity(raw.len() / 3 + 64);
        brotli::BrotliCompress(&mut &raw[..], &mut out, &params).ok()?;
        let (code, bits) = br::window_header(wbits);
        let first = u64::from(*out.first()?);
        if first & ((1 << bits) - 1) != code || out.len() >= raw.len() {
            return None;
        }
        let lead = Lead {
            bytes: Bytes::copy_from_slice(&out),
            wbits,
        };
        // Check with the widest window (a spliced header) and a byte after
        // it: the lead must neither end the stream nor end mid-byte.
        let mut stream = Vec::new();
        let after = [Fill::Raw(b"!")];
        br::write(br::MAX_WBITS, Some(&lead.bytes), after.into_iter(), &mut stream);
        let mut decoded = Vec::with_capacity(raw.len() + 1);
        let ok = brotli::Decompressor::new(stream.as_slice(), 4096)
            .read_to_end(&mut decoded)
            .is_ok();
        let ok = ok && decoded.len() == raw.len() + 1 && decoded.starts_with(raw);
        (ok && decoded.ends_with(b"!")).then_some(lead)
    }
}

/// Raw deflate of `raw`, ended by a sync flush. `None` if the compressor
/// reports an error (it has no reason to).
fn deflate_sync_flushed(raw: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut compress = Compress::new(Compression::new(level.min(9)), false);
    let mut out = Vec::with_capacity(raw.len() / 2 + 64);
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(64));
        }
        let consumed = usize::try_from(compress.total_in()).ok()?;
        compress
            .compress_vec(raw.get(consumed..)?, &mut out, FlushCompress::Sync)
            .ok()?;
        let all_in = usize::try_from(compress.total_in()).ok()? == raw.len();
        // With spare output room left, the flush is complete.
        if all_in && out.len() < out.capacity() {
            return Some(out);
        }
    }
}

/// Brotli of `raw` as a bare, catable, byte-aligned sequence of meta-blocks
/// (see the `br` module). `None` if the encoder reports an error.
fn brotli_catable(raw: &[u8], quality: u32, wbits: u8) -> Option<Vec<u8>> {
    let params = BrotliEncoderParams {
        quality: quality.min(11) as i32,
        lgwin: i32::from(wbits),
        size_hint: raw.len(),
        // No static dictionary, no reliance on the initial distance ring
        // buffer, first two bytes uncompressed.
        catable: true,
        use_dictionary: false,
        appendable: true,
        // No stream header, no last meta-block, end on a byte boundary.
        bare_stream: true,
        byte_align: true,
        magic_number: false,
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 3 + 64);
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Encoding;

    fn html(n: usize) -> Vec<u8> {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!(
                "<li class=\"item\"><a href=\"/news/{i}\">News item number {i}</a></li>\n"
            ));
            i += 1;
        }
        s.truncate(n);
        s.into_bytes()
    }

    #[test]
    fn empty_fragment_encodes_to_nothing() {
        let f = Fragment::new(Bytes::new());
        assert!(f.is_empty());
        for enc in [Encoding::Gzip, Encoding::Brotli] {
            assert_eq!(f.encoded_size(enc), 0);
        }
        assert_eq!(f.crc32(), 0);
    }

    #[test]
    fn html_compresses_in_both_forms() {
        let raw = html(8000);
        let f = Fragment::new(raw.clone());
        assert_eq!(f.raw(), &raw[..]);
        assert_eq!(f.crc32(), crc32fast::hash(&raw));
        // Would fail if either form fell back to stored bytes.
        assert!(f.encoded_size(Encoding::Gzip) < raw.len() / 4, "{f:?}");
        assert!(f.encoded_size(Encoding::Brotli) < raw.len() / 4, "{f:?}");
        assert!(f.deflate_open, "sync flush marker not found: {f:?}");
        assert_eq!(f.brotli_head(), &raw[..2]);
        assert_eq!(f.brotli_wbits(), 13);
    }

    #[test]
    fn tiny_fragments_are_all_head() {
        for raw in [&b"x"[..], b"xy"] {
            let f = Fragment::new(raw);
            assert_eq!(f.brotli_head(), raw);
            assert!(f.brotli_body().is_empty(), "{f:?}");
        }
        // Compressed forms that are not smaller are dropped.
        let f = Fragment::new(&b"xyz"[..]);
        assert_eq!(f.brotli_head(), b"xyz");
        assert!(f.brotli_body().is_empty());
        assert!(f.encoded_size(Encoding::Gzip) <= 3 + 5);
        // Otherwise the head is the first two bytes.
        let f = Fragment::new(html(100));
        assert_eq!(f.brotli_head(), &html(2)[..]);
        assert!(!f.brotli_body().is_empty());
    }

    #[test]
    fn every_level_produces_valid_forms() {
        let raw = html(3000);
        for gzip in 0..=9 {
            for brotli in 0..=11 {
                let f = Fragment::with_levels(raw.clone(), Levels { gzip, brotli });
                // with_levels falls back silently; check it did not.
                assert!(f.decodes_twice(Encoding::Gzip), "gzip {gzip}");
                assert!(f.decodes_twice(Encoding::Brotli), "brotli {brotli}");
                if brotli >= 2 {
                    assert!(!f.brotli_body().is_empty(), "brotli {brotli}: {f:?}");
                }
                if gzip >= 1 {
                    assert!(f.encoded_size(Encoding::Gzip) < raw.len() / 2, "gzip {gzip}");
                }
            }
        }
    }

    #[test]
    fn self_check_catches_a_broken_form() {
        let mut f = Fragment::new(html(2000));
        assert!(f.decodes_twice(Encoding::Brotli));
        assert!(f.decodes_twice(Encoding::Gzip));
        // A body that depends on the decoder's starting state would fail the
        // same way as one with a flipped bit.
        let mut body = f.brotli_body.to_vec();
        let mid = body.len() / 2;
        body[mid] ^= 0x10;
        f.brotli_body = body.into();
        let mut deflate = f.deflate.to_vec();
        let mid = deflate.len() / 2;
        deflate[mid] ^= 0x10;
        f.deflate = deflate.into();
        assert!(!f.decodes_twice(Encoding::Brotli));
        assert!(!f.decodes_twice(Encoding::Gzip));
    }
}
