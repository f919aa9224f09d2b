//! The editor's pages: the content tree (each item by section, each
//! translation's state) and an item's page, whose form saves the text as a
//! draft revision on top of the revision the page was opened at. Plain
//! forms, no script needed. A save whose base is no longer the head is
//! never written over it: the page comes back with the typed text and the
//! newer revision's side by side, the form now based on the newer one.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Target, may};
use portico_store::{Autosave, ItemHead, Review, Revision, Saved, Session};
use serde_json::{Value, json};

use super::editing::{self, ItemRef, Step, StepError};
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, message, render, see_other, unavailable};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// The notices a redirect to an item's page may ask for (by their last
/// word: `done=saved`).
const DONE: [&str; 6] = [
    "admin-item-saved",
    "admin-item-merged",
    "admin-item-restored",
    "admin-item-submitted",
    "admin-item-approved",
    "admin-item-published",
];

/// How many revisions an item's page lists.
const HISTORY: usize = 20;

fn t(ctx: &Ctx<'_>, key: &str, args: &[(&str, String)]) -> String {
    ctx.snapshot.live.text(&ctx.negotiated_locale(), key, args)
}

/// The address of an item's page.
fn item_url(locale: &str, key: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("locale", locale)
        .append_pair("key", key)
        .finish();
    format!("/admin/content/item?{q}")
}

/// How many items a section's page lists.
const PER_PAGE: i64 = 100;

/// `GET /admin/content`: the sections, each with its items and drafts per
/// locale; `?section=NAME[&page=N]`: that section's items, a page at a
/// time, with each translation's state.
pub(crate) async fn tree(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let locales: Vec<String> = match state.model() {
        Some(m) => m.site.config().locales.iter().map(|l| l.code.clone()).collect(),
        None => Vec::new(),
    };
    let query = staff.parts.uri.query();
    let view = match query_value(query, "section") {
        None => match store.section_counts().await {
            Ok(counts) => overview(&locales, &counts),
            Err(e) => return unavailable(&ctx, "the content tree cannot be read", &e),
        },
        Some(section) => {
            let page = query_value(query, "page")
                .and_then(|p| p.parse::<i64>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1);
            match store.section_items(&section, (page - 1) * PER_PAGE, PER_PAGE).await {
                Ok((items, total)) => section_view(&locales, &section, page, &items, total),
                Err(e) => return unavailable(&ctx, "the content tree cannot be read", &e),
            }
        }
    };
    let page = Page::new("content", "admin-content", view);
    render(&ctx, &ctx.negotiated_locale(), page, &Viewer::signed_in(&staff.session))
}

fn section_url(section: &str, page: i64) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("section", section);
    if page > 1 {
        q.append_pair("page", &page.to_string());
    }
    format!("/admin/content?{}", q.finish())
}

fn overview(locales: &[String], counts: &[portico_store::SectionCount]) -> Value {
    let mut sections: BTreeMap<&str, Vec<&portico_store::SectionCount>> = BTreeMap::new();
    for c in counts {
        sections.entry(&c.section).or_default().push(c);
    }
    let rows: Vec<Value> = sections
        .iter()
        .map(|(name, per_locale)| {
            let most = per_locale.iter().map(|c| c.items).max().unwrap_or(0);
            let cells: Vec<Value> = locales
                .iter()
                .map(|l| match per_locale.iter().find(|c| c.locale == *l) {
                    Some(c) => json!({ "locale": l, "items": c.items, "drafts": c.drafts, "in_review": c.in_review, "missing": most - c.items }),
                    None => json!({ "locale": l, "items": 0, "drafts": 0, "in_review": 0, "missing": most }),
                })
                .collect();
            json!({ "name": name, "url": section_url(name, 1), "items": most, "cells": cells })
        })
        .collect();
    let total: i64 = counts.iter().map(|c| c.items).sum();
    json!({ "locales": locales, "overview": rows, "count": total })
}

