//! Where the per-request writers put their bytes.
//!
//! Every writer is generic over [`Sink`] so that [`Stitched::encoded_len`]
//! and [`Stitched::write`] run the very same code: one instance counts, the
//! other appends. That is what makes `encoded_len` exact by construction.
//!
//! [`Stitched::encoded_len`]: crate::Stitched::encoded_len
//! [`Stitched::write`]: crate::Stitched::write

use bytes::BytesMut;

pub(crate) trait Sink {
    /// False for sinks that only measure: writers skip checksum work for them.
    const WRITES: bool;

    fn put(&mut self, bytes: &[u8]);
}

impl Sink for BytesMut {
    const WRITES: bool = true;

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Vec<u8> {
    const WRITES: bool = true;

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Counts the bytes a writer would produce.
#[derive(Debug, Default)]
pub(crate) struct Counter(pub(crate) usize);

impl Sink for Counter {
    const WRITES: bool = false;

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}
