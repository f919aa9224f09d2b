//! The media library's pages: `/admin/media` (upload form, every file
//! with its preview, alt text per locale, decorative flag, focal point and
//! the items that use it), the upload (a plain multipart form), the
//! description, the deletion (refused while an item uses the file), and
//! the staff's preview of files not yet public.
//!
//! The library is the whole site's: uploading and describing need the
//! permission to edit drafts, deleting the permission to publish, both
//! for the whole site (an account narrowed to sections reads the library
//! but does not change it).

use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Target, may};
use portico_store::{Account, AuditAction, MediaChange, MediaDeleted, MediaRecord, MediaUse, Session, Store};
use serde_json::{Value, json};

use super::session::{self, actor};
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, render, see_other, unavailable};
use crate::media::{
    UploadError, UploadMeta, file_response, library_changed, parse_file, read_file, read_upload, store_upload,
};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// Whether `account` may do `action` to the library; a refusal is
/// recorded in the audit trail.
pub(crate) async fn media_permitted(ctx: &Ctx<'_>, store: &Store, account: &Account, action: Action) -> bool {
    let decision = may(&account.grant(), action, Target::Site);
    if decision.allowed() {
        return true;
    }
    let entry = actor(ctx, &account.email)
        .entry(AuditAction::AccessDenied, &account.email)
        .with("action", action.as_str())
        .with("item", "media")
        .with("decision", format!("{decision:?}"));
    if let Err(e) = store.audit(entry).await {
        tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a refusal was not audited");
    }
    false
}

fn t(ctx: &Ctx<'_>, key: &str, args: &[(&str, String)]) -> String {
    ctx.snapshot.live.text(&ctx.negotiated_locale(), key, args)
}

