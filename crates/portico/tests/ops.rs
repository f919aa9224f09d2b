//! Operations against the real binary: a request's span reaches a real
//! OTLP/HTTP receiver (decoded with `opentelemetry-proto`) under the
//! trace id the page printed, sent at the latest when the server stops, and SIGTERM under load drains — `/readyz`
//! 503 first, the listener closed after the delay — with no request
//! begun before the signal cut off.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::{copy_dir, fixture, free_port, header, http, serve_with};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use prost::Message as _;

fn data_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ops-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `portico serve` on the i18n fixture with `args` and `env`, once it
/// listens.
fn serve(data: &Path, port: u16, args: &[&str], env: &[(&str, String)]) -> Child {
    serve_with(None, &fixture(), data, port, args, env)
}

fn wait_ready(port: u16) {
    for _ in 0..600 {
        if http(port, "GET", "/readyz", &[], None).is_some_and(|(s, _, _)| s == 200) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("never ready");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_requests_span_reaches_an_otlp_receiver_under_the_pages_trace_id() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let received: Arc<Mutex<Vec<(String, ExportTraceServiceRequest)>>> = Arc::default();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind the receiver");
    let receiver = listener.local_addr().expect("addr");
    let got = received.clone();
    let app = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let got = got.clone();
            async move {
                let kind = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                match ExportTraceServiceRequest::decode(body) {
                    Ok(request) => {
                        got.lock().expect("lock").push((kind, request));
                        (axum::http::StatusCode::OK, Vec::new())
                    }
                    Err(_) => (axum::http::StatusCode::BAD_REQUEST, Vec::new()),
                }
            }
        }),
    );
    rt.spawn(async move { axum::serve(listener, app).await });

    let port = free_port();
    let data = data_dir("otlp");
    let mut child = serve(
        &data,
        port,
        &[],
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://{receiver}")),
            // Longer than the test: the spans arrive with the flush at
            // shutdown.
            ("OTEL_BSP_SCHEDULE_DELAY", "600000".to_string()),
            ("PORTICO_DRAIN_SECONDS", "0".to_string()),
        ],
    );
    let (status, head, body) = http(port, "GET", "/en/", &[], None).expect("the page");
    assert_eq!(status, 200);
    let traceparent = header(&head, "traceparent").expect("traceparent").to_string();
    let trace_id = traceparent.split('-').nth(1).expect("trace id").to_string();
    let span_id = traceparent.split('-').nth(2).expect("span id").to_string();
    assert!(body.contains(&trace_id), "the page prints its trace id");
    // A request that continues a caller's trace is its child.
    let caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let (_, head2, _) = http(port, "GET", "/fr/", &[("traceparent", caller)], None).expect("the page");
    let child_span = header(&head2, "traceparent")
        .expect("traceparent")
        .split('-')
        .nth(2)
        .expect("span")
        .to_string();

    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let find = |trace: &str, span: &str| {
        received.lock().expect("lock").iter().find_map(|(kind, request)| {
            request.resource_spans.iter().find_map(|rs| {
                rs.scope_spans.iter().flat_map(|ss| ss.spans.iter()).find_map(|s| {
                    (hex(&s.trace_id) == trace && hex(&s.span_id) == span).then(|| {
                        let service = rs.resource.as_ref().and_then(|r| {
                            r.attributes
                                .iter()
                                .find(|a| a.key == "service.name")
                                .and_then(|a| a.value.clone())
                        });
                        (kind.clone(), s.clone(), format!("{service:?}"))
                    })
                })
            })
        })
    };
    let page = find(&trace_id, &span_id);
    let continued = find("0af7651916cd43dd8448eb211c80319c", &child_span);
    let (kind, span, service) = page.expect("the page's span, under its trace id, reached the receiver");
    assert_eq!(kind, "application/x-protobuf", "OTLP over HTTP/protobuf");
    assert!(service.contains("portico"), "{service}");
    assert_eq!(span.kind, 2, "a server span");
    let attr = |name: &str| {
        span.attributes
            .iter()
            .find(|a| a.key == name)
            .and_then(|a| a.value.clone())
            .map(|v| format!("{v:?}"))
            .unwrap_or_default()
    };
    assert!(attr("url.path").contains("/en/"), "{}", attr("url.path"));
    assert!(attr("http.response.status_code").contains("200"));
    assert!(span.end_time_unix_nano >= span.start_time_unix_nano);
    let (_, continued, _) = continued.expect("the continued trace's span");
    assert_eq!(
        hex(&continued.parent_span_id),
        "b7ad6b7169203331",
        "the caller's span is its parent"
    );
}

