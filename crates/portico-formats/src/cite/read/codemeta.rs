//! codemeta.json (CodeMeta 2.0 or 3.0), read with serde_json; the places
//! of its keys come from [`JsonScan`].

use serde_json::{Map, Value};

use super::json_pos::JsonScan;
use super::shared::{Errors, FieldError, doi_ok, empty_work, license_message, orcid_ok, parse_date, url_ok};
use crate::cite::work::{Person, Work, WorkKind, bare_doi, orcid_url};
use crate::spdx::is_known_id;

/// Where the key or item at a field path is; line 1, column 1 when the
/// path is not in the file.
type At<'a> = &'a dyn Fn(&str) -> (usize, usize);

fn jtext(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Reads and checks a codemeta.json (CodeMeta 2.0 or 3.0).
///
/// Required: a CodeMeta `@context`, `name` and `author` (each with
/// `familyName`, or `name` for an organization). Checked: `@type`
/// (SoftwareSourceCode or Dataset), ORCID `@id`s, `identifier` DOIs,
/// `codeRepository` and `url`, `license` (SPDX URLs like
/// `https://spdx.org/licenses/MIT` or ids), `datePublished`, `keywords`.
/// Several licenses are read as a choice (joined with OR).
pub fn read_codemeta(text: &str) -> Result<Work, Vec<FieldError>> {
    let mut errors = Errors::default();
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (pos, message) = syntax_error(text, &e);
            errors.add(pos, "", message);
            return errors.finish(empty_work(WorkKind::Software));
        }
    };
    let pos = JsonScan::positions(text);
    let at = |path: &str| pos.get(path).copied().unwrap_or((1, 1));
    let Value::Object(obj) = &root else {
        errors.add(at(""), "", "expected a JSON object");
        return errors.finish(empty_work(WorkKind::Software));
    };

    let mut work = empty_work(WorkKind::Software);
    context_and_type(obj, &at, &mut work, &mut errors);
    name_and_authors(obj, &at, &mut work, &mut errors);
    version(obj, &at, &mut work, &mut errors);
    doi(obj, &at, &mut work, &mut errors);
    links(obj, &at, &mut work, &mut errors);
    licenses(obj, &at, &mut work, &mut errors);
    description(obj, &at, &mut work, &mut errors);
    errors.finish(work)
}

/// Where serde_json found a syntax error, in characters (it counts bytes),
/// and what it says.
fn syntax_error(text: &str, e: &serde_json::Error) -> ((usize, usize), String) {
    let line = e.line().max(1);
    let column = text
        .lines()
        .nth(line - 1)
        .map(|l| {
            l.get(..e.column().min(l.len()))
                .map_or(e.column(), |s| s.chars().count())
        })
        .unwrap_or(e.column())
        .max(1);
    let msg = e.to_string();
    let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
    ((line, column), format!("JSON syntax: {msg}"))
}

/// `@context` (required, a CodeMeta one) and `@type`.
fn context_and_type(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    match obj.get("@context") {
        None => errors.add((1, 1), "@context", "required field is missing"),
        Some(ctx) => {
            let mentions = |v: &Value| v.as_str().is_some_and(|s| s.contains("codemeta"));
            let ok = match ctx {
                Value::Array(items) => items.iter().any(mentions),
                v => mentions(v),
            };
            if !ok {
                errors.add(
                    at("@context"),
                    "@context",
                    "expected a CodeMeta context like https://w3id.org/codemeta/3.0",
                );
            }
        }
    }
    match obj.get("@type").map(|t| t.as_str().unwrap_or_default()) {
        None | Some("SoftwareSourceCode" | "SoftwareApplication" | "schema:SoftwareSourceCode") => {}
        Some("Dataset" | "schema:Dataset") => work.kind = WorkKind::Dataset,
        Some(_) => errors.add(at("@type"), "@type", "expected \"SoftwareSourceCode\" or \"Dataset\""),
    }
}

/// `name` and `author` (both required).
fn name_and_authors(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    match obj.get("name").map(jtext) {
        None => errors.add((1, 1), "name", "required field is missing"),
        Some(None) => errors.add(at("name"), "name", "expected a non-empty text"),
        Some(Some(name)) => work.title = name,
    }
    match obj.get("author") {
        None => errors.add((1, 1), "author", "required field is missing"),
        Some(Value::Array(items)) if items.is_empty() => {
            errors.add(at("author"), "author", "expected at least one author");
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                codemeta_author(item, &format!("author[{i}]"), at, work, errors);
            }
        }
        Some(item) => codemeta_author(item, "author", at, work, errors),
    }
}

/// `version`, then `softwareVersion` (the later wins).
fn version(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    for key in ["version", "softwareVersion"] {
        match obj.get(key) {
            None => {}
            Some(Value::String(s)) if !s.trim().is_empty() => work.version = Some(s.trim().to_owned()),
            Some(Value::Number(n)) => work.version = Some(n.to_string()),
            Some(_) => errors.add(at(key), key, "expected a version text"),
        }
    }
}

/// The first DOI among `identifier` and a doi.org `@id`; every one that
/// looks like a DOI must be valid.
fn doi(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    let mut ids: Vec<(String, String)> = Vec::new();
    match obj.get("identifier") {
        None => {}
        Some(Value::Array(items)) => {
            ids.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("identifier[{i}]"), identifier_text(v))),
            );
        }
        Some(v) => ids.push(("identifier".to_owned(), identifier_text(v))),
    }
    if let Some(id) = obj
        .get("@id")
        .and_then(Value::as_str)
        .filter(|s| s.contains("doi.org/"))
    {
        ids.push(("@id".to_owned(), id.to_owned()));
    }
    for (field, id) in ids {
        let doi = bare_doi(&id);
        let looks_like_doi = doi.starts_with("10.") || id.contains("doi.org/") || id.starts_with("doi:");
        if !looks_like_doi {
            continue;
        }
        if doi_ok(&doi) {
            work.doi.get_or_insert(doi);
        } else {
            errors.add(
                at(&field),
                &field,
                format!("`{id}` is not a valid DOI (like 10.5281/zenodo.1003150)"),
            );
        }
    }
}

