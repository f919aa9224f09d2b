//! Traces over OTLP, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: each request's span,
//! whose trace and span ids are the request's own, goes into a bounded
//! queue that drops (and counts) rather than blocks a request; a thread
//! sends them in batches with `opentelemetry-otlp` (HTTP/protobuf, or
//! HTTP/JSON with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`). The other
//! `OTEL_*` variables (headers, timeout, service name, resource
//! attributes, `OTEL_BSP_*` batch sizes) are read as the specification
//! says.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TrySendError};
use std::time::{Duration, Instant};

use opentelemetry::trace::{SpanContext, SpanId, SpanKind, Status, TraceFlags, TraceId, TraceState};
use opentelemetry::{InstrumentationScope, KeyValue};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{SpanData, SpanEvents, SpanExporter as _, SpanLinks};
use portico_server::{RequestSpan, SpanSink};

/// The batch processor's settings, from the standard variables.
struct Batching {
    queue: usize,
    batch: usize,
    delay: Duration,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

impl Batching {
    fn from_env() -> Batching {
        Batching {
            queue: env_number("OTEL_BSP_MAX_QUEUE_SIZE", 2048) as usize,
            batch: env_number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512) as usize,
            delay: Duration::from_millis(env_number("OTEL_BSP_SCHEDULE_DELAY", 5000)),
        }
    }
}

/// Which requests become spans: `OTEL_TRACES_SAMPLER` and
/// `OTEL_TRACES_SAMPLER_ARG` as the specification defines them
/// (`parentbased_always_on` by default). A request that continues a
/// caller's trace follows the caller's decision under the `parentbased_*`
/// samplers (the server drops those the caller did not sample); the
/// others are kept by their trace id's ratio, so every node of a trace
/// decides alike.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Sampler {
    /// Keep this share of traces (1.0: all, 0.0: none).
    Ratio { ratio: f64, parent_based: bool },
}

impl Sampler {
    fn from_env() -> anyhow::Result<Sampler> {
        let name = std::env::var("OTEL_TRACES_SAMPLER").unwrap_or_else(|_| "parentbased_always_on".into());
        let arg = || -> anyhow::Result<f64> {
            let raw = std::env::var("OTEL_TRACES_SAMPLER_ARG").unwrap_or_else(|_| "1.0".into());
            raw.trim()
                .parse::<f64>()
                .ok()
                .filter(|r| (0.0..=1.0).contains(r))
                .ok_or_else(|| anyhow::anyhow!("OTEL_TRACES_SAMPLER_ARG={raw:?}: a ratio from 0 to 1"))
        };
        let (ratio, parent_based) = match name.trim() {
            "always_on" => (1.0, false),
            "always_off" => (0.0, false),
            "traceidratio" => (arg()?, false),
            "parentbased_always_on" => (1.0, true),
            "parentbased_always_off" => (0.0, true),
            "parentbased_traceidratio" => (arg()?, true),
            other => anyhow::bail!(
                "OTEL_TRACES_SAMPLER={other:?}: one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio"
            ),
        };
        Ok(Sampler::Ratio { ratio, parent_based })
    }

    /// Whether a request of trace `trace_id` is kept (`has_parent`: it
    /// continues a caller's sampled span).
    fn keeps(self, trace_id: &[u8; 16], has_parent: bool) -> bool {
        let Sampler::Ratio { ratio, parent_based } = self;
        if parent_based && has_parent {
            return true;
        }
        // The specification's TraceIdRatioBased: the trace id's last 8
        // bytes against the ratio.
        let mut low = [0u8; 8];
        low.copy_from_slice(&trace_id[8..]);
        let bound = (ratio * (u64::MAX as f64)) as u64;
        ratio >= 1.0 || (u64::from_be_bytes(low) >> 1) < (bound >> 1)
    }
}

/// Whether the environment asks for traces.
pub fn wanted() -> bool {
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|v| !v.trim().is_empty()))
        && std::env::var("OTEL_TRACES_EXPORTER").map_or(true, |v| v != "none")
        && std::env::var("OTEL_SDK_DISABLED").map_or(true, |v| v != "true")
}

/// How often the exporting thread looks at the queue. It polls rather
/// than waits on it: a waiting receiver would make every request's send
/// wake it (a futex call per span).
const POLL: Duration = Duration::from_millis(20);

