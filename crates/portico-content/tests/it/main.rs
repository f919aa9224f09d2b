//! Whole-site fixtures: valid sites load; each invalid one reports exactly
//! its planted problems, each located by file, line, column and field.

mod media;
mod schema;

use std::path::{Path, PathBuf};

use portico_content::{Diagnostics, Kind, load};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data").join(name)
}

fn errors(name: &str) -> Diagnostics {
    match load(&fixture(name)) {
        Ok(_) => panic!("fixture {name} should not load"),
        Err(d) => d,
    }
}

#[test]
fn minimal_site_loads() {
    let site = load(&fixture("minimal")).expect("minimal site is valid");
    assert_eq!(site.config().name, "Minimal");
    assert_eq!(site.items().len(), 2);
    assert_eq!(site.url("", "en"), Some("/en/"));
    assert_eq!(site.url("about", "en"), Some("/en/about/"));
    let home = site.get("", "en").expect("home");
    let Kind::Page(page) = &home.kind else {
        panic!("home is a page")
    };
    assert_eq!(page.blocks.len(), 1);
}

#[test]
fn i18n_site_has_localized_slugs_and_fallback() {
    let site = load(&fixture("i18n")).expect("i18n site is valid");
    assert_eq!(site.url("about", "fr"), Some("/fr/a-propos/"));
    assert_eq!(site.url("about/team", "fr"), Some("/fr/a-propos/equipe/"));
    // Not translated: served in French URLs from the English item.
    assert_eq!(site.url("about/history", "fr"), Some("/fr/a-propos/history/"));
    assert_eq!(
        site.resolve("about/history", "fr").map(|i| i.locale.as_str()),
        Some("en")
    );
    assert!(site.get("about/history", "fr").is_none());
    let chain: Vec<&str> = site.config().chain("fr").collect();
    assert_eq!(chain, ["fr", "en"]);
    let about = site.get("about", "en").expect("about");
    assert!(matches!(&about.kind, Kind::Page(p) if p.is_section));
    // The tree: children through fallback, newest first.
    let fr: Vec<&str> = site.children("about", "fr").iter().map(|i| i.key.as_str()).collect();
    assert_eq!(fr, ["about/history", "about/team"]);
    assert_eq!(site.children("about", "fr")[0].locale, "en", "history falls back to en");
    let top: Vec<&str> = site.children("", "en").iter().map(|i| i.key.as_str()).collect();
    assert_eq!(top, ["about"]);
}

#[test]
fn five_planted_errors_give_five_located_diagnostics() {
    let d = errors("invalid/five-errors");
    let lines: Vec<String> = d.iter().map(|d| format!("{} {}", d.location(), d.message)).collect();
    assert_eq!(d.len(), 5, "{lines:#?}");
    for diag in d.iter() {
        assert!(diag.line >= 1 && diag.column >= 1);
        assert!(diag.file.starts_with("content"), "{}", diag.file.display());
    }
    insta::assert_snapshot!(d.to_string());
}

macro_rules! invalid_case {
    ($name:ident, $dir:literal, $count:expr) => {
        #[test]
        fn $name() {
            let d = errors(concat!("invalid/", $dir));
            assert_eq!(d.len(), $count, "{d}");
            insta::assert_snapshot!(d.to_string());
        }
    };
}

invalid_case!(unknown_field_suggests_the_intended_name, "unknown-field", 1);
invalid_case!(missing_alt_text_is_an_error, "missing-alt", 2);
invalid_case!(broken_links_are_errors, "broken-link", 2);
invalid_case!(duplicate_urls_are_errors, "duplicate-slug", 1);
invalid_case!(bad_dates_are_errors, "bad-date", 2);
invalid_case!(undeclared_locale_is_an_error, "undeclared-locale", 1);
invalid_case!(wrong_types_are_all_reported, "wrong-type", 3);
invalid_case!(toml_syntax_errors_are_located, "bad-toml", 1);
invalid_case!(front_matter_is_required, "no-front-matter", 1);
invalid_case!(unknown_block_type_suggests_one, "bad-block", 2);
invalid_case!(images_from_other_sites_are_refused, "external-image", 1);
invalid_case!(translations_must_keep_the_structure, "translation-structure", 1);

