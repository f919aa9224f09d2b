//! The demo site's content types: a detail page of each type (snapshots),
//! their schema.org data, list filters, a closed job's 410, and every
//! generated feed, calendar and citation read back by a real parser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use portico_render::{Output, Theme, render_at};

/// The demo site rendered as of a fixed moment, so "past", "closed" and
/// "upcoming" do not move with the clock.
fn demo() -> &'static Output {
    static OUT: OnceLock<Output> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site");
        let site = portico_content::load(&dir).unwrap_or_else(|d| panic!("the demo site loads:\n{d}"));
        let now: jiff::Timestamp = "2026-11-24T12:00:00Z".parse().expect("a timestamp");
        render_at(&site, &Theme::builtin(), now).expect("the demo site renders")
    })
}

fn page<'a>(out: &'a Output, path: &str) -> &'a portico_render::Page {
    out.pages
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no page {path}"))
}

fn html(path: &str) -> String {
    page(demo(), path).html.fill("TRACE")
}

/// The `<main>` element of a page, with hashed asset names masked.
fn main_of(path: &str) -> String {
    let h = html(path);
    let start = h.find("<main").expect("a main element");
    let end = h.find("</main>").expect("the end of main") + "</main>".len();
    let mut s = h[start..end].to_string();
    while let Some(i) = s.find("/static/") {
        let tail = &s[i..];
        let end = tail.find(['"', ' ', ')']).unwrap_or(tail.len());
        s.replace_range(i..i + end, "ASSET");
    }
    s
}

#[test]
fn a_detail_page_of_each_type() {
    for (name, path) in [
        ("story", "/en/stories/coastset-open-tide-data/"),
        ("person", "/en/research/people/lucas-ferreira/"),
        ("location", "/en/locations/nairobi/"),
        ("lab", "/en/research/labs/forecast-interaction-lab/"),
        ("area", "/en/research/areas/flood-forecasting/"),
        ("event", "/en/research/events/montreal-open-seminar/"),
        ("series", "/en/research/series/halcyon-forum/"),
        ("episode", "/en/research/series/halcyon-forum/02-forty-microwatts/"),
        ("program", "/en/research/programs/doctoral-fellowships-2027/"),
        ("job", "/en/careers/jobs/open-data-engineer/"),
        ("tool", "/en/research/tools/coastset/"),
        ("fact", "/en/about/numbers/canopy-cities/"),
    ] {
        insta::assert_snapshot!(format!("type_{name}"), main_of(path));
    }
}

#[test]
fn a_closed_job_answers_410_and_points_to_open_ones() {
    let out = demo();
    let closed = page(out, "/en/careers/jobs/ux-researcher-emergency-operations/");
    assert_eq!(closed.status, 410);
    let text = closed.html.fill("T");
    assert!(text.contains("status-closed"), "the page says it is closed");
    assert!(text.contains("related-jobs"), "and offers open jobs");
    assert!(
        !text.contains("jobs.halcyon.example/apply"),
        "no apply button on a closed job"
    );
    assert_eq!(page(out, "/en/careers/jobs/open-data-engineer/").status, 200);
    // The job list leaves closed jobs out.
    let list = html("/en/careers/jobs/");
    assert!(!list.contains("/en/careers/jobs/ux-researcher-emergency-operations/"));
    assert!(list.contains("/en/careers/jobs/open-data-engineer/"));
}

