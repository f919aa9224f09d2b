//! The request path: one middleware (trace context, panics, security
//! headers, access log) around one handler that answers from the snapshot.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use arc_swap::ArcSwap;
use axum::body::Body as AxumBody;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::FutureExt as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use portico_render::Hole;
use portico_stitch::{Encoding, Fill};
use tracing::Instrument as _;

use crate::consent::Visitor;
use crate::negotiate;
use crate::snapshot::{Resource, Slot, Snapshot, spawn_encoders};
use crate::trace::TraceContext;

/// How the server behaves beyond what the site says.
#[derive(Clone, Default)]
pub struct ServerConfig {
    /// Send `Strict-Transport-Security` (only when served over TLS, directly
    /// or behind a proxy).
    pub hsts: bool,
    /// Where access-log lines go (one JSON object per line, newline
    /// included), if anywhere.
    pub access_log: Option<AccessLog>,
    /// Where consent decisions are recorded. Without it, choices cannot be
    /// made (the consent endpoint answers 503).
    pub store: Option<portico_store::Store>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("hsts", &self.hsts)
            .field("access_log", &self.access_log.is_some())
            .field("store", &self.store.as_ref().map(portico_store::Store::path))
            .finish()
    }
}

/// A sink for access-log lines. The access log is written directly rather
/// than as a tracing event: a tracing JSON event re-serializes the span's
/// fields on every request, which alone cost 40 % of throughput.
#[derive(Clone)]
pub struct AccessLog(Arc<LineSink>);

type LineSink = dyn Fn(&[u8]) + Send + Sync;

impl AccessLog {
    pub fn new(sink: impl Fn(&[u8]) + Send + Sync + 'static) -> AccessLog {
        AccessLog(Arc::new(sink))
    }
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

/// One access-log line, shaped like the JSON lines of the other logs.
fn access_line(
    method: &Method,
    path: &str,
    status: u16,
    bytes: Option<u64>,
    micros: u64,
    trace: &TraceContext,
) -> String {
    use std::fmt::Write as _;
    let mut line = String::with_capacity(256 + path.len().min(LOGGED_PATH_MAX));
    let _ = write!(
        line,
        "{{\"timestamp\":\"{}\",\"level\":\"INFO\",\"target\":\"portico::access\",\"message\":\"request\",\"http.method\":\"",
        jiff::Timestamp::now()
    );
    json_escape_into(&mut line, method.as_str());
    line.push_str("\",\"url.path\":\"");
    json_escape_into(&mut line, truncate(path, LOGGED_PATH_MAX));
    let _ = write!(line, "\",\"http.status\":{status},");
    if let Some(b) = bytes {
        let _ = write!(line, "\"http.response.body.size\":{b},");
    }
    let _ = writeln!(
        line,
        "\"duration_us\":{micros},\"trace.id\":\"{}\",\"span.id\":\"{}\"}}",
        trace.trace_id(),
        trace.span_id()
    );
    line
}

/// Shared by every request: the current snapshot (swapped atomically on
/// reload) and the fixed response headers.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    snapshot: ArcSwap<Snapshot>,
    access_log: Option<AccessLog>,
    security: Vec<(HeaderName, HeaderValue)>,
    /// Cookies get `Secure` (the site is served over HTTPS).
    secure_cookies: bool,
    store: Option<portico_store::Store>,
}

/// The Content Security Policy: nothing from anywhere but this origin, no
/// inline script or style, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
media-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

