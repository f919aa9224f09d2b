//! The staff's side over HTTP: sign-in links, passwords, the second
//! factor, throttling, sessions, the form token, roles, API tokens — with
//! the real store and the real hashing.

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use portico_auth::{Role, Scope, secret, totp};
use portico_server::{AppState, ServerConfig};
use portico_store::{Actor, AuditAction, Store};

use crate::{SECRET, encoded, get, repo};

pub(crate) const HOST: &str = "bilingue.example";

/// A small two-locale site: the admin pages live in any site's layout,
/// and a small one is quick to build for every test.
pub(crate) fn site() -> &'static portico_render::Output {
    static OUT: std::sync::OnceLock<portico_render::Output> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let dir = repo().join("crates/portico-content/test_data/i18n");
        let site = portico_content::load(&dir).expect("the i18n fixture is valid");
        portico_render::render(&site, &portico_render::Theme::builtin()).expect("it renders")
    })
}

pub(crate) async fn app() -> (Router, Store) {
    let dir = std::env::temp_dir().join(format!("portico-admin-{}", rand::random::<u64>()));
    let store = Store::open(&dir).await.expect("store");
    let config = ServerConfig {
        store: Some(store.clone()),
        secret: Some(SECRET),
        ..ServerConfig::default()
    };
    (portico_server::router(AppState::new(encoded(site()), &config)), store)
}

pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A browser's request from the site's own pages.
pub(crate) fn req(method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header("sec-fetch-site", "same-origin")
        .header(header::USER_AGENT, "Test browser");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    match form {
        Some(f) => r
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(f.to_string())),
        None => r.body(Body::empty()),
    }
    .expect("request")
}

pub(crate) fn set_cookie(r: &http::Response<Body>, name: &str) -> Option<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The `name=value` of a Set-Cookie that sets a value.
pub(crate) fn pair(set: &str) -> String {
    set.split(';').next().expect("pair").to_string()
}

pub(crate) fn csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().expect("value").to_string()
}

pub(crate) async fn account(store: &Store, email: &str, role: Role, scope: &Scope) {
    store
        .create_account(email, "", role, scope, &Actor::cli())
        .await
        .expect("account");
}

