//! Consent over HTTP: `POST /consent`, and Global Privacy Control on page
//! requests. Both apply a [`Decision`], writing its records before anything
//! is acknowledged.

use axum::extract::{Request, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use portico_store::{Method, NewRecord};

use super::decide::{self, Action, Decision, Fresh, Planned};
use super::visitor::{CONSENT_COOKIE, Visitor};
use crate::location::Location;
use crate::request::read_form;
use crate::respond::{Ctx, redirect};
use crate::snapshot::ConsentAssets;
use crate::state::AppState;

/// The record of one planned entry.
fn new_record(consent_id: &str, planned: &Planned, locale: &str, consent: &ConsentAssets, trace_id: &str) -> NewRecord {
    let texts = consent.locales.get(locale);
    NewRecord {
        consent_id: consent_id.to_string(),
        event: planned.event,
        state: planned.state,
        validity_seconds: u64::from(consent.validity_days) * 86_400,
        purposes: consent
            .categories
            .iter()
            .map(|c| (c.id.clone(), planned.granted.contains(&c.id)))
            .collect(),
        notice_url: texts.map(|t| t.notice_url.clone()).unwrap_or_default(),
        notice_hash: texts.map(|t| t.notice_hash.clone()).unwrap_or_default(),
        language: locale.to_string(),
        jurisdiction: None,
        method: planned.method,
        trace_id: trace_id.to_string(),
        policy_version: consent.policy_version.clone(),
    }
}

/// Writes the decision's records, in order, each durable before the next.
async fn write(ctx: &Ctx<'_>, store: &portico_store::Store, decision: &Decision, locale: &str) -> Result<(), ()> {
    let consent = &ctx.snapshot.consent;
    let Some(id) = decision.visitor.id.as_deref() else {
        return Ok(());
    };
    for planned in &decision.records {
        let record = new_record(id, planned, locale, consent, ctx.trace.trace_id());
        let written = if planned.once {
            store.record_once(record).await.map(|_| ())
        } else {
            store.record(record).await.map(|_| ())
        };
        if let Err(e) = written {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a consent record could not be stored");
            return Err(());
        }
    }
    Ok(())
}

/// The `Set-Cookie` headers that apply `decision`.
fn cookies(ctx: &Ctx<'_>, decision: &Decision) -> Vec<HeaderValue> {
    let consent = &ctx.snapshot.consent;
    let value = decision.visitor.cookie_value(consent, ctx.state.cookie_key());
    let max_age = u64::from(consent.validity_days) * 86_400;
    let mut out: Vec<HeaderValue> = crate::cookie::set(CONSENT_COOKIE, &value, max_age, crate::cookie::SameSite::Lax)
        .into_iter()
        .collect();
    out.extend(decision.delete.iter().filter_map(|name| crate::cookie::delete(name)));
    out
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Where to go back to after a decision: the page it was made on (the
/// `Referer`, when it is a page of this site), else the locale's home.
fn back_to(headers: &http::HeaderMap, locale: &str) -> Location {
    let home = || Location::site(&format!("/{locale}/"));
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let (Some(referer), Some(host)) = (referer, host) else {
        return home();
    };
    let path = ["http://", "https://"].iter().find_map(|scheme| {
        let after = strip_prefix_ci(strip_prefix_ci(referer, scheme)?, host)?;
        Some(if after.is_empty() { "/" } else { after })
    });
    path.and_then(Location::local).unwrap_or_else(home)
}

/// `POST /consent`: accept, reject, save (the boxes ticked), allow one
/// category, or opt out of sale and sharing. Records the decision durably,
/// then sets the cookie and goes back (303).
pub(crate) async fn post(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let form = match read_form(&parts.headers, body).await {
        Ok(f) => f,
        Err(status) => return ctx.error(&ctx.negotiated_locale(), status),
    };
    let get = |k: &str| form.iter().find(|(name, _)| name == k).map(|(_, v)| v.as_str());
    let locale = get("locale")
        .and_then(|l| ctx.snapshot.locales.iter().find(|c| *c == l))
        .cloned()
        .unwrap_or_else(|| ctx.negotiated_locale());
    let consent = &ctx.snapshot.consent;
    if !consent.enabled() {
        return ctx.error(&locale, StatusCode::NOT_FOUND);
    }
    let Some(action) = Action::from_form(&form) else {
        return ctx.error(&locale, StatusCode::BAD_REQUEST);
    };
    let Some(store) = state.store() else {
        return ctx.error(&locale, StatusCode::SERVICE_UNAVAILABLE);
    };
    let method = match get("from") {
        Some("banner") => Method::Banner,
        Some("privacy-choices") => Method::PrivacyChoicesPage,
        _ => Method::ManagePage,
    };
    let decision = decide::choose(&ctx.visitor(), &action, method, consent, Fresh::now());
    if write(&ctx, store, &decision, &locale).await.is_err() {
        // Nothing is acknowledged that is not on disk: the visitor keeps
        // their previous state and can try again.
        return ctx.error(&locale, StatusCode::SERVICE_UNAVAILABLE);
    }
    let mut response = redirect(StatusCode::SEE_OTHER, &back_to(ctx.headers, &locale));
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies(&ctx, &decision) {
        h.append(header::SET_COOKIE, c);
    }
    response
}

/// A page request: applies a Global Privacy Control signal the visitor's
/// cookie does not remember yet (see [`decide::gpc`]) to `visitor`, and
/// returns the `Set-Cookie` headers that remember it. When its record
/// cannot be written the signal is still honored for this response.
pub(crate) async fn honor_gpc(ctx: &Ctx<'_>, visitor: &mut Visitor, locale: &str) -> Vec<HeaderValue> {
    let Some(decision) = decide::gpc(visitor, &ctx.snapshot.consent) else {
        return Vec::new();
    };
    if !decision.records.is_empty() {
        let Some(store) = ctx.state.store() else {
            return Vec::new();
        };
        if write(ctx, store, &decision, locale).await.is_err() {
            return Vec::new();
        }
    }
    *visitor = decision.visitor.clone();
    cookies(ctx, &decision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(host: &str, referer: Option<&str>) -> String {
        let mut h = http::HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).expect("host"));
        if let Some(r) = referer {
            h.insert(header::REFERER, HeaderValue::from_str(r).expect("referer"));
        }
        back_to(&h, "fr").as_str().to_string()
    }

    #[test]
    fn the_way_back_is_a_path_of_this_site() {
        let host = "example.org";
        assert_eq!(back(host, None), "/fr/");
        assert_eq!(back(host, Some("https://example.org/en/about/?x=1")), "/en/about/?x=1");
        assert_eq!(back(host, Some("HTTPS://EXAMPLE.ORG/en/")), "/en/");
        assert_eq!(back(host, Some("https://example.org")), "/");
        for evil in [
            "https://evil.example/en/",
            "https://example.org.evil.example/en/",
            "https://example.org//evil.example/",
            "https://example.org/\\evil.example/",
            "https://example.org/\\\\evil.example/",
            "https://example.org/%5Cevil.example/",
            "https://example.org/%09/evil.example/",
            "https://example.org@evil.example/",
            "https://example.org:8443/en/",
            "javascript:alert(1)",
        ] {
            assert_eq!(back(host, Some(evil)), "/fr/", "{evil}");
        }
    }
}
