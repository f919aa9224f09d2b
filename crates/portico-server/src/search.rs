//! Search over HTTP: the results page (`/{locale}/search?q=`), suggestions
//! while typing (`/{locale}/search/suggest?q=`), the JSON API
//! (`/api/search`) and its OpenAPI document (`/api/openapi.json`).
//!
//! These are the only responses rendered per request: their content
//! depends on the query. Any query string is valid input; the worst a
//! visitor can get is an empty result.

use std::io::Write as _;

use axum::body::Body as AxumBody;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use portico_search::{DIMENSIONS, Request as SearchRequest, Results};
use portico_stitch::Encoding;

use crate::negotiate;
use crate::respond::Ctx;
use crate::snapshot::Snapshot;

/// Results per page, by default and at most (API).
const PER_PAGE: usize = 10;
const MAX_PER_PAGE: usize = 50;
/// Pages beyond this are not offered (nobody reads them; robots do).
const MAX_PAGE: usize = 100;
/// Filter values longer than this cannot name a facet.
const MAX_VALUE_BYTES: usize = 128;
/// Query parameters read, at most.
const MAX_PARAMS: usize = 32;

/// What a search URL is for.
pub(crate) enum Route<'a> {
    /// `/{locale}/search`
    Page(&'a str),
    /// `/{locale}/search/suggest`, when the locale is the site's.
    Suggest(&'a str),
    /// `/{x}/search/suggest` where `x` is not a locale of the site.
    SuggestUnknown,
    /// `/api/search`
    Api,
    /// `/api/openapi.json`
    OpenApi,
}

/// The search route `path` names, if any.
pub(crate) fn route<'a>(path: &'a str, snapshot: &Snapshot) -> Option<Route<'a>> {
    match path {
        "/api/search" | "/api/search/" => return Some(Route::Api),
        "/api/openapi.json" => return Some(Route::OpenApi),
        _ => {}
    }
    let rest = path.strip_prefix('/')?;
    let (locale, tail) = rest.split_once('/')?;
    let known = snapshot.locales.iter().any(|l| l == locale);
    match tail {
        "search" | "search/" if known => Some(Route::Page(locale)),
        "search/suggest" | "search/suggest/" if known => Some(Route::Suggest(locale)),
        "search/suggest" | "search/suggest/" => Some(Route::SuggestUnknown),
        _ => None,
    }
}

/// The query string as (name, value) pairs, decoded leniently (bad escapes
/// and bytes become U+FFFD), at most [`MAX_PARAMS`].
pub(crate) fn params(uri: &Uri) -> Vec<(String, String)> {
    let Some(q) = uri.query() else {
        return Vec::new();
    };
    q.split('&')
        .filter(|p| !p.is_empty())
        .take(MAX_PARAMS)
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

fn search_request(params: &[(String, String)], max_per_page: usize) -> SearchRequest {
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let number = |name: &str, default: usize, max: usize| {
        get(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(default)
            .clamp(1, max)
    };
    SearchRequest {
        q: get("q").unwrap_or("").to_string(),
        filters: DIMENSIONS
            .iter()
            .filter_map(|d| {
                let v = get(d)?.trim();
                (!v.is_empty() && v.len() <= MAX_VALUE_BYTES).then(|| ((*d).to_string(), v.to_string()))
            })
            .collect(),
        page: number("page", 1, MAX_PAGE),
        per_page: number("per_page", PER_PAGE, max_per_page),
    }
}

fn json(status: StatusCode, body: Vec<u8>, cache: &'static str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, cache)
        .header(header::CONTENT_LENGTH, body.len())
        .body(AxumBody::from(body))
        .unwrap_or_default()
}

/// An RFC 9457 problem document: what the API answers on an error.
fn problem(status: StatusCode, detail: &str) -> Response {
    let body = serde_json::to_vec(&serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or(""),
        "status": status.as_u16(),
        "detail": detail,
    }))
    .unwrap_or_default();
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/problem+json")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::CONTENT_LENGTH, body.len())
        .body(AxumBody::from(body))
        .unwrap_or_default()
}

/// 503 while the index is being built (only right after start-up).
fn not_ready() -> Response {
    let mut r = problem(StatusCode::SERVICE_UNAVAILABLE, "the search index is being built");
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    r
}

/// The JSON API's request, checked against what the OpenAPI document
/// declares (unlike the results page, which makes the best of anything):
/// the first value of each parameter counts.
fn api_request<'s>(params: &[(String, String)], snapshot: &'s Snapshot) -> Result<(&'s str, SearchRequest), String> {
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let number = |name: &str, default: usize, max: usize| -> Result<usize, String> {
        match get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| v.bytes().all(|b| b.is_ascii_digit()) && (1..=max).contains(n))
                .ok_or_else(|| format!("{name} must be a whole number from 1 to {max}")),
        }
    };
    let locale = match get("locale") {
        None => snapshot.default_locale.as_str(),
        Some(l) => snapshot
            .locales
            .iter()
            .find(|c| *c == l)
            .map(String::as_str)
            .ok_or_else(|| format!("locale must be one of {}", snapshot.locales.join(", ")))?,
    };
    if let Some(y) = get("year")
        && !(y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("year must be four digits".to_string());
    }
    let filters = DIMENSIONS
        .iter()
        .filter_map(|d| {
            let v = get(d)?.trim();
            (!v.is_empty() && v.len() <= MAX_VALUE_BYTES).then(|| ((*d).to_string(), v.to_string()))
        })
        .collect();
    Ok((
        locale,
        SearchRequest {
            q: get("q").unwrap_or("").to_string(),
            filters,
            page: number("page", 1, MAX_PAGE)?,
            per_page: number("per_page", PER_PAGE, MAX_PER_PAGE)?,
        },
    ))
}

