//! The editor's content tree (each item by section, each translation's
//! state: missing, draft, outdated, published), the preamble every item
//! handler shares (the item exists and the session may act on it), and
//! the comparison of two revisions. An item's own page is `item.rs`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::Action;
use portico_store::{ItemHead, Revision, Session};
use serde_json::{Value, json};

use super::editing::{self, ItemRef};
use super::staff::{Staff, StaffPost, field};
use super::view::{Page, Viewer, message, render, see_other, unavailable};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

pub(crate) fn t(ctx: &Ctx<'_>, key: &str, args: &[(&str, String)]) -> String {
    ctx.snapshot.live.text(&ctx.negotiated_locale(), key, args)
}

/// The address of an item's page.
pub(crate) fn item_url(locale: &str, key: &str) -> String {
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
    let (locales, source): (Vec<String>, String) = match state.model() {
        Some(m) => (
            m.site.config().locales.iter().map(|l| l.code.clone()).collect(),
            m.site.config().default_locale.clone(),
        ),
        None => (Vec::new(), String::new()),
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
                Ok((items, total)) => section_view((&locales, &source), &section, page, &items, total),
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

/// A translation's state beside its source (the default locale's item):
/// a draft, outdated (the source was published since the translation was
/// last written), or published.
fn translation_state(h: &ItemHead, source: Option<&ItemHead>) -> &'static str {
    let behind = source
        .filter(|s| s.locale != h.locale)
        .and_then(|s| s.published)
        .is_some_and(|p| h.translated_from.unwrap_or(0) < p);
    if h.has_draft() {
        "draft"
    } else if behind {
        "outdated"
    } else {
        "published"
    }
}

fn section_view(
    (locales, source): (&[String], &str),
    section: &str,
    page: i64,
    items: &[ItemHead],
    total: i64,
) -> Value {
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
                        "state": translation_state(h, per_locale.get(source).copied()),
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

/// The item a request names, if it exists; else the page to answer.
pub(crate) async fn find(ctx: &Ctx<'_>, session: &Session, locale: &str, key: &str) -> Result<ItemHead, Response> {
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

pub(crate) fn forbidden(ctx: &Ctx<'_>, session: &Session) -> Response {
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
pub(crate) async fn open_item<'a>(
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

/// The item a signed-in form names (its `locale` and `key` fields), with
/// those names, if it exists and the session may do `action` to it; else
/// the page to answer (as [`open_item`]).
pub(crate) async fn posted_item<'a>(
    ctx: &Ctx<'_>,
    post: &'a StaffPost,
    action: Action,
) -> Result<(ItemHead, &'a str, &'a str), Response> {
    let (locale, key) = (field(&post.form, "locale"), field(&post.form, "key"));
    let (head, _) = open_item(ctx, &post.session, locale, key, action).await?;
    Ok((head, locale, key))
}

/// The item a page's query names (`locale`, `key`) and the store, as
/// [`open_item`]; without both names, to the content tree.
pub(crate) async fn queried_item<'a>(
    ctx: &Ctx<'a>,
    staff: &Staff,
    action: Action,
) -> Result<(ItemHead, &'a portico_store::Store), Response> {
    let query = staff.parts.uri.query();
    let (Some(locale), Some(key)) = (query_value(query, "locale"), query_value(query, "key")) else {
        return Err(see_other("/admin/content"));
    };
    open_item(ctx, &staff.session, &locale, &key, action).await
}

/// `GET /admin/content/diff?locale=…&key=…&from=…&to=…`: what changed
/// between two revisions of an item, line by line.
pub(crate) async fn diff(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    let query = staff.parts.uri.query();
    let (head, store) = match queried_item(&ctx, &staff, Action::ReadDraft).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (locale, key) = (head.locale.clone(), head.key.clone());
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
