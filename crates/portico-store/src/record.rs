//! The consent record and the values it is made of, shaped after
//! ISO/IEC TS 27560 (consent record information structure).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::StoreError;

string_enum! {
    /// What the visitor did (the record's event type).
    Event {
        /// Accepted every category.
        Accept = "accept",
        /// Rejected every optional category.
        Reject = "reject",
        /// Saved a choice made category by category.
        Save = "save",
        /// Withdrew an earlier consent.
        Withdraw = "withdraw",
        /// The browser sent Global Privacy Control (`Sec-GPC: 1`).
        GpcOptOut = "gpc_opt_out",
    }
}

string_enum! {
    /// The consent state after the event.
    State {
        /// Consent given (to at least one optional category).
        Given = "given",
        /// Consent refused.
        Refused = "refused",
        /// An earlier consent was withdrawn.
        Withdrawn = "withdrawn",
        /// Opted out by a Global Privacy Control signal.
        GpcOptOut = "gpc_opt_out",
    }
}

string_enum! {
    /// Where the decision was collected.
    Method {
        /// The consent banner.
        Banner = "banner",
        /// The page to manage cookie preferences.
        ManagePage = "manage_page",
        /// The "Your privacy choices" page.
        PrivacyChoicesPage = "privacy_choices_page",
        /// A Global Privacy Control signal, without interaction.
        Gpc = "gpc",
    }
}

impl Event {
    /// Whether `state` is a state this event can lead to: accept → given,
    /// reject → refused, save → given or refused, withdraw → withdrawn,
    /// GPC → gpc_opt_out.
    pub fn allows(self, state: State) -> bool {
        matches!(
            (self, state),
            (Event::Accept | Event::Save, State::Given)
                | (Event::Reject | Event::Save, State::Refused)
                | (Event::Withdraw, State::Withdrawn)
                | (Event::GpcOptOut, State::GpcOptOut)
        )
    }
}

/// One decision to record. The store adds the record id, the event time,
/// the position in the chain and the hashes. There is deliberately no field
/// for an IP address or a user agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRecord {
    /// The pseudonymous principal: the random id kept in the visitor's
    /// cookie (see [`crate::new_consent_id`]).
    pub consent_id: String,
    /// What the visitor did.
    pub event: Event,
    /// The consent state after it (must fit the event, see [`Event::allows`]).
    pub state: State,
    /// How long the decision stays valid, in seconds.
    pub validity_seconds: u64,
    /// Each cookie category shown → whether it was granted.
    pub purposes: BTreeMap<String, bool>,
    /// The address of the privacy notice the visitor was shown.
    pub notice_url: String,
    /// The hash of the exact notice text shown, in the visitor's locale
    /// ([`crate::notice_hash`]; archive it with `Store::archive_notice`).
    pub notice_hash: String,
    /// The language of the notice shown (BCP 47 tag, e.g. `fr-CA`).
    pub language: String,
    /// Where the visitor probably is, when known (e.g. `EU`, `US-CA`).
    pub jurisdiction: Option<String>,
    /// Where the decision was collected.
    pub method: Method,
    /// The W3C trace id of the request that carried the decision.
    pub trace_id: String,
    /// The version of the cookie policy in force.
    pub policy_version: String,
}

/// A stored consent record: the [`NewRecord`] it was made from plus what
/// the store added (its place in the chain, its id, its time and the
/// hashes).
///
/// The decision's fields read through [`Deref`](std::ops::Deref), so
/// `record.event` is `record.decision.event`. Serialized (export,
/// lookup), a record is one flat object with its fields in chain order:
/// position, record_id, consent_id, event, state, event_time,
/// validity_seconds, purposes, notice_url, notice_hash, language,
/// jurisdiction, method, trace_id, policy_version, prev_hash, hash (the
/// order [`crate::record_hash`] hashes them in).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Record {
    /// Position in the chain, from 1.
    pub position: u64,
    /// The record's own id (a UUIDv7).
    pub record_id: String,
    /// When it was recorded: UTC, RFC 3339 with microseconds.
    pub event_time: String,
    /// The decision recorded, as it was given to the store.
    #[serde(flatten)]
    pub decision: NewRecord,
    /// The hash of the record before it (64 zeros for the first).
    pub prev_hash: String,
    /// The hash of this record (see [`crate::record_hash`]).
    pub hash: String,
}

