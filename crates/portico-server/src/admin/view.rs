//! Answering with an admin page: rendered per request in the site's
//! layout, its holes filled like any page's (trace id, the visitor's
//! consent), never stored by any cache.

use axum::body::Body as AxumBody;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde_json::{Value, json};

use crate::location::Location;
use crate::respond::{Ctx, redirect};

/// A problem with what was sent, shown at the top of the form and linked
/// to its field.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FieldError {
    /// The field's id (empty: the form as a whole).
    pub field: &'static str,
    /// What to tell the person.
    pub text: String,
}

/// An admin page to answer with.
pub(crate) struct Page {
    /// The template, `admin/<name>.html`.
    pub name: &'static str,
    /// The interface string of its title.
    pub title_key: &'static str,
    /// Which entry of the admin menu is current.
    pub section: &'static str,
    /// The page's own view (merged with the common fields).
    pub view: Value,
    /// The status to answer with.
    pub status: StatusCode,
}

impl Page {
    pub fn new(name: &'static str, title_key: &'static str, view: Value) -> Page {
        Page {
            name,
            title_key,
            section: name,
            view,
            status: StatusCode::OK,
        }
    }

    #[must_use]
    pub fn status(mut self, status: StatusCode) -> Page {
        self.status = status;
        self
    }
}

/// Who is looking, for the common part of every page's view.
pub(crate) struct Viewer<'a> {
    pub session: Option<&'a portico_store::Session>,
    pub errors: &'a [FieldError],
    pub notice: Option<String>,
}

impl<'a> Viewer<'a> {
    pub const NOBODY: Viewer<'static> = Viewer {
        session: None,
        errors: &[],
        notice: None,
    };

    /// Nobody signed in, with what was wrong with the form sent.
    pub fn with_errors(errors: &'a [FieldError]) -> Viewer<'a> {
        Viewer {
            errors,
            ..Viewer::NOBODY
        }
    }

    /// The account of `session`.
    pub fn signed_in(session: &'a portico_store::Session) -> Viewer<'a> {
        Viewer {
            session: Some(session),
            ..Viewer::NOBODY
        }
    }
}

/// Renders `page` for `viewer` in `locale`.
pub(crate) fn render(ctx: &Ctx<'_>, locale: &str, page: Page, viewer: &Viewer<'_>) -> Response {
    let mut view = json!({
        "title_key": page.title_key,
        "section": page.section,
        "errors": viewer.errors,
        "notice": viewer.notice,
        "me": viewer.session.map(|s| &s.account),
        "csrf": viewer.session.map(|s| s.csrf.as_str()),
    });
    if let (Value::Object(common), Value::Object(own)) = (&mut view, page.view) {
        common.extend(own);
    }
    let snapshot = &ctx.snapshot;
    let locale = if snapshot.live.has_locale(locale) {
        locale
    } else {
        snapshot.default_locale.as_str()
    };
    let html = match snapshot.live.admin(locale, page.name, &view) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "an admin page could not be rendered");
            return ctx.error(locale, StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let body = ctx
        .visitor()
        .fill_page(&html, ctx.trace.trace_id(), locale, &snapshot.consent);
    let mut b = Response::builder()
        .status(page.status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::VARY, "Cookie");
    if let Ok(v) = HeaderValue::from_str(locale) {
        b = b.header(header::CONTENT_LANGUAGE, v);
    }
    b.body(if ctx.head {
        AxumBody::empty()
    } else {
        AxumBody::from(body)
    })
    .unwrap_or_default()
}

/// A message page (an expired link, a refusal).
pub(crate) fn message(
    ctx: &Ctx<'_>,
    title_key: &'static str,
    text: &str,
    status: StatusCode,
    session: Option<&portico_store::Session>,
) -> Response {
    let locale = ctx.negotiated_locale();
    let page = Page::new("message", title_key, json!({ "text": text })).status(status);
    render(
        ctx,
        &locale,
        page,
        &Viewer {
            session,
            ..Viewer::NOBODY
        },
    )
}

/// 503 for a store that failed, logged with what was being done.
pub(crate) fn unavailable(ctx: &Ctx<'_>, what: &str, error: &dyn std::fmt::Display) -> Response {
    tracing::error!(trace.id = ctx.trace.trace_id(), error = %error, "{what}");
    ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE)
}

/// 303 to a path of the admin, never stored.
pub(crate) fn see_other(path: &str) -> Response {
    let mut r = redirect(StatusCode::SEE_OTHER, &Location::site(path));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `/admin` → `/admin/`.
pub(crate) async fn to_admin() -> Response {
    see_other("/admin/")
}
