//! How a locale's visitors ask, as far as the query needs to know: the
//! language's stop and question words (built in, `stopwords.rs`) and the
//! site's synonyms (declared in site.toml). Both change queries only,
//! never the index: changing the synonyms needs no re-indexing.
//!
//! Synonyms are groups of terms that mean the same ("ceo", "chief
//! executive", "chief executive officer"); a term may be several words.
//! A run of loose query words that is a term of a group (compared by
//! stems, so "executives" is "executive") is then matched by the words
//! themselves or by any other term of the group, a term of several words
//! as a phrase. The longest term wins ("chief executive officer" over
//! "chief executive"); a term in several groups brings them all. Working
//! out a query's synonyms costs a hash lookup per word, whatever the size
//! of the index.

use std::collections::{HashMap, HashSet};

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::query::{Expansion, ParsedQuery, Word, analyze};
use crate::stopwords;

/// Terms of one group beyond this many are ignored.
const MAX_GROUP_TERMS: usize = 32;
/// Terms longer than this many words are ignored.
const MAX_TERM_WORDS: usize = 6;
/// Other terms a query brings in, at most: each is a few more lookups.
const MAX_ALTERNATIVES: usize = 8;
/// Longer terms of other groups an expansion checks, at most.
const MAX_LONGER: usize = 4;

/// The query rules of one locale.
#[derive(Clone, Default)]
pub(crate) struct Rules {
    /// Stop words (question words included), normalized like the index.
    stop: HashSet<String>,
    question: HashSet<String>,
    /// Each synonym group's terms, analyzed.
    groups: Vec<Vec<Vec<Word>>>,
    /// The first stem of a term → (group, term) of each such term.
    starts: HashMap<String, Vec<(usize, usize)>>,
}

impl Rules {
    /// The built-in rules of `locale`'s language (no synonyms).
    pub fn new(locale: &str, plain: &mut TextAnalyzer) -> Rules {
        let (stop, question) = stopwords::lists(locale);
        let mut fold = |list: &[&str]| -> HashSet<String> {
            list.iter()
                .flat_map(|w| analysis::tokens(plain, w))
                .map(|t| t.text)
                .collect()
        };
        let question = fold(question);
        let mut stop = fold(stop);
        stop.extend(question.iter().cloned());
        Rules {
            stop,
            question,
            ..Rules::default()
        }
    }

    /// Replaces the synonyms with `groups`, each a list of terms that mean
    /// the same. A term of stop words only ("us") is left out: it would
    /// match nearly every page. A group needs two terms.
    pub fn set_synonyms(&mut self, groups: &[Vec<String>], stemmed: &mut TextAnalyzer, plain: &mut TextAnalyzer) {
        self.groups.clear();
        self.starts.clear();
        for group in groups {
            let mut terms: Vec<Vec<Word>> = Vec::new();
            for text in group.iter().take(MAX_GROUP_TERMS) {
                let mut words = analyze(text, stemmed, plain);
                for w in &mut words {
                    w.stop = self.stop.contains(&w.surface);
                }
                if words.is_empty() || words.len() > MAX_TERM_WORDS || words.iter().all(|w| w.stop) {
                    continue;
                }
                if !terms.iter().any(|t| same_terms(t, &words)) {
                    terms.push(words);
                }
            }
            if terms.len() < 2 {
                continue;
            }
            let g = self.groups.len();
            for (t, term) in terms.iter().enumerate() {
                self.starts.entry(term[0].term.clone()).or_default().push((g, t));
            }
            self.groups.push(terms);
        }
    }

    /// Marks the stop words of `q` (when it has other words), whether it
    /// is a question, and the synonyms of its loose words.
    pub fn apply(&self, q: &mut ParsedQuery) {
        q.question = q.text.trim_end().ends_with(['?', '？', '؟'])
            || q.sequence.iter().any(|w| self.question.contains(&w.surface));
        let content = q.sequence.iter().any(|w| !self.stop.contains(&w.surface));
        if content {
            for w in q.words.iter_mut().chain(q.phrases.iter_mut().flatten()) {
                w.stop = self.stop.contains(&w.surface);
            }
            for w in &mut q.sequence {
                w.stop = self.stop.contains(&w.surface);
            }
        }
        q.expansions = self.expand(&q.words);
    }

    /// Whether `surface` (a normalized word) is a stop word.
    pub fn is_stop(&self, surface: &str) -> bool {
        self.stop.contains(surface)
    }