/// Compresses a body made for this request, at a fast level.
fn encode(body: Vec<u8>, headers: &HeaderMap) -> (Option<&'static str>, Vec<u8>) {
    let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    match negotiate::encoding(accept) {
        Encoding::Identity => (None, body),
        Encoding::Gzip => {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::fast());
            match enc.write_all(&body).and_then(|()| enc.finish()) {
                Ok(out) => (Some("gzip"), out),
                Err(_) => (None, body),
            }
        }
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 3);
            let params = brotli::enc::BrotliEncoderParams {
                quality: 3,
                ..Default::default()
            };
            match brotli::BrotliCompress(&mut body.as_slice(), &mut out, &params) {
                Ok(_) => (Some("br"), out),
                Err(_) => (None, body),
            }
        }
    }
}

pub(crate) fn answer(ctx: &Ctx<'_>, route: &Route<'_>, uri: &Uri) -> Response {
    let snapshot = &ctx.snapshot;
    let mut response = match route {
        Route::OpenApi => json(StatusCode::OK, snapshot.openapi.to_vec(), "public, max-age=300"),
        Route::SuggestUnknown => problem(StatusCode::NOT_FOUND, "no such locale"),
        Route::Suggest(locale) => {
            let Some(index) = snapshot.search.get() else {
                return not_ready();
            };
            let params = params(uri);
            let q = params.iter().find(|(k, _)| k == "q").map_or("", |(_, v)| v.as_str());
            let s = index.suggest(locale, q, 5);
            let count = s.completions.len() + s.pages.len();
            let body = serde_json::json!({
                "query": s.query,
                "completions": s.completions,
                "pages": s.pages,
                "announcement": snapshot.live.announcement(locale, count),
            });
            json(
                StatusCode::OK,
                serde_json::to_vec(&body).unwrap_or_default(),
                "public, max-age=60",
            )
        }
        Route::Api => {
            let (locale, req) = match api_request(&params(uri), snapshot) {
                Ok(x) => x,
                Err(detail) => return problem(StatusCode::BAD_REQUEST, &detail),
            };
            let Some(index) = snapshot.search.get() else {
                return not_ready();
            };
            let results = crate::ops::metrics::timed_search(|| index.search(locale, &req));
            let body = serde_json::json!({
                "locale": locale,
                "results": results,
                "html_url": portico_render::search_url(locale, &results.query, &req.filters, results.page),
            });
            json(
                StatusCode::OK,
                serde_json::to_vec(&body).unwrap_or_default(),
                "no-cache",
            )
        }
        Route::Page(locale) => return results_page(ctx, locale, uri),
    };
    if ctx.head {
        *response.body_mut() = AxumBody::empty();
    }
    response
}

/// `/{locale}/search`: the results page, rendered for this query and
/// compressed at a fast level.
fn results_page(ctx: &Ctx<'_>, locale: &str, uri: &Uri) -> Response {
    let snapshot = &ctx.snapshot;
    let Some(index) = snapshot.search.get() else {
        return not_ready();
    };
    let req = search_request(&params(uri), PER_PAGE);
    let results: Results = crate::ops::metrics::timed_search(|| index.search(locale, &req));
    let html = match snapshot.live.search(locale, &req, &results) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "the search page could not be rendered");
            return ctx.error(locale, StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let body = ctx
        .visitor()
        .fill_page(&html, ctx.trace.trace_id(), locale, &snapshot.consent)
        .into_bytes();
    let (encoding, body) = encode(body, ctx.headers);
    let mut b = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::VARY, "Accept-Encoding, Cookie, Sec-GPC")
        .header(header::CONTENT_LENGTH, body.len());
    if let Ok(v) = HeaderValue::from_str(locale) {
        b = b.header(header::CONTENT_LANGUAGE, v);
    }
    if let Some(e) = encoding {
        b = b.header(header::CONTENT_ENCODING, e);
    }
    b.body(if ctx.head {
        AxumBody::empty()
    } else {
        AxumBody::from(body)
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_decode_leniently_and_are_bounded() {
        let uri: Uri = "/en/search?q=sea+ice%21&q=second&type=story&page=abc&per_page=999&year=%FF"
            .parse()
            .expect("uri");
        let p = params(&uri);
        let req = search_request(&p, MAX_PER_PAGE);
        assert_eq!(req.q, "sea ice!");
        assert_eq!(req.page, 1);
        assert_eq!(req.per_page, MAX_PER_PAGE);
        assert!(req.filters.contains(&("type".to_string(), "story".to_string())));
        assert!(req.filters.contains(&("year".to_string(), "\u{fffd}".to_string())));
        let many: Uri = format!("/en/search?{}", "a=1&".repeat(1000)).parse().expect("uri");
        assert_eq!(params(&many).len(), MAX_PARAMS);
    }
}
