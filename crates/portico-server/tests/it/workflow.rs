//! The editor beyond a save, over HTTP: scheduled publications that run on
//! the server's (pinned) clock, unpublishing refused while something points
//! at an item, the trash (410, then back), new items from the API and from
//! the form generated from a type's declaration, previews (the staff's and
//! a signed link), the dashboard, and the content API's OpenAPI document.

use std::time::Duration;

use http::StatusCode;
use portico_auth::{Role, Scope};
use portico_store::AuditAction;
use serde_json::json;

use crate::admin::{account, csrf, req, via_link};
use crate::editor::{api, editor_state, json, token};
use crate::{get, hdr};

const HISTORY: &str = "/api/content/v1/items/en/about/history";

/// Submits and approves the latest revision of en/about/history after
/// saving `text` on it: the approved revision.
async fn approved(app: &axum::Router, t: &str, text: &str) -> i64 {
    approved_at(app, t, HISTORY, text).await
}

/// Saves `text` on the item at `item` (an API address), submits and
/// approves it: the approved revision.
async fn approved_at(app: &axum::Router, t: &str, item: &str, text: &str) -> i64 {
    let (r, body) = get(app.clone(), api("GET", item, t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let base = json(&body)["revision"].as_i64().expect("revision");
    let tag = format!("\"{base}\"");
    let (r, body) = get(
        app.clone(),
        api("PUT", item, t, Some(&tag), Some(&json!({ "text": text }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let rev = json(&body)["revision"].as_i64().expect("revision");
    let step = |s: &str| format!("{item}/{s}");
    let (r, _) = get(app.clone(), api("POST", &step("submit"), t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (r, _) = get(
        app.clone(),
        api("POST", &step("approve"), t, None, Some(&json!({ "revision": rev }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    rev
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_publication_happens_on_the_servers_clock_exactly_once() {
    let (app, store, state) = editor_state().await;
    // The server believes it is the night the clocks go forward in Paris.
    let start: jiff::Timestamp = "2027-03-28T00:59:58Z".parse().expect("instant");
    state.set_clock(portico_server::Clock::pinned(start));
    account(&store, "pat@halcyon.example", Role::Publisher, &Scope::all()).await;
    let t = token(&store, "pat@halcyon.example").await;
    let rev = approved(&app, &t, "+++\ntitle = \"History\"\n+++\nScheduled words.\n").await;

    // "at" must be a time; a revision other than the approved one is refused.
    let publish = format!("{HISTORY}/publish");
    let (r, _) = get(
        app.clone(),
        api(
            "POST",
            &publish,
            &t,
            None,
            Some(&json!({ "revision": rev, "at": "soon" })),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (r, _) = get(
        app.clone(),
        api(
            "POST",
            &publish,
            &t,
            None,
            Some(&json!({ "revision": rev - 1, "at": "2027-03-28T01:00:01Z" })),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (r, body) = get(
        app.clone(),
        api(
            "POST",
            &publish,
            &t,
            None,
            Some(&json!({ "revision": rev, "at": "2027-03-28T03:00:01+02:00" })),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let job = json(&body);
    assert_eq!(
        (job["state"].as_str(), job["at"].as_str()),
        (Some("pending"), Some("2027-03-28T01:00:01Z"))
    );
    assert_eq!(
        store
            .item("en", "about/history")
            .await
            .expect("read")
            .expect("item")
            .published
            .map(|p| p == rev),
        Some(false),
        "not before its time"
    );

    portico_server::start_jobs(&state);
    let mut published = None;
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        published = store
            .item("en", "about/history")
            .await
            .expect("read")
            .expect("item")
            .published;
        if published == Some(rev) {
            break;
        }
    }
    assert_eq!(published, Some(rev), "published by the job");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let records = store.audit_recent(200).await.expect("audit");
    let by_scheduler: Vec<_> = records
        .iter()
        .filter(|r| r.entry.action == AuditAction::ContentPublished)
        .collect();
    assert_eq!(by_scheduler.len(), 1, "exactly once");
    assert_eq!(by_scheduler[0].entry.actor, "scheduler");
    let jobs = store.ended_jobs(10).await.expect("jobs");
    assert_eq!(jobs[0].state, portico_store::JobState::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpublishing_is_refused_while_something_points_at_the_item_and_the_trash_answers_410() {
    let (app, store, _) = editor_state().await;
    account(&store, "adm@halcyon.example", Role::Admin, &Scope::all()).await;
    account(&store, "con@halcyon.example", Role::Contributor, &Scope::all()).await;
    let t = token(&store, "adm@halcyon.example").await;
    let c = token(&store, "con@halcyon.example").await;

    // The about page is published with a link to the history page: taking
    // the history page off would leave a link to nothing.
    let about = "/api/content/v1/items/en/about";
    let linked = "+++\ntitle = \"About\"\nmenu_title = \"About us\"\n+++\nSee [our history](@/about/history).\n";
    let rev = approved_at(&app, &t, about, linked).await;
    let publish = |rev: i64| {
        api(
            "POST",
            &format!("{about}/publish"),
            &t,
            None,
            Some(&json!({ "revision": rev })),
        )
    };
    let (r, _) = get(app.clone(), publish(rev)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (r, body) = get(
        app.clone(),
        api("POST", &format!("{HISTORY}/unpublish"), &t, None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        String::from_utf8_lossy(&body).contains("about/history"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (r, _) = get(app.clone(), api("DELETE", HISTORY, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "nor moved to the trash");
    assert!(
        store
            .item("en", "about/history")
            .await
            .expect("read")
            .expect("item")
            .published
            .is_some()
    );
    // Once the link is gone, it may go.
    let plain = "+++\ntitle = \"About\"\nmenu_title = \"About us\"\n+++\nAbout.\n";
    let rev = approved_at(&app, &t, about, plain).await;
    get(app.clone(), publish(rev)).await;

    // A contributor may not delete; an administrator may.
    let (r, _) = get(app.clone(), api("DELETE", HISTORY, &c, None, None)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (r, body) = get(app.clone(), api("DELETE", HISTORY, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(json(&body)["state"], "trashed");
    for path in [HISTORY.to_string(), format!("{HISTORY}/revisions")] {
        let (r, _) = get(app.clone(), api("GET", &path, &t, None, None)).await;
        assert_eq!(r.status(), StatusCode::GONE, "{path}");
    }
    let (r, _) = get(
        app.clone(),
        api("PUT", HISTORY, &t, Some("\"1\""), Some(&json!({ "text": "x" }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::GONE);
    // Off the site: the store leaves its file out of the build.
    assert_eq!(
        store.withdrawn().await.expect("withdrawn"),
        [(
            "en".to_string(),
            "about/history.md".to_string(),
            portico_store::text_hash(
                &std::fs::read_to_string(
                    crate::repo().join("crates/portico-content/test_data/i18n/content/en/about/history.md")
                )
                .expect("file")
            )
        )]
    );
    let untrash = format!("{HISTORY}/untrash");
    let (r, body) = get(app.clone(), api("POST", &untrash, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(&body)["state"], "draft", "back, unpublished");
    let (r, _) = get(app.clone(), api("POST", &untrash, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "not in the trash any more");

    // Undocumented methods get 405 with what the address takes.
    let (r, _) = get(app.clone(), api("PATCH", HISTORY, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(hdr(&r, "allow"), "GET, HEAD, PUT, POST, DELETE");
    let (r, _) = get(app.clone(), api("GET", &untrash, &t, None, None)).await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(hdr(&r, "allow"), "POST");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_items_come_from_the_api_and_from_the_types_form_checked_by_the_compiler() {
    let (app, store, _) = editor_state().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let t = token(&store, "ed@halcyon.example").await;
    let careers = "/api/content/v1/items/en/about/careers";
    let (r, body) = get(
        app.clone(),
        api(
            "POST",
            careers,
            &t,
            None,
            Some(&json!({ "text": "+++\ntitel = \"x\"\n+++\n" })),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(&body)["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
    let text = "+++\ntitle = \"Careers\"\n+++\nWork with us.\n";
    let (r, body) = get(
        app.clone(),
        api("POST", careers, &t, None, Some(&json!({ "text": text }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    assert_eq!(
        (
            json(&body)["state"].as_str(),
            json(&body)["published_revision"].as_i64()
        ),
        (Some("draft"), None)
    );
    let (r, _) = get(
        app.clone(),
        api("POST", careers, &t, None, Some(&json!({ "text": text }))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // The same from the editor: a page in about/, its fields from the form.
    let ed = via_link(&app, &store, "ed@halcyon.example").await;
    let (r, html) = get(
        app.clone(),
        req("GET", "/admin/content/new?type=page&locale=fr", Some(&ed), None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("id=\"f-title\"") && html.contains("<option value=\"about\""),
        "the type's form"
    );
    let token_value = csrf(&html);
    let fields = "title,summary";
    let form = |slug: &str, title: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &token_value)
            .append_pair("type", "page")
            .append_pair("locale", "fr")
            .append_pair("folder", "about")
            .append_pair("slug", slug)
            .append_pair("fields", fields)
            .append_pair("f-title", title)
            .append_pair("f-summary", "Nous recrutons.")
            .append_pair("body", "Rejoignez-nous.\r\n")
            .finish()
    };
    let (r, html) = get(
        app.clone(),
        req("POST", "/admin/content/new", Some(&ed), Some(&form("Carrières", "x"))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "not a plain address");
    assert!(
        String::from_utf8(html).expect("utf-8").contains("value=\"Carrières\""),
        "what was typed is kept"
    );
    let (r, html) = get(
        app.clone(),
        req("POST", "/admin/content/new", Some(&ed), Some(&form("carrieres", ""))),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a title is required");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("id=\"f-title-errors\""), "the problem beside its field");
    let (r, _) = get(
        app.clone(),
        req(
            "POST",
            "/admin/content/new",
            Some(&ed),
            Some(&form("carrieres", "Carrières")),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let head = store
        .item("fr", "about/carrieres")
        .await
        .expect("read")
        .expect("created");
    let first = store.revision(head.head).await.expect("read").expect("revision");
    assert_eq!(
        first.text,
        "+++\ntitle = \"Carrières\"\nsummary = \"Nous recrutons.\"\n+++\nRejoignez-nous.\n"
    );
    assert_eq!(head.published, None);

    // Edited in the form: the field changes, the rest of the file stays.
    let page = "/admin/content/item?locale=fr&key=about%2Fcarrieres";
    let (_, html) = get(app.clone(), req("GET", page, Some(&ed), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("name=\"mode\" value=\"form\""),
        "the form mode by default"
    );
    let save = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &csrf(&html))
        .append_pair("locale", "fr")
        .append_pair("key", "about/carrieres")
        .append_pair("base", &head.head.to_string())
        .append_pair("mode", "form")
        .append_pair("fields", "title")
        .append_pair("f-title", "Nos métiers")
        .append_pair("body", "Rejoignez-nous.\r\nVite.\r\n")
        .finish();
    let (r, _) = get(app.clone(), req("POST", "/admin/content/item", Some(&ed), Some(&save))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let head = store.item("fr", "about/carrieres").await.expect("read").expect("item");
    let text = store.revision(head.head).await.expect("read").expect("revision").text;
    assert_eq!(
        text,
        "+++\ntitle = \"Nos métiers\"\nsummary = \"Nous recrutons.\"\n+++\nRejoignez-nous.\nVite.\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previews_are_never_cached_or_indexed_and_a_shared_link_must_be_signed() {
    let (app, store, _) = editor_state().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let t = token(&store, "ed@halcyon.example").await;
    let (_, body) = get(app.clone(), api("GET", HISTORY, &t, None, None)).await;
    let base = json(&body)["revision"].as_i64().expect("revision");
    let draft = "+++\ntitle = \"History\"\n+++\nA draft nobody has published.\n";
    let (r, _) = get(
        app.clone(),
        api(
            "PUT",
            HISTORY,
            &t,
            Some(&format!("\"{base}\"")),
            Some(&json!({ "text": draft })),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    let ed = via_link(&app, &store, "ed@halcyon.example").await;
    let (r, html) = get(
        app.clone(),
        req(
            "GET",
            "/admin/content/preview?locale=en&key=about%2Fhistory",
            Some(&ed),
            None,
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(hdr(&r, "cache-control"), "no-store, private");
    assert_eq!(hdr(&r, "x-robots-tag"), "noindex, nofollow");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("A draft nobody has published."));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    // Without a session: to the sign-in page.
    let (r, _) = get(
        app.clone(),
        req(
            "GET",
            "/admin/content/preview?locale=en&key=about%2Fhistory",
            None,
            None,
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The item page offers a link for a reviewer without an account.
    let (r, page) = get(
        app.clone(),
        req(
            "GET",
            "/admin/content/item?locale=en&key=about%2Fhistory",
            Some(&ed),
            None,
        ),
    )
    .await;
    assert!(
        hdr(&r, "content-security-policy").contains("frame-src 'self'"),
        "it frames its live preview"
    );
    let page = String::from_utf8(page).expect("utf-8");
    let at = page.find("/preview/").expect("a preview link");
    let link = page[at..].split('"').next().expect("link").replace("&amp;", "&");
    let (r, html) = get(app.clone(), req("GET", &link, None, None)).await;
    assert_eq!(r.status(), StatusCode::OK, "{link}");
    assert!(
        String::from_utf8(html)
            .expect("utf-8")
            .contains("A draft nobody has published.")
    );
    assert_eq!(hdr(&r, "referrer-policy"), "no-referrer");
    // A link for another item, or with its signature changed, is nothing.
    let other = link.replace("about%2Fhistory", "about%2Fteam");
    let (r, _) = get(app.clone(), req("GET", &other, None, None)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let sig_at = link.find('?').expect("query") - 1;
    let mut forged = link.clone();
    let flipped = if &link[sig_at..=sig_at] == "0" { "1" } else { "0" };
    forged.replace_range(sig_at..=sig_at, flipped);
    let (r, _) = get(app.clone(), req("GET", &forged, None, None)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_lists_my_drafts_and_what_waits_for_review() {
    let (app, store, _) = editor_state().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let t = token(&store, "ed@halcyon.example").await;
    let (_, body) = get(app.clone(), api("GET", HISTORY, &t, None, None)).await;
    let base = json(&body)["revision"].as_i64().expect("revision");
    let draft = json!({ "text": "+++\ntitle = \"History\"\n+++\nMine.\n" });
    get(
        app.clone(),
        api("PUT", HISTORY, &t, Some(&format!("\"{base}\"")), Some(&draft)),
    )
    .await;
    let ed = via_link(&app, &store, "ed@halcyon.example").await;
    let (r, html) = get(app.clone(), req("GET", "/admin/", Some(&ed), None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = String::from_utf8(html).expect("utf-8");
    let drafts =
        &html[html.find("id=\"drafts-title\"").expect("my drafts")..html.find("id=\"review-title\"").expect("review")];
    assert!(drafts.contains("en/about/history"), "{drafts}");
    get(app.clone(), api("POST", &format!("{HISTORY}/submit"), &t, None, None)).await;
    // Waiting for review: shown to whoever may approve it.
    account(&store, "pat@halcyon.example", Role::Publisher, &Scope::all()).await;
    let pat = via_link(&app, &store, "pat@halcyon.example").await;
    let (_, html) = get(app.clone(), req("GET", "/admin/", Some(&ed), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    let review =
        &html[html.find("id=\"review-title\"").expect("review")..html.find("id=\"approved-title\"").expect("approved")];
    assert!(
        !review.contains("en/about/history"),
        "an editor does not approve: {review}"
    );
    let (_, html) = get(app.clone(), req("GET", "/admin/", Some(&pat), None)).await;
    let html = String::from_utf8(html).expect("utf-8");
    let review =
        &html[html.find("id=\"review-title\"").expect("review")..html.find("id=\"approved-title\"").expect("approved")];
    assert!(review.contains("en/about/history"), "{review}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_content_api_is_described_with_each_types_schema() {
    let (app, _, _) = editor_state().await;
    let (r, body) = get(app.clone(), req("GET", "/api/content/v1/openapi.json", None, None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc = json(&body);
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["components"]["schemas"]["type-story"].is_object());
    let locale = &doc["paths"]["/api/content/v1/items/{locale}/{key}"]["get"]["parameters"][0]["schema"]["enum"];
    assert_eq!(locale, &json!(["en", "fr"]));
}