/// One GET of `path` on a kept-alive connection: the body's length, or
/// why it failed.
fn get_on(conn: &mut BufReader<TcpStream>, path: &str) -> Result<usize, String> {
    conn.get_mut()
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = String::new();
        let n = conn.read_line(&mut line).map_err(|e| format!("read head: {e}"))?;
        if n == 0 {
            return Err("closed before a response".into());
        }
        if first {
            if !line.starts_with("HTTP/1.1 200") {
                return Err(format!("status line {line:?}"));
            }
            first = false;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or("no Content-Length")?;
    let mut body = vec![0; length];
    conn.read_exact(&mut body).map_err(|e| format!("truncated body: {e}"))?;
    Ok(length)
}

/// When a request began, and its body's length or why it failed.
type Attempt = (Instant, Result<usize, String>);

#[test]
fn sigterm_under_load_drains_and_cuts_no_request_begun_before_it() {
    let port = free_port();
    let data = data_dir("drain");
    let mut child = serve(&data, port, &["--drain-seconds", "2", "--grace-seconds", "10"], &[]);
    wait_ready(port);
    let signalled: Arc<OnceLock<Instant>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let log: Arc<Mutex<Vec<Attempt>>> = Arc::default();
    let clients: Vec<_> = (0..6)
        .map(|_| {
            let (signalled, done, log) = (signalled.clone(), done.clone(), log.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
                        if signalled.get().is_some() {
                            return;
                        }
                        continue;
                    };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut conn = BufReader::new(stream);
                    loop {
                        let start = Instant::now();
                        let outcome = get_on(&mut conn, "/en/");
                        let failed = outcome.is_err();
                        log.lock().expect("lock").push((start, outcome));
                        if failed || done.load(Ordering::Relaxed) {
                            break;
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let pid = child.id().to_string();
    let _ = signalled.set(Instant::now());
    let kill = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(kill.success());
    std::thread::sleep(Duration::from_millis(500));
    let (ready, _, body) = http(port, "GET", "/readyz", &[], None).expect("still answering while draining");
    assert_eq!(ready, 503, "not ready once draining: {body}");
    assert!(body.contains("draining"), "{body}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    done.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("client");
    }
    assert!(status.success(), "a clean exit: {status:?}");
    let at = *signalled.get().expect("signalled");
    let log = log.lock().expect("lock");
    let before: Vec<_> = log.iter().filter(|(start, _)| *start < at).collect();
    let failed: Vec<_> = before.iter().filter_map(|(_, r)| r.as_ref().err()).collect();
    assert!(before.len() > 50, "load before the signal: {} requests", before.len());
    assert!(failed.is_empty(), "requests begun before SIGTERM failed: {failed:?}");
    let served_while_draining = log.iter().filter(|(start, r)| *start > at && r.is_ok()).count();
    assert!(
        served_while_draining > 0,
        "requests are still served during the drain delay"
    );
}

#[test]
fn sighup_reads_the_configuration_and_the_content_again_and_metrics_are_served() {
    let dir = data_dir("hangup");
    let site = dir.join("site");
    copy_dir(&fixture(), &site);
    std::fs::write(dir.join("portico.toml"), "hsts = false\n").expect("portico.toml");
    let (port, metrics) = (free_port(), free_port());
    let mut child = serve_with(
        Some(&dir),
        &site,
        &dir.join("data"),
        port,
        &["--metrics-addr", &format!("127.0.0.1:{metrics}")],
        &[],
    );
    wait_ready(port);
    let (_, head, body) = http(port, "GET", "/en/", &[], None).expect("the page");
    assert!(header(&head, "strict-transport-security").is_none());
    assert!(body.contains("Hello."), "{body}");

    std::fs::write(dir.join("portico.toml"), "hsts = true\n").expect("portico.toml");
    std::fs::write(
        site.join("content/en/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nHello again.\n",
    )
    .expect("edit");
    let kill = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    let reloaded = loop {
        let (_, head, body) = http(port, "GET", "/en/", &[], None).expect("still serving");
        if header(&head, "strict-transport-security").is_some() && body.contains("Hello again.") {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // The reload is counted once it has finished (the search index too).
    let mut scrape = None;
    while Instant::now() < deadline {
        scrape = http(metrics, "GET", "/metrics", &[], None);
        if scrape
            .as_ref()
            .is_some_and(|(_, _, t)| t.contains(r#"kind="reload",result="ok""#))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(reloaded, "HSTS on and the edit served after SIGHUP");
    let (status, _, text) = scrape.expect("the metrics listener");
    assert_eq!(status, 200);
    assert!(text.contains("portico_http_requests_total{"), "{text}");
    assert!(
        text.contains(r#"portico_builds_total{kind="reload",result="ok"} 1"#),
        "the reload is counted:\n{text}"
    );
    assert!(
        text.contains(r#"portico_builds_total{kind="start",result="ok"} 1"#),
        "and the start:\n{text}"
    );
}