impl std::ops::Deref for Record {
    type Target = NewRecord;

    fn deref(&self) -> &NewRecord {
        &self.decision
    }
}

/// Written by hand because the store's fields sit between the decision's
/// (a flattened derive would put them all before or after it).
impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let d = &self.decision;
        let mut s = serializer.serialize_struct("Record", 17)?;
        s.serialize_field("position", &self.position)?;
        s.serialize_field("record_id", &self.record_id)?;
        s.serialize_field("consent_id", &d.consent_id)?;
        s.serialize_field("event", &d.event)?;
        s.serialize_field("state", &d.state)?;
        s.serialize_field("event_time", &self.event_time)?;
        s.serialize_field("validity_seconds", &d.validity_seconds)?;
        s.serialize_field("purposes", &d.purposes)?;
        s.serialize_field("notice_url", &d.notice_url)?;
        s.serialize_field("notice_hash", &d.notice_hash)?;
        s.serialize_field("language", &d.language)?;
        s.serialize_field("jurisdiction", &d.jurisdiction)?;
        s.serialize_field("method", &d.method)?;
        s.serialize_field("trace_id", &d.trace_id)?;
        s.serialize_field("policy_version", &d.policy_version)?;
        s.serialize_field("prev_hash", &self.prev_hash)?;
        s.serialize_field("hash", &self.hash)?;
        s.end()
    }
}

/// What `Store::record` returns once the record is durable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The new record's id.
    pub record_id: String,
    /// Its position in the chain.
    pub position: u64,
    /// When it was recorded (RFC 3339, UTC).
    pub event_time: String,
    /// Its hash, the chain's new head.
    pub hash: String,
}

/// An archived privacy notice: the exact words behind a notice hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// blake3 of the text, lowercase hex.
    pub hash: String,
    /// The exact text.
    pub text: String,
    /// Every version, locale and address it was published under.
    pub published: Vec<NoticeVersion>,
}

/// One publication of a notice text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeVersion {
    /// The policy version.
    pub version: String,
    /// The locale (BCP 47).
    pub locale: String,
    /// The address it was shown at.
    pub url: String,
    /// When it was first archived (RFC 3339, UTC).
    pub archived_at: String,
}

/// The outcome of `Store::verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// How many records were read.
    pub records: u64,
    /// The hash of the last record read (64 zeros when there is none).
    pub head_hash: String,
    /// The first problem found, if any.
    pub problem: Option<Problem>,
}

impl VerifyReport {
    /// Whether the chain is intact.
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// The first place where the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The position where it was found.
    pub position: u64,
    /// The id of the bad record (for a removed last record: the id the
    /// chain head says it had).
    pub record_id: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a record or the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Its fields no longer match its hash: it was altered.
    Altered,
    /// A field holds a value no record can have (e.g. an unknown event).
    Unreadable,
    /// Its previous-record hash does not match the record before it:
    /// a record was removed, inserted or moved.
    BrokenLink,
    /// Its position is not the next one: records before it are missing
    /// or out of order.
    UnexpectedPosition {
        /// The position that should come next.
        expected: u64,
    },
    /// The chain ends before the head recorded with the last commit: the
    /// last records were removed.
    Truncated {
        /// How many records the head says there are.
        head_count: u64,
    },
    /// The chain head table is missing or does not match the last record.
    HeadMismatch,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.record_id.as_deref().unwrap_or("?");
        let position = self.position;
        match &self.kind {
            ProblemKind::Altered => write!(
                f,
                "record {id} (position {position}) was altered: its hash does not match its fields"
            ),
            ProblemKind::Unreadable => {
                write!(f, "record {id} (position {position}) holds a value no record can have")
            }
            ProblemKind::BrokenLink => write!(
                f,
                "record {id} (position {position}) does not follow the record before it: \
                 a record was removed, inserted or moved"
            ),
            ProblemKind::UnexpectedPosition { expected } => write!(
                f,
                "record {id} is at position {position} where position {expected} should be: \
                 records are missing or out of order"
            ),
            ProblemKind::Truncated { head_count } => write!(
                f,
                "the chain ends after {} records but its head says {head_count}: \
                 record {id} (position {position}) and any after it were removed",
                position.saturating_sub(1)
            ),
            ProblemKind::HeadMismatch => write!(
                f,
                "the chain head does not match the last record (position {position}, {id})"
            ),
        }
    }
}

