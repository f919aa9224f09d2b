//! The fields of an indexed page, and how a [`Document`] fills them.

use tantivy::TantivyDocument;
use tantivy::schema::{FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::query::cut;
use crate::types::Document;

/// Separates a crumb's title from its URL in the stored field.
pub(super) const UNIT: char = '\u{1f}';
/// Snippets come from the start of the body, at most this many bytes.
const SNIPPET_SOURCE_BYTES: usize = 2_500;

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) url: Field,
    pub(super) title: Field,
    pub(super) title_key: Field,
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
    let fields = Fields {
        url: b.add_text_field("url", STRING | STORED),
        title: b.add_text_field("title", text(true)),
        title_key: b.add_text_field("title_key", STRING),
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
    };
    (b.build(), fields)
}

impl Fields {
    /// The engine's document for `d`; `plain` reduces its title to its
    /// words ([`title_key`]).
    pub(super) fn document(&self, d: &Document, plain: &mut TextAnalyzer) -> TantivyDocument {
        let f = self;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.url, &d.url);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.title_key, title_key(plain, &d.title));
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
