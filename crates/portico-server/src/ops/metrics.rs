//! Metrics in the Prometheus text format, on a listener of their own
//! (`--metrics-addr`). Events are recorded where they happen through the
//! `metrics` facade (a no-op until [`install`] sets the recorder); states
//! (the snapshot, the pool, the jobs, the process's memory) are read when
//! a scrape asks.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

/// Latency buckets (seconds): from a pre-built page's tens of
/// microseconds to a publication's seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The recorder's handle: renders what was recorded.
#[derive(Clone)]
pub struct MetricsHandle(PrometheusHandle);

static INSTALLED: OnceLock<MetricsHandle> = OnceLock::new();

/// Installs the process's metrics recorder (once; later calls return the
/// same handle).
pub fn install() -> Result<MetricsHandle, String> {
    if let Some(h) = INSTALLED.get() {
        return Ok(h.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
        .map_err(|e| e.to_string())?
        .build_recorder();
    let handle = MetricsHandle(recorder.handle());
    metrics::set_global_recorder(recorder).map_err(|e| e.to_string())?;
    describe();
    let _ = INSTALLED.set(handle.clone());
    Ok(INSTALLED.get().cloned().unwrap_or(handle))
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "portico_http_requests_total",
        "Requests answered, by route class and status."
    );
    describe_histogram!(
        "portico_http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer a request, by route class."
    );
    describe_counter!(
        "portico_http_response_bytes_total",
        Unit::Bytes,
        "Response body bytes, by route class and content encoding."
    );
    describe_counter!(
        "portico_writes_total",
        "Writes (consent choices, editor changes) answered."
    );
    describe_histogram!(
        "portico_write_duration_seconds",
        Unit::Seconds,
        "Time to answer a write, its durable commit included."
    );
    describe_histogram!(
        "portico_search_duration_seconds",
        Unit::Seconds,
        "Time of a search query."
    );
    describe_gauge!(
        "portico_snapshot_generation",
        "Snapshots served since start (1 at start)."
    );
    describe_gauge!(
        "portico_snapshot_age_seconds",
        Unit::Seconds,
        "Age of the served snapshot."
    );
    describe_gauge!("portico_snapshot_resources", "Responses in the served snapshot.");
    describe_gauge!("portico_compression_backlog", "Pages still waiting to be compressed.");
    describe_counter!("portico_builds_total", "Site builds and reloads, by kind and result.");
    describe_histogram!(
        "portico_build_duration_seconds",
        Unit::Seconds,
        "Time of a build or reload, by kind."
    );
    describe_gauge!("portico_db_pool_connections", "Database connections, by state.");
    describe_gauge!("portico_jobs", "Scheduled jobs, by state (pending, late, failed).");
    describe_gauge!("portico_ready", "1 when /readyz answers 200.");
    describe_gauge!("process_resident_memory_bytes", Unit::Bytes, "Resident memory.");
}

/// The route classes, in the order of the handle tables below.
const CLASSES: [&str; 7] = ["page", "asset", "search", "api", "consent", "admin", "health"];

/// The content encodings, in the order of the handle tables below.
const ENCODINGS: [&str; 6] = ["identity", "br", "gzip", "zstd", "deflate", "other"];

/// Statuses 100–599.
const STATUSES: usize = 500;

/// Each request's series, looked up once and kept: the facade's macros
/// build a key (an allocation) and look it up in the registry on every
/// call, which a page that takes microseconds to answer should not pay
/// three times.
static REQUESTS: [[OnceLock<metrics::Counter>; STATUSES]; CLASSES.len()] =
    [const { [const { OnceLock::new() }; STATUSES] }; CLASSES.len()];
static DURATIONS: [OnceLock<metrics::Histogram>; CLASSES.len()] = [const { OnceLock::new() }; CLASSES.len()];
static BYTES: [[OnceLock<metrics::Counter>; ENCODINGS.len()]; CLASSES.len()] =
    [const { [const { OnceLock::new() }; ENCODINGS.len()] }; CLASSES.len()];

/// What kind of route `path` is, for labels: health, consent, admin,
/// search, api, asset or page.
pub(crate) fn route_class(path: &str) -> &'static str {
    let last = path.rsplit('/').next().unwrap_or_default();
    match path {
        "/healthz" | "/readyz" => "health",
        "/consent" => "consent",
        _ if path.starts_with("/admin") || path.starts_with("/preview/") => "admin",
        _ if path.starts_with("/api/search") => "search",
        _ if path.starts_with("/api/") => "api",
        _ if path.ends_with("/search") || path.ends_with("/search/") || path.contains("/search/suggest") => "search",
        _ if last.contains('.') && !last.ends_with(".html") => "asset",
        _ => "page",
    }
}

/// The label of a status code, without an allocation per request.
fn status_label(status: StatusCode) -> &'static str {
    static LABELS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| (100..600).map(|n| &*format!("{n}").leak()).collect());
    labels
        .get(usize::from(status.as_u16()).wrapping_sub(100))
        .copied()
        .unwrap_or("other")
}

/// The index of the response's encoding in [`ENCODINGS`].
fn encoding_of(headers: &HeaderMap) -> usize {
    match headers.get(header::CONTENT_ENCODING).map(http::HeaderValue::as_bytes) {
        None => 0,
        Some(b"br") => 1,
        Some(b"gzip") => 2,
        Some(b"zstd") => 3,
        Some(b"deflate") => 4,
        Some(_) => 5,
    }
}

