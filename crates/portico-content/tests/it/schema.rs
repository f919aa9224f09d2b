//! The declarations, the parser, the JSON Schemas and the editor's guide
//! agree: each type's example (made from its declaration) parses with no
//! problem and validates against its JSON Schema; every file of the demo
//! site validates against its type's JSON Schema; the field tables of
//! site/README.md are the generated ones.

use std::path::{Path, PathBuf};

use portico_content::schema::{self, TypeDecl};

/// The key of the example item of type `kind`.
fn example_key(kind: &str) -> Option<String> {
    Some(match kind {
        "item" => "examples/page".to_string(),
        k => format!("examples/{k}"),
    })
}

/// A TOML value as JSON, dates as their text (what an API sends).
fn json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::json!(s),
        toml::Value::Integer(i) => serde_json::json!(i),
        toml::Value::Float(f) => serde_json::json!(f),
        toml::Value::Boolean(b) => serde_json::json!(b),
        toml::Value::Datetime(d) => serde_json::json!(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
    }
}

fn front_matter_json(front_matter: &str) -> serde_json::Value {
    let table: toml::Table = toml::from_str(front_matter).unwrap_or_else(|e| panic!("{e}\n{front_matter}"));
    json(&toml::Value::Table(table))
}

/// Problems of `instance` against the type's schema, one line each.
fn schema_problems(decl: &TypeDecl, instance: &serde_json::Value) -> Vec<String> {
    let schema = schema::json_schema(decl);
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn each_types_example_parses_clean_and_matches_its_json_schema() {
    let dir = temp_dir("schema-examples");
    write(
        &dir,
        "site.toml",
        "name = \"Examples\"\nbase_url = \"https://examples.example\"\ndefault_locale = \"en\"\n\
         logo = { src = \"images/example.svg\", alt = \"Examples\" }\n\n[locales.en]\nname = \"English\"\n",
    );
    write(
        &dir,
        "static/images/example.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    write(&dir, "content/en/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write(&dir, "content/en/about.md", "+++\ntitle = \"About\"\n+++\n");
    let mut schema_problems_found = Vec::new();
    for decl in schema::types() {
        let fm = schema::example(decl, &example_key);
        write(
            &dir,
            &format!("content/en/examples/{}.md", decl.name),
            &format!("+++\n{fm}+++\n\nBody.\n"),
        );
        for p in schema_problems(decl, &front_matter_json(&fm)) {
            schema_problems_found.push(format!("{}: {p}", decl.name));
        }
    }
    let site = portico_content::load(&dir).unwrap_or_else(|d| panic!("the examples do not load:\n{d}"));
    for decl in schema::types() {
        let item = site
            .get(&format!("examples/{}", decl.name), "en")
            .unwrap_or_else(|| panic!("no example item of type {}", decl.name));
        assert_eq!(item.kind_name(), decl.name);
    }
    assert!(
        schema_problems_found.is_empty(),
        "examples the JSON Schemas refuse:\n{}",
        schema_problems_found.join("\n")
    );
}

#[test]
fn a_starter_file_is_a_valid_item_once_its_required_fields_are_filled() {
    for decl in schema::types() {
        let fm = schema::starter(decl, &example_key);
        for f in decl.fields.iter().filter(|f| decl.requires(f.name)) {
            assert!(
                fm.contains(&format!("\n{} = ", f.name)) || fm.starts_with(&format!("{} = ", f.name)),
                "{}: {fm}",
                decl.name
            );
        }
        let value = front_matter_json(&fm);
        let missing: Vec<String> = schema_problems(decl, &value)
            .into_iter()
            .filter(|p| !p.contains("title"))
            .collect();
        assert!(missing.is_empty(), "{}: {missing:?}\n{fm}", decl.name);
    }
}

/// The type of each demo file as the loader sees it, and its front matter.
fn demo_files() -> Vec<(&'static TypeDecl, PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site");
    let site = portico_content::load(&root).unwrap_or_else(|d| panic!("the demo site loads:\n{d}"));
    site.items()
        .iter()
        .map(|item| {
            let name = match item.kind_name() {
                "section" => "page",
                n => n,
            };
            let decl = schema::type_named(name).expect("a declared type");
            let text = std::fs::read_to_string(root.join(&item.source)).expect("read");
            let fm = text
                .strip_prefix("+++\n")
                .and_then(|rest| rest.split_once("\n+++").map(|(fm, _)| fm.to_string()))
                .expect("front matter");
            (decl, item.source.clone(), fm)
        })
        .collect()
}

#[test]
fn every_demo_file_matches_its_types_json_schema() {
    let mut problems = Vec::new();
    let files = demo_files();
    assert!(files.len() > 60);
    for (decl, path, fm) in &files {
        for p in schema_problems(decl, &front_matter_json(fm)) {
            problems.push(format!("{}: {p}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_refuses_what_the_parser_refuses() {
    let story = schema::type_named("story").expect("story");
    for (fm, why) in [
        (
            "title = \"x\"\nsummary = \"s\"\nimage = { src = \"a.svg\", alt = \"a\" }\n",
            "no date",
        ),
        (
            "title = \"x\"\ndate = 2026-01-01\nsummary = \"s\"\nimage = { src = \"a.svg\" }\n",
            "no alt text",
        ),
        (
            "title = \"x\"\ndate = 2026-01-01\nsummary = \"s\"\nimage = { src = \"a.svg\", alt = \"a\" }\nauther = []\n",
            "an unknown field",
        ),
        (
            "title = 3\ndate = 2026-01-01\nsummary = \"s\"\nimage = { src = \"a.svg\", alt = \"a\" }\n",
            "a title of the wrong type",
        ),
    ] {
        assert!(!schema_problems(story, &front_matter_json(fm)).is_empty(), "{why}");
    }
    let location = schema::type_named("location").expect("location");
    let fm = "title = \"x\"\nkind = \"castle\"\naddress = \"a\"\ncity = \"c\"\ncountry = \"nl\"\nlatitude = 95\nlongitude = 0\ntimezone = \"Europe/Paris\"\n";
    let problems = schema_problems(location, &front_matter_json(fm));
    assert!(problems.len() >= 3, "kind, country and latitude: {problems:?}");
}

/// site/README.md's field tables, between `<!-- fields: NAME -->` and
/// `<!-- /fields -->`, are generated from the declarations.
/// `PORTICO_UPDATE_DOCS=1 cargo test -p portico-content` rewrites them.
#[test]
fn the_editors_guide_tables_are_generated_from_the_declarations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site/README.md");
    let text = std::fs::read_to_string(&path).expect("site/README.md");
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut seen = Vec::new();
    while let Some(start) = rest.find("<!-- fields: ") {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let name_end = tail.find(" -->").expect("the marker ends");
        let name = &tail["<!-- fields: ".len()..name_end];
        let end = tail.find("<!-- /fields -->").expect("a closing marker");
        let table = match name {
            "common" => schema::markdown_table(schema::COMMON),
            "image" => schema::markdown_table(schema::IMAGE.fields),
            block if block.starts_with("block ") => {
                let b = schema::blocks()
                    .iter()
                    .find(|b| b.name == &block["block ".len()..])
                    .unwrap_or_else(|| panic!("no block type {block}"));
                schema::markdown_table(b.fields)
            }
            t => schema::type_table(schema::type_named(t).unwrap_or_else(|| panic!("no type {t}"))),
        };
        out.push_str(&format!("<!-- fields: {name} -->\n{table}"));
        seen.push(name.to_string());
        rest = &tail[end..];
    }
    out.push_str(rest);
    for decl in schema::types() {
        assert!(
            seen.iter().any(|s| s == decl.name),
            "site/README.md has no table for {}",
            decl.name
        );
    }
    for b in schema::blocks() {
        assert!(
            seen.iter().any(|s| *s == format!("block {}", b.name)),
            "site/README.md has no table for the {} block",
            b.name
        );
    }
    if out != text {
        if std::env::var_os("PORTICO_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &out).expect("write site/README.md");
        } else {
            panic!(
                "site/README.md's field tables are out of date: run PORTICO_UPDATE_DOCS=1 cargo test -p portico-content"
            );
        }
    }
}
