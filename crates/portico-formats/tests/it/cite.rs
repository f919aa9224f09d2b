use biblatex::{Bibliography, ChunksExt, EntryType};
use biblib::CitationParser;
use portico_formats::cite::{Person, Work, WorkKind, bibtex, bibtex_key, cff, csl_json, ris};
use serde_json::Value;

pub const TITLE: &str = "CoastSet: tide & wave heights, 100% of {raw} data_sets #1 ~ ^ $ \\ — ساحل";

pub fn sample() -> Work {
    Work {
        kind: WorkKind::Dataset,
        title: TITLE.into(),
        version: Some("1.10".into()),
        doi: Some("https://doi.org/10.5281/zenodo.1234567".into()),
        url: "https://halcyon.example.org/data/coastset".into(),
        repository: Some("https://git.example.org/halcyon/coastset".into()),
        license: Some("CC-BY-4.0".into()),
        released: Some(jiff::civil::date(2026, 3, 1)),
        authors: vec![
            Person {
                given: "Wanjiru".into(),
                family: "Kamau".into(),
                orcid: Some("0000-0002-1825-0097".into()),
                affiliation: Some("Halcyon Institute, Mombasa".into()),
            },
            Person {
                given: "Zoë".into(),
                family: "Ångström".into(),
                orcid: None,
                affiliation: None,
            },
            Person {
                given: "".into(),
                family: "Ocean Data Lab".into(),
                orcid: None,
                affiliation: None,
            },
        ],
        abstract_text: Some("Hourly sea levels, 2001–2025; gauges at 40 sites.\nبيانات مستوى سطح البحر.".into()),
        keywords: vec!["tides".into(), "sea level, coastal".into()],
        publisher: "Halcyon Institute".into(),
    }
}