/// Every link from a list page to a filtered view of it leads to a page
/// that exists, and each filter combination shows only matching items.
#[test]
fn filters_are_links_that_combine() {
    let out = demo();
    let paths: BTreeSet<&str> = out.pages.iter().map(|p| p.path.as_str()).collect();
    let mut followed = 0;
    for (list, dims) in &out.lists {
        assert!(!dims.is_empty());
        for p in out.pages.iter().filter(|p| p.path.starts_with(list.as_str())) {
            let text = p.html.fill("T");
            for href in text.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
                let href = href.replace("&amp;", "&");
                if let Some(q) = href
                    .strip_prefix(&format!("{list}?"))
                    .filter(|q| !q.starts_with("locale="))
                {
                    assert!(
                        paths.contains(format!("{list}?{q}").as_str()),
                        "{} links to a missing view {href}",
                        p.path
                    );
                    followed += 1;
                }
            }
        }
        assert!(
            paths.contains(format!("{list}?none").as_str()),
            "{list} has no empty-result page"
        );
    }
    assert!(followed > 50, "only {followed} filter links");
    // Two filters combine: datasets under one license.
    let both = page(out, "/en/research/tools/?kind=dataset&license=CC-BY-4.0")
        .html
        .fill("T");
    assert!(both.contains("/en/research/tools/coastset/"));
    assert!(
        !both.contains("/en/research/tools/atlas-python-sdk/\""),
        "an SDK is not a dataset"
    );
    assert!(both.contains("noindex"));
    // The empty result says so and offers a way out.
    let none = page(out, "/en/research/tools/?none").html.fill("T");
    assert!(none.contains("Nothing matches all of these filters"));
    assert!(none.contains("href=\"/en/research/tools/\""));
}

#[test]
fn events_list_upcoming_before_past() {
    let list = html("/en/research/events/");
    let upcoming = list.find("list-group-upcoming").expect("an upcoming group");
    let past = list.find("list-group-past").expect("a past group");
    assert!(upcoming < past);
    // The forum recurs monthly: its page shows the next dates.
    let forum = html("/en/research/events/halcyon-forum-live/");
    assert!(forum.contains("Next dates"));
    assert!(
        forum.contains("datetime=\"2026-12-09T16:00:00Z\""),
        "the second Wednesday of December"
    );
}

#[test]
fn locations_page_has_a_map_and_regions() {
    let list = html("/en/locations/");
    assert!(list.contains("<svg"), "a map");
    assert!(list.contains("list-group-africa") && list.contains("list-group-europe"));
    let chart = html("/en/about/numbers/canopy-cities/");
    assert!(
        chart.contains("<svg") && chart.contains("<table"),
        "a chart with its data table"
    );
}

/// The schema.org node of each type and the properties it must have.
const REQUIRED: &[(&str, &[&str])] = &[
    ("Article", &["headline", "datePublished", "author", "publisher"]),
    ("Person", &["name"]),
    ("Place", &["name", "address", "geo"]),
    ("ResearchOrganization", &["name", "url"]),
    (
        "Event",
        &["name", "startDate", "endDate", "location", "eventAttendanceMode"],
    ),
    ("EventSeries", &["name"]),
    ("Episode", &["name", "partOfSeries"]),
    ("EducationalOccupationalProgram", &["name", "provider"]),
    (
        "JobPosting",
        &[
            "title",
            "description",
            "datePosted",
            "hiringOrganization",
            "jobLocation",
        ],
    ),
    ("Dataset", &["name", "description", "license", "creator"]),
    ("SoftwareSourceCode", &["name", "description", "license", "author"]),
];

#[test]
fn json_ld_has_each_type_with_its_required_properties() {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &demo().pages {
        let text = p.html.fill("T");
        let Some(start) = text.find("<script type=\"application/ld+json\">") else {
            continue;
        };
        let rest = &text[start + "<script type=\"application/ld+json\">".len()..];
        let json = &rest[..rest.find("</script>").expect("the script ends")];
        let v: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: bad JSON-LD: {e}", p.path));
        assert_eq!(v["@context"], "https://schema.org", "{}", p.path);
        let nodes: Vec<&serde_json::Value> = match v.get("@graph") {
            Some(g) => g.as_array().expect("@graph is an array").iter().collect(),
            None => vec![&v],
        };
        for n in nodes {
            let ty = n["@type"].as_str().expect("every node has a @type");
            if let Some((name, props)) = REQUIRED.iter().find(|(t, _)| *t == ty) {
                for prop in *props {
                    assert!(
                        n.get(*prop).is_some_and(|x| !x.is_null()),
                        "{}: {ty} lacks {prop}",
                        p.path
                    );
                }
                *seen.entry(name).or_default() += 1;
            }
        }
    }
    for (ty, _) in REQUIRED {
        assert!(seen.contains_key(ty), "no page has a {ty}: {seen:?}");
    }
}

fn file<'a>(out: &'a Output, path: &str) -> &'a str {
    let f = out
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    std::str::from_utf8(&f.bytes).expect("UTF-8")
}

