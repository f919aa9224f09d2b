//! Snippets: the passage of a page that best matches the query, with the
//! matching words marked. Written here rather than taken from the engine
//! because the engine stems every word of every passage shown, which cost
//! more than the search itself; here a word of the page matches when,
//! folded like the index's words, it is a query word as typed or starts
//! with a query word's stem (`oceans` for `ocean`, `données` for `donne`).

use tantivy::tokenizer::{TextAnalyzer, TokenStream as _};

use crate::Span;

/// What marks a word of the page as matching.
pub(crate) struct Matcher {
    /// Folded query words as typed.
    surfaces: Vec<String>,
    /// Their stems (and those of the words they may be typos of).
    stems: Vec<String>,
    plain: TextAnalyzer,
}

impl Matcher {
    pub fn new(surfaces: Vec<String>, stems: Vec<String>, plain: TextAnalyzer) -> Matcher {
        Matcher {
            surfaces,
            // A stem of one or two letters would mark half the words.
            stems: stems.into_iter().filter(|s| s.chars().count() >= 3).collect(),
            plain,
        }
    }

    fn matches(&self, word: &str) -> bool {
        self.surfaces.iter().any(|s| s == word)
            || self
                .stems
                .iter()
                .any(|s| word.starts_with(s.as_str()) && word.len() <= s.len() + 6)
    }

    /// The window of about `max` bytes of `text` with the most matching
    /// words, as spans; `None` when no word matches.
    pub fn snippet(&self, text: &str, max: usize) -> Option<Vec<Span>> {
        let mut plain = self.plain.clone();
        let mut stream = plain.token_stream(text);
        let mut hits: Vec<(usize, usize)> = Vec::new();
        while stream.advance() {
            let t = stream.token();
            if self.matches(&t.text) {
                hits.push((t.offset_from, t.offset_to));
            }
        }
        if hits.is_empty() {
            return None;
        }
        // The window starting a little before a match that holds the most
        // matches (the first such, on a tie).
        let lead = max / 6;
        let mut best = (0, 0);
        for (i, &(from, _)) in hits.iter().enumerate() {
            let count = hits[i..].iter().take_while(|(_, to)| *to <= from + max - lead).count();
            if count > best.1 {
                best = (i, count);
            }
        }
        let first = hits[best.0].0;
        let start = word_start(text, first.saturating_sub(lead));
        let end = word_end(text, (start + max).min(text.len()));
        let mut spans = Vec::new();
        let mut at = start;
        for &(from, to) in &hits[best.0..] {
            if to > end {
                break;
            }
            if from > at {
                spans.push(plain_span(&text[at..from]));
            }
            spans.push(Span {
                text: text[from..to].to_string(),
                mark: true,
            });
            at = to;
        }
        if end > at {
            spans.push(plain_span(&text[at..end]));
        }
        if start > 0 {
            spans.insert(0, plain_span("… "));
        }
        if end < text.len() {
            spans.push(plain_span(" …"));
        }
        Some(spans)
    }
}

fn plain_span(text: &str) -> Span {
    Span {
        text: text.to_string(),
        mark: false,
    }
}

/// The start of the word at or after byte `i` (a char boundary).
fn word_start(text: &str, i: usize) -> usize {
    if i == 0 {
        return 0;
    }
    let i = text.ceil_char_boundary(i);
    text[i..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(i, |(j, c)| i + j + c.len_utf8())
}

/// The end of the word at byte `i` (a char boundary, before whitespace).
fn word_end(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    let i = text.floor_char_boundary(i);
    text[..i].rfind(char::is_whitespace).unwrap_or(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn m(surfaces: &[&str], stems: &[&str]) -> Matcher {
        Matcher::new(
            surfaces.iter().map(|s| (*s).to_string()).collect(),
            stems.iter().map(|s| (*s).to_string()).collect(),
            analysis::plain(),
        )
    }

    fn marked(spans: &[Span]) -> Vec<&str> {
        spans.iter().filter(|s| s.mark).map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn marks_words_as_written_by_stem_or_as_typed() {
        let s = m(&["oceans"], &["ocean"])
            .snippet("The Oceans rise; ocean data.", 180)
            .expect("match");
        assert_eq!(marked(&s), ["Oceans", "ocean"]);
        let joined: String = s.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(joined, "The Oceans rise; ocean data.");
    }

    #[test]
    fn accents_fold_before_matching() {
        let s = m(&[], &["donne"]).snippet("Des données ouvertes.", 180).expect("match");
        assert_eq!(marked(&s), ["données"]);
    }

    #[test]
    fn the_window_goes_where_the_matches_are() {
        let text = format!("{} flood maps flood {}", "word ".repeat(100), "tail ".repeat(100));
        let s = m(&["flood"], &["flood"]).snippet(&text, 60).expect("match");
        assert_eq!(marked(&s), ["flood", "flood"]);
        assert!(s.first().is_some_and(|x| x.text == "… "));
        let len: usize = s.iter().map(|x| x.text.len()).sum();
        assert!(len <= 70, "{len}");
    }

    #[test]
    fn no_match_is_none_and_short_stems_do_not_mark_everything() {
        assert!(m(&["zebra"], &["zebra"]).snippet("No such animal here.", 180).is_none());
        assert!(m(&[], &["a"]).snippet("a an and any", 180).is_none());
    }

    #[test]
    fn wide_spaces_are_word_boundaries_too() {
        let text = "mot\u{a0}".repeat(200) + "flood" + &"\u{3000}mot".repeat(200);
        let s = m(&["flood"], &[]).snippet(&text, 60).expect("match");
        assert_eq!(marked(&s), ["flood"]);
    }

    #[test]
    fn multibyte_text_is_cut_at_char_boundaries() {
        let text = "é".repeat(300) + " البحث " + &"ü".repeat(300);
        let s = m(&["البحث"], &[]).snippet(&text, 100).expect("match");
        assert_eq!(marked(&s), ["البحث"]);
    }
}
