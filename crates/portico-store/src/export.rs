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
    // A BTreeMap<String, bool> always serializes.
    let purposes = serde_json::to_string(&r.purposes).unwrap_or_default();
    let fields = [
        r.position.to_string(),
        r.record_id.clone(),
        r.consent_id.clone(),
        r.event.as_str().to_string(),
        r.state.as_str().to_string(),
        r.event_time.clone(),
        r.validity_seconds.to_string(),
        purposes,
        r.notice_url.clone(),
        r.notice_hash.clone(),
        r.language.clone(),
        r.jurisdiction.clone().unwrap_or_default(),
        r.method.as_str().to_string(),
        r.trace_id.clone(),
        r.policy_version.clone(),
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
    use super::*;

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
