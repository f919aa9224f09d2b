//! Facet counts over a search's matches.
//!
//! The engine's own facet collector reads each matching document's facets
//! from a compressed column and maps them through the facet tree; for two
//! common words (most of the pages) that cost more than finding the pages.
//! Segments never change once written, so each segment's facets are read
//! once into a plain table (document → its facet values), and counting is
//! then a few array reads per match.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::types::DIMENSIONS;

/// One segment's facets.
struct SegmentFacets {
    /// The segment's facet values: (index in [`DIMENSIONS`], value).
    values: Vec<(usize, String)>,
    /// Document `d`'s values are `ords[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl SegmentFacets {
    fn read(segment: &SegmentReader, field: &str) -> tantivy::Result<SegmentFacets> {
        let reader = segment.facet_reader(field)?;
        let mut values = Vec::with_capacity(reader.num_facets());
        let mut facet = tantivy::schema::Facet::root();
        // Ordinals of facets outside the dimensions map to `None`.
        let mut keep: Vec<Option<u32>> = Vec::with_capacity(reader.num_facets());
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            let path = facet.to_path();
            let dim = path.first().and_then(|d| DIMENSIONS.iter().position(|x| x == d));
            match (dim, path.get(1), path.len()) {
                (Some(dim), Some(value), 2) => {
                    keep.push(u32::try_from(values.len()).ok());
                    values.push((dim, (*value).to_string()));
                }
                _ => keep.push(None),
            }
        }
        let docs = segment.max_doc() as usize;
        let mut starts = Vec::with_capacity(docs + 1);
        let mut ords = Vec::with_capacity(docs * 4);
        for doc in 0..segment.max_doc() {
            starts.push(u32::try_from(ords.len()).unwrap_or(u32::MAX));
            let first = ords.len();
            for ord in reader.facet_ords(doc) {
                if let Some(Some(v)) = usize::try_from(ord).ok().and_then(|o| keep.get(o)) {
                    // A document counts once per value.
                    if !ords[first..].contains(v) {
                        ords.push(*v);
                    }
                }
            }
        }
        starts.push(u32::try_from(ords.len()).unwrap_or(u32::MAX));
        Ok(SegmentFacets { values, starts, ords })
    }
}

/// The facet tables of an index's segments, read on first use.
#[derive(Default)]
pub(crate) struct FacetTables {
    segments: RwLock<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetTables {
    fn get(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = segment.segment_id();
        if let Some(t) = self
            .segments
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&id)
        {
            return Ok(t.clone());
        }
        let table = Arc::new(SegmentFacets::read(segment, field)?);
        let mut all = self.segments.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        all.insert(id, table.clone());
        Ok(table)
    }

    /// Whether document `doc` of `segment` has the facet `(dimension,
    /// value)`: a few array reads.
    pub fn has(&self, segment: &SegmentReader, field: &str, doc: DocId, (dimension, value): (&str, &str)) -> bool {
        let Some(dim) = DIMENSIONS.iter().position(|d| *d == dimension) else {
            return false;
        };
        let Ok(table) = self.get(segment, field) else {
            return false;
        };
        let d = doc as usize;
        let (Some(&from), Some(&to)) = (table.starts.get(d), table.starts.get(d + 1)) else {
            return false;
        };
        table
            .ords
            .get(from as usize..to as usize)
            .unwrap_or_default()
            .iter()
            .any(|&o| {
                table
                    .values
                    .get(o as usize)
                    .is_some_and(|(x, v)| *x == dim && v == value)
            })
    }

    /// Reads the tables of `searcher`'s segments not read yet, and forgets
    /// those of segments it no longer has (merged away).
    pub fn refresh(&self, searcher: &Searcher, field: &str) -> tantivy::Result<()> {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.segments
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|id, _| live.contains(id));
        for segment in searcher.segment_readers() {
            self.get(segment, field)?;
        }
        Ok(())
    }
}

/// Counts per dimension and value: `counts[dim][value]`, in the order of
/// [`DIMENSIONS`].
pub(crate) type FacetCounts = Vec<HashMap<String, u64>>;

/// Counts the facet values of the matching documents.
pub(crate) struct FacetCounter<'a> {
    pub tables: &'a FacetTables,
    pub field: &'a str,
}

impl Collector for FacetCounter<'_> {
    type Fruit = FacetCounts;
    type Child = SegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let table = self.tables.get(segment, self.field)?;
        Ok(SegmentCounter {
            counts: vec![0; table.values.len()],
            table,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut out: FacetCounts = vec![HashMap::new(); DIMENSIONS.len()];
        for fruit in fruits {
            for (dim, values) in fruit.into_iter().enumerate() {
                for (value, n) in values {
                    *out[dim].entry(value).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

pub(crate) struct SegmentCounter {
    table: Arc<SegmentFacets>,
    counts: Vec<u64>,
}

impl SegmentCounter {
    #[inline]
    fn add(&mut self, doc: DocId) {
        let d = doc as usize;
        let (Some(&from), Some(&to)) = (self.table.starts.get(d), self.table.starts.get(d + 1)) else {
            return;
        };
        for &v in self.table.ords.get(from as usize..to as usize).unwrap_or_default() {
            if let Some(c) = self.counts.get_mut(v as usize) {
                *c += 1;
            }
        }
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.add(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.add(doc);
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out: FacetCounts = vec![HashMap::new(); DIMENSIONS.len()];
        for (i, n) in self.counts.into_iter().enumerate() {
            if n > 0
                && let Some((dim, value)) = self.table.values.get(i)
            {
                out[*dim].insert(value.clone(), n);
            }
        }
        out
    }
}
