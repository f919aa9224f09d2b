//! CITATION.cff (Citation File Format 1.2.0), read with saphyr, whose
//! nodes carry their spans.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::shared::{Errors, FieldError, doi_ok, empty_work, license_message, orcid_ok, parse_date, url_ok};
use crate::cite::work::{Person, Work, WorkKind};
use crate::spdx::is_known_id;

const CFF_KEYS: &[&str] = &[
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
];

fn ypos(node: &MarkedYaml<'_>) -> (usize, usize) {
    (node.span.start.line().max(1), node.span.start.col() + 1)
}

/// The text of a scalar: strings as they are, numbers and booleans as
/// written in the source (so `version: 1.10` stays "1.10").
fn yscalar(node: &MarkedYaml<'_>, src: &[char]) -> Option<String> {
    let raw = || {
        let (a, b) = (node.span.start.index(), node.span.end.index());
        src.get(a..b).map(|cs| cs.iter().collect::<String>().trim().to_owned())
    };
    match &node.data {
        YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, _, _) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => raw().filter(|r| !r.is_empty()).or_else(|| Some(i.to_string())),
        YamlData::Value(Scalar::FloatingPoint(x)) => raw().filter(|r| !r.is_empty()).or_else(|| Some(x.to_string())),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        _ => None,
    }
}

fn ystring(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// (key text, key node, value node) for each entry of a mapping.
fn yentries<'a, 'i>(node: &'a MarkedYaml<'i>) -> Option<Vec<(String, &'a MarkedYaml<'i>, &'a MarkedYaml<'i>)>> {
    match &node.data {
        YamlData::Mapping(map) => Some(
            map.iter()
                .map(|(k, v)| (ystring(k).unwrap_or_default(), k, v))
                .collect(),
        ),
        _ => None,
    }
}

/// Reads and checks a CITATION.cff (Citation File Format 1.2.0).
///
/// Checks what matters for citing: `cff-version` (1.2.0), `message`,
/// `title` and `authors` are present; every author has `family-names` or
/// `name`; ORCIDs, the DOI and URLs have the forms the CFF schema requires;
/// `date-released` is a real date; `license` holds SPDX ids; no unknown
/// top-level keys. All problems are returned together. The `url` and
/// `publisher` of the result may be empty.
pub fn read_cff(text: &str) -> Result<Work, Vec<FieldError>> {
    let mut errors = Errors::default();
    let docs = match MarkedYaml::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => {
            let m = e.marker();
            errors.add((m.line().max(1), m.col() + 1), "", format!("YAML syntax: {}", e.info()));
            return errors.finish(empty_work(WorkKind::Software));
        }
    };
    let src: Vec<char> = text.chars().collect();
    let Some(entries) = docs.first().and_then(yentries) else {
        errors.add((1, 1), "", "expected a YAML mapping of CFF keys");
        return errors.finish(empty_work(WorkKind::Software));
    };

    let mut work = empty_work(WorkKind::Software);
    let mut seen = Vec::new();
    for (key, key_node, value) in &entries {
        let key = key.as_str();
        let at = ypos(key_node);
        seen.push(key.to_owned());
        let text_value = || ystring(value).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        match key {
            "cff-version" => {
                if yscalar(value, &src).as_deref() != Some("1.2.0") {
                    errors.add(at, key, "expected \"1.2.0\"");
                }
            }
            "message" => {
                if text_value().is_none() {
                    errors.add(at, key, "expected a non-empty text");
                }
            }
            "title" => match text_value() {
                Some(t) => work.title = t,
                None => errors.add(at, key, "expected a non-empty text"),
            },
            "type" => match ystring(value).as_deref() {
                Some("software") => work.kind = WorkKind::Software,
                Some("dataset") => work.kind = WorkKind::Dataset,
                _ => errors.add(at, key, "expected \"software\" or \"dataset\""),
            },
            "authors" => cff_authors(value, at, &mut work, &mut errors),
            "version" => match yscalar(value, &src).filter(|v| !v.is_empty()) {
                Some(v) if !matches!(value.data, YamlData::Value(Scalar::Boolean(_))) => work.version = Some(v),
                _ => errors.add(at, key, "expected a version text or number"),
            },
            "doi" => match text_value() {
                Some(d) if doi_ok(&d) => work.doi = Some(d),
                Some(d) => errors.add(
                    at,
                    key,
                    format!("`{d}` is not a DOI like 10.5281/zenodo.1003150 (no resolver URL)"),
                ),
                None => errors.add(at, key, "expected a DOI like 10.5281/zenodo.1003150"),
            },
            "date-released" => match ystring(value).as_deref().and_then(parse_date) {
                Some(d) => work.released = Some(d),
                None => {
                    let shown = yscalar(value, &src).unwrap_or_default();
                    errors.add(at, key, format!("`{shown}` is not a date like 2026-03-01"));
                }
            },
            "license" => cff_license(value, at, &mut work, &mut errors),
            "url" | "repository-code" => match text_value() {
                Some(u) if url_ok(&u) => {
                    if key == "url" {
                        work.url = u;
                    } else {
                        work.repository = Some(u);
                    }
                }
                _ => errors.add(at, key, "expected an http(s), ftp or sftp URL"),
            },
            "abstract" => match text_value() {
                Some(a) => work.abstract_text = Some(a),
                None => errors.add(at, key, "expected a non-empty text"),
            },
            "keywords" => match &value.data {
                YamlData::Sequence(items) => {
                    for (i, item) in items.iter().enumerate() {
                        match yscalar(item, &src).filter(|k| !k.trim().is_empty()) {
                            Some(k) => work.keywords.push(k.trim().to_owned()),
                            None => errors.add(ypos(item), &format!("keywords[{i}]"), "expected a keyword text"),
                        }
                    }
                }
                _ => errors.add(at, key, "expected a list of keywords"),
            },
            _ if CFF_KEYS.contains(&key) => {}
            _ => errors.add(at, key, format!("`{key}` is not a CFF 1.2.0 key")),
        }
    }
    for required in ["cff-version", "message", "title", "authors"] {
        if !seen.iter().any(|k| k == required) {
            errors.add((1, 1), required, "required field is missing");
        }
    }
    errors.finish(work)
}

