//! The per-locale tantivy indexes and how a query runs against them.
//!
//! Ranking is in tiers, the way typo-tolerant site search engines do it:
//! pages that contain every word exactly come first, then pages that
//! contain every word allowing typos, then pages that contain some of the
//! words. Within a tier, BM25 over the fields with boosts (title >
//! headings > summary, tags > body), plus bonuses for the whole query as a
//! phrase and for a title that is exactly the query. A typo match can thus
//! never outrank an exact one.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::facets::{FacetCounter, FacetCounts, FacetTables};
use crate::query::{ParsedQuery, Word};
use crate::snippet::{Forms, Matcher};
use crate::{
    Crumb, DIMENSIONS, Document, Facet, FacetCount, FacetGroup, Hit, Request, Results, SearchError, Span,
    SuggestedPage, Suggestions, analysis,
};

/// Field boosts: a word in the title counts most.
const TITLE: f32 = 5.0;
const HEADINGS: f32 = 3.0;
const SUMMARY: f32 = 2.0;
const TAGS: f32 = 2.0;
const BODY: f32 = 1.0;
/// Bonuses for the query as a whole.
const TITLE_IS_QUERY: f32 = 8.0;
const PHRASE_IN_TITLE: f32 = 4.0;
const PHRASE_IN_SUMMARY: f32 = 2.0;
const PHRASE_IN_BODY: f32 = 1.5;
/// A typo match scores like this fraction of the field's boost.
const FUZZY: f32 = 0.3;
/// Separates a crumb's title from its URL in the stored field.
const UNIT: char = '\u{1f}';
/// Bytes of indexing memory per writer thread.
const WRITER_BYTES_PER_THREAD: usize = 40_000_000;
const SNIPPET_CHARS: usize = 180;
/// Pages with only some of the words are offered when all the words find
/// fewer than this many.
const PARTIAL_BELOW: usize = 10;
/// Indexed words a misspelt word may stand for, at most.
const MAX_TYPO_WORDS: usize = 6;
/// Decompressed blocks of stored documents kept per segment.
const DOC_STORE_CACHE_BLOCKS: usize = 64;
/// Snippets come from the start of the body, at most this many bytes.
const SNIPPET_SOURCE_BYTES: usize = 2_500;

/// Ranking tiers, their counts where known, and the widest's facet counts.
type Tiers = (Vec<Box<dyn Query>>, Vec<Option<usize>>, Option<FacetCounts>);

/// Per misspellable word (by surface): the indexed words it may stand for,
/// with their document frequencies.
type Typos = HashMap<String, Vec<(Word, u64)>>;

#[derive(Clone, Copy)]
struct Fields {
    url: Field,
    title: Field,
    title_key: Field,
    headings: Field,
    summary: Field,
    body: Field,
    /// The start of the body, stored for snippets (the body itself is not
    /// stored: results never show more than its first passages).
    excerpt: Field,
    tags: Field,
    spell: Field,
    facets: Field,
    kind: Field,
    date: Field,
    crumbs: Field,
    rank: Field,
}

