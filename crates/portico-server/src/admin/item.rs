//! An item's page: its text — in a form generated from its type's
//! declaration (`form.rs`), or as the whole file in the text mode — saved
//! as a draft revision on top of the revision the page was opened at; its
//! review steps, history and restore; what the person typed and did not
//! save, kept on the server and offered back. Plain forms, no script
//! needed. A save whose base is no longer the head is never written over
//! it: changes on other lines are merged, else the page comes back with
//! the typed text and the newer revision's side by side.

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Target, may};
use portico_content::Diagnostic;
use portico_store::{Autosave, ItemHead, Review, Revision, Saved, Session};
use serde_json::{Value, json};

use super::content::{find, forbidden, item_url, posted_item, queried_item, t};
use super::editing::{self, Step, StepError};
use super::form;
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, render, see_other, unavailable};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// The notices a redirect to an item's page may ask for (by their last
/// word: `done=saved`).
const DONE: [&str; 12] = [
    "admin-item-saved",
    "admin-item-merged",
    "admin-item-restored",
    "admin-item-submitted",
    "admin-item-approved",
    "admin-item-published",
    "admin-item-unpublished",
    "admin-item-scheduled",
    "admin-item-cancelled",
    "admin-item-commented",
    "admin-item-untrashed",
    "admin-item-created",
];

/// How many revisions an item's page lists.
const HISTORY: i64 = 20;

/// What an item's page shows besides the common parts.
struct ItemView<'a> {
    head: &'a ItemHead,
    /// The text in the form.
    text: &'a str,
    /// The revision the form saves on top of.
    base: i64,
    message: &'a str,
    /// A newer revision than the one the person started from.
    newer: Option<&'a Revision>,
    /// Text this person typed and did not save, offered back.
    kept: Option<&'a Autosave>,
    /// The whole file in one text box, not the type's form.
    text_mode: bool,
    /// The form's fields as typed (a refused save), not read from `text`.
    typed: Option<&'a [(String, String)]>,
    /// The compiler's problems with the text (shown beside their fields).
    diags: &'a [Diagnostic],
}

/// Whether a request asks for the text mode (`mode=text`).
fn wants_text(mode: Option<&str>) -> bool {
    mode == Some("text")
}

/// The form of `text`'s type, for the page (`None`: only the text mode
/// can show it — no front matter, or front matter that is not TOML).
fn form_view(head: &ItemHead, text: &str, typed: Option<&[(String, String)]>, diags: &[Diagnostic]) -> Option<Value> {
    let (front, body) = form::split(text)?;
    let doc: toml_edit::DocumentMut = front.parse().ok()?;
    let decl = portico_content::schema::type_of(&head.path, doc.get("type").and_then(|t| t.as_str()));
    let body = typed
        .and_then(|f| f.iter().find(|(k, _)| k == "body").map(|(_, v)| v.as_str()))
        .unwrap_or(body);
    let elsewhere: Vec<&str> = diags
        .iter()
        .filter(|d| !form::shows_field(decl, d))
        .map(|d| d.message.as_str())
        .collect();
    Some(json!({
        "type": decl.name,
        "about": decl.about,
        "fields": form::fields_view(decl, Some(&doc), typed, diags),
        "field_list": form::field_list(decl),
        "body": body,
        "elsewhere": elsewhere,
    }))
}

/// The text a form submission stands for: its fields written into the
/// front matter of the revision it was opened on (`base`), its body.
async fn composed(
    store: &portico_store::Store,
    head: &ItemHead,
    base: i64,
    form: &[(String, String)],
) -> Result<String, String> {
    let opened = match store.revision(base).await {
        Ok(Some(r)) if r.locale == head.locale && r.key == head.key => r.text,
        _ => match store.revision(head.head).await {
            Ok(Some(r)) => r.text,
            _ => return Err("the revision the form was opened on cannot be read".into()),
        },
    };
    let (front, _) = form::split(&opened).ok_or("the file has no front matter")?;
    let doc: toml_edit::DocumentMut = front.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let decl = portico_content::schema::type_of(&head.path, doc.get("type").and_then(|t| t.as_str()));
    form::apply(decl, &opened, form)
}

