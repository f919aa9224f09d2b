//! What a visitor typed, as words and phrases. There is no query syntax to
//! get wrong: double quotes make a phrase, everything else that is not a
//! letter or digit separates words (`title:x` is two words, `AND` is a
//! word, `*` is nothing).
//!
//! The locale's [`Rules`](crate::rules::Rules) then mark the stop words
//! (left out of the search when other words remain), whether the query is
//! a question, and the site's synonyms of its words ([`Expansion`]).

use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;
use crate::types::MAX_QUERY_BYTES;

/// Words beyond this many are ignored.
const MAX_WORDS: usize = 12;

/// One word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Normalized but not stemmed: what spelling and completion work on.
    pub surface: String,
    /// The index term (stemmed).
    pub term: String,
    /// A stop word of the locale ("the", "de", "في") in a query that has
    /// other words: not searched for on its own.
    pub stop: bool,
}

impl Word {
    /// Edits allowed for a typo in this word: one from 5 letters, two from 9
    /// (a swap of neighbouring letters is one edit).
    pub fn typo_distance(&self) -> u8 {
        match self.surface.chars().count() {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        }
    }
}

/// Loose words of a query that are a term of a synonym group, and the
/// group's other terms: the words are matched by any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The words `words[start..end]` of the query.
    pub start: usize,
    pub end: usize,
    /// The other terms of the group, each one word or several (a phrase).
    pub alternatives: Vec<Vec<Word>>,
    /// Longer terms of other groups that start with these words or one of
    /// the alternatives ("chief executive" → "chief executive assistant"
    /// in a group of its own): a page that has one is likely about that.
    pub longer: Vec<Vec<Word>>,
}

/// A parsed query: loose words and quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The input as used, cut to [`MAX_QUERY_BYTES`].
    pub text: String,
    pub words: Vec<Word>,
    pub phrases: Vec<Vec<Word>>,
    /// The last word was still being typed (no space after it).
    pub open_end: bool,
    /// Every word in the order typed, loose or quoted.
    pub sequence: Vec<Word>,
    /// Asked as a question ("how many …", "combien …", a final `?`).
    pub question: bool,
    /// Synonyms of loose words, in order, not overlapping.
    pub expansions: Vec<Expansion>,
}

impl ParsedQuery {
    pub fn parse(input: &str, stemmed: &mut TextAnalyzer, plain: &mut TextAnalyzer) -> ParsedQuery {
        let text = cut(input, MAX_QUERY_BYTES).trim().to_string();
        let mut words = Vec::new();
        let mut phrases = Vec::new();
        let mut sequence = Vec::new();
        let mut count = 0;
        for (i, part) in text.split('"').enumerate() {
            let ws = analyze(part, stemmed, plain);
            let room = MAX_WORDS.saturating_sub(count);
            let ws: Vec<Word> = ws.into_iter().take(room).collect();
            count += ws.len();
            sequence.extend(ws.iter().cloned());
            // Odd parts are inside quotes; an unclosed quote still counts.
            if i % 2 == 1 && ws.len() > 1 {
                phrases.push(ws);
            } else {
                words.extend(ws);
            }
        }
        let open_end = !text.is_empty() && text.chars().last().is_some_and(char::is_alphanumeric);
        ParsedQuery {
            text,
            words,
            phrases,
            open_end,
            sequence,
            question: false,
            expansions: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Every word, loose or in a phrase.
    pub fn all_words(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().chain(self.phrases.iter().flatten())
    }

    /// The words searched for on their own: every word but the stop words.
    pub fn content_words(&self) -> impl Iterator<Item = &Word> {
        self.all_words().filter(|w| !w.stop)
    }

    /// The expansion that starts at loose word `i`, if any.
    pub fn expansion_at(&self, i: usize) -> Option<&Expansion> {
        self.expansions.iter().find(|e| e.start == i)
    }

    /// How many things the query asks for: each loose word that is not a
    /// stop word, each run of words with synonyms, each phrase.
    pub fn units(&self) -> usize {
        let mut n = self.phrases.len();
        let mut i = 0;
        while i < self.words.len() {
            if let Some(e) = self.expansion_at(i) {
                n += 1;
                i = e.end.max(i + 1);
            } else {
                n += usize::from(!self.words[i].stop);
                i += 1;
            }
        }
        n
    }

    /// Whether one expansion covers every word the query searches for
    /// ("ceo", "chief executive"): its terms are then names of what the
    /// visitor wants, like the query itself.
    pub fn sole_expansion(&self) -> Option<&Expansion> {
        let [e] = self.expansions.as_slice() else {
            return None;
        };
        let outside = self
            .words
            .iter()
            .enumerate()
            .any(|(i, w)| !w.stop && !(e.start..e.end).contains(&i));
        (!outside && self.phrases.is_empty()).then_some(e)
    }

    /// The query's words joined by spaces, phrases quoted (how a corrected
    /// query is written back).
    pub fn to_text(&self, replace: &dyn Fn(&Word) -> String) -> String {
        let mut parts: Vec<String> = self.words.iter().map(replace).collect();
        for p in &self.phrases {
            parts.push(format!("\"{}\"", p.iter().map(replace).collect::<Vec<_>>().join(" ")));
        }
        parts.join(" ")
    }
}

/// The words of `text`, normalized and stemmed.
pub(crate) fn analyze(text: &str, stemmed: &mut TextAnalyzer, plain: &mut TextAnalyzer) -> Vec<Word> {
    // Both analyzers share the tokenizer, so their tokens pair up one to one.
    let surfaces = analysis::tokens(plain, text);
    let terms = analysis::tokens(stemmed, text);
    surfaces
        .into_iter()
        .zip(terms)
        .map(|(s, t)| Word {
            surface: s.text,
            term: t.text,
            stop: false,
        })
        .collect()
}

/// `s` cut to at most `max` bytes at a character boundary.
pub fn cut(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> ParsedQuery {
        ParsedQuery::parse(s, &mut analysis::stemmed("en"), &mut analysis::plain())
    }

    #[test]
    fn quotes_make_phrases_and_operators_are_words() {
        let q = parse(r#"ocean "sea ice" AND title:x*"#);
        let words: Vec<_> = q.words.iter().map(|w| w.surface.as_str()).collect();
        assert_eq!(words, ["ocean", "and", "title", "x"]);
        assert_eq!(q.phrases.len(), 1);
        assert_eq!(q.phrases[0][1].term, "ice");
    }

    #[test]
    fn a_one_word_phrase_is_a_word() {
        let q = parse(r#""oceans""#);
        assert!(q.phrases.is_empty());
        assert_eq!(q.words[0].term, "ocean");
        assert!(!q.open_end);
    }

    #[test]
    fn long_input_is_cut_at_a_char_boundary() {
        let s = "é".repeat(5000);
        let q = parse(&s);
        assert!(q.text.len() <= MAX_QUERY_BYTES);
        assert!(q.words.len() <= MAX_WORDS);
    }

    #[test]
    fn typo_distance_grows_with_length() {
        let w = |s: &str| Word {
            surface: s.into(),
            term: s.into(),
            stop: false,
        };
        assert_eq!(w("data").typo_distance(), 0);
        assert_eq!(w("ocean").typo_distance(), 1);
        assert_eq!(w("research").typo_distance(), 1);
        assert_eq!(w("education").typo_distance(), 2);
    }
}
