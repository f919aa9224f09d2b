//! Filtered lists and gone pages over HTTP: a query in any order finds the
//! same pre-rendered view, an impossible combination gets the list's
//! "nothing matches" page (200), a closed job answers 410 with a useful page.

use axum::body::Body;
use http::StatusCode;

use crate::{demo, get, hdr, req};

async fn page(path: &str) -> (StatusCode, String, String) {
    let (r, b) = get(demo(), req(path).body(Body::empty()).expect("request")).await;
    (
        r.status(),
        hdr(&r, "etag").to_string(),
        String::from_utf8(b).expect("utf-8"),
    )
}

#[tokio::test]
async fn filters_in_any_order_reach_the_same_view() {
    let (s1, e1, a) = page("/en/research/tools/?kind=dataset&license=CC-BY-4.0").await;
    let (s2, e2, b) = page("/en/research/tools/?license=CC-BY-4.0&utm_source=x&kind=dataset").await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(e1, e2, "the same pre-rendered view");
    assert!(a.contains("/en/research/tools/coastset/") && b.contains("/en/research/tools/coastset/"));
    let (_, e3, plain) = page("/en/research/tools/").await;
    assert_ne!(e1, e3, "a filtered view is not the plain list");
    assert!(plain.contains("/en/research/tools/atlas-python-sdk/"));
    // Unknown parameters alone leave the plain list.
    let (_, e4, _) = page("/en/research/tools/?utm_source=x").await;
    assert_eq!(e3, e4);
}

#[tokio::test]
async fn impossible_or_unknown_filters_say_nothing_matches() {
    for q in [
        "kind=dataset&license=MIT&area=nowhere",
        "kind=%F0%9F%92%A5",
        "kind=",
        "kind=dataset&page=99",
    ] {
        let (status, _, body) = page(&format!("/en/research/tools/?{q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert!(body.contains("Nothing matches all of these filters"), "{q}");
        assert!(body.contains("noindex"), "{q}");
    }
}

#[tokio::test]
async fn a_closed_job_is_gone_with_a_useful_page() {
    let (status, _, body) = page("/en/careers/jobs/ux-researcher-emergency-operations/").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(body.contains("closed on"), "it says when it closed");
    assert!(body.contains("/en/careers/jobs/open-data-engineer/") || body.contains("related-jobs"));
    let (status, _, _) = page("/en/careers/jobs/open-data-engineer/").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn feeds_calendars_and_citations_are_served_with_their_types() {
    for (path, ty) in [
        ("/en/stories/feed.xml", "application/atom+xml"),
        ("/en/research/events/calendar.ics", "text/calendar"),
        ("/en/research/events/montreal-open-seminar/event.ics", "text/calendar"),
        ("/en/research/tools/coastset/citation.bib", "application/x-bibtex"),
        (
            "/en/research/tools/coastset/citation.ris",
            "application/x-research-info-systems",
        ),
        (
            "/en/research/tools/coastset/citation.json",
            "application/vnd.citationstyles.csl+json",
        ),
        ("/en/research/tools/coastset/CITATION.cff", "application/yaml"),
    ] {
        let (r, b) = get(demo(), req(path).body(Body::empty()).expect("request")).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(
            hdr(&r, "content-type").starts_with(ty),
            "{path}: {}",
            hdr(&r, "content-type")
        );
        assert!(!b.is_empty());
    }
}
