//! Every GET of the public site: pages (plain, filtered lists, search),
//! assets, redirects, error pages.

use axum::extract::{Request, State};
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode, header};

use crate::location::Location;
use crate::respond::{Ctx, LOCALE_COOKIE, redirect};
use crate::snapshot::Snapshot;
use crate::state::AppState;

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
fn remember_locale(locale: &str, uri: &http::Uri) -> Response {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("locale="))
        .collect();
    let target = if rest.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), rest.join("&"))
    };
    let to = Location::local(&target).unwrap_or_else(|| Location::site(&format!("/{locale}/")));
    let mut r = redirect(StatusCode::SEE_OTHER, &to);
    if let Some(v) = crate::cookie::set(LOCALE_COOKIE, locale, 31_536_000, crate::cookie::SameSite::Lax) {
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
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let snapshot = &ctx.snapshot;
    if parts.method != Method::GET && !ctx.head {
        let mut r = ctx.error(&ctx.negotiated_locale(), StatusCode::METHOD_NOT_ALLOWED);
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let uri = &parts.uri;
    let raw_path = uri.path();
    let Ok(path) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    if let Some(route) = crate::search::route(&path, snapshot) {
        // The locale picker on a results page: the same search, remembered.
        if let (crate::search::Route::Page(_), Some(locale)) = (&route, picked_locale(uri.query(), snapshot)) {
            return remember_locale(locale, uri);
        }
        return crate::search::answer(&ctx, &route, uri);
    }
    // A filtered list: the view rendered for this combination, or the
    // list's "nothing matches" page.
    let filtered = snapshot
        .lists
        .get(path.as_ref())
        .and_then(|dims| list_view(path.as_ref(), dims, uri))
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
        if let Some(locale) = picked_locale(uri.query(), snapshot) {
            return remember_locale(locale, uri);
        }
        if !resource.body.has_consent_holes() {
            return ctx.respond(resource, resource.status);
        }
        let mut visitor = ctx.visitor();
        let locale = resource
            .content_language
            .as_ref()
            .and_then(|l| l.to_str().ok())
            .unwrap_or(&snapshot.default_locale);
        let cookies = crate::consent::handlers::honor_gpc(&ctx, &mut visitor, locale).await;
        let mut r = ctx.respond_to(resource, Some(&visitor), resource.status);
        for c in cookies {
            r.headers_mut().append(header::SET_COOKIE, c);
        }
        return r;
    }
    if let Some(to) = snapshot.redirects.get(path.as_ref()) {
        return redirect(StatusCode::MOVED_PERMANENTLY, &Location::site(to));
    }
    if path == "/" {
        let mut r = redirect(
            StatusCode::FOUND,
            &Location::site(&format!("/{}/", ctx.negotiated_locale())),
        );
        r.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        return r;
    }
    if !path.ends_with('/') && snapshot.resources.contains_key(format!("{path}/").as_str()) {
        let target = match uri.query() {
            Some(q) => format!("{raw_path}/?{q}"),
            None => format!("{raw_path}/"),
        };
        if let Some(to) = Location::local(&target) {
            return redirect(StatusCode::PERMANENT_REDIRECT, &to);
        }
    }
    ctx.error(&ctx.locale_for(&path), StatusCode::NOT_FOUND)
}
