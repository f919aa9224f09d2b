//! Consent on the server: the visitor's choice from its one first-party
//! cookie, what it puts in a page's consent holes, Global Privacy Control,
//! and `POST /consent`, which answers only once the decision's record is
//! durable.
//!
//! The cookie (`__Host-portico_consent`, Secure, HttpOnly, SameSite=Lax)
//! holds `1.<consent id>.<decided at, unix s>.<opt-out flag>.<granted
//! categories joined by +>.<policy version>`. It is the visitor's own
//! statement of their choice; the proof is the store's record.

use axum::body::Body as AxumBody;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use portico_render::Hole;
use portico_stitch::Fill;
use portico_store::{Event, Method, NewRecord, State as ConsentState};

use crate::app::AppState;
use crate::snapshot::{ConsentAssets, Slot, Snapshot};
use crate::trace::TraceContext;

pub const CONSENT_COOKIE: &str = "__Host-portico_consent";

/// Why a visitor is opted out of sale and sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptOut {
    No,
    /// A Global Privacy Control signal (now or on an earlier visit).
    Gpc,
    /// The "Your Privacy Choices" page.
    Page,
}

/// The visitor's consent, as this request shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Visitor {
    pub id: Option<String>,
    /// A choice under the current policy, not expired.
    pub decided: bool,
    pub decided_at: i64,
    pub granted: Vec<String>,
    pub opt_out: OptOut,
    /// `Sec-GPC: 1` on this request.
    pub gpc_signal: bool,
}

fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether the request carries a Global Privacy Control signal: a
/// `Sec-GPC` header whose value is exactly `1` (any one among several).
pub(crate) fn gpc_signal(headers: &HeaderMap) -> bool {
    headers.get_all("sec-gpc").iter().take(16).any(|v| v.as_bytes() == b"1")
}

impl Visitor {
    pub fn from_headers(headers: &HeaderMap, consent: &ConsentAssets, now: i64) -> Visitor {
        let mut v = Visitor {
            id: None,
            decided: false,
            decided_at: 0,
            granted: Vec::new(),
            opt_out: OptOut::No,
            gpc_signal: gpc_signal(headers),
        };
        let Some(raw) = crate::app::cookie(headers, CONSENT_COOKIE) else {
            return v;
        };
        let parts: Vec<&str> = raw.splitn(6, '.').collect();
        let [version_tag, id, at, flag, cats, policy] = parts.as_slice() else {
            return v;
        };
        if *version_tag != "1" || !valid_id(id) {
            return v;
        }
        v.id = Some((*id).to_string());
        v.opt_out = match *flag {
            "g" => OptOut::Gpc,
            "p" => OptOut::Page,
            _ => OptOut::No,
        };
        let at: i64 = at.parse().unwrap_or(0);
        let valid_for = i64::from(consent.validity_days) * 86_400;
        v.decided_at = at;
        v.decided = *policy == consent.policy_version && at <= now + 300 && now - at < valid_for;
        if v.decided {
            v.granted = cats
                .split('+')
                .filter(|c| consent.categories.iter().any(|k| k.id == *c))
                .map(str::to_string)
                .collect();
        }
        v
    }

    /// The visitor of a request now.
    pub fn of(headers: &HeaderMap, consent: &ConsentAssets) -> Visitor {
        Visitor::from_headers(headers, consent, now())
    }

    pub fn opted_out(&self) -> bool {
        self.gpc_signal || self.opt_out != OptOut::No
    }

    /// Whether category `i` (site.toml order) is allowed now.
    pub fn allows(&self, consent: &ConsentAssets, i: usize) -> bool {
        let Some(cat) = consent.categories.get(i) else {
            return false;
        };
        self.decided && self.granted.contains(&cat.id) && !(cat.sale_sharing && self.opted_out())
    }