fn section_view(locales: &[String], section: &str, page: i64, items: &[ItemHead], total: i64) -> Value {
    let mut by_key: BTreeMap<&str, BTreeMap<&str, &ItemHead>> = BTreeMap::new();
    for i in items {
        by_key.entry(&i.key).or_default().insert(&i.locale, i);
    }
    let rows: Vec<Value> = by_key
        .iter()
        .map(|(key, per_locale)| {
            let cells: Vec<Value> = locales
                .iter()
                .map(|l| match per_locale.get(l.as_str()) {
                    Some(h) => json!({
                        "locale": l,
                        "state": if h.has_draft() { "draft" } else { "published" },
                        "url": item_url(l, key),
                    }),
                    None => json!({ "locale": l, "state": "missing" }),
                })
                .collect();
            json!({ "key": key, "cells": cells })
        })
        .collect();
    let pages = (total + PER_PAGE - 1) / PER_PAGE;
    json!({
        "locales": locales,
        "listing": { "name": section, "rows": rows, "page": page, "pages": pages, "count": total },
        "previous": (page > 1).then(|| section_url(section, page - 1)),
        "next": (page < pages).then(|| section_url(section, page + 1)),
    })
}

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
            .revisions(&head.locale, &head.key)
            .await
            .unwrap_or_default()
            .iter()
            .take(HISTORY)
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
    let review = match head.review {
        Review::None => "",
        Review::InReview => "in-review",
        Review::Approved => "approved",
    };
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
        "review": review,
        "head_hash": head.head_hash,
        "approved": head.approved,
        "can_submit": head.has_draft() && head.review == Review::None && can(Action::Submit),
        "can_approve": head.has_draft() && head.review != Review::Approved && can(Action::Approve),
        "can_publish": head.review == Review::Approved && can(Action::Publish),
        "history": history,
        "newer": view.newer.map(|r| json!({ "id": r.id, "author": r.author, "at": r.created_at, "text": r.text })),
        "kept": view.kept.map(|k| json!({ "at": k.saved_at, "base": k.base })),
        "others": others,
    });
    let page = Page::new("item", "admin-item", json!({ "item": data })).status(status);
    render(
        ctx,
        &ctx.negotiated_locale(),
        page,
        &Viewer {
            session: Some(session),
            errors,
            notice,
        },
    )
}

/// The item a request names, if it exists; else the page to answer.
async fn find(ctx: &Ctx<'_>, session: &Session, locale: &str, key: &str) -> Result<ItemHead, Response> {
    let Some(store) = ctx.state.store() else {
        return Err(ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE));
    };
    match store.item(locale, key).await {
        Ok(Some(h)) => Ok(h),
        Ok(None) => Err(message(
            ctx,
            "admin-item",
            &t(ctx, "admin-item-missing", &[("item", format!("{locale}/{key}"))]),
            StatusCode::NOT_FOUND,
            Some(session),
        )),
        Err(e) => Err(unavailable(ctx, "an item cannot be read", &e)),
    }
}

fn forbidden(ctx: &Ctx<'_>, session: &Session) -> Response {
    message(
        ctx,
        "admin-forbidden-title",
        &t(ctx, "admin-item-forbidden", &[]),
        StatusCode::FORBIDDEN,
        Some(session),
    )
}

/// The item a request names and the store, if the item exists and the
/// session may do `action` to it; else the page to answer (404, or a 403
/// recorded in the audit trail).
async fn open_item<'a>(
    ctx: &Ctx<'a>,
    session: &Session,
    locale: &str,
    key: &str,
    action: Action,
) -> Result<(ItemHead, &'a portico_store::Store), Response> {
    let head = find(ctx, session, locale, key).await?;
    let Some(store) = ctx.state.store() else {
        return Err(ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE));
    };
    let item = ItemRef { locale, key };
    if editing::permitted(ctx, store, &session.account, action, item, Some(&head))
        .await
        .is_err()
    {
        return Err(forbidden(ctx, session));
    }
    Ok((head, store))
}

/// `GET /admin/content/item?locale=…&key=…`.
pub(crate) async fn item(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    let query = staff.parts.uri.query();
    let (Some(locale), Some(key)) = (query_value(query, "locale"), query_value(query, "key")) else {
        return see_other("/admin/content");
    };
    let (head, store) = match open_item(&ctx, session, &locale, &key, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
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
    };
    item_page(&ctx, session, view, &[], notice, StatusCode::OK).await
}

