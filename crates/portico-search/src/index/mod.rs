//! The per-locale tantivy indexes and how a query runs against them.
//!
//! This module holds the two index types and what every part of them
//! shares; the work is in its submodules: `schema` (the fields of an
//! indexed page), `write` (building and updating an index), `disk` (indexes
//! kept on disk between runs), `spelling` (typo rewrites and "did you
//! mean"), `rank` (the queries and the ranking tiers), `results` (a page of
//! results) and `suggest` (suggestions while typing). Submodules use this
//! one and `schema`; `rank` and `results` also use `spelling`'s `Typos`.
//! Nothing here uses a submodule but `schema`.

mod disk;
mod rank;
mod results;
mod schema;
mod spelling;
mod suggest;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

use self::schema::Fields;
use crate::analysis;
use crate::facets::FacetTables;
use crate::query::ParsedQuery;
use crate::rules::Rules;
use crate::types::{Document, MAX_QUERY_BYTES, Request, Results, Suggestions, Synonyms};

/// Decompressed blocks of stored documents kept per segment.
const DOC_STORE_CACHE_BLOCKS: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
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

    /// The same indexes, their queries widened by the site's synonyms
    /// (per locale; a locale not listed has none). Only queries change:
    /// nothing is re-indexed.
    #[must_use]
    pub fn with_synonyms(mut self, synonyms: &Synonyms) -> SiteIndex {
        for (locale, ix) in &mut self.locales {
            ix.set_synonyms(synonyms.get(locale).map_or(&[][..], Vec::as_slice));
        }
        self
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
                query: crate::query::cut(&req.q, MAX_QUERY_BYTES).to_string(),
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
    /// The language's stop words and the site's synonyms.
    rules: Rules,
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
            rules: Rules::new(locale, &mut analysis::plain()),
            labels: RwLock::new(HashMap::new()),
            facet_tables: FacetTables::default(),
            writer_lock: Mutex::new(()),
        })
    }

    fn label(&self, dimension: &str, value: &str) -> String {
        self.labels
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(dimension.to_string(), value.to_string()))
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    /// `q` as words and phrases, with the locale's rules applied: stop
    /// words marked, whether it is a question, the synonyms of its words.
    fn parse(&self, q: &str) -> ParsedQuery {
        let mut parsed = ParsedQuery::parse(q, &mut self.stemmed.clone(), &mut self.plain.clone());
        self.rules.apply(&mut parsed);
        parsed
    }

    /// Replaces the synonyms its queries use: groups of terms that mean
    /// the same (see [`Synonyms`]).
    pub fn set_synonyms(&mut self, groups: &[Vec<String>]) {
        self.rules
            .set_synonyms(groups, &mut self.stemmed.clone(), &mut self.plain.clone());
    }

    fn term(&self, field: Field, text: &str) -> Term {
        Term::from_field_text(field, text)
    }

    /// The locale this index analyzes for.
    pub fn locale(&self) -> &str {
        &self.locale
    }
}