/// A file as the page shows it.
fn file_view(ctx: &Ctx<'_>, r: &MediaRecord, usage: &[MediaUse], locales: &[(String, String)]) -> Value {
    let entry = crate::media::entry_of(r);
    let preview = entry
        .widths
        .first()
        .map(|w| format!("/admin/media/file/{}/{w}.{}", r.key, entry.fallback));
    let model = ctx.state.model();
    let alts: Vec<Value> = locales
        .iter()
        .map(|(code, name)| {
            json!({
                "locale": code,
                "name": name,
                "alt": entry.alt.get(code).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let has_alt = |code: &str| match &model {
        Some(m) => m.site.media_alt(&entry, code).is_some(),
        None => entry.alt_in(code).is_some(),
    };
    let missing: Vec<&str> = locales
        .iter()
        .filter(|(code, _)| r.kind == "image" && !r.decorative && !has_alt(code))
        .map(|(_, name)| name.as_str())
        .collect();
    let uses: Vec<Value> = usage
        .iter()
        .map(|u| {
            let url = model
                .as_ref()
                .and_then(|m| m.site.url(&u.key, &u.locale).map(str::to_string));
            json!({
                "locale": u.locale, "key": u.key, "published": u.published,
                "edit": format!("/admin/content/item?locale={}&key={}", u.locale, u.key),
                "url": url,
            })
        })
        .collect();
    json!({
        "key": r.key,
        "kind": r.kind,
        "file_name": r.file_name,
        "mime": r.mime,
        "byte_size": r.byte_size,
        "width": r.width,
        "height": r.height,
        "uploaded_at": r.uploaded_at,
        "preview": preview,
        "document": (r.kind == "document").then(|| format!("/admin/media/file/{}/{}", r.key, r.file_name)),
        "focal_x": r.focal_x,
        "focal_y": r.focal_y,
        "focal_class": entry.focal_class(),
        "decorative": r.decorative,
        "alts": alts,
        "missing_alt": missing,
        "usage": uses,
    })
}

/// The site's locales: (code, name).
fn locales(state: &AppState) -> Vec<(String, String)> {
    match state.model() {
        Some(m) => m
            .site
            .config()
            .locales
            .iter()
            .map(|l| (l.code.clone(), l.name.clone()))
            .collect(),
        None => Vec::new(),
    }
}

/// The library page with `errors` and a notice, answered with `status`.
async fn library(
    ctx: &Ctx<'_>,
    store: &Store,
    session: &Session,
    (errors, notice): (&[FieldError], Option<String>),
    status: StatusCode,
) -> Response {
    let records = match store.media_list().await {
        Ok(r) => r,
        Err(e) => return unavailable(ctx, "the media library cannot be read", &e),
    };
    let locales = locales(ctx.state);
    let mut files = Vec::new();
    for r in &records {
        let usage = match store.media_usage(&r.key).await {
            Ok(u) => u,
            Err(e) => return unavailable(ctx, "the media library cannot be read", &e),
        };
        files.push(file_view(ctx, r, &usage, &locales));
    }
    let grant = session.account.grant();
    let view = json!({
        "files": files,
        "locales": locales.iter().map(|(c, n)| json!({"code": c, "name": n})).collect::<Vec<_>>(),
        "may_upload": may(&grant, Action::Edit, Target::Site).allowed(),
        "may_delete": may(&grant, Action::Publish, Target::Site).allowed(),
        "upload_locale": ctx.negotiated_locale(),
    });
    let page = Page::new("media", "admin-media", view).status(status);
    let viewer = Viewer {
        session: Some(session),
        errors,
        notice,
    };
    render(ctx, &ctx.negotiated_locale(), page, &viewer)
}

/// `GET /admin/media`: the library.
pub(crate) async fn page(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let notice = query_value(staff.parts.uri.query(), "done")
        .filter(|d| ["uploaded", "existing", "saved", "deleted"].contains(&d.as_str()))
        .map(|d| t(&ctx, &format!("admin-media-done-{d}"), &[]));
    library(&ctx, store, &staff.session, (&[], notice), StatusCode::OK).await
}

/// `POST /admin/media` (multipart: `csrf`, `file`, `alt`, `locale`,
/// `decorative`): adds a file to the library.
pub(crate) async fn upload(State(state): State<AppState>, staff: Staff, req: Request) -> Response {
    let ctx = staff.ctx(&state);
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let session = &staff.session;
    let form = match read_upload(&staff.parts.headers, req.into_body()).await {
        Ok(f) => f,
        Err(status) => return ctx.error(&ctx.negotiated_locale(), status),
    };
    if !session::csrf_ok(session, &form.fields) {
        return super::staff::csrf_refused(&ctx, session);
    }
    if !media_permitted(&ctx, store, &session.account, Action::Edit).await {
        let text = t(&ctx, "admin-media-refused", &[]);
        let errors = [FieldError { field: "", text }];
        return library(&ctx, store, session, (&errors, None), StatusCode::FORBIDDEN).await;
    }
    let Some(file) = form.file.clone().filter(|(_, b)| !b.is_empty()) else {
        let errors = [FieldError {
            field: "file",
            text: t(&ctx, "admin-media-no-file", &[]),
        }];
        return library(&ctx, store, session, (&errors, None), StatusCode::BAD_REQUEST).await;
    };
    let locale = form.field("locale");
    let meta = UploadMeta {
        alt: (!locale.is_empty()).then_some((locale, form.field("alt"))),
        decorative: !form.field("decorative").is_empty(),
        account_id: session.account.id,
    };
    let by = actor(&ctx, &session.account.email);
    match store_upload(store, file, &meta, &by).await {
        Ok((record, created)) => {
            library_changed(&state, store).await;
            let done = if created { "uploaded" } else { "existing" };
            see_other(&format!("/admin/media?done={done}#m-{}", record.key))
        }
        Err(UploadError::Refused(status, text)) => {
            let errors = [FieldError { field: "file", text }];
            library(&ctx, store, session, (&errors, None), status).await
        }
        Err(UploadError::Store(e)) => unavailable(&ctx, "a media file could not be stored", &e),
    }
}

/// `POST /admin/media/describe` (`key`, `alt-<locale>` for each locale,
/// `decorative`, `focal_x`, `focal_y`).
pub(crate) async fn describe(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    if !media_permitted(&ctx, store, &session.account, Action::Edit).await {
        let errors = [FieldError {
            field: "",
            text: t(&ctx, "admin-media-refused", &[]),
        }];
        return library(&ctx, store, session, (&errors, None), StatusCode::FORBIDDEN).await;
    }
    let key = field(form, "key");
    let number = |name: &str| field(form, name).trim().parse::<f64>().ok();
    let focal = match (number("focal_x"), number("focal_y")) {
        (Some(x), Some(y)) if portico_media::Focal::new(x, y).is_some() => Some((x, y)),
        (None, None) if field(form, "focal_x").is_empty() && field(form, "focal_y").is_empty() => None,
        _ => {
            let errors = [FieldError {
                field: "",
                text: t(&ctx, "admin-media-bad-focal", &[]),
            }];
            return library(&ctx, store, session, (&errors, None), StatusCode::BAD_REQUEST).await;
        }
    };
    let change = MediaChange {
        alt: locales(&state)
            .into_iter()
            .filter_map(|(code, _)| {
                let name = format!("alt-{code}");
                form.iter()
                    .any(|(k, _)| *k == name)
                    .then(|| (code, field(form, &name).to_string()))
            })
            .collect(),
        decorative: Some(field(form, "decorative") == "on"),
        focal,
    };
    match store
        .change_media(key, &change, &actor(&ctx, &session.account.email))
        .await
    {
        Ok(true) => {
            library_changed(&state, store).await;
            see_other(&format!("/admin/media?done=saved#m-{key}"))
        }
        Ok(false) => ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        Err(e) => unavailable(&ctx, "a media file could not be described", &e),
    }
}

/// `POST /admin/media/delete` (`key`): refused while an item uses it.
pub(crate) async fn delete(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    if !media_permitted(&ctx, store, &session.account, Action::Publish).await {
        let errors = [FieldError {
            field: "",
            text: t(&ctx, "admin-media-refused", &[]),
        }];
        return library(&ctx, store, session, (&errors, None), StatusCode::FORBIDDEN).await;
    }
    let key = field(form, "key");
    match store.delete_media(key, &actor(&ctx, &session.account.email)).await {
        Ok(MediaDeleted::Deleted) => {
            library_changed(&state, store).await;
            see_other("/admin/media?done=deleted")
        }
        Ok(MediaDeleted::InUse(users)) => {
            let errors = [FieldError {
                field: "",
                text: t(&ctx, "admin-media-in-use", &[("count", users.len().to_string())]),
            }];
            library(&ctx, store, session, (&errors, None), StatusCode::CONFLICT).await
        }
        Ok(MediaDeleted::NotFound) => ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        Err(e) => unavailable(&ctx, "a media file could not be deleted", &e),
    }
}

/// `GET /admin/media/file/{key}/{file}`: any stored file, to the staff
/// (previews of files no published item uses yet).
pub(crate) async fn preview(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    staff: Staff,
) -> Response {
    let ctx = staff.ctx(&state);
    let not_found = || ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    let (Some(store), Some(file), true) = (state.store(), parse_file(&file), portico_media::is_key(&key)) else {
        return not_found();
    };
    match read_file(store, &key, &file).await {
        Ok(Some((bytes, mime, name))) => file_response(bytes, &mime, name.as_deref(), "private, no-store"),
        Ok(None) => not_found(),
        Err(e) => unavailable(&ctx, "a media file cannot be read", &e),
    }
}