async fn item_page(
    ctx: &Ctx<'_>,
    session: &Session,
    view: ItemView<'_>,
    errors: &[FieldError],
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let head = view.head;
    let history: Vec<Value> = match ctx.state.store() {
        Some(store) => store
            .history(&head.locale, &head.key, HISTORY)
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "author": r.author,
                    "at": r.created_at,
                    "message": r.message,
                    "published": head.published == Some(r.id),
                    "head": head.head == r.id,
                    "parent": r.parent,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let target = Target::Item {
        path: &head.key,
        locale: &head.locale,
        owner: head.owner,
    };
    // Others typing here (kept text in the last half hour): shown, not
    // enforced.
    let since = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_mins(30))
        .map(|t| format!("{t:.6}"))
        .unwrap_or_default();
    let others: Vec<Value> = match ctx.state.store() {
        Some(store) => store
            .others_editing(session.account.id, &head.locale, &head.key, &since)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|(email, at)| json!({ "email": email, "at": at }))
            .collect(),
        None => Vec::new(),
    };
    let grant = session.account.grant();
    let can = |action: Action| may(&grant, action, target).allowed();
    let data = json!({
        "locale": head.locale,
        "key": head.key,
        "path": format!("content/{}/{}", head.locale, head.path),
        "state": if head.has_draft() { "draft" } else { "published" },
        "head": head.head,
        "base": view.base,
        "text": view.text,
        "message": view.message,
        "can_edit": can(Action::Edit),
        "review": head.review.as_str(),
        "head_hash": head.head_hash,
        "approved": head.approved,
        "can_submit": head.has_draft() && head.review == Review::None && can(Action::Submit),
        "can_approve": head.has_draft() && head.review != Review::Approved && can(Action::Approve),
        "can_publish": head.review == Review::Approved && can(Action::Publish),
        "history": history,
        "newer": view.newer.map(|r| json!({ "id": r.id, "author": r.author, "at": r.created_at, "text": r.text })),
        "kept": view.kept.map(|k| json!({ "at": k.saved_at, "base": k.base })),
        "others": others,
        "workflow": super::workflow::item_extras(ctx, session, head).await,
        "form": if view.text_mode { None } else { form_view(head, view.text, view.typed, view.diags) },
        "url": item_url(&head.locale, &head.key),
        "preview": preview_view(ctx, head),
    });
    let page = Page::new("item", "admin-item", json!({ "item": data })).status(status);
    let mut r = render(
        ctx,
        &ctx.negotiated_locale(),
        page,
        &Viewer {
            session: Some(session),
            errors,
            notice,
        },
    );
    if let Some(csp) = super::preview::framing_csp(ctx.state) {
        r.headers_mut().insert(http::header::CONTENT_SECURITY_POLICY, csp);
    }
    r
}

