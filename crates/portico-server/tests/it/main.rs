//! The server in-process, driven through its axum Router with `oneshot`,
//! plus a few checks over a real TCP connection for what only hyper sees.

mod admin;
mod consent;
mod discoverability;
mod editor;
mod lists;
mod locales;
mod media;
mod ops;
mod search;
mod stitching;
mod tcp;
mod workflow;

use std::collections::{BTreeSet, VecDeque};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt as _;
use portico_render::{Output, Theme};
use portico_server::{AppState, Levels, ServerConfig, Snapshot};
use tower::ServiceExt as _;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The demo site (`PORTICO_DEMO_SITE` names another copy, to test the
/// server against a known-good site while the demo is being edited).
pub fn demo_dir() -> PathBuf {
    std::env::var_os("PORTICO_DEMO_SITE")
        .filter(|v| !v.is_empty())
        .map_or_else(|| repo().join("site"), PathBuf::from)
}

pub fn demo_output() -> &'static Output {
    static OUT: OnceLock<Output> = OnceLock::new();
    OUT.get_or_init(|| {
        let site = portico_content::load(&demo_dir()).expect("demo site is valid");
        portico_render::render(&site, &Theme::builtin()).expect("demo site renders")
    })
}

/// A snapshot with every body compressed (the server does it in the
/// background; tests want the final state).
pub fn encoded(output: &Output) -> Snapshot {
    let s = Snapshot::build(output, Levels::FAST, None);
    s.encode_all();
    s
}

/// The server secret of the tests' servers (cookies are signed with keys
/// derived from it).
pub const SECRET: [u8; 32] = [1; 32];

fn state_for(output: &Output) -> AppState {
    let config = ServerConfig {
        secret: Some(SECRET),
        ..ServerConfig::default()
    };
    AppState::new(encoded(output), &config)
}

pub fn demo() -> Router {
    static APP: OnceLock<AppState> = OnceLock::new();
    portico_server::router(APP.get_or_init(|| state_for(demo_output())).clone())
}

pub async fn get(app: Router, req: Request<Body>) -> (Response<Body>, Vec<u8>) {
    let resp = app.oneshot(req).await.expect("infallible");
    let (parts, body) = resp.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

/// A URL path as it appears in links: non-ASCII bytes percent-encoded.
pub fn percent_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn req(path: &str) -> http::request::Builder {
    Request::builder().uri(path)
}

async fn fetch(path: &str) -> (Response<Body>, String) {
    let (r, b) = get(demo(), req(path).body(Body::empty()).expect("request")).await;
    (r, String::from_utf8(b).expect("utf-8 body"))
}

pub fn hdr<'a>(r: &'a Response<Body>, name: &str) -> &'a str {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The id printed in the page's trace-id line, in any language.
fn trace_id_in(html: &str) -> Option<String> {
    let start = html.find("class=\"trace-id\">")?;
    let line = &html[start..start + html[start..].find("</p>")?];
    let id = line.get(line.len().checked_sub(32)?..)?;
    id.bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        .then(|| id.to_string())
}

#[tokio::test]
async fn trace_id_in_page_matches_the_header_and_differs_per_request() {
    let (r1, b1) = fetch("/en/").await;
    assert_eq!(r1.status(), StatusCode::OK);
    assert!(b1.contains("Trace ID: "), "the English label");
    let id1 = trace_id_in(&b1).expect("the page shows a trace id");
    let tp = hdr(&r1, "traceparent");
    assert_eq!(&tp[3..35], id1, "header {tp}");
    let (_, b2) = fetch("/en/").await;
    assert_ne!(trace_id_in(&b2).expect("trace id"), id1);
}

