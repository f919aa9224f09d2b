use jiff::Timestamp;
use portico_formats::atom::{Entry, Feed, atom};

fn ts(s: &str) -> Timestamp {
    s.parse().expect("test timestamp")
}

fn sample() -> Feed {
    Feed {
        id: "https://halcyon.example.org/ar/news/".into(),
        title: "أخبار المعهد & <Halcyon>".into(),
        subtitle: Some("Tides, \"waves\" & 'currents'".into()),
        lang: "ar".into(),
        self_url: "https://halcyon.example.org/ar/news/feed.xml?a=1&b=2".into(),
        html_url: "https://halcyon.example.org/ar/news/".into(),
        updated: ts("2026-10-14T16:00:00Z"),
        author: "Halcyon Institute".into(),
        icon: Some("https://halcyon.example.org/icon.png".into()),
        rights: Some("© 2026 Halcyon; CC-BY-4.0".into()),
        entries: vec![
            Entry {
                id: "https://halcyon.example.org/ar/news/coastset".into(),
                title: "CoastSet 1.10 released: Zoë Ångström's <data>".into(),
                url: "https://halcyon.example.org/ar/news/coastset?x=1&y=2".into(),
                published: ts("2026-10-01T09:30:00Z"),
                updated: ts("2026-10-02T10:00:00Z"),
                summary: Some("Line one,\nline two; \u{1}bell".into()),
                content_html: Some(
                    "<p>Tides &amp; waves: <a href=\"https://x.example/?a=1&amp;b=2\">data</a> — ساحل</p>\u{FFFF}"
                        .into(),
                ),
                authors: vec!["Zoë Ångström".into(), "وانجيرو كاماو".into()],
                categories: vec!["sea level".into(), "R&D <lab>".into()],
            },
            Entry {
                id: "https://halcyon.example.org/ar/news/seminar".into(),
                title: "Seminar".into(),
                url: "https://halcyon.example.org/ar/news/seminar".into(),
                published: ts("2026-09-01T00:00:00Z"),
                updated: ts("2026-09-01T00:00:00Z"),
                summary: None,
                content_html: None,
                authors: vec![],
                categories: vec![],
            },
        ],
    }
}

fn parse(xml: &str) -> Result<feed_rs::model::Feed, feed_rs::parser::ParseFeedError> {
    feed_rs::parser::parse(xml.as_bytes())
}

fn link<'a>(links: &'a [feed_rs::model::Link], rel: &str) -> Option<&'a str> {
    links
        .iter()
        .find(|l| l.rel.as_deref() == Some(rel))
        .map(|l| l.href.as_str())
}

#[test]
fn feed_round_trips_through_feed_rs() {
    let f = sample();
    let xml = atom(&f);
    let parsed = parse(&xml).expect("feed-rs parses the feed");

    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(parsed.id, f.id);
    assert_eq!(
        parsed.title.as_ref().map(|t| t.content.as_str()),
        Some(f.title.as_str())
    );
    assert_eq!(
        parsed.description.as_ref().map(|t| t.content.as_str()),
        f.subtitle.as_deref()
    );
    assert_eq!(parsed.language.as_deref(), Some("ar"));
    assert_eq!(link(&parsed.links, "self"), Some(f.self_url.as_str()));
    assert_eq!(link(&parsed.links, "alternate"), Some(f.html_url.as_str()));
    assert_eq!(parsed.updated.map(|d| d.timestamp()), Some(f.updated.as_second()));
    let names: Vec<_> = parsed.authors.iter().filter_map(|p| p.name.as_deref()).collect();
    assert_eq!(names, ["Halcyon Institute"]);
    assert_eq!(parsed.rights.as_ref().map(|t| t.content.as_str()), f.rights.as_deref());

    assert_eq!(parsed.entries.len(), 2);
    let (e, pe) = (&f.entries[0], &parsed.entries[0]);
    assert_eq!(pe.id, e.id);
    assert_eq!(pe.title.as_ref().map(|t| t.content.as_str()), Some(e.title.as_str()));
    assert_eq!(link(&pe.links, "alternate"), Some(e.url.as_str()));
    assert_eq!(pe.published.map(|d| d.timestamp()), Some(e.published.as_second()));
    assert_eq!(pe.updated.map(|d| d.timestamp()), Some(e.updated.as_second()));
    let names: Vec<_> = pe.authors.iter().filter_map(|p| p.name.as_deref()).collect();
    assert_eq!(names, ["Zoë Ångström", "وانجيرو كاماو"]);
    let terms: Vec<_> = pe.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["sea level", "R&D <lab>"]);
    // The forbidden control character is gone, the rest is intact.
    assert_eq!(
        pe.summary.as_ref().map(|t| t.content.as_str()),
        Some("Line one,\nline two; bell")
    );
    let content = pe.content.as_ref().expect("content");
    assert_eq!(content.content_type.essence().to_string(), "text/html");
    assert_eq!(
        content.body.as_deref(),
        Some("<p>Tides &amp; waves: <a href=\"https://x.example/?a=1&amp;b=2\">data</a> — ساحل</p>")
    );

    // An entry without authors gets the feed's author, as RFC 4287 requires.
    let names: Vec<_> = parsed.entries[1]
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref())
        .collect();
    assert_eq!(names, ["Halcyon Institute"]);
    assert!(parsed.entries[1].content.is_none());
}

#[test]
fn document_shape() {
    let xml = atom(&sample());
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">"
    ));
    assert!(xml.contains("<updated>2026-10-14T16:00:00Z</updated>"));
    assert!(xml.contains("<published>2026-10-01T09:30:00Z</published>"));
    assert!(xml.contains("<content type=\"html\">&lt;p&gt;Tides &amp;amp; waves"));
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{FFFF}'));
    assert_eq!(xml.matches("<entry>").count(), 2);
    assert_eq!(xml.matches("<author>").count(), 4);
}

#[test]
fn the_parser_rejects_broken_xml() {
    let xml = atom(&sample());
    // Text that was not escaped breaks the document.
    let broken = xml.replace("&lt;Halcyon&gt;", "<Halcyon>");
    assert!(parse(&broken).is_err(), "an unescaped tag must not parse");
    let broken = xml.replace("<feed xmlns", "<rss xmlns");
    assert!(parse(&broken).is_err(), "a wrong root must not parse");
}