/// How `Store::export` writes records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// RFC 4180 CSV with a header row; `purposes` as a JSON object.
    Csv,
}

/// Checks a new record before it is queued, so one bad request cannot fail
/// a whole group commit.
pub(crate) fn validate(r: &NewRecord) -> Result<(), StoreError> {
    let bad = |what: &str| Err(StoreError::Invalid(what.to_string()));
    let id_ok = (1..=128).contains(&r.consent_id.len())
        && r.consent_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        return bad("consent_id must be 1 to 128 letters, digits, '-' or '_'");
    }
    if !r.event.allows(r.state) {
        return Err(StoreError::Invalid(format!(
            "event {} cannot lead to state {}",
            r.event, r.state
        )));
    }
    if !is_lower_hex(&r.trace_id, 32) || r.trace_id.bytes().all(|b| b == b'0') {
        return bad("trace_id must be a W3C trace id: 32 lowercase hex digits, not all zero");
    }
    if !is_lower_hex(&r.notice_hash, 64) {
        return bad("notice_hash must be 64 lowercase hex digits (blake3)");
    }
    if !is_language_tag(&r.language) {
        return bad("language must be a BCP 47 tag such as en or fr-CA");
    }
    if r.notice_url.is_empty() || r.notice_url.len() > 2048 {
        return bad("notice_url must be 1 to 2048 bytes");
    }
    if r.policy_version.is_empty() || r.policy_version.len() > 128 {
        return bad("policy_version must be 1 to 128 bytes");
    }
    if r.jurisdiction.as_ref().is_some_and(|j| j.is_empty() || j.len() > 64) {
        return bad("jurisdiction must be 1 to 64 bytes when given");
    }
    if r.purposes.len() > 64 || r.purposes.keys().any(|k| k.is_empty() || k.len() > 64) {
        return bad("purposes: at most 64 categories, names of 1 to 64 bytes");
    }
    Ok(())
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The shape of a BCP 47 tag: a primary subtag of 2–8 letters, then
/// subtags of 1–8 letters or digits.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && s.len() <= 64
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NewRecord {
        NewRecord {
            consent_id: "a1b2c3".to_string(),
            event: Event::Save,
            state: State::Given,
            validity_seconds: 180 * 86_400,
            purposes: BTreeMap::from([("analytics".to_string(), true), ("marketing".to_string(), false)]),
            notice_url: "https://example.org/en/cookies/".to_string(),
            notice_hash: "ab".repeat(32),
            language: "en-GB".to_string(),
            jurisdiction: Some("EU".to_string()),
            method: Method::Banner,
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_string(),
            policy_version: "2026-11".to_string(),
        }
    }

    #[test]
    fn a_good_record_passes_and_bad_fields_are_named() {
        assert!(validate(&sample()).is_ok());
        type Change = fn(&mut NewRecord);
        let cases: [(Change, &str); 8] = [
            (|r| r.consent_id = "has space".into(), "consent_id"),
            (|r| r.state = State::Withdrawn, "cannot lead"),
            (|r| r.trace_id = "0".repeat(32), "trace_id"),
            (|r| r.trace_id = "4BF92F3577B34DA6A3CE929D0E0E4736".into(), "trace_id"),
            (|r| r.notice_hash = "xyz".into(), "notice_hash"),
            (|r| r.language = "e".into(), "language"),
            (|r| r.language = "en--GB".into(), "language"),
            (|r| r.jurisdiction = Some(String::new()), "jurisdiction"),
        ];
        for (change, field) in cases {
            let mut r = sample();
            change(&mut r);
            let err = validate(&r).expect_err(field).to_string();
            assert!(err.contains(field), "{err}");
        }
    }

    #[test]
    fn enums_round_trip_through_their_names() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(*e));
            assert_eq!(serde_json::to_string(e).expect("json"), format!("\"{e}\""));
        }
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(*s));
        }
        for m in Method::ALL {
            assert_eq!(Method::parse(m.as_str()), Some(*m));
        }
        assert_eq!(Event::parse("Accept"), None);
    }
}
