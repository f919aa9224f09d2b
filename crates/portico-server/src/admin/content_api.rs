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

pub(super) fn json_response(status: StatusCode, body: &Value, etag: Option<i64>) -> Response {
    let mut b = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(v) = etag.and_then(|id| HeaderValue::from_str(&format!("\"{id}\"")).ok()) {
        b = b.header(header::ETAG, v);
    }
    b.body(AxumBody::from(body.to_string())).unwrap_or_default()
}

pub(super) fn item_json(head: &ItemHead, text: &str) -> Value {
    json!({
        "key": head.key,
        "locale": head.locale,
        "path": head.path,
        "revision": head.head,
        "published_revision": head.published,
        "state": if head.trashed.is_some() { "trashed" } else if head.has_draft() { "draft" } else { "published" },
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
    let value = ctx.headers.get(header::IF_MATCH)?.to_str().ok();
    let first = value.and_then(|v| v.split(',').next()).unwrap_or("").trim();
    let tag = first.strip_prefix("W/").unwrap_or(first);
    let id = tag
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i64>().ok());
    Some(id)
}

pub(super) fn unavailable(ctx: &Ctx<'_>, e: &dyn std::fmt::Display) -> Response {
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
pub(super) async fn find(ctx: &Ctx<'_>, locale: &str, key: &str) -> Result<ItemHead, Response> {
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

pub(super) fn forbidden(ctx: &Ctx<'_>, action: Action, item: ItemRef<'_>) -> Response {
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

pub(super) fn split(path: &str) -> (String, String) {
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
            && let Ok(id) = id.parse::<i64>()
        {
            if !(1..=MAX_ID).contains(&id) {
                return not_found(&ctx, "Revisions are numbered from 1.");
            }
            (locale, key) = split(rest);
            wanted = Wanted::Revision(id);
        }
    }
    let head = match open(&ctx, &account, (&locale, &key), Action::ReadDraft).await {
        Ok((h, _)) => h,
        Err(r) => return r,
    };
    if head.trashed.is_some() {
        return gone(&ctx, &head);
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
        Some(None) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "Bad Request",
                "If-Match names one revision, quoted: \"12\".",
                ctx.trace.trace_id(),
                None,
            );
        }
        Some(Some(id)) => id,
    };
    let (text, message) = match save_body(&ctx, body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (text, message) = (text.as_str(), message.as_str());
    let (head, store) = match open(&ctx, &account, (&locale, &key), Action::Edit).await {
        Ok((h, _)) if h.trashed.is_some() => return gone(&ctx, &h),
        Ok(x) => x,
        Err(r) => return r,
    };
    if base != head.head {
        return stale(&ctx, &head);
    }
    let diags = editing::check(&ctx, &head, text);
    if !diags.0.is_empty() {
        return invalid(&ctx, &diags);
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

pub(super) fn stale(ctx: &Ctx<'_>, head: &ItemHead) -> Response {
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
    if let Some(item_path) = path.strip_suffix("/untrash") {
        return super::content_api_changes::untrash(&ctx, item_path).await;
    }
    let Some((item_path, step)) = path.rsplit_once('/').and_then(|(p, s)| Some((p, Step::parse(s)?))) else {
        // No step: a new item at that key.
        return super::content_api_changes::create(&ctx, (&locale_of(&path), &path), body).await;
    };
    let (locale, key) = split(item_path);
    let (account, _) = match bearer(&ctx, "POST /api/content/v1/items").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    // The body first: a malformed one is refused whatever the item's state.
    let asked = match step_body(&parts.headers, body, step).await {
        Ok(b) => b,
        Err((status, detail)) => {
            return problem(
                status,
                status.canonical_reason().unwrap_or("Bad Request"),
                detail,
                ctx.trace.trace_id(),
                None,
            );
        }
    };
    let head = match find(&ctx, &locale, &key).await {
        Ok(h) if h.trashed.is_some() => return gone(&ctx, &h),
        Ok(h) => h,
        Err(r) => return r,
    };
    let Some(store) = state.store() else {
        return unavailable(&ctx, &"no store");
    };
    if let Some(at) = asked.at {
        return super::content_api_changes::schedule(&ctx, (store, &account), &head, (step, asked.revision), at).await;
    }
    // Submit defaults to the latest revision; approve and publish name theirs.
    let revision = match (asked.revision, step) {
        (Some(r), _) => r,
        (None, Step::Submit) => head.head,
        _ => -1,
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

pub(super) fn not_found(ctx: &Ctx<'_>, detail: &str) -> Response {
    problem(StatusCode::NOT_FOUND, "Not Found", detail, ctx.trace.trace_id(), None)
}

pub(super) fn unprocessable(ctx: &Ctx<'_>, detail: &str) -> Response {
    problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Unprocessable Content",
        detail,
        ctx.trace.trace_id(),
        None,
    )
}

/// 422 with every problem of a text, as the compiler reports them.
pub(super) fn invalid(ctx: &Ctx<'_>, diags: &portico_content::Diagnostics) -> Response {
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
    problem_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Unprocessable Content",
        &detail,
        ctx.trace.trace_id(),
        extra,
    )
}

/// `GET /api/content/v1/openapi.json`: the content API's OpenAPI document.
pub(crate) async fn openapi(State(state): State<AppState>) -> Response {
    let locales: Vec<String> = state
        .model()
        .map(|m| m.site.config().locales.iter().map(|l| l.code.clone()).collect())
        .unwrap_or_default();
    let doc = crate::openapi::content_document(&locales);
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(AxumBody::from(doc.to_string()))
        .unwrap_or_default()
}

fn locale_of(path: &str) -> String {
    split(path).0
}

/// 410: the item is in the trash (`POST …/untrash` brings it back).
pub(super) fn gone(ctx: &Ctx<'_>, head: &ItemHead) -> Response {
    problem(
        StatusCode::GONE,
        "Gone",
        &format!(
            "{}/{} is in the trash: POST …/untrash to bring it back.",
            head.locale, head.key
        ),
        ctx.trace.trace_id(),
        None,
    )
}

/// What a path under `/api/content/v1/items/` is, by its last words: a
/// step (POST), revisions (GET), else an item (GET, PUT, DELETE, and POST
/// to create it) — the methods a 405 lists in `Allow`.
fn allowed(path: &str) -> &'static str {
    let last = path.rsplit('/').next().unwrap_or("");
    let before = path.rsplit('/').nth(1).unwrap_or("");
    if Step::parse(last).is_some() || last == "untrash" {
        "POST"
    } else if last == "revisions" || (before == "revisions" && last.parse::<i64>().is_ok()) {
        "GET, HEAD"
    } else {
        "GET, HEAD, PUT, POST, DELETE"
    }
}

/// Every method of `/api/content/v1/items/{*path}`: each to its handler
/// when the path's shape takes it, else 405 with the methods it does.
pub(crate) async fn dispatch(state: State<AppState>, path: Path<String>, req: Request) -> Response {
    let allow = allowed(&path.0);
    let method = req.method().clone();
    let takes = |m: &str| allow.split(", ").any(|a| a == m);
    match method.as_str() {
        "GET" | "HEAD" if takes("GET") => get_item(state, path, req).await,
        "PUT" if takes("PUT") => put_item(state, path, req).await,
        "POST" if takes("POST") => post_step(state, path, req).await,
        "DELETE" if takes("DELETE") => super::content_api_changes::delete_item(state, path, req).await,
        _ => {
            let (parts, _) = req.into_parts();
            let ctx = Ctx::new(&state, &parts);
            let mut r = problem(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method Not Allowed",
                &format!("This address takes {allow}."),
                ctx.trace.trace_id(),
                None,
            );
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
            r
        }
    }
}

/// What a step's body asks: the revision and, to schedule, the time.
struct StepBody {
    revision: Option<i64>,
    at: Option<jiff::Timestamp>,
}

/// Reads a step's body — none, or a JSON object with an integer
/// `revision` (required to approve and publish) and an RFC 3339 `at`
/// (only to publish or unpublish) — or says what is wrong with it.
async fn step_body(
    headers: &http::HeaderMap,
    body: AxumBody,
    step: Step,
) -> Result<StepBody, (StatusCode, &'static str)> {
    const SHAPE: &str = "The body, if any, is a JSON object: {\"revision\": id, \"at\": RFC 3339 date and time}.";
    let value = if headers.contains_key(header::CONTENT_TYPE) {
        read_json(headers, body, MAX_CONTENT_BYTES)
            .await
            .map_err(|s| (s, SHAPE))?
    } else {
        Value::Object(serde_json::Map::new())
    };
    let Some(object) = value.as_object() else {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, SHAPE));
    };
    let revision = match object.get("revision") {
        None => None,
        Some(v) => Some(revision_id(v).ok_or((
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"revision\" is a revision's id: a whole number from 1.",
        ))?),
    };
    let at = match object.get("at") {
        None => None,
        Some(_) if !matches!(step, Step::Publish | Step::Unpublish) => {
            return Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                "Only …/publish and …/unpublish can be scheduled.",
            ));
        }
        Some(v) => Some(v.as_str().and_then(|a| a.parse::<jiff::Timestamp>().ok()).ok_or((
            StatusCode::UNPROCESSABLE_ENTITY,
            "\"at\" is an RFC 3339 date and time with its offset: 2027-03-14T09:30:00+01:00.",
        ))?),
    };
    if revision.is_none() && matches!(step, Step::Approve | Step::Publish) {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "Name the revision: {\"revision\": id}.",
        ));
    }
    Ok(StepBody { revision, at })
}