#[tokio::test]
async fn a_valid_traceparent_is_continued_and_an_invalid_one_replaced() {
    let id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let valid = format!("00-{id}-00f067aa0ba902b7-01");
    let (r, b) = get(
        demo(),
        req("/en/")
            .header("traceparent", &valid)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    let b = String::from_utf8(b).expect("utf-8");
    assert_eq!(trace_id_in(&b).as_deref(), Some(id));
    assert!(hdr(&r, "traceparent").starts_with(&format!("00-{id}-")));
    assert!(!hdr(&r, "traceparent").contains("00f067aa0ba902b7"), "our span is new");

    let evil = "00-<script>alert(1)</script>aaaaaaaaaaaaaaaaaaaa-00f067aa0ba902b7-01";
    let (r, b) = get(
        demo(),
        req("/en/")
            .header("traceparent", evil)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    let b = String::from_utf8(b).expect("utf-8");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!b.contains("<script>alert(1)"));
    assert!(!hdr(&r, "traceparent").contains("script"));
    assert_eq!(trace_id_in(&b).map(|s| s.len()), Some(32));
}

#[tokio::test]
async fn compressed_bodies_decode_to_the_identity_body() {
    let tp = "00-0123456789abcdef0123456789abcdef-00f067aa0ba902b7-01";
    let mut bodies = Vec::new();
    for enc in ["identity", "gzip", "br"] {
        let (r, b) = get(
            demo(),
            req("/fr/")
                .header("traceparent", tp)
                .header("accept-encoding", enc)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(hdr(&r, "content-length"), b.len().to_string());
        let plain = match enc {
            "gzip" => {
                assert_eq!(hdr(&r, "content-encoding"), "gzip");
                let mut s = Vec::new();
                flate2::read::GzDecoder::new(&b[..]).read_to_end(&mut s).expect("gzip");
                s
            }
            "br" => {
                assert_eq!(hdr(&r, "content-encoding"), "br");
                let mut s = Vec::new();
                brotli::Decompressor::new(&b[..], 4096)
                    .read_to_end(&mut s)
                    .expect("brotli");
                s
            }
            _ => {
                assert_eq!(hdr(&r, "content-encoding"), "");
                b
            }
        };
        bodies.push(plain);
    }
    assert!(bodies[0].len() > 1000);
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0], bodies[2]);
}

