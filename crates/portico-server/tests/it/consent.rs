//! Consent over HTTP: the banner until a choice, choices recorded before
//! they are acknowledged, withdrawal deleting optional cookies, Global
//! Privacy Control honored and remembered, one validator per state.

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use portico_server::{AppState, ServerConfig};

use crate::{demo_output, encoded, get};

async fn app_with_store() -> (Router, portico_store::Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("portico-consent-{}", rand::random::<u64>()));
    let store = portico_store::Store::open(&dir).await.expect("store");
    let config = ServerConfig {
        store: Some(store.clone()),
        ..ServerConfig::default()
    };
    (
        portico_server::router(AppState::new(encoded(demo_output()), &config)),
        store,
        dir,
    )
}

fn post(form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/consent")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "www.halcyon.example")
        .header(header::REFERER, "https://www.halcyon.example/en/about/");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(form.to_string())).expect("request")
}

fn page(path: &str, cookie: Option<&str>, gpc: bool) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    if gpc {
        r = r.header("sec-gpc", "1");
    }
    r.body(Body::empty()).expect("request")
}

fn set_cookies(r: &http::Response<Body>) -> Vec<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ascii").to_string())
        .collect()
}

fn consent_cookie(r: &http::Response<Body>) -> String {
    let all = set_cookies(r);
    let c = all
        .iter()
        .find(|c| c.starts_with(portico_server::CONSENT_COOKIE))
        .expect("consent cookie");
    c.split(';').next().expect("pair").to_string()
}

