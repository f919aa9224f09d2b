use portico_formats::cite::{FieldError, Person, WorkKind, cff, read_cff, read_codemeta};

use crate::cite::sample;

fn summary(errors: &[FieldError]) -> Vec<(usize, usize, &str)> {
    errors.iter().map(|e| (e.line, e.column, e.field.as_str())).collect()
}

#[test]
fn read_cff_reads_what_cff_writes() {
    let w = sample();
    let read = read_cff(&cff(&w)).expect("our own CITATION.cff is valid");
    let mut expected = w;
    expected.doi = Some("10.5281/zenodo.1234567".into());
    expected.authors[0].orcid = Some("https://orcid.org/0000-0002-1825-0097".into());
    expected.publisher = String::new();
    assert_eq!(read, expected);
}

#[test]
fn read_cff_a_typical_hand_written_file() {
    let text = "\
# A citation file as people write it
cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: Tidewatch
type: software
authors:
  - family-names: Ångström
    given-names: Zoë
    orcid: https://orcid.org/0000-0002-1694-233X
    affiliation: Halcyon Institute
  - family-names: Rossum
    name-particle: van
    given-names: Guido
  - name: Ocean Data Lab
version: 2.0
doi: 10.5281/zenodo.7654321
date-released: 2026-03-01
license: [MIT, Apache-2.0]
repository-code: https://git.example.org/halcyon/tidewatch
keywords:
  - tides
  - 2026
";
    let w = read_cff(text).expect("valid");
    assert_eq!(w.kind, WorkKind::Software);
    assert_eq!(w.title, "Tidewatch");
    assert_eq!(w.version.as_deref(), Some("2.0"));
    assert_eq!(w.doi.as_deref(), Some("10.5281/zenodo.7654321"));
    assert_eq!(w.released, Some(jiff::civil::date(2026, 3, 1)));
    assert_eq!(w.license.as_deref(), Some("MIT OR Apache-2.0"));
    assert_eq!(
        w.repository.as_deref(),
        Some("https://git.example.org/halcyon/tidewatch")
    );
    assert_eq!(w.keywords, ["tides", "2026"]);
    assert_eq!(
        w.authors,
        [
            Person {
                given: "Zoë".into(),
                family: "Ångström".into(),
                orcid: Some("https://orcid.org/0000-0002-1694-233X".into()),
                affiliation: Some("Halcyon Institute".into()),
            },
            Person {
                given: "Guido".into(),
                family: "van Rossum".into(),
                orcid: None,
                affiliation: None
            },
            Person {
                given: String::new(),
                family: "Ocean Data Lab".into(),
                orcid: None,
                affiliation: None
            },
        ]
    );
    assert_eq!(w.url, "");
}

#[test]
fn read_cff_reports_every_problem_with_its_place() {
    let text = "\
cff-version: 1.1.0
title: Coastal tides
authors:
  - given-names: Zoë
  - family-names: Kamau
    orcid: 0000-0002-1825-0097
  - \"just a string\"
date-released: 2026-02-30
license: Apache2
doi: https://doi.org/10.5281/zenodo.1
colour: blue
repository-code: git.example.org/tides
";
    let errors = read_cff(text).expect_err("invalid");
    assert_eq!(
        summary(&errors),
        [
            (1, 1, "cff-version"),
            (1, 1, "message"),
            (4, 5, "authors[0].family-names"),
            (6, 5, "authors[1].orcid"),
            (7, 5, "authors[2]"),
            (8, 1, "date-released"),
            (9, 1, "license"),
            (10, 1, "doi"),
            (11, 1, "colour"),
            (12, 1, "repository-code"),
        ],
        "{errors:#?}"
    );
    let msg = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    assert!(msg("message").contains("missing"));
    assert!(
        msg("license").contains("did you mean `Apache-2.0`?"),
        "{}",
        msg("license")
    );
    assert!(msg("date-released").contains("2026-02-30"));
    assert!(msg("cff-version").contains("1.2.0"));
    assert_eq!(
        errors[5].to_string(),
        format!("8:1: date-released: {}", msg("date-released"))
    );
}