    /// The synonyms of `words`, longest term first, left to right.
    fn expand(&self, words: &[Word]) -> Vec<Expansion> {
        let mut out = Vec::new();
        let mut budget = MAX_ALTERNATIVES;
        let mut i = 0;
        while i < words.len() && budget > 0 {
            let mut len = 0;
            // The groups of the longest term that starts here.
            let mut groups: Vec<usize> = Vec::new();
            for &(g, t) in self.starts.get(&words[i].term).into_iter().flatten() {
                let term = &self.groups[g][t];
                let n = term.len();
                let fits = words
                    .get(i..i + n)
                    .is_some_and(|ws| ws.iter().zip(term).all(|(a, b)| a.term == b.term));
                if !fits || n < len {
                    continue;
                }
                if n > len {
                    len = n;
                    groups.clear();
                }
                groups.push(g);
            }
            if len == 0 {
                i += 1;
                continue;
            }
            let typed = &words[i..i + len];
            let mut alternatives: Vec<Vec<Word>> = Vec::new();
            for &g in &groups {
                for term in &self.groups[g] {
                    if !same_terms(term, typed) && !alternatives.iter().any(|a| same_terms(a, term)) {
                        alternatives.push(term.clone());
                    }
                }
            }
            alternatives.truncate(budget);
            budget -= alternatives.len();
            // Terms of other groups that these terms begin.
            let mut longer: Vec<Vec<Word>> = Vec::new();
            for base in std::iter::once(typed).chain(alternatives.iter().map(Vec::as_slice)) {
                for &(g, t) in self.starts.get(&base[0].term).into_iter().flatten() {
                    let term = &self.groups[g][t];
                    if !groups.contains(&g)
                        && term.len() > base.len()
                        && same_terms(&term[..base.len()], base)
                        && !longer.iter().any(|l| same_terms(l, term))
                    {
                        longer.push(term.clone());
                    }
                }
            }
            longer.truncate(MAX_LONGER);
            if !alternatives.is_empty() {
                out.push(Expansion {
                    start: i,
                    end: i + len,
                    alternatives,
                    longer,
                });
            }
            i += len;
        }
        out
    }
}

