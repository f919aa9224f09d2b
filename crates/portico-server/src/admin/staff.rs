//! Who a request of the staff's side comes from, as axum extractors: a
//! signed-in GET ([`Staff`]) and a signed-in form POST whose token matches
//! the session's ([`StaffPost`]). A request that is neither is answered
//! by the extractor: to the sign-in page, or a 403 that changes nothing.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::Response;
use http::StatusCode;
use http::request::Parts;
use portico_store::{Session, Store};

use super::cache::InvalidateOnDrop;
use super::session;
use super::view::{message, see_other};
use crate::request::{body_limit, read_form_up_to};
use crate::respond::Ctx;
use crate::state::AppState;

/// A signed-in request.
pub(crate) struct Staff {
    pub parts: Parts,
    pub session: Session,
}

/// A signed-in form POST carrying its session's token, and the store.
/// Whatever its handler changes, the session cache forgets when it is
/// dropped (after the handler's writes are committed).
pub(crate) struct StaffPost {
    pub parts: Parts,
    pub session: Session,
    pub form: Vec<(String, String)>,
    pub store: Store,
    _invalidate: InvalidateOnDrop,
}

/// The signed-in session, or the answer that sends the person to sign in
/// — or, when the account's role must have a second factor and it has
/// none yet, to the account page to set one up (the only place it may go
/// until then).
async fn signed_in(ctx: &Ctx<'_>, path: &str) -> Result<Session, Response> {
    let session = session::current(ctx).await.ok_or_else(|| see_other("/admin/sign-in"))?;
    let allowed = path == "/admin/account" || path.starts_with("/admin/account/");
    if !allowed && needs_second_factor(ctx, &session).await {
        return Err(see_other("/admin/account?done=admin-totp-needed"));
    }
    Ok(session)
}

/// Whether `session` lacks the second factor its role must have. A
/// passkey counts as one (something held, unlocked by the person).
pub(crate) async fn needs_second_factor(ctx: &Ctx<'_>, session: &Session) -> bool {
    if session.account.has_totp || session.method == "passkey" {
        return false;
    }
    let cache = ctx.state.sessions();
    let required = match cache.totp_required() {
        Some(r) => r,
        None => {
            let generation = cache.generation();
            let Some(store) = ctx.state.store() else { return false };
            let roles = store.totp_required().await.unwrap_or_default();
            cache.put_totp_required(generation, roles.clone());
            roles
        }
    };
    required.contains(&session.account.role)
}

/// A form without its session's token: nothing is done.
pub(crate) fn csrf_refused(ctx: &Ctx<'_>, session: &Session) -> Response {
    let locale = ctx.negotiated_locale();
    let text = ctx.snapshot.live.text(&locale, "admin-csrf", &[]);
    message(ctx, "admin-csrf-title", &text, StatusCode::FORBIDDEN, Some(session))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Response> {
        let session = signed_in(&Ctx::new(state, parts), parts.uri.path()).await?;
        Ok(Staff {
            parts: parts.clone(),
            session,
        })
    }
}

impl FromRequest<AppState> for StaffPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<StaffPost, Response> {
        let (parts, body) = req.into_parts();
        let (session, form, store) = {
            let ctx = Ctx::new(state, &parts);
            let Some(store) = state.store().cloned() else {
                return Err(ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE));
            };
            let session = signed_in(&ctx, parts.uri.path()).await?;
            let form = read_form_up_to(&parts.headers, body, body_limit(parts.uri.path()))
                .await
                .map_err(|status| ctx.error(&ctx.negotiated_locale(), status))?;
            if !session::csrf_ok(&session, &form) {
                return Err(csrf_refused(&ctx, &session));
            }
            (session, form, store)
        };
        Ok(StaffPost {
            parts,
            session,
            form,
            store,
            _invalidate: InvalidateOnDrop(state.sessions_arc()),
        })
    }
}

impl StaffPost {
    /// The request's context.
    pub fn ctx<'a>(&'a self, state: &'a AppState) -> Ctx<'a> {
        Ctx::new(state, &self.parts)
    }
}

impl Staff {
    /// The request's context.
    pub fn ctx<'a>(&'a self, state: &'a AppState) -> Ctx<'a> {
        Ctx::new(state, &self.parts)
    }
}

/// A form's field `name` (empty when absent; the first when repeated).
pub(crate) fn field<'f>(form: &'f [(String, String)], name: &str) -> &'f str {
    form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}