fn cff_schema() -> jsonschema::Validator {
    let text = include_str!("../data/cff-1.2.0.schema.json");
    let schema: Value = serde_json::from_str(text).expect("schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn cff_errors(yaml: &str) -> Vec<String> {
    let doc: Value = serde_yaml_ng::from_str(yaml).expect("CITATION.cff is YAML");
    cff_schema()
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn key() {
    assert_eq!(bibtex_key(&sample()), "kamau2026coastset");
}

#[test]
fn bibtex_parses_with_biblatex() {
    let w = sample();
    let text = bibtex(&w, &bibtex_key(&w));
    let bib = Bibliography::parse(&text).expect("biblatex parses the entry");
    let entry = bib.get("kamau2026coastset").expect("entry by key");
    assert_eq!(entry.entry_type, EntryType::Dataset);
    assert_eq!(entry.title().expect("title").format_verbatim(), TITLE);
    let authors = entry.author().expect("authors");
    let names: Vec<(&str, &str)> = authors
        .iter()
        .map(|p| (p.name.as_str(), p.given_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("Kamau", "Wanjiru"), ("Ångström", "Zoë"), ("Ocean Data Lab", "")]
    );
    let field = |name: &str| entry.get(name).map(|c| c.format_verbatim());
    assert_eq!(field("year").as_deref(), Some("2026"));
    assert_eq!(field("date").as_deref(), Some("2026-03-01"));
    assert_eq!(field("doi").as_deref(), Some("10.5281/zenodo.1234567"));
    assert_eq!(field("version").as_deref(), Some("1.10"));
    assert_eq!(
        field("url").as_deref(),
        Some("https://halcyon.example.org/data/coastset")
    );
    assert_eq!(field("publisher").as_deref(), Some("Halcyon Institute"));
    assert_eq!(
        field("abstract").as_deref(),
        Some("Hourly sea levels, 2001–2025; gauges at 40 sites. بيانات مستوى سطح البحر.")
    );

    let mut sw = w;
    sw.kind = WorkKind::Software;
    let bib = Bibliography::parse(&bibtex(&sw, "k")).expect("parses");
    assert_eq!(bib.get("k").map(|e| e.entry_type.clone()), Some(EntryType::Software));
}

#[test]
fn biblatex_rejects_broken_entries() {
    let w = sample();
    let text = bibtex(&w, "k");
    assert!(Bibliography::parse(&text).is_ok());
    // Without escaping, a lone brace unbalances the entry.
    let broken = text.replace("\\{raw\\}", "{raw");
    assert!(
        Bibliography::parse(&broken).is_err(),
        "an unbalanced brace must not parse"
    );
}

/// `XX  - value`: two uppercase letters (or a letter and a digit), two
/// spaces, a hyphen and a space.
fn ris_line_ok(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 6
        && b[0].is_ascii_uppercase()
        && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        && &b[2..6] == b"  - "
        && !line.contains(['\r', '\n'])
}

#[test]
fn ris_parses_with_biblib_and_follows_the_line_rules() {
    let w = sample();
    let text = ris(&w);
    let lines: Vec<&str> = text
        .strip_suffix("\r\n")
        .expect("ends with CRLF")
        .split("\r\n")
        .collect();
    assert_eq!(lines.first().copied(), Some("TY  - DATA"));
    assert_eq!(lines.last().copied(), Some("ER  - "));
    for line in &lines {
        assert!(ris_line_ok(line), "not a RIS line: {line:?}");
    }

    let cites = biblib::RisParser::new().parse(&text).expect("biblib parses the record");
    assert_eq!(cites.len(), 1);
    let c = &cites[0];
    // biblib names the RIS type code.
    assert_eq!(c.citation_type, ["Data File"]);
    assert_eq!(c.title, TITLE);
    let names: Vec<(&str, Option<&str>)> = c
        .authors
        .iter()
        .map(|a| (a.name.as_str(), a.given_name.as_deref()))
        .collect();
    assert_eq!(names[0], ("Kamau", Some("Wanjiru")));
    assert_eq!(names[1], ("Ångström", Some("Zoë")));
    assert_eq!(names.len(), 3);
    let date = c.date.as_ref().expect("date");
    assert_eq!((date.year, date.month, date.day), (2026, Some(3), Some(1)));
    assert_eq!(c.doi.as_deref(), Some("10.5281/zenodo.1234567"));
    assert_eq!(c.urls, ["https://halcyon.example.org/data/coastset"]);
    assert_eq!(c.publisher.as_deref(), Some("Halcyon Institute"));
    assert_eq!(c.keywords, ["tides", "sea level, coastal"]);
    assert_eq!(
        c.abstract_text.as_deref(),
        Some("Hourly sea levels, 2001–2025; gauges at 40 sites. بيانات مستوى سطح البحر.")
    );
    assert!(text.contains("ET  - 1.10\r\n"));

    let mut sw = w;
    sw.kind = WorkKind::Software;
    assert!(ris(&sw).starts_with("TY  - COMP\r\n"));
    // Neither check is vacuous: without the "  - " separator the title is
    // no longer read as the title (biblib is lenient and does not fail).
    let broken = text.replacen("TI  - ", "TI: ", 1);
    let reparsed = biblib::RisParser::new().parse(&broken);
    assert!(
        reparsed
            .as_ref()
            .map_or(true, |c| c.first().is_none_or(|c| c.title != TITLE)),
        "a bad separator must not give the same title"
    );
    assert!(!ris_line_ok("TI: CoastSet"));
    assert!(!ris_line_ok("ti  - CoastSet"));
    assert!(!ris_line_ok("TI - CoastSet"));
    assert!(!ris_line_ok("بيانات"));
}

#[test]
fn csl_json_reads_as_csl_data() {
    let w = sample();
    let text = csl_json(&w, "kamau2026coastset");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let items: Vec<citationberg::json::Item> = serde_json::from_value(doc.clone()).expect("CSL-JSON items");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.id().as_deref(), Some("kamau2026coastset"));
    let kind: citationberg::taxonomy::Kind =
        serde_json::from_value(Value::String(item.type_().expect("type").into_owned())).expect("a CSL item type");
    assert_eq!(kind, citationberg::taxonomy::Kind::Dataset);

    use citationberg::json::{DateValue, NameValue, Value as CslValue};
    let Some(CslValue::Names(names)) = item.0.get("author") else {
        panic!("author is a name list");
    };
    let names: Vec<String> = names
        .iter()
        .map(|n| match n {
            NameValue::Item(i) => format!("{}, {}", i.family, i.given.as_deref().unwrap_or("")),
            NameValue::Literal(l) => l.literal.clone(),
        })
        .collect();
    assert_eq!(names, ["Kamau, Wanjiru", "Ångström, Zoë", "Ocean Data Lab"]);
    assert!(matches!(
        item.0.get("issued"),
        Some(CslValue::Date(DateValue::DateParts { .. }))
    ));
    assert_eq!(doc[0]["issued"]["date-parts"], serde_json::json!([[2026, 3, 1]]));
    let s = |k: &str| item.0.get(k).and_then(|v| v.to_str()).map(|c| c.into_owned());
    assert_eq!(s("title").as_deref(), Some(TITLE));
    assert_eq!(s("DOI").as_deref(), Some("10.5281/zenodo.1234567"));
    assert_eq!(s("URL").as_deref(), Some(w.url.as_str()));
    assert_eq!(s("version").as_deref(), Some("1.10"));
    assert_eq!(s("publisher").as_deref(), Some("Halcyon Institute"));
    assert_eq!(s("abstract").as_deref(), w.abstract_text.as_deref());

    let mut sw = w;
    sw.kind = WorkKind::Software;
    let doc: Value = serde_json::from_str(&csl_json(&sw, "x")).expect("JSON");
    let kind: citationberg::taxonomy::Kind = serde_json::from_value(doc[0]["type"].clone()).expect("type");
    assert_eq!(kind, citationberg::taxonomy::Kind::Software);
    // The type check is not vacuous.
    assert!(serde_json::from_value::<citationberg::taxonomy::Kind>(Value::String("data-set".into())).is_err());
}

#[test]
fn cff_validates_against_the_official_schema() {
    let w = sample();
    let yaml = cff(&w);
    assert_eq!(cff_errors(&yaml), Vec::<String>::new(), "{yaml}");
    assert!(yaml.contains("license: \"CC-BY-4.0\"\n"));

    // Other shapes: software, an OR license as a list, no authors, no extras.
    let mut sw = w.clone();
    sw.kind = WorkKind::Software;
    sw.license = Some("MIT OR Apache-2.0".into());
    let yaml = cff(&sw);
    assert_eq!(cff_errors(&yaml), Vec::<String>::new(), "{yaml}");
    assert!(yaml.contains("license:\n  - \"MIT\"\n  - \"Apache-2.0\"\n"));

    let mut bare = w;
    bare.authors.clear();
    bare.license = Some("GPL-3.0-or-later WITH Classpath-exception-2.0".into());
    bare.keywords.clear();
    bare.version = None;
    bare.doi = None;
    bare.released = None;
    bare.abstract_text = None;
    bare.repository = None;
    let yaml = cff(&bare);
    assert_eq!(cff_errors(&yaml), Vec::<String>::new(), "{yaml}");
    assert!(yaml.contains("  - name: \"Halcyon Institute\"\n"));
    assert!(yaml.contains("# license: GPL-3.0-or-later WITH Classpath-exception-2.0"));
}

#[test]
fn the_cff_schema_rejects_broken_files() {
    let yaml = cff(&sample());
    let bad_doi = yaml.replace(
        "doi: \"10.5281/zenodo.1234567\"",
        "doi: \"https://doi.org/10.5281/zenodo.1234567\"",
    );
    assert!(!cff_errors(&bad_doi).is_empty());
    let no_title = yaml
        .lines()
        .filter(|l| !l.starts_with("title:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!cff_errors(&no_title).is_empty());
    let bad_date = yaml.replace("\"2026-03-01\"", "\"2026-02-30\"");
    assert!(
        !cff_errors(&bad_date).is_empty(),
        "an impossible date must fail the date format"
    );
    let bad_license = yaml.replace("\"CC-BY-4.0\"", "\"CC-BY-4\"");
    assert!(!cff_errors(&bad_license).is_empty());
}