/// `POST /admin/content/item`: saves the text as a draft.
pub(crate) async fn save(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (locale, key) = (field(form, "locale"), field(form, "key"));
    let head = match open_item(&ctx, session, locale, key, Action::Edit).await {
        Ok((h, _)) => h,
        Err(r) => return r,
    };
    // Browsers send a textarea's line breaks as CR LF.
    let text = field(form, "text").replace("\r\n", "\n");
    let message_text = field(form, "message").trim();
    let base: i64 = field(form, "base").parse().unwrap_or(-1);
    let mut text = text;
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
        };
        return item_page(&ctx, session, view, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match editing::save(store, &session.account, &head, &text, base, message_text).await {
        Ok(Saved::Created(_) | Saved::Unchanged(_)) => {
            if let Err(e) = store.clear_autosave(session.account.id, locale, key).await {
                tracing::warn!(trace.id = ctx.trace.trace_id(), error = %e, "kept text was not cleared");
            }
            let done = if merged { "merged" } else { "saved" };
            see_other(&format!("{}&done={done}", item_url(locale, key)))
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
            let done = match step {
                Step::Submit => "submitted",
                Step::Approve => "approved",
                Step::Publish => "published",
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
            let errors = [FieldError {
                field: "",
                text: t(&ctx, "admin-item-step-refused", &[]),
            }];
            let view = ItemView {
                head: &head,
                text: &text,
                base: head.head,
                message: "",
                newer: None,
                kept: None,
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
    let (locale, key) = (field(form, "locale"), field(form, "key"));
    let head = match open_item(&ctx, session, locale, key, Action::Edit).await {
        Ok((h, _)) => h,
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

/// `GET /admin/content/diff?locale=…&key=…&from=…&to=…`: what changed
/// between two revisions of an item, line by line.
pub(crate) async fn diff(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    let query = staff.parts.uri.query();
    let (Some(locale), Some(key)) = (query_value(query, "locale"), query_value(query, "key")) else {
        return see_other("/admin/content");
    };
    let (head, store) = match open_item(&ctx, session, &locale, &key, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let id = |name: &str| query_value(query, name).and_then(|v| v.parse::<i64>().ok());
    let (from, to) = (
        revision_of(store, &head, id("from")).await,
        revision_of(store, &head, id("to")).await,
    );
    let (Some(from), Some(to)) = (from, to) else {
        return message(
            &ctx,
            "admin-item-compare",
            &t(&ctx, "admin-item-compare-missing", &[]),
            StatusCode::NOT_FOUND,
            Some(session),
        );
    };
    let view = json!({
        "item": { "locale": locale, "key": key, "url": item_url(&locale, &key) },
        "from": { "id": from.id, "author": from.author, "at": from.created_at },
        "to": { "id": to.id, "author": to.author, "at": to.created_at },
        "lines": editing::diff_lines(&from.text, &to.text),
    });
    let mut page = Page::new("diff", "admin-item-compare", view);
    page.section = "item";
    render(&ctx, &ctx.negotiated_locale(), page, &Viewer::signed_in(session))
}

/// Revision `id`, if it is one of `head`'s item.
async fn revision_of(store: &portico_store::Store, head: &ItemHead, id: Option<i64>) -> Option<Revision> {
    store
        .revision(id?)
        .await
        .ok()
        .flatten()
        .filter(|r| r.locale == head.locale && r.key == head.key)
}

/// `POST /admin/content/item/autosave`: keeps what is being typed (the
/// editor's script sends it a moment after each change; a JSON answer), or
/// with `discard`, forgets it (a plain form).
pub(crate) async fn autosave(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (locale, key) = (field(form, "locale"), field(form, "key"));
    let head = match open_item(&ctx, session, locale, key, Action::Edit).await {
        Ok((h, _)) => h,
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
    let text = field(form, "text").replace("\r\n", "\n");
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