/// `codeRepository` and `url`.
fn links(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    for (key, slot) in [("codeRepository", 0), ("url", 1)] {
        match obj.get(key).map(jtext) {
            None => {}
            Some(Some(u)) if url_ok(&u) => {
                if slot == 0 {
                    work.repository = Some(u);
                } else {
                    work.url = u;
                }
            }
            Some(_) => errors.add(at(key), key, "expected an http(s) URL"),
        }
    }
}

/// `license`: SPDX URLs or ids; several are a choice (joined with OR).
fn licenses(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    if let Some(lic) = obj.get("license") {
        let items: Vec<(String, &Value)> = match lic {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("license[{i}]"), v))
                .collect(),
            v => vec![("license".to_owned(), v)],
        };
        let mut good = Vec::new();
        for (field, v) in items {
            let Some(raw) = jtext(v) else {
                errors.add(at(&field), &field, "expected an SPDX license URL or id");
                continue;
            };
            let id = ["https://spdx.org/licenses/", "http://spdx.org/licenses/"]
                .iter()
                .find_map(|p| raw.strip_prefix(p))
                .map_or(raw.as_str(), |rest| {
                    rest.trim_end_matches(".html").trim_end_matches(".json")
                });
            if is_known_id(id) {
                good.push(id.to_owned());
            } else {
                errors.add(at(&field), &field, license_message(id));
            }
        }
        if !good.is_empty() {
            work.license = Some(good.join(" OR "));
        }
    }
}

/// `datePublished`, `description`, `keywords` and `publisher`.
fn description(obj: &Map<String, Value>, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    match obj.get("datePublished") {
        None => {}
        Some(v) => match v.as_str().and_then(parse_date) {
            Some(d) => work.released = Some(d),
            None => errors.add(
                at("datePublished"),
                "datePublished",
                format!(
                    "`{}` is not a date like 2026-03-01",
                    v.as_str().unwrap_or(&v.to_string())
                ),
            ),
        },
    }
    match obj.get("description").map(jtext) {
        None => {}
        Some(Some(d)) => work.abstract_text = Some(d),
        Some(None) => errors.add(at("description"), "description", "expected a non-empty text"),
    }
    match obj.get("keywords") {
        None => {}
        Some(Value::String(s)) => {
            work.keywords = s
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match jtext(item) {
                    Some(k) => work.keywords.push(k),
                    None => {
                        let field = format!("keywords[{i}]");
                        errors.add(at(&field), &field, "expected a keyword text");
                    }
                }
            }
        }
        Some(_) => errors.add(at("keywords"), "keywords", "expected a list of keywords"),
    }
    match obj.get("publisher") {
        None => {}
        Some(Value::Object(o)) => work.publisher = o.get("name").and_then(jtext).unwrap_or_default(),
        Some(v) => work.publisher = jtext(v).unwrap_or_default(),
    }
}

/// An identifier's text: a string, or the `value` of a PropertyValue.
fn identifier_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Object(o) => o
            .get("value")
            .or_else(|| o.get("@id"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned(),
        _ => String::new(),
    }
}

fn codemeta_author(item: &Value, path: &str, at: At<'_>, work: &mut Work, errors: &mut Errors) {
    let Value::Object(o) = item else {
        errors.add(at(path), path, "expected an author object with familyName or name");
        return;
    };
    let field = |k: &str| format!("{path}.{k}");
    let mut person = Person::default();
    let is_org = o.get("@type").and_then(Value::as_str) == Some("Organization");
    match (o.get("familyName"), o.get("name")) {
        (Some(v), _) if !is_org => match jtext(v) {
            Some(f) => person.family = f,
            None => errors.add(
                at(&field("familyName")),
                &field("familyName"),
                "expected a non-empty text",
            ),
        },
        (_, Some(v)) => match jtext(v) {
            Some(n) => person.family = n,
            None => errors.add(at(&field("name")), &field("name"), "expected a non-empty text"),
        },
        _ => errors.add(
            at(path),
            &field("familyName"),
            "an author needs familyName (a person) or name (an organization)",
        ),
    }
    if !is_org && let Some(v) = o.get("givenName") {
        match jtext(v) {
            Some(g) => person.given = g,
            None => errors.add(
                at(&field("givenName")),
                &field("givenName"),
                "expected a non-empty text",
            ),
        }
    }
    if let Some(id) = o
        .get("@id")
        .and_then(Value::as_str)
        .filter(|id| id.contains("orcid.org"))
    {
        let url = orcid_url(id);
        if orcid_ok(&url)
            && id
                .trim_end_matches('/')
                .ends_with(url.trim_start_matches("https://orcid.org/"))
        {
            person.orcid = Some(url);
        } else {
            errors.add(
                at(&field("@id")),
                &field("@id"),
                format!("`{id}` is not an ORCID like https://orcid.org/0000-0002-1825-0097"),
            );
        }
    }
    match o.get("affiliation") {
        Some(Value::Object(a)) => person.affiliation = a.get("name").and_then(jtext),
        Some(Value::Array(list)) => {
            person.affiliation = list
                .iter()
                .find_map(|a| jtext(a).or_else(|| a.get("name").and_then(jtext)));
        }
        Some(v) => person.affiliation = jtext(v),
        None => {}
    }
    work.authors.push(person);
}
