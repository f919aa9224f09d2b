//! Rendering whole fixture sites with the built-in theme.

use std::path::Path;

use portico_render::{Hole, Output, Part, Theme, render};

fn output(fixture: &str) -> Output {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../portico-content/test_data")
        .join(fixture);
    let site = portico_content::load(&dir).expect("fixture loads");
    render(&site, &Theme::builtin()).expect("fixture renders")
}

fn page<'a>(out: &'a Output, path: &str) -> &'a portico_render::Page {
    out.pages.iter().find(|p| p.path == path).unwrap_or_else(|| {
        panic!(
            "no page {path}; have {:?}",
            out.pages.iter().map(|p| &p.path).collect::<Vec<_>>()
        )
    })
}

/// The page with its hole shown, and asset hashes masked so that a style
/// change does not churn every snapshot.
fn shown(html: &portico_render::Html) -> String {
    let text = html.fill("{{TRACE_ID}}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("/static/") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find('"').unwrap_or(tail.len());
        let url = &tail[..end];
        // name.0123456789.ext -> name.HASH.ext
        let parts: Vec<&str> = url.split('.').collect();
        if parts.len() >= 3 && parts[parts.len() - 2].len() == 10 {
            let mut p = parts.clone();
            let n = p.len();
            p[n - 2] = "HASH";
            out.push_str(&p.join("."));
        } else {
            out.push_str(url);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_page_has_exactly_one_trace_id_hole() {
    for fixture in ["minimal", "i18n"] {
        let out = output(fixture);
        for p in out
            .pages
            .iter()
            .map(|p| (&p.path, &p.html))
            .chain(out.errors.iter().map(|e| (&e.locale, &e.html)))
        {
            let holes =
                p.1.parts
                    .iter()
                    .filter(|x| matches!(x, Part::Hole(Hole::TraceId)))
                    .count();
            assert_eq!(holes, 1, "{fixture} {}", p.0);
        }
    }
}

#[test]
fn home_page_snapshot() {
    let out = output("minimal");
    insta::assert_snapshot!(shown(&page(&out, "/en/").html));
}

#[test]
fn detail_page_snapshot() {
    let out = output("minimal");
    insta::assert_snapshot!(shown(&page(&out, "/en/about/").html));
}

#[test]
fn not_found_page_snapshot() {
    let out = output("i18n");
    let e = out
        .errors
        .iter()
        .find(|e| e.locale == "fr" && e.status == 404)
        .expect("fr 404");
    insta::assert_snapshot!(shown(&e.html));
}

#[test]
fn raw_html_in_content_is_sanitized_and_links_resolve() {
    let out = output("minimal");
    let about = page(&out, "/en/about/").html.fill("0");
    assert!(!about.contains("<script>alert(1)"), "script removed");
    assert!(about.contains("<strong>minimal</strong>"));
    let home = page(&out, "/en/").html.fill("0");
    assert!(home.contains("href=\"/en/about/\""), "@/about resolved");
    assert!(!home.contains("@/"), "no unresolved key links");
}

#[test]
fn fallback_pages_say_so_and_mark_the_content_language() {
    let out = output("i18n");
    let fr = page(&out, "/fr/a-propos/history/").html.fill("0");
    assert!(fr.contains("lang=\"fr\""), "the page is French");
    assert!(fr.contains("lang=\"en\""), "the fallback content is marked English");
    assert!(fr.contains("English"), "the notice names the language shown");
    let translated = page(&out, "/fr/a-propos/equipe/").html.fill("0");
    assert!(
        !translated.contains("lang=\"en\" class"),
        "no notice on a translated page"
    );
    assert!(translated.contains("hreflang=\"en\""), "links its translations");
}

#[test]
fn assets_get_content_hashed_urls() {
    let out = output("minimal");
    let css = out.assets.get("css/site.css").expect("theme stylesheet");
    assert!(css.hashed_url.starts_with("/static/css/site."));
    assert_ne!(css.hashed_url, css.plain_url);
    let logo = out.assets.get("images/logo.svg").expect("site logo");
    assert_eq!(logo.size, Some((120, 30)));
}

#[test]
fn missing_interface_strings_are_reported() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-content/test_data/i18n");
    let site = portico_content::load(&dir).expect("fixture loads");
    let theme = Theme::builtin();
    assert!(
        portico_render::check(&site, &theme).is_empty(),
        "complete catalogs pass"
    );

    let mut broken = theme;
    let fr = broken.catalogs.get_mut("fr").expect("fr catalog");
    *fr = fr
        .lines()
        .filter(|l| !l.starts_with("learn-more ="))
        .collect::<Vec<_>>()
        .join("\n");
    let problems = portico_render::check(&site, &broken);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].field.as_deref(), Some("learn-more"));
    assert!(problems[0].file.ends_with("i18n/fr.ftl"));

    broken.catalogs.remove("fr");
    let problems = portico_render::check(&site, &broken);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("no interface strings for `fr`"));
}

#[test]
fn section_pages_list_their_items() {
    let out = output("i18n");
    let about = page(&out, "/fr/a-propos/").html.fill("0");
    assert!(about.contains("href=\"/fr/a-propos/equipe/\""), "lists the team page");
    assert!(
        about.contains("href=\"/fr/a-propos/history/\""),
        "lists the fallback page"
    );
    let sitemap = page(&out, "/fr/sitemap/").html.fill("0");
    assert!(
        sitemap.contains("/fr/a-propos/equipe/"),
        "the human sitemap lists every page"
    );
}

#[test]
fn long_sections_are_paginated() {
    let dir = std::env::temp_dir().join(format!("portico-paginate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-content/test_data/minimal");
    for f in [
        "site.toml",
        "content/en/_index.md",
        "content/en/about.md",
        "static/images/logo.svg",
    ] {
        let to = dir.join(f);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(minimal.join(f), to).expect("copy");
    }
    std::fs::create_dir_all(dir.join("content/en/notes")).expect("mkdir");
    std::fs::write(dir.join("content/en/notes/_index.md"), "+++\ntitle = \"Notes\"\n+++\n").expect("write");
    for n in 1..=45 {
        std::fs::write(
            dir.join(format!("content/en/notes/note-{n:02}.md")),
            format!("+++\ntitle = \"Note {n:02}\"\nweight = {n}\n+++\nText.\n"),
        )
        .expect("write");
    }
    let site = portico_content::load(&dir).expect("loads");
    let out = render(&site, &Theme::builtin()).expect("renders");
    let _ = std::fs::remove_dir_all(&dir);
    let first = page(&out, "/en/notes/").html.fill("0");
    let second = page(&out, "/en/notes/page/2/").html.fill("0");
    let third = page(&out, "/en/notes/page/3/").html.fill("0");
    assert!(out.pages.iter().all(|p| p.path != "/en/notes/page/4/"));
    let cards = |html: &str| html.matches("class=\"card-title\"").count();
    assert_eq!((cards(&first), cards(&second), cards(&third)), (20, 20, 5));
    assert!(first.contains("Note 01") && !first.contains("Note 21"));
    assert!(second.contains("Note 21") && second.contains("Note 40"));
    assert!(!first.contains("rel=\"prev\"") && first.contains("href=\"/en/notes/page/2/\""));
    assert!(
        second.contains("rel=\"prev\" href=\"/en/notes/\"")
            && second.contains("rel=\"next\" href=\"/en/notes/page/3/\"")
    );
    assert!(!third.contains("rel=\"next\"") && third.contains("Page 3 of 3"));
    assert!(third.contains("<link rel=\"canonical\" href=\"https://minimal.example/en/notes/page/3/\">"));
}
mod types;
