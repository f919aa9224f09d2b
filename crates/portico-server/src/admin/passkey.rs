//! Passkeys: registering them on the account page and signing in with
//! one and nothing else (a discoverable credential: no address typed).
//! The WebAuthn checks are `webauthn-rs`'s; each ceremony's state waits in
//! the store for five minutes and is used once. The browser's part is
//! `js/admin.js`, the only script of the staff's pages; everything else
//! works without it.

use axum::body::Body as AxumBody;
use axum::extract::{Request, State};
use axum::response::Response;
use http::{StatusCode, header};
use portico_auth::secret;
use portico_store::{AuditAction, AuditEntry, Store};
use serde_json::{Value, json};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::session::{self, actor, now};
use super::staff::{StaffPost, field};
use crate::request::read_form;
use crate::respond::Ctx;
use crate::state::AppState;

/// How long a ceremony may take between its two requests.
const CEREMONY_SECONDS: i64 = 300;

/// The longest name a passkey may be given.
const NAME_CHARS: usize = 60;

/// The relying party for this request: the host the page was loaded from
/// (the browser checks the page's origin against it). Plain HTTP only for
/// `localhost`, which browsers treat as secure; anything else is served
/// over HTTPS, directly or behind a proxy.
fn relying_party(ctx: &Ctx<'_>) -> Option<Webauthn> {
    let host = ctx.headers.get(header::HOST)?.to_str().ok()?;
    let name = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    let scheme = if name == "localhost" { "http" } else { "https" };
    let origin = Url::parse(&format!("{scheme}://{host}")).ok()?;
    let site_name = ctx.snapshot.live.site_name().to_string();
    WebauthnBuilder::new(name, &origin)
        .ok()?
        .rp_name(&site_name)
        .build()
        .ok()
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(AxumBody::from(body.to_string()))
        .unwrap_or_default()
}

/// The error a script shows: the interface string `key`, for the request's
/// locale.
fn failed(ctx: &Ctx<'_>, status: StatusCode, key: &str) -> Response {
    let detail = ctx.snapshot.live.text(&ctx.negotiated_locale(), key, &[]);
    json_response(
        status,
        &json!({ "status": status.as_u16(), "detail": detail, "trace_id": ctx.trace.trace_id() }),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A ceremony's id, the state's place in the store.
fn ceremony_id() -> String {
    secret::hash(&secret::new(secret::Kind::Session))
}

/// Keeps a ceremony's `state` for its second request and answers the
/// script with the ceremony's id and the browser's `options`.
async fn begin(
    ctx: &Ctx<'_>,
    store: &Store,
    kind: &str,
    account: Option<i64>,
    state: &impl serde::Serialize,
    options: &impl serde::Serialize,
) -> Response {
    let id = ceremony_id();
    let saved = match serde_json::to_string(state) {
        Ok(s) => store
            .put_ceremony(&id, kind, account, &s, now() + CEREMONY_SECONDS, now())
            .await
            .is_ok(),
        Err(_) => false,
    };
    if !saved {
        return failed(ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    }
    json_response(StatusCode::OK, &json!({ "ceremony": id, "options": options }))
}

/// `POST /admin/account/passkeys/options`: a registration challenge.
pub(crate) async fn register_options(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store) = (&post.session, &post.store);
    let Some(rp) = relying_party(&ctx) else {
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-failed");
    };
    let account = &session.account;
    let fresh = Uuid::from_bytes(rand::random()).to_string();
    let Ok(Ok(user)) = store
        .webauthn_id(account.id, &fresh)
        .await
        .map(|id| Uuid::parse_str(&id))
    else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    let existing: Vec<_> = store
        .passkeys_of(account.id)
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|p| serde_json::from_str::<Passkey>(&p.data).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let display = if account.name.is_empty() {
        &account.email
    } else {
        &account.name
    };
    let Ok((options, registration)) = rp.start_passkey_registration(user, &account.email, display, Some(existing))
    else {
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-failed");
    };
    // A passkey the browser can offer without an address typed first (a
    // discoverable credential); the check of the answer is the same.
    let mut options = serde_json::to_value(&options).unwrap_or_default();
    if let Some(o) = options.get_mut("publicKey").and_then(Value::as_object_mut) {
        o.insert(
            "authenticatorSelection".into(),
            json!({ "residentKey": "required", "requireResidentKey": true, "userVerification": "required" }),
        );
    }
    begin(&ctx, store, "register", Some(account.id), &registration, &options).await
}

/// `POST /admin/account/passkeys`: the browser's new credential, checked
/// and kept; every other session ends and this browser gets a fresh one.
pub(crate) async fn register(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let account = &session.account;
    let state_text = match store.take_ceremony(field(form, "ceremony"), "register", now()).await {
        Ok(Some((Some(owner), text))) if owner == account.id => text,
        _ => return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-expired"),
    };
    let (Some(rp), Ok(registration), Ok(credential)) = (
        relying_party(&ctx),
        serde_json::from_str::<PasskeyRegistration>(&state_text),
        serde_json::from_str::<RegisterPublicKeyCredential>(field(form, "credential")),
    ) else {
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-failed");
    };
    let Ok(passkey) = rp.finish_passkey_registration(&credential, &registration) else {
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-failed");
    };
    let name: String = field(form, "name")
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_CHARS)
        .collect();
    let name = if name.is_empty() { "Passkey".to_string() } else { name };
    let Ok(data) = serde_json::to_string(&passkey) else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    let credential_id = hex(passkey.cred_id().as_ref());
    let by = actor(&ctx, &account.email);
    match store
        .add_passkey(account.id, &credential_id, &name, &data, now(), &by)
        .await
    {
        Ok(_) => {}
        Err(portico_store::StoreError::Conflict(_)) => {
            return failed(&ctx, StatusCode::CONFLICT, "admin-passkey-failed");
        }
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a passkey could not be saved");
            return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
        }
    }
    restarted(&ctx, store, account.id, "/admin/account?done=admin-passkey-added").await
}

