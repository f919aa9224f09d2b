//! Markdown -> sanitized HTML, with `@/key` links resolved to the reader's
//! locale and image paths resolved to content-hashed asset URLs.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

use crate::Resolver;

pub(crate) fn to_html(text: &str, r: &Resolver<'_>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(r.href(&portico_content::Link::parse(&dest_url))),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(r.asset_url(dest_url.trim_start_matches('/').trim_start_matches("static/"))),
            title,
            id,
        }),
        other => other,
    });
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

/// Markdown for one short line (hero text, card text): inline formatting
/// only, no wrapping paragraph.
pub(crate) fn inline_html(text: &str, r: &Resolver<'_>) -> String {
    let html = to_html(text, r);
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .add_tag_attributes("img", &["width", "height", "loading"])
        .add_tag_attributes("h2", &["id"])
        .add_tag_attributes("h3", &["id"])
        .add_tag_attributes("h4", &["id"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn raw_html_is_sanitized() {
        let out = super::sanitize("<p onclick=\"x()\">Hi<script>alert(1)</script><img src=x onerror=y alt=a></p>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(out.contains("<p>Hi"), "{out}");
    }
}
