//! Signing in and out: a password (then a code when the account has a
//! second factor), or a one-time link. Failures are throttled per account
//! and per network with escalating waits, never a lock, and answered the
//! same way and after the same work whether or not the account exists.

use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::{password, secret, throttle, totp};
use portico_store::{Account, AuditAction, AuditEntry, Store};
use serde_json::json;

use super::session::{self, actor, now};
use super::staff::field;
use super::view::{FieldError, Page, Viewer, message, render, see_other, unavailable};
use crate::request::read_form;
use crate::respond::Ctx;
use crate::state::AppState;

/// The address a request came from, as the network throttle keys it.
pub(crate) fn network(parts: &http::request::Parts) -> String {
    parts
        .extensions
        .get::<crate::Peer>()
        .map_or_else(|| "unknown".to_string(), |p| throttle::network_key(p.0.ip()))
}

fn t(ctx: &Ctx<'_>, locale: &str, key: &str, args: &[(&str, String)]) -> String {
    ctx.snapshot.live.text(locale, key, args)
}

fn sign_in_page(ctx: &Ctx<'_>, locale: &str, email: &str, errors: &[FieldError], status: StatusCode) -> Response {
    let field = errors.first().map_or("", |e| e.field);
    let page = Page::new(
        "sign-in",
        "admin-sign-in",
        json!({
            "email": email,
            "error_field": field,
            "sso": ctx.state.sso().map(|p| p.config.name.as_str()),
        }),
    )
    .status(status);
    let mut r = render(ctx, locale, page, &Viewer::with_errors(errors));
    if let Some(csp) = super::sso::sign_in_csp(ctx) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    r
}

/// `GET /admin/sign-in`.
pub(crate) async fn form(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    if session::current(&ctx).await.is_some() {
        return see_other("/admin/");
    }
    sign_in_page(&ctx, &ctx.negotiated_locale(), "", &[], StatusCode::OK)
}

/// What the throttle says before an attempt: how long it must still wait.
async fn wait(store: &Store, keys: &[(&str, throttle::Policy)]) -> u64 {
    let now = now();
    let mut longest = 0;
    for (key, policy) in keys {
        let (count, last) = store.failures(key).await.unwrap_or((0, 0));
        let w = policy.retry_after(throttle::Failures { count, last }, now).as_secs();
        longest = longest.max(w);
    }
    longest
}

/// Counts one failure under every key.
async fn fail(store: &Store, keys: &[(&str, throttle::Policy)]) {
    let now = now();
    for (key, policy) in keys {
        let (count, last) = store.failures(key).await.unwrap_or((0, 0));
        let next = policy.fail(throttle::Failures { count, last }, now);
        if let Err(e) = store.set_failures(key, next.count, next.last).await {
            tracing::error!(error = %e, "a sign-in failure was not counted");
        }
    }
}

