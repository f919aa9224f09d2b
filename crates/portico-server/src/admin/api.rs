//! Automation: requests carrying an API token as `Authorization: Bearer`.
//! A token acts as its account, with the account's role and scope; each
//! use is recorded (last use, and an audit entry).

use axum::body::Body as AxumBody;
use axum::extract::{Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_auth::secret;
use portico_store::{Account, Token};

use super::session::now;
use crate::respond::Ctx;
use crate::state::AppState;

/// The account a request's bearer token authenticates, or the 401 to
/// answer (with `WWW-Authenticate`, RFC 6750).
pub(crate) async fn bearer(ctx: &Ctx<'_>, request: &str) -> Result<(Account, Token), Response> {
    let unauthorized = |error: &str| {
        problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "This request needs a valid API token as Authorization: Bearer.",
            ctx.trace.trace_id(),
            Some(format!("Bearer realm=\"portico\", error=\"{error}\"")),
        )
    };
    let Some(value) = ctx.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Err(problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "This request needs an API token as Authorization: Bearer.",
            ctx.trace.trace_id(),
            Some("Bearer realm=\"portico\"".to_string()),
        ));
    };
    let token = value
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let Some(token) = token.filter(|t| secret::looks_like(secret::Kind::Token, t)) else {
        return Err(unauthorized("invalid_request"));
    };
    let Some(store) = ctx.state.store() else {
        return Err(problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service Unavailable",
            "The store is not available.",
            ctx.trace.trace_id(),
            None,
        ));
    };
    match store
        .use_token(&secret::hash(token), now(), request, ctx.trace.trace_id())
        .await
    {
        Ok(Some(found)) => Ok(found),
        Ok(None) => Err(unauthorized("invalid_token")),
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a token could not be checked");
            Err(problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
                "The store is not available.",
                ctx.trace.trace_id(),
                None,
            ))
        }
    }
}

/// An RFC 9457 problem document.
pub(crate) fn problem(status: StatusCode, title: &str, detail: &str, trace_id: &str, auth: Option<String>) -> Response {
    let mut r = problem_with(status, title, detail, trace_id, serde_json::Map::new());
    if let Some(v) = auth.and_then(|a| HeaderValue::from_str(&a).ok()) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

/// An RFC 9457 problem document with members of its own (`extra`).
pub(crate) fn problem_with(
    status: StatusCode,
    title: &str,
    detail: &str,
    trace_id: &str,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Response {
    let mut body = serde_json::json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
        "trace_id": trace_id,
    });
    if let serde_json::Value::Object(members) = &mut body {
        members.extend(extra);
    }
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/problem+json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(AxumBody::from(body.to_string()))
        .unwrap_or_default()
}

/// `GET /api/v1/me`: the account the token acts as.
pub(crate) async fn me(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let (account, token) = match bearer(&ctx, "GET /api/v1/me").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let body = serde_json::json!({
        "email": account.email,
        "name": account.name,
        "role": account.role.as_str(),
        "sections": account.sections,
        "locales": account.locales,
        "token": { "id": token.id, "name": token.name, "expires_at": token.expires_at },
    })
    .to_string();
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(AxumBody::from(body))
        .unwrap_or_default()
}
