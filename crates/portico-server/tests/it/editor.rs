//! The editor over HTTP: the content API's statuses (ETag, If-Match,
//! 428, 412, 422 with diagnostics, 403 outside a scope, logged), and the
//! editor's pages (a draft saved, a stale save kept and shown beside the
//! newer text, a scoped editor refused).

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use portico_auth::{Role, Scope, secret};
use portico_server::{AppState, ContentModel, ServerConfig};
use portico_store::{Actor, AuditAction, Store};
use serde_json::Value;

use crate::admin::{HOST, account, csrf, now, req, via_link};
use crate::{SECRET, encoded, get, repo};

/// The i18n fixture's server, its files brought into the store and its
/// model kept for checking drafts.
pub(crate) async fn editor_app() -> (Router, Store) {
    let (app, store, _) = editor_state().await;
    (app, store)
}

/// [`editor_app`], with its state (to pin its clock, run its jobs): the
/// i18n fixture served with a store, rebuilt from the folder and the
/// store's layers (publications, unpublications and the media library) on
/// every publication, as `portico serve` does, on a thread.
pub(crate) async fn editor_state() -> (Router, Store, AppState) {
    let root = repo().join("crates/portico-content/test_data/i18n");
    let dir = std::env::temp_dir().join(format!("portico-editor-{}", rand::random::<u64>()));
    let store = Store::open(&dir).await.expect("store");
    let files = portico_server::file_texts(&root);
    store.sync_files(&files).await.expect("sync");
    let config = ServerConfig {
        store: Some(store.clone()),
        secret: Some(SECRET),
        ..ServerConfig::default()
    };
    let state = AppState::new(encoded(crate::admin::site()), &config);
    let layers = portico_server::layers(&store, &files).await.expect("layers");
    let site = portico_content::load_over(&root, &layers).expect("the fixture loads");
    state.set_model(ContentModel {
        site,
        root: root.clone(),
    });
    let (served, runtime, from) = (state.clone(), tokio::runtime::Handle::current(), store.clone());
    // One rebuild at a time, each reading the store when its turn comes:
    // the last one served is the last one read. (Unordered, a rebuild that
    // read the store before a publication could finish after the
    // publication's own and take it back.)
    let turn = std::sync::Arc::new(std::sync::Mutex::new(()));
    state.set_publish_hook(move |_, _| {
        let (served, runtime, from, root) = (served.clone(), runtime.clone(), from.clone(), root.clone());
        let turn = turn.clone();
        std::thread::spawn(move || {
            let _turn = turn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let files = portico_server::file_texts(&root);
            let layers = runtime.block_on(portico_server::layers(&from, &files)).expect("layers");
            let Ok(site) = portico_content::load_over(&root, &layers) else {
                return;
            };
            let output = portico_render::render(&site, &portico_render::Theme::builtin()).expect("renders");
            served.swap(encoded(&output));
            served.set_model(ContentModel { site, root });
        });
    });
    state.set_theme(portico_render::Theme::builtin());
    (portico_server::router(state.clone()), store, state)
}

pub(crate) async fn token(store: &Store, email: &str) -> String {
    let value = secret::new(secret::Kind::Token);
    store
        .create_token(email, &secret::hash(&value), "test", now(), None, &Actor::cli())
        .await
        .expect("token");
    value
}

pub(crate) fn api(
    method: &str,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(m) = if_match {
        r = r.header(header::IF_MATCH, m);
    }
    match body {
        Some(b) => r
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => r.body(Body::empty()),
    }
    .expect("request")
}

pub(crate) fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON")
}

