#![doc = include_str!("../README.md")]

mod br;
mod crc;
mod fragment;
mod gzip;
mod sink;
mod stitched;

pub use fragment::{Fragment, Levels};
pub use stitched::Stitched;

use bytes::Bytes;

/// How a response body is encoded: the `Content-Encoding` it is sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The plain bytes.
    Identity,
    /// One gzip member (RFC 1952) holding a raw deflate stream (RFC 1951).
    Gzip,
    /// One brotli stream (RFC 7932).
    Brotli,
}

impl Encoding {
    /// Every encoding, in order of increasing preference.
    pub const ALL: [Encoding; 3] = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli];

    /// The `Content-Encoding` header value, or `None` for [`Encoding::Identity`].
    pub const fn content_encoding(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }
}

/// One piece of a [`Stitched`] body, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Fixed bytes, the same in every response. Adjacent texts are joined.
    Text(Bytes),
    /// A place filled per request with one [`Fill`].
    Hole,
}

impl Piece {
    /// A [`Piece::Text`] from anything convertible to [`Bytes`].
    pub fn text(text: impl Into<Bytes>) -> Piece {
        Piece::Text(text.into())
    }
}

/// What goes into one hole for one request.
#[derive(Clone, Copy, Debug)]
pub enum Fill<'a> {
    /// Bytes known only now (a trace id, say). Sent uncompressed inside the
    /// compressed stream, so keep them short: a few KB at most.
    Raw(&'a [u8]),
    /// A shared, pre-encoded piece (a banner variant used by many pages).
    Fragment(&'a Fragment),
}

impl Fill<'_> {
    /// Length of the uncompressed content.
    pub fn len(&self) -> usize {
        match self {
            Fill::Raw(raw) => raw.len(),
            Fill::Fragment(fragment) => fragment.len(),
        }
    }

    /// Whether the fill adds no content.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The uncompressed content.
    pub fn raw(&self) -> &[u8] {
        match *self {
            Fill::Raw(raw) => raw,
            Fill::Fragment(fragment) => fragment.raw(),
        }
    }
}

impl<'a> Fill<'a> {
    /// Bytes sent in uncompressed brotli meta-blocks: all of a raw fill, the
    /// first one or two bytes of a fragment.
    pub(crate) fn brotli_stored(self) -> &'a [u8] {
        match self {
            Fill::Raw(raw) => raw,
            Fill::Fragment(fragment) => fragment.brotli_head(),
        }
    }

    /// Pre-compressed, byte-aligned brotli meta-blocks (empty for raw fills).
    pub(crate) fn brotli_body(self) -> &'a [u8] {
        match self {
            Fill::Raw(_) => &[],
            Fill::Fragment(fragment) => fragment.brotli_body(),
        }
    }
}

impl<'a> From<&'a Fragment> for Fill<'a> {
    fn from(fragment: &'a Fragment) -> Self {
        Fill::Fragment(fragment)
    }
}

impl<'a> From<&'a [u8]> for Fill<'a> {
    fn from(raw: &'a [u8]) -> Self {
        Fill::Raw(raw)
    }
}

/// Why [`Stitched::write`] refused to write.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StitchError {
    /// There must be exactly one fill per hole.
    #[error("got {fills} fills for a body with {holes} holes")]
    FillCount {
        /// [`Stitched::hole_count`].
        holes: usize,
        /// How many fills were passed.
        fills: usize,
    },
    /// The plain text was asked of a body holding none
    /// ([`Stitched::forget_plain`]); see [`Stitched::write_plain`].
    #[error("the body's plain text was let go; write it with its plain segments")]
    PlainForgotten,
    /// A compressed form did not decode to the text it was built from.
    #[error("a pre-compressed fragment does not decode to its text")]
    Corrupt,
}
