//! Citations of a dataset or software: BibTeX (biblatex), RIS, CSL-JSON and
//! CITATION.cff out; CITATION.cff and codemeta.json in.

mod read;
mod work;

use serde_json::{Map, Value, json};

use crate::text::ascii_fold;
use work::{bare_doi, orcid_url};

pub use read::{FieldError, read_cff, read_codemeta};
pub use work::{Person, Work, WorkKind};

fn kind_name(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::Dataset => "dataset",
        WorkKind::Software => "software",
    }
}

/// A citation key like `kamau2026coastset`: the first author's family name,
/// the release year and the first word of the title (skipping a leading
/// "a", "an" or "the"), each folded to lowercase ASCII letters (digits kept in
/// the title word). Falls back to the publisher when there is no author.
pub fn bibtex_key(w: &Work) -> String {
    let letters = |s: &str| -> String {
        ascii_fold(s)
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let who = w
        .authors
        .first()
        .map(|p| letters(&p.family))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(letters(&w.publisher)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "anon".to_owned());
    let year = w.released.map(|d| d.year().to_string()).unwrap_or_default();
    let word = ascii_fold(&w.title)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|s| !s.is_empty())
        .find(|s| !matches!(s.as_str(), "a" | "an" | "the"))
        .unwrap_or_default();
    format!("{who}{year}{word}")
}

/// Escapes LaTeX specials in a biblatex field; UTF-8 is kept as is.
fn latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '%' => out.push_str("\\%"),
            '&' => out.push_str("\\&"),
            '$' => out.push_str("\\$"),
            '#' => out.push_str("\\#"),
            '_' => out.push_str("\\_"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL or DOI for a verbatim biblatex field: braces and backslashes
/// percent-encoded so the field stays balanced.
fn verbatim(s: &str) -> String {
    s.trim()
        .replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace(char::is_whitespace, "%20")
}

/// A name part, braced when it would otherwise be split (`and`, commas).
fn name_part(s: &str) -> String {
    let escaped = latex(s.trim());
    let splits = escaped.contains(',') || escaped.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"));
    if splits { format!("{{{escaped}}}") } else { escaped }
}

/// A biblatex entry (`@software` or `@dataset`) with the given key.
///
/// Text fields are LaTeX-escaped; the title is braced to keep its
/// capitalization; `url` and `doi` are verbatim fields.
pub fn bibtex(w: &Work, key: &str) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors: Vec<String> = w
        .authors
        .iter()
        .map(|p| {
            if p.given.trim().is_empty() {
                format!("{{{}}}", latex(p.family.trim()))
            } else {
                format!("{}, {}", name_part(&p.family), name_part(&p.given))
            }
        })
        .collect();
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    fields.push(("title", format!("{{{}}}", latex(&w.title))));
    if let Some(d) = w.released {
        fields.push(("year", d.year().to_string()));
        fields.push(("date", d.strftime("%Y-%m-%d").to_string()));
    }
    if let Some(v) = &w.version {
        fields.push(("version", latex(v)));
    }
    if !w.publisher.trim().is_empty() {
        fields.push(("publisher", latex(&w.publisher)));
    }
    if let Some(doi) = &w.doi {
        fields.push(("doi", verbatim(&bare_doi(doi))));
    }
    if !w.url.trim().is_empty() {
        fields.push(("url", verbatim(&w.url)));
    }
    if let Some(license) = &w.license {
        fields.push(("note", format!("License: {}", latex(license))));
    }
    if !w.keywords.is_empty() {
        let kws: Vec<String> = w.keywords.iter().map(|k| latex(k)).collect();
        fields.push(("keywords", kws.join(", ")));
    }
    if let Some(abs) = &w.abstract_text {
        fields.push(("abstract", latex(abs)));
    }

    let key: String = key
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '{' | '}' | '(' | ')' | '=' | '#' | '%' | '"' | '\\'))
        .collect();
    let mut out = format!("@{}{{{key},\n", kind_name(w.kind));
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// One RIS record (`TY  - DATA` or `TY  - COMP` ... `ER  - `), CRLF line
/// ends as the RIS specification has them. Values are kept on one line.
pub fn ris(w: &Work) -> String {
    let mut lines: Vec<(&str, String)> = Vec::new();
    let ty = match w.kind {
        WorkKind::Dataset => "DATA",
        WorkKind::Software => "COMP",
    };
    lines.push(("TY", ty.to_owned()));
    for p in &w.authors {
        let name = if p.given.trim().is_empty() {
            p.family.trim().to_owned()
        } else {
            format!("{}, {}", p.family.trim(), p.given.trim())
        };
        lines.push(("AU", name));
    }
    lines.push(("TI", w.title.clone()));
    if let Some(d) = w.released {
        lines.push(("PY", d.year().to_string()));
        lines.push(("DA", d.strftime("%Y/%m/%d").to_string()));
    }
    if let Some(v) = &w.version {
        lines.push(("ET", v.clone()));
    }
    if !w.publisher.trim().is_empty() {
        lines.push(("PB", w.publisher.clone()));
    }
    if let Some(doi) = &w.doi {
        lines.push(("DO", bare_doi(doi)));
    }
    if !w.url.trim().is_empty() {
        lines.push(("UR", w.url.trim().to_owned()));
    }
    for kw in &w.keywords {
        lines.push(("KW", kw.clone()));
    }
    if let Some(abs) = &w.abstract_text {
        lines.push(("AB", abs.clone()));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        let value: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("{tag}  - {value}\r\n"));
    }
    out.push_str("ER  - \r\n");
    out
}