impl AppState {
    pub fn new(snapshot: Snapshot, config: &ServerConfig) -> AppState {
        // Embeds gated by consent may frame their declared hosts; the page
        // only contains the frame for visitors who allow the category.
        let hosts: Vec<String> = snapshot
            .consent
            .categories
            .iter()
            .flat_map(|c| c.hosts.iter())
            .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
            .map(|h| format!("https://{h}"))
            .collect();
        let csp = if hosts.is_empty() {
            HeaderValue::from_static(CSP)
        } else {
            HeaderValue::from_str(&format!("{CSP}; frame-src {}", hosts.join(" ")))
                .unwrap_or(HeaderValue::from_static(CSP))
        };
        let mut security = vec![
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("same-origin"),
            ),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
            (
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
            ),
        ];
        if config.hsts {
            security.push((
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=63072000; includeSubDomains"),
            ));
        }
        let snapshot = Arc::new(snapshot);
        spawn_encoders(&snapshot);
        AppState {
            inner: Arc::new(Inner {
                snapshot: ArcSwap::new(snapshot),
                access_log: config.access_log.clone(),
                security,
                secure_cookies: config.hsts,
                store: config.store.clone(),
            }),
        }
    }

    /// Replaces the served site. Requests in flight finish on the old one;
    /// the new one is compressed in the background while it is served.
    pub fn swap(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        spawn_encoders(&snapshot);
        self.inner.snapshot.store(snapshot);
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot.load_full()
    }

    pub(crate) fn store(&self) -> Option<&portico_store::Store> {
        self.inner.store.as_ref()
    }
}

/// Paths in logs are cut to this many bytes.
const LOGGED_PATH_MAX: usize = 256;

fn truncate(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
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
    let outcome = AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .instrument(span.clone())
        .await;
    let mut response = match outcome {
        Ok(r) => r,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            span.in_scope(|| tracing::error!(panic.message = %message, url.path = %truncate(&path, LOGGED_PATH_MAX), "the handler panicked; answering 500"));
            let snapshot = state.snapshot();
            let locale = snapshot
                .locale_of(&path)
                .unwrap_or(&snapshot.default_locale)
                .to_string();
            error_page(
                &snapshot,
                &locale,
                StatusCode::INTERNAL_SERVER_ERROR,
                &trace,
                &HeaderMap::new(),
                false,
            )
        }
    };
    let h = response.headers_mut();
    for (name, value) in &state.inner.security {
        h.insert(name.clone(), value.clone());
    }
    if let Ok(v) = HeaderValue::from_str(&trace.header_value()) {
        h.insert(HeaderName::from_static("traceparent"), v);
    }
    if let Some(log) = &state.inner.access_log {
        let bytes = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        (log.0)(access_line(&method, &path, response.status().as_u16(), bytes, micros, &trace).as_bytes());
    }
    response
}

/// Whether `If-None-Match` matches `etag` (weak comparison, RFC 9110
/// §13.1.2).
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(inm) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
    inm.split(',')
        .take(64)
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == ours)
}

pub(crate) fn respond(
    resource: &Arc<Resource>,
    snapshot: Option<&Snapshot>,
    status: StatusCode,
    trace: &TraceContext,
    headers: &HeaderMap,
    head: bool,
) -> Response {
    let visitor = snapshot
        .filter(|_| resource.body.has_consent_holes())
        .map(|s| Visitor::of(headers, &s.consent));
    respond_to(resource, snapshot, visitor.as_ref(), status, trace, headers, head)
}

