//! An item's workflow beyond a save, from its page: schedule a publication
//! or unpublication in the site's time zone (and cancel it), leave a
//! comment, move the item to the trash and back; the trash's own page.
//! Plain forms; each answers with the item's page (or the trash) again.

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Target, may};
use portico_store::{ItemHead, Job, JobAction, Session};
use serde_json::{Value, json};

use super::content::{item_url, posted_item, t};
use super::editing::{self, StepError};
use super::staff::{Staff, StaffPost, field};
use super::view::{Page, Viewer, render, see_other, unavailable};
use crate::respond::Ctx;
use crate::schedule::{LATE_AFTER_SECONDS, local_value, parse_local, rfc3339, show, site_zone};
use crate::state::AppState;

/// A page that says why something was not done, with the way back.
pub(crate) fn refused(ctx: &Ctx<'_>, session: &Session, text: &str, back: &str, status: StatusCode) -> Response {
    let view = json!({
        "text": text,
        "link": { "url": back, "label": t(ctx, "admin-item-back", &[]) },
    });
    let mut page = Page::new("message", "admin-item", view).status(status);
    page.section = "item";
    render(ctx, &ctx.negotiated_locale(), page, &Viewer::signed_in(session))
}

/// A job as the editor's pages show it (the item's page, the dashboard):
/// its time in the site's time zone, and late when pending past its time.
pub(crate) fn job_view(j: &Job, zone: &jiff::tz::TimeZone, now: i64) -> Value {
    json!({
        "id": j.id,
        "name": format!("{}/{}", j.locale, j.key),
        "url": item_url(&j.locale, &j.key),
        "action": j.action.as_str(),
        "revision": j.revision,
        "at": rfc3339(j.run_at),
        "shown": show(j.run_at, zone),
        "state": if j.is_late(now, LATE_AFTER_SECONDS) { "late" } else { j.state.as_str() },
        "pending": j.state == portico_store::JobState::Pending,
        "by": j.created_by,
        "error": j.error,
    })
}

/// What an item's page shows of its workflow: its jobs (in the site's
/// time zone), its comments, the schedule form's defaults, and what the
/// person may do.
pub(crate) async fn item_extras(ctx: &Ctx<'_>, session: &Session, head: &ItemHead) -> Value {
    let Some(store) = ctx.state.store() else {
        return json!({});
    };
    let zone = site_zone(ctx.state);
    let now = ctx.state.clock().now();
    let jobs: Vec<Value> = store
        .item_jobs(&head.locale, &head.key)
        .await
        .unwrap_or_default()
        .iter()
        .map(|j| job_view(j, &zone, now.as_second()))
        .collect();
    let comments: Vec<Value> = store
        .comments(&head.locale, &head.key)
        .await
        .unwrap_or_default()
        .iter()
        .map(|c| json!({ "step": c.step, "author": c.author, "at": c.created_at, "text": c.text, "revision": c.revision }))
        .collect();
    let target = Target::Item {
        path: &head.key,
        locale: &head.locale,
        owner: head.owner,
    };
    let grant = session.account.grant();
    let can = |action: Action| may(&grant, action, target).allowed();
    let soon = now.checked_add(jiff::SignedDuration::from_hours(1)).unwrap_or(now);
    json!({
        "jobs": jobs,
        "comments": comments,
        "zone": zone.iana_name().unwrap_or("UTC"),
        "schedule_default": local_value(soon, &zone),
        "can_schedule": can(Action::Schedule) && head.approved.is_some(),
        "can_unpublish": can(Action::Unpublish) && head.published.is_some(),
        "can_cancel": can(Action::Schedule),
        "can_trash": can(Action::Delete),
        "can_comment": can(Action::ReadDraft),
    })
}

