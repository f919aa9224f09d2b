//! A span per request, handed to whoever exports them (the binary's OTLP
//! exporter). Its trace id and span id are the request's own — the ones
//! the page prints and the `traceparent` response header carries — so a
//! visitor's trace id finds the request in the tracing system.

use std::sync::Arc;
use std::time::SystemTime;

/// One answered request.
#[derive(Clone, Debug)]
pub struct RequestSpan {
    /// 16 bytes.
    pub trace_id: [u8; 16],
    /// 8 bytes.
    pub span_id: [u8; 8],
    /// The caller's span, when the request came with a `traceparent`.
    pub parent_id: Option<[u8; 8]>,
    /// `GET`, `POST`…
    pub method: http::Method,
    /// The path, without the query.
    pub path: String,
    /// What kind of route answered: page, asset, search, api, consent,
    /// admin, health.
    pub class: &'static str,
    pub status: u16,
    pub start: SystemTime,
    pub end: SystemTime,
}

/// Whether a request of the trace with this id (and a caller's span as
/// its parent, or not) becomes a span.
pub type Sampled = dyn Fn(&[u8; 16], bool) -> bool + Send + Sync;

/// Which requests become spans, and where they go.
#[derive(Clone)]
pub struct SpanSink {
    /// Whether a request of the trace with this id becomes a span (`true`
    /// with a caller's span as its parent): asked before the span is
    /// made, so a request not sampled costs nothing more.
    pub wants: Arc<Sampled>,
    /// Takes each span; must not block (a full queue drops).
    pub take: Arc<dyn Fn(RequestSpan) + Send + Sync>,
}

/// Hex digits to bytes (the trace context keeps them as text).
fn bytes_of<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let hex = hex.as_bytes();
    if hex.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in hex.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(out)
}

/// The span of a request with trace context `trace`, unless the caller
/// asked not to sample it or `sink` does not want it.
pub(crate) fn span_of(
    sink: &SpanSink,
    trace: &crate::TraceContext,
    method: http::Method,
    path: &str,
    class: &'static str,
    status: u16,
    start: SystemTime,
) -> Option<RequestSpan> {
    if !trace.sampled {
        return None;
    }
    let trace_id = bytes_of(trace.trace_id())?;
    if !(sink.wants)(&trace_id, trace.parent_id.is_some()) {
        return None;
    }
    Some(RequestSpan {
        trace_id,
        span_id: bytes_of(trace.span_id())?,
        parent_id: trace
            .parent_id
            .and_then(|p| std::str::from_utf8(&p).ok().and_then(bytes_of)),
        method,
        path: path.to_string(),
        class,
        status,
        start,
        end: SystemTime::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sink(wanted: bool) -> SpanSink {
        SpanSink {
            wants: Arc::new(move |_, _| wanted),
            take: Arc::new(|_| {}),
        }
    }

    #[test]
    fn a_span_carries_the_requests_own_ids() {
        let header = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let trace = crate::TraceContext::from_header(Some(header));
        let now = SystemTime::now();
        let span = span_of(&sink(true), &trace, http::Method::GET, "/en/", "page", 200, now).expect("sampled");
        assert_eq!(span.trace_id[..4], [0x4b, 0xf9, 0x2f, 0x35]);
        assert_eq!(span.parent_id, Some([0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]));
        let hex: String = span.span_id.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, trace.span_id(), "the span id is the one in traceparent");
        let unsampled =
            crate::TraceContext::from_header(Some(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
        assert!(span_of(&sink(true), &unsampled, http::Method::GET, "/", "page", 200, now).is_none());
        assert!(
            span_of(&sink(false), &trace, http::Method::GET, "/", "page", 200, now).is_none(),
            "not made when the sink does not want it"
        );
    }
}
