//! Architecture invariants that no one should have to remember: which
//! workspace crate may depend on which, where the heavy dependencies (async
//! runtime, HTTP, SQL, search engine) may be used, that the store's API
//! hides its database library, and that each crate documents itself.

use std::collections::BTreeMap;
use std::path::Path;

/// crate -> the workspace crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("portico-markup", &[]),
    ("portico-formats", &["portico-markup"]),
    ("portico-graphics", &["portico-markup"]),
    ("portico-content", &["portico-formats"]),
    ("portico-search", &[]),
    ("portico-auth", &[]),
    ("portico-store", &["portico-auth"]),
    ("portico-stitch", &[]),
    ("portico-media", &[]),
    (
        "portico-render",
        &[
            "portico-content",
            "portico-formats",
            "portico-graphics",
            "portico-markup",
            "portico-search",
        ],
    ),
    (
        "portico-server",
        &[
            "portico-auth",
            "portico-content",
            "portico-media",
            "portico-render",
            "portico-search",
            "portico-store",
            "portico-stitch",
        ],
    ),
    (
        "portico",
        &[
            "portico-auth",
            "portico-content",
            "portico-graphics",
            "portico-markup",
            "portico-media",
            "portico-render",
            "portico-search",
            "portico-store",
            "portico-server",
            "portico-stitch",
        ],
    ),
];

/// Heavy dependency -> the workspace crates that may have it as a normal
/// dependency. The async runtime and the HTTP stack stay in the server and
/// the binary (the store's writer task runs on tokio too), SQL in the
/// store, the search engine in the search crate: the other crates build and
/// test without them (ARCHITECTURE.md, "Invariants").
const HEAVY: &[(&str, &[&str])] = &[
    ("tokio", &["portico-server", "portico-store", "portico"]),
    ("axum", &["portico-server", "portico"]),
    ("hyper", &["portico-server", "portico"]),
    ("hyper-util", &["portico-server", "portico"]),
    ("sqlx", &["portico-store"]),
    ("tantivy", &["portico-search"]),
    ("argon2", &["portico-auth"]),
    ("image", &["portico-media"]),
    // Exporters: the Prometheus one serves HTTP (the server's), the OTLP
    // one reads the environment and sends over the network (the binary's).
    ("metrics-exporter-prometheus", &["portico-server"]),
    ("opentelemetry-otlp", &["portico"]),
    ("opentelemetry_sdk", &["portico"]),
];

/// The packages a manifest depends on normally (`[dependencies]`, also per
/// target), by package name (a renamed dependency's `package`). Dev and
/// build dependencies are not counted: tests may use anything.
fn normal_deps(manifest: &toml::Table) -> Vec<String> {
    let mut tables: Vec<&toml::Table> = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .into_iter()
        .collect();
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        tables.extend(
            targets
                .values()
                .filter_map(|t| t.get("dependencies").and_then(|d| d.as_table())),
        );
    }
    tables
        .into_iter()
        .flatten()
        .map(|(key, spec)| spec.get("package").and_then(|p| p.as_str()).unwrap_or(key).to_string())
        .collect()
}

fn workspace_deps(manifest: &toml::Table) -> Vec<String> {
    normal_deps(manifest)
        .into_iter()
        .filter(|d| d.starts_with("portico"))
        .collect()
}

/// The heavy dependencies crate `name` has but may not have.
fn forbidden_heavy_deps(name: &str, manifest: &toml::Table) -> Vec<String> {
    normal_deps(manifest)
        .into_iter()
        .filter(|dep| {
            HEAVY
                .iter()
                .any(|(heavy, allowed)| heavy == dep && !allowed.contains(&name))
        })
        .collect()
}

