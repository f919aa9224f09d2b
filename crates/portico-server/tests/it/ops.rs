//! What an operator sees: `/healthz`, `/readyz` turning 503 for each
//! failing check, and a Prometheus scrape parsed back with a parser of
//! the text format.

use std::sync::Arc;

use axum::body::Body;
use http::{Request, StatusCode, header};
use portico_server::{AppState, ServerConfig, Snapshot};

use crate::{demo_output, encoded, get, hdr, req};

async fn store(name: &str) -> portico_store::Store {
    let dir = std::env::temp_dir().join(format!("portico-ops-{name}-{}", rand::random::<u64>()));
    portico_store::Store::open(&dir).await.expect("store")
}

fn with_index(snapshot: Snapshot) -> Snapshot {
    let index = portico_search::SiteIndex::build(&["en".to_string()], Vec::new()).expect("index");
    snapshot.search().set(Arc::new(index));
    snapshot
}

fn state(snapshot: Snapshot, store: Option<portico_store::Store>) -> AppState {
    AppState::new(
        snapshot,
        &ServerConfig {
            store,
            ..ServerConfig::default()
        },
    )
}

/// `/readyz`'s status and its JSON.
async fn ready(state: &AppState) -> (StatusCode, serde_json::Value) {
    let (r, body) = get(
        portico_server::router(state.clone()),
        req("/readyz").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(hdr(&r, "cache-control"), "no-store", "never cached");
    assert!(!hdr(&r, "traceparent").is_empty());
    (r.status(), serde_json::from_slice(&body).expect("JSON"))
}

fn failing(body: &serde_json::Value) -> Vec<&str> {
    body["failing"]
        .as_array()
        .expect("failing")
        .iter()
        .filter_map(|v| v.as_str())
        .collect()
}

#[tokio::test]
async fn healthz_answers_without_asking_anything() {
    let app = portico_server::router(state(encoded(demo_output()), None));
    let (r, body) = get(app, req("/healthz").body(Body::empty()).expect("request")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body, b"ok\n");
    assert_eq!(hdr(&r, "cache-control"), "no-store");
}

#[tokio::test]
async fn readyz_turns_503_for_each_failing_check() {
    // All well: a snapshot, a store that writes, an index, not draining.
    let ok = state(with_index(encoded(demo_output())), Some(store("ok").await));
    let (status, body) = ready(&ok).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ready"], true);
    assert_eq!(body["checks"]["snapshot"]["generation"], 1);
    assert!(body["checks"]["snapshot"]["age_seconds"].as_f64().is_some());
    assert!(failing(&body).is_empty());

    // The search index is still being built.
    let no_index = state(encoded(demo_output()), Some(store("index").await));
    let (status, body) = ready(&no_index).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failing(&body), ["search"]);

    // The store does not take a write.
    let broken = store("closed").await;
    let no_store = state(with_index(encoded(demo_output())), Some(broken.clone()));
    broken.close().await;
    let (status, body) = ready(&no_store).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failing(&body), ["store"]);
    assert_eq!(body["checks"]["store"]["ok"], false);
    assert!(body["checks"]["store"]["error"].as_str().is_some_and(|e| !e.is_empty()));
    // A write meanwhile is refused as unavailable, saying when to try
    // again, and the pages are still served.
    let app = portico_server::router(no_store.clone());
    let choice = Request::post("/consent")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "www.halcyon.example")
        .header(header::REFERER, "https://www.halcyon.example/en/")
        .body(Body::from("action=accept&locale=en&from=banner"))
        .expect("request");
    let (r, _) = get(app.clone(), choice).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(hdr(&r, "retry-after"), "5");
    let (r, _) = get(app, req("/en/").body(Body::empty()).expect("request")).await;
    assert_eq!(r.status(), StatusCode::OK);

    // Nothing loaded.
    let mut empty = demo_output().clone();
    empty.pages.clear();
    empty.errors.clear();
    empty.assets.clear();
    empty.files.clear();
    empty.redirects.clear();
    let nothing = state(with_index(encoded(&empty)), Some(store("empty").await));
    let (status, body) = ready(&nothing).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failing(&body), ["snapshot"]);

    // Shutting down: not ready from the moment draining begins.
    ok.drain();
    let (status, body) = ready(&ok).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failing(&body), ["draining"]);
}

