//! Search relevance on the demo site: the labelled set in
//! `tests/relevance/queries.toml` (what people type → the page they want
//! first). The wanted page must be first for at least 90 % of the queries
//! and in the top 3 for every one.

use std::path::Path;

use portico_search::{Request, SiteIndex};

struct Case {
    locale: String,
    q: String,
    want: String,
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance/queries.toml");
    let text = std::fs::read_to_string(&path).expect("queries.toml");
    let table: toml::Table = text.parse().expect("valid TOML");
    let get = |t: &toml::Table, k: &str| t[k].as_str().expect("string").to_string();
    table["q"]
        .as_array()
        .expect("[[q]]")
        .iter()
        .map(|v| {
            let t = v.as_table().expect("table");
            Case {
                locale: get(t, "locale"),
                q: get(t, "q"),
                want: get(t, "want"),
            }
        })
        .collect()
}

#[test]
fn the_wanted_page_comes_first() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site");
    let site = portico_content::load(&dir).expect("demo site loads");
    let output = portico_render::render(&site, &portico_render::Theme::builtin()).expect("renders");
    let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
    // As the server builds it: the site's synonyms widen the queries.
    let index = SiteIndex::build(&locales, output.search_docs)
        .expect("index")
        .with_synonyms(&site.config().search_synonyms());

    let cases = cases();
    assert!(cases.len() >= 40, "the set needs at least 40 queries");
    let mut first = 0;
    let mut report = Vec::new();
    let mut missing = Vec::new();
    for c in &cases {
        let url = site
            .url(&c.want, &c.locale)
            .unwrap_or_else(|| panic!("{}: no page `{}` in {}", c.q, c.want, c.locale));
        let results = index.search(
            &c.locale,
            &Request {
                q: c.q.clone(),
                page: 1,
                per_page: 10,
                ..Request::default()
            },
        );
        let rank = results.hits.iter().position(|h| h.url == url).map(|r| r + 1);
        if rank == Some(1) {
            first += 1;
        }
        if rank.is_none_or(|r| r > 3) {
            missing.push(c.q.clone());
        }
        let top: Vec<&str> = results.hits.iter().take(3).map(|h| h.url.as_str()).collect();
        report.push(format!(
            "{:>4}  {:<3} {:<32} {}{}",
            rank.map_or("-".to_string(), |r| r.to_string()),
            c.locale,
            c.q,
            url,
            if rank == Some(1) {
                String::new()
            } else {
                format!("   top: {top:?}")
            }
        ));
    }
    let share = first as f64 / cases.len() as f64;
    println!(
        "{}\nfirst: {first}/{} ({:.0} %)",
        report.join("\n"),
        cases.len(),
        share * 100.0
    );
    assert!(
        missing.is_empty(),
        "not in the top 3: {missing:?}\n{}",
        report.join("\n")
    );
    assert!(
        share >= 0.9,
        "only {first} of {} first\n{}",
        cases.len(),
        report.join("\n")
    );
}
