//! The content API: `/api/content/v1/items/{locale}/{key}` (the home page's
//! key is `_home`). GET answers the item's latest revision with its id as
//! the ETag; PUT `{"text": …, "message": …}` with `If-Match` saves a draft
//! on top of that revision. POST `…/submit`, `…/approve` (`{"revision":
//! id}`: exactly that one) and `…/publish` (`{"revision": id}`, the
//! approved one) move it through review. Errors are RFC 9457 problem
//! documents; a token acts as its account, with the account's role and
//! scope.

use axum::body::Body as AxumBody;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::Action;
use portico_store::{ItemHead, Saved};
use serde_json::{Value, json};

use super::api::{bearer, problem, problem_with};
use super::editing::{self, ItemRef, Step, StepError};
use crate::request::{MAX_CONTENT_BYTES, read_json};
use crate::respond::Ctx;
use crate::state::AppState;

/// The key in a URL that stands for the home page (whose key is empty).
const HOME: &str = "_home";

fn json_response(status: StatusCode, body: &Value, etag: Option<i64>) -> Response {
    let mut b = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(v) = etag.and_then(|id| HeaderValue::from_str(&format!("\"{id}\"")).ok()) {
        b = b.header(header::ETAG, v);
    }
    b.body(AxumBody::from(body.to_string())).unwrap_or_default()
}

fn item_json(head: &ItemHead, text: &str) -> Value {
    json!({
        "key": head.key,
        "locale": head.locale,
        "path": head.path,
        "revision": head.head,
        "published_revision": head.published,
        "state": if head.has_draft() { "draft" } else { "published" },
        "review": head.review,
        "approved_revision": head.approved,
        "author": head.author,
        "updated_at": head.updated_at,
        "hash": head.head_hash,
        "text": text,
    })
}

/// The revision an `If-Match` names (`"12"` or `W/"12"`; the first of a
/// list), or `None` when there is none or it is not one of ours.
fn if_match(ctx: &Ctx<'_>) -> Option<Option<i64>> {
    let value = ctx.headers.get(header::IF_MATCH)?.to_str().ok()?;
    let first = value.split(',').next().unwrap_or("").trim();
    let tag = first.trim_start_matches("W/").trim_matches('"');
    Some(tag.parse().ok())
}

fn unavailable(ctx: &Ctx<'_>, e: &dyn std::fmt::Display) -> Response {
    tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "the content store failed");
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "Service Unavailable",
        "The store is not available.",
        ctx.trace.trace_id(),
        None,
    )
}

/// The item a request names and its head, or the problem to answer.
async fn find(ctx: &Ctx<'_>, locale: &str, key: &str) -> Result<ItemHead, Response> {
    let Some(store) = ctx.state.store() else {
        return Err(unavailable(ctx, &"no store"));
    };
    match store.item(locale, key).await {
        Ok(Some(h)) => Ok(h),
        Ok(None) => Err(problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            &format!("There is no item {locale}/{key}."),
            ctx.trace.trace_id(),
            None,
        )),
        Err(e) => Err(unavailable(ctx, &e)),
    }
}

fn forbidden(ctx: &Ctx<'_>, action: Action, item: ItemRef<'_>) -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "Forbidden",
        &format!(
            "This token's account may not {} {} (its role or scope does not reach it).",
            action.as_str(),
            item.name()
        ),
        ctx.trace.trace_id(),
        None,
    )
}

fn split(path: &str) -> (String, String) {
    let (locale, key) = path.split_once('/').unwrap_or((path, ""));
    let key = key.trim_end_matches('/');
    let key = if key == HOME { "" } else { key };
    (locale.to_string(), key.to_string())
}

/// What a GET names: the item, its revisions, or one revision.
enum Wanted {
    Item,
    Revisions,
    Revision(i64),
}

