//! The search crate on a small corpus: ranking tiers, typos, phrases,
//! facets, corrections, suggestions, updates and hostile input; then the
//! query rules on a second corpus: synonyms, stop words, questions and
//! pages a query names.

use portico_search::{Document, Facet, Lang, Request, SiteIndex, Synonyms};
use proptest::prelude::*;

fn doc(locale: &str, url: &str, title: &str, body: &str, kind: &str) -> Document {
    Document {
        locale: locale.into(),
        url: url.into(),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        kind: Facet::new(kind, kind.to_uppercase()),
        section: Some(Facet::new("research", "Research")),
        breadcrumb: vec![("Home".into(), format!("/{locale}/"))],
        ..Document::default()
    }
}

fn corpus() -> SiteIndex {
    let mut docs = vec![
        doc(
            "en",
            "/en/ocean/",
            "Ocean observation",
            "Buoys measure the ocean every hour.",
            "lab",
        ),
        doc(
            "en",
            "/en/models/",
            "Weather models",
            "Our weather models run daily.",
            "tool",
        ),
        doc(
            "en",
            "/en/research/",
            "Research at Halcyon",
            "We research the climate.",
            "page",
        ),
        doc(
            "en",
            "/en/sea-ice/",
            "Polar work",
            "Sea ice thins each summer; ice sheets melt.",
            "story",
        ),
        doc(
            "en",
            "/en/ice-sea/",
            "Coastal notes",
            "The ice near the sea is thick.",
            "story",
        ),
        doc(
            "en",
            "/en/reserve/",
            "Reserve fund",
            "A reserve for research grants.",
            "page",
        ),
        doc(
            "fr",
            "/fr/donnees/",
            "Données ouvertes",
            "Nous publions des données océaniques.",
            "tool",
        ),
        doc(
            "fr",
            "/fr/recherche/",
            "La recherche",
            "Les chercheurs étudient le climat.",
            "page",
        ),
        doc("ar", "/ar/bahth/", "البحث العلمي", "نَشْرُ الأَبْحَاثِ في المُحِيطَات", "page"),
    ];
    docs[0].date = Some(("2025-06-01".into(), "1 June 2025".into()));
    docs[3].date = Some(("2024-02-01".into(), "1 February 2024".into()));
    docs[1].areas = vec![Facet::new("areas/climate", "Climate")];
    SiteIndex::build(&["en".into(), "fr".into(), "ar".into(), "de".into()], docs).expect("index")
}

fn urls(ix: &SiteIndex, locale: &str, q: &str) -> Vec<String> {
    ix.search(locale, &req(q)).hits.into_iter().map(|h| h.url).collect()
}

fn req(q: &str) -> Request {
    Request {
        q: q.into(),
        page: 1,
        per_page: 10,
        ..Request::default()
    }
}

#[test]
fn title_match_ranks_first() {
    let ix = corpus();
    assert_eq!(urls(&ix, "en", "ocean")[0], "/en/ocean/");
}

#[test]
fn stemming_finds_other_forms() {
    let ix = corpus();
    assert_eq!(urls(&ix, "en", "oceans")[0], "/en/ocean/");
    assert_eq!(urls(&ix, "fr", "donnee")[0], "/fr/donnees/");
    assert_eq!(urls(&ix, "fr", "chercheur")[0], "/fr/recherche/");
}

#[test]
fn a_swap_of_neighbours_is_one_typo() {
    let ix = corpus();
    let found = urls(&ix, "en", "reserach");
    assert_eq!(found.first().map(String::as_str), Some("/en/research/"), "{found:?}");
}

#[test]
fn short_words_get_no_typo_tolerance() {
    let ix = corpus();
    // "oce" is three letters: no fuzzy match to "ocean".
    assert!(urls(&ix, "en", "ocan").is_empty());
}

#[test]
fn a_typo_match_never_outranks_an_exact_one() {
    let ix = corpus();
    // "reserve" is an exact word of one page and one edit from "research"'s
    // forms only through a typo; the exact page must come first.
    let found = urls(&ix, "en", "reserve");
    assert_eq!(found[0], "/en/reserve/");
    let r = ix.search("en", &req("reserve"));
    assert_eq!(r.exact, 1);
}

#[test]
fn quoted_phrases_keep_word_order() {
    let ix = corpus();
    let found = urls(&ix, "en", "\"sea ice\"");
    assert_eq!(found[0], "/en/sea-ice/");
    // Both pages have both words, but only one has the phrase: the other
    // may follow in a lower tier, never before.
    assert!(found.iter().position(|u| u == "/en/ice-sea/").is_none_or(|i| i > 0));
}