#[tokio::test]
async fn a_choice_is_recorded_then_remembered_and_the_banner_goes() {
    let (app, store, dir) = app_with_store().await;
    let (r, body) = get(app.clone(), page("/en/", None, false)).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert!(html.contains(r#"class="consent-banner""#), "banner before a choice");
    let first_etag = r.headers()[header::ETAG].clone();

    let (r, _) = get(app.clone(), post("action=reject&locale=en&from=banner", None)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/en/about/");
    let all = set_cookies(&r);
    let c = &all[0];
    for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(c.contains(attr), "{c} lacks {attr}");
    }
    assert!(c.starts_with("__Host-"));
    let cookie = consent_cookie(&r);
    let id = cookie.split('.').nth(1).expect("id").to_string();

    // Durable before the answer: the record is in the store now.
    let records = store.lookup(&id).await.expect("lookup");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].event.to_string(), "reject");
    assert_eq!(records[0].method.to_string(), "banner");
    assert!(records[0].purposes.values().all(|granted| !granted));
    assert!(!records[0].notice_hash.is_empty());
    assert!(
        records[0].notice_url.starts_with("https://www.halcyon.example/"),
        "the notice's absolute address: {}",
        records[0].notice_url
    );

    let (r, body) = get(app.clone(), page("/en/", Some(&cookie), false)).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert!(!html.contains(r#"class="consent-banner""#), "no banner after a choice");
    assert_ne!(r.headers()[header::ETAG], first_etag, "a new state, a new validator");
    assert!(store.verify().await.expect("verify").is_ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn withdrawing_deletes_the_optional_cookies() {
    let (app, store, dir) = app_with_store().await;
    let (r, _) = get(app.clone(), post("action=accept&locale=fr&from=banner", None)).await;
    let cookie = consent_cookie(&r);
    let (_, body) = get(app.clone(), page("/fr/consent/", Some(&cookie), false)).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert_eq!(
        html.matches(" checked>").count(),
        demo_output().consent.categories.len()
    );

    // Keep only one category: the others are withdrawn.
    let (r, _) = get(
        app.clone(),
        post("action=save&locale=fr&from=manage&allow=media", Some(&cookie)),
    )
    .await;
    let all = set_cookies(&r);
    let deleted: Vec<&String> = all.iter().filter(|c| c.contains("Max-Age=0")).collect();
    let expected: usize = demo_output()
        .consent
        .categories
        .iter()
        .filter(|c| c.id != "media")
        .map(|c| c.cookies.len())
        .sum();
    assert_eq!(deleted.len(), expected, "{all:?}");
    let id = cookie.split('.').nth(1).expect("id");
    let events: Vec<String> = store
        .lookup(id)
        .await
        .expect("lookup")
        .iter()
        .map(|r| r.event.to_string())
        .collect();
    assert_eq!(events, ["accept", "withdraw"]);
    let _ = std::fs::remove_dir_all(dir);
}

fn id_of(cookie: &str) -> String {
    cookie.split('.').nth(1).expect("id").to_string()
}

#[tokio::test]
async fn global_privacy_control_is_honored_and_remembered() {
    let (app, store, dir) = app_with_store().await;
    let (r, body) = get(app.clone(), page("/en/", None, true)).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert!(html.contains("Opt-out preference signal honored"));
    // Remembered in the cookie, without an id: nothing is recorded for a
    // visitor the server does not know.
    let cookie = consent_cookie(&r);
    assert_eq!(id_of(&cookie), "");
    assert_eq!(store.verify().await.expect("verify").records, 0);

    // A later visit without the signal stays opted out.
    let (r, body) = get(app.clone(), page("/en/", Some(&cookie), false)).await;
    assert!(
        String::from_utf8(body)
            .expect("utf-8")
            .contains("Opt-out preference signal honored")
    );
    assert!(set_cookies(&r).is_empty(), "nothing new to remember");

    // Accepting everything afterwards leaves sale/sharing off, and the
    // opt-out is recorded for the new id, before the choice.
    let (r, _) = get(app.clone(), post("action=accept&locale=en", Some(&cookie))).await;
    let after = consent_cookie(&r);
    for c in demo_output().consent.categories.iter().filter(|c| c.sale_sharing) {
        assert!(!after.contains(&c.id), "{after}");
    }
    let id = id_of(&after);
    let events: Vec<String> = store
        .lookup(&id)
        .await
        .expect("lookup")
        .iter()
        .map(|r| r.event.to_string())
        .collect();
    assert_eq!(events, ["gpc_opt_out", "accept"]);

    // Only exactly "1" is a signal.
    let mut r = page("/en/", None, false);
    r.headers_mut()
        .insert("sec-gpc", http::HeaderValue::from_static("true"));
    let (_, body) = get(app.clone(), r).await;
    assert!(
        !String::from_utf8(body)
            .expect("utf-8")
            .contains("Opt-out preference signal honored")
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Nothing a client can repeat at will appends to the store: a page
/// request with the signal writes at most one record per consent id, and
/// none for a visitor without one.
#[tokio::test]
async fn a_repeatable_request_never_grows_the_store() {
    let (app, store, dir) = app_with_store().await;
    for _ in 0..50 {
        let (r, _) = get(app.clone(), page("/en/", None, true)).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(store.verify().await.expect("verify").records, 0, "cookieless GPC");

    // A known visitor (a choice made without the signal) turns GPC on:
    // one record, however often the old cookie comes back with it.
    let (r, _) = get(app.clone(), post("action=accept&locale=en&from=banner", None)).await;
    let cookie = consent_cookie(&r);
    let id = id_of(&cookie);
    for _ in 0..50 {
        let (r, _) = get(app.clone(), page("/en/", Some(&cookie), true)).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let events: Vec<String> = store
        .lookup(&id)
        .await
        .expect("lookup")
        .iter()
        .map(|r| r.event.to_string())
        .collect();
    assert_eq!(events, ["accept", "gpc_opt_out"]);
    // Made-up ids in the right format are not the server's: no record.
    for _ in 0..20 {
        let forged = format!(
            "{}=2.{:032x}.1790000000.n.analytics.2026-11.{:032x}",
            portico_server::CONSENT_COOKIE,
            rand::random::<u128>(),
            rand::random::<u128>()
        );
        let (r, _) = get(app.clone(), page("/en/", Some(&forged), true)).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(store.verify().await.expect("verify").records, 2);
    let _ = std::fs::remove_dir_all(dir);
}

/// A consent id is only ever one the server issued: any other cookie, in
/// any letter case or format, gets a new id on the next choice.
#[tokio::test]
async fn identifiers_from_the_visitor_are_replaced_unless_issued_here() {
    let (app, store, dir) = app_with_store().await;
    let (r, _) = get(app.clone(), post("action=reject&locale=en&from=banner", None)).await;
    let issued = consent_cookie(&r);
    let id = id_of(&issued);
    let tampered = [
        issued.replace(&id, &id.to_ascii_uppercase()),
        issued.replace(".n.", ".g."),
        format!(
            "{}=1.{id}.1790000000.n.analytics.2026-11",
            portico_server::CONSENT_COOKIE
        ),
        format!("{}=2.{id}.1790000000.n..2026-11", portico_server::CONSENT_COOKIE),
    ];
    for cookie in &tampered {
        let (r, _) = get(app.clone(), post("action=accept&locale=en&from=banner", Some(cookie))).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let new = id_of(&consent_cookie(&r));
        assert_ne!(new.to_ascii_lowercase(), id, "{cookie}");
        assert_eq!(new.len(), 32);
        assert!(new.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')), "{new}");
    }
    // The issued cookie keeps its id.
    let (r, _) = get(app.clone(), post("action=accept&locale=en&from=banner", Some(&issued))).await;
    assert_eq!(id_of(&consent_cookie(&r)), id);
    assert_eq!(store.lookup(&id).await.expect("lookup").len(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

/// After a choice the visitor goes back only to a path of this site,
/// re-encoded; anything a browser could read as another host goes home.
#[tokio::test]
async fn redirect_targets_are_paths_of_this_site() {
    let (app, _store, dir) = app_with_store().await;
    let cases = [
        ("https://www.halcyon.example/en/about/", "/en/about/"),
        (
            "https://www.halcyon.example/fr/%C3%A0-propos/?q=a b\"",
            "/fr/%C3%A0-propos/?q=a%20b%22",
        ),
        ("https://www.halcyon.example//evil.example/", "/fr/"),
        ("https://www.halcyon.example/\\\\evil.example/", "/fr/"),
        ("https://www.halcyon.example/\\evil.example/", "/fr/"),
        ("https://www.halcyon.example/%5cevil.example/", "/fr/"),
        ("https://www.halcyon.example/%2F%2Fevil.example/", "/fr/"),
        ("https://www.halcyon.example/%09/evil.example/", "/fr/"),
        ("https://www.halcyon.example/en/%0d%0aSet-Cookie:%20x=1", "/fr/"),
        ("https://www.halcyon.example.evil.example/", "/fr/"),
        ("https://www.halcyon.example@evil.example/", "/fr/"),
    ];
    for (referer, expected) in cases {
        let request = Request::post("/consent")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "www.halcyon.example")
            .header(
                header::REFERER,
                http::HeaderValue::from_bytes(referer.as_bytes()).expect("value"),
            )
            .body(Body::from("action=reject&locale=fr"))
            .expect("request");
        let (r, _) = get(app.clone(), request).await;
        if r.status() == StatusCode::FORBIDDEN {
            // A Referer of another origin: refused outright.
            assert!(!referer.starts_with("https://www.halcyon.example/"), "{referer}");
            continue;
        }
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{referer}");
        assert_eq!(r.headers()[header::LOCATION], expected, "{referer}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A state-changing request from another origin records nothing and sets
/// nothing, whichever path it is sent to.
#[tokio::test]
async fn requests_from_another_origin_change_nothing() {
    let (app, store, dir) = app_with_store().await;
    let forged: [&[(&str, &str)]; 6] = [
        &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")],
        &[
            ("sec-fetch-site", "same-site"),
            ("origin", "https://cdn.halcyon.example"),
        ],
        &[("origin", "https://evil.example")],
        &[("origin", "null")],
        &[("origin", "https://www.halcyon.example.evil.example")],
        &[("referer", "https://evil.example/forms/")],
    ];
    for headers in forged {
        for (method, path) in [
            ("POST", "/consent"),
            ("POST", "/en/"),
            ("PUT", "/consent"),
            ("DELETE", "/en/"),
        ] {
            let mut request = Request::builder()
                .method(method)
                .uri(path)
                .header(header::HOST, "www.halcyon.example")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT_LANGUAGE, "fr");
            for (k, v) in headers {
                request = request.header(*k, *v);
            }
            let (r, body) = get(
                app.clone(),
                request.body(Body::from("action=accept&locale=en")).expect("req"),
            )
            .await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} {headers:?}");
            assert!(set_cookies(&r).is_empty());
            let html = String::from_utf8(body).expect("utf-8");
            assert!(
                html.contains("Trace ID") || html.contains("trace"),
                "the site's error page"
            );
            assert!(!r.headers()["traceparent"].is_empty());
        }
    }
    assert_eq!(store.verify().await.expect("verify").records, 0);
    // The site's own page, as a browser sends it: taken.
    let own = Request::post("/consent")
        .header(header::HOST, "www.halcyon.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("origin", "https://www.halcyon.example")
        .body(Body::from("action=accept&locale=en"))
        .expect("req");
    let (r, _) = get(app.clone(), own).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(store.verify().await.expect("verify").records, 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn bad_choices_get_4xx_and_no_store_gets_503() {
    let (app, _store, dir) = app_with_store().await;
    let (r, _) = get(app.clone(), post("action=everything&locale=en", None)).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookies(&r).is_empty());
    let (r, _) = get(app.clone(), post("%FF%FE=%00&&&", None)).await;
    assert!(r.status().is_client_error(), "{}", r.status());
    let bad_type = Request::post("/consent")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let (r, _) = get(app.clone(), bad_type).await;
    assert!(r.status().is_client_error(), "{}", r.status());
    let (r, _) = get(
        app.clone(),
        Request::get("/consent").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    // Without a store a choice cannot be proven, so it is not taken.
    let no_store = portico_server::router(AppState::new(encoded(demo_output()), &ServerConfig::default()));
    let (r, _) = get(no_store, post("action=accept&locale=en", None)).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(set_cookies(&r).is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_gpc_well_known_resource_says_so() {
    let (app, _store, dir) = app_with_store().await;
    let (r, body) = get(app, page("/.well-known/gpc.json", None, false)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v["gpc"], true);
    assert!(v["lastUpdate"].as_str().is_some_and(|d| d.len() == 10));
    let _ = std::fs::remove_dir_all(dir);
}

/// Every cookie the server sets, whatever sets it, carries the same
/// attributes (the locale cookie once had `Secure` only with `--hsts`).
#[tokio::test]
async fn every_cookie_the_server_sets_follows_one_policy() {
    let (app, _store, dir) = app_with_store().await;
    let mut all = Vec::new();
    let (r, _) = get(app.clone(), page("/fr/?locale=fr", None, false)).await;
    all.extend(set_cookies(&r));
    let (r, _) = get(app.clone(), page("/en/", None, true)).await;
    all.extend(set_cookies(&r));
    let (r, _) = get(app.clone(), post("action=accept&locale=en&from=banner", None)).await;
    let cookie = consent_cookie(&r);
    all.extend(set_cookies(&r));
    let (r, _) = get(app.clone(), post("action=reject&locale=en&from=banner", Some(&cookie))).await;
    all.extend(set_cookies(&r));
    assert!(all.iter().any(|c| c.starts_with("portico_locale=")));
    assert!(all.iter().any(|c| c.contains("Max-Age=0")), "a deletion among them");
    for c in &all {
        for attr in ["; Path=/", "; Secure", "; HttpOnly", "; SameSite="] {
            assert!(c.contains(attr), "{c} lacks {attr}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