/// The largest id a JSON number carries exactly (2^53 - 1).
const MAX_ID: i64 = 9_007_199_254_740_991;

/// A revision's id as JSON gives it: a whole number from 1 (`12` or
/// `12.0`), within what JSON numbers carry exactly.
fn revision_id(v: &Value) -> Option<i64> {
    let n = match v.as_i64() {
        Some(n) => n,
        None => {
            let f = v.as_f64()?;
            if f.fract() != 0.0 || !(1.0..=MAX_ID as f64).contains(&f) {
                return None;
            }
            f as i64
        }
    };
    (1..=MAX_ID).contains(&n).then_some(n)
}

/// A save's body: `{"text": the whole file, "message": optional}`, or the
/// problem to answer.
pub(super) async fn save_body(ctx: &Ctx<'_>, body: AxumBody) -> Result<(String, String), Response> {
    let value = read_json(ctx.headers, body, MAX_CONTENT_BYTES)
        .await
        .map_err(|status| {
            problem(
                status,
                status.canonical_reason().unwrap_or("Bad Request"),
                "The body is a JSON object: {\"text\": the whole file, \"message\": optional}.",
                ctx.trace.trace_id(),
                None,
            )
        })?;
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| unprocessable(ctx, "The body needs \"text\": the whole file as a string."))?;
    let message = value.get("message").and_then(Value::as_str).unwrap_or("");
    Ok((text.to_string(), message.to_string()))
}