/// A session for `email` by way of a sign-in link: the session cookie.
pub(crate) async fn via_link(app: &Router, store: &Store, email: &str) -> String {
    let link = secret::new(secret::Kind::Link);
    store
        .create_link(email, &secret::hash(&link), now(), now() + 3600, &Actor::cli())
        .await
        .expect("link");
    let (r, _) = get(app.clone(), req("POST", &format!("/admin/link/{link}"), None, Some(""))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    pair(&set_cookie(&r, "__Host-portico_session").expect("session cookie"))
}

async fn set_password(app: &Router, cookie: &str, password: &str) -> http::Response<Body> {
    let (_, html) = get(app.clone(), req("GET", "/admin/account", Some(cookie), None)).await;
    let token = csrf(&String::from_utf8(html).expect("utf-8"));
    let form = format!("csrf={token}&password={}", password.replace(' ', "+"));
    get(
        app.clone(),
        req("POST", "/admin/account/password", Some(cookie), Some(&form)),
    )
    .await
    .0
}

const GOOD: &str = "lagoon kettle orbit marmalade";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_link_works_once_and_opening_it_uses_nothing_up() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let link = secret::new(secret::Kind::Link);
    store
        .create_link(
            "ana@halcyon.example",
            &secret::hash(&link),
            now(),
            now() + 3600,
            &Actor::cli(),
        )
        .await
        .expect("link");
    let path = format!("/admin/link/{link}");
    let (r, html) = get(app.clone(), req("GET", &path, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::REFERRER_POLICY], "same-origin");
    assert!(set_cookie(&r, "__Host-portico_session").is_none());
    assert!(
        String::from_utf8(html)
            .expect("utf-8")
            .contains(&format!("action=\"{path}\""))
    );
    let (r, _) = get(app.clone(), req("POST", &path, None, Some(""))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/admin/account");
    let set = set_cookie(&r, "__Host-portico_session").expect("session cookie");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(set.contains(attr), "{set}");
    }
    assert!(!set.contains("Domain"), "{set}");
    let (again, _) = get(app.clone(), req("POST", &path, None, Some(""))).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "a used link");
    // An expired link is refused too.
    let old = secret::new(secret::Kind::Link);
    store
        .create_link(
            "ana@halcyon.example",
            &secret::hash(&old),
            now() - 7200,
            now() - 1,
            &Actor::cli(),
        )
        .await
        .expect("link");
    let (r, _) = get(app.clone(), req("POST", &format!("/admin/link/{old}"), None, Some(""))).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(set_cookie(&r, "__Host-portico_session").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_is_checked_then_signs_in_with_a_fresh_session() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let first = via_link(&app, &store, "ana@halcyon.example").await;
    // A weak one is refused and nothing changes.
    let r = set_password(&app, &first, "passwordpassword").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        !store
            .account("ana@halcyon.example")
            .await
            .expect("read")
            .expect("account")
            .has_password
    );
    let r = set_password(&app, &first, GOOD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let second = pair(&set_cookie(&r, "__Host-portico_session").expect("a new session"));
    assert_ne!(first, second);
    // Every earlier session ended with the change.
    let (r, _) = get(app.clone(), req("GET", "/admin/", Some(&first), None)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/admin/sign-in");
    let (r, _) = get(app.clone(), req("GET", "/admin/", Some(&second), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Signing in: an attacker-chosen session id sent along is not kept.
    let planted = format!("__Host-portico_session={}", secret::new(secret::Kind::Session));
    let form = format!("email=Ana%40Halcyon.example&password={}", GOOD.replace(' ', "+"));
    let (r, _) = get(app.clone(), req("POST", "/admin/sign-in", Some(&planted), Some(&form))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let third = pair(&set_cookie(&r, "__Host-portico_session").expect("session"));
    assert_ne!(third, planted);
    let (r, html) = get(app.clone(), req("GET", "/admin/", Some(&third), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
    assert!(String::from_utf8(html).expect("utf-8").contains("ana@halcyon.example"));
    let methods: Vec<String> = store
        .audit_lookup("ana@halcyon.example", None)
        .await
        .expect("audit")
        .iter()
        .filter(|r| r.entry.action == AuditAction::SignIn)
        .map(|r| r.entry.detail["method"].clone())
        .collect();
    assert_eq!(methods, ["link", "link", "password"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let cookie = via_link(&app, &store, "ana@halcyon.example").await;
    assert_eq!(set_password(&app, &cookie, GOOD).await.status(), StatusCode::SEE_OTHER);
    let answer = |form: &'static str| {
        let app = app.clone();
        async move {
            let (r, html) = get(app, req("POST", "/admin/sign-in", None, Some(form))).await;
            let html = String::from_utf8(html).expect("utf-8");
            // The trace id differs per request, and the address is echoed.
            let cut = html.find("Trace ID").map_or(html.len(), |i| i);
            (
                r.status(),
                html[..cut].replace("nobody@halcyon.example", "ana@halcyon.example"),
            )
        }
    };
    let wrong = answer("email=ana%40halcyon.example&password=not+the+right+one+at+all").await;
    let unknown = answer("email=nobody%40halcyon.example&password=not+the+right+one+at+all").await;
    assert_eq!(wrong.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong, unknown);
    let failed = store.audit_lookup("nobody@halcyon.example", None).await.expect("audit");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].entry.action, AuditAction::SignInFailed);
    assert!(
        !failed[0].entry.detail.values().any(|v| v.contains("not the right")),
        "no password in the trail"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_slow_an_account_down_without_locking_it() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let cookie = via_link(&app, &store, "ana@halcyon.example").await;
    assert_eq!(set_password(&app, &cookie, GOOD).await.status(), StatusCode::SEE_OTHER);
    for i in 0..6 {
        // Case and spaces do not make another key.
        let email = if i % 2 == 0 {
            "ana%40halcyon.example"
        } else {
            "+ANA%40Halcyon.Example+"
        };
        let form = format!("email={email}&password=wrong+guess+number+{i}");
        let (r, _) = get(app.clone(), req("POST", "/admin/sign-in", None, Some(&form))).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let right = format!("email=ana%40halcyon.example&password={}", GOOD.replace(' ', "+"));
    let (r, _) = get(app.clone(), req("POST", "/admin/sign-in", None, Some(&right))).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "the seventh try waits");
    let wait: u64 = r.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&wait), "{wait}");
    // The wait ends by itself: once it has passed, the right password works.
    let key = "account:ana@halcyon.example";
    let (count, last) = store.failures(key).await.expect("failures");
    store.set_failures(key, count, last - 31).await.expect("age");
    let (r, _) = get(app.clone(), req("POST", "/admin/sign-in", None, Some(&right))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        store.failures(key).await.expect("failures"),
        (0, 0),
        "a success clears the account's count"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_factor_is_asked_for_and_each_code_works_once() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let cookie = via_link(&app, &store, "ana@halcyon.example").await;
    assert_eq!(set_password(&app, &cookie, GOOD).await.status(), StatusCode::SEE_OTHER);
    let a = store
        .account("ana@halcyon.example")
        .await
        .expect("read")
        .expect("account");
    let key = [9u8; 20];
    let codes = secret::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| secret::recovery_hash(c)).collect();
    store
        .enable_totp(a.id, &key, 0, &hashes, &Actor::cli())
        .await
        .expect("totp");
    let form = format!("email=ana%40halcyon.example&password={}", GOOD.replace(' ', "+"));
    let sign_in = || async {
        let (r, _) = get(app.clone(), req("POST", "/admin/sign-in", None, Some(&form))).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/admin/sign-in/code");
        assert!(
            set_cookie(&r, "__Host-portico_session").is_none(),
            "no session before the code"
        );
        pair(&set_cookie(&r, "__Host-portico_pending").expect("pending"))
    };
    let pending = sign_in().await;
    let code = totp::code_at(&key, u64::try_from(now()).expect("time"));
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/sign-in/code",
            Some(&pending),
            Some(&format!("code={code}")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&r, "__Host-portico_session").is_some());
    // The same code again is a replay.
    let pending = sign_in().await;
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/sign-in/code",
            Some(&pending),
            Some(&format!("code={code}")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A recovery code stands in, once.
    let form_code = format!("code={}", codes[0]);
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/sign-in/code", Some(&pending), Some(&form_code)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/sign-in/code", Some(&pending), Some(&form_code)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A forged pending cookie is no sign-in.
    let forged = format!("__Host-portico_pending={}.9999999999.{}", a.id, "0".repeat(64));
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/sign-in/code",
            Some(&forged),
            Some(&format!("code={code}")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_need_their_token_and_other_origins_change_nothing() {
    let (app, store) = app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let cookie = via_link(&app, &store, "ana@halcyon.example").await;
    let before = store.audit_verify().await.expect("verify").records;
    // Signed in, but without the form's token.
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/account/sessions/end-all",
            Some(&cookie),
            Some("csrf=wrong"),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // From another site, with the right token.
    let (_, html) = get(app.clone(), req("GET", "/admin/account", Some(&cookie), None)).await;
    let token = csrf(&String::from_utf8(html).expect("utf-8"));
    let forged = Request::post("/admin/account/sessions/end-all")
        .header(header::HOST, HOST)
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={token}")))
        .expect("request");
    let (r, _) = get(app.clone(), forged).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let forged_sign_in = Request::post("/admin/sign-in")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=ana%40halcyon.example&password=x"))
        .expect("request");
    let (r, _) = get(app.clone(), forged_sign_in).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        store.audit_verify().await.expect("verify").records,
        before,
        "nothing happened"
    );
    let (r, _) = get(app.clone(), req("GET", "/admin/", Some(&cookie), None)).await;
    assert_eq!(r.status(), StatusCode::OK, "still signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_is_refused_what_only_an_admin_may_do_and_it_is_logged() {
    let (app, store) = app().await;
    account(&store, "root@halcyon.example", Role::Admin, &Scope::all()).await;
    account(
        &store,
        "rec@halcyon.example",
        Role::Editor,
        &Scope::new(&["careers/"], &[] as &[&str]).expect("scope"),
    )
    .await;
    let editor = via_link(&app, &store, "rec@halcyon.example").await;
    for path in ["/admin/accounts", "/admin/audit"] {
        let (r, _) = get(app.clone(), req("GET", path, Some(&editor), None)).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let denied = store
        .audit_lookup("rec@halcyon.example", None)
        .await
        .expect("audit")
        .iter()
        .filter(|r| r.entry.action == AuditAction::AccessDenied)
        .count();
    assert_eq!(denied, 2);
    // The administrator invites someone and gets a link to hand over.
    let admin = via_link(&app, &store, "root@halcyon.example").await;
    let (_, html) = get(app.clone(), req("GET", "/admin/accounts", Some(&admin), None)).await;
    let token = csrf(&String::from_utf8(html).expect("utf-8"));
    let form = format!("csrf={token}&email=fr%40halcyon.example&name=&role=editor&sections=&locales=fr");
    let (r, html) = get(app.clone(), req("POST", "/admin/accounts", Some(&admin), Some(&form))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("/admin/link/pl_"), "the link is shown once");
    let made = store
        .account("fr@halcyon.example")
        .await
        .expect("read")
        .expect("account");
    assert_eq!(
        (made.role, made.locales.clone()),
        (Role::Editor, vec!["fr".to_string()])
    );
    // An administrator cannot be scoped.
    let form = format!("csrf={token}&email=x%40halcyon.example&role=admin&sections=careers%2F&locales=");
    let (r, _) = get(app.clone(), req("POST", "/admin/accounts", Some(&admin), Some(&form))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_authenticate_until_revoked() {
    let (app, store) = app().await;
    account(&store, "bot@halcyon.example", Role::Editor, &Scope::all()).await;
    let value = secret::new(secret::Kind::Token);
    let t = store
        .create_token(
            "bot@halcyon.example",
            &secret::hash(&value),
            "deploys",
            now(),
            None,
            &Actor::cli(),
        )
        .await
        .expect("token");
    let call = |auth: Option<String>| {
        let app = app.clone();
        async move {
            let mut r = Request::get("/api/v1/me");
            if let Some(a) = auth {
                r = r.header(header::AUTHORIZATION, a);
            }
            get(app, r.body(Body::empty()).expect("request")).await
        }
    };
    let (r, _) = call(None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.headers()[header::WWW_AUTHENTICATE]
            .to_str()
            .expect("ascii")
            .starts_with("Bearer")
    );
    let (r, body) = call(Some(format!("Bearer {value}"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(me["email"], "bot@halcyon.example");
    assert_eq!(me["role"], "editor");
    let (r, _) = call(Some(format!("Bearer {}", secret::new(secret::Kind::Token)))).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    store.revoke_token(t.id, now(), &Actor::cli()).await.expect("revoke");
    let (r, _) = call(Some(format!("Bearer {value}"))).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_stay_cookie_free_and_link_to_the_sign_in() {
    let (app, _) = app().await;
    let (r, html) = get(app.clone(), req("GET", "/en/", None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get(header::SET_COOKIE).is_none());
    assert!(
        String::from_utf8(html)
            .expect("utf-8")
            .contains("href=\"/admin/sign-in\"")
    );
    let (r, html) = get(
        app.clone(),
        Request::get("/admin/sign-in")
            .header(header::ACCEPT_LANGUAGE, "fr")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("<html lang=\"fr\""),
        "the sign-in page speaks the visitor's language"
    );
    assert!(html.contains("Mot de passe"));
    assert!(html.contains("noindex"));
    let (r, _) = get(app.clone(), req("GET", "/admin/", None, None)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_that_must_have_a_second_factor_is_held_at_the_account_page() {
    let (app, store) = app().await;
    account(&store, "root@halcyon.example", Role::Admin, &Scope::all()).await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let admin = via_link(&app, &store, "root@halcyon.example").await;
    let (_, html) = get(app.clone(), req("GET", "/admin/accounts", Some(&admin), None)).await;
    let token = csrf(&String::from_utf8(html).expect("utf-8"));
    let form = format!("csrf={token}&role=editor&role=publisher");
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/accounts/totp", Some(&admin), Some(&form)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        store.totp_required().await.expect("read"),
        [Role::Editor, Role::Publisher]
    );
    // An editor without a second factor can reach its account page only.
    let editor = via_link(&app, &store, "ed@halcyon.example").await;
    let (r, _) = get(app.clone(), req("GET", "/admin/", Some(&editor), None)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/admin/account?done=admin-totp-needed");
    let (r, html) = get(
        app.clone(),
        req("GET", "/admin/account?done=admin-totp-needed", Some(&editor), None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        String::from_utf8(html)
            .expect("utf-8")
            .contains("requires two-step verification")
    );
    // Once it has one, everything its role allows is open again.
    let ed = store
        .account("ed@halcyon.example")
        .await
        .expect("read")
        .expect("account");
    store
        .enable_totp(ed.id, &[3; 20], 0, &[], &Actor::cli())
        .await
        .expect("totp");
    // (Changed behind the server's back: seen once its session cache,
    // two seconds, has passed.)
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (r, _) = get(app.clone(), req("GET", "/admin/", Some(&editor), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Only an administrator sets it.
    let form = format!("csrf={}&role=admin", csrf_of(&app, &editor).await);
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/accounts/totp", Some(&editor), Some(&form)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn csrf_of(app: &Router, cookie: &str) -> String {
    let (_, html) = get(app.clone(), req("GET", "/admin/account", Some(cookie), None)).await;
    csrf(&String::from_utf8(html).expect("utf-8"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_sign_on_is_off_unless_configured_and_its_answer_needs_a_waiting_sign_in() {
    let (app, store) = app().await;
    let (_, html) = get(app.clone(), req("GET", "/admin/sign-in", None, None)).await;
    assert!(!String::from_utf8(html).expect("utf-8").contains("/admin/sign-in/sso"));
    let (r, _) = get(app.clone(), req("POST", "/admin/sign-in/sso", None, Some(""))).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (r, _) = get(
        app.clone(),
        req("GET", "/admin/sso/callback?code=a&state=b", None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Configured, with a provider that cannot be reached (nothing listens
    // on port 9 of loopback).
    let config = ServerConfig {
        store: Some(store.clone()),
        secret: Some(SECRET),
        sso: Some(portico_server::SsoConfig {
            issuer: "http://127.0.0.1:9".into(),
            client_id: "portico".into(),
            name: "Halcyon staff sign-in".into(),
            ..portico_server::SsoConfig::default()
        }),
        ..ServerConfig::default()
    };
    let app = portico_server::router(AppState::new(encoded(site()), &config));
    let (r, html) = get(app.clone(), req("GET", "/admin/sign-in", None, None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("action=\"/admin/sign-in/sso\""), "the button's form");
    assert!(html.contains("Halcyon staff sign-in"));
    let csp = r.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("text");
    assert!(
        csp.contains("form-action 'self' http://127.0.0.1:9;"),
        "the form may lead to the provider: {csp}"
    );
    let (r, _) = get(app.clone(), req("GET", "/", None, None)).await;
    let csp = r.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("text");
    assert!(
        csp.contains("form-action 'self';"),
        "other pages keep the site's own: {csp}"
    );

    let (r, _) = get(app.clone(), req("POST", "/admin/sign-in/sso", None, Some(""))).await;
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY, "the provider is unreachable");
    assert!(set_cookie(&r, "__Host-portico_session").is_none());

    // An answer with no sign-in waiting for it (no cookie, or a made-up
    // one) is refused and recorded, before the provider is asked anything.
    let made_up = format!("__Host-portico_sso={}", secret::new(secret::Kind::Session));
    for cookie in [None, Some(made_up.as_str())] {
        let (r, _) = get(
            app.clone(),
            req("GET", "/admin/sso/callback?code=a&state=b", cookie, None),
        )
        .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(set_cookie(&r, "__Host-portico_session").is_none());
    }
    let mut records = Vec::new();
    store.audit_export(None, &mut records).await.expect("export");
    let text = String::from_utf8(records).expect("utf-8");
    assert_eq!(text.matches("no-sign-in-waiting").count(), 2, "{text}");
}
