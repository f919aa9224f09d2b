//! CSV lines of records (RFC 4180: fields with a comma, a quote or a line
//! break are quoted, quotes doubled).

use crate::record::Record;

const HEADER: [&str; 17] = [
    "position",
    "record_id",
    "consent_id",
    "event",
    "state",
    "event_time",
    "validity_seconds",
    "purposes",
    "notice_url",
    "notice_hash",
    "language",
    "jurisdiction",
    "method",
    "trace_id",
    "policy_version",
    "prev_hash",
    "hash",
];

pub(crate) fn csv_header() -> String {
    let mut line = HEADER.join(",");
    line.push_str("\r\n");
    line
}

/// One record as a CSV line; `purposes` as a JSON object, an absent
/// jurisdiction as an empty field.
pub(crate) fn csv_line(r: &Record) -> String {
    let d = &r.decision;
    // A BTreeMap<String, bool> always serializes.
    let purposes = serde_json::to_string(&d.purposes).unwrap_or_default();
    let fields = [
        r.position.to_string(),
        r.record_id.clone(),
        d.consent_id.clone(),
        d.event.as_str().to_string(),
        d.state.as_str().to_string(),
        r.event_time.clone(),
        d.validity_seconds.to_string(),
        purposes,
        d.notice_url.clone(),
        d.notice_hash.clone(),
        d.language.clone(),
        d.jurisdiction.clone().unwrap_or_default(),
        d.method.as_str().to_string(),
        d.trace_id.clone(),
        d.policy_version.clone(),
        r.prev_hash.clone(),
        r.hash.clone(),
    ];
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_field(&mut line, field);
    }
    line.push_str("\r\n");
    line
}

fn push_field(line: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::record::{Event, Method, NewRecord, State};

    fn record() -> Record {
        Record {
            position: 7,
            record_id: "0193a0e4-0000-7000-8000-000000000007".to_string(),
            event_time: "2026-11-24T10:00:00.123456Z".to_string(),
            decision: NewRecord {
                consent_id: "c1".to_string(),
                event: Event::Save,
                state: State::Given,
                validity_seconds: 15_552_000,
                purposes: BTreeMap::from([
                    ("ads, \"personalised\"".to_string(), true),
                    ("analytics".to_string(), false),
                ]),
                notice_url: "https://example.org/en/cookies/?a=1,b=\"2\"".to_string(),
                notice_hash: "ab".repeat(32),
                language: "en-GB".to_string(),
                jurisdiction: Some("US-CA, \"the\nstate\"".to_string()),
                method: Method::ManagePage,
                trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_string(),
                policy_version: "2026-11".to_string(),
            },
            prev_hash: "cd".repeat(32),
            hash: "ef".repeat(32),
        }
    }

    /// Exports are read by other programs: their bytes do not change.
    #[test]
    fn a_record_exports_to_the_same_bytes() {
        let csv = concat!(
            r#"7,0193a0e4-0000-7000-8000-000000000007,c1,save,given,2026-11-24T10:00:00.123456Z,15552000,"{""ads, \""personalised\"""":true,""analytics"":false}","https://example.org/en/cookies/?a=1,b=""2""",abababababababababababababababababababababababababababababababab,en-GB,"US-CA, ""the"#,
            "\n",
            r#"state""",manage_page,4bf92f3577b34da6a3ce929d0e0e4736,2026-11,cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd,efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"#,
            "\r\n"
        );
        let json = r#"{"position":7,"record_id":"0193a0e4-0000-7000-8000-000000000007","consent_id":"c1","event":"save","state":"given","event_time":"2026-11-24T10:00:00.123456Z","validity_seconds":15552000,"purposes":{"ads, \"personalised\"":true,"analytics":false},"notice_url":"https://example.org/en/cookies/?a=1,b=\"2\"","notice_hash":"abababababababababababababababababababababababababababababababab","language":"en-GB","jurisdiction":"US-CA, \"the\nstate\"","method":"manage_page","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","policy_version":"2026-11","prev_hash":"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","hash":"efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"}"#;
        assert_eq!(csv_line(&record()), csv);
        assert_eq!(serde_json::to_string(&record()).expect("json"), json);
        let back: Record = serde_json::from_str(json).expect("a record");
        assert_eq!(back, record());
        let mut r = record();
        r.decision.jurisdiction = None;
        let csv = concat!(
            r#"7,0193a0e4-0000-7000-8000-000000000007,c1,save,given,2026-11-24T10:00:00.123456Z,15552000,"{""ads, \""personalised\"""":true,""analytics"":false}","https://example.org/en/cookies/?a=1,b=""2""",abababababababababababababababababababababababababababababababab,en-GB,,manage_page,4bf92f3577b34da6a3ce929d0e0e4736,2026-11,cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd,efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"#,
            "\r\n"
        );
        let json = r#"{"position":7,"record_id":"0193a0e4-0000-7000-8000-000000000007","consent_id":"c1","event":"save","state":"given","event_time":"2026-11-24T10:00:00.123456Z","validity_seconds":15552000,"purposes":{"ads, \"personalised\"":true,"analytics":false},"notice_url":"https://example.org/en/cookies/?a=1,b=\"2\"","notice_hash":"abababababababababababababababababababababababababababababababab","language":"en-GB","jurisdiction":null,"method":"manage_page","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","policy_version":"2026-11","prev_hash":"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","hash":"efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"}"#;
        assert_eq!(csv_line(&r), csv);
        assert_eq!(serde_json::to_string(&r).expect("json"), json);
        let back: Record = serde_json::from_str(json).expect("a record");
        assert_eq!(back, r);
        // The JSON keys are the CSV columns, in the same order.
        let at: Vec<usize> = HEADER
            .iter()
            .map(|h| json.find(&format!("\"{h}\":")).expect(h))
            .collect();
        assert!(at.is_sorted(), "{at:?}");
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut line = String::new();
        push_field(&mut line, "plain");
        line.push(',');
        push_field(&mut line, "a,b");
        line.push(',');
        push_field(&mut line, "say \"hi\"\nbye");
        assert_eq!(line, "plain,\"a,b\",\"say \"\"hi\"\"\nbye\"");
    }
}
