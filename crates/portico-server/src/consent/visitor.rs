//! The visitor's consent as one request shows it: the signed cookie read
//! and written, and what it puts in a page's holes.

use http::HeaderMap;
use portico_render::Hole;
use portico_stitch::Fill;

use crate::snapshot::{ConsentAssets, Slot};

pub const CONSENT_COOKIE: &str = "__Host-portico_consent";

/// The cookie format this server writes and reads; earlier ones (unsigned)
/// count as no choice.
const COOKIE_VERSION: &str = "2";

/// Decisions stamped before this (2024-01-01) are not real: no cookie of
/// this format existed.
const EARLIEST: i64 = 1_704_067_200;
/// A decision stamped this far in the future still counts (clock skew
/// between nodes).
const SKEW: i64 = 300;

/// Why a visitor is opted out of sale and sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptOut {
    No,
    /// A Global Privacy Control signal (now or on an earlier visit).
    Gpc,
    /// The "Your Privacy Choices" page.
    Page,
}

impl OptOut {
    fn flag(self) -> &'static str {
        match self {
            OptOut::No => "n",
            OptOut::Gpc => "g",
            OptOut::Page => "p",
        }
    }

    fn from_flag(flag: &str) -> Option<OptOut> {
        match flag {
            "n" => Some(OptOut::No),
            "g" => Some(OptOut::Gpc),
            "p" => Some(OptOut::Page),
            _ => None,
        }
    }
}

/// The visitor's consent, as this request shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Visitor {
    /// The consent id the server issued to this browser, if any.
    pub id: Option<String>,
    /// A choice under the current policy, not expired.
    pub decided: bool,
    pub decided_at: i64,
    pub granted: Vec<String>,
    pub opt_out: OptOut,
    /// `Sec-GPC: 1` on this request.
    pub gpc_signal: bool,
}

/// Whether `id` is exactly what [`portico_store::new_consent_id`] makes: 32
/// lowercase hex digits.
fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether the request carries a Global Privacy Control signal: a
/// `Sec-GPC` header whose value is exactly `1` (any one among several).
pub(crate) fn gpc_signal(headers: &HeaderMap) -> bool {
    headers.get_all("sec-gpc").iter().take(16).any(|v| v.as_bytes() == b"1")
}

/// The signature of a cookie's text: 128 bits of a keyed BLAKE3, hex.
fn signature(key: &[u8; 32], text: &str) -> String {
    blake3::keyed_hash(key, text.as_bytes()).to_hex()[..32].to_string()
}

