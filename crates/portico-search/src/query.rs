//! What a visitor typed, as words and phrases. There is no query syntax to
//! get wrong: double quotes make a phrase, everything else that is not a
//! letter or digit separates words (`title:x` is two words, `AND` is a
//! word, `*` is nothing).

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

/// A parsed query: loose words and quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The input as used, cut to [`MAX_QUERY_BYTES`].
    pub text: String,
    pub words: Vec<Word>,
    pub phrases: Vec<Vec<Word>>,
    /// The last word was still being typed (no space after it).
    pub open_end: bool,
}

impl ParsedQuery {
    pub fn parse(input: &str, stemmed: &mut TextAnalyzer, plain: &mut TextAnalyzer) -> ParsedQuery {
        let text = cut(input, MAX_QUERY_BYTES).trim().to_string();
        let mut words = Vec::new();
        let mut phrases = Vec::new();
        let mut count = 0;
        for (i, part) in text.split('"').enumerate() {
            let ws = analyze(part, stemmed, plain);
            let room = MAX_WORDS.saturating_sub(count);
            let ws: Vec<Word> = ws.into_iter().take(room).collect();
            count += ws.len();
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
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Every word, loose or in a phrase.
    pub fn all_words(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().chain(self.phrases.iter().flatten())
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

fn analyze(text: &str, stemmed: &mut TextAnalyzer, plain: &mut TextAnalyzer) -> Vec<Word> {
    // Both analyzers share the tokenizer, so their tokens pair up one to one.
    let surfaces = analysis::tokens(plain, text);
    let terms = analysis::tokens(stemmed, text);
    surfaces
        .into_iter()
        .zip(terms)
        .map(|(s, t)| Word {
            surface: s.text,
            term: t.text,
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
        };
        assert_eq!(w("data").typo_distance(), 0);
        assert_eq!(w("ocean").typo_distance(), 1);
        assert_eq!(w("research").typo_distance(), 1);
        assert_eq!(w("education").typo_distance(), 2);
    }
}