/// `GET /admin/content/item?locale=…&key=…`.
pub(crate) async fn item(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    let query = staff.parts.uri.query();
    let (head, store) = match queried_item(&ctx, &staff, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (locale, key) = (head.locale.clone(), head.key.clone());
    let text = match store.revision(head.head).await {
        Ok(Some(r)) => r.text,
        Ok(None) => return unavailable(&ctx, "a head revision is missing", &"none"),
        Err(e) => return unavailable(&ctx, "a revision cannot be read", &e),
    };
    // Text this person typed here and did not save: offered back, or (asked
    // for) put in the form on the revision it was typed on.
    let kept = store
        .autosave(session.account.id, &locale, &key)
        .await
        .ok()
        .flatten()
        .filter(|k| k.text != text);
    if let Some(k) = kept
        .as_ref()
        .filter(|_| query_value(query, "kept").as_deref() == Some("1"))
    {
        let view = ItemView {
            head: &head,
            text: &k.text,
            base: k.base,
            message: &k.message,
            newer: None,
            kept: None,
            text_mode: wants_text(query_value(query, "mode").as_deref()),
            typed: None,
            diags: &[],
        };
        let notice = Some(t(&ctx, "admin-item-kept-restored", &[]));
        return item_page(&ctx, session, view, &[], notice, StatusCode::OK).await;
    }
    let notice = query_value(query, "done")
        .and_then(|d| DONE.iter().find(|k| k.strip_prefix("admin-item-") == Some(d.as_str())))
        .map(|k| t(&ctx, k, &[]));
    let view = ItemView {
        head: &head,
        text: &text,
        base: head.head,
        message: "",
        newer: None,
        kept: kept.as_ref(),
        text_mode: wants_text(query_value(query, "mode").as_deref()),
        typed: None,
        diags: &[],
    };
    item_page(&ctx, session, view, &[], notice, StatusCode::OK).await
}

/// `POST /admin/content/item`: saves the text as a draft.
pub(crate) async fn save(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::Edit).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let message_text = field(form, "message").trim();
    let base: i64 = field(form, "base").parse().unwrap_or(-1);
    let in_form = field(form, "mode") == "form";
    let mut text = if in_form {
        match composed(store, &head, base, form).await {
            Ok(t) => t,
            Err(why) => {
                let text = format!("{} {why}", t(&ctx, "admin-item-form-unusable", &[]));
                return super::workflow::refused(
                    &ctx,
                    session,
                    &text,
                    &format!("{}&mode=text", item_url(locale, key)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            }
        }
    } else {
        // Browsers send a textarea's line breaks as CR LF.
        field(form, "text").replace("\r\n", "\n")
    };
    let mut merged = false;
    if base != head.head {
        // Saved meanwhile by someone else: merged when the two changed
        // different lines, else shown side by side.
        match editing::merge_stale(store, &head, base, &text).await {
            Some(m) => {
                text = m;
                merged = true;
            }
            None => return conflict(&ctx, session, &head, &text, message_text).await,
        }
    }
    let base = head.head;
    let diags = editing::check(&ctx, &head, &text);
    if !diags.0.is_empty() {
        let errors: Vec<FieldError> = diags
            .0
            .iter()
            .map(|d| FieldError {
                field: "text",
                text: format!(
                    "{} {}:{}{} — {}",
                    t(&ctx, "admin-item-line", &[]),
                    d.line,
                    d.column,
                    d.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default(),
                    d.message
                ),
            })
            .collect();
        let view = ItemView {
            head: &head,
            text: &text,
            base,
            message: message_text,
            newer: None,
            kept: None,
            text_mode: !in_form,
            typed: in_form.then_some(form.as_slice()),
            diags: &diags.0,
        };
        return item_page(&ctx, session, view, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match editing::save(store, &session.account, &head, &text, base, message_text).await {
        Ok(Saved::Created(_) | Saved::Unchanged(_)) => {
            if let Err(e) = store.clear_autosave(session.account.id, locale, key).await {
                tracing::warn!(trace.id = ctx.trace.trace_id(), error = %e, "kept text was not cleared");
            }
            let done = if merged { "merged" } else { "saved" };
            see_other(&format!(
                "{}{}&done={done}",
                item_url(locale, key),
                if in_form { "" } else { "&mode=text" }
            ))
        }
        Ok(Saved::Stale(current)) => conflict(&ctx, session, &current, &text, message_text).await,
        Err(e) => unavailable(&ctx, "a draft could not be saved", &e),
    }
}

/// Someone saved first: the person's text stays in the form, now based on
/// the newer revision, which is shown beside it to merge by hand.
async fn conflict(ctx: &Ctx<'_>, session: &Session, head: &ItemHead, text: &str, message_text: &str) -> Response {
    let newer = match ctx.state.store() {
        Some(store) => store.revision(head.head).await.ok().flatten(),
        None => None,
    };
    let errors = [FieldError {
        field: "text",
        text: t(ctx, "admin-item-conflict", &[("author", head.author.clone())]),
    }];
    let view = ItemView {
        head,
        text,
        base: head.head,
        message: message_text,
        newer: newer.as_ref(),
        kept: None,
        text_mode: true,
        typed: None,
        diags: &[],
    };
    item_page(ctx, session, view, &errors, None, StatusCode::CONFLICT).await
}

/// `POST /admin/content/item/step`: submit, approve (the revision and its
/// hash, as the reviewer's page showed them) or publish.
pub(crate) async fn step(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (locale, key) = (field(form, "locale"), field(form, "key"));
    let Some(step) = Step::parse(field(form, "step")) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    let head = match find(&ctx, session, locale, key).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let revision: i64 = field(form, "revision").parse().unwrap_or(-1);
    let hash = Some(field(form, "hash")).filter(|h| !h.is_empty());
    match editing::take_step(&ctx, store, &session.account, &head, step, revision, hash).await {
        Ok(_) => {
            let at = (Some(revision).filter(|r| *r >= 0), step.as_str());
            super::workflow::leave_comment(&ctx, store, session, &head, at, field(form, "comment")).await;
            let done = match step {
                Step::Submit => "submitted",
                Step::Approve => "approved",
                Step::Publish => "published",
                Step::Unpublish => "unpublished",
            };
            see_other(&format!("{}&done={done}", item_url(locale, key)))
        }
        Err(StepError::Forbidden) => forbidden(&ctx, session),
        Err(StepError::Refused(why)) => {
            tracing::info!(trace.id = ctx.trace.trace_id(), step = step.as_str(), reason = %why, "a workflow step was refused");
            let text = match store.revision(head.head).await {
                Ok(Some(r)) => r.text,
                _ => String::new(),
            };
            let refusal = match step {
                // What still points at the item, in the compiler's words.
                Step::Unpublish => format!("{} {why}", t(&ctx, "admin-item-unpublish-refused", &[])),
                _ => t(&ctx, "admin-item-step-refused", &[]),
            };
            let errors = [FieldError {
                field: "",
                text: refusal,
            }];
            let view = ItemView {
                head: &head,
                text: &text,
                base: head.head,
                message: "",
                newer: None,
                kept: None,
                text_mode: false,
                typed: None,
                diags: &[],
            };
            item_page(&ctx, session, view, &errors, None, StatusCode::CONFLICT).await
        }
        Err(StepError::Store(e)) => unavailable(&ctx, "a workflow step failed", &e),
    }
}

/// `POST /admin/content/item/restore`: an old revision's text as a new
/// draft on top of the head (audited).
pub(crate) async fn restore(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::Edit).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let revision: i64 = field(form, "revision").parse().unwrap_or(-1);
    let by = super::session::actor(&ctx, &session.account.email);
    match store.restore(locale, key, revision, head.head, &by).await {
        Ok(Saved::Created(_) | Saved::Unchanged(_)) => see_other(&format!("{}&done=restored", item_url(locale, key))),
        Ok(Saved::Stale(_)) | Err(portico_store::StoreError::NotFound(_)) => see_other(&item_url(locale, key)),
        Err(e) => unavailable(&ctx, "a revision could not be restored", &e),
    }
}

/// `POST /admin/content/item/autosave`: keeps what is being typed (the
/// editor's script sends it a moment after each change; a JSON answer), or
/// with `discard`, forgets it (a plain form).
pub(crate) async fn autosave(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::Edit).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let account = session.account.id;
    if !field(form, "discard").is_empty() {
        return match store.clear_autosave(account, locale, key).await {
            Ok(()) => see_other(&item_url(locale, key)),
            Err(e) => unavailable(&ctx, "kept text could not be let go", &e),
        };
    }
    let base: i64 = field(form, "base").parse().unwrap_or(head.head);
    let text = if field(form, "mode") == "form" {
        // What the form's fields stand for, as a whole file.
        composed(store, &head, base, form).await.unwrap_or_default()
    } else {
        field(form, "text").replace("\r\n", "\n")
    };
    if text.is_empty() {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let kept = store
        .put_autosave(account, locale, key, base, &text, field(form, "message").trim())
        .await;
    let (status, body) = match kept {
        Ok(at) => (StatusCode::OK, json!({ "saved_at": at })),
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "typed text was not kept");
            (StatusCode::SERVICE_UNAVAILABLE, json!({ "status": 503 }))
        }
    };
    Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(http::header::CACHE_CONTROL, "no-store")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap_or_default()
}

/// The item's previews: the staff's, and a link to the latest revision
/// for a reviewer without an account, with when it stops working.
fn preview_view(ctx: &Ctx<'_>, head: &ItemHead) -> Value {
    let until = ctx.state.clock().now_seconds() + super::preview::LINK_SECONDS;
    let link = super::preview::link(ctx.state, (&head.locale, &head.key), head.head, until);
    let base = ctx.state.public_url().unwrap_or_default();
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("locale", &head.locale)
        .append_pair("key", &head.key)
        .finish();
    json!({
        "url": format!("/admin/content/preview?{q}"),
        "live": format!("/admin/content/preview?{q}&kept=1"),
        "link": format!("{}{link}", base.trim_end_matches('/')),
        "until": crate::schedule::show(until, &crate::schedule::site_zone(ctx.state)),
        "revision": head.head,
    })
}
