//! The access log: one JSON line per request, shaped like the other logs'
//! lines (timestamp, level, target, message) with the method, path,
//! status, body size, duration, trace id and span id. It is written
//! directly, not as a tracing event (a tracing JSON event re-serializes the
//! span's fields on every request, which alone cost 40 % of throughput),
//! and a server gathers its lines and hands them on in batches (one
//! handover per line woke the writer's thread on every request).

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};

use http::Method;

use crate::trace::TraceContext;

/// Paths in logs are cut to this many bytes.
pub(crate) const LOGGED_PATH_MAX: usize = 256;

/// A request's path as logged: cut to [`LOGGED_PATH_MAX`] bytes.
pub(crate) struct PathText(String);

impl PathText {
    pub fn of(path: &str) -> PathText {
        PathText(path[..path.floor_char_boundary(LOGGED_PATH_MAX)].to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What one access line says.
pub(crate) struct Access<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub status: u16,
    pub bytes: Option<u64>,
    pub micros: u64,
    pub trace: &'a TraceContext,
}

/// Appends `s` to `out` as the inside of a JSON string.
fn json_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
}

thread_local! {
    /// The second last formatted on this thread, and its text up to the
    /// seconds (`2026-12-06T04:51:53`).
    static SECOND: Cell<(u64, [u8; 19])> = const { Cell::new((u64::MAX, [0; 19])) };
    /// Where this thread formats its lines.
    static LINE: RefCell<String> = RefCell::new(String::with_capacity(512));
}

/// Appends the time now, RFC 3339 in UTC with microseconds, as the other
/// logs write it; the date and time to the second are worked out once a
/// second per thread.
fn timestamp_into(out: &mut String) {
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let (secs, micros) = (since.as_secs(), since.subsec_micros());
    let (cached, mut text) = SECOND.get();
    if cached != secs {
        let whole = i64::try_from(secs)
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .strftime("%Y-%m-%dT%H:%M:%S")
            .to_string();
        if whole.len() == text.len() {
            text.copy_from_slice(whole.as_bytes());
        }
        SECOND.set((secs, text));
    }
    out.push_str(std::str::from_utf8(&text).unwrap_or("1970-01-01T00:00:00"));
    let _ = write!(out, ".{micros:06}Z");
}

impl Access<'_> {
    /// Appends the line for a person at a terminal (newline included),
    /// laid out like the other logs' human lines.
    pub(crate) fn write_text_into(&self, line: &mut String) {
        timestamp_into(line);
        let _ = write!(line, "  INFO portico::access: {} ", self.method);
        // Control characters would forge lines: escaped as in JSON.
        json_escape_into(line, self.path);
        let _ = write!(line, " {}", self.status);
        if let Some(b) = self.bytes {
            let _ = write!(line, " {b} B");
        }
        let _ = writeln!(
            line,
            " {} µs trace.id={} span.id={}",
            self.micros,
            self.trace.trace_id(),
            self.trace.span_id()
        );
    }

    /// Appends the line (newline included) to `line`.
    pub(crate) fn write_into(&self, line: &mut String) {
        line.push_str("{\"timestamp\":\"");
        timestamp_into(line);
        line.push_str(
            "\",\"level\":\"INFO\",\"target\":\"portico::access\",\"message\":\"request\",\"http.method\":\"",
        );
        json_escape_into(line, self.method.as_str());
        line.push_str("\",\"url.path\":\"");
        json_escape_into(line, self.path);
        let _ = write!(line, "\",\"http.status\":{},", self.status);
        if let Some(b) = self.bytes {
            let _ = write!(line, "\"http.response.body.size\":{b},");
        }
        let _ = writeln!(
            line,
            "\"duration_us\":{},\"trace.id\":\"{}\",\"span.id\":\"{}\"}}",
            self.micros,
            self.trace.trace_id(),
            self.trace.span_id()
        );
    }
}

/// Lines gathered at most this long before they are handed on (or at
/// [`BATCH_BYTES`], whichever comes first).
const BATCH_EVERY: Duration = Duration::from_millis(50);
const BATCH_BYTES: usize = 64 * 1024;

type LineSink = dyn Fn(&[u8]) + Send + Sync;

/// How access lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccessFormat {
    /// One JSON object per line, like the other logs' JSON lines.
    #[default]
    Json,
    /// A line for a person, like the other logs' human lines.
    Text,
}

struct Sink {
    write: Box<LineSink>,
    format: AccessFormat,
    /// Lines waiting to be handed on (a batched log).
    waiting: Option<Mutex<Vec<u8>>>,
}

