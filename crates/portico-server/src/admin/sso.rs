//! Single sign-on: `POST /admin/sign-in/sso` sends the browser to the
//! provider; `GET /admin/sso/callback` comes back with a code. Between the
//! two, the PKCE verifier, state and nonce wait in the store's ceremony
//! table under a random id whose only copy is a short-lived cookie, so an
//! answer is accepted once, by the browser that asked for it.
//!
//! The account is matched by the provider's *verified* email. With a role
//! claim configured the provider decides the role (and an account is made
//! at the first sign-in); without one only existing accounts sign in and
//! administrators keep deciding roles. An account with a second factor
//! still gives its code after the provider.

use axum::extract::{Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::{Scope, secret};
use portico_store::{Account, Actor, AuditAction, Store};
use serde_json::json;

use super::oidc::{Pending, Provider, SsoError, Verified};
use super::session::{self, now};
use super::view::{Page, Viewer, render, see_other, unavailable};
use crate::cookie::{self, SameSite};
use crate::request::query_value;
use crate::respond::Ctx;
use crate::state::AppState;

/// The cookie that names a sign-in waiting for the provider's answer.
/// `Lax`: the answer is a navigation from the provider's site.
const SSO_COOKIE: &str = "__Host-portico_sso";

/// How long the provider may take (the person may have to sign in there).
const SSO_SECONDS: i64 = 10 * 60;

/// The ceremony kind in the store.
const KIND: &str = "sso";

/// Who the audit trail says acted when the provider decided.
const PROVIDER_ACTOR: &str = "single-sign-on";

/// The address the provider sends the browser back to: on the host the
/// request came to, as passkeys' relying party is (plain HTTP only on a
/// loopback name or address; anything else is served over HTTPS). The
/// provider sends the browser only to the addresses registered with it.
fn callback_url(ctx: &Ctx<'_>) -> Option<String> {
    let host = ctx.headers.get(header::HOST)?.to_str().ok()?;
    if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)) {
        return None;
    }
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let name = name.trim_start_matches('[').trim_end_matches(']');
    let loopback = name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let scheme = if loopback { "http" } else { "https" };
    Some(format!("{scheme}://{host}/admin/sso/callback"))
}

/// The sign-in page's Content Security Policy: the site's, with the
/// provider added to `form-action` (a browser applies it to where the
/// single sign-on form's redirect leads). `None` without single sign-on.
pub(crate) fn sign_in_csp(ctx: &Ctx<'_>) -> Option<HeaderValue> {
    let provider = ctx.state.sso()?;
    let targets = provider.form_targets().join(" ");
    ctx.state
        .csp_with(|site| site.replacen("form-action 'self'", &format!("form-action 'self' {targets}"), 1))
}

/// `POST /admin/sign-in/sso`: to the provider.
pub(crate) async fn start(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (Some(store), Some(provider)) = (state.store(), state.sso()) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    };
    let Some(redirect) = callback_url(&ctx) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    let (url, pending) = match provider.begin(&redirect).await {
        Ok(x) => x,
        Err(e) => return provider_unreachable(&ctx, &e),
    };
    let value = secret::new(secret::Kind::Session);
    let saved = match serde_json::to_string(&pending) {
        Ok(s) => store
            .put_ceremony(&secret::hash(&value), KIND, None, &s, now() + SSO_SECONDS, now())
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = saved {
        return unavailable(&ctx, "a single sign-on could not be started", &e);
    }
    let (Ok(location), Some(cookie)) = (
        HeaderValue::from_str(&url),
        cookie::set(SSO_COOKIE, &value, SSO_SECONDS.unsigned_abs(), SameSite::Lax),
    ) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_GATEWAY);
    };
    // The provider's address, not one of this site: `Location` is the
    // provider's own authorization endpoint from its discovery document.
    let mut r = see_other("/admin/sign-in");
    r.headers_mut().insert(header::LOCATION, location);
    r.headers_mut().append(header::SET_COOKIE, cookie);
    r
}

