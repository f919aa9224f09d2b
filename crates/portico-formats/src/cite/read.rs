//! Reading CITATION.cff and codemeta.json into a [`Work`], reporting every
//! problem at once with its line, column and field path.
//!
//! Field paths use the file's own key names with 0-based indexes, like
//! `authors[1].family-names` or `author[0].familyName`. A problem with a
//! field's value points at the field's key; one with a list item at the
//! item; a missing required field at line 1, column 1. Columns count
//! characters, not bytes, from 1.

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::Value;

use super::{Person, Work, WorkKind, bare_doi, orcid_url};
use crate::spdx::{is_known_id, unknown_id_message};

/// One problem in a citation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The field path, like `authors[1].family-names`; empty for a syntax
    /// error.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "{}:{}: {}: {}", self.line, self.column, self.field, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

/// Collects errors; positions are 1-based (line, column).
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, pos: (usize, usize), field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            line: pos.0,
            column: pos.1,
            field: field.to_owned(),
            message: message.into(),
        });
    }

    fn finish(mut self, work: Work) -> Result<Work, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(work)
        } else {
            self.0
                .sort_by(|a, b| (a.line, a.column, &a.field).cmp(&(b.line, b.column, &b.field)));
            Err(self.0)
        }
    }
}

/// The DOI syntax CFF 1.2.0 accepts:
/// `^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$`.
fn doi_ok(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    let (main, sub) = match registrant.split_once('.') {
        Some((m, s)) => (m, Some(s)),
        None => (registrant, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (4..=9).contains(&main.len())
        && digits(main)
        && sub.is_none_or(digits)
        && !suffix.is_empty()
        && suffix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":/_;-.()[]\\".contains(c))
}

/// `https://orcid.org/0000-0002-1825-0097` (last character may be `X`).
fn orcid_ok(orcid: &str) -> bool {
    let Some(id) = orcid.strip_prefix("https://orcid.org/") else {
        return false;
    };
    let b = id.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 9 | 14 => c == b'-',
            18 => c.is_ascii_digit() || c == b'X',
            _ => c.is_ascii_digit(),
        })
}

fn url_ok(url: &str) -> bool {
    ["https://", "http://", "ftp://", "sftp://"].iter().any(|p| {
        url.strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}

fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    shape.then(|| Date::strptime("%Y-%m-%d", s).ok()).flatten()
}

fn license_message(id: &str) -> String {
    if id.contains(char::is_whitespace) || id.contains('(') {
        format!("`{id}` is an expression; this field takes single SPDX license ids (a list means any of them)")
    } else {
        unknown_id_message(id)
    }
}

fn empty_work(kind: WorkKind) -> Work {
    Work {
        kind,
        title: String::new(),
        version: None,
        doi: None,
        url: String::new(),
        repository: None,
        license: None,
        released: None,
        authors: Vec::new(),
        abstract_text: None,
        keywords: Vec::new(),
        publisher: String::new(),
    }
}

// ---------------------------------------------------------------- CFF

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
            "license" => {
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
                        errors.add(at, key, "expected at least one SPDX license id");
                    }
                } else {
                    work.license = Some(good.join(" OR "));
                }
            }
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

// ---------------------------------------------------------------- codemeta

/// Positions of the keys (and array items) of a JSON text already known to
/// be valid, by field path. A small scanner is enough since serde_json has
/// checked the syntax; it only needs to track strings, nesting and lines.
struct JsonScan<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    out: HashMap<String, (usize, usize)>,
}

impl JsonScan<'_> {
    fn positions(text: &str) -> HashMap<String, (usize, usize)> {
        let mut s = JsonScan {
            b: text.as_bytes(),
            i: 0,
            line: 1,
            col: 1,
            out: HashMap::new(),
        };
        s.ws();
        s.out.insert(String::new(), (s.line, s.col));
        s.value("", 0);
        s.out
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn bump(&mut self) {
        let Some(c) = self.peek() else { return };
        if c == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if c & 0xC0 != 0x80 {
            self.col += 1;
        }
        self.i += 1;
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    fn string(&mut self) -> String {
        let start = self.i;
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.b.get(start..self.i).unwrap_or_default();
        serde_json::from_slice(raw).unwrap_or_default()
    }

    fn value(&mut self, path: &str, depth: usize) {
        if depth > 256 {
            return;
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        Some(b'"') => {}
                        _ => return,
                    }
                    let pos = (self.line, self.col);
                    let key = self.string();
                    let child = if path.is_empty() { key } else { format!("{path}.{key}") };
                    self.out.insert(child.clone(), pos);
                    self.ws();
                    if self.peek() == Some(b':') {
                        self.bump();
                    }
                    self.value(&child, depth + 1);
                }
            }
            Some(b'[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        None => return,
                        Some(_) => {}
                    }
                    let child = format!("{path}[{index}]");
                    self.out.insert(child.clone(), (self.line, self.col));
                    self.value(&child, depth + 1);
                    index += 1;
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.bump();
                }
            }
            None => {}
        }
    }
}

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
            let line = e.line().max(1);
            // serde_json counts bytes; report characters like everywhere else.
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
            errors.add((line, column), "", format!("JSON syntax: {msg}"));
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
                codemeta_author(item, &format!("author[{i}]"), &at, &mut work, &mut errors);
            }
        }
        Some(item) => codemeta_author(item, "author", &at, &mut work, &mut errors),
    }
    for key in ["version", "softwareVersion"] {
        match obj.get(key) {
            None => {}
            Some(Value::String(s)) if !s.trim().is_empty() => work.version = Some(s.trim().to_owned()),
            Some(Value::Number(n)) => work.version = Some(n.to_string()),
            Some(_) => errors.add(at(key), key, "expected a version text"),
        }
    }
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
    errors.finish(work)
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

fn codemeta_author(
    item: &Value,
    path: &str,
    at: &dyn Fn(&str) -> (usize, usize),
    work: &mut Work,
    errors: &mut Errors,
) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doi_pattern() {
        assert!(doi_ok("10.5281/zenodo.1003150"));
        assert!(doi_ok("10.1000.10/abc(1)[2]"));
        assert!(!doi_ok("https://doi.org/10.5281/zenodo.1"));
        assert!(!doi_ok("10.52/x"));
        assert!(!doi_ok("10.5281/"));
        assert!(!doi_ok("10.5281/has space"));
    }

    #[test]
    fn orcid_pattern() {
        assert!(orcid_ok("https://orcid.org/0000-0002-1825-0097"));
        assert!(orcid_ok("https://orcid.org/0000-0002-1694-233X"));
        assert!(!orcid_ok("0000-0002-1825-0097"));
        assert!(!orcid_ok("https://orcid.org/0000-0002-1825-009"));
    }

    #[test]
    fn json_positions_count_characters() {
        let text = "{\n  \"name\": \"Zoë\", \"author\": [\n    {\"familyName\": \"Ångström\"},\n    {}\n  ]\n}";
        let pos = JsonScan::positions(text);
        assert_eq!(pos.get("name"), Some(&(2, 3)));
        assert_eq!(pos.get("author"), Some(&(2, 18)));
        assert_eq!(pos.get("author[0]"), Some(&(3, 5)));
        assert_eq!(pos.get("author[0].familyName"), Some(&(3, 6)));
        assert_eq!(pos.get("author[1]"), Some(&(4, 5)));
    }
}