#[test]
fn facets_count_and_filter() {
    let ix = corpus();
    let r = ix.search("en", &req("ice sea ocean"));
    let types = r.facets.iter().find(|g| g.dimension == "type").expect("type facet");
    let story = types.values.iter().find(|v| v.value == "story").expect("story");
    assert_eq!(story.count, 2);
    assert_eq!(story.label, "STORY");
    let mut filtered = req("ice sea ocean");
    filtered.filters.push(("type".into(), "story".into()));
    let r = ix.search("en", &filtered);
    assert!(r.total >= 1);
    assert!(r.hits.iter().all(|h| h.kind.value == "story"), "{:?}", r.hits);
    let years = ix.search("en", &req("ocean")).facets;
    assert!(
        years
            .iter()
            .any(|g| g.dimension == "year" && g.values[0].value == "2025")
    );
}

#[test]
fn did_you_mean_comes_from_the_index_vocabulary() {
    let ix = corpus();
    let r = ix.search("en", &req("weathr modles"));
    assert_eq!(r.correction.as_deref(), Some("weather models"));
    // A query whose words all exist needs no correction.
    assert_eq!(ix.search("en", &req("weather")).correction, None);
    // Nothing close: honest, no made-up correction.
    let r = ix.search("en", &req("zzzzqqq"));
    assert_eq!(r.total, 0);
    assert_eq!(r.correction, None);
}

#[test]
fn snippets_highlight_the_matched_words() {
    let ix = corpus();
    let r = ix.search("en", &req("buoys"));
    let marked: Vec<&str> = r.hits[0]
        .snippet
        .iter()
        .filter(|s| s.mark)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["Buoys"]);
    assert_eq!(r.hits[0].breadcrumb[0].url, "/en/");
}

#[test]
fn arabic_matches_with_or_without_vowel_marks() {
    let ix = corpus();
    assert_eq!(urls(&ix, "ar", "المحيطات")[0], "/ar/bahth/");
    assert_eq!(urls(&ix, "ar", "الأبحاث")[0], "/ar/bahth/");
}

#[test]
fn suggestions_complete_the_last_word() {
    let ix = corpus();
    let s = ix.suggest("en", "weather mo", 5);
    assert_eq!(s.completions[0], "weather models");
    assert_eq!(s.pages[0].url, "/en/models/");
    let s = ix.suggest("en", "oce", 5);
    assert_eq!(s.completions[0], "ocean");
    assert!(s.pages.iter().all(|p| p.lang.is_none()), "English pages in English");
}

#[test]
fn a_suggested_page_in_another_language_says_which() {
    // An English page shown by fallback at an Arabic URL.
    let docs = vec![
        Document {
            lang: Some(Lang {
                code: "en".into(),
                dir: "ltr".into(),
            }),
            ..doc("ar", "/ar/tides/", "Tide gauges", "Gauges on every pier.", "tool")
        },
        doc("ar", "/ar/bahth/", "البحث", "نراقب المحيطات", "page"),
    ];
    let ix = SiteIndex::build(&["ar".to_string()], docs).expect("index");
    let s = ix.suggest("ar", "tide", 5);
    let page = s
        .pages
        .iter()
        .find(|p| p.url == "/ar/tides/")
        .expect("the fallback page");
    assert_eq!(
        page.lang,
        Some(Lang {
            code: "en".into(),
            dir: "ltr".into()
        })
    );
    let json = serde_json::to_value(&s.pages[0]).expect("json");
    assert_eq!(json["lang"]["dir"], "ltr");
    let s = ix.suggest("ar", "البحث", 5);
    assert_eq!(s.pages[0].lang, None, "a page in the locale's language has none");
}

#[test]
fn an_update_replaces_one_page_without_rebuilding() {
    let ix = corpus();
    let sections = |ix: &SiteIndex| {
        let r = ix.search("en", &req("ice"));
        let g = r
            .facets
            .into_iter()
            .find(|g| g.dimension == "type")
            .expect("type facet");
        g.values.into_iter().map(|v| (v.value, v.count)).collect::<Vec<_>>()
    };
    assert_eq!(sections(&ix), [("story".to_string(), 2)]);
    ix.update(
        vec![
            doc("en", "/en/ocean/", "Tidal gauges", "Gauges count tides.", "lab"),
            doc(
                "en",
                "/en/ice-sea/",
                "Coastal notes",
                "The ice near the sea is thick.",
                "page",
            ),
        ],
        &[("en".into(), "/en/reserve/".into())],
    )
    .expect("update");
    // Facet counts see the new segment and not the replaced documents.
    assert_eq!(sections(&ix), [("page".to_string(), 1), ("story".to_string(), 1)]);
    assert!(urls(&ix, "en", "buoys").is_empty());
    assert_eq!(urls(&ix, "en", "tides"), ["/en/ocean/"]);
    assert!(urls(&ix, "en", "reserve").is_empty());
    let en = ix.counts().into_iter().find(|(l, _)| l == "en").expect("en");
    assert_eq!(en.1, 5);
}