/// A time in Unix seconds as a cookie writes it: at most 12 digits,
/// nothing else.
fn unix_seconds(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Whether a decision made at `at` still holds at `now` for `valid_for`
/// seconds. Every value may come from a client: no arithmetic can wrap.
pub(crate) fn still_valid(at: i64, now: i64, valid_for: i64) -> bool {
    at >= EARLIEST
        && now.checked_add(SKEW).is_some_and(|latest| at <= latest)
        && now.checked_sub(at).is_some_and(|age| age < valid_for)
}

impl Visitor {
    /// Someone with no cookie and no signal.
    pub const NOBODY: Visitor = Visitor {
        id: None,
        decided: false,
        decided_at: 0,
        granted: Vec::new(),
        opt_out: OptOut::No,
        gpc_signal: false,
    };

    pub fn from_headers(headers: &HeaderMap, consent: &ConsentAssets, key: &[u8; 32], now: i64) -> Visitor {
        let mut v = Visitor {
            gpc_signal: gpc_signal(headers),
            ..Visitor::NOBODY
        };
        if let Some(raw) = crate::cookie::get(headers, CONSENT_COOKIE) {
            v.read_cookie(raw, consent, key, now);
        }
        v
    }

    /// Takes what a well-formed cookie signed with `key` says; anything
    /// else leaves the visitor undecided.
    fn read_cookie(&mut self, raw: &str, consent: &ConsentAssets, key: &[u8; 32], now: i64) {
        let Some((text, sig)) = raw.rsplit_once('.') else {
            return;
        };
        if !portico_auth::secret::same(sig.as_bytes(), signature(key, text).as_bytes()) {
            return;
        }
        let parts: Vec<&str> = text.splitn(6, '.').collect();
        let [version, id, at, flag, cats, policy] = parts.as_slice() else {
            return;
        };
        let (Some(at), Some(opt_out)) = (unix_seconds(at), OptOut::from_flag(flag)) else {
            return;
        };
        if *version != COOKIE_VERSION || !(id.is_empty() || valid_id(id)) {
            return;
        }
        self.id = (!id.is_empty()).then(|| (*id).to_string());
        self.opt_out = opt_out;
        self.decided_at = at;
        let valid_for = i64::from(consent.validity_days) * 86_400;
        self.decided = *policy == consent.policy_version && still_valid(at, now, valid_for);
        if self.decided {
            self.granted = cats
                .split('+')
                .filter(|c| consent.categories.iter().any(|k| k.id == *c))
                .map(str::to_string)
                .collect();
        }
    }

    /// The visitor of a request now.
    pub fn of(headers: &HeaderMap, consent: &ConsentAssets, key: &[u8; 32]) -> Visitor {
        Visitor::from_headers(headers, consent, key, now())
    }

    /// The cookie that remembers this visitor's state, signed with `key`.
    pub fn cookie_value(&self, consent: &ConsentAssets, key: &[u8; 32]) -> String {
        let at = if self.decided { self.decided_at } else { 0 };
        let text = format!(
            "{COOKIE_VERSION}.{}.{at}.{}.{}.{}",
            self.id.as_deref().unwrap_or(""),
            self.opt_out.flag(),
            self.granted.join("+"),
            consent.policy_version
        );
        let sig = signature(key, &text);
        format!("{text}.{sig}")
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

    /// What goes in `slot` for this visitor: the one place that decides
    /// what fills a hole on the request path.
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
}

pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[cfg(test)]
pub(crate) mod tests {
    use http::{HeaderValue, header};

    use super::*;

    pub const KEY: [u8; 32] = [7; 32];
    pub const ID: &str = "0123456789abcdef0123456789abcdef";
    pub const AT: i64 = 1_790_000_000;

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

    pub fn assets() -> ConsentAssets {
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
                    cookies: vec!["hc_campaign".into()],
                    hosts: Vec::new(),
                },
            ],
            locales: Default::default(),
        };
        ConsentAssets::new(&output, portico_stitch::Levels::FAST)
    }

    /// The signed cookie of a cookie text (what the server would write).
    pub fn signed(text: &str) -> String {
        format!("{text}.{}", signature(&KEY, text))
    }

    pub fn visitor(cookie: &str, gpc: bool, now: i64) -> Visitor {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{CONSENT_COOKIE}={cookie}")).expect("ascii"),
        );
        if gpc {
            h.insert("sec-gpc", HeaderValue::from_static("1"));
        }
        Visitor::from_headers(&h, &assets(), &KEY, now)
    }

    #[test]
    fn a_choice_holds_for_its_policy_version_and_validity_only() {
        let ok = visitor(
            &signed(&format!("2.{ID}.{AT}.n.analytics+advertising.2026-11")),
            false,
            AT + 86_400,
        );
        assert!(ok.decided);
        assert_eq!(ok.granted, ["analytics", "advertising"]);
        // A new policy version asks again.
        assert!(!visitor(&signed(&format!("2.{ID}.{AT}.n.analytics.2026-10")), false, AT).decided);
        // So does the end of its validity (182 days).
        assert!(
            !visitor(
                &signed(&format!("2.{ID}.{AT}.n.analytics.2026-11")),
                false,
                AT + 183 * 86_400
            )
            .decided
        );
        // A made-up category grants nothing.
        let odd = visitor(
            &signed(&format!("2.{ID}.{AT}.n.analytics+everything.2026-11")),
            false,
            AT,
        );
        assert_eq!(odd.granted, ["analytics"]);
        // What the server writes, it reads back.
        let again = visitor(&ok.cookie_value(&assets(), &KEY), false, AT);
        assert_eq!(again.granted, ok.granted);
        assert_eq!(again.id.as_deref(), Some(ID));
    }

    #[test]
    fn times_from_a_cookie_are_range_checked_never_wrapped() {
        let now = AT;
        for at in [
            "-9223372036854775808",
            "9223372036854775807",
            "-1",
            "0",
            "1",
            "1704067199",
            "99999999999999999999",
            "+1790000000",
            "1790000000.5",
            " 1790000000",
            "",
        ] {
            let v = visitor(&signed(&format!("2.{ID}.{at}.n.analytics.2026-11")), false, now);
            assert!(!v.decided, "a choice made at {at:?} counts");
        }
        // A little ahead of the clock (another node's) still counts; far
        // ahead does not.
        assert!(visitor(&signed(&format!("2.{ID}.{}.n.analytics.2026-11", now + 60)), false, now).decided);
        assert!(
            !visitor(
                &signed(&format!("2.{ID}.{}.n.analytics.2026-11", now + 86_400)),
                false,
                now
            )
            .decided
        );
        assert!(!still_valid(i64::MAX, i64::MAX, i64::MAX));
        assert!(!still_valid(EARLIEST, i64::MIN, i64::MAX));
    }

    #[test]
    fn identifiers_are_taken_only_as_the_server_issued_them() {
        let upper = ID.to_ascii_uppercase();
        let forged = [
            // Not signed, signed with another key, altered after signing.
            format!("2.{ID}.{AT}.n.analytics.2026-11"),
            format!(
                "2.{ID}.{AT}.n.analytics.2026-11.{}",
                signature(&[8; 32], &format!("2.{ID}.{AT}.n.analytics.2026-11"))
            ),
            signed(&format!("2.{ID}.{AT}.n.analytics.2026-11")).replace(".n.", ".g."),
            // Signed, but not the format the server issues.
            signed(&format!("2.{upper}.{AT}.n.analytics.2026-11")),
            signed(&format!("2.{}.{AT}.n.analytics.2026-11", &ID[..31])),
            signed(&format!("2.{ID}0.{AT}.n.analytics.2026-11")),
            signed(&format!("2.{ID}.{AT}.x.analytics.2026-11")),
            signed(&format!("1.{ID}.{AT}.n.analytics.2026-11")),
            // The unsigned format of earlier versions.
            format!("1.{ID}.{AT}.n.analytics.2026-11"),
        ];
        for cookie in &forged {
            let v = visitor(cookie, false, AT);
            assert_eq!(v.id, None, "{cookie}");
            assert!(!v.decided, "{cookie}");
            assert_eq!(v.opt_out, OptOut::No, "{cookie}");
        }
    }

    #[test]
    fn gpc_turns_off_sale_and_sharing_even_when_granted() {
        let c = assets();
        let v = visitor(
            &signed(&format!("2.{ID}.{AT}.n.analytics+advertising.2026-11")),
            true,
            AT,
        );
        assert!(v.allows(&c, 0));
        assert!(!v.allows(&c, 1), "advertising is sale/sharing");
        let remembered = visitor(
            &signed(&format!("2.{ID}.{AT}.g.analytics+advertising.2026-11")),
            false,
            AT,
        );
        assert!(!remembered.allows(&c, 1), "an earlier signal is remembered");
        assert_ne!(
            v.tag(&c),
            visitor(
                &signed(&format!("2.{ID}.{AT}.n.analytics+advertising.2026-11")),
                false,
                AT
            )
            .tag(&c)
        );
    }
}
