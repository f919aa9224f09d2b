//! Search over HTTP on the demo site: the results page without JavaScript,
//! facets and pagination as links, suggestions, the JSON API and its
//! OpenAPI document, and that no input gets a 5xx.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use http::{StatusCode, header};
use portico_server::{AppState, ServerConfig};

use crate::{demo_output, encoded, get, hdr, req};

fn app() -> Router {
    static APP: OnceLock<AppState> = OnceLock::new();
    let state = APP.get_or_init(|| {
        let output = demo_output();
        let snapshot = encoded(output);
        let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
        let index = portico_search::SiteIndex::build(&locales, output.search_docs.clone()).expect("index");
        snapshot.search().set(Arc::new(index));
        AppState::new(snapshot, &ServerConfig::default())
    });
    portico_server::router(state.clone())
}

async fn fetch(path: &str) -> (http::Response<Body>, String) {
    let (r, b) = get(app(), req(path).body(Body::empty()).expect("request")).await;
    (r, String::from_utf8_lossy(&b).into_owned())
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).expect("JSON body")
}

#[tokio::test]
async fn the_results_page_works_without_javascript() {
    let (r, body) = fetch("/en/search?q=flood+maps").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(hdr(&r, "content-language"), "en");
    assert!(body.contains(r#"<meta name="robots" content="noindex">"#));
    // The query is echoed in the box and the status line.
    assert!(body.contains(r#"name="q" value="flood maps""#), "{body}");
    assert!(body.contains(r#"role="status""#));
    // The first result, with its highlighted words, type and breadcrumb.
    let first = body.find(r#"class="result-title""#).expect("a result");
    assert!(
        body[first..].starts_with(r#"class="result-title"><a href="/en/stories/accessible-flood-maps/">"#),
        "{}",
        &body[first..first + 200]
    );
    assert!(body.contains("<mark>"), "highlighted snippet");
    assert!(body.contains(r#"class="result-path""#));
    // Facets are links that keep the query.
    assert!(
        body.contains(r#"href="/en/search?q=flood+maps&amp;type=story""#),
        "facet link"
    );
    // The trace id in the page is the response's.
    let traceparent = hdr(&r, "traceparent").to_string();
    let id = traceparent.split('-').nth(1).expect("trace id");
    assert!(body.contains(id));
}

#[tokio::test]
async fn the_query_is_echoed_safely() {
    let (r, body) = fetch("/en/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!body.contains("<script>alert"), "raw markup echoed");
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
}

#[tokio::test]
async fn a_filter_narrows_and_can_be_removed() {
    let (_, all) = fetch("/api/search?q=data").await;
    let all = json(&all);
    let (_, some) = fetch("/api/search?q=data&type=story").await;
    let some = json(&some);
    let total = |v: &serde_json::Value| v["results"]["total"].as_u64().expect("total");
    assert!(total(&some) > 0 && total(&some) < total(&all));
    assert!(
        some["results"]["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .all(|h| h["kind"]["value"] == "story")
    );
    let (_, page) = fetch("/en/search?q=data&type=story").await;
    assert!(page.contains(r#"aria-current="true" class="facet-selected""#));
    assert!(
        page.contains(r#"href="/en/search?q=data" aria-current="true""#),
        "remove link"
    );
}

#[tokio::test]
async fn pagination_links_walk_the_results() {
    let (_, body) = fetch("/api/search?q=data&per_page=5").await;
    let v = json(&body);
    let pages = v["results"]["pages"].as_u64().expect("pages");
    assert!(pages > 1);
    let (_, page2) = fetch("/en/search?q=data&page=2").await;
    assert!(page2.contains(r#"rel="prev""#));
    assert!(page2.contains(r#"<ol class="search-results" start="11">"#));
}

#[tokio::test]
async fn no_results_is_honest_and_useful() {
    let (r, body) = fetch("/en/search?q=weathr+stattion").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(body.contains("Did you mean:"));
    assert!(
        body.contains(r#"<a href="/en/search?q=weather+station">weather station</a>"#),
        "{body}"
    );
    let (_, body) = fetch("/en/search?q=qqqzzzx").await;
    assert!(body.contains("No results for"));
    assert!(body.contains(r#"id="help-sections""#) && body.contains(r#"id="help-start""#));
    assert!(!body.contains("Did you mean"));
}

#[tokio::test]
async fn suggestions_are_json_with_completions_and_pages() {
    let (r, body) = fetch("/fr/search/suggest?q=inond").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(hdr(&r, "content-type"), "application/json");
    let v = json(&body);
    assert!(v["completions"][0].as_str().expect("completion").starts_with("inond"));
    assert!(
        v["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .any(|p| p["url"].as_str().is_some_and(|u| u.starts_with("/fr/")))
    );
    assert!(v["announcement"].as_str().expect("announcement").contains("suggestion"));
}

#[tokio::test]
async fn the_api_is_described_by_the_openapi_document() {
    let (r, body) = fetch("/api/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = json(&body);
    assert_eq!(doc["openapi"], "3.1.0");
    // Every property the API returns is declared in the schema.
    let (_, api) = fetch("/api/search?q=river&locale=fr").await;
    let api = json(&api);
    assert_eq!(api["locale"], "fr");
    let declared = |schema: &str| -> Vec<String> {
        doc["components"]["schemas"][schema]["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect()
    };
    for key in api["results"].as_object().expect("results").keys() {
        assert!(declared("Results").contains(key), "Results.{key} undocumented");
    }
    for key in api["results"]["hits"][0].as_object().expect("hit").keys() {
        assert!(declared("Hit").contains(key), "Hit.{key} undocumented");
    }
    let (_, s) = fetch("/en/search/suggest?q=riv").await;
    for key in json(&s).as_object().expect("suggestions").keys() {
        assert!(declared("Suggestions").contains(key), "Suggestions.{key} undocumented");
    }
}

/// Whatever people (and robots) put in the query string: never a 5xx.
#[tokio::test]
async fn any_query_string_gets_an_answer() {
    let long = "a%20".repeat(2600);
    let cases = [
        "q=",
        "q",
        "q=%",
        "q=%zz%",
        "q=%FF%FE",
        "q=%00",
        "q=a%00b",
        "q=-",
        "q=%22",
        "q=%22%22%22",
        "q=AND",
        "q=NEAR(",
        "q=*",
        "q=title:x",
        "q=%F0%9F%8C%8A",
        "q=%D8%A7%D9%84%D9%92%D8%A8%D9%8E%D8%AD%D9%92%D8%AB",
        "q=x&page=0",
        "q=x&page=-1",
        "q=x&page=99999999999999999999999",
        "q=x&per_page=0",
        "q=x&type=%00&year=abcd&area=&section=%FF",
        "q=x&q=y&q=z",
        "&&&&",
        "locale=%00&q=x",
        &format!("q={long}"),
    ];
    for case in cases {
        for path in ["/en/search", "/ar/search", "/en/search/suggest"] {
            let url = format!("{path}?{case}");
            let (r, _) = fetch(&url).await;
            assert_eq!(r.status(), StatusCode::OK, "{url}");
        }
        // The API checks what its document declares: 200 or 400, never 5xx.
        let url = format!("/api/search?{case}");
        let (r, _) = fetch(&url).await;
        assert!(matches!(r.status().as_u16(), 200 | 400), "{url}: {}", r.status());
    }
}

/// The API answers exactly what its OpenAPI document says: a parameter
/// outside its declared range or format is a 400 problem document, every
/// locale the document lists is accepted, and an unknown locale in the
/// suggestions path is a documented 404.
#[tokio::test]
async fn the_api_and_its_document_agree() {
    let (_, body) = fetch("/api/openapi.json").await;
    let doc = json(&body);
    let search = &doc["paths"]["/api/search"]["get"];
    let locales: Vec<String> = search["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "locale")
        .and_then(|p| p["schema"]["enum"].as_array())
        .expect("the locales are listed")
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect();
    assert_eq!(locales, ["en", "en-GB", "en-CY", "fr", "ar"]);
    for l in &locales {
        let (r, _) = fetch(&format!("/api/search?q=x&locale={l}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{l}");
        let (r, _) = fetch(&format!("/{l}/search/suggest?q=x")).await;
        assert_eq!(r.status(), StatusCode::OK, "{l}");
    }
    for bad in [
        "year=",
        "year=20",
        "year=2026a",
        "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96",
        "page=0",
        "page=101",
        "page=abc",
        "page=1.5",
        "page=+2",
        "page=",
        "per_page=0",
        "per_page=51",
        "locale=xx",
        "locale=EN",
        "locale=",
    ] {
        let (r, body) = fetch(&format!("/api/search?q=x&{bad}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(hdr(&r, "content-type"), "application/problem+json", "{bad}");
        let p = json(&body);
        assert_eq!(p["status"], 400);
        assert!(!p["detail"].as_str().unwrap_or("").is_empty());
        assert!(
            search["responses"]["400"]["content"]["application/problem+json"].is_object(),
            "400 is documented"
        );
    }
    for good in ["year=2026", "page=100", "per_page=50", "type=&section=&area="] {
        let (r, _) = fetch(&format!("/api/search?q=x&{good}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{good}");
    }
    let (r, body) = fetch("/xx/search/suggest?q=x").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(hdr(&r, "content-type"), "application/problem+json");
    assert_eq!(json(&body)["status"], 404);
    assert!(doc["paths"]["/{locale}/search/suggest"]["get"]["responses"]["404"].is_object());
}

#[tokio::test]
async fn search_answers_503_until_its_index_is_built() {
    let snapshot = encoded(demo_output());
    let app = portico_server::router(AppState::new(snapshot, &ServerConfig::default()));
    let (r, _) = get(app, req("/en/search?q=x").body(Body::empty()).expect("request")).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()[header::RETRY_AFTER], "2");
}

#[tokio::test]
async fn the_locale_picker_keeps_the_search() {
    let (r, _) = fetch("/fr/search?q=houle&locale=fr").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(hdr(&r, "location"), "/fr/search?q=houle");
    assert!(hdr(&r, "set-cookie").starts_with("portico_locale=fr;"));
}
