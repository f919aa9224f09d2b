//! `/admin/`: where the person stands — their drafts, what waits for
//! their review or for publishing (when their role may do it), what is
//! scheduled (with its state: pending or late, in the site's time zone),
//! what was published lately, and the jobs that failed.

use axum::extract::State;
use axum::response::Response;
use portico_auth::{Action, Target, may};
use portico_store::{ItemHead, JobState, Review, Session};
use serde_json::{Value, json};

use super::content::item_url;
use super::staff::Staff;
use super::view::{Page, Viewer, render};
use crate::schedule::site_zone;
use crate::state::AppState;

/// How many rows each list shows.
const ROWS: i64 = 20;

fn rows(items: &[ItemHead], session: &Session, action: Action) -> Vec<Value> {
    let grant = session.account.grant();
    items
        .iter()
        .filter(|h| {
            let target = Target::Item {
                path: &h.key,
                locale: &h.locale,
                owner: h.owner,
            };
            may(&grant, action, target).allowed()
        })
        .map(|h| {
            json!({
                "name": format!("{}/{}", h.locale, if h.key.is_empty() { "/" } else { &h.key }),
                "url": item_url(&h.locale, &h.key),
                "author": h.author,
                "at": h.updated_at,
                "revision": h.head,
            })
        })
        .collect()
}

/// `GET /admin/`.
pub(crate) async fn home(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    let mut view = json!({});
    if let Some(store) = state.store() {
        let zone = site_zone(&state);
        let now = state.clock().now_seconds();
        let drafts = store.drafts_by(&session.account.email, ROWS).await.unwrap_or_default();
        let review = store.in_review(Review::InReview, ROWS).await.unwrap_or_default();
        let approved = store.in_review(Review::Approved, ROWS).await.unwrap_or_default();
        let job = |j: &portico_store::Job| super::workflow::job_view(j, &zone, now);
        let scheduled: Vec<Value> = store.pending_jobs().await.unwrap_or_default().iter().map(job).collect();
        let failed: Vec<Value> = store
            .ended_jobs(ROWS)
            .await
            .unwrap_or_default()
            .iter()
            .filter(|j| j.state == JobState::Failed)
            .map(job)
            .collect();
        let published: Vec<Value> = store
            .recent_publications(10)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|(subject, by, at)| {
                let (locale, key) = subject.split_once('/').unwrap_or((&subject, ""));
                json!({ "name": subject, "url": item_url(locale, key), "author": by, "at": at })
            })
            .collect();
        view = json!({
            "zone": zone.iana_name().unwrap_or("UTC"),
            "drafts": rows(&drafts, session, Action::Edit),
            "review": rows(&review, session, Action::Approve),
            "approved": rows(&approved, session, Action::Publish),
            "scheduled": scheduled,
            "published": published,
            "failed": failed,
            "can_create": session.account.role != portico_auth::Role::Viewer,
        });
    }
    let page = Page::new("home", "admin-home", view);
    render(&ctx, &ctx.negotiated_locale(), page, &Viewer::signed_in(session))
}
