//! Answering a request: one request-context value ([`Ctx`]) and the ways a
//! handler answers through it — a snapshot resource with its holes filled,
//! the site's error page, a redirect. Handlers never build a page response
//! by hand.

use std::sync::Arc;

use axum::body::Body as AxumBody;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use portico_stitch::Encoding;

use crate::consent::Visitor;
use crate::location::Location;
use crate::negotiate;
use crate::snapshot::{Resource, Snapshot};
use crate::state::AppState;
use crate::trace::TraceContext;

/// The visitor a response without consent holes is filled for.
static NOBODY: Visitor = Visitor::NOBODY;

/// The strictly necessary cookie that remembers the locale a visitor picked.
pub const LOCALE_COOKIE: &str = "portico_locale";

/// One request, as handlers answer it: the snapshot it is served from
/// (held for the whole request, even if a reload swaps another in), its
/// trace, its headers.
pub(crate) struct Ctx<'a> {
    pub state: &'a AppState,
    pub snapshot: Arc<Snapshot>,
    pub trace: TraceContext,
    pub headers: &'a HeaderMap,
    /// A HEAD request: headers only.
    pub head: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(state: &'a AppState, parts: &'a Parts) -> Ctx<'a> {
        let trace = parts
            .extensions
            .get::<TraceContext>()
            .copied()
            .unwrap_or_else(TraceContext::new_root);
        Ctx::with(state, &parts.headers, trace, parts.method == Method::HEAD)
    }

    pub fn with(state: &'a AppState, headers: &'a HeaderMap, trace: TraceContext, head: bool) -> Ctx<'a> {
        Ctx {
            state,
            snapshot: state.snapshot(),
            trace,
            headers,
            head,
        }
    }

    /// The visitor's consent, from this request's cookie and signal.
    pub fn visitor(&self) -> Visitor {
        Visitor::of(self.headers, &self.snapshot.consent, self.state.cookie_key())
    }

    /// The locale to answer in when the path names none: the one the
    /// visitor picked (its cookie), else the best for `Accept-Language`,
    /// else the site's default.
    pub fn negotiated_locale(&self) -> String {
        let snapshot = &self.snapshot;
        if let Some(picked) =
            crate::cookie::get(self.headers, LOCALE_COOKIE).and_then(|c| snapshot.locales.iter().find(|l| *l == c))
        {
            return picked.clone();
        }
        let lang = self.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        negotiate::locale(lang, &snapshot.locales)
            .unwrap_or(&snapshot.default_locale)
            .to_string()
    }

    /// The locale of `path` (`/fr/…`), else the negotiated one.
    pub fn locale_for(&self, path: &str) -> String {
        self.snapshot
            .locale_of(path)
            .map_or_else(|| self.negotiated_locale(), str::to_string)
    }

    /// `resource` with its holes filled for this request (its consent
    /// holes for the visitor the cookie shows).
    pub fn respond(&self, resource: &Arc<Resource>, status: StatusCode) -> Response {
        if resource.body.has_consent_holes() {
            self.respond_to(resource, Some(&self.visitor()), status)
        } else {
            self.respond_to(resource, None, status)
        }
    }

    /// `resource` with its holes filled for `visitor` (`None`: it has no
    /// consent holes).
    pub fn respond_to(&self, resource: &Arc<Resource>, visitor: Option<&Visitor>, status: StatusCode) -> Response {
        let consent = &self.snapshot.consent;
        // A page that varies with consent has one validator per consent
        // state, so a changed choice is never answered 304 with the old
        // page.
        let etag = match visitor {
            Some(v) => {
                let base = resource.etag.to_str().unwrap_or_default().trim_end_matches('"');
                HeaderValue::from_str(&format!("{base}-{}\"", v.tag(consent))).unwrap_or_else(|_| resource.etag.clone())
            }
            None => resource.etag.clone(),
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
        if status == StatusCode::OK && not_modified(self.headers, &etag) {
            return builder
                .status(StatusCode::NOT_MODIFIED)
                .body(AxumBody::empty())
                .unwrap_or_default();
        }
        let accept = self.headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
        let wanted = negotiate::encoding(accept);
        let locale = resource.content_language.as_ref().and_then(|l| l.to_str().ok());
        let trace_id = self.trace.trace_id();
        let visitor = visitor.unwrap_or(&NOBODY);
        let fill = |slot| visitor.fill(slot, trace_id, locale, consent);
        let (encoding, bytes) = match resource.body.write(wanted, fill) {
            Ok(x) => x,
            Err(e) => {
                tracing::error!(trace.id = trace_id, error = %e, "a page could not be stitched");
                return Response::builder()
                    .status(StatusCode::INTERNAL_SERVER_ERROR)
                    .body(AxumBody::empty())
                    .unwrap_or_default();
            }
        };
        if encoding != wanted {
            self.snapshot.prioritize(resource);
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
        let body = if self.head {
            AxumBody::empty()
        } else {
            AxumBody::from(bytes)
        };
        builder.body(body).unwrap_or_default()
    }

    /// The site's page for `status` in `locale` (its default locale's if it
    /// has none), with the trace id; plain text if the site has no page
    /// for that status.
    pub fn error(&self, locale: &str, status: StatusCode) -> Response {
        match self.snapshot.error_page(locale, status.as_u16()) {
            Some(page) => self.respond(page, status),
            None => Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .header(header::CACHE_CONTROL, "no-store")
                .body(AxumBody::from(format!(
                    "{status}\nTrace ID: {}\n",
                    self.trace.trace_id()
                )))
                .unwrap_or_default(),
        }
    }
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

/// A redirect to `to` (never cached for long: where it leads may change).
pub(crate) fn redirect(status: StatusCode, to: &Location) -> Response {
    let mut r = Response::builder().status(status);
    if let Ok(v) = HeaderValue::from_str(to.as_str()) {
        r = r.header(header::LOCATION, v);
    }
    r.header(header::CACHE_CONTROL, "no-cache")
        .body(AxumBody::empty())
        .unwrap_or_default()
}
