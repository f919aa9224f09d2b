//! The content API's changes beyond a save: a new item (`POST` to its
//! address), a scheduled publication or unpublication (`{"at": …}`), the
//! trash (`DELETE`, and `POST …/untrash`).

use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::StatusCode;
use portico_auth::Action;
use portico_store::ItemHead;
use serde_json::{Value, json};

use super::api::{bearer, problem};
use super::content_api::{
    forbidden, invalid, item_json, json_response, not_found, open, save_body, split, unavailable, unprocessable,
};
use super::editing::{self, ItemRef, Step, StepError};
use crate::respond::Ctx;
use crate::state::AppState;

fn job_json(job: &portico_store::Job) -> Value {
    json!({
        "id": job.id,
        "action": job.action.as_str(),
        "locale": job.locale,
        "key": job.key,
        "revision": job.revision,
        "at": crate::schedule::rfc3339(job.run_at),
        "state": job.state.as_str(),
        "created_by": job.created_by,
        "error": job.error,
    })
}

/// `POST …/publish` or `…/unpublish` with `{"at": RFC 3339}`: a job at
/// that instant (201), which must be in the future.
pub(super) async fn schedule(
    ctx: &Ctx<'_>,
    (store, account): (&portico_store::Store, &portico_store::Account),
    head: &ItemHead,
    (step, named): (Step, Option<i64>),
    at: jiff::Timestamp,
) -> Response {
    let action = match step {
        Step::Publish => portico_store::JobAction::Publish,
        Step::Unpublish => portico_store::JobAction::Unpublish,
        _ => return unprocessable(ctx, "Only …/publish and …/unpublish can be scheduled."),
    };
    // A time that has passed is due: the job runs at once (as after a
    // restart).
    if action == portico_store::JobAction::Publish && named.is_some_and(|r| Some(r) != head.approved) {
        let why = format!(
            "revision {named:?} is not the approved one of {}/{}",
            head.locale, head.key
        );
        return problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None);
    }
    let item = ItemRef {
        locale: &head.locale,
        key: &head.key,
    };
    match editing::schedule(ctx, store, account, head, action, at.as_second()).await {
        Ok(job) => json_response(StatusCode::CREATED, &job_json(&job), None),
        Err(StepError::Forbidden) => forbidden(ctx, Action::Schedule, item),
        Err(StepError::Refused(why)) => problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None),
        Err(StepError::Store(e)) => unavailable(ctx, &e),
    }
}

/// `DELETE /api/content/v1/items/{locale}/{key}`: moves the item to the
/// trash (off the site when it was published, unless something still
/// points at it: 409 with why).
pub(crate) async fn delete_item(State(state): State<AppState>, Path(path): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (locale, key) = split(&path);
    let (account, _) = match bearer(&ctx, "DELETE /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (head, store) = match open(&ctx, &account, (&locale, &key), Action::Delete).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if head.published.is_some()
        && let Some(why) = editing::withdrawal_problems(&state, store, &locale, &key).await
    {
        return problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None);
    }
    match store
        .trash(&locale, &key, &super::session::actor(&ctx, &account.email))
        .await
    {
        Ok(after) => {
            if head.published.is_some() {
                state.published(&locale, &key);
            }
            json_response(StatusCode::OK, &item_json(&after, ""), Some(after.head))
        }
        Err(e) => unavailable(&ctx, &e),
    }
}

/// `POST …/untrash`: the item back out of the trash, unpublished.
pub(super) async fn untrash(ctx: &Ctx<'_>, item_path: &str) -> Response {
    let (locale, key) = split(item_path);
    let (account, _) = match bearer(ctx, "POST /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (head, store) = match open(ctx, &account, (&locale, &key), Action::Delete).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if head.trashed.is_none() {
        let why = format!("{locale}/{key} is not in the trash.");
        return problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None);
    }
    match store
        .untrash(&locale, &key, &super::session::actor(ctx, &account.email))
        .await
    {
        Ok(after) => json_response(StatusCode::OK, &item_json(&after, ""), Some(after.head)),
        Err(e) => unavailable(ctx, &e),
    }
}
/// `POST …/items/{locale}/{key}`: a new item at
/// `content/<locale>/<key>.md`, its first draft `{"text": …}` (201), or
/// 409 when the item (or its file) exists.
pub(super) async fn create(ctx: &Ctx<'_>, (locale, path): (&str, &str), body: axum::body::Body) -> Response {
    let (account, _) = match bearer(ctx, "POST /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let account = &account;
    let key = split(path).1;
    let key = key.as_str();
    let Some(store) = ctx.state.store() else {
        return unavailable(ctx, &"no store");
    };
    // Each part of the key an address segment, as the editor's form asks.
    let plain = key.split('/').all(super::create::plain_slug);
    let known = ctx
        .state
        .model()
        .is_some_and(|m| m.site.config().locales.iter().any(|l| l.code == locale));
    if !plain || !known {
        return not_found(
            ctx,
            "A new item's key is lower-case words, digits and hyphens separated by /, in a locale of the site.",
        );
    }
    let item = ItemRef { locale, key };
    let target = portico_auth::Target::Item {
        path: key,
        locale,
        owner: Some(account.id),
    };
    if !portico_auth::may(&account.grant(), Action::Create, target).allowed() {
        return forbidden(ctx, Action::Create, item);
    }
    match store.item(locale, key).await {
        Ok(Some(h)) => {
            let why = format!("{locale}/{} exists already (revision {}).", h.key, h.head);
            return problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None);
        }
        Ok(None) => {}
        Err(e) => return unavailable(ctx, &e),
    }
    let (text, _) = match save_body(ctx, body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text = text.as_str();
    let path = format!("{key}.md");
    if let Some(m) = ctx.state.model() {
        let diags = portico_content::check_file(&m.site, &m.root, locale, &path, text);
        if !diags.0.is_empty() {
            return invalid(ctx, &diags);
        }
    }
    let new = portico_store::NewItem {
        locale,
        key,
        path: &path,
        text,
        owner: account.id,
    };
    match store
        .create_item(&new, &super::session::actor(ctx, &account.email))
        .await
    {
        Ok(rev) => match store.item(locale, key).await {
            Ok(Some(h)) => json_response(StatusCode::CREATED, &item_json(&h, &rev.text), Some(rev.id)),
            Ok(None) => unavailable(ctx, &"the new item vanished"),
            Err(e) => unavailable(ctx, &e),
        },
        Err(portico_store::StoreError::Conflict(why)) => {
            problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None)
        }
        Err(e) => unavailable(ctx, &e),
    }
}