#[test]
fn every_feed_parses_as_atom() {
    let out = demo();
    let feeds: Vec<_> = out
        .files
        .iter()
        .filter(|f| f.path.ends_with(".xml") && f.path.contains("/feed"))
        .collect();
    assert!(feeds.len() > 10, "feeds per locale and per topic: {}", feeds.len());
    for f in feeds {
        let feed = feed_rs::parser::parse(&f.bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(!feed.entries.is_empty(), "{} is empty", f.path);
        for e in &feed.entries {
            assert!(
                !e.authors.is_empty() && e.published.is_some() && !e.links.is_empty(),
                "{}",
                f.path
            );
        }
    }
    let all = feed_rs::parser::parse(file(out, "/en/stories/feed.xml").as_bytes()).expect("Atom");
    assert!(all.entries.len() >= 12);
}

#[test]
fn every_calendar_parses_as_icalendar() {
    let out = demo();
    let cals: Vec<_> = out.files.iter().filter(|f| f.path.ends_with(".ics")).collect();
    assert!(cals.len() > 10);
    for f in cals {
        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
        let parsed: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert!(!parsed.components.is_empty(), "{}", f.path);
        assert!(
            text.lines().all(|l| l.len() <= 76),
            "{}: a line longer than 75 octets",
            f.path
        );
    }
    let forum = file(out, "/en/research/events/halcyon-forum-live/event.ics");
    assert!(forum.contains("RRULE:FREQ=MONTHLY"));
    let toronto = file(out, "/en/research/events/montreal-open-seminar/event.ics");
    assert!(toronto.contains("TZID=America/Toronto") && toronto.contains("BEGIN:VTIMEZONE"));
}

#[test]
fn every_citation_parses() {
    let out = demo();
    let bibs: Vec<_> = out.files.iter().filter(|f| f.path.ends_with("citation.bib")).collect();
    assert!(bibs.len() >= 15);
    for f in &bibs {
        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
        let bib = biblatex::Bibliography::parse(text).unwrap_or_else(|e| panic!("{}: {e:?}", f.path));
        let entry = bib.iter().next().expect("one entry");
        assert!(entry.title().is_ok() && entry.author().is_ok(), "{}", f.path);
    }
    for f in out.files.iter().filter(|f| f.path.ends_with("citation.json")) {
        let v: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert!(v[0]["title"].is_string() && v[0]["author"].is_array(), "{}", f.path);
    }
    for f in out.files.iter().filter(|f| f.path.ends_with("citation.ris")) {
        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
        assert!(text.starts_with("TY  - "), "{}", f.path);
        assert!(text.trim_end().ends_with("ER  -"), "{}", f.path);
    }
    // CoastSet is described by its CITATION.cff: its authors and ORCID iDs
    // reach every format.
    let cff = file(out, "/en/research/tools/coastset/CITATION.cff");
    assert!(
        cff.contains("orcid: https://orcid.org/0000-0002-8391-6406")
            || cff.contains("orcid: \"https://orcid.org/0000-0002-8391-6406\""),
        "{cff}"
    );
    let schema: serde_json::Value = serde_json::from_str(include_str!(
        "../../../portico-formats/tests/data/cff-1.2.0.schema.json"
    ))
    .expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for f in out.files.iter().filter(|f| f.path.ends_with("CITATION.cff")) {
        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
        let yaml: serde_json::Value = serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        let errors: Vec<String> = validator.iter_errors(&yaml).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.path);
    }
}

/// The text between each `open` and the next `close` in `html`.
fn between<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let tail = &rest[i + open.len()..];
        let Some(end) = tail.find(close) else { break };
        out.push(&tail[..end]);
        rest = &tail[end + close.len()..];
    }
    out
}

