//! Times searches on a folder of Markdown files (the benchmark site):
//! `cargo run --release -p portico-search --example profile -- SITE QUERIES`.
use std::time::Instant;

use portico_search::{Document, Facet, Request, SiteIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("SITE");
    let queries_file = args.next().expect("QUERIES");
    let mut docs = Vec::new();
    for locale in ["en", "fr"] {
        let mut stack = vec![std::path::Path::new(&dir).join("content").join(locale)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    let text = std::fs::read_to_string(&p).expect("read");
                    let title = text
                        .lines()
                        .find_map(|l| l.strip_prefix("title = "))
                        .unwrap_or("")
                        .trim_matches('"')
                        .to_string();
                    let body = text.rsplit("+++").next().unwrap_or("").to_string();
                    docs.push(Document {
                        locale: locale.into(),
                        url: p.display().to_string(),
                        title,
                        body,
                        kind: Facet::new("story", "Story"),
                        section: Some(Facet::new("stories", "Stories")),
                        date: Some(("2025-01-01".into(), "1 January 2025".into())),
                        ..Document::default()
                    });
                }
            }
        }
    }
    let n = docs.len();
    let t = Instant::now();
    let ix = SiteIndex::build(&["en".into(), "fr".into()], docs).expect("index");
    println!("indexed {n} docs in {:?}", t.elapsed());
    let queries: Vec<String> = std::fs::read_to_string(queries_file)
        .expect("queries")
        .lines()
        .map(str::to_string)
        .collect();
    for round in 0..2 {
        let mut times = Vec::new();
        for q in &queries {
            let t = Instant::now();
            let r = ix.search(
                "en",
                &Request {
                    q: q.clone(),
                    page: 1,
                    per_page: 10,
                    ..Request::default()
                },
            );
            times.push((t.elapsed().as_micros(), q.clone(), r.total));
        }
        let half = times.len() / 2;
        let mean = |xs: &[(u128, String, usize)]| xs.iter().map(|t| t.0).sum::<u128>() / xs.len().max(1) as u128;
        println!(
            "mean first half {} us, second half {} us",
            mean(&times[..half]),
            mean(&times[half..])
        );
        times.sort();
        let p = |x: f64| times[((times.len() - 1) as f64 * x) as usize].0;
        println!(
            "round {round}: search p50 {} us, p90 {} us, p99 {} us",
            p(0.5),
            p(0.9),
            p(0.99)
        );
        for (us, q, total) in times.iter().rev().take(5) {
            println!("  {us} us  {q:?} ({total} hits)");
        }
        let mut st = Vec::new();
        for q in &queries {
            let pre: String = q.chars().take(4).collect();
            let t = Instant::now();
            let _ = ix.suggest("en", &pre, 5);
            st.push(t.elapsed().as_micros());
        }
        st.sort();
        println!(
            "  suggest p50 {} us, p99 {} us",
            st[st.len() / 2],
            st[st.len() * 99 / 100]
        );
    }
}