/// The item `locale`/`key` and the store, if the item exists and the
/// token's account may do `action` to it; else the problem to answer
/// (404, or 403 recorded in the audit trail).
pub(super) async fn open<'a>(
    ctx: &Ctx<'a>,
    account: &portico_store::Account,
    (locale, key): (&str, &str),
    action: Action,
) -> Result<(ItemHead, &'a portico_store::Store), Response> {
    let head = find(ctx, locale, key).await?;
    let store = ctx.state.store().ok_or_else(|| unavailable(ctx, &"no store"))?;
    let item = ItemRef { locale, key };
    if editing::permitted(ctx, store, account, action, item, Some(&head))
        .await
        .is_err()
    {
        return Err(forbidden(ctx, action, item));
    }
    Ok((head, store))
}

#[cfg(test)]
mod revision_id_tests {
    use super::*;

    /// `4352868032537302.0` is what a client wrote and schemathesis sent:
    /// without correctly rounded parsing it reads as `…302.5`.
    #[test]
    fn whole_numbers_written_as_floats_are_ids() {
        for text in ["12", "12.0", "4352868032537302.0", "9007199254740991"] {
            let v: Value = serde_json::from_str(text).expect("json");
            assert!(revision_id(&v).is_some(), "{text}");
        }
        for text in ["0", "-3", "1.5", "9007199254740992", "1e300", "\"7\""] {
            let v: Value = serde_json::from_str(text).expect("json");
            assert!(revision_id(&v).is_none(), "{text}");
        }
    }
}