    /// What goes in `slot` for this visitor.
    pub fn fill<'a>(
        &self,
        slot: &'a Slot,
        trace_id: &'a str,
        locale: Option<&str>,
        consent: &'a ConsentAssets,
    ) -> Fill<'a> {
        match slot {
            Slot::Hole(h) => self.fill_hole(*h, trace_id, locale, consent),
            Slot::Gate {
                category,
                allowed,
                refused,
            } => {
                if self.allows(consent, usize::from(*category)) {
                    Fill::Raw(allowed)
                } else {
                    Fill::Raw(refused)
                }
            }
            Slot::Shared(f) => Fill::Fragment(f),
        }
    }

    /// What goes in `hole` for this visitor.
    pub fn fill_hole<'a>(
        &self,
        hole: Hole,
        trace_id: &'a str,
        locale: Option<&str>,
        consent: &'a ConsentAssets,
    ) -> Fill<'a> {
        let texts = locale.and_then(|l| consent.locales.get(l));
        match hole {
            Hole::TraceId => Fill::Raw(trace_id.as_bytes()),
            Hole::ConsentBanner => match texts {
                Some(t) if consent.enabled() && !self.decided => Fill::Fragment(&t.banner),
                _ => Fill::Fragment(&consent.empty),
            },
            Hole::GpcNotice => match texts {
                Some(t) if self.gpc_signal || self.opt_out == OptOut::Gpc => Fill::Fragment(&t.gpc),
                _ => Fill::Fragment(&consent.empty),
            },
            Hole::ConsentChecked(i) => {
                if self.allows(consent, usize::from(i)) {
                    Fill::Raw(b" checked")
                } else {
                    Fill::Raw(b"")
                }
            }
        }
    }

    /// A page rendered per request (search results), filled for this
    /// visitor.
    pub fn fill_page(
        &self,
        html: &portico_render::Html,
        trace_id: &str,
        locale: &str,
        consent: &ConsentAssets,
    ) -> String {
        html.fill_with(
            |hole| match self.fill_hole(hole, trace_id, Some(locale), consent) {
                Fill::Raw(r) => std::str::from_utf8(r).unwrap_or(""),
                Fill::Fragment(f) => std::str::from_utf8(f.raw()).unwrap_or(""),
            },
            |category| self.allows(consent, usize::from(category)),
        )
    }

    /// A short tag of everything the holes depend on, for the ETag.
    pub fn tag(&self, consent: &ConsentAssets) -> String {
        let mut t = String::with_capacity(8);
        t.push(if self.decided { 'd' } else { 'u' });
        t.push(if self.gpc_signal || self.opt_out == OptOut::Gpc {
            'g'
        } else {
            'n'
        });
        for i in 0..consent.categories.len() {
            t.push(if self.allows(consent, i) { '1' } else { '0' });
        }
        t
    }

    fn cookie_value(&self, id: &str, now: i64, consent: &ConsentAssets) -> String {
        let flag = match self.opt_out {
            OptOut::No => "n",
            OptOut::Gpc => "g",
            OptOut::Page => "p",
        };
        format!(
            "1.{id}.{now}.{flag}.{}.{}",
            self.granted.join("+"),
            consent.policy_version
        )
    }
}

/// `Set-Cookie` for the consent cookie.
fn set_cookie(value: &str, max_age_days: u32) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{CONSENT_COOKIE}={value}; Path=/; Max-Age={}; Secure; HttpOnly; SameSite=Lax",
        u64::from(max_age_days) * 86_400
    ))
    .ok()
}

