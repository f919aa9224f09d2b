//! What search engines and returning visitors see: sitemaps valid against
//! the protocol's schema, reciprocal hreflang, robots.txt, JSON-LD, and the
//! remembered locale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use axum::body::Body;
use http::StatusCode;

use crate::{demo, demo_output, get, req};

async fn text(path: &str) -> (http::Response<Body>, String) {
    let (r, b) = get(demo(), req(path).body(Body::empty()).expect("req")).await;
    (r, String::from_utf8(b).expect("utf-8"))
}

/// Runs xmllint against our schemas; a failure prints xmllint's report.
fn xmllint(xml: &str, schema: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("portico-xml-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("doc.xml");
    std::fs::write(&file, xml).map_err(|e| e.to_string())?;
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/schemas")
        .join(schema);
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .map_err(|e| format!("xmllint could not run ({e}): scripts/test.sh installs it"))?;
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u8(0);
    h.finish()
}

#[tokio::test]
async fn sitemap_xml_is_valid_against_the_protocol_schema() {
    let (r, xml) = text("/sitemap.xml").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("application/xml")
    );
    xmllint(&xml, "sitemap-with-alternates.xsd").unwrap_or_else(|e| panic!("sitemap.xml is invalid:\n{e}"));
    assert!(xml.contains("hreflang=\"x-default\""));
}

#[test]
fn the_schema_check_can_fail() {
    let bad = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><lastmod>2026-01-01</lastmod></url></urlset>";
    assert!(
        xmllint(bad, "sitemap-with-alternates.xsd").is_err(),
        "a url without loc must be rejected"
    );
}

#[test]
fn large_sites_get_a_sitemap_index_that_validates() {
    // Force the index form on the demo site by rendering with a low threshold.
    let site = portico_content::load(&crate::demo_dir()).expect("demo");
    let files = portico_render::sitemaps_with_threshold(&site, 1);
    let index = files.iter().find(|f| f.path == "/sitemap.xml").expect("index");
    let index = String::from_utf8(index.bytes.clone()).expect("utf-8");
    assert!(index.contains("<sitemapindex"));
    xmllint(&index, "sitemap.xsd").unwrap_or_else(|e| panic!("index invalid:\n{e}"));
    let per_locale: Vec<_> = files.iter().filter(|f| f.path.starts_with("/sitemaps/")).collect();
    // One sitemap per locale that has pages of its own.
    let with_own_pages = site
        .config()
        .locales
        .iter()
        .filter(|l| site.items().iter().any(|i| i.locale == l.code))
        .count();
    assert_eq!(per_locale.len(), with_own_pages);
    for f in per_locale {
        let xml = String::from_utf8(f.bytes.clone()).expect("utf-8");
        xmllint(&xml, "sitemap-with-alternates.xsd").unwrap_or_else(|e| panic!("{} invalid:\n{e}", f.path));
    }
}

/// Every hreflang pair is reciprocal, in the pages and in the sitemap.
#[tokio::test]
async fn hreflang_links_are_reciprocal() {
    let base = "https://www.halcyon.example";
    let mut links: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    // Filtered views of lists have no hreflang (noindex; their canonical is
    // the plain list).
    for page in demo_output().pages.iter().filter(|p| !p.path.contains('?')) {
        let (_, html) = text(&page.path).await;
        let head = &html[..html.find("</head>").expect("head")];
        let set: BTreeSet<(String, String)> = head
            .split("<link rel=\"alternate\" hreflang=\"")
            .skip(1)
            .filter_map(|c| {
                let (lang, rest) = c.split_once('"')?;
                let href = rest.split("href=\"").nth(1)?.split('"').next()?;
                Some((lang.to_string(), href.to_string()))
            })
            .collect();
        links.insert(format!("{base}{}", crate::percent_path(&page.path)), set);
    }
    let mut problems = Vec::new();
    for (page, set) in &links {
        if set.is_empty() {
            continue;
        }
        assert!(
            set.iter().any(|(_, h)| h == page),
            "{page} is not in its own hreflang cluster: {set:?}"
        );
        for (lang, href) in set {
            if lang == "x-default" {
                continue;
            }
            match links.get(href) {
                Some(back) if back.iter().any(|(_, h)| h == page) => {}
                _ => problems.push(format!("{page} -> {lang} {href} has no link back")),
            }
        }
    }
    assert!(links.values().any(|s| s.len() >= 3), "some page has translations");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test]