/// A CSL-JSON array with one item of type `dataset` or `software`.
pub fn csl_json(w: &Work, id: &str) -> String {
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    item.insert("type".into(), json!(kind_name(w.kind)));
    item.insert("title".into(), json!(w.title));
    let authors: Vec<Value> = w
        .authors
        .iter()
        .map(|p| {
            if p.given.trim().is_empty() {
                json!({ "literal": p.family.trim() })
            } else {
                json!({ "family": p.family.trim(), "given": p.given.trim() })
            }
        })
        .collect();
    if !authors.is_empty() {
        item.insert("author".into(), Value::Array(authors));
    }
    if let Some(d) = w.released {
        item.insert(
            "issued".into(),
            json!({ "date-parts": [[d.year(), d.month(), d.day()]] }),
        );
    }
    if let Some(v) = &w.version {
        item.insert("version".into(), json!(v));
    }
    if let Some(doi) = &w.doi {
        item.insert("DOI".into(), json!(bare_doi(doi)));
    }
    if !w.url.trim().is_empty() {
        item.insert("URL".into(), json!(w.url.trim()));
    }
    if !w.publisher.trim().is_empty() {
        item.insert("publisher".into(), json!(w.publisher));
    }
    if let Some(abs) = &w.abstract_text {
        item.insert("abstract".into(), json!(abs));
    }
    if !w.keywords.is_empty() {
        item.insert("keyword".into(), json!(w.keywords.join(", ")));
    }
    let doc = Value::Array(vec![Value::Object(item)]);
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// A YAML double-quoted scalar.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{FEFF}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The license as CFF 1.2.0 can hold it: one id, or a list of ids meaning
/// "any of" for an expression that is only ids joined by OR. Anything else
/// (AND, WITH, parentheses) has no CFF form and gives `None`.
fn cff_license(expr: &str) -> Option<Vec<String>> {
    let ids: Vec<&str> = expr.split(" OR ").map(str::trim).collect();
    ids.iter()
        .all(|id| crate::spdx::is_known_id(id))
        .then(|| ids.iter().map(|s| (*s).to_owned()).collect())
}

/// A CITATION.cff (Citation File Format 1.2.0) document.
///
/// Every string is double-quoted, so versions like `1.10` and dates stay
/// strings. With no authors, the publisher is the (entity) author, since CFF
/// requires one. A license expression that CFF cannot express (AND, WITH)
/// is left out with a comment saying so.
pub fn cff(w: &Work) -> String {
    let mut out = String::new();
    out.push_str("cff-version: 1.2.0\n");
    let what = kind_name(w.kind);
    out.push_str(&format!(
        "message: {}\n",
        yaml_str(&format!(
            "If you use this {what}, please cite it using the metadata from this file."
        ))
    ));
    out.push_str(&format!("type: {what}\n"));
    out.push_str(&format!("title: {}\n", yaml_str(&w.title)));
    out.push_str("authors:\n");
    if w.authors.is_empty() {
        out.push_str(&format!("  - name: {}\n", yaml_str(&w.publisher)));
    }
    for p in &w.authors {
        if p.given.trim().is_empty() {
            out.push_str(&format!("  - name: {}\n", yaml_str(p.family.trim())));
        } else {
            out.push_str(&format!("  - family-names: {}\n", yaml_str(p.family.trim())));
            out.push_str(&format!("    given-names: {}\n", yaml_str(p.given.trim())));
        }
        if let Some(orcid) = &p.orcid {
            out.push_str(&format!("    orcid: {}\n", yaml_str(&orcid_url(orcid))));
        }
        if let Some(aff) = &p.affiliation {
            out.push_str(&format!("    affiliation: {}\n", yaml_str(aff)));
        }
    }
    if let Some(v) = &w.version {
        out.push_str(&format!("version: {}\n", yaml_str(v)));
    }
    if let Some(doi) = &w.doi {
        out.push_str(&format!("doi: {}\n", yaml_str(&bare_doi(doi))));
    }
    if let Some(d) = w.released {
        out.push_str(&format!(
            "date-released: {}\n",
            yaml_str(&d.strftime("%Y-%m-%d").to_string())
        ));
    }
    if !w.url.trim().is_empty() {
        out.push_str(&format!("url: {}\n", yaml_str(w.url.trim())));
    }
    if let Some(repo) = &w.repository {
        out.push_str(&format!("repository-code: {}\n", yaml_str(repo.trim())));
    }
    if let Some(license) = &w.license {
        match cff_license(license.trim()).as_deref() {
            Some([one]) => out.push_str(&format!("license: {}\n", yaml_str(one))),
            Some(many) => {
                out.push_str("license:\n");
                for id in many {
                    out.push_str(&format!("  - {}\n", yaml_str(id)));
                }
            }
            None => {
                let flat = license.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&format!(
                    "# license: {flat} (CFF 1.2.0 has no form for this SPDX expression)\n"
                ));
            }
        }
    }
    if let Some(abs) = &w.abstract_text {
        out.push_str(&format!("abstract: {}\n", yaml_str(abs)));
    }
    if !w.keywords.is_empty() {
        out.push_str("keywords:\n");
        for kw in &w.keywords {
            out.push_str(&format!("  - {}\n", yaml_str(kw)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_and_skips_articles() {
        let mut w = Work {
            kind: WorkKind::Dataset,
            title: "The CoastSet: tide gauges".into(),
            version: None,
            doi: None,
            url: String::new(),
            repository: None,
            license: None,
            released: Some(jiff::civil::date(2026, 3, 1)),
            authors: vec![Person {
                given: "Zoë".into(),
                family: "Ångström-Kamau".into(),
                ..Person::default()
            }],
            abstract_text: None,
            keywords: vec![],
            publisher: "Halcyon".into(),
        };
        assert_eq!(bibtex_key(&w), "angstromkamau2026coastset");
        w.authors.clear();
        w.released = None;
        assert_eq!(bibtex_key(&w), "halcyoncoastset");
    }

    #[test]
    fn doi_and_orcid_forms() {
        assert_eq!(bare_doi("https://doi.org/10.5281/zenodo.1"), "10.5281/zenodo.1");
        assert_eq!(bare_doi("doi:10.5281/zenodo.1"), "10.5281/zenodo.1");
        assert_eq!(
            orcid_url("0000-0002-1825-0097"),
            "https://orcid.org/0000-0002-1825-0097"
        );
        assert_eq!(
            orcid_url("https://orcid.org/0000-0002-1825-0097"),
            "https://orcid.org/0000-0002-1825-0097"
        );
    }

    #[test]
    fn latex_specials() {
        assert_eq!(
            latex("a{b}%&$#_~^\\"),
            "a\\{b\\}\\%\\&\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
    }

    #[test]
    fn cff_license_forms() {
        assert_eq!(cff_license("MIT"), Some(vec!["MIT".to_owned()]));
        assert_eq!(
            cff_license("MIT OR Apache-2.0"),
            Some(vec!["MIT".to_owned(), "Apache-2.0".to_owned()])
        );
        assert_eq!(cff_license("MIT AND Apache-2.0"), None);
        assert_eq!(cff_license("GPL-3.0-or-later WITH Classpath-exception-2.0"), None);
    }
}