/// `license`: one SPDX id, or a list of them meaning any of them (joined
/// with OR).
fn cff_license(value: &MarkedYaml<'_>, at: (usize, usize), work: &mut Work, errors: &mut Errors) {
    let ids: Vec<(Option<String>, (usize, usize), String)> = match &value.data {
        YamlData::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (ystring(item), ypos(item), format!("license[{i}]")))
            .collect(),
        _ => vec![(ystring(value), at, "license".to_owned())],
    };
    let mut good = Vec::new();
    for (id, pos, field) in ids {
        match id {
            Some(id) if is_known_id(id.trim()) => good.push(id.trim().to_owned()),
            Some(id) => errors.add(pos, &field, license_message(id.trim())),
            None => errors.add(pos, &field, "expected an SPDX license id"),
        }
    }
    if good.is_empty() {
        if matches!(value.data, YamlData::Sequence(ref s) if s.is_empty()) {
            errors.add(at, "license", "expected at least one SPDX license id");
        }
    } else {
        work.license = Some(good.join(" OR "));
    }
}

fn cff_authors(value: &MarkedYaml<'_>, at: (usize, usize), work: &mut Work, errors: &mut Errors) {
    let items = match &value.data {
        YamlData::Sequence(items) if !items.is_empty() => items,
        _ => {
            errors.add(at, "authors", "expected a list of at least one author");
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let path = format!("authors[{i}]");
        let Some(fields) = yentries(item) else {
            errors.add(ypos(item), &path, "expected an author with family-names or name");
            continue;
        };
        let mut person = Person::default();
        let mut particle = None;
        let mut has_name = false;
        for (key, key_node, v) in &fields {
            let pos = ypos(key_node);
            let field = format!("{path}.{key}");
            let text = ystring(v).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
            match key.as_str() {
                "family-names" | "name" => match text {
                    Some(t) => {
                        person.family = t;
                        has_name = true;
                    }
                    None => errors.add(pos, &field, "expected a non-empty text"),
                },
                "given-names" => match text {
                    Some(t) => person.given = t,
                    None => errors.add(pos, &field, "expected a non-empty text"),
                },
                "name-particle" => particle = text,
                "orcid" => match text {
                    Some(o) if orcid_ok(&o) => person.orcid = Some(o),
                    _ => errors.add(
                        pos,
                        &field,
                        "expected an ORCID URL like https://orcid.org/0000-0002-1825-0097",
                    ),
                },
                "affiliation" => match text {
                    Some(t) => person.affiliation = Some(t),
                    None => errors.add(pos, &field, "expected a non-empty text"),
                },
                _ => {}
            }
        }
        if !has_name {
            errors.add(
                ypos(item),
                &format!("{path}.family-names"),
                "an author needs family-names (a person) or name (an entity)",
            );
        }
        if let Some(p) = particle {
            person.family = format!("{p} {}", person.family);
        }
        work.authors.push(person);
    }
}
