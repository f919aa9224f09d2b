//! An administrator's pages: every account (invite, disable, enable,
//! delete, a new sign-in link) and the audit trail.

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use portico_auth::{Action, Role, Scope, Target, may, secret};
use portico_store::{AuditAction, Session, Store};
use serde_json::{Value, json};

use super::session::{actor, now};
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, message, render, see_other, unavailable};
use crate::respond::Ctx;
use crate::state::AppState;

/// How long a sign-in link made from the web works.
const LINK_HOURS: i64 = 72;

/// Refuses, audits and explains when `session` may not do `action` to the
/// site as a whole.
async fn refused(ctx: &Ctx<'_>, session: &Session, action: Action) -> Option<Response> {
    let decision = may(&session.account.grant(), action, Target::Site);
    if decision.allowed() {
        return None;
    }
    if let Some(store) = ctx.state.store() {
        let entry = actor(ctx, &session.account.email)
            .entry(AuditAction::AccessDenied, &session.account.email)
            .with("action", action.as_str())
            .with("decision", format!("{decision:?}"));
        let _ = store.audit(entry).await;
    }
    let locale = ctx.negotiated_locale();
    let text = ctx.snapshot.live.text(&locale, "admin-forbidden", &[]);
    Some(message(
        ctx,
        "admin-forbidden-title",
        &text,
        StatusCode::FORBIDDEN,
        Some(session),
    ))
}

/// A new sign-in link for `email`: its URL, shown once.
async fn new_link(ctx: &Ctx<'_>, store: &Store, email: &str, by: &str) -> Result<Value, portico_store::StoreError> {
    let link = secret::new(secret::Kind::Link);
    let now = now();
    store
        .create_link(
            email,
            &secret::hash(&link),
            now,
            now + LINK_HOURS * 3600,
            &actor(ctx, by),
        )
        .await?;
    let host = ctx
        .headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let base = ctx
        .state
        .public_url()
        .map_or_else(|| format!("http://{host}"), |u| u.trim_end_matches('/').to_string());
    Ok(json!({ "email": email, "url": format!("{base}/admin/link/{link}"), "hours": LINK_HOURS }))
}

