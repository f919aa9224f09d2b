//! `/healthz`: the process answers. `/readyz`: this node serves current
//! content and can take writes — a snapshot is loaded, the store took a
//! real write within the last second, the search index is up, and the
//! node is not draining. 503 names the check that failed. Both are never
//! cached, and neither is written to the access log.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

use crate::state::AppState;

/// How long a store probe's answer is reused: a balancer polling every
/// 100 ms costs one write a second.
const PROBE_FOR: Duration = Duration::from_secs(1);

/// The longest a probe may take before the store counts as failing.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The last store probe, and one probe at a time.
#[derive(Default)]
pub(crate) struct ProbeCache {
    last: Mutex<Option<(Instant, Result<(), String>)>>,
    running: tokio::sync::Mutex<()>,
}

impl ProbeCache {
    fn fresh(&self) -> Option<Result<(), String>> {
        let last = self.last.lock().ok()?;
        last.as_ref()
            .filter(|(at, _)| at.elapsed() < PROBE_FOR)
            .map(|(_, r)| r.clone())
    }

    /// Whether the store takes a write, asked at most once a second.
    async fn store_ok(&self, store: &portico_store::Store) -> Result<(), String> {
        if let Some(r) = self.fresh() {
            return r;
        }
        let _one = self.running.lock().await;
        if let Some(r) = self.fresh() {
            return r;
        }
        let now = jiff::Timestamp::now().as_second();
        let result = match tokio::time::timeout(PROBE_TIMEOUT, store.probe_write(now)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {} s", PROBE_TIMEOUT.as_secs())),
        };
        if let Ok(mut last) = self.last.lock() {
            *last = Some((Instant::now(), result.clone()));
        }
        result
    }
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /healthz`: alive. No I/O.
pub(crate) async fn healthz() -> Response {
    no_store(
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "ok\n",
        )
            .into_response(),
    )
}

/// What `/readyz` found.
pub(crate) struct Readiness {
    pub(crate) ready: bool,
    pub(crate) body: serde_json::Value,
}

/// Runs every check (the store's at most once a second).
pub(crate) async fn readiness(state: &AppState) -> Readiness {
    let snapshot = state.snapshot();
    let (generation, loaded_at) = state.generation();
    let age = (jiff::Timestamp::now().as_millisecond() - loaded_at).max(0) as f64 / 1000.0;
    let loaded = !snapshot.is_empty();
    let search = snapshot.search().get().is_some();
    let store = match state.store() {
        Some(store) => state.ready_probe().store_ok(store).await,
        None => Err("no store configured".to_string()),
    };
    let draining = state.is_draining();
    let check = |ok: bool, error: Option<&str>| match error {
        Some(e) if !ok => json!({ "ok": false, "error": e }),
        _ => json!({ "ok": ok }),
    };
    let checks = json!({
        "snapshot": {
            "ok": loaded,
            "generation": generation,
            "age_seconds": age,
            "resources": snapshot.len(),
        },
        "store": check(store.is_ok(), store.as_ref().err().map(String::as_str)),
        "search": check(search, Some("the search index is still being built")),
        "draining": check(!draining, Some("shutting down")),
    });
    let ready = loaded && search && store.is_ok() && !draining;
    let failing: Vec<&str> = [
        ("snapshot", loaded),
        ("store", store.is_ok()),
        ("search", search),
        ("draining", !draining),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(name, _)| name)
    .collect();
    Readiness {
        ready,
        body: json!({ "ready": ready, "failing": failing, "checks": checks }),
    }
}

/// `GET /readyz`: 200 when ready, else 503 with the failing checks.
pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    let r = readiness(&state).await;
    let status = if r.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = r.body.to_string();
    body.push('\n');
    no_store((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}
