//! The hash chain: a canonical serialization of a record's fields, hashed
//! with blake3 together with the previous record's hash.

use crate::record::Record;

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
/// trace_id, policy_version, prev_hash.
pub fn record_hash(r: &Record) -> String {
    let mut h = blake3::Hasher::new();
    h.update(DOMAIN);
    let mut put = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put(r.position.to_string().as_bytes());
    put(r.record_id.as_bytes());
    put(r.consent_id.as_bytes());
    put(r.event.as_str().as_bytes());
    put(r.state.as_str().as_bytes());
    put(r.event_time.as_bytes());
    put(r.validity_seconds.to_string().as_bytes());
    put(r.purposes.len().to_string().as_bytes());
    for (name, granted) in &r.purposes {
        put(name.as_bytes());
        put(if *granted { b"1" } else { b"0" });
    }
    put(r.notice_url.as_bytes());
    put(r.notice_hash.as_bytes());
    put(r.language.as_bytes());
    match &r.jurisdiction {
        None => put(b"0"),
        Some(j) => {
            put(b"1");
            put(j.as_bytes());
        }
    }
    put(r.method.as_str().as_bytes());
    put(r.trace_id.as_bytes());
    put(r.policy_version.as_bytes());
    put(r.prev_hash.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The hash of a notice text: blake3 of its UTF-8 bytes, lowercase hex.
pub fn notice_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::record::{Event, Method, State};

    fn record() -> Record {
        Record {
            position: 1,
            record_id: "0193a0e4-0000-7000-8000-000000000001".to_string(),
            consent_id: "c1".to_string(),
            event: Event::Accept,
            state: State::Given,
            event_time: "2026-11-24T10:00:00.000000Z".to_string(),
            validity_seconds: 3600,
            purposes: BTreeMap::from([("analytics".to_string(), true)]),
            notice_url: "https://example.org/cookies/".to_string(),
            notice_hash: notice_hash("text"),
            language: "en".to_string(),
            jurisdiction: None,
            method: Method::Banner,
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_string(),
            policy_version: "1".to_string(),
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
            |r| r.consent_id.push('x'),
            |r| r.event = Event::Save,
            |r| r.state = State::Refused,
            |r| r.event_time.push('x'),
            |r| r.validity_seconds += 1,
            |r| *r.purposes.entry("analytics".to_string()).or_default() = false,
            |r| {
                r.purposes.insert("marketing".to_string(), false);
            },
            |r| r.notice_url.push('x'),
            |r| r.notice_hash = notice_hash("other"),
            |r| r.language = "fr".to_string(),
            |r| r.jurisdiction = Some(String::new()),
            |r| r.method = Method::Gpc,
            |r| r.trace_id.push('x'),
            |r| r.policy_version.push('x'),
            |r| r.prev_hash = notice_hash("x"),
        ];
        for (i, change) in changes.into_iter().enumerate() {
            let mut r = record();
            change(&mut r);
            assert_ne!(record_hash(&r), base, "change {i} kept the hash");
        }
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let mut a = record();
        let mut b = record();
        a.record_id = "ab".to_string();
        a.consent_id = "c".to_string();
        b.record_id = "a".to_string();
        b.consent_id = "bc".to_string();
        assert_ne!(record_hash(&a), record_hash(&b));
    }
}
