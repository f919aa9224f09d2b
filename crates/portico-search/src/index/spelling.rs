//! The index's own words, as spelling draws on them: the indexed words a
//! misspelt query word may stand for, and "did you mean".

use std::collections::HashMap;

use tantivy::Searcher;
use tantivy::query::FuzzyTermQuery;
use tantivy::termdict::TermDictionary;

use super::LocaleIndex;
use crate::analysis;
use crate::query::{ParsedQuery, Word};

/// Indexed words a misspelt word may stand for, at most.
const MAX_TYPO_WORDS: usize = 6;

/// Per misspellable word (by surface): the indexed words it may stand for,
/// with their document frequencies.
pub(super) type Typos = HashMap<String, Vec<(Word, u64)>>;

impl LocaleIndex {
    /// For each word long enough to have typos and not in the index, the
    /// index's words within its distance (Damerau: a swap of neighbours is
    /// one edit), most frequent first. One walk of the vocabulary per word;
    /// the query then uses them as ordinary terms, with field boosts. Stop
    /// words are not searched for, so need none.
    pub(super) fn typos(&self, searcher: &Searcher, q: &ParsedQuery) -> Typos {
        let mut out = Typos::new();
        for w in q.content_words() {
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
                    Some((
                        Word {
                            surface,
                            term,
                            stop: false,
                        },
                        df,
                    ))
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
    pub(super) fn vocabulary(
        &self,
        searcher: &Searcher,
        walk: impl Fn(&TermDictionary, &mut dyn FnMut(&[u8], u32)),
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

    /// "Did you mean": each word not in the index replaced by the most
    /// frequent indexed word within its edit distance (Damerau: a swap of
    /// neighbours is one edit). `None` when no word changes.
    pub(super) fn correct(&self, searcher: &Searcher, q: &ParsedQuery, typos: &Typos) -> Option<String> {
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
}