/// Every workspace crate: (name, manifest).
fn workspace_manifests() -> Vec<(String, toml::Table)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let dir = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let manifest: toml::Table = text.parse().expect("valid Cargo.toml");
        let name = manifest["package"]["name"].as_str().expect("name").to_string();
        out.push((name, manifest));
    }
    out
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
fn heavy_dependencies_stay_where_they_belong() {
    let manifests = workspace_manifests();
    assert!(manifests.len() >= 7, "found only {} crates", manifests.len());
    let mut problems = Vec::new();
    for (name, manifest) in &manifests {
        for dep in forbidden_heavy_deps(name, manifest) {
            problems.push(format!(
                "{name} must not depend on {dep} (see HEAVY in tests/tidy.rs and ARCHITECTURE.md)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_heavy_dependency_rule_catches_a_forbidden_one() {
    let manifest: toml::Table = r#"
        [dependencies]
        serde = "1"
        rt = { package = "tokio", version = "1" }
        [target.'cfg(unix)'.dependencies]
        sqlx = "0.9"
        [dev-dependencies]
        axum = "0.8"
    "#
    .parse()
    .expect("valid TOML");
    assert_eq!(forbidden_heavy_deps("portico-content", &manifest), ["tokio", "sqlx"]);
    assert_eq!(forbidden_heavy_deps("portico-store", &manifest), Vec::<String>::new());
}

/// The names a file imports from sqlx (`use sqlx::sqlite::{SqlitePool, …}`),
/// and `sqlx` itself: what a declaration would use to name an sqlx type.
fn sqlx_names(text: &str) -> Vec<String> {
    let mut names = vec!["sqlx".to_string()];
    for (i, _) in text.match_indices("use sqlx::") {
        let stmt = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e)];
        names.extend(
            identifiers(stmt)
                .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
                .map(str::to_string),
        );
    }
    names
}

fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The public declarations of a source file, each with its first line
/// number: `pub` items (a function's whole signature, a field, a constant,
/// a re-export), the whole body of a public enum or trait (their parts are
/// public too), and the header of a trait impl for a type in `pub_types`.
fn public_declarations(text: &str, pub_types: &[String]) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let first = i + 1;
        let public = line.starts_with("pub ");
        let trait_impl = line.starts_with("impl")
            && line.contains(" for ")
            && identifiers(line.split(" for ").nth(1).unwrap_or(""))
                .next()
                .is_some_and(|t| pub_types.iter().any(|p| p == t));
        if !public && !trait_impl {
            i += 1;
            continue;
        }
        let whole_body = line.starts_with("pub enum ") || line.starts_with("pub trait ");
        let until_brace = trait_impl || line.contains(" fn ") || line.starts_with("pub fn ");
        let mut decl = String::new();
        let mut depth = 0i32;
        loop {
            let l = lines[i];
            decl.push_str(l);
            decl.push('\n');
            i += 1;
            depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
            let t = l.trim_end();
            let done = if whole_body {
                depth <= 0 && (t.ends_with('}') || t.ends_with(';'))
            } else if until_brace {
                t.contains('{') || t.ends_with(';')
            } else if line.starts_with("pub use ") {
                t.ends_with(';')
            } else {
                t.ends_with(',') || t.ends_with(';') || t.contains('{')
            };
            if done || i == lines.len() {
                break;
            }
        }
        if until_brace {
            decl.truncate(decl.find('{').unwrap_or(decl.len()));
        }
        out.push((first, decl));
    }
    out
}

/// Public declarations of `text` that name an sqlx type.
fn sqlx_leaks(text: &str, pub_types: &[String]) -> Vec<String> {
    let names = sqlx_names(text);
    public_declarations(text, pub_types)
        .into_iter()
        .filter_map(|(line, decl)| {
            let mut named: Vec<&str> = identifiers(&decl).filter(|w| names.iter().any(|n| n == w)).collect();
            named.dedup();
            let first = decl.lines().next().unwrap_or("").trim();
            (!named.is_empty()).then(|| format!("line {line}: {first} (names {})", named.join(", ")))
        })
        .collect()
}

/// portico-store's public API names no sqlx type: the server and the
/// binary never see the database library, and the store can change it
/// without them. Every file of the crate is read (the API is spread over
/// them; `lib.rs` mostly re-exports).
#[test]
fn the_store_api_names_no_sqlx_type() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-store/src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&src).expect("store src") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read");
            files.push((path, text));
        }
    }
    let pub_types: Vec<String> = files
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|l| {
            let rest = ["pub struct ", "pub enum ", "pub trait ", "pub type "]
                .iter()
                .find_map(|k| l.trim_start().strip_prefix(k))?;
            identifiers(rest).next().map(str::to_string)
        })
        .collect();
    assert!(pub_types.iter().any(|t| t == "Store"), "found {pub_types:?}");
    let mut declarations = 0;
    let mut leaks = Vec::new();
    for (path, text) in &files {
        declarations += public_declarations(text, &pub_types).len();
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        leaks.extend(sqlx_leaks(text, &pub_types).into_iter().map(|l| format!("{file} {l}")));
    }
    assert!(declarations > 50, "read only {declarations} public declarations");
    assert!(
        leaks.is_empty(),
        "the public store API names sqlx (wrap it, as StoreError::Database does):\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_sqlx_check_catches_a_leak() {
    let text = r#"
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::Row as _;

pub struct Store {
    pool: SqlitePool,
    pub path: String,
}

pub enum Error {
    Closed,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Database(e)
    }
}

impl Store {
    pub async fn connection(
        &self,
    ) -> SqliteConnection {
        todo!()
    }

    pub fn path(&self) -> &str {
        let _: Option<SqlitePool> = None;
        &self.path
    }
}

fn db(e: sqlx::Error) -> Error {
    Error::Database(e)
}
"#;
    let pub_types = ["Store".to_string(), "Error".to_string()];
    let leaks = sqlx_leaks(text, &pub_types);
    let lines: Vec<&str> = leaks.iter().map(|l| l.split(':').next().unwrap_or("")).collect();
    assert_eq!(lines, ["line 10", "line 15", "line 22"], "{leaks:#?}");
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