impl Sink {
    fn flush(&self) {
        if let Some(waiting) = &self.waiting {
            let lines = std::mem::take(&mut *waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            if !lines.is_empty() {
                (self.write)(&lines);
            }
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A sink for access-log lines (one JSON object per line, newline
/// included).
#[derive(Clone)]
pub struct AccessLog(Arc<Sink>);

impl AccessLog {
    /// Each line handed to `sink` as it is written.
    pub fn new(sink: impl Fn(&[u8]) + Send + Sync + 'static) -> AccessLog {
        AccessLog(Arc::new(Sink {
            write: Box::new(sink),
            format: AccessFormat::Json,
            waiting: None,
        }))
    }

    /// Lines gathered and handed to `sink` together, at least every 50 ms
    /// (and at once past 64 KiB), so that a busy server hands its lines on
    /// a few times a second instead of once per request. What is waiting
    /// is handed on when the last copy of the log is dropped.
    pub fn batched(format: AccessFormat, sink: impl Fn(&[u8]) + Send + Sync + 'static) -> AccessLog {
        let mut log = AccessLog(Arc::new(Sink {
            write: Box::new(sink),
            format,
            waiting: Some(Mutex::new(Vec::with_capacity(BATCH_BYTES))),
        }));
        let weak: Weak<Sink> = Arc::downgrade(&log.0);
        let spawned = std::thread::Builder::new()
            .name("portico-access-log".into())
            .spawn(move || {
                while let Some(sink) = weak.upgrade() {
                    sink.flush();
                    drop(sink);
                    std::thread::sleep(BATCH_EVERY);
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "could not start the access log's writer; lines are written as they come");
            // The writer's closure (and its weak reference) went with the
            // error: this is the only reference.
            if let Some(sink) = Arc::get_mut(&mut log.0) {
                sink.waiting = None;
            }
        }
        log
    }

    /// Writes one request's line.
    pub(crate) fn record(&self, access: &Access<'_>) {
        LINE.with_borrow_mut(|line| {
            line.clear();
            match self.0.format {
                AccessFormat::Json => access.write_into(line),
                AccessFormat::Text => access.write_text_into(line),
            }
            match &self.0.waiting {
                None => (self.0.write)(line.as_bytes()),
                Some(waiting) => {
                    let full = {
                        let mut w = waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        w.extend_from_slice(line.as_bytes());
                        w.len() >= BATCH_BYTES
                    };
                    if full {
                        self.0.flush();
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_lines_are_json_with_the_trace_id() {
        let trace = TraceContext::new_root();
        let access = Access {
            method: &Method::GET,
            path: "/en/\"quoted\"\n",
            status: 200,
            bytes: Some(12),
            micros: 34,
            trace: &trace,
        };
        let mut line = String::new();
        access.write_into(&mut line);
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        assert_eq!(v["url.path"], "/en/\"quoted\"\n");
        assert_eq!(v["trace.id"], trace.trace_id());
        assert_eq!(v["http.response.body.size"], 12);
        let at: jiff::Timestamp = v["timestamp"].as_str().expect("a time").parse().expect("RFC 3339");
        assert!(jiff::Timestamp::now().duration_since(at).as_secs().abs() < 5);
        assert!(line.ends_with("}\n"));
    }

    #[test]
    fn text_lines_carry_the_trace_id_and_escape_the_path() {
        let trace = TraceContext::new_root();
        let access = Access {
            method: &Method::GET,
            path: "/en/\nforged",
            status: 404,
            bytes: Some(12),
            micros: 34,
            trace: &trace,
        };
        let mut line = String::new();
        access.write_text_into(&mut line);
        assert!(line.ends_with('\n') && line.lines().count() == 1, "{line}");
        assert!(line.contains("GET /en/\\u000aforged 404 12 B 34 µs"), "{line}");
        assert!(line.contains(&format!("trace.id={}", trace.trace_id())), "{line}");
    }

    #[test]
    fn a_batched_log_hands_its_lines_on_together_and_loses_none() {
        let seen = Arc::new(Mutex::new(Vec::<u8>::new()));
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (s, c) = (seen.clone(), calls.clone());
        let log = AccessLog::batched(AccessFormat::Json, move |lines: &[u8]| {
            s.lock().expect("lock").extend_from_slice(lines);
            c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let trace = TraceContext::new_root();
        for i in 0..100 {
            let path = format!("/en/{i}/");
            log.record(&Access {
                method: &Method::GET,
                path: &path,
                status: 200,
                bytes: None,
                micros: 1,
                trace: &trace,
            });
        }
        drop(log);
        let text = String::from_utf8(seen.lock().expect("lock").clone()).expect("utf-8");
        assert_eq!(
            text.lines().count(),
            100,
            "every line, when the log is dropped at the latest"
        );
        assert!(calls.load(std::sync::atomic::Ordering::Relaxed) < 100, "in batches");
    }
}