/// Sends what is queued on drop: a stopping server's last spans.
pub struct Exporting {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Exporting {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts the exporter: the sink for the server, and the guard that
/// flushes at the end.
pub fn start() -> anyhow::Result<(SpanSink, Exporting)> {
    let mut exporter = opentelemetry_otlp::SpanExporter::builder()
        .build()
        .map_err(|e| anyhow::anyhow!("the OTLP exporter: {e}"))?;
    let mut resource = Resource::builder();
    if std::env::var("OTEL_SERVICE_NAME").is_err() {
        resource = resource.with_service_name("portico");
    }
    exporter.set_resource(&resource.build());
    let batching = Batching::from_env();
    let sampler = Sampler::from_env()?;
    let (sender, rx) = std::sync::mpsc::sync_channel::<RequestSpan>(batching.queue);
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let thread = std::thread::Builder::new()
        .name("portico-otlp".into())
        .spawn(move || send_batches(&exporter, &rx, &batching, &stopping))?;
    let sink = SpanSink {
        wants: Arc::new(move |trace_id, has_parent| sampler.keeps(trace_id, has_parent)),
        take: Arc::new(move |span| {
            if let Err(TrySendError::Full(_)) = sender.try_send(span) {
                metrics::counter!("portico_trace_spans_dropped_total").increment(1);
            }
        }),
    };
    Ok((
        sink,
        Exporting {
            stop,
            thread: Some(thread),
        },
    ))
}

/// Gathers spans into batches (full, or every `delay`) and exports them
/// until asked to stop, then sends what is left.
fn send_batches(
    exporter: &opentelemetry_otlp::SpanExporter,
    rx: &Receiver<RequestSpan>,
    batching: &Batching,
    stop: &AtomicBool,
) {
    let scope = InstrumentationScope::builder("portico")
        .with_version(env!("CARGO_PKG_VERSION"))
        .build();
    let mut batch = Vec::with_capacity(batching.batch);
    let mut due = Instant::now() + batching.delay;
    loop {
        std::thread::sleep(POLL.min(due.saturating_duration_since(Instant::now())));
        let ended = stop.load(Ordering::Relaxed);
        while let Ok(span) = rx.try_recv() {
            batch.push(span_data(span, &scope));
            if batch.len() >= batching.batch {
                export(exporter, &mut batch, batching.batch);
            }
        }
        if ended || Instant::now() >= due {
            export(exporter, &mut batch, batching.batch);
            due = Instant::now() + batching.delay;
        }
        if ended {
            let _ = exporter.shutdown();
            return;
        }
    }
}

/// Sends `batch` (when not empty), leaving it empty.
fn export(exporter: &opentelemetry_otlp::SpanExporter, batch: &mut Vec<SpanData>, capacity: usize) {
    if batch.is_empty() {
        return;
    }
    let n = batch.len() as u64;
    let sent = std::mem::replace(batch, Vec::with_capacity(capacity));
    match futures_executor::block_on(exporter.export(sent)) {
        Ok(()) => metrics::counter!("portico_trace_spans_exported_total").increment(n),
        Err(e) => {
            metrics::counter!("portico_trace_spans_failed_total").increment(n);
            tracing::warn!(error = %e, spans = n, "exporting spans failed; they are dropped");
        }
    }
}

/// A request's span as the SDK's exporters take it.
fn span_data(span: RequestSpan, scope: &InstrumentationScope) -> SpanData {
    let status = if span.status >= 500 {
        Status::error(format!("HTTP {}", span.status))
    } else {
        Status::Unset
    };
    SpanData {
        span_context: SpanContext::new(
            TraceId::from_bytes(span.trace_id),
            SpanId::from_bytes(span.span_id),
            TraceFlags::SAMPLED,
            false,
            TraceState::default(),
        ),
        parent_span_id: span.parent_id.map_or(SpanId::INVALID, SpanId::from_bytes),
        parent_span_is_remote: span.parent_id.is_some(),
        span_kind: SpanKind::Server,
        name: Cow::Owned(format!("{} {}", span.method, span.class)),
        start_time: span.start,
        end_time: span.end,
        attributes: vec![
            KeyValue::new("http.request.method", span.method.to_string()),
            KeyValue::new("url.path", span.path),
            KeyValue::new("http.response.status_code", i64::from(span.status)),
            KeyValue::new("portico.route.class", span.class),
        ],
        dropped_attributes_count: 0,
        events: SpanEvents::default(),
        links: SpanLinks::default(),
        status,
        instrumentation_scope: scope.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ratio_keeps_about_its_share_by_trace_id_and_parents_decide_their_children() {
        let tenth = Sampler::Ratio {
            ratio: 0.1,
            parent_based: true,
        };
        let kept = (0..10_000u64)
            .filter(|i| {
                let mut id = [0u8; 16];
                id[8..].copy_from_slice(&i.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes());
                tenth.keeps(&id, false)
            })
            .count();
        assert!((800..1200).contains(&kept), "{kept} of 10,000 kept at 0.1");
        assert!(tenth.keeps(&[0xff; 16], true), "a sampled parent's child is kept");
        let none = Sampler::Ratio {
            ratio: 0.0,
            parent_based: false,
        };
        assert!(!none.keeps(&[0; 16], false));
        assert!(!none.keeps(&[0; 16], true), "not parent-based: the ratio decides");
    }
}