/// `POST /admin/sign-in`: email and password.
pub(crate) async fn submit(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    let form = match read_form(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => return ctx.error(&locale, status),
    };
    let Some(store) = state.store() else {
        return ctx.error(&locale, StatusCode::SERVICE_UNAVAILABLE);
    };
    let typed = field(&form, "email");
    let pw = field(&form, "password");
    if typed.trim().is_empty() || pw.is_empty() {
        let errors = [FieldError {
            field: if typed.trim().is_empty() { "email" } else { "password" },
            text: t(&ctx, &locale, "admin-sign-in-missing", &[]),
        }];
        return sign_in_page(&ctx, &locale, typed, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let account_key = format!("account:{}", throttle::account_key(typed));
    let network_key = format!("network:{}", network(&parts));
    let keys = [
        (account_key.as_str(), throttle::ACCOUNT),
        (network_key.as_str(), throttle::NETWORK),
    ];
    let waiting = wait(store, &keys).await;
    if waiting > 0 {
        let errors = [FieldError {
            field: "",
            text: t(&ctx, &locale, "admin-sign-in-wait", &[("seconds", waiting.to_string())]),
        }];
        let mut r = sign_in_page(&ctx, &locale, typed, &errors, StatusCode::TOO_MANY_REQUESTS);
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(waiting));
        return r;
    }
    let email = portico_auth::normalize_email(typed);
    let account = match &email {
        Some(e) => store.account(e).await.ok().flatten(),
        None => None,
    };
    let stored = match &account {
        Some(a) if a.has_password => store.password_hash(a.id).await.ok().flatten(),
        _ => None,
    };
    // The same work whether or not there is a hash to check against.
    let check_against = stored.clone().unwrap_or_else(|| password::decoy().to_string());
    let given = pw.to_string();
    let matches = tokio::task::spawn_blocking(move || password::verify(&given, &check_against))
        .await
        .unwrap_or(false);
    let ok = matches && stored.is_some() && account.as_ref().is_some_and(|a| !a.disabled);
    let Some(account) = account.filter(|_| ok) else {
        fail(store, &keys).await;
        let reason = match (&email, stored.is_some(), matches) {
            (None, _, _) => "not-an-email",
            (Some(_), false, _) => "no-account-or-password",
            (Some(_), true, false) => "wrong-password",
            (Some(_), true, true) => "disabled",
        };
        let subject = email.as_deref().unwrap_or("(not an email address)");
        let entry = AuditEntry::new("anonymous", AuditAction::SignInFailed, subject)
            .with("reason", reason)
            .with("method", "password")
            .traced(ctx.trace.trace_id());
        if let Err(e) = store.audit(entry).await {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a failed sign-in was not audited");
        }
        let errors = [FieldError {
            field: "email",
            text: t(&ctx, &locale, "admin-sign-in-failed", &[]),
        }];
        return sign_in_page(&ctx, &locale, typed, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let _ = store.clear_failures(&account_key).await;
    if stored.as_deref().is_some_and(password::needs_rehash) {
        let given = pw.to_string();
        if let Ok(phc) = tokio::task::spawn_blocking(move || password::hash(&given)).await {
            let _ = store.upgrade_password_hash(account.id, &phc).await;
        }
    }
    if account.has_totp {
        let mut r = see_other("/admin/sign-in/code");
        if let Some(c) = session::pending_cookie(state.admin_key(), account.id) {
            r.headers_mut().append(header::SET_COOKIE, c);
        }
        return r;
    }
    signed_in(&ctx, store, &account, "password").await
}

/// Starts the session and goes to the admin home.
async fn signed_in(ctx: &Ctx<'_>, store: &Store, account: &Account, method: &str) -> Response {
    match session::start(ctx, store, account, method).await {
        Ok(cookie) => {
            let mut r = see_other("/admin/");
            r.headers_mut().append(header::SET_COOKIE, cookie);
            if let Some(c) = session::clear_pending() {
                r.headers_mut().append(header::SET_COOKIE, c);
            }
            r
        }
        Err(e) => unavailable(ctx, "a session could not be started", &e),
    }
}

fn code_page(ctx: &Ctx<'_>, locale: &str, errors: &[FieldError], status: StatusCode) -> Response {
    let page = Page::new("code", "admin-code-title", json!({})).status(status);
    render(ctx, locale, page, &Viewer::with_errors(errors))
}

/// `GET /admin/sign-in/code`.
pub(crate) async fn code_form(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    if session::pending_account(state.admin_key(), &parts.headers).is_none() {
        return see_other("/admin/sign-in");
    }
    code_page(&ctx, &locale, &[], StatusCode::OK)
}

/// `POST /admin/sign-in/code`: the second factor, or a recovery code.
pub(crate) async fn code_submit(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    let form = match read_form(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => return ctx.error(&locale, status),
    };
    let Some(store) = state.store() else {
        return ctx.error(&locale, StatusCode::SERVICE_UNAVAILABLE);
    };
    let Some(id) = session::pending_account(state.admin_key(), &parts.headers) else {
        return message(
            &ctx,
            "admin-code-title",
            &t(&ctx, &locale, "admin-code-expired", &[]),
            StatusCode::UNAUTHORIZED,
            None,
        );
    };
    let Some(account) = store.account_by_id(id).await.ok().flatten().filter(|a| !a.disabled) else {
        return see_other("/admin/sign-in");
    };
    let keys_owned = format!("code:{id}");
    let keys = [(keys_owned.as_str(), throttle::ACCOUNT)];
    let waiting = wait(store, &keys).await;
    if waiting > 0 {
        let errors = [FieldError {
            field: "",
            text: t(&ctx, &locale, "admin-sign-in-wait", &[("seconds", waiting.to_string())]),
        }];
        let mut r = code_page(&ctx, &locale, &errors, StatusCode::TOO_MANY_REQUESTS);
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(waiting));
        return r;
    }
    let code = field(&form, "code").trim().to_string();
    let by = actor(&ctx, &account.email);
    let accepted = if code.chars().filter(char::is_ascii_digit).count() == 6 && code.len() <= 8 {
        match store.totp_secret(id).await.ok().flatten() {
            Some(s) => match totp::matching_step(&s, &code, u64::try_from(now()).unwrap_or(0)) {
                Some(step) => store.accept_totp_step(id, step).await.unwrap_or(false),
                None => false,
            },
            None => false,
        }
    } else {
        store
            .use_recovery_code(id, &secret::recovery_hash(&code), &by)
            .await
            .unwrap_or(false)
    };
    if !accepted {
        fail(store, &keys).await;
        let entry = by
            .entry(AuditAction::SignInFailed, &account.email)
            .with("reason", "wrong-code")
            .with("method", "password");
        let _ = store.audit(entry).await;
        let errors = [FieldError {
            field: "code",
            text: t(&ctx, &locale, "admin-code-wrong", &[]),
        }];
        return code_page(&ctx, &locale, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let _ = store.clear_failures(&keys_owned).await;
    signed_in(&ctx, store, &account, "password+totp").await
}

/// `GET /admin/link/{secret}`: a page with a button; opening the link
/// (as mail scanners do) uses nothing up.
pub(crate) async fn link_form(State(state): State<AppState>, Path(link): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    if !secret::looks_like(secret::Kind::Link, &link) {
        return invalid_link(&ctx, &locale);
    }
    let page = Page::new(
        "link",
        "admin-link-title",
        json!({ "action": format!("/admin/link/{link}") }),
    );
    let mut r = render(&ctx, &locale, page, &Viewer::NOBODY);
    // The link is a secret: never sent on to another site. (Not
    // `no-referrer`: with it the browser sends `Origin: null` with the
    // form, which the cross-origin rule rightly refuses.)
    r.headers_mut()
        .insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    r
}

fn invalid_link(ctx: &Ctx<'_>, locale: &str) -> Response {
    message(
        ctx,
        "admin-link-invalid-title",
        &t(ctx, locale, "admin-link-invalid", &[]),
        StatusCode::NOT_FOUND,
        None,
    )
}

/// `POST /admin/link/{secret}`: uses the link up and signs in.
pub(crate) async fn link_use(State(state): State<AppState>, Path(link): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    let Some(store) = state.store() else {
        return ctx.error(&locale, StatusCode::SERVICE_UNAVAILABLE);
    };
    if !secret::looks_like(secret::Kind::Link, &link) {
        return invalid_link(&ctx, &locale);
    }
    match store.use_link(&secret::hash(&link), now()).await {
        Ok(Some(account)) => {
            let mut r = signed_in(&ctx, store, &account, "link").await;
            if r.status() == StatusCode::SEE_OTHER {
                // Straight to where a password or second factor is set.
                r.headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_static("/admin/account"));
            }
            r
        }
        Ok(None) => {
            let entry = AuditEntry::new("anonymous", AuditAction::SignInFailed, "(sign-in link)")
                .with("reason", "link-invalid")
                .with("method", "link")
                .traced(ctx.trace.trace_id());
            let _ = store.audit(entry).await;
            invalid_link(&ctx, &locale)
        }
        Err(e) => unavailable(&ctx, "a sign-in link could not be checked", &e),
    }
}

/// `POST /admin/sign-out`.
pub(crate) async fn sign_out(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let locale = ctx.negotiated_locale();
    let form = match read_form(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => return ctx.error(&locale, status),
    };
    let (Some(store), Some(session)) = (state.store(), session::current(&ctx).await) else {
        return see_other("/admin/sign-in");
    };
    if !session::csrf_ok(&session, &form) {
        return super::staff::csrf_refused(&ctx, &session);
    }
    let _ = store
        .end_session(session.account.id, &session.hash, &actor(&ctx, &session.account.email))
        .await;
    state.sessions().invalidate();
    let mut r = message(
        &ctx,
        "admin-sign-out",
        &t(&ctx, &locale, "admin-signed-out", &[]),
        StatusCode::OK,
        None,
    );
    if let Some(c) = session::clear() {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}