/// Answers with `resource`, its consent holes filled for `visitor`.
pub(crate) fn respond_to(
    resource: &Arc<Resource>,
    snapshot: Option<&Snapshot>,
    visitor: Option<&Visitor>,
    status: StatusCode,
    trace: &TraceContext,
    headers: &HeaderMap,
    head: bool,
) -> Response {
    // A page that varies with consent has one validator per consent state,
    // so a changed choice is never answered 304 with the old page.
    let consent = snapshot.map(|s| &s.consent);
    let etag = match (visitor, consent) {
        (Some(v), Some(c)) => {
            let base = resource.etag.to_str().unwrap_or_default().trim_end_matches('"');
            HeaderValue::from_str(&format!("{base}-{}\"", v.tag(c))).unwrap_or_else(|_| resource.etag.clone())
        }
        _ => resource.etag.clone(),
    };
    let vary = if visitor.is_some() {
        HeaderValue::from_static("Accept-Encoding, Cookie, Sec-GPC")
    } else {
        HeaderValue::from_static("Accept-Encoding")
    };
    let mut builder = Response::builder()
        .header(header::ETAG, etag.clone())
        .header(header::CACHE_CONTROL, resource.cache_control.clone())
        .header(header::VARY, vary);
    if status == StatusCode::OK && not_modified(headers, &etag) {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(AxumBody::empty())
            .unwrap_or_default();
    }
    let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    let wanted = negotiate::encoding(accept);
    let locale = resource.content_language.as_ref().and_then(|l| l.to_str().ok());
    let trace_id = trace.trace_id();
    let fill = |slot| match (visitor, consent) {
        (Some(v), Some(c)) => v.fill(slot, trace_id, locale, c),
        _ => match slot {
            Slot::Hole(Hole::TraceId) => Fill::Raw(trace_id.as_bytes()),
            Slot::Gate { refused, .. } => Fill::Raw(refused),
            Slot::Shared(f) => Fill::Fragment(f),
            Slot::Hole(_) => Fill::Raw(b""),
        },
    };
    let (encoding, bytes) = match resource.body.write(wanted, fill) {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "a page could not be stitched");
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(AxumBody::empty())
                .unwrap_or_default();
        }
    };
    if encoding != wanted
        && let Some(s) = snapshot
    {
        s.prioritize(resource);
    }
    builder = builder
        .status(status)
        .header(header::CONTENT_TYPE, resource.content_type.clone())
        .header(header::CONTENT_LENGTH, bytes.len());
    match encoding {
        Encoding::Gzip => builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
        Encoding::Brotli => builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static("br")),
        Encoding::Identity => {}
    }
    if let Some(lang) = &resource.content_language {
        builder = builder.header(header::CONTENT_LANGUAGE, lang.clone());
    }
    let body = if head { AxumBody::empty() } else { AxumBody::from(bytes) };
    builder.body(body).unwrap_or_default()
}

pub(crate) fn error_page(
    snapshot: &Snapshot,
    locale: &str,
    status: StatusCode,
    trace: &TraceContext,
    headers: &HeaderMap,
    head: bool,
) -> Response {
    match snapshot.error_page(locale, status.as_u16()) {
        Some(page) => respond(page, Some(snapshot), status, trace, headers, head),
        None => Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(AxumBody::from(format!("{status}\nTrace ID: {}\n", trace.trace_id())))
            .unwrap_or_default(),
    }
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut r = Response::builder().status(status);
    if let Ok(v) = HeaderValue::from_str(location) {
        r = r.header(header::LOCATION, v);
    }
    r.header(header::CACHE_CONTROL, "no-cache")
        .body(AxumBody::empty())
        .unwrap_or_default()
}

/// The strictly necessary cookie that remembers the locale a visitor picked.
pub const LOCALE_COOKIE: &str = "portico_locale";

/// The value of cookie `name`, if the request has it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .take(16)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';').take(64))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v.trim_matches('"'))
        })
}

/// The `locale` query parameter, when it names a locale of the site.
fn picked_locale<'a>(query: Option<&str>, snapshot: &'a Snapshot) -> Option<&'a str> {
    query?
        .split('&')
        .take(32)
        .filter_map(|kv| kv.strip_prefix("locale="))
        .find_map(|v| snapshot.locales.iter().find(|l| l.as_str() == v))
        .map(String::as_str)
}

/// Remembers a locale picked in the locale picker in its strictly necessary
/// cookie, then shows the same address without the `locale` parameter (303).
fn remember_locale(state: &AppState, locale: &str, uri: &http::Uri) -> Response {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("locale="))
        .collect();
    let location = if rest.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), rest.join("&"))
    };
    let mut r = redirect(StatusCode::SEE_OTHER, &location);
    let secure = if state.inner.secure_cookies { "; Secure" } else { "" };
    let value = format!("{LOCALE_COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}");
    if let Ok(v) = HeaderValue::from_str(&value) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The path of the view of a filtered list that `query` asks for
