//! The fields of an indexed page, and how a [`Document`] fills them.

use tantivy::TantivyDocument;
use tantivy::schema::{FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::query::{Word, analyze, cut};
use crate::rules::Rules;
use crate::types::Document;

/// Changes whenever what the index holds for the same documents changes
/// (fields, keys, analysis): an index kept on disk by an earlier version
/// is then built again (`disk.rs`).
pub(super) const VERSION: u32 = 3;

/// Where a title's head ends: "River Classroom: 140 schools …", "Data
/// Engineer, Open Data", "Halcyon Forum — live".
const HEAD_ENDS: [&str; 6] = [":", ",", " — ", " – ", " - ", " | "];

/// Separates a crumb's title from its URL in the stored field.
pub(super) const UNIT: char = '\u{1f}';
/// Snippets come from the start of the body, at most this many bytes.
const SNIPPET_SOURCE_BYTES: usize = 2_500;

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) url: Field,
    pub(super) title: Field,
    pub(super) title_key: Field,
    /// The page's names as typed ([`Names::plain`]), one term each.
    pub(super) name: Field,
    /// The same names as stems ([`Names::stems`]).
    pub(super) name_stem: Field,
    /// The words of the last part of the URL (`jobs` in
    /// `/en/careers/jobs/`): what a site calls the page.
    pub(super) slug: Field,
    pub(super) headings: Field,
    pub(super) summary: Field,
    pub(super) body: Field,
    /// The start of the body, stored for snippets (the body itself is not
    /// stored: results never show more than its first passages).
    pub(super) excerpt: Field,
    pub(super) tags: Field,
    pub(super) spell: Field,
    pub(super) facets: Field,
    pub(super) kind: Field,
    pub(super) date: Field,
    pub(super) crumbs: Field,
    pub(super) rank: Field,
    /// `code{UNIT}dir` when the text is not in the locale's language.
    pub(super) lang: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    // Several names per page: their count must not weigh on the score.
    let keys = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let fields = Fields {
        url: b.add_text_field("url", STRING | STORED),
        title: b.add_text_field("title", text(true)),
        title_key: b.add_text_field("title_key", STRING),
        name: b.add_text_field("name", keys.clone()),
        name_stem: b.add_text_field("name_stem", keys),
        slug: b.add_text_field("slug", text(false)),
        headings: b.add_text_field("headings", text(false)),
        summary: b.add_text_field("summary", text(true)),
        body: b.add_text_field("body", text(false)),
        excerpt: b.add_text_field("excerpt", STORED),
        tags: b.add_text_field("tags", text(false)),
        spell: b.add_text_field(
            "spell",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analysis::SPELL)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        kind: b.add_text_field("kind", STORED),
        date: b.add_text_field("date", STORED),
        crumbs: b.add_text_field("crumbs", STORED),
        rank: b.add_f64_field("rank", tantivy::schema::FAST),
        lang: b.add_text_field("lang", STORED),
    };
    (b.build(), fields)
}

/// The analyzers and rules of the locale a document is indexed in.
pub(super) struct Analysis<'a> {
    pub plain: &'a mut TextAnalyzer,
    pub stemmed: &'a mut TextAnalyzer,
    pub rules: &'a Rules,
}

impl Fields {
    /// The engine's document for `d`, analyzed as `a` says.
    pub(super) fn document(&self, d: &Document, a: &mut Analysis<'_>) -> TantivyDocument {
        let f = self;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.url, &d.url);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.title_key, title_key(a.plain, &d.title));
        let slug = slug(&d.url);
        if let Some(slug) = slug {
            doc.add_text(f.slug, slug);
        }
        let names = Names::of_page(&d.title, slug, a);
        for n in names.plain {
            doc.add_text(f.name, n);
        }
        for n in names.stems {
            doc.add_text(f.name_stem, n);
        }
        for h in &d.headings {
            doc.add_text(f.headings, h);
        }
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.excerpt, cut(&d.body, SNIPPET_SOURCE_BYTES));
        for t in &d.tags {
            doc.add_text(f.tags, t);
        }
        for text in [&d.title, &d.summary, &d.body]
            .into_iter()
            .chain(&d.headings)
            .chain(&d.tags)
        {
            doc.add_text(f.spell, text);
        }
        doc.add_facet(
            f.facets,
            tantivy::schema::Facet::from_path(["type", d.kind.value.as_str()]),
        );
        if let Some(s) = &d.section {
            doc.add_facet(
                f.facets,
                tantivy::schema::Facet::from_path(["section", s.value.as_str()]),
            );
        }
        for a in &d.areas {
            doc.add_facet(f.facets, tantivy::schema::Facet::from_path(["area", a.value.as_str()]));
        }
        if let Some((iso, shown)) = &d.date {
            if let Some(year) = iso.get(..4) {
                doc.add_facet(f.facets, tantivy::schema::Facet::from_path(["year", year]));
            }
            doc.add_text(f.date, shown);
        }
        doc.add_text(f.kind, &d.kind.value);
        doc.add_f64(f.rank, f64::from(d.rank.clamp(0.0, 10.0)));
        for (title, url) in &d.breadcrumb {
            doc.add_text(f.crumbs, format!("{title}{UNIT}{url}"));
        }
        if let Some(l) = &d.lang {
            doc.add_text(f.lang, format!("{}{UNIT}{}", l.code, l.dir));
        }
        doc
    }
}