/// Type-specific mistakes, each reported at its file, line and field, all
/// at once: dates in the wrong order, an unknown SPDX license, coordinates
/// out of range, a bad recurrence rule, and a metadata file's own problems
/// (located in that file).
#[test]
fn type_errors_are_located() {
    let d = errors("invalid/type-errors");
    let found: Vec<(String, usize, Option<&str>)> = d
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.field.as_deref()))
        .collect();
    let expect = |file: &str, line: usize, field: &str| {
        assert!(
            found
                .iter()
                .any(|(f, l, x)| f.ends_with(file) && *l == line && *x == Some(field)),
            "no diagnostic at {file}:{line} for `{field}`:\n{d}"
        );
    };
    expect("things/talk.md", 6, "end");
    expect("things/talk.md", 7, "recurrence");
    expect("things/tool.md", 5, "license");
    expect("things/job.md", 6, "closes");
    expect("things/place.md", 8, "latitude");
    expect("things/figure.md", 6, "history");
    expect("things/missing.md", 5, "metadata");
    expect("data/broken/CITATION.cff", 5, "authors[0].family-names");
    expect("data/broken/CITATION.cff", 6, "date-released");
    expect("data/broken/CITATION.cff", 7, "license");
    assert!(
        d.to_string().contains("Apache-2.0"),
        "the license error suggests the known id:\n{d}"
    );
    insta::assert_snapshot!(d.to_string());
}

#[test]
fn unknown_field_diagnostic_names_field_and_suggestion() {
    let d = errors("invalid/unknown-field");
    let first = d.iter().next().expect("one diagnostic");
    assert_eq!(first.field.as_deref(), Some("sumary"));
    assert_eq!(first.help.as_deref(), Some("did you mean `summary`?"));
    assert_eq!((first.line, first.column), (3, 1));
    assert_eq!(first.file, Path::new("content/en/about.md"));
}

#[test]
fn demo_site_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site");
    match load(&dir) {
        Ok(site) => {
            assert!(site.config().locales.len() >= 2);
            assert!(site.items().len() >= 40, "{} items", site.items().len());
        }
        Err(d) => panic!("the demo site has errors:\n{d}"),
    }
}

