//! The content API's media: `POST /api/content/v1/media` (multipart:
//! `file`, and optionally `alt` with `locale`, `decorative`) answers 201
//! with the stored file's key and URLs (200 when the same bytes were
//! there already); `GET /api/content/v1/media/{key}` describes a file
//! and the items that use it; `DELETE` removes it, 409 while in use.
//! Bearer tokens; permissions as on the library's page; errors as RFC
//! 9457 problem documents.

use axum::body::Body as AxumBody;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::Action;
use portico_store::{MediaDeleted, MediaRecord, MediaUse};
use serde_json::{Value, json};

use super::api::{bearer, problem, problem_with};
use super::media::media_permitted;
use super::session::actor;
use crate::media::{UploadError, UploadMeta, entry_of, library_changed, read_upload, store_upload};
use crate::respond::Ctx;
use crate::state::AppState;

fn json_response(status: StatusCode, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(AxumBody::from(body.to_string()))
        .unwrap_or_default()
}

/// A file as the API describes it.
fn media_json(r: &MediaRecord, usage: Option<&[MediaUse]>) -> Value {
    let entry = entry_of(r);
    let variants: Vec<Value> = r
        .variants
        .iter()
        .map(|(w, f)| json!({ "width": w, "format": f, "url": entry.variant_url(*w, f) }))
        .collect();
    let mut v = json!({
        "key": r.key,
        "ref": format!("media:{}", r.key),
        "kind": r.kind,
        "mime": r.mime,
        "file_name": r.file_name,
        "bytes": r.byte_size,
        "width": r.width,
        "height": r.height,
        "focal_point": { "x": r.focal_x, "y": r.focal_y },
        "decorative": r.decorative,
        "alt": r.alt.iter().map(|(l, a)| (l.clone(), json!(a))).collect::<serde_json::Map<String, Value>>(),
        "url": entry.url(),
        "variants": variants,
        "uploaded_at": r.uploaded_at,
    });
    if let (Some(u), Value::Object(m)) = (usage, &mut v) {
        m.insert("used_by".into(), json!(u));
    }
    v
}

fn status_problem(ctx: &Ctx<'_>, status: StatusCode, detail: &str) -> Response {
    problem(
        status,
        status.canonical_reason().unwrap_or(""),
        detail,
        ctx.trace.trace_id(),
        None,
    )
}

fn unavailable(ctx: &Ctx<'_>, e: &dyn std::fmt::Display) -> Response {
    tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "the media store failed");
    status_problem(ctx, StatusCode::SERVICE_UNAVAILABLE, "The store is not available.")
}

fn forbidden(ctx: &Ctx<'_>, action: Action) -> Response {
    status_problem(
        ctx,
        StatusCode::FORBIDDEN,
        &format!(
            "This token's account may not {} in the media library (its role or scope does not reach it).",
            action.as_str()
        ),
    )
}

/// `POST /api/content/v1/media`.
pub(crate) async fn post_media(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (account, _) = match bearer(&ctx, "POST /api/content/v1/media").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    if !media_permitted(&ctx, store, &account, Action::Edit).await {
        return forbidden(&ctx, Action::Edit);
    }
    let form = match read_upload(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => {
            let detail = match status {
                StatusCode::PAYLOAD_TOO_LARGE => "The body is larger than an upload may be (20 MiB for the file).",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                    "The body must be multipart/form-data with the file in a part named `file`."
                }
                _ => "The multipart body cannot be read.",
            };
            return status_problem(&ctx, status, detail);
        }
    };
    let Some(file) = form.file.clone().filter(|(_, b)| !b.is_empty()) else {
        return status_problem(
            &ctx,
            StatusCode::BAD_REQUEST,
            "There is no file: send it in a part named `file`.",
        );
    };
    let (alt, locale) = (form.field("alt"), form.field("locale"));
    let known = state
        .model()
        .is_none_or(|m| m.site.config().locales.iter().any(|l| l.code == locale));
    if !alt.is_empty() && (locale.is_empty() || !known) {
        return problem_with(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            "Alt text needs the `locale` it is written in, one of the site's.",
            ctx.trace.trace_id(),
            serde_json::Map::from_iter([("field".to_string(), json!("locale"))]),
        );
    }
    let decorative = matches!(form.field("decorative"), "true" | "on" | "1");
    let meta = UploadMeta {
        alt: (!alt.is_empty()).then_some((locale, alt)),
        decorative,
        account_id: account.id,
    };
    match store_upload(store, file, &meta, &actor(&ctx, &account.email)).await {
        Ok((record, created)) => {
            library_changed(&state, store).await;
            let mut r = json_response(
                if created { StatusCode::CREATED } else { StatusCode::OK },
                &media_json(&record, None),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("/api/content/v1/media/{}", record.key)) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Err(UploadError::Refused(status, text)) => status_problem(&ctx, status, &text),
        Err(UploadError::Store(e)) => unavailable(&ctx, &e),
    }
}

/// `GET` and `DELETE /api/content/v1/media/{key}`.
pub(crate) async fn media_item(State(state): State<AppState>, Path(key): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let delete = parts.method == http::Method::DELETE;
    let what = if delete { "DELETE" } else { "GET" };
    let (account, _) = match bearer(&ctx, &format!("{what} /api/content/v1/media")).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    let action = if delete { Action::Publish } else { Action::ReadDraft };
    if !media_permitted(&ctx, store, &account, action).await {
        return forbidden(&ctx, action);
    }
    let not_found = || status_problem(&ctx, StatusCode::NOT_FOUND, &format!("There is no media file {key}."));
    if !portico_media::is_key(&key) {
        return not_found();
    }
    if delete {
        return match store.delete_media(&key, &actor(&ctx, &account.email)).await {
            Ok(MediaDeleted::Deleted) => {
                library_changed(&state, store).await;
                Response::builder()
                    .status(StatusCode::NO_CONTENT)
                    .body(AxumBody::empty())
                    .unwrap_or_default()
            }
            Ok(MediaDeleted::InUse(users)) => problem_with(
                StatusCode::CONFLICT,
                "Conflict",
                &format!(
                    "{} items use this file; it cannot be deleted while they do.",
                    users.len()
                ),
                ctx.trace.trace_id(),
                serde_json::Map::from_iter([("used_by".to_string(), json!(users))]),
            ),
            Ok(MediaDeleted::NotFound) => not_found(),
            Err(e) => unavailable(&ctx, &e),
        };
    }
    match (store.media(&key).await, store.media_usage(&key).await) {
        (Ok(Some(r)), Ok(usage)) => json_response(StatusCode::OK, &media_json(&r, Some(&usage))),
        (Ok(None), _) => not_found(),
        (Err(e), _) | (_, Err(e)) => unavailable(&ctx, &e),
    }
}
