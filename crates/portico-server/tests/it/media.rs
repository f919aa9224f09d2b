//! The media library over HTTP: uploads by form and API (201 with the
//! key; 4xx for a wrong type, no file, no token, a missing form token),
//! alt text per locale required before an image can be used, the rendered
//! `srcset` after publishing, public files only once published, and
//! deletion refused to a contributor and while in use.

use axum::body::Body;
use http::{Request, StatusCode, header};
use portico_auth::{Role, Scope};

use crate::admin::{HOST, account, csrf, req, via_link};
use crate::editor::{api, editor_app, json, token};
use crate::get;

/// A PNG photograph-like image, `width`×`height`.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, ((x + y) % 200) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

const BOUNDARY: &str = "halcyon-boundary-7d1f";

/// A multipart body: text fields, then the file (if any).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

fn upload_request(path: &str, auth: (Option<&str>, Option<&str>), body: Vec<u8>) -> Request<Body> {
    let mut r = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, HOST)
        .header("sec-fetch-site", "same-origin")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(t) = auth.0 {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(c) = auth.1 {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body)).expect("request")
}

const HISTORY: &str = "/api/content/v1/items/en/about/history";

fn page(get_path: &str) -> Request<Body> {
    Request::get(get_path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_uploads_and_refuses_what_is_not_an_image_or_a_pdf() {
    let (app, store) = editor_app().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    let ed = token(&store, "ed@halcyon.example").await;
    let bytes = png(700, 400);
    let up = |body: Vec<u8>, t: Option<&str>| upload_request("/api/content/v1/media", (t, None), body);

    let (r, body) = get(
        app.clone(),
        up(multipart(&[], Some(("harbour.pdf", &bytes))), Some(&ed)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let m = json(&body);
    let key = blake3::hash(&bytes).to_hex().to_string();
    assert_eq!(m["key"], key.as_str());
    assert_eq!(m["kind"], "image", "the bytes say PNG, whatever the name");
    assert_eq!(m["file_name"], "harbour.png");
    assert_eq!((m["width"].as_u64(), m["height"].as_u64()), (Some(700), Some(400)));
    let widths: Vec<u64> = m["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .filter_map(|v| v["width"].as_u64())
        .collect();
    assert!(widths.contains(&320) && widths.contains(&700) && !widths.iter().any(|w| *w > 700));

    // The same bytes again: the same file.
    let (r, body) = get(app.clone(), up(multipart(&[], Some(("again.png", &bytes))), Some(&ed))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(&body)["key"], key.as_str());

    let problem = |r: &http::Response<Body>| r.headers()[header::CONTENT_TYPE] == "application/problem+json";
    let html = b"<!doctype html><script>alert(1)</script>";
    let (r, _) = get(app.clone(), up(multipart(&[], Some(("photo.jpg", html))), Some(&ed))).await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(problem(&r));
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let (r, body) = get(app.clone(), up(multipart(&[], Some(("logo.svg", svg))), Some(&ed))).await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(json(&body)["detail"].as_str().expect("detail").contains("SVG"));
    let (r, _) = get(app.clone(), up(multipart(&[("alt", "x")], None), Some(&ed))).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "no file");
    let (r, _) = get(app.clone(), up(multipart(&[], Some(("a.png", &bytes))), None)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (r, _) = get(app.clone(), up(b"not multipart".to_vec(), Some(&ed))).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Declared larger than any upload: refused before it is read.
    let too_big = Request::post("/api/content/v1/media")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {ed}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::CONTENT_LENGTH, 30 * 1024 * 1024)
        .body(Body::empty())
        .expect("request");
    let (r, _) = get(app.clone(), too_big).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let (r, body) = get(
        app.clone(),
        api("GET", &format!("/api/content/v1/media/{key}"), &ed, None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(&body)["used_by"], serde_json::json!([]));
    let (r, _) = get(
        app.clone(),
        api("GET", "/api/content/v1/media/nothing", &ed, None, None),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Not published: not public; odd paths are 404s, never 5xx.
    for path in [
        format!("/media/{key}/320.jpg"),
        format!("/media/{key}/..%2F..%2Fetc"),
        "/media/x/320.jpg".to_string(),
        format!("/media/{key}/99999999999999.jpg"),
    ] {
        let (r, _) = get(app.clone(), page(&path)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_needs_alt_text_in_its_locale_and_is_served_with_srcset_once_published() {
    let (app, store) = editor_app().await;
    account(&store, "ed@halcyon.example", Role::Editor, &Scope::all()).await;
    account(&store, "pat@halcyon.example", Role::Publisher, &Scope::all()).await;
    account(&store, "cy@halcyon.example", Role::Contributor, &Scope::all()).await;
    let (ed, pat, cy) = (
        token(&store, "ed@halcyon.example").await,
        token(&store, "pat@halcyon.example").await,
        token(&store, "cy@halcyon.example").await,
    );
    // Uploaded through the library's form, which needs its token.
    let cookie = via_link(&app, &store, "ed@halcyon.example").await;
    let (_, html) = get(app.clone(), req("GET", "/admin/media", Some(&cookie), None)).await;
    let token_field = csrf(&String::from_utf8(html).expect("utf-8"));
    let bytes = png(1000, 600);
    let key = blake3::hash(&bytes).to_hex().to_string();
    let form = |fields: &[(&str, &str)]| multipart(fields, Some(("pier.png", &bytes)));
    let (r, _) = get(
        app.clone(),
        upload_request("/admin/media", (None, Some(&cookie)), form(&[("locale", "en")])),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no form token");
    assert!(store.media(&key).await.expect("read").is_none());
    let fields = [("csrf", token_field.as_str()), ("locale", "en")];
    let (r, _) = get(
        app.clone(),
        upload_request("/admin/media", (None, Some(&cookie)), form(&fields)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(
        app.clone(),
        req("GET", "/admin/media?done=uploaded", Some(&cookie), None),
    )
    .await;
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains(&format!("media:{key}")));
    assert!(html.contains(&format!("/admin/media/file/{key}/320.")), "a preview");

    // A draft using it without alt text: refused with where and why.
    let (r, _) = get(app.clone(), api("GET", HISTORY, &ed, None, None)).await;
    let etag = r.headers()[header::ETAG].to_str().expect("etag").to_string();
    let text = format!(
        "+++\ntitle = \"History\"\n\n[[blocks]]\ntype = \"hero\"\nheading = \"The pier team\"\nimage = {{ src = \"media:{key}\" }}\n\n[[blocks]]\ntype = \"body\"\n+++\nEveryone on the pier.\n"
    );
    let draft = serde_json::json!({ "text": text });
    let (r, body) = get(app.clone(), api("PUT", HISTORY, &ed, Some(&etag), Some(&draft))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problems = json(&body).to_string();
    assert!(problems.contains("has no alt text in `en`"), "{problems}");

    // Alt text per locale in the library; then the draft is valid.
    let describe = format!(
        "csrf={token_field}&key={key}&alt-en=Four+people+on+a+wooden+pier&alt-fr=Quatre+personnes+sur+un+ponton&focal_x=0.3&focal_y=0.6"
    );
    let (r, _) = get(
        app.clone(),
        req("POST", "/admin/media/describe", Some(&cookie), Some(&describe)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (r, body) = get(app.clone(), api("PUT", HISTORY, &ed, Some(&etag), Some(&draft))).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let revision = json(&body)["revision"].as_i64().expect("revision");

    // In use (by a draft): a contributor may not delete, a publisher is refused.
    let item = format!("/api/content/v1/media/{key}");
    let (r, _) = get(app.clone(), api("DELETE", &item, &cy, None, None)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (r, body) = get(app.clone(), api("DELETE", &item, &pat, None, None)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(json(&body)["used_by"][0]["key"], "about/history");

    let step = |who: &str, step: &str, revision: Option<i64>| {
        let body = revision.map(|r| serde_json::json!({ "revision": r }));
        api("POST", &format!("{HISTORY}/{step}"), who, None, body.as_ref())
    };
    let (r, _) = get(app.clone(), step(&ed, "submit", None)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (r, _) = get(app.clone(), step(&pat, "approve", Some(revision))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (r, _) = get(app.clone(), step(&pat, "publish", Some(revision))).await;
    assert_eq!(r.status(), StatusCode::OK);

    let mut html = String::new();
    for _ in 0..1200 {
        html = String::from_utf8(get(app.clone(), page("/en/about/history/")).await.1).expect("utf-8");
        if html.contains("Everyone on the pier.") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(html.contains("Everyone on the pier."), "the publication is served");
    assert!(html.contains(&format!("srcset=\"/media/{key}/320.jpg 320w, /media/{key}/640.jpg 640w, /media/{key}/960.jpg 960w, /media/{key}/1000.jpg 1000w\"")), "{html}");
    assert!(html.contains("alt=\"Four people on a wooden pier\""));
    assert!(html.contains("class=\"focal-30-60\""));

    // Public now: immutable, typed, not sniffed.
    let (r, body) = get(app.clone(), page(&format!("/media/{key}/320.jpg"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert!(
        r.headers()[header::CACHE_CONTROL]
            .to_str()
            .expect("ascii")
            .contains("immutable")
    );
    assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(image::load_from_memory(&body).expect("a jpeg").width(), 320);
    let (r, _) = get(app.clone(), page(&format!("/media/{key}/2000.jpg"))).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "never upscaled");

    // Crops around the focal point (0.3, 0.6): a 4:5 portrait is 480×600
    // of the 1000×600 picture, served at 320 and 480 pixels wide.
    let (r, body) = get(app.clone(), page(&format!("/media/{key}/crop-4x5-300-600-480.jpg"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let cut = image::load_from_memory(&body).expect("a jpeg");
    assert_eq!((cut.width(), cut.height()), (480, 600));
    let (r, body) = get(app.clone(), page(&format!("/media/{key}/crop-1x1-300-600-320.jpg"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cut = image::load_from_memory(&body).expect("a jpeg");
    assert_eq!((cut.width(), cut.height()), (320, 320));
    // The same crop again comes from memory, byte for byte.
    let (_, again) = get(app.clone(), page(&format!("/media/{key}/crop-1x1-300-600-320.jpg"))).await;
    assert_eq!(again, body);
    // Only what the catalog lists: the current focal point, the two
    // aspects, the crop's widths, the fallback format.
    for refused in [
        "crop-4x5-500-500-480.jpg",
        "crop-4x5-300-600-640.jpg",
        "crop-4x5-300-600-481.jpg",
        "crop-3x2-300-600-480.jpg",
        "crop-4x5-300-600-480.png",
        "crop-4x5-300-600-480.webp",
    ] {
        let (r, _) = get(app.clone(), page(&format!("/media/{key}/{refused}"))).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{refused}");
    }
}
