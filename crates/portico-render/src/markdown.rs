//! Markdown -> sanitized HTML, with `@/key` links resolved to the reader's
//! locale and image paths resolved to content-hashed asset URLs.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::Resolver;

pub(crate) fn to_html(text: &str, r: &Resolver<'_>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let raw_html = std::cell::Cell::new(false);
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => {
            raw_html.set(true);
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(safe_url(r.href(&portico_content::Link::parse(&dest_url)))),
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
            dest_url: CowStr::from(match r.site.media().of_src(&dest_url) {
                // A library image in the text: its widest variant.
                Some(entry) => entry.url(),
                None => r.asset_url(dest_url.trim_start_matches('/').trim_start_matches("static/")),
            }),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    // pulldown-cmark escapes all text and attributes; only raw HTML in the
    // content needs the (much slower) sanitizer.
    if raw_html.get() { sanitize(&out) } else { out }
}

/// Links may go to pages (relative or absolute paths), the web, mail and
/// phone; any other scheme (`javascript:`, `data:`) becomes `#`.
fn safe_url(url: String) -> String {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = url[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                url
            } else {
                "#".to_string()
            }
        }
        _ => url,
    }
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

/// The text of Markdown without markup, and its headings apart, for the
/// search index. Raw HTML contributes nothing.
pub(crate) fn plain_text(text: &str, headings: &mut Vec<String>, out: &mut String) {
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    headings.push(h);
                }
            }
            Event::Text(t) | Event::Code(t) => match heading.as_mut() {
                Some(h) => h.push_str(&t),
                None => out.push_str(&t),
            },
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) if heading.is_none() && !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_safe_link_schemes_survive() {
        assert_eq!(super::safe_url("javascript:alert(1)".into()), "#");
        assert_eq!(super::safe_url("JaVaScRiPt:alert(1)".into()), "#");
        assert_eq!(super::safe_url("data:text/html,x".into()), "#");
        assert_eq!(
            super::safe_url("https://example.org/a:b".into()),
            "https://example.org/a:b"
        );
        assert_eq!(super::safe_url("/en/a:b/".into()), "/en/a:b/");
        assert_eq!(super::safe_url("mailto:a@b.example".into()), "mailto:a@b.example");
        assert_eq!(super::safe_url("#top".into()), "#top");
    }

    #[test]
    fn raw_html_is_sanitized() {
        let out = super::sanitize("<p onclick=\"x()\">Hi<script>alert(1)</script><img src=x onerror=y alt=a></p>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(out.contains("<p>Hi"), "{out}");
    }

    #[test]
    fn plain_text_keeps_words_and_sets_headings_apart() {
        let mut headings = Vec::new();
        let mut text = String::new();
        super::plain_text(
            "# Title\n\nSome *emphasis* and `code`.\n\n## Part two\n\n<b>raw</b> end",
            &mut headings,
            &mut text,
        );
        assert_eq!(headings, ["Title", "Part two"]);
        assert!(text.contains("Some emphasis and code."), "{text:?}");
        assert!(text.contains("raw end"), "{text:?}");
        assert!(!text.contains('<'));
    }
}