async fn robots_txt_points_to_the_sitemap() {
    let (r, body) = text("/robots.txt").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(body.contains("Sitemap: https://www.halcyon.example/sitemap.xml"));
}

#[tokio::test]
async fn json_ld_names_the_organization_and_the_breadcrumbs() {
    fn json_ld(html: &str) -> serde_json::Value {
        let start = html.find("<script type=\"application/ld+json\">").expect("json-ld") + 35;
        let end = start + html[start..].find("</script>").expect("end");
        serde_json::from_str(&html[start..end]).expect("valid JSON")
    }
    let (_, home) = text("/en/").await;
    let org = json_ld(&home);
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["name"], "Halcyon");
    assert!(org["logo"].as_str().expect("logo").starts_with("https://"));
    let (_, about) = text("/fr/a-propos/valeurs/").await;
    let graph = json_ld(&about);
    assert_eq!(graph["@context"], "https://schema.org");
    let crumbs = &graph["@graph"][0];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().expect("items");
    assert!(items.len() >= 3);
    assert_eq!(items[0]["position"], 1);
    assert!(
        items.last().expect("last")["item"]
            .as_str()
            .expect("url")
            .ends_with("/fr/a-propos/valeurs/")
    );
}

#[tokio::test]
async fn a_picked_locale_is_remembered_and_wins_over_the_browser() {
    let (r, _) = text("/fr/?locale=fr").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/fr/");
    let cookie = r.headers()["set-cookie"].to_str().expect("cookie").to_string();
    assert!(cookie.starts_with("portico_locale=fr;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly"));
    let (r, _) = get(
        demo(),
        req("/")
            .header("accept-language", "en-US,en")
            .header("cookie", "a=b; portico_locale=fr")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.headers()["location"], "/fr/");
    // An unknown locale in the query or the cookie changes nothing.
    let (r, _) = text("/fr/?locale=xx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let (r, _) = get(
        demo(),
        req("/")
            .header("cookie", "portico_locale=../../x")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.headers()["location"], "/en/");
}

/// The `href` of every `<link rel="alternate" hreflang>` in `head`.
fn hreflang_of(head: &str) -> BTreeSet<(String, String)> {
    head.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .filter_map(|c| {
            let (lang, rest) = c.split_once('"')?;
            let href = rest.split("href=\"").nth(1)?.split('"').next()?;
            Some((lang.to_string(), href.to_string()))
        })
        .collect()
}

/// sitemap.xml lists exactly the pages a search engine should index — each
/// page answering 200 that is not `noindex` and is its own canonical — and
/// gives each the same hreflang links as the page's head.
#[tokio::test]
async fn the_sitemap_lists_every_indexable_page_with_its_own_hreflang() {
    let (_, xml) = text("/sitemap.xml").await;
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let mut listed: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .expect("a loc")
            .to_string();
        let alternates = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap_or("").to_string(),
                    n.attribute("href").unwrap_or("").to_string(),
                )
            })
            .collect();
        listed.insert(loc, alternates);
    }
    let mut indexable = BTreeMap::new();
    for page in demo_output().pages.iter().filter(|p| p.status == 200) {
        let (_, html) = text(&page.path).await;
        let head = &html[..html.find("</head>").expect("head")];
        if head.contains("name=\"robots\" content=\"noindex") {
            continue;
        }
        let canonical = head
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a canonical link");
        let own = format!("https://www.halcyon.example{}", crate::percent_path(&page.path));
        if canonical == own {
            indexable.insert(own, hreflang_of(head));
        }
    }
    let missing: Vec<&String> = indexable.keys().filter(|k| !listed.contains_key(*k)).collect();
    let extra: Vec<&String> = listed.keys().filter(|k| !indexable.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "indexable pages missing from sitemap.xml: {missing:#?}"
    );
    assert!(extra.is_empty(), "sitemap.xml lists pages not to index: {extra:#?}");
    assert!(
        indexable.keys().any(|k| k.ends_with("/sitemap/")),
        "the human sitemap is indexable"
    );
    let differ: Vec<String> = indexable
        .iter()
        .filter(|(k, head)| listed.get(*k) != Some(head))
        .map(|(k, head)| format!("{k}: head {head:?}, sitemap.xml {:?}", listed.get(k)))
        .collect();
    assert!(differ.is_empty(), "hreflang differs:\n{}", differ.join("\n"));
}
