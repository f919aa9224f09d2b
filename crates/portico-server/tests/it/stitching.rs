//! Every stitched response decompresses to exactly the bytes of an
//! uncompressed render, over every page of the demo site and random ids.

use std::io::Read as _;

use portico_render::Hole;
use portico_server::{Levels, Snapshot};
use proptest::prelude::*;

use crate::{demo_output, get, req};

fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        "br" => {
            brotli::Decompressor::new(bytes, 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        _ => out.extend_from_slice(bytes),
    }
    out
}

/// The page as a visitor sees it: on a first visit (banner, nothing
/// checked) or after accepting everything with a Global Privacy Control
/// signal (no banner, the notice, every category but sale/sharing checked).
pub fn expected(page: &portico_render::Page, trace_id: &str, accepted_with_gpc: bool) -> String {
    let consent = &demo_output().consent;
    let texts = &consent.locales[&page.locale];
    let allowed = |i: u8| accepted_with_gpc && !consent.categories[usize::from(i)].sale_sharing;
    page.html.fill_with(
        |hole| match hole {
            Hole::TraceId => trace_id,
            Hole::ConsentBanner if !accepted_with_gpc => &texts.banner,
            Hole::GpcNotice if accepted_with_gpc => &texts.gpc_notice,
            Hole::ConsentChecked(i) if allowed(i) => " checked",
            _ => "",
        },
        allowed,
    )
}

/// A consent cookie that accepted every category just now, signed as the
/// server signs it (ARCHITECTURE.md, "Consent") with the tests' secret.
pub fn accepted_cookie() -> String {
    let consent = &demo_output().consent;
    let all: Vec<&str> = consent.categories.iter().map(|c| c.id.as_str()).collect();
    let text = format!(
        "2.{}.{}.n.{}.{}",
        "0123456789abcdef0123456789abcdef",
        jiff::Timestamp::now().as_second(),
        all.join("+"),
        consent.policy_version
    );
    let key = blake3::derive_key("portico 2026-12 consent cookie", &crate::SECRET);
    let sig = &blake3::keyed_hash(&key, text.as_bytes()).to_hex()[..32];
    format!("{}={text}.{sig}", portico_server::CONSENT_COOKIE)
}

#[test]
fn pages_share_one_copy_of_their_header_and_footer() {
    let output = demo_output();
    let snapshot = Snapshot::build(output, Levels::FAST, None);
    let (distinct, bytes) = snapshot.shared_texts();
    // Per locale: a header per current section and the two footer parts;
    // far fewer than the pages that hold them.
    assert!(distinct > 0, "nothing is shared");
    assert!(
        distinct * 10 < output.pages.len(),
        "{distinct} shared texts for {} pages",
        output.pages.len()
    );
    assert!(bytes > distinct * 200, "{bytes} bytes in {distinct} texts");
    let with_shared = output
        .pages
        .iter()
        .filter(|p| {
            p.html
                .parts
                .iter()
                .any(|x| matches!(x, portico_render::Part::Shared(_)))
        })
        .count();
    assert_eq!(with_shared, output.pages.len(), "every page shares its header");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn stitched_pages_equal_the_plain_render(
        page in 0usize..10_000,
        id in proptest::array::uniform16(any::<u8>()),
        accepted_with_gpc in any::<bool>(),
    ) {
        let output = demo_output();
        let page = &output.pages[page % output.pages.len()];
        let trace_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        prop_assume!(trace_id.bytes().any(|b| b != b'0'));
        let expected = expected(page, &trace_id, accepted_with_gpc);
        let app = crate::demo();
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        for enc in ["identity", "gzip", "br"] {
            let mut request = req(&page.path)
                .header("accept-encoding", enc)
                .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"));
            if accepted_with_gpc {
                request = request.header("cookie", accepted_cookie()).header("sec-gpc", "1");
            }
            let request = request.body(axum::body::Body::empty()).expect("request");
            let (r, body) = rt.block_on(get(app.clone(), request));
            // 200, or 410 for a page that says it is gone (a closed job).
            prop_assert_eq!(r.status().as_u16(), page.status, "{}", page.path);
            let plain = decode(enc, &body);
            prop_assert_eq!(String::from_utf8(plain).expect("utf-8"), expected.clone(), "{} {}", page.path, enc);
        }
    }
}

#[test]
fn the_best_levels_also_round_trip() {
    // The server compresses at the best levels; the tests above use the
    // fast ones. One page at the best levels, every encoding.
    let output = demo_output();
    let snapshot = Snapshot::build(output, Levels::default(), None);
    snapshot.encode_all();
    assert_eq!(snapshot.pending(), 0);
    let app = portico_server::router(portico_server::AppState::new(snapshot, &Default::default()));
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let page = &output.pages[0];
    let id = "0123456789abcdef0123456789abcdef";
    // Identity comes from the deflate form: compressed bodies keep no plain
    // copy.
    for enc in ["identity", "gzip", "br"] {
        let request = req(&page.path)
            .header("accept-encoding", enc)
            .header("traceparent", format!("00-{id}-00f067aa0ba902b7-01"))
            .body(axum::body::Body::empty())
            .expect("request");
        let (r, body) = rt.block_on(get(app.clone(), request));
        assert_eq!(
            r.headers().get("content-encoding").map(|v| v.to_str().expect("ascii")),
            (enc != "identity").then_some(enc)
        );
        assert_eq!(
            String::from_utf8(decode(enc, &body)).expect("utf-8"),
            expected(page, id, false)
        );
    }
}

#[tokio::test]
async fn a_new_snapshot_answers_at_once_uncompressed_then_compressed() {
    let output = demo_output();
    let snapshot = Snapshot::build(output, Levels::FAST, None);
    assert!(snapshot.pending() > 0, "nothing is compressed before serving starts");
    let state = portico_server::AppState::new(snapshot, &Default::default());
    let app = portico_server::router(state.clone());
    let path = &output.pages[output.pages.len() / 2].path;
    let ask = || {
        req(path)
            .header("accept-encoding", "gzip")
            .body(axum::body::Body::empty())
            .expect("request")
    };
    // Until its page is compressed, a request gets identity (and moves the
    // page to the front of the queue); soon after, gzip.
    let mut saw_gzip = false;
    for _ in 0..200 {
        let (r, body) = get(app.clone(), ask()).await;
        assert_eq!(r.status(), http::StatusCode::OK);
        match r.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("")) {
            Some("gzip") => {
                assert!(!decode("gzip", &body).is_empty());
                saw_gzip = true;
                break;
            }
            None => assert!(String::from_utf8(body).expect("identity").contains("</html>")),
            Some(other) => panic!("unexpected encoding {other}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(saw_gzip, "the page was compressed in the background");
}