/// `GET /api/content/v1/items/{locale}/{key}`, `…/revisions` (newest
/// first, without their text) and `…/revisions/{id}` (with it). A key
/// that is an item's own is the item, whatever its last word.
pub(crate) async fn get_item(State(state): State<AppState>, Path(path): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (account, _) = match bearer(&ctx, "GET /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    let (mut locale, mut key) = split(&path);
    let mut wanted = Wanted::Item;
    if matches!(store.item(&locale, &key).await, Ok(None)) {
        if let Some(rest) = path.strip_suffix("/revisions") {
            (locale, key) = split(rest);
            wanted = Wanted::Revisions;
        } else if let Some((rest, id)) = path.rsplit_once("/revisions/")
            && let Ok(id) = id.parse()
        {
            (locale, key) = split(rest);
            wanted = Wanted::Revision(id);
        }
    }
    let head = match find(&ctx, &locale, &key).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let item = ItemRef {
        locale: &locale,
        key: &key,
    };
    if editing::permitted(&ctx, store, &account, Action::ReadDraft, item, Some(&head))
        .await
        .is_err()
    {
        return forbidden(&ctx, Action::ReadDraft, item);
    }
    match wanted {
        Wanted::Item => match store.revision(head.head).await {
            Ok(Some(r)) => json_response(StatusCode::OK, &item_json(&head, &r.text), Some(head.head)),
            Ok(None) => unavailable(&ctx, &"a head revision is missing"),
            Err(e) => unavailable(&ctx, &e),
        },
        Wanted::Revisions => match store.revisions(&locale, &key).await {
            Ok(list) => {
                let list: Vec<Value> = list
                    .iter()
                    .map(|r| {
                        json!({
                            "id": r.id,
                            "parent": r.parent,
                            "author": r.author,
                            "message": r.message,
                            "created_at": r.created_at,
                            "hash": r.hash,
                            "published": head.published == Some(r.id),
                        })
                    })
                    .collect();
                json_response(StatusCode::OK, &json!({ "revisions": list }), None)
            }
            Err(e) => unavailable(&ctx, &e),
        },
        Wanted::Revision(id) => match store.revision(id).await {
            Ok(Some(r)) if r.locale == locale && r.key == key => json_response(StatusCode::OK, &json!(r), Some(r.id)),
            Ok(_) => problem(
                StatusCode::NOT_FOUND,
                "Not Found",
                &format!("{locale}/{key} has no revision {id}."),
                ctx.trace.trace_id(),
                None,
            ),
            Err(e) => unavailable(&ctx, &e),
        },
    }
}

/// `PUT /api/content/v1/items/{locale}/{key}`: a new draft revision.
pub(crate) async fn put_item(State(state): State<AppState>, Path(path): Path<String>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (locale, key) = split(&path);
    let (account, _) = match bearer(&ctx, "PUT /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let head = match find(&ctx, &locale, &key).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    let item = ItemRef {
        locale: &locale,
        key: &key,
    };
    if editing::permitted(&ctx, store, &account, Action::Edit, item, Some(&head))
        .await
        .is_err()
    {
        return forbidden(&ctx, Action::Edit, item);
    }
    let base = match if_match(&ctx) {
        None => {
            return problem(
                StatusCode::PRECONDITION_REQUIRED,
                "Precondition Required",
                "Send If-Match with the revision the text was based on (the ETag of a GET).",
                ctx.trace.trace_id(),
                None,
            );
        }
        Some(None) => -1,
        Some(Some(id)) => id,
    };
    let body = match read_json(&parts.headers, body, MAX_CONTENT_BYTES).await {
        Ok(v) => v,
        Err(status) => {
            return problem(
                status,
                status.canonical_reason().unwrap_or("Bad Request"),
                "The body is a JSON object: {\"text\": the whole file, \"message\": optional}.",
                ctx.trace.trace_id(),
                None,
            );
        }
    };
    let (Some(text), message) = (
        body.get("text").and_then(Value::as_str),
        body.get("message").and_then(Value::as_str).unwrap_or(""),
    ) else {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unprocessable Content",
            "The body needs \"text\": the whole file as a string.",
            ctx.trace.trace_id(),
            None,
        );
    };
    if base != head.head {
        return stale(&ctx, &head);
    }
    let diags = editing::check(&ctx, &head, text);
    if !diags.0.is_empty() {
        let list: Vec<Value> = diags
            .0
            .iter()
            .map(|d| {
                json!({
                    "file": d.file.to_string_lossy(),
                    "line": d.line,
                    "column": d.column,
                    "field": d.field,
                    "message": d.message,
                    "expected": d.expected,
                    "found": d.found,
                    "help": d.help,
                })
            })
            .collect();
        let mut extra = serde_json::Map::new();
        extra.insert("diagnostics".into(), Value::Array(list));
        let detail = format!("The text has {} problem(s); nothing was saved.", diags.0.len());
        return problem_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unprocessable Content",
            &detail,
            ctx.trace.trace_id(),
            extra,
        );
    }
    match editing::save(store, &account, &head, text, base, message).await {
        Ok(Saved::Created(rev)) => match store.item(&locale, &key).await {
            Ok(Some(h)) => json_response(StatusCode::OK, &item_json(&h, &rev.text), Some(rev.id)),
            Ok(None) => unavailable(&ctx, &"the item vanished"),
            Err(e) => unavailable(&ctx, &e),
        },
        Ok(Saved::Unchanged(h)) => json_response(StatusCode::OK, &item_json(&h, text), Some(h.head)),
        Ok(Saved::Stale(h)) => stale(&ctx, &h),
        Err(e) => unavailable(&ctx, &e),
    }
}