/// `Set-Cookie` that deletes an optional cookie of a withdrawn category.
fn delete_cookie(name: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("{name}=; Path=/; Max-Age=0")).ok()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Where to go back to after a decision: the page it was made on (the
/// `Referer`, when it is this site's own page), else the locale's home.
fn back_to(headers: &HeaderMap, locale: &str) -> String {
    let home = format!("/{locale}/");
    let Some(referer) = headers.get(header::REFERER).and_then(|v| v.to_str().ok()) else {
        return home;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return home;
    };
    let path = ["http://", "https://"]
        .iter()
        .find_map(|scheme| referer.strip_prefix(scheme)?.strip_prefix(host));
    match path {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains(['\r', '\n']) && p.len() < 2048 => {
            p.to_string()
        }
        _ => home,
    }
}

/// The record of a decision, and what the store needs besides.
#[allow(clippy::too_many_arguments)]
fn record(
    visitor_id: &str,
    event: Event,
    state: ConsentState,
    method: Method,
    granted: &[String],
    locale: &str,
    consent: &ConsentAssets,
    trace: &TraceContext,
) -> NewRecord {
    let texts = consent.locales.get(locale);
    NewRecord {
        consent_id: visitor_id.to_string(),
        event,
        state,
        validity_seconds: u64::from(consent.validity_days) * 86_400,
        purposes: consent
            .categories
            .iter()
            .map(|c| (c.id.clone(), granted.contains(&c.id)))
            .collect(),
        notice_url: texts.map(|t| t.notice_url.clone()).unwrap_or_default(),
        notice_hash: texts.map(|t| t.notice_hash.clone()).unwrap_or_default(),
        language: locale.to_string(),
        jurisdiction: None,
        method,
        trace_id: trace.trace_id().to_string(),
        policy_version: consent.policy_version.clone(),
    }
}

/// A plain 4xx/5xx answer for the consent endpoint, on the locale's
/// error page.
fn refuse(
    snapshot: &Snapshot,
    locale: &str,
    status: StatusCode,
    trace: &TraceContext,
    headers: &HeaderMap,
) -> Response {
    crate::app::error_page(snapshot, locale, status, trace, headers, false)
}

/// `POST /consent`: accept, reject, save (the boxes ticked), or opt out
/// of sale and sharing. Records the decision durably, then sets the cookie
/// and goes back (303).
pub(crate) async fn post(
    State(state): State<AppState>,
    trace: Option<axum::Extension<TraceContext>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let trace = trace.map_or_else(TraceContext::new_root, |t| t.0);
    let snapshot = state.snapshot();
    let consent = snapshot.consent.clone();
    let get = |k: &str| {
        form.iter()
            .take(64)
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    };
    let locale = get("locale")
        .and_then(|l| snapshot.locales.iter().find(|c| *c == l))
        .unwrap_or(&snapshot.default_locale)
        .clone();
    if !consent.enabled() {
        return refuse(&snapshot, &locale, StatusCode::NOT_FOUND, &trace, &headers);
    }
    let Some(store) = state.store() else {
        return refuse(&snapshot, &locale, StatusCode::SERVICE_UNAVAILABLE, &trace, &headers);
    };
    let now = now();
    let old = Visitor::from_headers(&headers, &consent, now);
    let mut new = old.clone();
    if old.gpc_signal && new.opt_out == OptOut::No {
        new.opt_out = OptOut::Gpc;
    }
    let sale = |id: &String| consent.categories.iter().any(|c| c.id == *id && c.sale_sharing);
    let all: Vec<String> = consent.categories.iter().map(|c| c.id.clone()).collect();
    let method = match get("from") {
        Some("banner") => Method::Banner,
        Some("privacy-choices") => Method::PrivacyChoicesPage,
        _ => Method::ManagePage,
    };
    let before: Vec<String> = if old.decided { old.granted.clone() } else { Vec::new() };
    new.granted = match get("action") {
        Some("accept") => all,
        Some("reject") => Vec::new(),
        Some("save") => {
            let ticked: Vec<&str> = form
                .iter()
                .take(64)
                .filter(|(k, _)| k == "allow")
                .map(|(_, v)| v.as_str())
                .collect();
            all.into_iter().filter(|c| ticked.contains(&c.as_str())).collect()
        }
        Some("allow") => {
            // "Always allow" on an embed's placeholder: this category too.
            let mut g = before.clone();
            if let Some(c) = get("category").and_then(|c| all.iter().find(|k| k.as_str() == c))
                && !g.contains(c)
            {
                g.push(c.clone());
            }
            g
        }
        Some("optout") => {
            if new.opt_out == OptOut::No {
                new.opt_out = OptOut::Page;
            }
            before.clone()
        }
        _ => return refuse(&snapshot, &locale, StatusCode::BAD_REQUEST, &trace, &headers),
    };
    if new.opted_out() {
        new.granted.retain(|c| !sale(c));
    }
    new.decided = true;
    let withdrawn: Vec<&String> = before.iter().filter(|c| !new.granted.contains(c)).collect();
    let added = new.granted.iter().any(|c| !before.contains(c));
    let (event, state_after) = if !withdrawn.is_empty() && !added {
        (Event::Withdraw, ConsentState::Withdrawn)
    } else if new.granted.is_empty() {
        (Event::Reject, ConsentState::Refused)
    } else if get("action") == Some("accept") {
        (Event::Accept, ConsentState::Given)
    } else {
        (Event::Save, ConsentState::Given)
    };
    let id = old.id.clone().unwrap_or_else(portico_store::new_consent_id);
    let rec = record(&id, event, state_after, method, &new.granted, &locale, &consent, &trace);
    if let Err(e) = store.record(rec).await {
        // Nothing is acknowledged that is not on disk: the visitor keeps
        // their previous state and can try again.
        tracing::error!(error = %e, "a consent record could not be stored");
        return refuse(&snapshot, &locale, StatusCode::SERVICE_UNAVAILABLE, &trace, &headers);
    }
    let mut response = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, back_to(&headers, &locale))
        .header(header::CACHE_CONTROL, "no-store")
        .body(AxumBody::empty())
        .unwrap_or_default();
    let h = response.headers_mut();
    if let Some(v) = set_cookie(&new.cookie_value(&id, now, &consent), consent.validity_days) {
        h.append(header::SET_COOKIE, v);
    }
    for c in &consent.categories {
        if !new.granted.contains(&c.id) && (before.contains(&c.id) || old.decided) {
            for name in &c.cookies {
                if let Some(v) = delete_cookie(name) {
                    h.append(header::SET_COOKIE, v);
                }
            }
        }
    }
    response
}

