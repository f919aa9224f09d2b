//! W3C Trace Context: accept a valid incoming `traceparent`, else start a
//! new trace; every response gets its own span id under that trace.

/// The trace context of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceContext {
    /// 32 lowercase hex digits.
    trace_id: [u8; 32],
    /// Our span id for this request: 16 lowercase hex digits.
    span_id: [u8; 16],
    /// The caller's span, when it sent one.
    pub parent_id: Option<[u8; 16]>,
    pub sampled: bool,
}

fn hex_into<const N: usize>(bytes: &[u8]) -> [u8; N] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; N];
    for (i, b) in bytes.iter().take(N / 2).enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
    out
}

fn is_lower_hex(s: &[u8]) -> bool {
    s.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

fn nonzero_random<const N: usize>() -> [u8; N] {
    loop {
        let bytes: [u8; N] = rand::random();
        if bytes.iter().any(|b| *b != 0) {
            return bytes;
        }
    }
}

impl TraceContext {
    /// A new trace, with a random trace id.
    pub fn new_root() -> TraceContext {
        TraceContext {
            trace_id: hex_into::<32>(&nonzero_random::<16>()),
            span_id: hex_into::<16>(&nonzero_random::<8>()),
            parent_id: None,
            sampled: true,
        }
    }

    /// Continues the trace of a valid `traceparent` header value, or starts
    /// a new one if it is missing or invalid. Nothing from an invalid header
    /// is kept.
    pub fn from_header(value: Option<&[u8]>) -> TraceContext {
        value.and_then(Self::parse).unwrap_or_else(Self::new_root)
    }

    /// Parses `version-traceid-parentid-flags` per W3C Trace Context level 1
    /// (§3.2): lowercase hex, non-zero ids, version `ff` invalid, and for
    /// versions above `00` extra fields after a `-` allowed.
    fn parse(v: &[u8]) -> Option<TraceContext> {
        if v.len() < 55 {
            return None;
        }
        let (version, rest) = v.split_at(2);
        if !is_lower_hex(version) || version == b"ff" {
            return None;
        }
        if version == b"00" && v.len() != 55 {
            return None;
        }
        if v.len() > 55 && v[55] != b'-' {
            return None;
        }
        let rest = &rest[..53];
        if rest[0] != b'-' || rest[33] != b'-' || rest[50] != b'-' {
            return None;
        }
        let trace = &rest[1..33];
        let parent = &rest[34..50];
        let flags = &rest[51..53];
        if !is_lower_hex(trace) || !is_lower_hex(parent) || !is_lower_hex(flags) {
            return None;
        }
        if trace.iter().all(|c| *c == b'0') || parent.iter().all(|c| *c == b'0') {
            return None;
        }
        let flags = u8::from_str_radix(std::str::from_utf8(flags).ok()?, 16).ok()?;
        let mut trace_id = [0u8; 32];
        trace_id.copy_from_slice(trace);
        let mut parent_id = [0u8; 16];
        parent_id.copy_from_slice(parent);
        Some(TraceContext {
            trace_id,
            span_id: hex_into::<16>(&nonzero_random::<8>()),
            parent_id: Some(parent_id),
            sampled: flags & 1 == 1,
        })
    }

    pub fn trace_id(&self) -> &str {
        std::str::from_utf8(&self.trace_id).unwrap_or_default()
    }

    pub fn span_id(&self) -> &str {
        std::str::from_utf8(&self.span_id).unwrap_or_default()
    }

    /// The `traceparent` header for our response: this trace, our span.
    pub fn header(&self) -> http::HeaderValue {
        let mut v = [0u8; 55];
        v[..3].copy_from_slice(b"00-");
        v[3..35].copy_from_slice(&self.trace_id);
        v[35] = b'-';
        v[36..52].copy_from_slice(&self.span_id);
        v[52..].copy_from_slice(if self.sampled { b"-01" } else { b"-00" });
        // Lowercase hex and dashes: always a valid header value.
        http::HeaderValue::from_bytes(&v).unwrap_or(http::HeaderValue::from_static(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn keeps_a_valid_trace_id_with_a_new_span() {
        let t = TraceContext::from_header(Some(VALID.as_bytes()));
        assert_eq!(t.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_ne!(t.span_id(), "00f067aa0ba902b7");
        assert!(t.sampled);
        let h = t.header();
        let h = h.to_str().expect("ascii");
        assert_eq!(h, format!("00-{}-{}-01", t.trace_id(), t.span_id()));
        assert!(h.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "{h}");
        assert!(h.ends_with("-01"));
    }

    #[test]
    fn replaces_invalid_headers() {
        for bad in [
            "",
            "garbage",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e47<>-00f067aa0ba902b7-01",
        ] {
            let t = TraceContext::from_header(Some(bad.as_bytes()));
            assert_ne!(t.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736", "{bad}");
            assert!(t.parent_id.is_none(), "{bad}");
            assert_eq!(t.trace_id().len(), 32);
            assert!(is_lower_hex(t.trace_id().as_bytes()));
        }
    }

    #[test]
    fn accepts_future_versions_with_extra_fields() {
        let v = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-whatever";
        let t = TraceContext::from_header(Some(v.as_bytes()));
        assert_eq!(t.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert!(!t.sampled);
    }

    #[test]
    fn new_roots_differ() {
        assert_ne!(TraceContext::new_root().trace_id(), TraceContext::new_root().trace_id());
    }
}