fn stale(ctx: &Ctx<'_>, head: &ItemHead) -> Response {
    let mut extra = serde_json::Map::new();
    extra.insert("current_revision".into(), json!(head.head));
    extra.insert("current_author".into(), json!(head.author));
    let mut r = problem_with(
        StatusCode::PRECONDITION_FAILED,
        "Precondition Failed",
        "The item has a newer revision than the one the text was based on; nothing was saved. GET it, merge, and send again with its ETag.",
        ctx.trace.trace_id(),
        extra,
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", head.head)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// `POST /api/content/v1/items/{locale}/{key}/{submit|approve|publish}`.
pub(crate) async fn post_step(State(state): State<AppState>, Path(path): Path<String>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let Some((item_path, step)) = path.rsplit_once('/').and_then(|(p, s)| Some((p, Step::parse(s)?))) else {
        return problem(
            StatusCode::NOT_FOUND,
            "Not Found",
            "POST to …/submit, …/approve or …/publish.",
            ctx.trace.trace_id(),
            None,
        );
    };
    let (locale, key) = split(item_path);
    let (account, _) = match bearer(&ctx, "POST /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let head = match find(&ctx, &locale, &key).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    let body = if parts.headers.contains_key(header::CONTENT_TYPE) {
        match read_json(&parts.headers, body, MAX_CONTENT_BYTES).await {
            Ok(v) => v,
            Err(status) => {
                return problem(
                    status,
                    status.canonical_reason().unwrap_or("Bad Request"),
                    "The body, if any, is a JSON object: {\"revision\": id}.",
                    ctx.trace.trace_id(),
                    None,
                );
            }
        }
    } else {
        Value::Null
    };
    if body.get("at").is_some() {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unprocessable Content",
            "Scheduled publishing is not available yet: publish now, without \"at\".",
            ctx.trace.trace_id(),
            None,
        );
    }
    // Submit defaults to the latest revision; approve and publish name theirs.
    let revision = match (body.get("revision").and_then(Value::as_i64), step) {
        (Some(r), _) => r,
        (None, Step::Submit) => head.head,
        (None, _) => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Unprocessable Content",
                "Name the revision: {\"revision\": id}.",
                ctx.trace.trace_id(),
                None,
            );
        }
    };
    let item = ItemRef {
        locale: &locale,
        key: &key,
    };
    match editing::take_step(&ctx, store, &account, &head, step, revision, None).await {
        Ok(after) => {
            let text = match store.revision(after.head).await {
                Ok(Some(r)) => r.text,
                _ => String::new(),
            };
            json_response(StatusCode::OK, &item_json(&after, &text), Some(after.head))
        }
        Err(StepError::Forbidden) => forbidden(&ctx, step.action(), item),
        Err(StepError::Refused(why)) => problem(StatusCode::CONFLICT, "Conflict", &why, ctx.trace.trace_id(), None),
        Err(StepError::Store(e)) => unavailable(&ctx, &e),
    }
}