const TEAM: &str = "/api/content/v1/items/en/about/team";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_content_api_saves_drafts_only_on_the_revision_they_were_based_on() {
    let (app, store) = editor_app().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let t = token(&store, "ed@halcyon.example").await;

    let (r, body) = get(app.clone(), api("GET", TEAM, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let item = json(&body);
    assert_eq!(item["state"], "published");
    assert_eq!(item["path"], "about/team.md");
    assert!(item["text"].as_str().expect("text").contains("The team."));
    let etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();
    assert_eq!(etag, format!("\"{}\"", item["revision"]));

    let new_text =
        serde_json::json!({ "text": "+++\ntitle = \"Our team\"\n+++\nThe whole team.\n", "message": "warmer" });
    let (r, _) = get(app.clone(), api("PUT", TEAM, &t, None, Some(&new_text))).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED, "no If-Match");
    let (r, body) = get(app.clone(), api("PUT", TEAM, &t, Some(&etag), Some(&new_text))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved = json(&body);
    assert_eq!(saved["state"], "draft");
    assert_ne!(saved["revision"], item["revision"]);
    let new_etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();

    // The old ETag again: someone else's stale copy. Nothing is written.
    let other = serde_json::json!({ "text": "+++\ntitle = \"Team\"\n+++\nA stale edit.\n" });
    let (r, body) = get(app.clone(), api("PUT", TEAM, &t, Some(&etag), Some(&other))).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(json(&body)["current_revision"], saved["revision"]);
    let (_, body) = get(app.clone(), api("GET", TEAM, &t, None, None)).await;
    assert!(json(&body)["text"].as_str().expect("text").contains("The whole team."));

    // Invalid content: every problem, with line, column and field.
    let broken = serde_json::json!({ "text": "+++\ntitel = \"Team\"\ndate = \"soon\"\n+++\nx\n" });
    let (r, body) = get(app.clone(), api("PUT", TEAM, &t, Some(&new_etag), Some(&broken))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json(&body);
    let diags = problem["diagnostics"].as_array().expect("diagnostics");
    assert!(diags.len() >= 2, "{problem}");
    assert!(
        diags.iter().any(|d| d["field"] == "titel" && d["line"] == 2),
        "{problem}"
    );
    assert!(
        diags
            .iter()
            .all(|d| d["line"].as_u64().is_some() && d["column"].as_u64().is_some())
    );
    assert_eq!(
        store.revisions("en", "about/team").await.expect("history").len(),
        2,
        "nothing saved"
    );

    // The history, newest first, and one revision with its text.
    let (r, body) = get(app.clone(), api("GET", &format!("{TEAM}/revisions"), &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = json(&body)["revisions"].as_array().expect("a list").clone();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], saved["revision"]);
    assert_eq!(list[1]["published"], true);
    let first = format!("{TEAM}/revisions/{}", list[1]["id"]);
    let (r, body) = get(app.clone(), api("GET", &first, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(json(&body)["text"].as_str().expect("text").contains("The team."));
    let (r, _) = get(
        app.clone(),
        api("GET", &format!("{TEAM}/revisions/999999"), &t, None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Malformed requests are 4xx.
    let (r, _) = get(
        app.clone(),
        api("GET", "/api/content/v1/items/en/nowhere", &t, None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let mut bad = api("PUT", TEAM, &t, Some(&new_etag), None);
    *bad.body_mut() = Body::from("{not json");
    bad.headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().expect("header"));
    let (r, _) = get(app.clone(), bad).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let (r, _) = get(
        app.clone(),
        api("PUT", TEAM, &t, Some(&new_etag), Some(&serde_json::json!({ "txt": 1 }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (r, _) = get(app.clone(), api("GET", TEAM, "pt_not-a-token", None, None)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scoped_editor_is_refused_outside_its_scope_and_it_is_logged() {
    let (app, store) = editor_app().await;
    let fr_only = Scope::new(&[] as &[&str], &["fr"]).expect("scope");
    account(&store, "traductrice@halcyon.example", Role::Editor, &fr_only).await;
    let t = token(&store, "traductrice@halcyon.example").await;
    let text = serde_json::json!({ "text": "+++\ntitle = \"Équipe\"\n+++\nL’équipe au complet.\n" });

    // In scope: fr.
    let fr = "/api/content/v1/items/fr/about/team";
    let (r, _) = get(app.clone(), api("GET", fr, &t, None, None)).await;
    let etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();
    let (r, _) = get(app.clone(), api("PUT", fr, &t, Some(&etag), Some(&text))).await;
    assert_eq!(r.status(), StatusCode::OK);

    // Out of scope: en, by the API and by the editor's page.
    let (r, _) = get(app.clone(), api("GET", TEAM, &t, None, None)).await;
    let etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();
    assert_eq!(r.status(), StatusCode::OK, "reading drafts is every role's");
    let (r, _) = get(app.clone(), api("PUT", TEAM, &t, Some(&etag), Some(&text))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let cookie = via_link(&app, &store, "traductrice@halcyon.example").await;
    let (_, html) = get(
        app.clone(),
        req(
            "GET",
            "/admin/content/item?locale=en&key=about%2Fteam",
            Some(&cookie),
            None,
        ),
    )
    .await;
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains(" readonly"), "shown read-only");
    let form = format!(
        "csrf={}&locale=en&key=about%2Fteam&base={}&text=x&message=",
        csrf(&html),
        etag.trim_matches('"')
    );
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/content/item", Some(&cookie), Some(&form)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let refusals: Vec<_> = store
        .audit_lookup("traductrice@halcyon.example", None)
        .await
        .expect("audit")
        .into_iter()
        .filter(|r| r.entry.action == AuditAction::AccessDenied)
        .collect();
    assert_eq!(refusals.len(), 2, "the API's and the page's");
    assert!(
        refusals
            .iter()
            .all(|r| r.entry.detail["item"] == "en/about/team" && r.entry.detail["action"] == "edit")
    );
    let history = store.revisions("en", "about/team").await.expect("history");
    assert_eq!(history.len(), 1, "nothing written in en");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editors_page_saves_a_draft_and_keeps_a_stale_saves_text() {
    let (app, store) = editor_app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    account(&store, "bo@halcyon.example", Role::Editor, &Scope::all()).await;
    let ana = via_link(&app, &store, "ana@halcyon.example").await;
    let bo = via_link(&app, &store, "bo@halcyon.example").await;

    let (r, html) = get(app.clone(), req("GET", "/admin/content", Some(&ana), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("/admin/content?section=about"),
        "the overview links each section: {html}"
    );
    assert!(
        html.contains("0 drafts, 0 in review, 1 missing"),
        "about/history has no fr: {html}"
    );
    let (r, html) = get(
        app.clone(),
        req("GET", "/admin/content?section=about", Some(&ana), None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("/admin/content/item?locale=fr&amp;key=about%2Fteam"),
        "the section links each translation"
    );
    assert!(html.contains("admin-state-missing"), "about/history has no fr");

    let page = "/admin/content/item?locale=en&key=about%2Fteam";
    let (_, a) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let (_, b) = get(app.clone(), req("GET", page, Some(&bo), None)).await;
    let (a, b) = (
        String::from_utf8(a).expect("utf-8"),
        String::from_utf8(b).expect("utf-8"),
    );
    let base = store.item("en", "about/team").await.expect("read").expect("item").head;
    assert!(a.contains(&format!("name=\"base\" value=\"{base}\"")));
    // Bo's typing is kept: Ana's page says he is editing too.
    let bo_id = store.account("bo@halcyon.example").await.expect("read").expect("bo").id;
    store
        .put_autosave(bo_id, "en", "about/team", base, "typing…", "")
        .await
        .expect("kept");
    let (_, shown) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let shown = String::from_utf8(shown).expect("utf-8");
    assert!(
        shown.contains("admin-others") && shown.contains("bo@halcyon.example"),
        "presence shown"
    );
    assert!(!a.contains("admin-others"), "nobody else before");

    // Browsers send a textarea's line breaks as CR LF.
    let save = |page: &str, text: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &csrf(page))
            .append_pair("locale", "en")
            .append_pair("key", "about/team")
            .append_pair("base", &base.to_string())
            .append_pair("message", "")
            .append_pair("text", &text.replace('\n', "\r\n"))
            .finish()
    };
    let ana_text = "+++\ntitle = \"Team\"\n+++\nThe team, by Ana.\n";
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/content/item", Some(&ana), Some(&save(&a, ana_text))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let head = store.item("en", "about/team").await.expect("read").expect("item");
    assert!(head.has_draft());
    assert_eq!(head.author, "ana@halcyon.example");
    let saved = store.revision(head.head).await.expect("read").expect("revision");
    assert_eq!(saved.text, ana_text, "CR LF from the form is stored as LF");

    // Bo opened the same revision and saves later: refused, his text kept
    // in the form, Ana's shown beside it, the form now based on hers.
    let bo_text = "+++\ntitle = \"Team\"\n+++\nThe team, by Bo.\n";
    let (r, html) = get(
        app.clone(),
        req("POST", "/admin/content/item", Some(&bo), Some(&save(&b, bo_text))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("The team, by Bo."), "his text is kept");
    assert!(html.contains("The team, by Ana."), "hers is shown");
    assert!(html.contains(&format!("name=\"base\" value=\"{}\"", head.head)));
    assert_eq!(
        store.item("en", "about/team").await.expect("read").expect("item").head,
        head.head,
        "nothing overwritten"
    );

    // Invalid text: the diagnostics on the page, the text kept, nothing saved.
    let (_, page_now) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let page_now = String::from_utf8(page_now).expect("utf-8");
    let form = format!(
        "csrf={}&locale=en&key=about%2Fteam&base={}&message=&text=%2B%2B%2B%0Atitel+%3D+%22x%22%0A%2B%2B%2B%0Ax",
        csrf(&page_now),
        head.head
    );
    let (r, html) = get(app.clone(), req("POST", "/admin/content/item", Some(&ana), Some(&form))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("titel"), "the unknown field is named");
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(store.revisions("en", "about/team").await.expect("history").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_revision_is_published_and_served_and_no_other() {
    let (app, store) = editor_app().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    account(&store, "pat@halcyon.example", Role::Publisher, &Scope::all()).await;
    account(&store, "cy@halcyon.example", Role::Contributor, &Scope::all()).await;
    let (ed, pat, cy) = (
        token(&store, "ed@halcyon.example").await,
        token(&store, "pat@halcyon.example").await,
        token(&store, "cy@halcyon.example").await,
    );
    let public = || {
        let app = app.clone();
        async move {
            let r = Request::get("/en/about/team/")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .expect("request");
            String::from_utf8(get(app, r).await.1).expect("utf-8")
        }
    };
    assert!(public().await.contains("The team."));

    let (r, _) = get(app.clone(), api("GET", TEAM, &ed, None, None)).await;
    let etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();
    let text = serde_json::json!({ "text": "+++\ntitle = \"Team\"\n+++\nEveryone who makes Bilingue.\n" });
    let (r, body) = get(app.clone(), api("PUT", TEAM, &ed, Some(&etag), Some(&text))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let draft = json(&body)["revision"].as_i64().expect("revision");
    let step = |who: &str, step: &str, revision: Option<i64>| {
        let body = revision.map(|r| serde_json::json!({ "revision": r }));
        api("POST", &format!("{TEAM}/{step}"), who, None, body.as_ref())
    };

    // An editor submits; it may not approve or publish.
    let (r, body) = get(app.clone(), step(&ed, "submit", None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(&body)["review"], "in-review");
    let (r, _) = get(app.clone(), step(&ed, "approve", Some(draft))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (r, _) = get(app.clone(), step(&cy, "publish", Some(draft))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a contributor's publish");
    // Not approved yet: refused.
    let (r, _) = get(app.clone(), step(&pat, "publish", Some(draft))).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (r, _) = get(app.clone(), step(&pat, "approve", Some(draft))).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Another revision than the approved one: refused.
    let (r, _) = get(app.clone(), step(&pat, "publish", Some(draft - 1))).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(public().await.contains("The team."), "nothing published yet");
    let (r, body) = get(app.clone(), step(&pat, "publish", Some(draft))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(&body)["state"], "published");

    let mut served = false;
    for _ in 0..1200 {
        if public().await.contains("Everyone who makes Bilingue.") {
            served = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(served, "the published revision is served");
    let trail: Vec<_> = store
        .audit_lookup("pat@halcyon.example", None)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert!(trail.contains(&AuditAction::ContentApproved));
    assert!(trail.contains(&AuditAction::ContentPublished));
}

async fn save_fr(store: &Store, text: &str, base: i64) -> portico_store::Saved {
    let draft = portico_store::Draft {
        locale: "fr",
        key: "about/team",
        text,
        base,
        author: "ana@halcyon.example",
        message: "",
    };
    store.save_draft(&draft).await.expect("save")
}

/// The form of the `step` button on an item's page, as the browser would
/// send it.
pub(crate) fn form_for(html: &str, step: &str) -> String {
    let at = html
        .find(&format!("name=\"step\" value=\"{step}\""))
        .unwrap_or_else(|| panic!("a {step} button"));
    let start = html[..at].rfind("<form").expect("its form");
    let end = at + html[at..].find("</form>").expect("its end");
    let form = &html[start..end];
    let value = |name: &str| {
        let key = format!("name=\"{name}\" value=\"");
        form.find(&key)
            .map(|i| form[i + key.len()..].split('"').next().expect("value").to_string())
            .unwrap_or_default()
    };
    form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &value("csrf"))
        .append_pair("locale", &value("locale"))
        .append_pair("key", &value("key"))
        .append_pair("step", step)
        .append_pair("revision", &value("revision"))
        .append_pair("hash", &value("hash"))
        .finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_item_page_approves_the_text_the_reviewer_read() {
    let (app, store) = editor_app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    account(&store, "pat@halcyon.example", Role::Publisher, &Scope::all()).await;
    let ana = via_link(&app, &store, "ana@halcyon.example").await;
    let pat = via_link(&app, &store, "pat@halcyon.example").await;
    let page = "/admin/content/item?locale=fr&key=about%2Fteam";
    let base = store.item("fr", "about/team").await.expect("read").expect("item").head;
    let portico_store::Saved::Created(first) = save_fr(&store, "+++\ntitle = \"Équipe\"\n+++\nUn.\n", base).await
    else {
        panic!("saved");
    };
    let (_, html) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    assert!(!html.contains("value=\"approve\""), "an editor is not offered approval");
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/content/item/step",
            Some(&ana),
            Some(&form_for(&html, "submit")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The reviewer's page shows revision `first`; Ana saves again before
    // the approval arrives: the approval names what the reviewer read and
    // is refused.
    let (_, review) = get(app.clone(), req("GET", page, Some(&pat), None)).await;
    let review = String::from_utf8(review).expect("utf-8");
    let approve = form_for(&review, "approve");
    assert!(approve.contains(&format!("revision={}", first.id)));
    assert!(approve.contains(&first.hash));
    save_fr(&store, "+++\ntitle = \"Équipe\"\n+++\nDeux.\n", first.id).await;
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/content/item/step", Some(&pat), Some(&approve)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let head = store.item("fr", "about/team").await.expect("read").expect("item");
    assert_eq!(head.approved, None);

    // Read again, approve, publish.
    let (_, review) = get(app.clone(), req("GET", page, Some(&pat), None)).await;
    let review = String::from_utf8(review).expect("utf-8");
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/content/item/step",
            Some(&pat),
            Some(&form_for(&review, "approve")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, review) = get(app.clone(), req("GET", page, Some(&pat), None)).await;
    let review = String::from_utf8(review).expect("utf-8");
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/content/item/step",
            Some(&pat),
            Some(&form_for(&review, "publish")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let head = store.item("fr", "about/team").await.expect("read").expect("item");
    assert!(!head.has_draft());
    let published = store
        .revision(head.published.expect("published"))
        .await
        .expect("read")
        .expect("revision");
    assert!(published.text.contains("Deux."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_on_other_lines_merges_and_an_old_revision_is_restored() {
    let (app, store) = editor_app().await;
    account(&store, "ana@halcyon.example", Role::Editor, &Scope::all()).await;
    let ana = via_link(&app, &store, "ana@halcyon.example").await;
    let page = "/admin/content/item?locale=fr&key=about%2Fteam";
    let (_, html) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    let base = store.item("fr", "about/team").await.expect("read").expect("item").head;
    let original = store.revision(base).await.expect("read").expect("revision").text;
    // Someone changes the title meanwhile…
    let theirs = original.replacen("title = ", "summary = \"Qui nous sommes\"\ntitle = ", 1);
    let portico_store::Saved::Created(meanwhile) = save_fr(&store, &theirs, base).await else {
        panic!("saved");
    };
    // …and Ana, on the old page, changes the body.
    let ours = format!("{original}Et bien plus.\n");
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &csrf(&html))
        .append_pair("locale", "fr")
        .append_pair("key", "about/team")
        .append_pair("base", &base.to_string())
        .append_pair("message", "")
        .append_pair("text", &ours)
        .finish();
    let (r, _) = get(app.clone(), req("POST", "/admin/content/item", Some(&ana), Some(&form))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[header::LOCATION]
            .to_str()
            .expect("text")
            .ends_with("done=merged")
    );
    let head = store.item("fr", "about/team").await.expect("read").expect("item");
    let merged = store.revision(head.head).await.expect("read").expect("revision");
    assert_eq!(merged.parent, Some(meanwhile.id), "on top of the newer one");
    assert!(
        merged.text.contains("Qui nous sommes") && merged.text.contains("Et bien plus."),
        "{}",
        merged.text
    );

    // The changes of the merged revision, line by line.
    let diff = format!(
        "/admin/content/diff?locale=fr&key=about%2Fteam&from={}&to={}",
        meanwhile.id, merged.id
    );
    let (r, html) = get(app.clone(), req("GET", &diff, Some(&ana), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("admin-diff-added") && html.contains("Et bien plus."));
    assert!(!html.contains("admin-diff-removed"), "nothing was removed");

    // The original restored as a new draft, recorded.
    let (_, html) = get(app.clone(), req("GET", page, Some(&ana), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    let form = format!("csrf={}&locale=fr&key=about%2Fteam&revision={base}", csrf(&html));
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/content/item/restore", Some(&ana), Some(&form)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let head = store.item("fr", "about/team").await.expect("read").expect("item");
    let restored = store.revision(head.head).await.expect("read").expect("revision");
    assert_eq!(restored.text, original);
    assert_eq!(restored.parent, Some(merged.id));
    let trail = store.audit_lookup("ana@halcyon.example", None).await.expect("audit");
    assert!(
        trail
            .iter()
            .any(|r| r.entry.action == AuditAction::ContentRestored && r.entry.detail["revision"] == base.to_string())
    );
}