/// In every locale, the names of a description list differ: two facts
/// whose labels translate to one word ("Venue" and "Location" are both
/// "Lieu" in French) would read as the same fact twice.
#[test]
fn the_names_in_a_description_list_are_distinct_in_every_locale() {
    let mut problems = Vec::new();
    for p in &demo().pages {
        let html = p.html.fill("TRACE");
        for dl in between(&html, "<dl", "</dl>") {
            let names: Vec<String> = between(dl, "<dt>", "</dt>")
                .iter()
                .map(|n| n.split('<').next().unwrap_or("").trim().to_lowercase())
                .collect();
            let unique: BTreeSet<&String> = names.iter().collect();
            if unique.len() != names.len() {
                problems.push(format!("{}: {names:?}", p.path));
            }
        }
    }
    assert!(problems.is_empty(), "repeated names:\n{}", problems.join("\n"));
}

/// Each event of a calendar says when it last changed (its item's last
/// change, not the epoch) and lists each category once.
#[test]
fn calendar_events_carry_their_last_change_and_distinct_categories() {
    let out = demo();
    let mut problems = Vec::new();
    for f in out.files.iter().filter(|f| f.path.ends_with(".ics")) {
        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
        for line in text.lines() {
            if let Some(stamp) = line.strip_prefix("DTSTAMP:")
                && stamp.starts_with("1970")
            {
                problems.push(format!("{}: DTSTAMP {stamp}", f.path));
            }
            if let Some(list) = line.strip_prefix("CATEGORIES:") {
                let all: Vec<String> = list.split(',').map(str::to_lowercase).collect();
                let unique: BTreeSet<&String> = all.iter().collect();
                if unique.len() != all.len() {
                    problems.push(format!("{}: CATEGORIES {list}", f.path));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `<img>` tags of a page that show a library crop of `aspect`.
fn crops_in(path: &str, aspect: &str) -> Vec<String> {
    let h = html(path);
    h.split("<img ")
        .skip(1)
        .map(|t| t[..t.find('>').unwrap_or(t.len())].to_string())
        .filter(|t| t.contains(&format!("-{aspect}-")))
        .collect()
}

/// The widths a `srcset` offers.
fn srcset_widths(img: &str) -> Vec<u32> {
    let start = img.find("srcset=\"").expect("a srcset") + "srcset=\"".len();
    let set = &img[start..start + img[start..].find('"').expect("its end")];
    set.split(", ")
        .map(|c| {
            c.rsplit_once(' ')
                .and_then(|(_, w)| w.strip_suffix('w'))
                .and_then(|w| w.parse().ok())
                .expect("a width")
        })
        .collect()
}

#[test]
fn leaders_are_shown_cut_around_their_faces_at_several_widths() {
    // The leadership page: each leader's card is a square crop of the
    // bundled (landscape) portrait, offered at several widths with `sizes`.
    let cards = crops_in("/en/about/leadership/", "1x1");
    assert_eq!(cards.len(), 6, "{cards:#?}");
    for img in &cards {
        assert_eq!(srcset_widths(img), vec![320, 640, 800], "{img}");
        assert!(img.contains(" sizes=\""), "{img}");
        assert!(img.contains("class=\"focal-") && img.contains(" crop-1x1\""), "{img}");
        assert!(img.contains("width=\"800\" height=\"800\""), "{img}");
        assert!(img.contains("alt=\"Illustrated portrait of "), "{img}");
    }
    // Mara's face is right of the middle (0.7): her crops say so, and a
    // crop's address changes with the point it is cut around.
    let mara = cards
        .iter()
        .find(|i| i.contains("Mara Lindqvist"))
        .expect("Mara's card");
    assert!(mara.contains("/crop-1x1-700-362-640.jpg 640w"), "{mara}");

    // Her page: a 4:5 portrait, French alt text on the French page.
    let page = crops_in("/en/about/leadership/mara-lindqvist/", "4x5");
    assert_eq!(page.len(), 1, "{page:#?}");
    assert_eq!(srcset_widths(&page[0]), vec![320, 640]);
    assert!(page[0].contains("width=\"640\" height=\"800\""), "{}", page[0]);
    assert!(
        page[0].contains("sizes=\"(min-width: 48rem) 20rem, 22rem\""),
        "{}",
        page[0]
    );
    let fr = crops_in("/fr/a-propos/direction/mara-lindqvist/", "4x5");
    assert!(
        fr.first()
            .is_some_and(|i| i.contains("alt=\"Portrait illustré de Mara Lindqvist")),
        "{fr:#?}"
    );
}