#[test]
fn read_cff_syntax_error_has_a_position() {
    let errors = read_cff("cff-version: 1.2.0\ntitle: [unclosed\nmessage: x\n").expect_err("bad YAML");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].line >= 2, "{errors:?}");
    assert!(errors[0].message.starts_with("YAML syntax"));
    assert!(read_cff("- a list\n- not a mapping\n").is_err());
}

const CODEMETA: &str = r#"{
  "@context": "https://w3id.org/codemeta/3.0",
  "@type": "SoftwareSourceCode",
  "name": "Tidewatch",
  "description": "Reads tide gauges; writes CSV.",
  "version": "2.1.0",
  "identifier": "https://doi.org/10.5281/zenodo.7654321",
  "codeRepository": "https://git.example.org/halcyon/tidewatch",
  "license": "https://spdx.org/licenses/MIT",
  "datePublished": "2026-03-01",
  "keywords": ["tides", "sea level"],
  "author": [
    {
      "@type": "Person",
      "@id": "https://orcid.org/0000-0002-1825-0097",
      "givenName": "Wanjiru",
      "familyName": "Kamau",
      "affiliation": {"@type": "Organization", "name": "Halcyon Institute"}
    },
    {"@type": "Person", "givenName": "Zoë", "familyName": "Ångström"},
    {"@type": "Organization", "name": "Ocean Data Lab"}
  ]
}"#;

#[test]
fn read_codemeta_reads_a_typical_file() {
    let w = read_codemeta(CODEMETA).expect("valid");
    assert_eq!(w.kind, WorkKind::Software);
    assert_eq!(w.title, "Tidewatch");
    assert_eq!(w.version.as_deref(), Some("2.1.0"));
    assert_eq!(w.doi.as_deref(), Some("10.5281/zenodo.7654321"));
    assert_eq!(
        w.repository.as_deref(),
        Some("https://git.example.org/halcyon/tidewatch")
    );
    assert_eq!(w.license.as_deref(), Some("MIT"));
    assert_eq!(w.released, Some(jiff::civil::date(2026, 3, 1)));
    assert_eq!(w.abstract_text.as_deref(), Some("Reads tide gauges; writes CSV."));
    assert_eq!(w.keywords, ["tides", "sea level"]);
    assert_eq!(
        w.authors,
        [
            Person {
                given: "Wanjiru".into(),
                family: "Kamau".into(),
                orcid: Some("https://orcid.org/0000-0002-1825-0097".into()),
                affiliation: Some("Halcyon Institute".into()),
            },
            Person {
                given: "Zoë".into(),
                family: "Ångström".into(),
                orcid: None,
                affiliation: None
            },
            Person {
                given: String::new(),
                family: "Ocean Data Lab".into(),
                orcid: None,
                affiliation: None
            },
        ]
    );
}

#[test]
fn read_codemeta_reports_every_problem_with_its_place() {
    let text = r#"{
  "@context": "https://w3id.org/codemeta/3.0",
  "@type": "Dataset",
  "identifier": ["urn:x", "https://doi.org/11.1/x"],
  "license": ["https://spdx.org/licenses/MIT", "Apache2"],
  "datePublished": "01/03/2026",
  "author": [
    {"givenName": "Zoë"},
    {"familyName": "Ångström", "@id": "https://orcid.org/0000-0002-1825"}
  ],
  "keywords": ["ok", 7]
}"#;
    let errors = read_codemeta(text).expect_err("invalid");
    assert_eq!(
        summary(&errors),
        [
            (1, 1, "name"),
            (4, 27, "identifier[1]"),
            (5, 48, "license[1]"),
            (6, 3, "datePublished"),
            (8, 5, "author[0].familyName"),
            (9, 32, "author[1].@id"),
            (11, 22, "keywords[1]"),
        ],
        "{errors:#?}"
    );
    assert!(errors[2].message.contains("did you mean `Apache-2.0`?"));
}

#[test]
fn read_codemeta_syntax_error_has_a_position() {
    let text = "{\n  \"name\": \"Zoë\",\n  \"author\": [],\n}";
    let errors = read_codemeta(text).expect_err("trailing comma");
    assert_eq!(summary(&errors), [(4, 1, "")], "{errors:?}");
    assert!(errors[0].message.starts_with("JSON syntax"));
}