/// A page request with a Global Privacy Control signal from a visitor whose
/// opt-out is not recorded yet: record it (once), and return the cookie
/// that remembers it, so later visits without the signal stay opted out.
pub(crate) async fn honor_gpc(
    state: &AppState,
    snapshot: &Snapshot,
    visitor: &mut Visitor,
    locale: &str,
    trace: &TraceContext,
) -> Option<HeaderValue> {
    let consent = &snapshot.consent;
    if !visitor.gpc_signal || visitor.opt_out == OptOut::Gpc || !consent.enabled() {
        return None;
    }
    let store = state.store()?;
    let sale = |id: &String| consent.categories.iter().any(|c| c.id == *id && c.sale_sharing);
    let id = visitor.id.clone().unwrap_or_else(portico_store::new_consent_id);
    let mut granted = if visitor.decided {
        visitor.granted.clone()
    } else {
        Vec::new()
    };
    granted.retain(|c| !sale(c));
    let rec = record(
        &id,
        Event::GpcOptOut,
        ConsentState::GpcOptOut,
        Method::Gpc,
        &granted,
        locale,
        consent,
        trace,
    );
    if let Err(e) = store.record(rec).await {
        tracing::error!(error = %e, "a GPC opt-out could not be stored; it is still applied to this response");
        return None;
    }
    visitor.id = Some(id.clone());
    visitor.opt_out = OptOut::Gpc;
    visitor.granted = granted;
    // The opt-out is remembered; an undecided visitor still gets the banner
    // for the other categories.
    let value = if visitor.decided {
        visitor.cookie_value(&id, visitor.decided_at.max(0), consent)
    } else {
        format!("1.{id}.0.g..{}", consent.policy_version)
    };
    set_cookie(&value, consent.validity_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exactly_one_counts_as_a_gpc_signal() {
        let mut h = HeaderMap::new();
        for v in ["0", "true", " 1", "1 ", "yes"] {
            h.append("sec-gpc", HeaderValue::from_static(v));
        }
        assert!(!gpc_signal(&h));
        h.append("sec-gpc", HeaderValue::from_static("1"));
        assert!(gpc_signal(&h), "any one header with exactly 1 counts");
    }

    fn assets() -> ConsentAssets {
        let output = portico_render::ConsentOutput {
            policy_version: "2026-11".into(),
            validity_days: 182,
            categories: vec![
                portico_render::ConsentCategory {
                    id: "analytics".into(),
                    sale_sharing: false,
                    cookies: vec!["hc_visit".into()],
                    hosts: Vec::new(),
                },
                portico_render::ConsentCategory {
                    id: "advertising".into(),
                    sale_sharing: true,
                    cookies: Vec::new(),
                    hosts: Vec::new(),
                },
            ],
            locales: Default::default(),
        };
        ConsentAssets::new(&output, portico_stitch::Levels::FAST)
    }

    fn visitor(cookie: &str, gpc: bool, now: i64) -> Visitor {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{CONSENT_COOKIE}={cookie}")).expect("ascii"),
        );
        if gpc {
            h.insert("sec-gpc", HeaderValue::from_static("1"));
        }
        Visitor::from_headers(&h, &assets(), now)
    }

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_choice_holds_for_its_policy_version_and_validity_only() {
        let at = 1_790_000_000;
        let ok = visitor(
            &format!("1.{ID}.{at}.n.analytics+advertising.2026-11"),
            false,
            at + 86_400,
        );
        assert!(ok.decided);
        assert_eq!(ok.granted, ["analytics", "advertising"]);
        // A new policy version asks again.
        assert!(!visitor(&format!("1.{ID}.{at}.n.analytics.2026-10"), false, at).decided);
        // So does the end of its validity (182 days).
        assert!(!visitor(&format!("1.{ID}.{at}.n.analytics.2026-11"), false, at + 183 * 86_400).decided);
        // A made-up category or a malformed cookie grants nothing.
        let odd = visitor(&format!("1.{ID}.{at}.n.analytics+everything.2026-11"), false, at);
        assert_eq!(odd.granted, ["analytics"]);
        assert!(!visitor("1.not-an-id.1.n.analytics.2026-11", false, at).decided);
        assert!(!visitor("garbage", false, at).decided);
    }

    #[test]
    fn gpc_turns_off_sale_and_sharing_even_when_granted() {
        let at = 1_790_000_000;
        let c = assets();
        let v = visitor(&format!("1.{ID}.{at}.n.analytics+advertising.2026-11"), true, at);
        assert!(v.allows(&c, 0));
        assert!(!v.allows(&c, 1), "advertising is sale/sharing");
        let remembered = visitor(&format!("1.{ID}.{at}.g.analytics+advertising.2026-11"), false, at);
        assert!(!remembered.allows(&c, 1), "an earlier signal is remembered");
        assert_ne!(
            v.tag(&c),
            visitor(&format!("1.{ID}.{at}.n.analytics+advertising.2026-11"), false, at).tag(&c)
        );
    }

    #[test]
    fn the_way_back_is_a_path_of_this_site() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("example.org"));
        assert_eq!(back_to(&h, "fr"), "/fr/");
        h.insert(
            header::REFERER,
            HeaderValue::from_static("https://example.org/en/about/?x=1"),
        );
        assert_eq!(back_to(&h, "fr"), "/en/about/?x=1");
        h.insert(header::REFERER, HeaderValue::from_static("https://evil.example/en/"));
        assert_eq!(back_to(&h, "fr"), "/fr/");
        h.insert(
            header::REFERER,
            HeaderValue::from_static("https://example.org//evil.example/"),
        );
        assert_eq!(back_to(&h, "fr"), "/fr/");
    }
}