/// (`/en/tools/?kind=dataset&license=MIT`), if it filters at all.
fn list_view(path: &str, dims: &[String], uri: &http::Uri) -> Option<String> {
    // The "nothing matches" page at its own address, like every page.
    if uri.query() == Some(portico_render::NONE_QUERY) {
        return Some(format!("{path}?{}", portico_render::NONE_QUERY));
    }
    let pairs = crate::search::params(uri);
    if !pairs.iter().any(|(k, _)| dims.contains(k)) {
        return None;
    }
    let canonical = portico_render::canonical_query(dims, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Some(format!("{path}?{canonical}"))
}

/// Every GET of the public site: pages, assets, redirects, error pages.
pub(crate) async fn show_site(State(state): State<AppState>, req: Request) -> Response {
    let trace = req
        .extensions()
        .get::<TraceContext>()
        .copied()
        .unwrap_or_else(TraceContext::new_root);
    let snapshot = state.snapshot();
    let headers = req.headers();
    let head = req.method() == Method::HEAD;
    // The locale a visitor picked wins over what the browser says.
    let negotiated = || {
        if let Some(picked) = cookie(headers, LOCALE_COOKIE).and_then(|c| snapshot.locales.iter().find(|l| *l == c)) {
            return picked.clone();
        }
        let lang = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        negotiate::locale(lang, &snapshot.locales)
            .unwrap_or(&snapshot.default_locale)
            .to_string()
    };
    if req.method() != Method::GET && !head {
        let mut r = error_page(
            &snapshot,
            &negotiated(),
            StatusCode::METHOD_NOT_ALLOWED,
            &trace,
            headers,
            false,
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw_path = req.uri().path();
    let Ok(path) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return error_page(&snapshot, &negotiated(), StatusCode::BAD_REQUEST, &trace, headers, head);
    };
    if let Some(route) = crate::search::route(&path, &snapshot) {
        // The locale picker on a results page: the same search, remembered.
        if let (crate::search::Route::Page(_), Some(locale)) = (&route, picked_locale(req.uri().query(), &snapshot)) {
            return remember_locale(&state, locale, req.uri());
        }
        return crate::search::answer(&route, &snapshot, req.uri(), headers, &trace, head);
    }
    // A filtered list: the view rendered for this combination, or the
    // list's "nothing matches" page.
    let filtered = snapshot
        .lists
        .get(path.as_ref())
        .and_then(|dims| list_view(path.as_ref(), dims, req.uri()))
        .and_then(|view| {
            snapshot.resources.get(view.as_str()).or_else(|| {
                snapshot
                    .resources
                    .get(format!("{path}?{}", portico_render::NONE_QUERY).as_str())
            })
        });
    if let Some(resource) = filtered.or_else(|| snapshot.resources.get(path.as_ref())) {
        // A locale picked in the locale picker: remember it, then show the
        // page at its clean URL.
        if let Some(locale) = picked_locale(req.uri().query(), &snapshot) {
            return remember_locale(&state, locale, req.uri());
        }
        if resource.body.has_consent_holes() {
            let mut visitor = Visitor::of(headers, &snapshot.consent);
            let locale = resource
                .content_language
                .as_ref()
                .and_then(|l| l.to_str().ok())
                .unwrap_or(&snapshot.default_locale);
            let cookie = crate::consent::honor_gpc(&state, &snapshot, &mut visitor, locale, &trace).await;
            let mut r = respond_to(
                resource,
                Some(&snapshot),
                Some(&visitor),
                resource.status,
                &trace,
                headers,
                head,
            );
            if let Some(c) = cookie {
                r.headers_mut().append(header::SET_COOKIE, c);
            }
            return r;
        }
        return respond(resource, Some(&snapshot), resource.status, &trace, headers, head);
    }
    if let Some(to) = snapshot.redirects.get(path.as_ref()) {
        return redirect(StatusCode::MOVED_PERMANENTLY, to);
    }
    if path == "/" {
        let mut r = redirect(StatusCode::FOUND, &format!("/{}/", negotiated()));
        r.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        return r;
    }
    if !path.ends_with('/') {
        let with_slash = format!("{path}/");
        if snapshot.resources.contains_key(with_slash.as_str()) {
            let encoded = format!("{raw_path}/");
            let location = match req.uri().query() {
                Some(q) => format!("{encoded}?{q}"),
                None => encoded,
            };
            return redirect(StatusCode::PERMANENT_REDIRECT, &location);
        }
    }
    let locale = snapshot.locale_of(&path).map_or_else(negotiated, str::to_string);
    error_page(&snapshot, &locale, StatusCode::NOT_FOUND, &trace, headers, head)
}