fn provider_unreachable(ctx: &Ctx<'_>, e: &SsoError) -> Response {
    tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "single sign-on: the provider");
    refused(ctx, "admin-sso-unavailable", &[], StatusCode::BAD_GATEWAY)
}

fn refused(ctx: &Ctx<'_>, key: &str, args: &[(&str, String)], status: StatusCode) -> Response {
    let locale = ctx.negotiated_locale();
    let text = ctx.snapshot.live.text(&locale, key, args);
    let page = Page::new(
        "message",
        "admin-sso-title",
        json!({ "text": text, "link": { "url": "/admin/sign-in", "label": ctx.snapshot.live.text(&locale, "admin-sso-again", &[]) } }),
    )
    .status(status);
    let mut r = render(ctx, &locale, page, &Viewer::NOBODY);
    if let Some(c) = cookie::set(SSO_COOKIE, "", 0, SameSite::Lax) {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

async fn audit_failure(ctx: &Ctx<'_>, store: &Store, subject: &str, reason: &str) {
    let by = Actor {
        who: "anonymous".into(),
        trace_id: ctx.trace.trace_id().to_string(),
    };
    let entry = by
        .entry(AuditAction::SignInFailed, subject)
        .with("reason", reason)
        .with("method", "sso");
    if let Err(e) = store.audit(entry).await {
        tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a failed sign-in was not audited");
    }
}

/// `GET /admin/sso/callback?code=…&state=…`: back from the provider.
pub(crate) async fn callback(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (Some(store), Some(provider)) = (state.store(), state.sso()) else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    };
    let query = parts.uri.query();
    // The ceremony is taken (used up) before anything else is looked at.
    let pending = match cookie::get(&parts.headers, SSO_COOKIE).filter(|v| secret::looks_like(secret::Kind::Session, v))
    {
        Some(v) => match store.take_ceremony(&secret::hash(v), KIND, now()).await {
            Ok(found) => found.and_then(|(_, s)| serde_json::from_str::<Pending>(&s).ok()),
            Err(e) => return unavailable(&ctx, "a single sign-on could not be checked", &e),
        },
        None => None,
    };
    let Some(pending) = pending else {
        audit_failure(&ctx, store, "(single sign-on)", "no-sign-in-waiting").await;
        return refused(&ctx, "admin-sso-expired", &[], StatusCode::BAD_REQUEST);
    };
    if !query_value(query, "state").is_some_and(|s| secret::same(s.as_bytes(), pending.state.as_bytes())) {
        audit_failure(&ctx, store, "(single sign-on)", "state-mismatch").await;
        return refused(&ctx, "admin-sso-expired", &[], StatusCode::BAD_REQUEST);
    }
    if let Some(error) = query_value(query, "error") {
        let error: String = error.chars().filter(|c| c.is_ascii_graphic()).take(60).collect();
        audit_failure(&ctx, store, "(single sign-on)", &format!("provider-{error}")).await;
        return refused(&ctx, "admin-sso-refused", &[], StatusCode::FORBIDDEN);
    }
    let Some(code) = query_value(query, "code") else {
        audit_failure(&ctx, store, "(single sign-on)", "no-code").await;
        return refused(&ctx, "admin-sso-expired", &[], StatusCode::BAD_REQUEST);
    };
    let verified = match provider.finish(&pending, &code).await {
        Ok(v) => v,
        Err(SsoError::Discovery(e)) => return provider_unreachable(&ctx, &SsoError::Discovery(e)),
        Err(e) => {
            tracing::warn!(trace.id = ctx.trace.trace_id(), error = %e, "single sign-on refused");
            let reason = match e {
                SsoError::Code(_) => "code-refused",
                _ => "token-invalid",
            };
            audit_failure(&ctx, store, "(single sign-on)", reason).await;
            return refused(&ctx, "admin-sso-refused", &[], StatusCode::FORBIDDEN);
        }
    };
    match account_for(&ctx, store, provider, &verified).await {
        Ok(account) => signed_in(&ctx, store, &account).await,
        Err(r) => r,
    }
}

/// The account the provider's person signs in as, made or given its role
/// when the provider decides roles; a refusal page otherwise.
async fn account_for(ctx: &Ctx<'_>, store: &Store, provider: &Provider, v: &Verified) -> Result<Account, Response> {
    let email = v.email.as_deref().and_then(portico_auth::normalize_email);
    let Some(email) = email.filter(|_| v.email_verified) else {
        let subject = v.email.as_deref().unwrap_or("(no email)");
        audit_failure(ctx, store, subject, "email-not-verified").await;
        return Err(refused(ctx, "admin-sso-unverified", &[], StatusCode::FORBIDDEN));
    };
    let existing = store
        .account(&email)
        .await
        .map_err(|e| unavailable(ctx, "accounts cannot be read", &e))?;
    let by = Actor {
        who: PROVIDER_ACTOR.into(),
        trace_id: ctx.trace.trace_id().to_string(),
    };
    let config = &provider.config;
    let account = if config.maps_roles() {
        let Some(role) = config.role_for(&v.claims) else {
            audit_failure(ctx, store, &email, "no-role").await;
            return Err(refused(
                ctx,
                "admin-sso-no-role",
                &[("email", email)],
                StatusCode::FORBIDDEN,
            ));
        };
        match existing {
            Some(a) if a.role == role || a.disabled => a,
            Some(a) => {
                let scope = if role == portico_auth::Role::Admin {
                    Scope::all()
                } else {
                    a.grant().scope
                };
                store
                    .set_role(&email, role, &scope, &by)
                    .await
                    .map_err(|e| unavailable(ctx, "a role could not be set", &e))?
            }
            None => store
                .create_account(&email, &v.name, role, &Scope::all(), &by)
                .await
                .map_err(|e| unavailable(ctx, "an account could not be made", &e))?,
        }
    } else if let Some(a) = existing {
        a
    } else {
        audit_failure(ctx, store, &email, "no-account").await;
        return Err(refused(
            ctx,
            "admin-sso-no-account",
            &[("email", email)],
            StatusCode::FORBIDDEN,
        ));
    };
    if account.disabled {
        audit_failure(ctx, store, &email, "disabled").await;
        return Err(refused(
            ctx,
            "admin-sso-no-account",
            &[("email", email)],
            StatusCode::FORBIDDEN,
        ));
    }
    Ok(account)
}

/// Signs in (or, with a second factor, waits for its code). The answer is
/// a page that moves on by itself rather than a redirect: the session
/// cookie is `SameSite=Strict`, and a browser does not send it on a
/// redirect that a navigation from the provider's site started.
async fn signed_in(ctx: &Ctx<'_>, store: &Store, account: &Account) -> Response {
    let (next, cookie) = if account.has_totp {
        (
            "/admin/sign-in/code",
            session::pending_cookie(ctx.state.admin_key(), account.id),
        )
    } else {
        match session::start(ctx, store, account, "sso").await {
            Ok(c) => ("/admin/", Some(c)),
            Err(e) => return unavailable(ctx, "a session could not be started", &e),
        }
    };
    let locale = ctx.negotiated_locale();
    let live = &ctx.snapshot.live;
    let page = Page::new(
        "message",
        "admin-sso-title",
        json!({
            "text": live.text(&locale, "admin-sso-continue", &[]),
            "link": { "url": next, "label": live.text(&locale, "admin-continue", &[]) },
            "refresh": next,
        }),
    );
    let mut r = render(ctx, &locale, page, &Viewer::NOBODY);
    let headers = r.headers_mut();
    for c in [cookie, cookie::set(SSO_COOKIE, "", 0, SameSite::Lax)]
        .into_iter()
        .flatten()
    {
        headers.append(header::SET_COOKIE, c);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_decoded_and_compared_whole() {
        assert_eq!(query_value(Some("code=a%2Fb&state=x"), "code").as_deref(), Some("a/b"));
        assert_eq!(query_value(Some("code=a"), "state"), None);
        assert_eq!(query_value(None, "code"), None);
        assert!(secret::same(b"abc", b"abc"));
        assert!(!secret::same(b"abc", b"abd"));
        assert!(!secret::same(b"abc", b"ab"));
    }
}
