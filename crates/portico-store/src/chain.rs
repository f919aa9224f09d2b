//! The hash chain: a canonical serialization of a record's fields, hashed
//! with blake3 together with the previous record's hash.

use crate::record::{Problem, ProblemKind, Record, VerifyReport};

/// The previous-record hash of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What every record hash starts with, so the format can change visibly.
const DOMAIN: &[u8] = b"portico consent record v1\0";

/// The hash of `r`, over every field but `hash` itself (its previous-record
/// hash included), as 64 lowercase hex digits.
///
/// The serialization is canonical: after the text
/// `portico consent record v1` and a zero byte, each field in a fixed
/// order as its byte length (u64, little endian) then its UTF-8 bytes;
/// numbers as decimal text; `jurisdiction` as `0` when absent or `1` and the
/// text; `purposes` as the number of categories, then each category name
/// and `1` or `0`, in byte order of the names. Lengths make the encoding
/// unambiguous: no two records serialize alike. The order: position,
/// record_id, consent_id, event, state, event_time, validity_seconds,
/// purposes, notice_url, notice_hash, language, jurisdiction, method,
/// trace_id, policy_version, prev_hash (the decision's fields and the
/// store's interleaved, as in the first version: records already stored
/// must keep their hashes).
pub fn record_hash(r: &Record) -> String {
    let d = &r.decision;
    let mut h = blake3::Hasher::new();
    h.update(DOMAIN);
    let mut put = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put(r.position.to_string().as_bytes());
    put(r.record_id.as_bytes());
    put(d.consent_id.as_bytes());
    put(d.event.as_str().as_bytes());
    put(d.state.as_str().as_bytes());
    put(r.event_time.as_bytes());
    put(d.validity_seconds.to_string().as_bytes());
    put(d.purposes.len().to_string().as_bytes());
    for (name, granted) in &d.purposes {
        put(name.as_bytes());
        put(if *granted { b"1" } else { b"0" });
    }
    put(d.notice_url.as_bytes());
    put(d.notice_hash.as_bytes());
    put(d.language.as_bytes());
    match &d.jurisdiction {
        None => put(b"0"),
        Some(j) => {
            put(b"1");
            put(j.as_bytes());
        }
    }
    put(d.method.as_str().as_bytes());
    put(d.trace_id.as_bytes());
    put(d.policy_version.as_bytes());
    put(r.prev_hash.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The hash of a notice text: blake3 of its UTF-8 bytes, lowercase hex.
pub fn notice_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// Checks a chain read in order, one record at a time: positions count up
/// from 1, each stored hash is the one computed from the fields, each
/// record links to the one before; at the end, the head row written with
/// every commit must name the last record (so removing the last records is
/// caught too). The same for every chain in the store.
pub(crate) struct ChainCheck {
    prev: String,
    count: u64,
    last_id: Option<String>,
    problem: Option<Problem>,
}

/// One stored record, as far as the chain goes.
pub(crate) struct Link<'a> {
    pub position: i64,
    pub record_id: Option<&'a str>,
    /// The hash computed from its fields; `None` when they cannot be read.
    pub computed: Option<String>,
    pub stored: &'a str,
    pub prev_hash: &'a str,
}

impl ChainCheck {
    pub fn new() -> ChainCheck {
        ChainCheck {
            prev: GENESIS_HASH.to_string(),
            count: 0,
            last_id: None,
            problem: None,
        }
    }

    /// Checks the next record; `false` once a problem is found (stop there).
    pub fn push(&mut self, link: &Link<'_>) -> bool {
        let expected = self.count + 1;
        let kind = match &link.computed {
            None => Some(ProblemKind::Unreadable),
            Some(_) if u64::try_from(link.position).ok() != Some(expected) => {
                Some(ProblemKind::UnexpectedPosition { expected })
            }
            Some(h) if h != link.stored => Some(ProblemKind::Altered),
            Some(_) if link.prev_hash != self.prev => Some(ProblemKind::BrokenLink),
            Some(_) => None,
        };
        if let Some(kind) = kind {
            self.problem = Some(Problem {
                position: u64::try_from(link.position).unwrap_or(0),
                record_id: link.record_id.map(str::to_string),
                kind,
            });
            return false;
        }
        self.prev = link.stored.to_string();
        self.last_id = link.record_id.map(str::to_string);
        self.count = expected;
        true
    }

    /// The report, given the chain's head row (`count`, `hash`,
    /// `record_id`) if there is one.
    pub fn finish(mut self, head: Option<(i64, String, String)>) -> VerifyReport {
        if self.problem.is_none() {
            let count = self.count;
            self.problem = match head {
                None if count == 0 => None,
                Some((n, _, id)) if u64::try_from(n).is_ok_and(|n| n > count) => Some(Problem {
                    position: count + 1,
                    record_id: Some(id),
                    kind: ProblemKind::Truncated {
                        head_count: u64::try_from(n).unwrap_or(0),
                    },
                }),
                Some((n, hash, _)) if u64::try_from(n).is_ok_and(|n| n == count) && hash == self.prev => None,
                _ => Some(Problem {
                    position: count,
                    record_id: self.last_id,
                    kind: ProblemKind::HeadMismatch,
                }),
            };
        }
        VerifyReport {
            records: self.count,
            head_hash: self.prev,
            problem: self.problem,
        }
    }
}

/// Feeds fields to a chain hash: each as its byte length (u64, little
/// endian) then its bytes, after a domain text — the encoding every chain
/// in the store uses.
pub(crate) struct FieldHasher(blake3::Hasher);

impl FieldHasher {
    pub fn new(domain: &[u8]) -> FieldHasher {
        let mut h = blake3::Hasher::new();
        h.update(domain);
        FieldHasher(h)
    }

    pub fn put(&mut self, bytes: &[u8]) -> &mut FieldHasher {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn hex(&self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::record::{Event, Method, NewRecord, State};

    fn record() -> Record {
        Record {
            position: 1,
            record_id: "0193a0e4-0000-7000-8000-000000000001".to_string(),
            event_time: "2026-11-24T10:00:00.000000Z".to_string(),
            decision: NewRecord {
                consent_id: "c1".to_string(),
                event: Event::Accept,
                state: State::Given,
                validity_seconds: 3600,
                purposes: BTreeMap::from([("analytics".to_string(), true)]),
                notice_url: "https://example.org/cookies/".to_string(),
                notice_hash: notice_hash("text"),
                language: "en".to_string(),
                jurisdiction: None,
                method: Method::Banner,
                trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_string(),
                policy_version: "1".to_string(),
            },
            prev_hash: GENESIS_HASH.to_string(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_changes_the_hash_and_the_hash_field_does_not() {
        let base = record_hash(&record());
        assert_eq!(base.len(), 64);
        let mut same = record();
        same.hash = "anything".to_string();
        assert_eq!(record_hash(&same), base);
        let changes: Vec<fn(&mut Record)> = vec![
            |r| r.position = 2,
            |r| r.record_id.push('x'),
            |r| r.decision.consent_id.push('x'),
            |r| r.decision.event = Event::Save,
            |r| r.decision.state = State::Refused,
            |r| r.event_time.push('x'),
            |r| r.decision.validity_seconds += 1,
            |r| *r.decision.purposes.entry("analytics".to_string()).or_default() = false,
            |r| {
                r.decision.purposes.insert("marketing".to_string(), false);
            },
            |r| r.decision.notice_url.push('x'),
            |r| r.decision.notice_hash = notice_hash("other"),
            |r| r.decision.language = "fr".to_string(),
            |r| r.decision.jurisdiction = Some(String::new()),
            |r| r.decision.method = Method::Gpc,
            |r| r.decision.trace_id.push('x'),
            |r| r.decision.policy_version.push('x'),
            |r| r.prev_hash = notice_hash("x"),
        ];
        for (i, change) in changes.into_iter().enumerate() {
            let mut r = record();
            change(&mut r);
            assert_ne!(record_hash(&r), base, "change {i} kept the hash");
        }
    }

    /// Records already in databases must keep verifying: these are the
    /// hashes every earlier version computed for the same fields.
    #[test]
    fn the_hash_of_a_known_record_does_not_change() {
        assert_eq!(
            record_hash(&record()),
            "403642911829e88bcec734bd8bfd27337819b1173b9e790cfddb2f5b3daed6d8"
        );
        let mut r = record();
        r.position = 42;
        r.decision.jurisdiction = Some("US-CA".to_string());
        r.decision.purposes.insert("marketing".to_string(), false);
        r.decision.purposes.insert("ads, \"personalised\"".to_string(), true);
        r.prev_hash = notice_hash("the record before");
        assert_eq!(
            record_hash(&r),
            "ce975863b5461bb51682e59be7d7c8bc3ecd716749ea48165b796484459c77e3"
        );
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let mut a = record();
        let mut b = record();
        a.record_id = "ab".to_string();
        a.decision.consent_id = "c".to_string();
        b.record_id = "a".to_string();
        b.decision.consent_id = "bc".to_string();
        assert_ne!(record_hash(&a), record_hash(&b));
    }
}
