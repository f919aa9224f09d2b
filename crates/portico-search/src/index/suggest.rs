//! Suggestions while typing: completions of the last word from the
//! index's vocabulary, and the pages that best match.

use tantivy::schema::Value as _;
use tantivy::{Searcher, TantivyDocument};

use super::LocaleIndex;
use super::schema::UNIT;
use crate::query::ParsedQuery;
use crate::types::{Lang, Request, SuggestedPage, Suggestions};

impl LocaleIndex {
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
                    lang: text(self.fields.lang).split_once(UNIT).map(|(code, dir)| Lang {
                        code: code.to_string(),
                        dir: dir.to_string(),
                    }),
                })
            })
            .collect()
    }
}
