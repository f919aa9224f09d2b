//! A page of results: the ranked hits with their snippets, the facet
//! counts, and a correction when nothing matches exactly.

use tantivy::schema::Value as _;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::LocaleIndex;
use super::schema::UNIT;
use super::spelling::Typos;
use crate::facets::FacetCounts;
use crate::query::{ParsedQuery, Word};
use crate::snippet::{Forms, Matcher};
use crate::types::{Crumb, DIMENSIONS, Facet, FacetCount, FacetGroup, Hit, Lang, Request, Results, Span};

const SNIPPET_CHARS: usize = 180;

impl LocaleIndex {
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
            lang: doc
                .get_first(f.lang)
                .and_then(|v| v.as_str())
                .and_then(|s| s.split_once(UNIT))
                .map(|(code, dir)| Lang {
                    code: code.to_string(),
                    dir: dir.to_string(),
                }),
        })
    }

    /// Each query word searched for with its two likeliest typo fixes; a
    /// run of words with synonyms as one word of many forms (the words and
    /// every synonym's words).
    fn snippets(&self, q: &ParsedQuery, typos: &Typos) -> Matcher {
        let mut words: Vec<Forms> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let in_runs: std::collections::HashSet<usize> = q.expansions.iter().flat_map(|e| e.start..e.end).collect();
        for e in &q.expansions {
            let forms: Vec<&Word> = q.words[e.start..e.end]
                .iter()
                .chain(e.alternatives.iter().flatten())
                .filter(|w| !w.stop)
                .collect();
            words.push(Forms {
                surfaces: forms.iter().map(|f| f.surface.clone()).collect(),
                stems: forms.iter().map(|f| f.term.clone()).collect(),
            });
        }
        let outside = q
            .words
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_runs.contains(i))
            .map(|(_, w)| w)
            .chain(q.phrases.iter().flatten())
            .filter(|w| !w.stop);
        for w in outside {
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
}
