//! Architecture invariants that no one should have to remember: which
//! workspace crate may depend on which, and that each crate documents
//! itself.

use std::collections::BTreeMap;
use std::path::Path;

/// crate -> the workspace crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("portico-formats", &[]),
    ("portico-graphics", &[]),
    ("portico-content", &["portico-formats"]),
    ("portico-search", &[]),
    ("portico-store", &[]),
    ("portico-stitch", &[]),
    (
        "portico-render",
        &[
            "portico-content",
            "portico-formats",
            "portico-graphics",
            "portico-search",
        ],
    ),
    (
        "portico-server",
        &[
            "portico-content",
            "portico-render",
            "portico-search",
            "portico-store",
            "portico-stitch",
        ],
    ),
    (
        "portico",
        &[
            "portico-content",
            "portico-render",
            "portico-search",
            "portico-store",
            "portico-server",
            "portico-stitch",
        ],
    ),
];

fn workspace_deps(manifest: &toml::Table) -> Vec<String> {
    // Normal dependencies only: tests may use anything.
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().filter(|k| k.starts_with("portico")).cloned().collect())
        .unwrap_or_default()
}

#[test]
fn crates_depend_only_in_the_allowed_direction() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let dir = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let manifest: toml::Table = text.parse().expect("valid Cargo.toml");
        let name = manifest["package"]["name"].as_str().expect("name").to_string();
        assert_eq!(
            dir.file_name().and_then(|n| n.to_str()),
            Some(name.as_str()),
            "folder name = crate name"
        );
        let Some(ok) = allowed.get(name.as_str()) else {
            panic!("{name} is not in the dependency rules of tests/tidy.rs: add it, with the edges it may have");
        };
        for dep in workspace_deps(&manifest) {
            assert!(
                ok.contains(&dep.as_str()),
                "{name} must not depend on {dep} (see ARCHITECTURE.md)"
            );
        }
        assert!(dir.join("README.md").is_file(), "{name} has no README.md");
        let root = if dir.join("src/lib.rs").is_file() {
            "src/lib.rs"
        } else {
            "src/main.rs"
        };
        let src = std::fs::read_to_string(dir.join(root)).expect("crate root");
        assert!(
            root == "src/main.rs" || src.contains("include_str!(\"../README.md\")"),
            "{name}: the README is the crate's rustdoc"
        );
        seen.push(name);
    }
    assert!(seen.len() >= 7, "found only {seen:?}");
}

#[test]
fn the_store_trait_names_no_sqlx_type() {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-store/src");
    for entry in std::fs::read_dir(lib).expect("store src") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "lib.rs") {
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(
                !text.contains("sqlx::"),
                "the public store API must not name sqlx types"
            );
        }
    }
}

/// A test that runs a command keeping state (`serve`, `consent`) gives it a
/// data folder of its own. One that does not writes `portico-data/` into
/// its working directory, which for a test is its crate's folder.
#[test]
fn no_test_leaves_a_data_folder_in_a_crate() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let dir = entry.expect("entry").path();
        let data = dir.join("portico-data");
        assert!(
            !data.exists(),
            "{} exists: a test ran portico without `--data` or PORTICO_DATA_DIR (fix it, then delete the folder)",
            std::fs::canonicalize(&data).unwrap_or(data).display()
        );
    }
}
