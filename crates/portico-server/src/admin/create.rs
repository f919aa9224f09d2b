//! A new item, from a form generated from its type's declaration: the
//! type and locale first, then where it goes (a folder that already holds
//! items of the type), its address (slug), its declared fields and its
//! text. The compiler checks it as the file it will be, and every problem
//! is shown beside its field; a valid item is saved as a first draft,
//! owned by its creator and unpublished until it goes through review.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Target, may};
use portico_content::Diagnostic;
use portico_content::schema::{TypeDecl, type_named, types};
use portico_store::{NewItem, StoreError};
use serde_json::{Value, json};

use super::content::{forbidden, item_url, t};
use super::form;
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, render, see_other, unavailable};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// The folders that hold items of `decl` in the site (`stories`,
/// `research/labs`), else the type's own folders at the top.
fn folders(state: &AppState, decl: &TypeDecl) -> Vec<String> {
    let mut out = BTreeSet::new();
    if let Some(model) = state.model() {
        for i in model
            .site
            .items()
            .iter()
            .filter(|i| i.kind_name() == decl.name && !i.is_index)
        {
            out.insert(i.key.rsplit_once('/').map_or("", |(p, _)| p).to_string());
        }
    }
    if out.is_empty() {
        out.extend(decl.folders.iter().map(|f| (*f).to_string()));
    }
    if out.is_empty() {
        out.insert(String::new());
    }
    out.into_iter().collect()
}

/// Whether `slug` is one plain address segment: lower-case letters and
/// digits, words joined by single hyphens.
pub(crate) fn plain_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The locales of the site (the model's), the default first.
fn locales(state: &AppState) -> Vec<String> {
    state
        .model()
        .map(|m| m.site.config().locales.iter().map(|l| l.code.clone()).collect())
        .unwrap_or_default()
}

/// What the second step's page shows.
struct Draft<'a> {
    decl: &'static TypeDecl,
    locale: &'a str,
    typed: Option<&'a [(String, String)]>,
    diags: &'a [Diagnostic],
}

fn step_two(state: &AppState, d: &Draft<'_>) -> Value {
    let value = |name: &str| {
        d.typed
            .and_then(|f| f.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .unwrap_or_default()
    };
    json!({
        "type": d.decl.name,
        "about": d.decl.about,
        "locale": d.locale,
        "folders": folders(state, d.decl),
        "folder": value("folder"),
        "slug": value("slug"),
        "form": {
            "type": d.decl.name,
            "fields": form::fields_view(d.decl, None, d.typed, d.diags),
            "field_list": form::field_list(d.decl),
            "body": value("body"),
        },
    })
}

fn page(
    ctx: &Ctx<'_>,
    staff_session: &portico_store::Session,
    view: Value,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let mut p = Page::new("new", "admin-new", view).status(status);
    p.section = "content";
    render(
        ctx,
        &ctx.negotiated_locale(),
        p,
        &Viewer {
            session: Some(staff_session),
            errors,
            notice: None,
        },
    )
}

/// `GET /admin/content/new`: choose a type and a locale;
/// `?type=…&locale=…`: the type's form.
pub(crate) async fn form_page(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let query = staff.parts.uri.query();
    let locales = locales(&state);
    let chosen = query_value(query, "type").and_then(|t| type_named(&t));
    let locale = query_value(query, "locale").filter(|l| locales.contains(l));
    let view = match (chosen, locale) {
        (Some(decl), Some(locale)) => step_two(
            &state,
            &Draft {
                decl,
                locale: &locale,
                typed: None,
                diags: &[],
            },
        ),
        _ => {
            let kinds: Vec<Value> = types()
                .iter()
                .map(|d| json!({ "name": d.name, "about": d.about }))
                .collect();
            json!({ "types": kinds, "locales": locales })
        }
    };
    page(&ctx, &staff.session, view, &[], StatusCode::OK)
}

/// `POST /admin/content/new`: the new item's first draft.
pub(crate) async fn create(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form_fields) = (&post.session, &post.store, &post.form);
    let locale = field(form_fields, "locale");
    let (Some(decl), true) = (
        type_named(field(form_fields, "type")),
        locales(&state).iter().any(|l| l == locale),
    ) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    let folder = field(form_fields, "folder").trim_matches('/');
    let slug = field(form_fields, "slug").trim();
    let key = if folder.is_empty() {
        slug.to_string()
    } else {
        format!("{folder}/{slug}")
    };
    let target = Target::Item {
        path: &key,
        locale,
        owner: Some(session.account.id),
    };
    if !may(&session.account.grant(), Action::Create, target).allowed() {
        return forbidden(&ctx, session);
    }
    let redo = |diags: &[Diagnostic], errors: Vec<FieldError>, status| {
        let view = step_two(
            &state,
            &Draft {
                decl,
                locale,
                typed: Some(form_fields),
                diags,
            },
        );
        page(&ctx, session, view, &errors, status)
    };
    if !folders(&state, decl).iter().any(|f| f == folder) || !plain_slug(slug) {
        let errors = vec![FieldError {
            field: "slug",
            text: t(&ctx, "admin-new-bad-slug", &[]),
        }];
        return redo(&[], errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let path = format!("{key}.md");
    // The type is written out unless the folder already says it.
    let start = match portico_content::schema::type_of(&path, None).name == decl.name {
        true => "+++\n+++\n".to_string(),
        false => format!("+++\ntype = \"{}\"\n+++\n", decl.name),
    };
    let text = match form::apply(decl, &start, form_fields) {
        Ok(t) => t,
        Err(e) => return unavailable(&ctx, "a new item's form could not be written", &e),
    };
    let diags = match state.model() {
        Some(m) => portico_content::check_file(&m.site, &m.root, locale, &path, &text),
        None => portico_content::Diagnostics(Vec::new()),
    };
    if !diags.0.is_empty() {
        let errors = diags
            .0
            .iter()
            .map(|d| FieldError {
                field: "",
                text: match &d.field {
                    Some(f) => format!("{f}: {}", d.message),
                    None => d.message.clone(),
                },
            })
            .collect();
        return redo(&diags.0, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let new = NewItem {
        locale,
        key: &key,
        path: &path,
        text: &text,
        owner: session.account.id,
    };
    match store
        .create_item(&new, &super::session::actor(&ctx, &session.account.email))
        .await
    {
        Ok(_) => see_other(&format!("{}&done=created", item_url(locale, &key))),
        Err(StoreError::Conflict(_)) => {
            let errors = vec![FieldError {
                field: "slug",
                text: t(&ctx, "admin-new-taken", &[("key", key.clone())]),
            }];
            redo(&[], errors, StatusCode::CONFLICT)
        }
        Err(e) => unavailable(&ctx, "a new item could not be saved", &e),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_slug;

    #[test]
    fn a_slug_is_one_plain_segment() {
        for ok in ["harbour-sensors", "2027", "a1-b2"] {
            assert!(plain_slug(ok), "{ok}");
        }
        for bad in ["", "Harbour", "a--b", "-a", "a-", "a/b", "..", "é", "a b", "a_b"] {
            assert!(!plain_slug(bad), "{bad}");
        }
    }
}