/// One answered request.
pub(crate) fn record_request(
    class: &'static str,
    method: &http::Method,
    response: &Response,
    bytes: Option<u64>,
    elapsed: Duration,
) {
    if INSTALLED.get().is_none() {
        return;
    }
    let status = response.status();
    let c = CLASSES.iter().position(|c| *c == class).unwrap_or(0);
    let (class, s) = (CLASSES[c], usize::from(status.as_u16()).wrapping_sub(100));
    match REQUESTS[c].get(s) {
        Some(slot) => slot
            .get_or_init(|| counter!("portico_http_requests_total", "class" => class, "status" => status_label(status)))
            .increment(1),
        None => counter!("portico_http_requests_total", "class" => class, "status" => "other").increment(1),
    }
    DURATIONS[c]
        .get_or_init(|| histogram!("portico_http_request_duration_seconds", "class" => class))
        .record(elapsed.as_secs_f64());
    if let Some(n) = bytes {
        let e = encoding_of(response.headers());
        BYTES[c][e]
            .get_or_init(|| counter!("portico_http_response_bytes_total", "class" => class, "encoding" => ENCODINGS[e]))
            .increment(n);
    }
    if !crate::origin::is_safe(method) && matches!(class, "consent" | "admin" | "api") {
        let kind = if class == "consent" { "consent" } else { "editor" };
        counter!("portico_writes_total", "kind" => kind, "status" => status_label(status)).increment(1);
        histogram!("portico_write_duration_seconds", "kind" => kind).record(elapsed.as_secs_f64());
    }
}

/// Runs a search and records how long it took.
pub(crate) fn timed_search<T>(search: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = search();
    histogram!("portico_search_duration_seconds").record(start.elapsed().as_secs_f64());
    out
}

/// A build or reload of the site: `kind` is `start`, `reload` (SIGHUP),
/// `daily`, `publish` (a publication's pages), `republish` (the rebuild
/// after it), `watch-edit` (an edited file's pages) or `watch` (the
/// rebuild after it).
pub fn record_build(kind: &'static str, elapsed: Duration, ok: bool) {
    let result = if ok { "ok" } else { "failed" };
    counter!("portico_builds_total", "kind" => kind, "result" => result).increment(1);
    histogram!("portico_build_duration_seconds", "kind" => kind).record(elapsed.as_secs_f64());
}

/// The process's resident memory, from `/proc` (Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Reads the states into gauges, just before a scrape renders them.
async fn refresh(state: &AppState) {
    let snapshot = state.snapshot();
    let (generation, loaded_at) = state.generation();
    gauge!("portico_snapshot_generation").set(generation as f64);
    let age = (jiff::Timestamp::now().as_millisecond() - loaded_at).max(0) as f64 / 1000.0;
    gauge!("portico_snapshot_age_seconds").set(age);
    gauge!("portico_snapshot_resources").set(snapshot.len() as f64);
    gauge!("portico_compression_backlog").set(snapshot.pending() as f64);
    drop(snapshot);
    if let Some(store) = state.store() {
        let pool = store.pool_stats();
        gauge!("portico_db_pool_connections", "state" => "open").set(f64::from(pool.open));
        gauge!("portico_db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
        gauge!("portico_db_pool_connections", "state" => "max").set(f64::from(pool.max));
        let now = state.clock().now_seconds();
        if let Ok(jobs) = store.job_counts(now, crate::schedule::LATE_AFTER_SECONDS).await {
            gauge!("portico_jobs", "state" => "pending").set(jobs.pending as f64);
            gauge!("portico_jobs", "state" => "late").set(jobs.late as f64);
            gauge!("portico_jobs", "state" => "failed").set(jobs.failed as f64);
        }
    }
    let ready = super::health::readiness(state).await.ready;
    gauge!("portico_ready").set(if ready { 1.0 } else { 0.0 });
    if let Some(rss) = resident_bytes() {
        gauge!("process_resident_memory_bytes").set(rss as f64);
    }
}

/// `GET /metrics` on the metrics listener.
async fn scrape(State((state, handle)): State<(AppState, MetricsHandle)>) -> Response {
    refresh(&state).await;
    handle.0.run_upkeep();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        handle.0.render(),
    )
        .into_response()
}

/// The metrics listener's routes: `/metrics` (and `/` for the curious).
pub fn metrics_router(state: AppState, handle: MetricsHandle) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .route("/", axum::routing::get(scrape))
        .with_state((state, handle))
}

/// Serves the metrics on `listener` until `shutdown`.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    state: AppState,
    handle: MetricsHandle,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Histograms are summed up now and then even when nobody scrapes, so
    // what they hold stays bounded.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.0.run_upkeep();
        }
    });
    axum::serve(listener, metrics_router(state, handle))
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_fall_into_their_classes() {
        for (path, class) in [
            ("/en/", "page"),
            ("/fr/a-propos/", "page"),
            ("/en/search", "search"),
            ("/en/search/suggest", "search"),
            ("/api/search", "search"),
            ("/api/content/v1/items/en/x", "api"),
            ("/admin/content", "admin"),
            ("/consent", "consent"),
            ("/readyz", "health"),
            ("/assets/site.css", "asset"),
            ("/media/abc/640.jpg", "asset"),
            ("/en/about/index.html", "page"),
        ] {
            assert_eq!(route_class(path), class, "{path}");
        }
        assert_eq!(status_label(StatusCode::NOT_FOUND), "404");
        assert_eq!(status_label(StatusCode::OK), "200");
    }
}
