//! The queries a search runs, and how their matches are ranked.
//!
//! Ranking is in tiers, the way typo-tolerant site search engines do it:
//! pages that contain every word exactly come first, then pages that
//! contain every word allowing typos, then pages that contain some of the
//! words. Within a tier, BM25 over the fields with boosts (title >
//! headings > summary, tags, URL slug > body), plus bonuses for the whole
//! query as a phrase, for a title that is exactly the query and for a
//! page the query names (its title without stop words, the head of its
//! title, the last part of its URL, or a synonym of the query as one of
//! those). A typo match can thus never outrank an exact one.
//!
//! The locale's stop words are not searched for when other words remain;
//! a word with synonyms is matched by any of them (a synonym of several
//! words as a phrase), slightly below the word itself. A question ("how
//! many …") favours the pages that are a single figure, the likeliest
//! answers. A page's static rank (below 1 for pages that rarely answer a
//! search on their own) never holds back a page the query names, nor a
//! figure that answers a question.

use std::collections::HashSet;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::LocaleIndex;
use super::schema::{Names, title_key};
use super::spelling::Typos;
use crate::facets::{FacetCounter, FacetCounts};
use crate::query::{Expansion, ParsedQuery, Word};
use crate::types::{DIMENSIONS, Request};

/// Field boosts: a word in the title counts most.
const TITLE: f32 = 5.0;
const HEADINGS: f32 = 3.0;
const SUMMARY: f32 = 2.0;
const TAGS: f32 = 2.0;
const SLUG: f32 = 2.0;
const BODY: f32 = 1.0;
/// A synonym scores like this fraction of the word typed.
const SYNONYM: f32 = 0.8;
/// The words of a term of several words, typed but found apart, score
/// like this fraction of the term found as a phrase.
const APART: f32 = 0.5;
/// A page with a longer term of another synonym group that begins with
/// the query's words or their synonyms (another title: "chief executive
/// for operations") counts this fraction.
const IN_LONGER: f32 = 0.5;
/// Bonuses for the query as a whole.
const TITLE_IS_QUERY: f32 = 8.0;
/// The query is one of the page's names, as typed or as stems.
const NAME_IS_QUERY: f32 = 6.0;
const NAME_STEMS: f32 = 3.0;
/// A synonym of the query is one of the page's names.
const NAME_IS_SYNONYM: f32 = 4.0;
/// The content type of a page that is a single figure ("by the numbers"),
/// and what being one adds to its score when the query is a question.
const ANSWER_KIND: &str = "fact";
const ANSWER: f32 = 12.0;
const PHRASE_IN_TITLE: f32 = 4.0;
const PHRASE_IN_SUMMARY: f32 = 2.0;
const PHRASE_IN_BODY: f32 = 1.5;
/// A typo match scores like this fraction of the field's boost.
const FUZZY: f32 = 0.3;
/// Pages with only some of the words are offered when all the words find
/// fewer than this many.
const PARTIAL_BELOW: usize = 10;

/// Ranking tiers, their counts where known, and the widest's facet counts.
pub(super) type Tiers = (Vec<Box<dyn Query>>, Vec<Option<usize>>, Option<FacetCounts>);

impl LocaleIndex {
    /// The fields a word is looked up in, with their boosts.
    fn weighted(&self) -> [(Field, f32); 6] {
        let f = self.fields;
        [
            (f.title, TITLE),
            (f.headings, HEADINGS),
            (f.summary, SUMMARY),
            (f.tags, TAGS),
            (f.slug, SLUG),
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

    fn phrase(&self, words: &[Word]) -> Box<dyn Query> {
        let parts = self
            .weighted()
            .into_iter()
            .filter(|(f, _)| *f != self.fields.tags && *f != self.fields.slug)
            .map(|(field, boost)| -> Box<dyn Query> {
                let terms = words.iter().map(|w| self.term(field, &w.term)).collect();
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
            })
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, 0.2))
    }

