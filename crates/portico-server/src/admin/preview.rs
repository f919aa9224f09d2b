//! Previews of a draft, rendered as the public page would be with the
//! draft in place of the published text — never cached, never indexed:
//! `/admin/content/preview?locale=…&key=…` for the staff (the latest
//! revision, or with `kept=1` what the person is typing, kept by
//! autosave: the editor's live preview frames it), and `/preview/{token}`
//! for a reviewer without an account: a link naming one revision, signed
//! with the server's key and valid for a week.

use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::Action;
use portico_content::{ContentText, Reload};

use super::content::open_item;
use super::staff::Staff;
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// How long a shared preview link works.
pub(crate) const LINK_SECONDS: i64 = 7 * 24 * 3600;

/// What a preview shows: one text as one item's file.
struct Draft {
    locale: String,
    key: String,
    path: String,
    text: String,
}

/// The page `draft` makes, as a whole document; `Err` says why there is
/// none (the text has problems, or the item has no page). The draft is
/// applied to the site in memory; a new item or a new address (which
/// changes what links to it) is rendered from the whole site loaded again
/// with the store's layers — every publication and withdrawal, as the
/// site is built — and the draft over them.
async fn rendered(state: &AppState, draft: Draft, trace_id: String) -> Result<String, String> {
    let served = state.clone();
    let (draft, trace_id) = match tokio::task::spawn_blocking(move || {
        render_in_place(&served, &draft, &trace_id).map(|page| page.ok_or((draft, trace_id)))
    })
    .await
    .map_err(|e| e.to_string())??
    {
        Ok(page) => return Ok(page),
        Err(back) => back,
    };
    let model = state.model().ok_or("the site is not loaded yet")?;
    let store = state.store().ok_or("the store is not open")?;
    let root = model.root.clone();
    let files = {
        let root = root.clone();
        tokio::task::spawn_blocking(move || crate::layers::file_texts(&root))
            .await
            .map_err(|e| e.to_string())?
    };
    let mut layers = crate::layers::layers(store, &files).await.map_err(|e| e.to_string())?;
    layers
        .given
        .retain(|g| !(g.locale == draft.locale && (g.key == draft.key || g.path == draft.path)));
    layers.given.push(text_of(&draft));
    let served = state.clone();
    tokio::task::spawn_blocking(move || {
        let theme = served.theme().ok_or("the site is not loaded yet")?;
        let site = portico_content::load_over(&root, &layers).map_err(|d| d.to_string())?;
        page_of(&site, &theme, None, &draft, &trace_id)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The draft as the file it stands for.
fn text_of(draft: &Draft) -> ContentText {
    ContentText {
        locale: draft.locale.clone(),
        key: draft.key.clone(),
        path: draft.path.clone(),
        text: draft.text.clone(),
    }
}

/// The draft's page from the site in memory with the draft in place;
/// `Ok(None)` when that cannot be done (a new item, a new address).
fn render_in_place(state: &AppState, draft: &Draft, trace_id: &str) -> Result<Option<String>, String> {
    let model = state.model().ok_or("the site is not loaded yet")?;
    let theme = state.theme().ok_or("the site is not loaded yet")?;
    match portico_content::reload_texts(&model.site, &model.root, &[text_of(draft)]) {
        Reload::Updated { site, .. } => {
            // The relations of the last full render, as a publication's
            // fast path renders the page: not the whole site's again.
            let snapshot = state.snapshot();
            page_of(&site, &theme, snapshot.render_cache.as_ref(), draft, trace_id).map(Some)
        }
        Reload::Invalid(diags) => Err(diags.to_string()),
        Reload::NeedsFullLoad => Ok(None),
    }
}

/// The draft's own page in `site`, filled and marked not to be indexed;
/// with `cache`, the relations between items are those it holds.
fn page_of(
    site: &portico_content::Site,
    theme: &portico_render::Theme,
    cache: Option<&portico_render::RenderCache>,
    draft: &Draft,
    trace_id: &str,
) -> Result<String, String> {
    let partial =
        portico_render::render_keys(site, theme, std::slice::from_ref(&draft.key), cache).map_err(|e| e.to_string())?;
    let page = partial
        .pages
        .iter()
        .find(|p| p.locale == draft.locale && p.key == draft.key)
        .ok_or("this item has no page of its own")?;
    let html = page.html.fill(trace_id);
    Ok(html.replacen(
        "<head>",
        "<head><meta name=\"robots\" content=\"noindex, nofollow\">",
        1,
    ))
}

/// A preview's answer: the page (or why there is none), never stored,
/// never indexed, framed only by the editor, sending no referrer (the
/// link is a secret).
fn answer(state: &AppState, rendered: Result<String, String>) -> Response {
    let (status, body, kind) = match rendered {
        Ok(html) => (StatusCode::OK, html, "text/html; charset=utf-8"),
        Err(why) => (StatusCode::UNPROCESSABLE_ENTITY, why, "text/plain; charset=utf-8"),
    };
    let csp = state.csp_with(|csp| csp.replacen("frame-ancestors 'none'", "frame-ancestors 'self'", 1));
    let mut r = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store, private")
        .header("x-robots-tag", "noindex, nofollow")
        .header(header::REFERRER_POLICY, "no-referrer")
        .body(axum::body::Body::from(body))
        .unwrap_or_default();
    if let Some(csp) = csp {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    r
}

/// `GET /admin/content/preview?locale=…&key=…[&kept=1]`.
pub(crate) async fn staff_preview(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let query = staff.parts.uri.query();
    let (Some(locale), Some(key)) = (query_value(query, "locale"), query_value(query, "key")) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    };
    let (head, store) = match open_item(&ctx, &staff.session, &locale, &key, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let kept = if query_value(query, "kept").as_deref() == Some("1") {
        store
            .autosave(staff.session.account.id, &locale, &key)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let text = match kept {
        Some(k) => k.text,
        None => match store.revision(head.head).await {
            Ok(Some(r)) => r.text,
            _ => return ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        },
    };
    let draft = Draft {
        locale,
        key,
        path: head.path,
        text,
    };
    let trace = ctx.trace.trace_id().to_string();
    let page = rendered(&state, draft, trace).await;
    answer(&state, page)
}

/// The signature of a preview link's claims (hex).
fn sign(state: &AppState, claims: &str) -> String {
    blake3::keyed_hash(&state.preview_key(), claims.as_bytes())
        .to_hex()
        .to_string()
}

/// A link to revision `revision` of an item that works until `until`
/// (Unix seconds) for anyone who has it.
pub(crate) fn link(state: &AppState, (locale, key): (&str, &str), revision: i64, until: i64) -> String {
    let claims = format!("{revision}.{until}.{locale}.{key}");
    let sig = sign(state, &claims);
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("locale", locale).append_pair("key", key);
    format!("/preview/{revision}.{until}.{sig}?{}", q.finish())
}

/// `GET /preview/{revision}.{until}.{signature}?locale=…&key=…`: the
/// revision, for anyone with the link, until it expires (then 410).
pub(crate) async fn shared_preview(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let query = parts.uri.query();
    let not_found = || ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    let (Some(locale), Some(key)) = (query_value(query, "locale"), query_value(query, "key")) else {
        return not_found();
    };
    let mut parts_of = token.splitn(3, '.');
    let (Some(revision), Some(until), Some(sig)) = (
        parts_of.next().and_then(|r| r.parse::<i64>().ok()),
        parts_of.next().and_then(|u| u.parse::<i64>().ok()),
        parts_of.next(),
    ) else {
        return not_found();
    };
    let expected = sign(&state, &format!("{revision}.{until}.{locale}.{key}"));
    if !portico_auth::secret::same(sig.as_bytes(), expected.as_bytes()) {
        return not_found();
    }
    if until < state.clock().now_seconds() {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::GONE);
    }
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let revision = match store.revision(revision).await {
        Ok(Some(r)) if r.locale == locale && r.key == key => r,
        _ => return not_found(),
    };
    let draft = Draft {
        locale,
        key,
        path: revision.path,
        text: revision.text,
    };
    let trace = ctx.trace.trace_id().to_string();
    let page = rendered(&state, draft, trace).await;
    answer(&state, page)
}

/// The site's Content Security Policy with this origin allowed in frames:
/// the item page's, which frames its live preview.
pub(crate) fn framing_csp(state: &AppState) -> Option<HeaderValue> {
    state.csp_with(|site| match site.find("frame-src ") {
        Some(i) => format!("{}frame-src 'self' {}", &site[..i], &site[i + "frame-src ".len()..]),
        None => format!("{site}; frame-src 'self'"),
    })
}