#[tokio::test]
async fn conditional_get_and_head() {
    let (r, body) = fetch("/en/").await;
    let etag = hdr(&r, "etag").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    let (r304, b) = get(
        demo(),
        req("/en/")
            .header("if-none-match", &etag)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r304.status(), StatusCode::NOT_MODIFIED);
    assert!(b.is_empty());
    assert_eq!(hdr(&r304, "etag"), etag);
    assert!(!hdr(&r304, "traceparent").is_empty());

    let (rh, b) = get(demo(), req("/en/").method("HEAD").body(Body::empty()).expect("req")).await;
    assert_eq!(rh.status(), StatusCode::OK);
    assert!(b.is_empty());
    assert_eq!(hdr(&rh, "content-length"), body.len().to_string());
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    for path in ["/en/", "/en/nope/", "/", "/en", "/static/css/site.css"] {
        let (r, _) = fetch(path).await;
        let csp = hdr(&r, "content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(hdr(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(hdr(&r, "referrer-policy"), "strict-origin-when-cross-origin");
        assert_eq!(hdr(&r, "cross-origin-resource-policy"), "same-origin");
        assert!(
            hdr(&r, "strict-transport-security").is_empty(),
            "no HSTS unless configured"
        );
        assert_eq!(hdr(&r, "traceparent").len(), 55, "{path}");
    }
    let state = AppState::new(
        encoded(demo_output()),
        &ServerConfig {
            hsts: true,
            ..ServerConfig::default()
        },
    );
    let (r, _) = get(
        portico_server::router(state),
        req("/en/").body(Body::empty()).expect("req"),
    )
    .await;
    assert!(hdr(&r, "strict-transport-security").starts_with("max-age="));
}

#[tokio::test]
async fn root_redirects_to_the_best_locale() {
    let (r, _) = get(
        demo(),
        req("/")
            .header("accept-language", "fr-CA,fr;q=0.9,en;q=0.5")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(hdr(&r, "location"), "/fr/");
    assert!(hdr(&r, "vary").contains("Accept-Language"));
    let (r, _) = fetch("/").await;
    assert_eq!(hdr(&r, "location"), "/en/");
}

#[tokio::test]
async fn errors_are_pages_in_the_visitors_locale_with_a_trace_id() {
    let (r, b) = fetch("/fr/cette-page-n-existe-pas/").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(b.contains("lang=\"fr\""));
    let id = trace_id_in(&b).expect("404 page shows the trace id");
    assert_eq!(&hdr(&r, "traceparent")[3..35], id);

    let (r, b) = get(
        demo(),
        req("/nowhere")
            .header("accept-language", "fr")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(String::from_utf8(b).expect("utf-8").contains("lang=\"fr\""));
}

#[tokio::test]
async fn a_panic_becomes_the_500_page() {
    let state = AppState::new(encoded(demo_output()), &ServerConfig::default());
    let routes = Router::new().route(
        "/fr/boom",
        axum::routing::get(|| async {
            if true {
                panic!("deliberate");
            }
            "unreachable"
        }),
    );
    let app = portico_server::with_layers(routes, state);
    let (r, b) = get(app, req("/fr/boom").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let b = String::from_utf8(b).expect("utf-8");
    assert!(b.contains("lang=\"fr\""));
    let id = trace_id_in(&b).expect("500 page shows the trace id");
    assert_eq!(&hdr(&r, "traceparent")[3..35], id);
    assert!(!hdr(&r, "content-security-policy").is_empty());
}

#[tokio::test]
async fn malformed_requests_get_4xx_never_5xx() {
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            req("/%ff%fe/").body(Body::empty()).expect("req"),
            StatusCode::BAD_REQUEST,
        ),
        (
            req("/en/").method("POST").body(Body::from("x")).expect("req"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            req("/en/").method("DELETE").body(Body::empty()).expect("req"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (req("/en/%00/").body(Body::empty()).expect("req"), StatusCode::NOT_FOUND),
        (
            req("/../../etc/passwd").body(Body::empty()).expect("req"),
            StatusCode::NOT_FOUND,
        ),
        (
            req("/en/")
                .header("accept-language", "x".repeat(60_000))
                .body(Body::empty())
                .expect("req"),
            StatusCode::OK,
        ),
        (
            req("/")
                .header("accept-language", "en;q=2, fr;q=-1, ;;;=,q=0.x, *;q=NaN")
                .body(Body::empty())
                .expect("req"),
            StatusCode::FOUND,
        ),
        (
            req("/en/")
                .header("accept-encoding", "br;q=abc, gzip;q=")
                .body(Body::empty())
                .expect("req"),
            StatusCode::OK,
        ),
        (
            req("/en/")
                .header("if-none-match", "\"zz\", W/, *x, \"\"")
                .body(Body::empty())
                .expect("req"),
            StatusCode::OK,
        ),
        (
            req("/en/")
                .header("traceparent", "00-".repeat(500))
                .body(Body::empty())
                .expect("req"),
            StatusCode::OK,
        ),
        // A state-changing request from another origin, to any path.
        (
            req("/consent")
                .method("POST")
                .header("origin", "https://evil.example")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("action=accept"))
                .expect("req"),
            StatusCode::FORBIDDEN,
        ),
        (
            req("/en/")
                .method("POST")
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .expect("req"),
            StatusCode::FORBIDDEN,
        ),
        // More body than any route takes, declared up front.
        (
            req("/consent")
                .method("POST")
                .header("content-length", "99999999999")
                .body(Body::empty())
                .expect("req"),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        // A form in a type no route reads.
        (
            req("/consent")
                .method("POST")
                .header("content-type", "multipart/form-data; boundary=x")
                .body(Body::from("--x--"))
                .expect("req"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        // Times and ids from a cookie: range-checked, format-checked.
        (
            req("/en/")
                .header(
                    "cookie",
                    "__Host-portico_consent=2.0123456789ABCDEF0123456789ABCDEF.-9223372036854775808.n.analytics.x.y",
                )
                .body(Body::empty())
                .expect("req"),
            StatusCode::OK,
        ),
        // A path that a browser would read as another host.
        (
            req("/%5Cevil.example/?locale=fr").body(Body::empty()).expect("req"),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (request, expected) in cases {
        let desc = format!("{} {}", request.method(), request.uri());
        let (r, _) = get(demo(), request).await;
        assert_eq!(r.status(), expected, "{desc}");
    }
    let (r, _) = fetch("/en/").await;
    assert_eq!(hdr(&r, "allow"), "");
    let (r, _) = get(demo(), req("/en/").method("PUT").body(Body::empty()).expect("req")).await;
    assert_eq!(hdr(&r, "allow"), "GET, HEAD");
}

#[tokio::test]
async fn missing_trailing_slash_redirects() {
    let (r, _) = fetch("/en/about").await;
    assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(hdr(&r, "location"), "/en/about/");
}

#[tokio::test]
async fn assets_are_hashed_and_immutable() {
    let (_, home) = fetch("/en/").await;
    let css = home
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/static/css/") && h.ends_with(".css"))
        .expect("the page links its stylesheet")
        .to_string();
    assert_ne!(css, "/static/css/site.css", "the URL carries a content hash");
    let (r, b) = fetch(&css).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(hdr(&r, "cache-control").contains("immutable"));
    assert!(hdr(&r, "content-type").starts_with("text/css"));
    assert!(!b.is_empty());
}

#[tokio::test]
async fn a_swapped_snapshot_is_served_at_once() {
    let fixtures = repo().join("crates/portico-content/test_data");
    let load = |name: &str| {
        let site = portico_content::load(&fixtures.join(name)).expect("fixture");
        Snapshot::build(
            &portico_render::render(&site, &Theme::builtin()).expect("render"),
            Levels::FAST,
            None,
        )
    };
    let state = AppState::new(load("minimal"), &ServerConfig::default());
    let app = portico_server::router(state.clone());
    let (r, _) = get(app.clone(), req("/fr/").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    state.swap(load("i18n"));
    let (r, _) = get(app, req("/fr/").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Every link and asset reachable from each locale's home page answers 200.
#[tokio::test]
async fn every_internal_link_and_asset_answers_200() {
    let locales: Vec<String> = demo_output().locales.iter().map(|(c, _)| format!("/{c}/")).collect();
    let mut queue: VecDeque<String> = locales.into_iter().collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    let mut media = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let (r, body) = fetch(&path).await;
        // The locale picker's links remember the choice and redirect.
        if r.status() == StatusCode::SEE_OTHER {
            let to = hdr(&r, "location").to_string();
            if seen.insert(to.clone()) {
                queue.push_back(to);
            }
            continue;
        }
        if r.status() != StatusCode::OK {
            broken.push(format!("{path}: {}", r.status()));
            continue;
        }
        if !hdr(&r, "content-type").starts_with("text/html") {
            continue;
        }
        for attr in ["href=\"", "src=\""] {
            for chunk in body.split(attr).skip(1) {
                let Some(url) = chunk.split('"').next() else { continue };
                if !url.starts_with('/') || url.starts_with("//") {
                    continue;
                }
                // As a browser does: drop the fragment, encode non-ASCII.
                let url = percent_path(&url.split('#').next().unwrap_or("").replace("&amp;", "&"));
                // The media library's files come from the store, which this
                // app has none of (media.rs serves them from one).
                if let Some(file) = url.strip_prefix("/media/") {
                    let name = file.rsplit('/').next().unwrap_or("");
                    if portico_content::CropName::parse(name).is_none() && !name.ends_with(".jpg") {
                        broken.push(format!("{path}: {url} is no media file name"));
                    }
                    media.insert(url);
                    continue;
                }
                if seen.insert(url.clone()) {
                    queue.push_back(url);
                }
            }
        }
    }
    assert!(seen.len() > 60, "crawled only {} URLs", seen.len());
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert!(!media.is_empty(), "the leaders' portraits are library files");
    let _ = header::LOCATION;
}

#[tokio::test]
async fn every_request_writes_one_access_line_with_its_trace_id() {
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    let config = ServerConfig {
        access_log: Some(portico_server::AccessLog::new(move |l: &[u8]| {
            sink.lock().expect("lock").push(String::from_utf8_lossy(l).into_owned());
        })),
        ..ServerConfig::default()
    };
    let app = portico_server::router(AppState::new(encoded(demo_output()), &config));
    let (r, _) = get(app.clone(), req("/en/").body(Body::empty()).expect("req")).await;
    let (_, _) = get(app, req("/en/\"quoted\"\\path").body(Body::empty()).expect("req")).await;
    let lines = lines.lock().expect("lock").clone();
    assert_eq!(lines.len(), 2);
    let first: serde_json::Value = serde_json::from_str(&lines[0]).expect("a JSON line");
    assert_eq!(first["http.status"], 200);
    assert_eq!(first["url.path"], "/en/");
    assert_eq!(first["trace.id"].as_str(), Some(&hdr(&r, "traceparent")[3..35]));
    let second: serde_json::Value = serde_json::from_str(&lines[1]).expect("quotes and backslashes are escaped");
    assert_eq!(second["http.status"], 404);
    assert!(lines.iter().all(|l| l.ends_with('\n') && l.matches('\n').count() == 1));
}
