//! Every page in every locale, fallback, direction, aliases.

use axum::body::Body;
use http::StatusCode;

use crate::{demo, demo_output, get, percent_path, req};

async fn page(path: &str) -> (StatusCode, String) {
    let (r, b) = get(demo(), req(&percent_path(path)).body(Body::empty()).expect("req")).await;
    (r.status(), String::from_utf8(b).expect("utf-8"))
}

fn html_attr<'a>(html: &'a str, attr: &str) -> &'a str {
    let start = html.find(&format!("{attr}=\"")).expect("attribute") + attr.len() + 2;
    &html[start..start + html[start..].find('"').expect("end")]
}

#[tokio::test]
async fn every_page_in_every_locale_answers_with_its_lang_and_dir() {
    let site = portico_content::load(&crate::demo_dir()).expect("demo");
    assert_eq!(site.config().locales.len(), 5, "en, en-GB, en-CY, fr, ar");
    let mut fallbacks = 0;
    for p in &demo_output().pages {
        let (status, html) = page(&p.path).await;
        // 200, or 410 for a closed job (a page that says so).
        assert_eq!(status.as_u16(), p.status, "{}", p.path);
        let html_tag = &html[html.find("<html").expect("html tag")..];
        assert_eq!(html_attr(html_tag, "lang"), p.locale, "{}", p.path);
        let dir = html_attr(html_tag, "dir");
        assert_eq!(dir, if p.locale == "ar" { "rtl" } else { "ltr" }, "{}", p.path);
        // Pages the renderer makes (sitemap, cookie choices) have no
        // content file to fall back from.
        if site.resolve(&p.key, &p.locale).is_none() {
            continue;
        }
        let own = site.get(&p.key, &p.locale).is_some();
        let notice = html.contains("class=\"notice\"");
        assert_eq!(
            notice, !own,
            "{}: a fallback notice exactly when the page is not translated",
            p.path
        );
        if !own {
            fallbacks += 1;
            let shown = site.resolve(&p.key, &p.locale).expect("resolves").locale.clone();
            assert!(
                html.contains(&format!("lang=\"{shown}\"")),
                "{}: fallback content marked {shown}",
                p.path
            );
        }
    }
    assert!(fallbacks > 20, "the demo exercises fallback ({fallbacks} pages)");
}

#[tokio::test]
async fn en_cy_shows_en_gb_text_with_a_notice_in_english() {
    let site = portico_content::load(&crate::demo_dir()).expect("demo");
    let gb = site.get("about/values", "en-GB").expect("en-GB translates values");
    assert!(site.get("about/values", "en-CY").is_none());
    let url = site.url("about/values", "en-CY").expect("en-CY url");
    let (status, html) = page(url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&gb.title), "shows the en-GB title");
    assert!(html.contains("lang=\"en-GB\""), "marks the content en-GB");
    assert!(
        html.contains("English (United Kingdom)"),
        "the notice names what is shown"
    );
}

#[tokio::test]
async fn arabic_pages_are_right_to_left_and_localized() {
    let (status, html) = page("/ar/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("العربية"), "the locale picker names Arabic in Arabic");
    assert!(html.contains("English (Cyprus)"));
}

#[tokio::test]
async fn aliases_redirect_permanently_to_the_new_url() {
    let (r, _) = get(demo(), req("/en/news/2026/gauge-s3/").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.headers()["location"], "/en/stories/gauge-s3-launch/");
}
