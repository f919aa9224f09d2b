//! What every request goes through, however it is routed: trace context,
//! the cross-origin rule and the body limit (both before any handler
//! runs), panic recovery, security headers, the access line. And reading a
//! form body, with the same limit.

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use axum::body::Body as AxumBody;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::FutureExt as _;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use tracing::Instrument as _;

use crate::access::{Access, PathText};
use crate::origin;
use crate::respond::Ctx;
use crate::state::AppState;
use crate::trace::TraceContext;

/// The largest request body any route takes (a form of the site). A
/// request declaring more is answered 413 before its body is read, so a
/// client waiting on `Expect: 100-continue` is never told to send it.
pub const MAX_BODY_BYTES: u64 = 16 * 1024;

/// The largest body of the editor's routes (a content file's whole text).
pub const MAX_CONTENT_BYTES: u64 = 1024 * 1024;

/// The body limit of the route at `path`.
pub(crate) fn body_limit(path: &str) -> u64 {
    if path == "/admin/media" || path == "/api/content/v1/media" {
        crate::media::MAX_UPLOAD_BODY_BYTES
    } else if path.starts_with("/admin/content") || path.starts_with("/api/content/") {
        MAX_CONTENT_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Fields of a form read, at most.
const MAX_FIELDS: usize = 64;

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
                trace.id = trace.trace_id(),
                refused.by = why.as_str(),
                "a state-changing request from another origin was refused"
            );
            return Some(refuse(StatusCode::FORBIDDEN));
        }
    }
    if content_length(headers).is_some_and(|n| n > body_limit(req.uri().path())) {
        return Some(refuse(StatusCode::PAYLOAD_TOO_LARGE));
    }
    None
}

/// The axum middleware around the router's handlers (`crate::router`):
/// [`handle`] with the next handler.
pub(crate) async fn request_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    handle(&state, req, |req| next.run(req)).await
}

/// Answers one request, whichever way it is routed: the trace context, the
/// screen (the cross-origin rule, the body limit), `answer` for the rest
/// (a panic in it becomes the 500 page), then the security headers, the
/// `traceparent` header and the access line.
pub(crate) async fn handle<F, Fut>(state: &AppState, mut req: Request, answer: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let start = Instant::now();
    let started_at = state.spans().map(|_| std::time::SystemTime::now());
    let trace = TraceContext::from_header(req.headers().get("traceparent").map(HeaderValue::as_bytes));
    req.extensions_mut().insert(trace);
    let method = req.method().clone();
    let path = PathText::of(req.uri().path());
    let class = crate::ops::metrics::route_class(path.as_str());
    // A span per request only when debugging (`PORTICO_LOG=debug`): every
    // line logged while answering names the trace id itself, and a span
    // costs formatting its fields on every request.
    let span = tracing::debug_span!("request", trace.id = trace.trace_id());
    let outcome = match screen(state, &req, trace) {
        Some(refused) => Ok(refused),
        None => AssertUnwindSafe(answer(req)).catch_unwind().instrument(span).await,
    };
    let mut response = match outcome {
        Ok(r) => r,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(
                trace.id = trace.trace_id(),
                panic.message = %message,
                url.path = path.as_str(),
                "the handler panicked; answering 500"
            );
            let empty = HeaderMap::new();
            let ctx = Ctx::with(state, &empty, trace, false);
            ctx.error(&ctx.locale_for(path.as_str()), StatusCode::INTERNAL_SERVER_ERROR)
        }
    };
    let h = response.headers_mut();
    // A handler that set its own Referrer-Policy (stricter: a page whose
    // address is a secret) or Content Security Policy (the sign-in page,
    // whose single sign-on form leads to the provider) keeps it.
    let own: Vec<(HeaderName, HeaderValue)> = [header::REFERRER_POLICY, header::CONTENT_SECURITY_POLICY]
        .into_iter()
        .filter_map(|name| h.remove(&name).map(|v| (name, v)))
        .collect();
    for (name, value) in state.security_headers().iter() {
        h.insert(name.clone(), value.clone());
    }
    for (name, value) in own {
        h.insert(name, value);
    }
    h.insert(HeaderName::from_static("traceparent"), trace.header());
    // Every "unavailable" is temporary here (the store or the index is
    // away for a moment): say when to try again, unless the handler did.
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from_static("5"));
    }
    let bytes = content_length(response.headers());
    let elapsed = start.elapsed();
    crate::ops::metrics::record_request(class, &method, &response, bytes, elapsed);
    // Health checks are a balancer's polling, not visits.
    if let Some(log) = state.access_log().filter(|_| class != "health") {
        log.record(&Access {
            method: &method,
            path: path.as_str(),
            status: response.status().as_u16(),
            bytes,
            micros: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            trace: &trace,
        });
    }
    if let (Some(sink), Some(at)) = (state.spans(), started_at)
        && let Some(span) = crate::ops::spans::span_of(
            sink,
            &trace,
            method,
            path.as_str(),
            class,
            response.status().as_u16(),
            at,
        )
    {
        (sink.take)(span);
    }
    response
}

/// The value of `name` in a query string (decoded; the first when
/// repeated).
pub(crate) fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The fields of a `application/x-www-form-urlencoded` body (at most
/// [`MAX_FIELDS`], bad escapes and bytes decoded leniently), or the status
/// to refuse it with: 415 for another type, 413 over the limit.
pub(crate) async fn read_form(headers: &HeaderMap, body: AxumBody) -> Result<Vec<(String, String)>, StatusCode> {
    read_form_up_to(headers, body, MAX_BODY_BYTES).await
}

/// [`read_form`] with another limit (the editor's forms).
pub(crate) async fn read_form_up_to(
    headers: &HeaderMap,
    body: AxumBody,
    limit: u64,
) -> Result<Vec<(String, String)>, StatusCode> {
    if !has_type(headers, "application/x-www-form-urlencoded") {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let bytes = read_body(body, limit).await?;
    Ok(form_urlencoded::parse(&bytes)
        .take(MAX_FIELDS)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// A JSON body of at most `limit` bytes, or the status to refuse it with:
/// 415 for another type, 413 over the limit, 400 for malformed JSON.
pub(crate) async fn read_json(
    headers: &HeaderMap,
    body: AxumBody,
    limit: u64,
) -> Result<serde_json::Value, StatusCode> {
    if !has_type(headers, "application/json") {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let bytes = read_body(body, limit).await?;
    serde_json::from_slice(&bytes).map_err(|_| StatusCode::BAD_REQUEST)
}

fn has_type(headers: &HeaderMap, want: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(want))
}

async fn read_body(body: AxumBody, limit: u64) -> Result<bytes::Bytes, StatusCode> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        if e.into_inner()
            .downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        }
    })
}