fn schema() -> (Schema, Fields) {
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

/// The search indexes of a site: one per locale.
pub struct SiteIndex {
    locales: BTreeMap<String, LocaleIndex>,
}

impl std::fmt::Debug for SiteIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteIndex")
            .field("locales", &self.locales.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl SiteIndex {
    /// Indexes `docs` in memory, one index per locale in `locales` (a locale
    /// without documents gets an empty index).
    pub fn build(locales: &[String], docs: Vec<Document>) -> Result<SiteIndex, SearchError> {
        Self::build_in(None, locales, docs)
    }

    /// Like [`SiteIndex::build`], but keeps each locale's index on disk in
    /// `dir/<locale>/` and reuses it on the next run when the documents are
    /// the same (large sites start faster).
    pub fn open_or_build(dir: &Path, locales: &[String], docs: Vec<Document>) -> Result<SiteIndex, SearchError> {
        Self::build_in(Some(dir), locales, docs)
    }

    fn build_in(dir: Option<&Path>, locales: &[String], docs: Vec<Document>) -> Result<SiteIndex, SearchError> {
        let mut by_locale: BTreeMap<String, Vec<Document>> = locales.iter().map(|l| (l.clone(), Vec::new())).collect();
        for d in docs {
            by_locale.entry(d.locale.clone()).or_default().push(d);
        }
        let mut out = BTreeMap::new();
        for (locale, docs) in by_locale {
            let index = match dir {
                Some(dir) => LocaleIndex::open_or_build(&dir.join(&locale), &locale, &docs)?,
                None => LocaleIndex::build(&locale, &docs)?,
            };
            out.insert(locale, index);
        }
        Ok(SiteIndex { locales: out })
    }

    pub fn locale(&self, locale: &str) -> Option<&LocaleIndex> {
        self.locales.get(locale)
    }

    /// Replaces the documents of these URLs (an edited page) and removes
    /// `removed` URLs, without re-indexing the rest.
    pub fn update(&self, docs: Vec<Document>, removed: &[(String, String)]) -> Result<(), SearchError> {
        let mut by_locale: BTreeMap<String, Vec<Document>> = BTreeMap::new();
        for d in docs {
            by_locale.entry(d.locale.clone()).or_default().push(d);
        }
        for (locale, url) in removed {
            by_locale.entry(locale.clone()).or_default();
            if let Some(ix) = self.locales.get(locale) {
                ix.remove(url)?;
            }
        }
        for (locale, docs) in by_locale {
            if let Some(ix) = self.locales.get(&locale) {
                ix.upsert(&docs)?;
            }
        }
        Ok(())
    }

    /// Results for `req` in `locale` (an unknown locale has no results).
    /// Should the engine ever panic on some query, the answer is no results
    /// rather than a failed request.
    pub fn search(&self, locale: &str, req: &Request) -> Results {
        let found = self
            .locales
            .get(locale)
            .and_then(|ix| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ix.search(req))).ok());
        match found {
            Some(results) => results,
            None => Results {
                query: crate::query::cut(&req.q, crate::MAX_QUERY_BYTES).to_string(),
                page: 1,
                per_page: req.per_page,
                ..Results::default()
            },
        }
    }

    pub fn suggest(&self, locale: &str, q: &str, limit: usize) -> Suggestions {
        self.locales
            .get(locale)
            .map(|ix| ix.suggest(q, limit))
            .unwrap_or_default()
    }

    /// Documents per locale.
    pub fn counts(&self) -> Vec<(String, u64)> {
        self.locales
            .iter()
            .map(|(l, ix)| (l.clone(), ix.reader.searcher().num_docs()))
            .collect()
    }
}

/// One locale's index.
pub struct LocaleIndex {
    locale: String,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    stemmed: TextAnalyzer,
    plain: TextAnalyzer,
    /// (dimension, value) → label, for facet values.
    labels: RwLock<HashMap<(String, String), String>>,
    /// Each segment's facets, for counting.
    facet_tables: FacetTables,
    /// One edit at a time.
    writer_lock: Mutex<()>,
}

impl LocaleIndex {
    fn tokenizers(locale: &str) -> TokenizerManager {
        let m = TokenizerManager::default();
        m.register(analysis::STEMMED, analysis::stemmed(locale));
        m.register(analysis::PLAIN, analysis::plain());
        m.register(analysis::SPELL, analysis::spell());
        m
    }