/// A fresh session for this browser after a change that ended them all,
/// answered as JSON for the script (`redirect`) with its cookie.
async fn restarted(ctx: &Ctx<'_>, store: &Store, account_id: i64, then: &str) -> Response {
    let Ok(Some(account)) = store.account_by_id(account_id).await else {
        return failed(ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    match session::start(ctx, store, &account, "passkey").await {
        Ok(cookie) => {
            let mut r = json_response(StatusCode::OK, &json!({ "redirect": then }));
            r.headers_mut().append(header::SET_COOKIE, cookie);
            r
        }
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a session could not be started");
            failed(ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed")
        }
    }
}

/// `POST /admin/account/passkeys/remove`: a form (no script needed).
pub(crate) async fn remove(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store, form) = (&post.session, &post.store, &post.form);
    let Ok(id) = field(form, "passkey").parse::<i64>() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::BAD_REQUEST);
    };
    let by = actor(&ctx, &session.account.email);
    match store.remove_passkey(session.account.id, id, &by).await {
        Ok(true) => super::account::restart(&ctx, session, "admin-passkey-removed").await,
        Ok(false) => ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND),
        Err(e) => super::view::unavailable(&ctx, "a passkey could not be removed", &e),
    }
}

/// `POST /admin/sign-in/passkey/options`: a challenge any of the site's
/// passkeys can answer.
pub(crate) async fn sign_in_options(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (Some(store), Some(rp)) = (state.store(), relying_party(&ctx)) else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    let Ok((mut options, authentication)) = rp.start_discoverable_authentication() else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    // Asked for by a button: the browser's own dialog, not autofill.
    options.mediation = None;
    begin(&ctx, store, "sign-in", None, &authentication, &options).await
}

/// `POST /admin/sign-in/passkey`: the browser's signed answer; a session
/// when a passkey of an enabled account signed this ceremony's challenge.
pub(crate) async fn sign_in(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let form = match read_form(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => return failed(&ctx, status, "admin-passkey-failed"),
    };
    let (Some(store), Some(rp)) = (state.store(), relying_party(&ctx)) else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    let refuse = |reason: &'static str| {
        let entry = AuditEntry::new("anonymous", AuditAction::SignInFailed, "(passkey)")
            .with("method", "passkey")
            .with("reason", reason)
            .traced(ctx.trace.trace_id());
        async move {
            let _ = store.audit(entry).await;
        }
    };
    let Ok(Some((None, state_text))) = store.take_ceremony(field(&form, "ceremony"), "sign-in", now()).await else {
        refuse("ceremony-unknown-or-expired").await;
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-expired");
    };
    let (Ok(authentication), Ok(credential)) = (
        serde_json::from_str::<DiscoverableAuthentication>(&state_text),
        serde_json::from_str::<PublicKeyCredential>(field(&form, "credential")),
    ) else {
        refuse("malformed").await;
        return failed(&ctx, StatusCode::BAD_REQUEST, "admin-passkey-failed");
    };
    let Ok((user, credential_id)) = rp.identify_discoverable_authentication(&credential) else {
        refuse("no-user-handle").await;
        return failed(&ctx, StatusCode::UNAUTHORIZED, "admin-passkey-failed");
    };
    let found = store.passkey(&hex(credential_id)).await.ok().flatten();
    let Some((account, record)) = found else {
        refuse("unknown-passkey").await;
        return failed(&ctx, StatusCode::UNAUTHORIZED, "admin-passkey-failed");
    };
    let handle = store.webauthn_id(account.id, "").await.ok();
    let Ok(mut passkey) = serde_json::from_str::<Passkey>(&record.data) else {
        return failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed");
    };
    let verified = handle.as_deref() == Some(user.to_string().as_str())
        && rp
            .finish_discoverable_authentication(&credential, authentication, &[DiscoverableKey::from(&passkey)])
            .map(|result| {
                passkey.update_credential(&result);
            })
            .is_ok();
    if !verified {
        refuse("signature").await;
        return failed(&ctx, StatusCode::UNAUTHORIZED, "admin-passkey-failed");
    }
    if let Ok(data) = serde_json::to_string(&passkey) {
        let _ = store.passkey_used(record.id, &data, now()).await;
    }
    match session::start(&ctx, store, &account, "passkey").await {
        Ok(cookie) => {
            let mut r = json_response(StatusCode::OK, &json!({ "redirect": "/admin/" }));
            r.headers_mut().append(header::SET_COOKIE, cookie);
            if let Some(c) = session::clear_pending() {
                r.headers_mut().append(header::SET_COOKIE, c);
            }
            r
        }
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a session could not be started");
            failed(&ctx, StatusCode::SERVICE_UNAVAILABLE, "admin-passkey-failed")
        }
    }
}

/// What the account page lists of a passkey.
pub(crate) fn listed(p: &portico_store::PasskeyRecord) -> Value {
    let when = |t: Option<i64>| {
        t.and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| format!("{t:.0}"))
    };
    json!({
        "id": p.id,
        "name": p.name,
        "created": when(Some(p.created_at)),
        "used": when(p.last_used_at),
    })
}
