//! The one middleware every request goes through: trace context, the
//! cross-origin rule and the body limit (both before any handler runs),
//! panic recovery, security headers, the access log. And reading a form
//! body, with the same limit.

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use axum::body::Body as AxumBody;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::FutureExt as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use tracing::Instrument as _;

use crate::origin;
use crate::respond::Ctx;
use crate::state::AppState;
use crate::trace::TraceContext;

/// The largest request body any route takes (a form of the site). A
/// request declaring more is answered 413 before its body is read, so a
/// client waiting on `Expect: 100-continue` is never told to send it.
pub const MAX_BODY_BYTES: u64 = 16 * 1024;

/// Fields of a form read, at most.
const MAX_FIELDS: usize = 64;

/// Paths in logs are cut to this many bytes.
const LOGGED_PATH_MAX: usize = 256;

fn truncate(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
}

/// Appends `s` to `out` as the inside of a JSON string.
fn json_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// What one access-log line says.
struct Access<'a> {
    method: &'a Method,
    path: &'a str,
    status: u16,
    bytes: Option<u64>,
    micros: u64,
}

impl Access<'_> {
    /// The line, shaped like the JSON lines of the other logs.
    fn line(&self, trace: &TraceContext) -> String {
        use std::fmt::Write as _;
        let mut line = String::with_capacity(256 + self.path.len().min(LOGGED_PATH_MAX));
        let _ = write!(
            line,
            "{{\"timestamp\":\"{}\",\"level\":\"INFO\",\"target\":\"portico::access\",\"message\":\"request\",\"http.method\":\"",
            jiff::Timestamp::now()
        );
        json_escape_into(&mut line, self.method.as_str());
        line.push_str("\",\"url.path\":\"");
        json_escape_into(&mut line, truncate(self.path, LOGGED_PATH_MAX));
        let _ = write!(line, "\",\"http.status\":{},", self.status);
        if let Some(b) = self.bytes {
            let _ = write!(line, "\"http.response.body.size\":{b},");
        }
        let _ = writeln!(
            line,
            "\"duration_us\":{},\"trace.id\":\"{}\",\"span.id\":\"{}\"}}",
            self.micros,
            trace.trace_id(),
            trace.span_id()
        );
        line
    }
}

/// The declared body length, when there is one and it is a number.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Refuses, before any handler runs, what no handler may take: a
/// state-changing request from another origin (403), a body larger than
/// any route accepts (413).
fn screen(state: &AppState, req: &Request, trace: TraceContext) -> Option<Response> {
    let headers = req.headers();
    let refuse = |status: StatusCode| {
        let ctx = Ctx::with(state, headers, trace, false);
        ctx.error(&ctx.locale_for(req.uri().path()), status)
    };
    if !origin::is_safe(req.method()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().authority().map(http::uri::Authority::as_str));
        if let Err(why) = origin::check(headers, host, state.origins()) {
            tracing::warn!(
                refused.by = why.as_str(),
                "a state-changing request from another origin was refused"
            );
            return Some(refuse(StatusCode::FORBIDDEN));
        }
    }
    if content_length(headers).is_some_and(|n| n > MAX_BODY_BYTES) {
        return Some(refuse(StatusCode::PAYLOAD_TOO_LARGE));
    }
    None
}

pub(crate) async fn request_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let trace = TraceContext::from_header(req.headers().get("traceparent").map(HeaderValue::as_bytes));
    req.extensions_mut().insert(trace);
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    // Only the trace id: every other detail is in the access line, and each
    // span field costs formatting on every request.
    let span = tracing::info_span!("request", trace.id = trace.trace_id());
    let screened = span.in_scope(|| screen(&state, &req, trace));
    let outcome = match screened {
        Some(refused) => Ok(refused),
        None => {
            AssertUnwindSafe(next.run(req))
                .catch_unwind()
                .instrument(span.clone())
                .await
        }
    };
    let mut response = match outcome {
        Ok(r) => r,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            span.in_scope(|| tracing::error!(panic.message = %message, url.path = %truncate(&path, LOGGED_PATH_MAX), "the handler panicked; answering 500"));
            let empty = HeaderMap::new();
            let ctx = Ctx::with(&state, &empty, trace, false);
            ctx.error(&ctx.locale_for(&path), StatusCode::INTERNAL_SERVER_ERROR)
        }
    };
    let h = response.headers_mut();
    for (name, value) in state.security_headers() {
        h.insert(name.clone(), value.clone());
    }
    if let Ok(v) = HeaderValue::from_str(&trace.header_value()) {
        h.insert(HeaderName::from_static("traceparent"), v);
    }
    if let Some(log) = state.access_log() {
        let access = Access {
            method: &method,
            path: &path,
            status: response.status().as_u16(),
            bytes: content_length(response.headers()),
            micros: u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
        };
        log.write(access.line(&trace).as_bytes());
    }
    response
}

/// The fields of a `application/x-www-form-urlencoded` body (at most
/// [`MAX_FIELDS`], bad escapes and bytes decoded leniently), or the status
/// to refuse it with: 415 for another type, 413 over the limit.
pub(crate) async fn read_form(headers: &HeaderMap, body: AxumBody) -> Result<Vec<(String, String)>, StatusCode> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let limit = usize::try_from(MAX_BODY_BYTES).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if e.into_inner()
            .downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        }
    })?;
    Ok(form_urlencoded::parse(&bytes)
        .take(MAX_FIELDS)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_lines_are_json_with_the_trace_id() {
        let trace = TraceContext::new_root();
        let access = Access {
            method: &Method::GET,
            path: "/en/\"quoted\"\n",
            status: 200,
            bytes: Some(12),
            micros: 34,
        };
        let line = access.line(&trace);
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        assert_eq!(v["url.path"], "/en/\"quoted\"\n");
        assert_eq!(v["trace.id"], trace.trace_id());
        assert_eq!(v["http.response.body.size"], 12);
    }
}