fn same_terms(a: &[Word], b: &[Word]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.term == y.term)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(locale: &str, groups: &[&[&str]]) -> Rules {
        let mut plain = analysis::plain();
        let mut r = Rules::new(locale, &mut plain);
        let groups: Vec<Vec<String>> = groups
            .iter()
            .map(|g| g.iter().map(|t| (*t).to_string()).collect())
            .collect();
        r.set_synonyms(&groups, &mut analysis::stemmed(locale), &mut plain);
        r
    }

    fn parse(r: &Rules, locale: &str, q: &str) -> ParsedQuery {
        let mut q = ParsedQuery::parse(q, &mut analysis::stemmed(locale), &mut analysis::plain());
        r.apply(&mut q);
        q
    }

    fn searched(q: &ParsedQuery) -> Vec<&str> {
        q.content_words().map(|w| w.surface.as_str()).collect()
    }

    fn alternatives(e: &Expansion) -> Vec<String> {
        e.alternatives
            .iter()
            .map(|t| t.iter().map(|w| w.surface.as_str()).collect::<Vec<_>>().join(" "))
            .collect()
    }

    const LEADERS: &[&[&str]] = &[
        &["CEO", "chief executive", "chief executive officer"],
        &["CTO", "chief technology officer"],
        &["jobs", "careers", "open roles"],
        &["careers", "working here"],
        &["us", "the"],
    ];

    #[test]
    fn stop_words_are_dropped_when_other_words_remain() {
        let r = rules("en", &[]);
        let q = parse(&r, "en", "how many employees are there?");
        assert_eq!(searched(&q), ["employees"]);
        assert!(q.question);
        assert_eq!(q.units(), 1);
        // A query of stop words alone keeps them all.
        let q = parse(&r, "en", "who we are");
        assert_eq!(searched(&q), ["who", "we", "are"]);
        // Words in quotes are stop words too, but the phrase keeps them.
        let q = parse(&r, "en", "\"terms of use\"");
        assert_eq!(searched(&q), ["terms", "use"]);
        assert_eq!(q.phrases[0].len(), 3);
        assert!(!q.question);
    }

    #[test]
    fn each_language_has_its_own_stop_words() {
        let fr = rules("fr", &[]);
        let q = parse(&fr, "fr", "Combien de salariés à Paris");
        assert_eq!(searched(&q), ["salaries", "paris"]);
        assert!(q.question);
        // Elisions are words of their own, and stop words.
        assert_eq!(
            searched(&parse(&fr, "fr", "conditions d'utilisation")),
            ["conditions", "utilisation"]
        );
        // "où" folds to "ou" ("or"): a stop word, but not a question.
        assert!(!parse(&fr, "fr", "chercheur ou chercheuse").question);
        let ar = rules("ar", &[]);
        let q = parse(&ar, "ar", "كم عدد الموظفين في هالسيون");
        assert_eq!(searched(&q), ["الموظفين", "هالسيون"]);
        assert!(q.question);
        // English stop words mean nothing to another language.
        assert_eq!(searched(&parse(&ar, "ar", "the")), ["the"]);
        assert_eq!(searched(&parse(&rules("en", &[]), "en", "de la")), ["de", "la"]);
    }

    #[test]
    fn a_final_question_mark_makes_a_question() {
        let r = rules("en", &[]);
        assert!(parse(&r, "en", "employees?").question);
        assert!(!parse(&r, "en", "employees").question);
        assert!(parse(&rules("ar", &[]), "ar", "الموظفين؟").question);
    }

    #[test]
    fn a_term_of_a_group_brings_the_others() {
        let r = rules("en", LEADERS);
        let q = parse(&r, "en", "CEO");
        assert_eq!(q.expansions.len(), 1);
        assert_eq!(
            alternatives(&q.expansions[0]),
            ["chief executive", "chief executive officer"]
        );
        assert!(q.sole_expansion().is_some());
        // Compared by stems: "executives" is "executive".
        let q = parse(&r, "en", "our chief executives");
        assert_eq!((q.expansions[0].start, q.expansions[0].end), (1, 3));
        assert_eq!(alternatives(&q.expansions[0]), ["ceo", "chief executive officer"]);
        // The stop word is outside the expansion, and dropped.
        assert_eq!(q.units(), 1);
        assert!(q.sole_expansion().is_some());
    }

    #[test]
    fn the_longest_term_wins_and_other_words_stay() {
        let r = rules("en", LEADERS);
        let q = parse(&r, "en", "chief executive officer biography");
        assert_eq!(q.expansions.len(), 1);
        assert_eq!((q.expansions[0].start, q.expansions[0].end), (0, 3));
        assert_eq!(alternatives(&q.expansions[0]), ["ceo", "chief executive"]);
        assert_eq!(q.units(), 2);
        assert!(q.sole_expansion().is_none());
        // Two runs, two expansions.
        let q = parse(&r, "en", "ceo cto");
        assert_eq!(q.expansions.len(), 2);
        assert_eq!(alternatives(&q.expansions[1]), ["chief technology officer"]);
    }

    #[test]
    fn longer_terms_of_other_groups_are_noted() {
        let r = rules(
            "en",
            &[
                &["ceo", "chief executive"],
                &["chief executive assistant", "executive assistant"],
                &["ceo office", "executive office"],
            ],
        );
        let q = parse(&r, "en", "ceo");
        let longer: Vec<String> = q.expansions[0]
            .longer
            .iter()
            .map(|t| t.iter().map(|w| w.surface.as_str()).collect::<Vec<_>>().join(" "))
            .collect();
        // Begun by the typed word and by its synonym; never a term of its
        // own group.
        assert_eq!(longer, ["ceo office", "chief executive assistant"]);
        // Typed, the longer term is the match, with its own group.
        let q = parse(&r, "en", "chief executive assistant");
        assert_eq!(q.expansions[0].end, 3);
        assert!(q.expansions[0].longer.is_empty());
    }

    #[test]
    fn a_term_in_two_groups_brings_both() {
        let r = rules("en", LEADERS);
        let q = parse(&r, "en", "careers");
        assert_eq!(alternatives(&q.expansions[0]), ["jobs", "open roles", "working here"]);
    }

    #[test]
    fn stop_word_terms_and_lone_terms_are_left_out() {
        let r = rules("en", &[&["us", "the"], &["alone"], &["us", "united states"]]);
        assert!(parse(&r, "en", "united states").expansions.is_empty());
        assert!(parse(&r, "en", "offices in the us").expansions.is_empty());
        assert!(parse(&r, "en", "alone").expansions.is_empty());
    }

    #[test]
    fn quoted_words_get_no_synonyms() {
        let r = rules("en", LEADERS);
        let q = parse(&r, "en", "\"chief executive\" letter");
        assert!(q.expansions.is_empty());
        assert_eq!(q.phrases.len(), 1);
    }

    #[test]
    fn synonyms_are_per_language_analysis() {
        // Accents and Arabic letter forms fold, as in the index.
        let fr = rules(
            "fr",
            &[&["PDG", "présidente-directrice générale", "directrice générale"]],
        );
        let q = parse(&fr, "fr", "directrice generale");
        assert_eq!(
            alternatives(&q.expansions[0]),
            ["pdg", "presidente directrice generale"]
        );
        let ar = rules("ar", &[&["المدير التنفيذي", "الرئيسة التنفيذية"]]);
        let q = parse(&ar, "ar", "المُدير التنفيذي");
        assert_eq!(q.expansions.len(), 1);
    }

    #[test]
    fn a_query_brings_a_bounded_number_of_terms() {
        let many: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let r = rules("en", &[&many]);
        let q = parse(&r, "en", "word1 word2 word3");
        let n: usize = q.expansions.iter().map(|e| e.alternatives.len()).sum();
        assert!(n <= MAX_ALTERNATIVES, "{n}");
    }
}