#[test]
fn pagination_walks_every_result_once() {
    let docs: Vec<Document> = (0..25)
        .map(|i| {
            doc(
                "en",
                &format!("/en/p{i}/"),
                &format!("Page {i}"),
                "common words here",
                "page",
            )
        })
        .collect();
    let ix = SiteIndex::build(&["en".into()], docs).expect("index");
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = ix.search(
            "en",
            &Request {
                q: "common".into(),
                page,
                per_page: 10,
                ..Request::default()
            },
        );
        assert_eq!(r.pages, 3);
        seen.extend(r.hits.into_iter().map(|h| h.url));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25);
    // Past the end: the last page, not an error.
    let r = ix.search(
        "en",
        &Request {
            page: 99,
            ..req("common")
        },
    );
    assert_eq!(r.page, 3);
}

#[test]
fn an_index_on_disk_is_reused_when_the_documents_are_the_same() {
    let dir = std::env::temp_dir().join(format!("portico-search-{}", std::process::id()));
    let docs = vec![doc("en", "/en/a/", "Alpha", "first", "page")];
    let ix = SiteIndex::open_or_build(&dir, &["en".into()], docs.clone()).expect("build");
    drop(ix);
    let stamp = std::fs::read_to_string(dir.join("en/portico-fingerprint")).expect("stamp");
    let ix = SiteIndex::open_or_build(&dir, &["en".into()], docs).expect("reopen");
    assert_eq!(urls(&ix, "en", "alpha"), ["/en/a/"]);
    let changed = vec![doc("en", "/en/b/", "Beta", "second", "page")];
    let ix = SiteIndex::open_or_build(&dir, &["en".into()], changed).expect("rebuild");
    assert!(urls(&ix, "en", "alpha").is_empty());
    assert_ne!(
        std::fs::read_to_string(dir.join("en/portico-fingerprint")).expect("stamp"),
        stamp
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Input people (and robots) really send. Each must give an answer, never
/// an error or a panic.
#[test]
fn any_input_is_a_valid_query() {
    let ix = corpus();
    let long = "ocean ".repeat(2000);
    let cases: Vec<&str> = vec![
        "",
        " ",
        "-",
        "sea-ice",
        "\"",
        "\"\"",
        "\"sea",
        "\"sea ice\"",
        "\"sea ice\" \"ice sea\" ocean",
        "AND",
        "ocean AND OR NOT",
        "NEAR(ocean, 3)",
        "*",
        "oce*",
        "title:ocean",
        "(((",
        "\\",
        "+ocean -ice",
        "🌊🧊",
        "ocean 🌊",
        "البَحْثُ",
        "\u{0}",
        "a\u{0}b",
        "\u{202e}naeco",
        "\u{301}\u{301}\u{301}",
        "%00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        &long,
    ];
    for q in cases {
        for locale in ["en", "fr", "ar", "de", "xx"] {
            let r = ix.search(locale, &req(q));
            assert!(r.query.len() <= portico_search::MAX_QUERY_BYTES);
            assert!(r.hits.len() <= 10);
            let _ = ix.suggest(locale, q, 5);
        }
    }
    // The long query still finds its word.
    assert_eq!(urls(&ix, "en", &long)[0], "/en/ocean/");
}

/// A second corpus, the shape of the demo site's: people, a list page and
/// its items, figures (rank 0.4, as the renderer gives them) and pages
/// that merely mention things.
fn site() -> Vec<Document> {
    let page = |url: &str, title: &str, body: &str, kind: &str| doc("en", url, title, body, kind);
    let mut docs = vec![
        page(
            "/en/about/leadership/mara/",
            "Mara Lindqvist",
            "Mara co-founded the company and has been its chief executive ever since.",
            "person",
        ),
        page(
            "/en/about/leadership/tomas/",
            "Tomás Echeverría",
            "Tomás is the chief executive for operations. As chief executive for operations he runs \
             the factories; the chief executive for operations also signs the safety report.",
            "person",
        ),
        page(
            "/en/stories/annual-letter/",
            "A letter to our customers",
            "Our customers, our customers' customers and the customers to come: this letter is for \
             every customer. Staff and employees of our customers wrote to us.",
            "story",
        ),
        page(
            "/en/about/numbers/customers/",
            "Customers",
            "Public agencies and utilities under contract.",
            "fact",
        ),
        page(
            "/en/about/numbers/staff-count/",
            "People working at Halcyon",
            "Employees on permanent and fixed-term contracts: the headcount.",
            "fact",
        ),
        page(
            "/en/stories/hiring/",
            "How we hire",
            "How many interviews? How many employees meet you? Our employees explain how hiring works \
             for employees and future employees.",
            "story",
        ),
        page(
            "/en/careers/jobs/",
            "Open roles",
            "Every role we are hiring for, with its team and location.",
            "section",
        ),
        page(
            "/en/careers/jobs/firmware/",
            "Firmware engineer",
            "Apply at jobs.example.org: jobs in the firmware team, more jobs soon.",
            "job",
        ),
        page(
            "/en/careers/jobs/data/",
            "Data engineer",
            "See our other jobs at jobs.example.org.",
            "job",
        ),
        page(
            "/en/research/people/",
            "Our researchers",
            "The scientists of the research division.",
            "section",
        ),
        page(
            "/en/research/",
            "Research at Halcyon",
            "Our researchers publish research; researchers and more researchers.",
            "section",
        ),
        page(
            "/en/stories/river-classroom/",
            "River Classroom: schools measure their rivers",
            "Pupils measure rivers.",
            "story",
        ),
        page(
            "/en/research/programs/river-classroom-partnership/",
            "River Classroom research partnership",
            "River Classroom, with River Classroom schools: the River Classroom partnership.",
            "program",
        ),
        page(
            "/en/about/numbers/heat-cities/",
            "Cities with street-level heat forecasts",
            "Cities with an active Canopy service.",
            "fact",
        ),
        page(
            "/en/stories/canopy/",
            "Canopy now in more places",
            "Cities use Canopy to plan for heat: more cities, and more places in those cities.",
            "story",
        ),
        page(
            "/en/legal/terms/",
            "Terms of use",
            "The terms under which you may use the site.",
            "page",
        ),
        page(
            "/en/legal/cookies/",
            "Cookie notice",
            "Terms for cookies; use of cookies; the use terms.",
            "page",
        ),
        doc(
            "fr",
            "/fr/a-propos/direction/mara/",
            "Mara Lindqvist",
            "Mara est directrice générale depuis l’origine.",
            "person",
        ),
        doc(
            "fr",
            "/fr/a-propos/chiffres/effectifs/",
            "Salariés de Halcyon",
            "Effectif en nombre de personnes.",
            "fact",
        ),
        doc(
            "fr",
            "/fr/carrieres/",
            "Carrières chez Halcyon",
            "Nos salariés, nos salariés, nos salariés racontent leur travail de salariés.",
            "section",
        ),
    ];
    for d in &mut docs {
        if d.kind.value == "fact" {
            d.rank = 0.4;
        }
    }
    docs
}

fn synonyms() -> Synonyms {
    let groups = |g: &[&[&str]]| -> Vec<Vec<String>> {
        g.iter().map(|t| t.iter().map(|s| (*s).to_string()).collect()).collect()
    };
    Synonyms::from([
        (
            "en".to_string(),
            groups(&[
                &["ceo", "chief executive", "chief executive officer"],
                &["coo", "chief executive for operations"],
                &["vacancies", "open roles", "jobs"],
            ]),
        ),
        ("fr".to_string(), groups(&[&["pdg", "directrice générale"]])),
    ])
}

fn site_index() -> SiteIndex {
    SiteIndex::build(&["en".into(), "fr".into()], site())
        .expect("index")
        .with_synonyms(&synonyms())
}

#[test]
fn synonyms_widen_the_query_not_the_index() {
    let plain = SiteIndex::build(&["en".into(), "fr".into()], site()).expect("index");
    assert!(urls(&plain, "en", "ceo").is_empty(), "no page says CEO");
    let ix = site_index();
    assert_eq!(urls(&ix, "en", "CEO")[0], "/en/about/leadership/mara/");
    // The synonym's words are marked in the snippet.
    let r = ix.search("en", &req("ceo"));
    let marked: Vec<&str> = r.hits[0]
        .snippet
        .iter()
        .filter(|s| s.mark)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["chief", "executive"]);
    // Per locale: French has its own groups, English ones do not apply.
    assert_eq!(urls(&ix, "fr", "PDG"), ["/fr/a-propos/direction/mara/"]);
    assert!(urls(&ix, "fr", "ceo").is_empty());
    // Replacing the synonyms needs no new index.
    let ix = plain.with_synonyms(&Synonyms::new());
    assert!(urls(&ix, "en", "ceo").is_empty());
}

#[test]
fn a_page_with_a_longer_title_of_another_group_comes_after() {
    // Tomás's page says "chief executive" three times, but each time as
    // part of another declared title.
    let ix = site_index();
    let found = urls(&ix, "en", "ceo");
    assert_eq!(found[0], "/en/about/leadership/mara/", "{found:?}");
    assert_eq!(urls(&ix, "en", "coo")[0], "/en/about/leadership/tomas/");
}

#[test]
fn stop_words_are_left_out_but_keep_their_place() {
    let ix = site_index();
    // "of" is in neither cookie page's title; "terms use" as a phrase
    // with a gap finds the title "Terms of use".
    assert_eq!(urls(&ix, "en", "the terms of use")[0], "/en/legal/terms/");
    // A query of stop words only still searches for them.
    assert!(!urls(&ix, "en", "the").is_empty());
    // French elisions and articles.
    assert_eq!(
        urls(&ix, "fr", "les salariés de Halcyon")[0],
        "/fr/a-propos/chiffres/effectifs/"
    );
}

#[test]
fn a_question_prefers_the_figure_that_answers_it() {
    let ix = site_index();
    // Not a question: the story that talks about employees at length.
    assert_eq!(urls(&ix, "en", "employees")[0], "/en/stories/hiring/");
    // A question: the figure, though "how many" is in the story's text.
    let found = urls(&ix, "en", "how many employees");
    assert!(found.contains(&"/en/stories/hiring/".to_string()), "{found:?}");
    assert_ne!(found[0], "/en/stories/hiring/", "{found:?}");
    assert_eq!(found[0], "/en/about/numbers/staff-count/", "{found:?}");
    assert_eq!(
        urls(&ix, "en", "what is the headcount?")[0],
        "/en/about/numbers/staff-count/"
    );
    assert_eq!(
        urls(&ix, "fr", "combien de salariés")[0],
        "/fr/a-propos/chiffres/effectifs/"
    );
    // The figure need not have the question's every word ("use").
    assert_eq!(urls(&ix, "en", "cities use canopy")[0], "/en/stories/canopy/");
    assert_eq!(
        urls(&ix, "en", "how many cities use Canopy?")[0],
        "/en/about/numbers/heat-cities/"
    );
}

#[test]
fn a_title_that_is_the_query_outranks_pages_that_mention_it() {
    let ix = site_index();
    // A figure (static rank 0.4) whose title is the query.
    assert_eq!(urls(&ix, "en", "customers")[0], "/en/about/numbers/customers/");
    // The title without its stop words ("Our researchers").
    assert_eq!(urls(&ix, "en", "researchers")[0], "/en/research/people/");
    // The head of a title, before its colon.
    assert_eq!(urls(&ix, "en", "river classroom")[0], "/en/stories/river-classroom/");
    // The last part of the URL names a list page.
    assert_eq!(urls(&ix, "en", "jobs")[0], "/en/careers/jobs/");
    // So does a synonym of the query.
    assert_eq!(urls(&ix, "en", "vacancies")[0], "/en/careers/jobs/");
}

#[test]
fn any_input_is_a_valid_query_with_synonyms_too() {
    let ix = site_index();
    for q in [
        "ceo ceo ceo ceo ceo ceo ceo ceo ceo ceo ceo ceo ceo",
        "\"chief executive\" ceo",
        "chief executive officer of chief executive for operations",
        "how many",
        "the of and",
        "?",
        "¿¿",
        "؟",
        "ceo?",
        "\"the\"",
        "\"how many\" employees",
    ] {
        for locale in ["en", "fr"] {
            let r = ix.search(locale, &req(q));
            assert!(r.hits.len() <= 10);
            let _ = ix.suggest(locale, q, 5);
        }
    }
    assert_eq!(ix.suggest("en", "ceo ", 5).pages[0].url, "/en/about/leadership/mara/");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn arbitrary_strings_never_fail(q in "\\PC{0,64}|[ -~]{0,300}", page in 0usize..5) {
        let ix = corpus_once();
        let r = ix.search("en", &Request { q: q.clone(), page, per_page: 10, filters: vec![("type".into(), q.clone())] });
        prop_assert!(r.page >= 1 && r.page <= r.pages.max(1));
        let _ = ix.suggest("fr", &q, 5);
    }
}

fn corpus_once() -> &'static SiteIndex {
    static IX: std::sync::OnceLock<SiteIndex> = std::sync::OnceLock::new();
    IX.get_or_init(corpus)
}