/// A title reduced to its words, for "the title is exactly the query".
pub(super) fn title_key(plain: &mut TextAnalyzer, text: &str) -> String {
    analysis::tokens(plain, text)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last part of a URL path below the locale (`jobs` in
/// `/en/careers/jobs/`); `None` for a locale's home page.
pub(super) fn slug(url: &str) -> Option<&str> {
    let mut parts = url.trim_matches('/').split('/').filter(|p| !p.is_empty());
    let last = parts.next_back();
    last.filter(|_| parts.next().is_some())
}

/// What a page is called, as keys a query is compared with: the words of
/// a name joined by spaces, all of them and without the stop words; as
/// typed (`plain`) and as stems. A query that is one of a page's names
/// (its title, its title without "our", the head of its title before a
/// colon or comma, the last part of its URL) names that page.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Names {
    pub plain: Vec<String>,
    pub stems: Vec<String>,
}

impl Names {
    /// The names of a page titled `title` at a URL ending in `slug`.
    pub(super) fn of_page(title: &str, slug: Option<&str>, a: &mut Analysis<'_>) -> Names {
        let mut names = Names::default();
        let head = HEAD_ENDS
            .iter()
            .filter_map(|sep| title.find(sep))
            .min()
            .map(|end| &title[..end]);
        for text in [Some(title), head, slug].into_iter().flatten() {
            let mut words = analyze(text, a.stemmed, a.plain);
            for w in &mut words {
                w.stop = a.rules.is_stop(&w.surface);
            }
            names.add(&words);
        }
        names
    }

    /// Adds the keys of a name of `words` (stop words marked).
    pub(super) fn add(&mut self, words: &[Word]) {
        let join = |stems: bool, content: bool| {
            words
                .iter()
                .filter(|w| !(content && w.stop))
                .map(|w| if stems { w.term.as_str() } else { w.surface.as_str() })
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (list, stems) in [(&mut self.plain, false), (&mut self.stems, true)] {
            for content in [false, true] {
                let key = join(stems, content);
                if !key.is_empty() && !list.contains(&key) {
                    list.push(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slug_is_the_last_part_below_the_locale() {
        assert_eq!(slug("/en/careers/jobs/"), Some("jobs"));
        assert_eq!(slug("/ar/الوظائف/"), Some("الوظائف"));
        assert_eq!(slug("/en/"), None);
        assert_eq!(slug("/"), None);
        assert_eq!(slug(""), None);
    }

    #[test]
    fn a_page_is_named_by_its_title_its_head_and_its_slug() {
        let (mut plain, mut stemmed) = (analysis::plain(), analysis::stemmed("en"));
        let rules = Rules::new("en", &mut analysis::plain());
        let mut a = Analysis {
            plain: &mut plain,
            stemmed: &mut stemmed,
            rules: &rules,
        };
        let names = Names::of_page("Our researchers", Some("people"), &mut a);
        assert_eq!(names.plain, ["our researchers", "researchers", "people"]);
        assert_eq!(names.stems, ["our research", "research", "peopl"]);
        // The head before a colon or a comma, whichever comes first.
        let names = Names::of_page("Halcyon Forum, live: every month", None, &mut a);
        assert!(names.plain.contains(&"halcyon forum".to_string()), "{names:?}");
        assert!(!names.plain.contains(&"halcyon forum live".to_string()), "{names:?}");
        // A title of stop words only is named as it is.
        let names = Names::of_page("Who we are", None, &mut a);
        assert_eq!(names.plain, ["who we are"]);
    }
}