    /// What the loose words ask for, each a query: a word (stop words
    /// left out), or a run of words with its synonyms. Within a run the
    /// words are combined with `each`.
    fn units(&self, q: &ParsedQuery, word: &dyn Fn(&Word) -> Box<dyn Query>, each: Occur) -> Vec<Box<dyn Query>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < q.words.len() {
            if let Some(e) = q.expansion_at(i) {
                out.push(self.with_synonyms(&q.words[e.start..e.end], e, word, each));
                i = e.end.max(i + 1);
                continue;
            }
            if !q.words[i].stop {
                out.push(word(&q.words[i]));
            }
            i += 1;
        }
        out
    }

    /// `typed` (its words matched by `word`, combined with `each`) or any
    /// of its synonyms `e`, a synonym of several words as a phrase.
    fn with_synonyms(
        &self,
        typed: &[Word],
        e: &Expansion,
        word: &dyn Fn(&Word) -> Box<dyn Query>,
        each: Occur,
    ) -> Box<dyn Query> {
        let mut own: Vec<Box<dyn Query>> = typed.iter().filter(|w| !w.stop).map(word).collect();
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        if own.len() > 1 {
            // A term of several words typed as one: the words apart (an
            // "executive" and a "manager" in different sentences) count
            // less than the term.
            let apart = BooleanQuery::new(own.into_iter().map(|c| (each, c)).collect());
            parts.push(Box::new(DisjunctionMaxQuery::new(vec![
                self.phrase(typed),
                Box::new(BoostQuery::new(Box::new(apart), APART)),
            ])));
        } else {
            parts.append(&mut own);
        }
        // A phrase scores about the sum of its words: a synonym counts as
        // much per word as the words typed, whatever its length.
        let content = |ws: &[Word]| ws.iter().filter(|w| !w.stop).count().max(1) as f32;
        for alt in &e.alternatives {
            let q = match alt.as_slice() {
                [w] => self.exact(w),
                words => self.phrase(words),
            };
            let boost = SYNONYM * content(typed) / content(alt);
            parts.push(Box::new(BoostQuery::new(q, boost)));
        }
        Box::new(DisjunctionMaxQuery::new(parts))
    }

    /// Every word and phrase required, words matched by `word`. For a
    /// question of three words or more (stop words aside), a single figure
    /// with all of them but one too: the figure that answers "how many
    /// cities use Canopy" need not say "use". "All but one" counts what the
    /// query asks for: a run of words with synonyms is one.
    fn all(&self, q: &ParsedQuery, word: &dyn Fn(&Word) -> Box<dyn Query>) -> Box<dyn Query> {
        let mut units = self.units(q, word, Occur::Must);
        units.extend(q.phrases.iter().map(|p| self.phrase(p)));
        let n = units.len();
        let every = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                units.iter().map(|u| (Occur::Must, u.box_clone())).collect(),
            ))
        };
        if !q.question || n < 2 || q.content_words().count() < 3 {
            return every();
        }
        let most = BooleanQuery::with_minimum_required_clauses(
            units.iter().map(|u| (Occur::Should, u.box_clone())).collect(),
            n - 1,
        );
        let answer = BooleanQuery::new(vec![(Occur::Must, Box::new(most)), (Occur::Must, self.answers())]);
        Box::new(DisjunctionMaxQuery::new(vec![every(), Box::new(answer)]))
    }

    /// Any word, loose or from a phrase (stop words left out).
    fn any(&self, q: &ParsedQuery, typos: &Typos) -> Box<dyn Query> {
        let loose = |w: &Word| self.loose(w, typos);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .units(q, &loose, Occur::Should)
            .into_iter()
            .map(|u| (Occur::Should, u))
            .collect();
        clauses.extend(
            q.phrases
                .iter()
                .flatten()
                .filter(|w| !w.stop)
                .map(|w| (Occur::Should, self.loose(w, typos))),
        );
        Box::new(BooleanQuery::new(clauses))
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
        // The query names the page, as typed or as stems; or a synonym of
        // the whole query does.
        let mut names = Names::default();
        names.add(&q.sequence);
        out.push((Occur::Should, self.keys(f.name, &names.plain, NAME_IS_QUERY)));
        out.push((Occur::Should, self.keys(f.name_stem, &names.stems, NAME_STEMS)));
        if let Some(e) = q.sole_expansion() {
            let mut names = Names::default();
            for alt in &e.alternatives {
                names.add(alt);
            }
            let parts = vec![
                self.keys(f.name, &names.plain, 1.0),
                self.keys(f.name_stem, &names.stems, NAME_STEMS / NAME_IS_QUERY),
            ];
            out.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(DisjunctionMaxQuery::new(parts)),
                    NAME_IS_SYNONYM,
                )),
            ));
        }
        // The words as a phrase, stop words as gaps ("terms of use").
        let content: Vec<(usize, &Word)> = q.words.iter().enumerate().filter(|(_, w)| !w.stop).collect();
        if content.len() > 1 {
            // In the body only for three words or more: a two-word phrase
            // over every body reads the positions of most matching pages
            // (and the title and summary carry it well enough).
            let mut fields = vec![(f.title, PHRASE_IN_TITLE), (f.summary, PHRASE_IN_SUMMARY)];
            if content.len() > 2 {
                fields.push((f.body, PHRASE_IN_BODY));
            }
            for (field, boost) in fields {
                let terms = content.iter().map(|(i, w)| (*i, self.term(field, &w.term))).collect();
                out.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), boost)),
                ));
            }
        }
        if q.question {
            out.push((Occur::Should, Box::new(ConstScoreQuery::new(self.answers(), ANSWER))));
        }
        out
    }

    /// Pages with one of `keys` in `field` (a key field), best key counting.
    fn keys(&self, field: Field, keys: &[String], boost: f32) -> Box<dyn Query> {
        if keys.is_empty() {
            return Box::new(EmptyQuery);
        }
        let parts = keys
            .iter()
            .map(|k| -> Box<dyn Query> { Box::new(TermQuery::new(self.term(field, k), IndexRecordOption::Basic)) })
            .collect();
        Box::new(BoostQuery::new(Box::new(DisjunctionMaxQuery::new(parts)), boost))
    }

    /// The pages that are a single figure.
    fn answers(&self) -> Box<dyn Query> {
        let facet = tantivy::schema::Facet::from_path(["type", ANSWER_KIND]);
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.facets, &facet),
            IndexRecordOption::Basic,
        ))
    }

    /// The pages `q` names: their title is the query, or one of their names
    /// is the query or a synonym of it (a few pages: one term each).
    fn named(&self, searcher: &Searcher, q: &ParsedQuery) -> HashSet<DocAddress> {
        let f = self.fields;
        let mut names = Names::default();
        names.add(&q.sequence);
        if let Some(e) = q.sole_expansion() {
            for alt in &e.alternatives {
                names.add(alt);
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Should,
            Box::new(TermQuery::new(
                self.term(f.title_key, &title_key(&mut self.plain.clone(), &q.text)),
                IndexRecordOption::Basic,
            )),
        )];
        clauses.extend(names.plain.iter().map(|k| -> (Occur, Box<dyn Query>) {
            (
                Occur::Should,
                Box::new(TermQuery::new(self.term(f.name, k), IndexRecordOption::Basic)),
            )
        }));
        searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)
            .unwrap_or_default()
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
    pub(super) fn tiers(
        &self,
        searcher: &Searcher,
        q: &ParsedQuery,
        typos: &Typos,
        req: &Request,
        with_facets: bool,
    ) -> Tiers {
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
            if partial || found >= PARTIAL_BELOW || q.units() < 2 {
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
    pub(super) fn ranked(
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
        let named = self.named(searcher, q);
        let elsewhere = self.in_longer(searcher, q);
        let mut hits = Vec::new();
        let mut skip = offset;
        let mut better: Option<HashSet<DocAddress>> = Some(Default::default());
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
                        set.extend(searcher.search(&sets[i], &DocSetCollector).unwrap_or_default());
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
                .map(|(score, a)| {
                    let longer = if elsewhere.contains(&a) { IN_LONGER } else { 1.0 };
                    (score * longer * self.rank(searcher, a, q, &named), a)
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            hits.extend(ranked.into_iter().skip(skip).take(limit - hits.len()).map(|(_, a)| a));
            skip = 0;
            if hits.len() < limit && i + 1 < scored.len() {
                better = better.map(|mut set| {
                    set.extend(searcher.search(&sets[i], &DocSetCollector).unwrap_or_default());
                    set
                });
            }
        }
        (own, hits)
    }

    /// The pages with a longer term of another group that begins with
    /// words of the query or their synonyms (none without such terms). A
    /// demotion, so applied to the page of candidates, never in the
    /// engine's query: an exclusion would need the engine to skip through
    /// phrase matches, which its phrase scorer does not allow.
    fn in_longer(&self, searcher: &Searcher, q: &ParsedQuery) -> HashSet<DocAddress> {
        let longer: Vec<(Occur, Box<dyn Query>)> = q
            .expansions
            .iter()
            .flat_map(|e| &e.longer)
            .map(|l| (Occur::Should, self.phrase(l)))
            .collect();
        if longer.is_empty() {
            return HashSet::new();
        }
        searcher
            .search(&BooleanQuery::new(longer), &DocSetCollector)
            .unwrap_or_default()
    }

    /// What multiplies a page's score: its static rank, but at least 1 for
    /// a page the query names and, for a question, for a single figure.
    fn rank(&self, searcher: &Searcher, addr: DocAddress, q: &ParsedQuery, named: &HashSet<DocAddress>) -> f32 {
        let rank = self.static_rank(searcher, addr);
        if rank < 1.0 && (named.contains(&addr) || (q.question && self.is_answer(searcher, addr))) {
            1.0
        } else {
            rank
        }
    }

    /// Whether the page is a single figure.
    fn is_answer(&self, searcher: &Searcher, addr: DocAddress) -> bool {
        self.facet_tables.has(
            searcher.segment_reader(addr.segment_ord),
            "facets",
            addr.doc_id,
            ("type", ANSWER_KIND),
        )
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
}
