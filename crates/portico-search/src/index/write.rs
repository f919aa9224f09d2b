//! Building an index in memory, and changing it: documents added,
//! replaced or removed, one edit at a time.

use tantivy::{Index, IndexWriter, Term};

use super::schema::{Analysis, schema};
use super::{LocaleIndex, SearchError};
use crate::types::Document;

/// Bytes of indexing memory per writer thread.
const WRITER_BYTES_PER_THREAD: usize = 40_000_000;

impl LocaleIndex {
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

    pub(super) fn remember_labels(&self, docs: &[Document]) {
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

    pub(super) fn remove(&self, url: &str) -> Result<(), SearchError> {
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

    fn writer(&self, docs: usize) -> Result<IndexWriter, SearchError> {
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
    pub(super) fn upsert(&self, docs: &[Document]) -> Result<(), SearchError> {
        let _guard = self
            .writer_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.remember_labels(docs);
        let fresh = self.reader.searcher().num_docs() == 0;
        let mut writer = self.writer(docs.len())?;
        let (mut plain, mut stemmed) = (self.plain.clone(), self.stemmed.clone());
        let mut analysis = Analysis {
            plain: &mut plain,
            stemmed: &mut stemmed,
            rules: &self.rules,
        };
        for d in docs {
            if !fresh {
                writer.delete_term(Term::from_field_text(self.fields.url, &d.url));
            }
            writer.add_document(self.fields.document(d, &mut analysis))?;
        }
        writer.commit()?;
        drop(writer);
        self.reload()
    }
}