    fn new(locale: &str, index: Index, fields: Fields) -> Result<LocaleIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(LocaleIndex {
            locale: locale.to_string(),
            index,
            reader,
            fields,
            stemmed: analysis::stemmed(locale),
            plain: analysis::plain(),
            labels: RwLock::new(HashMap::new()),
            facet_tables: FacetTables::default(),
            writer_lock: Mutex::new(()),
        })
    }

    /// An in-memory index of `docs`.
    pub fn build(locale: &str, docs: &[Document]) -> Result<LocaleIndex, SearchError> {
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .tokenizers(Self::tokenizers(locale))
            .create_in_ram()?;
        let ix = LocaleIndex::new(locale, index, fields)?;
        ix.upsert(docs)?;
        Ok(ix)
    }

    fn open_or_build(dir: &Path, locale: &str, docs: &[Document]) -> Result<LocaleIndex, SearchError> {
        let stamp = fingerprint(docs);
        let stamp_file = dir.join("portico-fingerprint");
        if std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str())
            && let Ok(mut index) = Index::open_in_dir(dir)
        {
            index.set_tokenizers(Self::tokenizers(locale));
            let (_, fields) = schema();
            let ix = LocaleIndex::new(locale, index, fields)?;
            ix.facet_tables.refresh(&ix.reader.searcher(), "facets")?;
            ix.remember_labels(docs);
            return Ok(ix);
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .tokenizers(Self::tokenizers(locale))
            .create_in_dir(dir)?;
        let ix = LocaleIndex::new(locale, index, fields)?;
        ix.upsert(docs)?;
        std::fs::write(&stamp_file, stamp)?;
        Ok(ix)
    }

    fn remember_labels(&self, docs: &[Document]) {
        let mut labels = self.labels.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        for d in docs {
            labels.insert(("type".into(), d.kind.value.clone()), d.kind.label.clone());
            if let Some(s) = &d.section {
                labels.insert(("section".into(), s.value.clone()), s.label.clone());
            }
            for a in &d.areas {
                labels.insert(("area".into(), a.value.clone()), a.label.clone());
            }
        }
    }

    fn remove(&self, url: &str) -> Result<(), SearchError> {
        let _guard = self
            .writer_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut writer = self.writer(1)?;
        writer.delete_term(Term::from_field_text(self.fields.url, url));
        writer.commit()?;
        self.reload()
    }

    /// Sees the last commit, and reads the facets of new segments (so no
    /// search waits for them), forgetting those of segments gone.
    fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        self.facet_tables.refresh(&self.reader.searcher(), "facets")?;
        Ok(())
    }

    fn writer(&self, docs: usize) -> Result<tantivy::IndexWriter, SearchError> {
        let threads = if docs < 500 {
            1
        } else {
            std::thread::available_parallelism()
                .map_or(1, std::num::NonZero::get)
                .min(4)
        };
        Ok(self
            .index
            .writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?)
    }

    /// Adds `docs`, replacing any document with the same URL.
    fn upsert(&self, docs: &[Document]) -> Result<(), SearchError> {
        let _guard = self
            .writer_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.remember_labels(docs);
        let fresh = self.reader.searcher().num_docs() == 0;
        let mut writer = self.writer(docs.len())?;
        let f = self.fields;
        for d in docs {
            if !fresh {
                writer.delete_term(Term::from_field_text(f.url, &d.url));
            }
            let mut doc = TantivyDocument::new();
            doc.add_text(f.url, &d.url);
            doc.add_text(f.title, &d.title);
            doc.add_text(f.title_key, title_key(&mut self.plain.clone(), &d.title));
            for h in &d.headings {
                doc.add_text(f.headings, h);
            }
            doc.add_text(f.summary, &d.summary);
            doc.add_text(f.body, &d.body);
            doc.add_text(f.excerpt, crate::query::cut(&d.body, SNIPPET_SOURCE_BYTES));
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
            writer.add_document(doc)?;
        }
        writer.commit()?;
        drop(writer);
        self.reload()
    }

    fn label(&self, dimension: &str, value: &str) -> String {
        self.labels
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(dimension.to_string(), value.to_string()))
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    fn parse(&self, q: &str) -> ParsedQuery {
        ParsedQuery::parse(q, &mut self.stemmed.clone(), &mut self.plain.clone())
    }

    fn term(&self, field: Field, text: &str) -> Term {
        Term::from_field_text(field, text)
    }

    /// The fields a word is looked up in, with their boosts.
    fn weighted(&self) -> [(Field, f32); 5] {
        let f = self.fields;
        [
            (f.title, TITLE),
            (f.headings, HEADINGS),
            (f.summary, SUMMARY),
            (f.tags, TAGS),
            (f.body, BODY),
        ]
    }

    /// A word in any field, best field counting most.
    fn exact(&self, w: &Word) -> Box<dyn Query> {
        self.in_fields(w, &self.weighted())
    }

    /// A word a misspelt word may stand for: in the title, summary or body
    /// (the fields that decide a typo match's rank; reading headings and
    /// tags too would double the postings read per candidate word).
    fn near(&self, w: &Word) -> Box<dyn Query> {
        let f = self.fields;
        self.in_fields(w, &[(f.title, TITLE), (f.summary, SUMMARY), (f.body, BODY)])
    }

    /// A word in any of `fields` with their boosts, best field counting most.
    fn in_fields(&self, w: &Word, fields: &[(Field, f32)]) -> Box<dyn Query> {
        let parts = fields
            .iter()
            .map(|&(field, boost)| -> Box<dyn Query> {
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(self.term(field, &w.term), IndexRecordOption::WithFreqs)),
                    boost,
                ))
            })
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, 0.2))
    }

    /// A word, or one of the index's words within its typo distance
    /// (`typos`), scored like the word itself but lower.
    fn loose(&self, w: &Word, typos: &Typos) -> Box<dyn Query> {
        let Some(near) = typos.get(&w.surface).filter(|n| !n.is_empty()) else {
            return self.exact(w);
        };
        let mut parts = vec![self.exact(w)];
        for (n, _) in near {
            parts.push(Box::new(BoostQuery::new(self.near(n), FUZZY)));
        }
        Box::new(DisjunctionMaxQuery::new(parts))
    }

    /// For each word long enough to have typos and not in the index, the
    /// index's words within its distance (Damerau: a swap of neighbours is
    /// one edit), most frequent first. One walk of the vocabulary per word;
    /// the query then uses them as ordinary terms, with field boosts.
    fn typos(&self, searcher: &Searcher, q: &ParsedQuery) -> Typos {
        let mut out = Typos::new();
        for w in q.all_words() {
            let distance = w.typo_distance();
            if distance == 0 || out.contains_key(&w.surface) {
                continue;
            }
            let mut near = self.near_words(searcher, &w.surface, distance);
            near.truncate(MAX_TYPO_WORDS);
            let words = near
                .into_iter()
                .filter_map(|(surface, df)| {
                    let term = analysis::tokens(&mut self.stemmed.clone(), &surface).pop()?.text;
                    Some((Word { surface, term }, df))
                })
                .collect();
            out.insert(w.surface.clone(), words);
        }
        out
    }

    /// Indexed words within `distance` of `word` (not `word` itself), by
    /// document frequency.
    fn near_words(&self, searcher: &Searcher, word: &str, distance: u8) -> Vec<(String, u64)> {
        let fuzzy = FuzzyTermQuery::new(self.term(self.fields.spell, word), distance, true);
        let Ok(automaton) = fuzzy.automaton() else {
            return Vec::new();
        };
        self.vocabulary(searcher, |terms, add| {
            if let Ok(mut stream) = terms.search(&automaton).into_stream() {
                while stream.advance() {
                    if stream.key() != word.as_bytes() {
                        add(stream.key(), stream.value().doc_freq);
                    }
                }
            }
        })
    }

    /// The words `walk` visits in each segment's vocabulary (the words as
    /// written), with their document frequencies summed over segments,
    /// most frequent first.
    fn vocabulary(
        &self,
        searcher: &Searcher,
        walk: impl Fn(&tantivy::termdict::TermDictionary, &mut dyn FnMut(&[u8], u32)),
    ) -> Vec<(String, u64)> {
        let mut found: HashMap<Vec<u8>, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            if let Ok(inverted) = segment.inverted_index(self.fields.spell) {
                walk(inverted.terms(), &mut |key, df| {
                    *found.entry(key.to_vec()).or_default() += u64::from(df);
                });
            }
        }
        let mut ranked: Vec<(String, u64)> = found
            .into_iter()
            .filter_map(|(k, n)| Some((String::from_utf8(k).ok()?, n)))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked
    }

    fn phrase(&self, words: &[Word]) -> Box<dyn Query> {
        let parts = self
            .weighted()
            .into_iter()
            .filter(|(f, _)| *f != self.fields.tags)
            .map(|(field, boost)| -> Box<dyn Query> {
                let terms = words.iter().map(|w| self.term(field, &w.term)).collect();
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
            })
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, 0.2))
    }

    /// Every word and phrase required, words matched by `word`.
    fn all(&self, q: &ParsedQuery, word: &dyn Fn(&Word) -> Box<dyn Query>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = q.words.iter().map(|w| (Occur::Must, word(w))).collect();
        clauses.extend(q.phrases.iter().map(|p| (Occur::Must, self.phrase(p))));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Any word, loose or from a phrase.
    fn any(&self, q: &ParsedQuery, typos: &Typos) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            q.all_words().map(|w| (Occur::Should, self.loose(w, typos))).collect(),
        ))
    }

    /// Bonuses for the query as a whole (never required).
    fn bonus(&self, q: &ParsedQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    self.term(f.title_key, &title_key(&mut self.plain.clone(), &q.text)),
                    IndexRecordOption::Basic,
                )),
                TITLE_IS_QUERY,
            )),
        )];
        if q.words.len() > 1 {
            // In the body only for three words or more: a two-word phrase
            // over every body reads the positions of most matching pages
            // (and the title and summary carry it well enough).
            let mut fields = vec![(f.title, PHRASE_IN_TITLE), (f.summary, PHRASE_IN_SUMMARY)];
            if q.words.len() > 2 {
                fields.push((f.body, PHRASE_IN_BODY));
            }
            for (field, boost) in fields {
                let terms = q.words.iter().map(|w| self.term(field, &w.term)).collect();
                out.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost)),
                ));
            }
        }
        out
    }

    fn filters(&self, req: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let mut seen = Vec::new();
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (dim, value) in &req.filters {
            if !DIMENSIONS.contains(&dim.as_str()) || seen.contains(dim) {
                continue;
            }
            seen.push(dim.clone());
            let facet = tantivy::schema::Facet::from_path([dim.as_str(), value.as_str()]);
            out.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(self.fields.facets, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        out
    }

    /// The ranking tiers, best first: every word exact, every word allowing
    /// typos, and — only when those find less than a page — some words.
    /// Each contains the ones before it.
    /// The tiers, with how many documents each matches where that was
    /// counted on the way, and the facet counts of the widest (when asked:
    /// collected in the same pass as its count).
    fn tiers(&self, searcher: &Searcher, q: &ParsedQuery, typos: &Typos, req: &Request, with_facets: bool) -> Tiers {
        let mut tiers = vec![self.all(q, &|w| self.exact(w))];
        if typos.values().any(|near| !near.is_empty()) {
            tiers.push(self.all(q, &|w| self.loose(w, typos)));
        }
        let mut counts = vec![None; tiers.len()];
        let mut facets = None;
        let mut partial = false;
        while let Some(widest) = tiers.last() {
            let collector = with_facets.then_some(FacetCounter {
                tables: &self.facet_tables,
                field: "facets",
            });
            let (found, f) = searcher
                .search(&self.filtered(widest.box_clone(), req), &(Count, collector))
                .unwrap_or((0, None));
            if let Some(last) = counts.last_mut() {
                *last = Some(found);
            }
            facets = f;
            // Pages with only some of the words help when all the words
            // find too little; scoring them otherwise (often every page, for
            // two common words) would cost more than all the rest.
            if partial || found >= PARTIAL_BELOW || q.all_words().count() < 2 {
                break;
            }
            partial = true;
            tiers.push(self.any(q, typos));
            counts.push(None);
        }
        (tiers, counts, facets)
    }

    /// `core` with the whole-query bonuses and the filters.
    fn scored(&self, core: Box<dyn Query>, q: &ParsedQuery, req: &Request) -> BooleanQuery {
        let mut c = self.clauses(core, req);
        c.extend(self.bonus(q));
        BooleanQuery::new(c)
    }

    /// `core` with the filters only: the same documents as `scored`,
    /// cheaper to count and collect.
    fn filtered(&self, core: Box<dyn Query>, req: &Request) -> BooleanQuery {
        BooleanQuery::new(self.clauses(core, req))
    }

    /// `core` required, and the request's filters.
    fn clauses(&self, core: Box<dyn Query>, req: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let mut c: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, core)];
        c.extend(self.filters(req));
        c
    }

    /// How many pages each tier adds (its own, not counting better tiers),
    /// and `limit` hits from `offset` of the ranking: tier first, then
    /// score times the page's static rank.
    ///
    /// Each tier is searched with the engine's pruned top-k (block-max
    /// WAND), never by scoring every match: a later tier is only searched
    /// when the earlier ones do not fill the page, and then only the
    /// earlier tiers' few documents are set aside.
    fn ranked(
        &self,
        searcher: &Searcher,
        (tiers, known): (&[Box<dyn Query>], &[Option<usize>]),
        q: &ParsedQuery,
        req: &Request,
        (offset, limit): (usize, usize),
    ) -> (Vec<usize>, Vec<DocAddress>) {
        let scored: Vec<BooleanQuery> = tiers.iter().map(|t| self.scored(t.box_clone(), q, req)).collect();
        let sets: Vec<BooleanQuery> = tiers.iter().map(|t| self.filtered(t.box_clone(), req)).collect();
        let totals: Vec<usize> = sets
            .iter()
            .zip(known.iter().chain(std::iter::repeat(&None)))
            .map(|(t, k)| k.unwrap_or_else(|| searcher.search(t, &Count).unwrap_or(0)))
            .collect();
        let own: Vec<usize> = totals
            .iter()
            .enumerate()
            .map(|(i, &n)| n.saturating_sub(if i == 0 { 0 } else { totals[i - 1] }))
            .collect();
        let mut hits = Vec::new();
        let mut skip = offset;
        let mut better: Option<std::collections::HashSet<DocAddress>> = Some(Default::default());
        for (i, query) in scored.iter().enumerate() {
            if hits.len() >= limit {
                break;
            }
            if skip >= own[i] {
                skip -= own[i];
                // Set aside this tier's documents for the next one, while
                // there are few (a later tier is only reached then).
                better = better.and_then(|mut set| {
                    (totals[i] <= 10_000).then(|| {
                        set.extend(
                            searcher
                                .search(&sets[i], &tantivy::collector::DocSetCollector)
                                .unwrap_or_default(),
                        );
                        set
                    })
                });
                continue;
            }
            let seen = better.clone().unwrap_or_default();
            // Enough candidates to re-sort this page by static rank.
            let want = skip + (limit - hits.len());
            let k = (want * 2 + 10 + seen.len()).min(totals[i].max(1));
            let top = searcher
                .search(query, &TopDocs::with_limit(k).order_by_score())
                .unwrap_or_default();
            let mut ranked: Vec<(f32, DocAddress)> = top
                .into_iter()
                .filter(|(_, a)| !seen.contains(a))
                .map(|(score, a)| (score * self.static_rank(searcher, a), a))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            hits.extend(ranked.into_iter().skip(skip).take(limit - hits.len()).map(|(_, a)| a));
            skip = 0;
            if hits.len() < limit && i + 1 < scored.len() {
                better = better.map(|mut set| {
                    set.extend(
                        searcher
                            .search(&sets[i], &tantivy::collector::DocSetCollector)
                            .unwrap_or_default(),
                    );
                    set
                });
            }
        }
        (own, hits)
    }

    /// The page's static rank (1 when unknown).
    fn static_rank(&self, searcher: &Searcher, addr: DocAddress) -> f32 {
        let segment = searcher.segment_reader(addr.segment_ord);
        #[allow(clippy::cast_possible_truncation)]
        segment
            .fast_fields()
            .f64("rank")
            .ok()
            .map_or(1.0, |c| c.first_or_default_col(1.0).get_val(addr.doc_id) as f32)
    }

    /// Runs a search.
    pub fn search(&self, req: &Request) -> Results {
        let per_page = req.per_page.clamp(1, 100);
        let q = self.parse(&req.q);
        let mut results = Results {
            query: q.text.clone(),
            page: 1,
            per_page,
            ..Results::default()
        };
        if q.is_empty() {
            return results;
        }
        let searcher = self.reader.searcher();
        let typos = self.typos(&searcher, &q);
        let (tiers, known, facets) = self.tiers(&searcher, &q, &typos, req, true);
        let page = req.page.max(1);
        let (mut own, mut addrs) = self.ranked(&searcher, (&tiers, &known), &q, req, ((page - 1) * per_page, per_page));
        let total: usize = own.iter().sum();
        results.pages = total.div_ceil(per_page).max(1);
        results.page = page.min(results.pages);
        if results.page != page {
            // Past the end: the last page instead.
            (own, addrs) = self.ranked(
                &searcher,
                (&tiers, &known),
                &q,
                req,
                ((results.page - 1) * per_page, per_page),
            );
        }
        results.total = total;
        results.exact = own.first().copied().unwrap_or(0);
        let correction = if results.exact == 0 {
            self.correct(&searcher, &q, &typos)
        } else {
            None
        };
        let snippets = self.snippets(&q, &typos);
        results.hits = addrs
            .into_iter()
            .filter_map(|addr| self.hit(&searcher, addr, &snippets))
            .collect();
        results.correction = correction;
        results.facets = facets.map(|f| self.facet_groups(&f, req)).unwrap_or_default();
        results
    }

    fn hit(&self, searcher: &Searcher, addr: DocAddress, snippets: &Matcher) -> Option<Hit> {
        let doc: TantivyDocument = searcher.doc(addr).ok()?;
        let f = self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let kind = text(f.kind);
        let body = text(f.excerpt);
        let summary = text(f.summary);
        // The best passage of the body, else of the summary, else the
        // summary as it is.
        let mut snippet = snippets
            .snippet(&body, SNIPPET_CHARS)
            .or_else(|| snippets.snippet(&summary, SNIPPET_CHARS))
            .unwrap_or_else(|| {
                vec![Span {
                    text: summary.clone(),
                    mark: false,
                }]
            });
        snippet.retain(|s| !s.text.is_empty());
        Some(Hit {
            url: text(f.url),
            title: text(f.title),
            snippet,
            kind: Facet {
                label: self.label("type", &kind),
                value: kind,
            },
            date: Some(text(f.date)).filter(|d| !d.is_empty()),
            breadcrumb: doc
                .get_all(f.crumbs)
                .filter_map(|v| v.as_str())
                .filter_map(|s| s.split_once(UNIT))
                .map(|(title, url)| Crumb {
                    title: title.to_string(),
                    url: url.to_string(),
                })
                .collect(),
        })
    }

    /// Each query word with its two likeliest typo fixes.
    fn snippets(&self, q: &ParsedQuery, typos: &Typos) -> Matcher {
        let mut words: Vec<Forms> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in q.all_words() {
            if !seen.insert(&w.surface) {
                continue;
            }
            let near = typos.get(&w.surface).into_iter().flatten().take(2).map(|(n, _)| n);
            let forms: Vec<&Word> = std::iter::once(w).chain(near).collect();
            words.push(Forms {
                surfaces: forms.iter().map(|f| f.surface.clone()).collect(),
                stems: forms.iter().map(|f| f.term.clone()).collect(),
            });
        }
        Matcher::new(words, self.plain.clone())
    }

    fn facet_groups(&self, counts: &FacetCounts, req: &Request) -> Vec<FacetGroup> {
        DIMENSIONS
            .iter()
            .zip(counts)
            .map(|(dim, counts)| {
                let selected = req.filters.iter().find(|(d, _)| d == dim).map(|(_, v)| v.as_str());
                let mut values: Vec<FacetCount> = counts
                    .iter()
                    .map(|(value, &count)| FacetCount {
                        label: self.label(dim, value),
                        selected: selected == Some(value.as_str()),
                        value: value.clone(),
                        count,
                    })
                    .collect();
                if *dim == "year" {
                    values.sort_by(|a, b| b.value.cmp(&a.value));
                } else {
                    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
                }
                FacetGroup {
                    dimension: (*dim).to_string(),
                    values,
                }
            })
            .filter(|g| !g.values.is_empty())
            .collect()
    }

    /// "Did you mean": each word not in the index replaced by the most
    /// frequent indexed word within its edit distance (Damerau: a swap of
    /// neighbours is one edit). `None` when no word changes.
    fn correct(&self, searcher: &Searcher, q: &ParsedQuery, typos: &Typos) -> Option<String> {
        let mut changed = false;
        let mut fixed: HashMap<String, String> = HashMap::new();
        for w in q.all_words() {
            if fixed.contains_key(&w.surface) {
                continue;
            }
            let known = searcher
                .doc_freq(&self.term(self.fields.spell, &w.surface))
                .unwrap_or(0)
                > 0;
            let best = if known {
                None
            } else if let Some((near, _)) = typos.get(&w.surface).and_then(|n| n.first()) {
                Some(near.surface.clone())
            } else if (4..=4).contains(&w.surface.chars().count()) {
                // Too short for typo matching, long enough to suggest.
                self.near_words(searcher, &w.surface, 1)
                    .into_iter()
                    .next()
                    .map(|(s, _)| s)
            } else {
                None
            };
            changed |= best.is_some();
            fixed.insert(w.surface.clone(), best.unwrap_or_else(|| w.surface.clone()));
        }
        changed.then(|| q.to_text(&|w| fixed.get(&w.surface).cloned().unwrap_or_else(|| w.surface.clone())))
    }

    /// Completions of the last word and the pages that best match.
    pub fn suggest(&self, q: &str, limit: usize) -> Suggestions {
        let limit = limit.clamp(1, 10);
        let parsed = self.parse(q);
        let mut out = Suggestions {
            query: parsed.text.clone(),
            ..Suggestions::default()
        };
        let Some(last) = parsed.words.last().filter(|_| parsed.open_end) else {
            out.pages = self.title_matches(&parsed, limit);
            return out;
        };
        let searcher = self.reader.searcher();
        let head: Vec<&str> = parsed.words[..parsed.words.len() - 1]
            .iter()
            .map(|w| w.surface.as_str())
            .collect();
        out.completions = self
            .completions(&searcher, &last.surface, limit)
            .into_iter()
            .map(|word| {
                let mut parts = head.clone();
                parts.push(&word);
                parts.join(" ")
            })
            .collect();
        let best = out.completions.first().map_or(parsed.text.clone(), Clone::clone);
        out.pages = self.title_matches(&self.parse(&best), limit);
        out
    }

    fn completions(&self, searcher: &Searcher, prefix: &str, limit: usize) -> Vec<String> {
        // Scanning all words of a one-letter prefix costs more than it helps.
        if prefix.chars().count() < 2 {
            return Vec::new();
        }
        let mut end = prefix.as_bytes().to_vec();
        end.push(0xff);
        self.vocabulary(searcher, |terms, add| {
            if let Ok(mut stream) = terms.range().ge(prefix).lt(&end).into_stream() {
                let mut scanned = 0;
                while scanned < 5_000 && stream.advance() {
                    scanned += 1;
                    add(stream.key(), stream.value().doc_freq);
                }
            }
        })
        .into_iter()
        .take(limit)
        .map(|(w, _)| w)
        .collect()
    }

    fn title_matches(&self, q: &ParsedQuery, limit: usize) -> Vec<SuggestedPage> {
        if q.is_empty() {
            return Vec::new();
        }
        let searcher = self.reader.searcher();
        let typos = self.typos(&searcher, q);
        let (tiers, known, _) = self.tiers(&searcher, q, &typos, &Request::default(), false);
        let (_, addrs) = self.ranked(&searcher, (&tiers, &known), q, &Request::default(), (0, limit));
        addrs
            .into_iter()
            .filter_map(|addr| {
                let doc = searcher.doc::<TantivyDocument>(addr).ok()?;
                let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
                Some(SuggestedPage {
                    title: text(self.fields.title),
                    url: text(self.fields.url),
                    kind: self.label("type", &text(self.fields.kind)),
                })
            })
            .collect()
    }

    /// The locale this index analyzes for.
    pub fn locale(&self) -> &str {
        &self.locale
    }
}

/// A title reduced to its words, for "the title is exactly the query".
fn title_key(plain: &mut TextAnalyzer, text: &str) -> String {
    analysis::tokens(plain, text)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Identifies a set of documents, to know whether an index on disk is
/// still theirs. Stable within one build of Portico.
fn fingerprint(docs: &[Document]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    docs.len().hash(&mut h);
    for d in docs {
        (&d.url, &d.title, &d.headings, &d.summary, &d.body, &d.tags).hash(&mut h);
        (&d.kind, &d.section, &d.areas, &d.date, &d.breadcrumb, d.rank.to_bits()).hash(&mut h);
    }
    format!("{:016x}", h.finish())
}