#[tokio::test]
async fn a_swap_moves_the_generation_on() {
    let s = state(with_index(encoded(demo_output())), Some(store("swap").await));
    s.swap(with_index(encoded(demo_output())));
    let (_, body) = ready(&s).await;
    assert_eq!(body["checks"]["snapshot"]["generation"], 2);
}

#[tokio::test]
async fn a_scrape_has_every_family_in_the_text_format() {
    let handle = portico_server::install_metrics().expect("recorder");
    let s = state(with_index(encoded(demo_output())), Some(store("metrics").await));
    let app = || portico_server::router(s.clone());
    for path in [
        "/en/",
        "/assets/missing.css",
        "/en/search?q=flood",
        "/api/search?q=x&locale=en",
    ] {
        let (r, _) = get(
            app(),
            req(path)
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert!(r.status().as_u16() < 500, "{path}");
    }
    let consent = Request::post("/consent")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "www.halcyon.example")
        .header(header::REFERER, "https://www.halcyon.example/en/")
        .body(Body::from("action=reject&locale=en&from=banner"))
        .expect("request");
    let (r, _) = get(app(), consent).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    portico_server::record_build("rebuild", std::time::Duration::from_millis(12), true);

    let (r, body) = get(
        portico_server::metrics_router(s.clone(), handle),
        req("/metrics").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(hdr(&r, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = String::from_utf8(body).expect("utf-8");
    let scrape =
        prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("the text format parses");
    let sample = |name: &str, label: Option<(&str, &str)>| {
        scrape
            .samples
            .iter()
            .find(|s| s.metric == name && label.is_none_or(|(k, v)| s.labels.get(k) == Some(v)))
    };
    let value = |name: &str, label: Option<(&str, &str)>| match sample(name, label).map(|s| &s.value) {
        Some(
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v),
        ) => Some(*v),
        Some(prometheus_parse::Value::Histogram(h)) => h.last().map(|b| b.count),
        _ => None,
    };
    for (name, label) in [
        ("portico_http_requests_total", Some(("class", "page"))),
        ("portico_http_requests_total", Some(("class", "asset"))),
        ("portico_http_requests_total", Some(("class", "search"))),
        ("portico_http_requests_total", Some(("class", "consent"))),
        ("portico_http_request_duration_seconds", Some(("class", "page"))),
        ("portico_http_response_bytes_total", Some(("encoding", "br"))),
        ("portico_writes_total", Some(("kind", "consent"))),
        ("portico_write_duration_seconds", Some(("kind", "consent"))),
        ("portico_search_duration_seconds", None),
        ("portico_builds_total", Some(("result", "ok"))),
        ("portico_build_duration_seconds", Some(("kind", "rebuild"))),
    ] {
        assert!(
            value(name, label).is_some_and(|v| v >= 1.0),
            "{name} {label:?} counted in:\n{text}"
        );
    }
    assert_eq!(value("portico_snapshot_generation", None), Some(1.0));
    assert!(value("portico_snapshot_age_seconds", None).is_some());
    assert!(value("portico_snapshot_resources", None).is_some_and(|v| v > 100.0));
    assert!(value("portico_compression_backlog", None).is_some());
    assert!(value("portico_db_pool_connections", Some(("state", "max"))).is_some_and(|v| v >= 1.0));
    for state in ["pending", "late", "failed"] {
        assert_eq!(value("portico_jobs", Some(("state", state))), Some(0.0), "{state}");
    }
    assert_eq!(value("portico_ready", None), Some(1.0));
    assert!(value("process_resident_memory_bytes", None).is_some_and(|v| v > 1e6));
    // The page's status is a label, and the asset that is missing a 404.
    assert!(sample("portico_http_requests_total", Some(("status", "404"))).is_some());

    // Every series the Grafana dashboard draws is one a scrape has (the
    // trace export's counters come from the binary's exporter).
    let dashboard = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ops/grafana-dashboard.json"))
        .expect("the dashboard");
    let names: std::collections::BTreeSet<&str> = dashboard
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("portico_") || w.starts_with("process_"))
        .map(|w| w.strip_suffix("_bucket").unwrap_or(w))
        .filter(|w| !w.starts_with("portico_trace_"))
        .collect();
    assert!(names.len() > 10, "{names:?}");
    for name in names {
        assert!(
            scrape.samples.iter().any(|s| s.metric == name),
            "the dashboard draws {name}, which no scrape has"
        );
    }
}