async fn accounts_page(
    ctx: &Ctx<'_>,
    session: &Session,
    errors: &[FieldError],
    form: Value,
    link: Option<Value>,
) -> Response {
    let accounts = match ctx.state.store() {
        Some(store) => store.accounts().await.unwrap_or_default(),
        None => Vec::new(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let required: Vec<&str> = match ctx.state.store() {
        Some(store) => store.totp_required().await.unwrap_or_default(),
        None => Vec::new(),
    }
    .iter()
    .map(|r| r.as_str())
    .collect();
    let page = Page::new(
        "accounts",
        "admin-accounts",
        json!({ "accounts": accounts, "form": form, "link": link, "totp_required": required }),
    )
    .status(status);
    render(
        ctx,
        &ctx.negotiated_locale(),
        page,
        &Viewer {
            session: Some(session),
            errors,
            notice: None,
        },
    )
}

/// `GET /admin/accounts`.
pub(crate) async fn page(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    if let Some(r) = refused(&ctx, session, Action::ManageAccounts).await {
        return r;
    }
    accounts_page(&ctx, session, &[], json!({}), None).await
}

/// `POST /admin/accounts`: creates an account and shows its sign-in link.
pub(crate) async fn invite(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    if let Some(r) = refused(&ctx, session, Action::ManageAccounts).await {
        return r;
    }
    let locale = ctx.negotiated_locale();
    let live = &ctx.snapshot.live;
    let typed = json!({
        "email": field(form, "email"),
        "name": field(form, "name"),
        "role": field(form, "role"),
        "sections": field(form, "sections"),
        "locales": field(form, "locales"),
    });
    let mut errors = Vec::new();
    let email = portico_auth::normalize_email(field(form, "email"));
    if email.is_none() {
        errors.push(FieldError {
            field: "email",
            text: live.text(&locale, "admin-email-invalid", &[]),
        });
    }
    let role = Role::parse(field(form, "role")).unwrap_or(Role::Viewer);
    let sections: Vec<&str> = field(form, "sections").split_whitespace().collect();
    let locales: Vec<&str> = field(form, "locales").split_whitespace().collect();
    let scope = match Scope::new(&sections, &locales) {
        Ok(s) if role == Role::Admin && !s.is_all() => {
            errors.push(FieldError {
                field: "sections",
                text: portico_auth::ScopeError::AdminScoped.to_string(),
            });
            None
        }
        Ok(s) => Some(s),
        Err(e) => {
            let field = if matches!(e, portico_auth::ScopeError::Locale(_)) {
                "locales"
            } else {
                "sections"
            };
            errors.push(FieldError {
                field,
                text: e.to_string(),
            });
            None
        }
    };
    let (Some(email), Some(scope), true) = (email, scope, errors.is_empty()) else {
        return accounts_page(&ctx, session, &errors, typed, None).await;
    };
    let by = actor(&ctx, &session.account.email);
    match store
        .create_account(&email, field(form, "name").trim(), role, &scope, &by)
        .await
    {
        Ok(_) => {}
        Err(portico_store::StoreError::Conflict(_)) => {
            let errors = [FieldError {
                field: "email",
                text: live.text(&locale, "admin-account-exists", &[]),
            }];
            return accounts_page(&ctx, session, &errors, typed, None).await;
        }
        Err(e) => {
            return unavailable(&ctx, "an account could not be created", &e);
        }
    }
    match new_link(&ctx, store, &email, &session.account.email).await {
        Ok(link) => accounts_page(&ctx, session, &[], json!({}), Some(link)).await,
        Err(e) => unavailable(&ctx, "a sign-in link could not be made", &e),
    }
}

/// `POST /admin/accounts/state`: disable, enable, delete, or a new link.
pub(crate) async fn change(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    if let Some(r) = refused(&ctx, session, Action::ManageAccounts).await {
        return r;
    }
    let Some(email) = portico_auth::normalize_email(field(form, "email")) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    // An administrator does not lock themself out from here.
    if email == session.account.email {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    }
    let by = actor(&ctx, &session.account.email);
    let done = match field(form, "action") {
        "disable" => store.set_disabled(&email, true, &by).await.map(|_| None),
        "enable" => store.set_disabled(&email, false, &by).await.map(|_| None),
        "delete" => store.delete_account(&email, &by).await.map(|()| None),
        "link" => new_link(&ctx, store, &email, &session.account.email).await.map(Some),
        _ => return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST),
    };
    match done {
        Ok(Some(link)) => accounts_page(&ctx, session, &[], json!({}), Some(link)).await,
        Ok(None) => see_other("/admin/accounts"),
        Err(portico_store::StoreError::NotFound(_)) => ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        Err(e) => unavailable(&ctx, "an account could not be changed", &e),
    }
}

/// `POST /admin/accounts/totp`: the roles that must have a second factor.
pub(crate) async fn totp_required(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let session = &post.session;
    if let Some(r) = refused(&ctx, session, Action::ManageSettings).await {
        return r;
    }
    let roles: Vec<Role> = post
        .form
        .iter()
        .filter(|(k, _)| k == "role")
        .filter_map(|(_, v)| Role::parse(v))
        .collect();
    let by = actor(&ctx, &session.account.email);
    match post.store.set_totp_required(&roles, &by).await {
        Ok(()) => see_other("/admin/accounts"),
        Err(e) => unavailable(&ctx, "a setting could not be saved", &e),
    }
}

/// `GET /admin/audit`: the newest records, and whether the chain verifies.
pub(crate) async fn audit(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    if let Some(r) = refused(&ctx, session, Action::ReadAudit).await {
        return r;
    }
    let Some(store) = state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let (report, records) = match (store.audit_verify().await, store.audit_recent(200).await) {
        (Ok(r), Ok(records)) => (r, records),
        (Err(e), _) | (_, Err(e)) => {
            return unavailable(&ctx, "the audit trail cannot be read", &e);
        }
    };
    let view = json!({
        "verified": report.is_ok(),
        "count": report.records,
        "problem": report.problem.as_ref().map(ToString::to_string),
        "records": records,
    });
    render(
        &ctx,
        &ctx.negotiated_locale(),
        Page::new("audit", "admin-audit", view),
        &Viewer::signed_in(session),
    )
}