/// `POST /admin/content/item/schedule`: `action` (publish, unpublish) at
/// `at`, a local date and time in the site's time zone.
pub(crate) async fn schedule(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = item_url(locale, key);
    let action = match field(form, "action") {
        "publish" => JobAction::Publish,
        "unpublish" => JobAction::Unpublish,
        _ => return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST),
    };
    let zone = site_zone(&state);
    let Some(at) = parse_local(field(form, "at"), &zone) else {
        let text = t(
            &ctx,
            "admin-schedule-bad-time",
            &[("value", field(form, "at").to_string())],
        );
        return refused(&ctx, session, &text, &back, StatusCode::UNPROCESSABLE_ENTITY);
    };
    if at < state.clock().now() {
        let text = t(&ctx, "admin-schedule-past", &[("at", show(at.as_second(), &zone))]);
        return refused(&ctx, session, &text, &back, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match editing::schedule(&ctx, store, &session.account, &head, action, at.as_second()).await {
        Ok(job) => {
            leave_comment(
                &ctx,
                store,
                session,
                &head,
                (job.revision, "schedule"),
                field(form, "comment"),
            )
            .await;
            see_other(&format!("{back}&done=scheduled"))
        }
        Err(StepError::Forbidden) => super::content::forbidden(&ctx, session),
        Err(StepError::Refused(why)) => refused(&ctx, session, &why, &back, StatusCode::CONFLICT),
        Err(StepError::Store(e)) => unavailable(&ctx, "a job could not be scheduled", &e),
    }
}

/// `POST /admin/content/item/cancel`: cancels a pending job of the item.
pub(crate) async fn cancel(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (_, locale, key) = match posted_item(&ctx, &post, Action::Schedule).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = item_url(locale, key);
    let id: i64 = field(form, "job").parse().unwrap_or(-1);
    match store.job(id).await {
        Ok(Some(j)) if j.locale == locale && j.key == key => {}
        Ok(_) => return ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        Err(e) => return unavailable(&ctx, "a job cannot be read", &e),
    }
    let by = super::session::actor(&ctx, &session.account.email);
    match store.cancel_job(id, state.clock().now_seconds(), &by).await {
        Ok(_) => see_other(&format!("{back}&done=cancelled")),
        Err(portico_store::StoreError::Invalid(why)) => refused(&ctx, session, &why, &back, StatusCode::CONFLICT),
        Err(e) => unavailable(&ctx, "a job could not be cancelled", &e),
    }
}

/// Keeps a comment typed beside a step (nothing when it is empty).
pub(crate) async fn leave_comment(
    ctx: &Ctx<'_>,
    store: &portico_store::Store,
    session: &Session,
    head: &ItemHead,
    at: (Option<i64>, &str),
    text: &str,
) {
    if text.trim().is_empty() {
        return;
    }
    let (revision, step) = at;
    if let Err(e) = store
        .comment((&head.locale, &head.key), revision, step, &session.account.email, text)
        .await
    {
        tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a comment was not kept");
    }
}

/// `POST /admin/content/item/comment`: a comment on the item.
pub(crate) async fn comment(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = item_url(locale, key);
    let text = field(form, "text");
    if text.trim().is_empty() {
        let text = t(&ctx, "admin-comment-empty", &[]);
        return refused(&ctx, session, &text, &back, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match store
        .comment((locale, key), Some(head.head), "comment", &session.account.email, text)
        .await
    {
        Ok(_) => see_other(&format!("{back}&done=commented#comments-title")),
        Err(e) => unavailable(&ctx, "a comment could not be kept", &e),
    }
}

/// `POST /admin/content/item/trash`: moves the item to the trash (off the
/// site if it was published, after checking nothing points at it).
pub(crate) async fn trash(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store) = (&post.session, &post.store);
    let (head, locale, key) = match posted_item(&ctx, &post, Action::Delete).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let back = item_url(locale, key);
    if head.published.is_some()
        && let Some(why) = editing::withdrawal_problems(&state, store, locale, key).await
    {
        let text = format!("{} {why}", t(&ctx, "admin-item-unpublish-refused", &[]));
        return refused(&ctx, session, &text, &back, StatusCode::CONFLICT);
    }
    let by = super::session::actor(&ctx, &session.account.email);
    match store.trash(locale, key, &by).await {
        Ok(_) => {
            if head.published.is_some() {
                state.published(locale, key);
            }
            see_other("/admin/content/trash?done=trashed")
        }
        Err(e) => unavailable(&ctx, "an item could not be moved to the trash", &e),
    }
}

/// `POST /admin/content/item/untrash`: takes the item out of the trash,
/// unpublished.
pub(crate) async fn untrash(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store) = (&post.session, &post.store);
    let (_, locale, key) = match posted_item(&ctx, &post, Action::Delete).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let by = super::session::actor(&ctx, &session.account.email);
    match store.untrash(locale, key, &by).await {
        Ok(_) => see_other(&format!("{}&done=untrashed", item_url(locale, key))),
        Err(e) => unavailable(&ctx, "an item could not be taken out of the trash", &e),
    }
}

/// `GET /admin/content/trash`: the items in the trash.
pub(crate) async fn trash_page(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let items = match store.trashed().await {
        Ok(i) => i,
        Err(e) => return unavailable(&ctx, "the trash cannot be read", &e),
    };
    let rows: Vec<Value> = items
        .iter()
        .map(|h| {
            json!({
                "locale": h.locale,
                "key": h.key,
                "path": h.path,
                "at": h.trashed,
                "url": item_url(&h.locale, &h.key),
            })
        })
        .collect();
    let done = crate::request::query_value(staff.parts.uri.query(), "done").filter(|d| d == "trashed");
    let notice = done.map(|_| t(&ctx, "admin-item-trashed", &[]));
    let mut page = Page::new("trash", "admin-trash", json!({ "trash": rows }));
    page.section = "content";
    render(
        &ctx,
        &ctx.negotiated_locale(),
        page,
        &Viewer {
            session: Some(&staff.session),
            errors: &[],
            notice,
        },
    )
}
