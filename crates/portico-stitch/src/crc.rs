//! CRC-32 (the gzip checksum, RFC 1952 section 8) combination.
//!
//! For the reflected CRC-32 used by gzip, with `A` the bytes before and `B`
//! the bytes after a join,
//!
//! ```text
//! crc(A || B) = crc(A) * x^(8 * len(B))  mod P   XOR   crc(B)
//! ```
//!
//! where the product is carry-less (GF(2) polynomials) and `P` is the CRC
//! polynomial. The pre- and post-inversion of the CRC cancel out in this
//! formula, so it works on finished CRC values. `crc32fast::Hasher::combine`
//! computes the same thing but derives `x^(8 * len(B)) mod P` on every call
//! (one multiplication per set bit of `len(B)`). A [`Fragment`] has a fixed
//! length, so it computes that factor once ([`shift_for_len`]) and a request
//! pays a single 32-step multiplication per fragment ([`combine`]).
//!
//! [`Fragment`]: crate::Fragment

/// The CRC-32 polynomial, bit-reflected (bit 31 is `x^0`).
const POLY: u32 = 0xedb8_8320;

/// `1` as a reflected polynomial.
const ONE: u32 = 0x8000_0000;

/// `x^8` as a reflected polynomial: appending one zero byte.
const X8: u32 = ONE >> 8;

/// Carry-less product `a * b mod P` of two reflected polynomials.
///
/// Walks the terms of `a` from `x^0` (bit 31) upward while `b` is multiplied
/// by `x` (a right shift, reduced by `P`) in step.
#[inline]
pub(crate) const fn mul_mod_p(a: u32, mut b: u32) -> u32 {
    let mut product = 0u32;
    let mut i = 0;
    while i < 32 {
        // All ones when term x^i is present in `a`, else zero.
        let take = ((a >> (31 - i)) & 1).wrapping_neg();
        product ^= b & take;
        b = (b >> 1) ^ ((b & 1).wrapping_neg() & POLY);
        i += 1;
    }
    product
}

/// `x^(8 * len) mod P`: the factor that shifts a CRC past `len` bytes.
pub(crate) const fn shift_for_len(len: u64) -> u32 {
    let mut result = ONE;
    let mut square = X8; // x^(8 * 2^k) for the current bit k of len
    let mut n = len;
    while n != 0 {
        if n & 1 == 1 {
            result = mul_mod_p(square, result);
        }
        square = mul_mod_p(square, square);
        n >>= 1;
    }
    result
}

/// `crc(A || B)` from `crc(A)`, `crc(B)` and `shift_for_len(len(B))`.
#[inline]
pub(crate) const fn combine(crc_a: u32, crc_b: u32, shift_b: u32) -> u32 {
    mul_mod_p(shift_b, crc_a) ^ crc_b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc(bytes: &[u8]) -> u32 {
        crc32fast::hash(bytes)
    }

    #[test]
    fn known_crc_of_check_string() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn shift_of_zero_len_is_identity() {
        assert_eq!(shift_for_len(0), ONE);
        assert_eq!(combine(0x1234_5678, 0, shift_for_len(0)), 0x1234_5678);
    }

    #[test]
    fn combine_matches_direct_crc() {
        let data: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for split in [0, 1, 2, 7, 8, 255, 256, 1000, 4095, 4999, 5000] {
            let (a, b) = data.split_at(split);
            let joined = combine(crc(a), crc(b), shift_for_len(b.len() as u64));
            assert_eq!(joined, crc(&data), "split at {split}");
        }
    }

    #[test]
    fn combine_matches_crc32fast_combine() {
        let pairs: [(&[u8], &[u8]); 4] = [
            (b"", b"abc"),
            (b"<html>", b""),
            (b"trace-", b"4bf92f3577b34da6a3ce929d0e0e4736"),
            (&[0xff; 70_000], &[0x00; 65_536]),
        ];
        for (a, b) in pairs {
            let mut ha = crc32fast::Hasher::new();
            ha.update(a);
            let mut hb = crc32fast::Hasher::new();
            hb.update(b);
            let mine = combine(crc(a), crc(b), shift_for_len(b.len() as u64));
            ha.combine(&hb);
            assert_eq!(mine, ha.finalize());
        }
    }

    #[test]
    fn shift_is_multiplicative_in_length() {
        // x^(8(m+n)) = x^(8m) * x^(8n)
        for (m, n) in [(1u64, 1u64), (3, 5), (1000, 24), (1 << 20, 12345)] {
            assert_eq!(shift_for_len(m + n), mul_mod_p(shift_for_len(m), shift_for_len(n)));
        }
        // Large lengths (ISIZE wraps, the CRC does not) stay well defined.
        assert_ne!(shift_for_len(u64::MAX), 0);
    }
}
