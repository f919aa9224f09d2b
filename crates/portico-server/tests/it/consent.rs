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

#[tokio::test]
async fn global_privacy_control_is_honored_and_remembered() {
    let (app, store, dir) = app_with_store().await;
    let (r, body) = get(app.clone(), page("/en/", None, true)).await;
    let html = String::from_utf8(body).expect("utf-8");
    assert!(html.contains("Opt-out preference signal honored"));
    let cookie = consent_cookie(&r);
    let id = cookie.split('.').nth(1).expect("id").to_string();
    let records = store.lookup(&id).await.expect("lookup");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].event.to_string(), "gpc_opt_out");
    assert_eq!(records[0].method.to_string(), "gpc");

    // A later visit without the signal stays opted out, and the signal is
    // not recorded twice.
    let (_, body) = get(app.clone(), page("/en/", Some(&cookie), false)).await;
    assert!(
        String::from_utf8(body)
            .expect("utf-8")
            .contains("Opt-out preference signal honored")
    );
    let (_, _) = get(app.clone(), page("/en/", Some(&cookie), true)).await;
    assert_eq!(store.lookup(&id).await.expect("lookup").len(), 1);

    // Accepting everything afterwards still leaves sale/sharing off.
    let (r, _) = get(app.clone(), post("action=accept&locale=en", Some(&cookie))).await;
    let after = consent_cookie(&r);
    for c in demo_output().consent.categories.iter().filter(|c| c.sale_sharing) {
        assert!(!after.contains(&c.id), "{after}");
    }
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