#[test]
fn reloading_one_file_applies_it_or_says_what_to_do() {
    use portico_content::{Reload, reload_files};
    let dir = std::env::temp_dir().join(format!("portico-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&fixture("i18n"), &dir);
    let site = load(&dir).expect("loads");
    let team = dir.join("content/fr/about/team.md");

    std::fs::write(
        &team,
        "+++\ntitle = \"L’équipe, revue\"\nslug = \"equipe\"\n+++\nNouveau texte.\n",
    )
    .expect("edit");
    match reload_files(&site, &dir, std::slice::from_ref(&team)) {
        Reload::Updated { site: next, keys } => {
            assert_eq!(keys, ["about/team"]);
            assert_eq!(next.get("about/team", "fr").expect("item").title, "L’équipe, revue");
            assert_eq!(
                site.get("about/team", "fr").expect("item").title,
                "Équipe",
                "the old site is untouched"
            );
        }
        other => panic!("expected an update, got {other:?}"),
    }

    std::fs::write(&team, "+++\ntitel = \"x\"\n+++\n").expect("edit");
    assert!(matches!(reload_files(&site, &dir, std::slice::from_ref(&team)), Reload::Invalid(d) if d.len() == 2));

    std::fs::write(&team, "+++\ntitle = \"x\"\nslug = \"autre\"\n+++\n").expect("edit");
    assert!(
        matches!(
            reload_files(&site, &dir, std::slice::from_ref(&team)),
            Reload::NeedsFullLoad
        ),
        "slug changed"
    );

    let new_file = dir.join("content/fr/about/new.md");
    std::fs::write(&new_file, "+++\ntitle = \"Nouveau\"\n+++\n").expect("write");
    assert!(
        matches!(reload_files(&site, &dir, &[new_file]), Reload::NeedsFullLoad),
        "a new file"
    );
    assert!(matches!(
        reload_files(&site, &dir, &[dir.join("site.toml")]),
        Reload::NeedsFullLoad
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// An edit applied to the site in memory (a publication's fast path, a
/// draft's check) is checked only for what it can break; it must still
/// report exactly what loading the whole site with it reports.
#[test]
fn an_edit_checked_against_the_site_in_memory_reports_what_a_whole_load_reports() {
    use portico_content::{ContentText, Reload, check_file, load_with, reload_texts};
    let root = fixture("i18n");
    let site = load(&root).expect("loads");
    let links =
        |href: &str| format!("\n[[blocks]]\ntype = \"links\"\n[[blocks.links]]\nlabel = \"L\"\nhref = \"{href}\"\n");
    let cases: Vec<(&str, &str, String, &str)> = vec![
        (
            "en",
            "about/team.md",
            "+++\ntitle = \"Team\"\n+++\nSee [them](@/about/teem).\n".into(),
            "about/teem",
        ),
        (
            "en",
            "about/team.md",
            "+++\ntitle = \"Team\"\n+++\nSee [them](/en/abuot/).\n".into(),
            "/en/abuot/",
        ),
        (
            "fr",
            "about/team.md",
            "+++\ntitel = \"Équipe\"\nslug = \"equipe\"\n+++\nL'équipe.\n".into(),
            "titel",
        ),
        (
            "en",
            "about/team.md",
            "+++\ntitle = \"Team\"\nimage = { src = \"images/logo.svgg\", alt = \"A\" }\n+++\nThe team.\n".into(),
            "images/logo.svgg",
        ),
        // The default locale's version gains a block: its translation is
        // now short of one, reported in the translation's file.
        (
            "en",
            "about/team.md",
            format!("+++\ntitle = \"Team\"\n{}+++\nThe team.\n", links("@/about")),
            "content/fr/about/team.md",
        ),
        // A translation with a block its original lacks.
        (
            "fr",
            "about/team.md",
            format!(
                "+++\ntitle = \"Équipe\"\nslug = \"equipe\"\n{}+++\nL'équipe.\n",
                links("@/about")
            ),
            "the blocks differ",
        ),
        // A link in a block to an item that does not exist.
        (
            "en",
            "about/history.md",
            format!("+++\ntitle = \"History\"\n{}+++\nOnly in English.\n", links("@/abot")),
            "abot",
        ),
    ];
    for (locale, path, text, needle) in cases {
        let given = ContentText {
            locale: locale.into(),
            key: portico_content::key_of(path),
            path: path.into(),
            text: text.clone(),
        };
        let whole = match load_with(&root, std::slice::from_ref(&given)) {
            Ok(_) => panic!("{locale}/{path}: the whole load should fail:\n{text}"),
            Err(d) => d.to_string(),
        };
        assert!(whole.contains(needle), "{locale}/{path}: {whole}");
        match reload_texts(&site, &root, std::slice::from_ref(&given)) {
            Reload::Invalid(d) => assert_eq!(d.to_string(), whole, "reload of {locale}/{path}"),
            other => panic!("{locale}/{path}: expected the edit refused, got {other:?}"),
        }
        let checked = check_file(&site, &root, locale, path, &text);
        assert_eq!(checked.to_string(), whole, "draft check of {locale}/{path}");
    }
    // A good edit passes all three.
    let good = ContentText {
        locale: "en".into(),
        key: "about/team".into(),
        path: "about/team.md".into(),
        text: "+++\ntitle = \"Team\"\n+++\nSee [the history](@/about/history) and [us](/fr/a-propos/).\n".into(),
    };
    assert!(load_with(&root, std::slice::from_ref(&good)).is_ok());
    assert!(matches!(
        reload_texts(&site, &root, std::slice::from_ref(&good)),
        Reload::Updated { .. }
    ));
    assert!(check_file(&site, &root, "en", "about/team.md", &good.text).0.is_empty());
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read") {
        let e = e.expect("entry");
        if e.path().is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}
