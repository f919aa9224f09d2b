//! Indexes kept on disk between runs: reused while their documents are
//! unchanged, built again otherwise.

use std::path::Path;

use tantivy::Index;

use super::schema::{VERSION, schema};
use super::{LocaleIndex, SearchError};
use crate::types::Document;

impl LocaleIndex {
    /// The index in `dir` when it was built from exactly `docs`; else a new
    /// index of `docs` there.
    pub(super) fn open_or_build(dir: &Path, locale: &str, docs: &[Document]) -> Result<LocaleIndex, SearchError> {
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
}

/// Identifies a set of documents, to know whether an index on disk is
/// still theirs. Stable within one build of Portico; changes with the
/// schema's [`VERSION`].
fn fingerprint(docs: &[Document]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    VERSION.hash(&mut h);
    docs.len().hash(&mut h);
    for d in docs {
        (&d.url, &d.title, &d.headings, &d.summary, &d.body, &d.tags).hash(&mut h);
        (&d.kind, &d.section, &d.areas, &d.date, &d.breadcrumb, d.rank.to_bits()).hash(&mut h);
        d.lang.hash(&mut h);
    }
    format!("{:016x}", h.finish())
}
