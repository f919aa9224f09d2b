//! The signed-in person's own page, "your account" (password, two-step
//! verification, passkeys, sessions).

use axum::extract::State;
use axum::response::Response;
use http::{StatusCode, header};
use portico_auth::{password, secret, totp};
use portico_store::Session;
use serde_json::{Value, json};

use super::session::{self, actor, now};
use super::staff::{Staff, StaffPost, field};
use super::view::{FieldError, Page, Viewer, message, render, see_other, unavailable};
use crate::respond::Ctx;
use crate::state::AppState;

/// What the account page shows besides the common fields.
async fn account_view(ctx: &Ctx<'_>, session: &Session, recovery: &[String]) -> Value {
    let store = ctx.state.store();
    let sessions: Vec<Value> = match store {
        Some(store) => store
            .sessions_of(session.account.id)
            .await
            .unwrap_or_default()
            .iter()
            .map(|s| {
                json!({
                    "id": s.hash,
                    "user_agent": s.user_agent,
                    "method": s.method,
                    "created": crate::schedule::rfc3339(s.created_at),
                    "seen": crate::schedule::rfc3339(s.last_seen),
                    "current": s.hash == session.hash,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let totp_setup = (!session.account.has_totp).then(|| {
        let secret = totp::new_secret();
        let issuer = ctx.snapshot.live.site_name();
        let uri = totp::uri(&secret, issuer, &session.account.email).unwrap_or_default();
        let label = ctx.snapshot.live.text(&ctx.negotiated_locale(), "admin-totp-qr", &[]);
        json!({
            "text": totp::secret_text(&secret),
            "qr": qr_svg(&uri, &label),
            "uri": uri,
            "sealed": session::seal_setup(ctx.state.admin_key(), session.account.id, &secret),
        })
    });
    let passkeys: Vec<Value> = match store {
        Some(store) => store
            .passkeys_of(session.account.id)
            .await
            .unwrap_or_default()
            .iter()
            .map(super::passkey::listed)
            .collect(),
        None => Vec::new(),
    };
    json!({
        "passkeys": passkeys,
        "sessions": sessions,
        "totp": totp_setup,
        "recovery_codes": recovery,
        "min_length": password::MIN_LENGTH,
    })
}

/// `text` as a QR code: an inline SVG image (the page's CSP allows no
/// `data:` image), one path of dark modules, with `label` as its name.
fn qr_svg(text: &str, label: &str) -> Option<String> {
    use std::fmt::Write as _;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", i % width + quiet, i / width + quiet);
        }
    }
    let label = attr_escape(label);
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"192\" height=\"192\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" \
         height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// Text for an attribute value.
fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn account_page(
    ctx: &Ctx<'_>,
    session: &Session,
    errors: &[FieldError],
    notice: Option<String>,
    recovery: &[String],
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = account_view(ctx, session, recovery).await;
    let page = Page::new("account", "admin-account", view).status(status);
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

/// `GET /admin/account`.
pub(crate) async fn page(State(state): State<AppState>, staff: Staff) -> Response {
    let ctx = staff.ctx(&state);
    let session = &staff.session;
    // What the change before the redirect did, named by its string.
    let done = staff
        .parts
        .uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("done=")))
        .filter(|k| DONE.contains(k))
        .map(|k| text(&ctx, k, &[]));
    account_page(&ctx, session, &[], done, &[]).await
}

/// The notices a redirect to the account page may ask for.
const DONE: [&str; 7] = [
    "admin-totp-needed",
    "admin-password-saved",
    "admin-totp-disabled",
    "admin-session-ended",
    "admin-changed",
    "admin-passkey-added",
    "admin-passkey-removed",
];

fn text(ctx: &Ctx<'_>, key: &str, args: &[(&str, String)]) -> String {
    ctx.snapshot.live.text(&ctx.negotiated_locale(), key, args)
}

/// `POST /admin/account/password`: sets or changes the password; every
/// session ends, and this browser gets a fresh one.
pub(crate) async fn password(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    let account = &session.account;
    if account.has_password {
        let stored = store.password_hash(account.id).await.ok().flatten().unwrap_or_default();
        let given = field(form, "current").to_string();
        let ok = tokio::task::spawn_blocking(move || password::verify(&given, &stored))
            .await
            .unwrap_or(false);
        if !ok {
            let errors = [FieldError {
                field: "current",
                text: text(&ctx, "admin-password-wrong", &[]),
            }];
            return account_page(&ctx, session, &errors, None, &[]).await;
        }
    }
    let new = field(form, "password").to_string();
    let personal = [account.email.as_str(), account.name.as_str()];
    if let Err(problem) = password::check(&new, &personal) {
        let message = match problem {
            password::PasswordProblem::TooShort { min, found } => text(
                &ctx,
                "admin-password-short",
                &[("min", min.to_string()), ("found", found.to_string())],
            ),
            password::PasswordProblem::TooLong { max } => {
                text(&ctx, "admin-password-long", &[("max", max.to_string())])
            }
            password::PasswordProblem::Guessable { .. } => text(&ctx, "admin-password-weak", &[]),
        };
        let errors = [FieldError {
            field: "new-password",
            text: message,
        }];
        return account_page(&ctx, session, &errors, None, &[]).await;
    }
    let Ok(phc) = tokio::task::spawn_blocking(move || password::hash(&new)).await else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    if let Err(e) = store.set_password(account.id, &phc, &actor(&ctx, &account.email)).await {
        return unavailable(&ctx, "a password could not be saved", &e);
    }
    restart(&ctx, session, "admin-password-saved").await
}

/// After a change that ended every session: a fresh one for this browser,
/// then the account page with `notice`.
pub(crate) async fn restart(ctx: &Ctx<'_>, session: &Session, notice: &str) -> Response {
    let Some(store) = ctx.state.store() else {
        return ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE);
    };
    let Ok(Some(account)) = store.account_by_id(session.account.id).await else {
        return see_other("/admin/sign-in");
    };
    let method = session.method.clone();
    match session::start(ctx, store, &account, &method).await {
        Ok(cookie) => {
            let mut r = see_other(&format!("/admin/account?done={notice}"));
            r.headers_mut().append(header::SET_COOKIE, cookie);
            r
        }
        Err(e) => unavailable(ctx, "a session could not be started", &e),
    }
}

/// `POST /admin/account/totp`: turns the second factor on once a code
/// from the app confirms the secret; shows the recovery codes once.
pub(crate) async fn totp_on(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    let account = &session.account;
    let secret = session::open_setup(state.admin_key(), account.id, field(form, "sealed"));
    let step = secret
        .as_deref()
        .and_then(|s| totp::matching_step(s, field(form, "code"), u64::try_from(now()).unwrap_or(0)));
    let (Some(secret), Some(step)) = (secret, step) else {
        let errors = [FieldError {
            field: "totp-code",
            text: text(&ctx, "admin-code-wrong", &[]),
        }];
        return account_page(&ctx, session, &errors, None, &[]).await;
    };
    let codes = secret::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| secret::recovery_hash(c)).collect();
    if let Err(e) = store
        .enable_totp(account.id, &secret, step, &hashes, &actor(&ctx, &account.email))
        .await
    {
        return unavailable(&ctx, "two-step verification could not be saved", &e);
    }
    let Ok(Some(session)) = store.session(&session.hash, now(), session::IDLE_SECONDS).await else {
        return see_other("/admin/sign-in");
    };
    let notice = text(&ctx, "admin-totp-enabled", &[]);
    account_page(&ctx, &session, &[], Some(notice), &codes).await
}

/// `POST /admin/account/totp/off`: needs a current code.
pub(crate) async fn totp_off(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    let account = &session.account;
    let step = match store.totp_secret(account.id).await.ok().flatten() {
        Some(s) => totp::matching_step(&s, field(form, "code"), u64::try_from(now()).unwrap_or(0)),
        None => None,
    };
    let accepted = match step {
        Some(step) => store.accept_totp_step(account.id, step).await.unwrap_or(false),
        None => false,
    };
    if !accepted {
        let errors = [FieldError {
            field: "totp-off-code",
            text: text(&ctx, "admin-code-wrong", &[]),
        }];
        return account_page(&ctx, session, &errors, None, &[]).await;
    }
    if let Err(e) = store.disable_totp(account.id, &actor(&ctx, &account.email)).await {
        return unavailable(&ctx, "two-step verification could not be turned off", &e);
    }
    see_other("/admin/account?done=admin-totp-disabled")
}

/// `POST /admin/account/sessions/end`: signs one session out.
pub(crate) async fn end_session(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, form, store) = (&post.session, &post.form, &post.store);
    let which = field(form, "session");
    let by = actor(&ctx, &session.account.email);
    let _ = store.end_session(session.account.id, which, &by).await;
    if which == session.hash {
        return see_other("/admin/sign-in");
    }
    see_other("/admin/account?done=admin-session-ended")
}

/// `POST /admin/account/sessions/end-all`: signs every session out, this
/// one included.
pub(crate) async fn end_all(State(state): State<AppState>, post: StaffPost) -> Response {
    let ctx = post.ctx(&state);
    let (session, store) = (&post.session, &post.store);
    let by = actor(&ctx, &session.account.email);
    if let Err(e) = store.end_all_sessions(&session.account.email, &by).await {
        return unavailable(&ctx, "sessions could not be ended", &e);
    }
    let notice = text(&ctx, "admin-sessions-ended", &[]);
    let mut r = message(&ctx, "admin-sign-out-everywhere", &notice, StatusCode::OK, None);
    if let Some(c) = session::clear() {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}
