//! Snippets: the passage of a page that best matches the query, with the
//! matching words marked. Written here rather than taken from the engine
//! because the engine stems every word of every passage shown, which cost
//! more than the search itself; here a word of the page matches when,
//! folded like the index's words, it is a query word as typed or starts
//! with a query word's stem (`oceans` for `ocean`, `données` for `donne`).

use tantivy::tokenizer::{TextAnalyzer, TokenStream as _};

use crate::types::Span;

/// One query word as the page may show it: as typed, or by its stem (its
/// likely typo fixes are forms of the same word).
pub(crate) struct Forms {
    /// Folded, as typed.
    pub surfaces: Vec<String>,
    /// Stems.
    pub stems: Vec<String>,
}

/// What marks a word of the page as matching.
pub(crate) struct Matcher {
    /// Per query word (at most 64: one bit each), its forms.
    words: Vec<Forms>,
    plain: TextAnalyzer,
}

impl Matcher {
    pub fn new(words: Vec<Forms>, plain: TextAnalyzer) -> Matcher {
        Matcher {
            words: words
                .into_iter()
                .take(64)
                .map(|f| Forms {
                    surfaces: f.surfaces,
                    // A stem of one or two letters would mark half the words.
                    stems: f.stems.into_iter().filter(|s| s.chars().count() >= 3).collect(),
                })
                .collect(),
            plain,
        }
    }

    /// Which query words `word` is a form of, as bits.
    fn matches(&self, word: &str) -> u64 {
        let mut bits = 0;
        for (i, f) in self.words.iter().enumerate() {
            if f.surfaces.iter().any(|s| s == word)
                || f.stems
                    .iter()
                    .any(|s| word.starts_with(s.as_str()) && word.len() <= s.len() + 6)
            {
                bits |= 1 << i;
            }
        }
        bits
    }

    /// The window of about `max` bytes of `text` that shows the most query
    /// words, then the most matches, as spans; `None` when no word matches.
    /// The text is read only until a window shows every query word.
    pub fn snippet(&self, text: &str, max: usize) -> Option<Vec<Span>> {
        let all: u64 = if self.words.len() >= 64 {
            u64::MAX
        } else {
            (1 << self.words.len()) - 1
        };
        // The window starts a little before its first match.
        let lead = max / 6;
        let reach = max - lead;
        let mut plain = self.plain.clone();
        let mut stream = plain.token_stream(text);
        // (from, to, words) of each matching word of the page.
        let mut hits: Vec<(usize, usize, u64)> = Vec::new();
        // Best window: (first hit, words shown, matches).
        let mut best: Option<(usize, u32, usize)> = None;
        let mut first = 0;
        // Once a window shows every word: the end of that window.
        let mut stop = usize::MAX;
        while stream.advance() {
            let t = stream.token();
            if t.offset_from > stop {
                break;
            }
            let bits = self.matches(&t.text);
            if bits == 0 {
                continue;
            }
            hits.push((t.offset_from, t.offset_to, bits));
            // The window of the earliest first match that still reaches
            // this one; windows from earlier matches are complete.
            let to = t.offset_to;
            while hits[first].0 + reach < to {
                consider(&hits, first, reach, &mut best);
                first += 1;
            }
            if stop == usize::MAX && hits[first..].iter().fold(0, |m, h| m | h.2) == all {
                stop = hits[first].0 + max;
            }
        }
        for i in first..hits.len() {
            consider(&hits, i, reach, &mut best);
        }
        let (best, _, _) = best?;
        let start = word_start(text, hits[best].0.saturating_sub(lead));
        let end = word_end(text, (start + max).min(text.len()));
        let mut spans = Vec::new();
        let mut at = start;
        for &(from, to, _) in &hits[best..] {
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

/// Keeps the window starting at match `i` when it shows more query words
/// (then more matches) than `best`; the first such on a tie.
fn consider(hits: &[(usize, usize, u64)], i: usize, reach: usize, best: &mut Option<(usize, u32, usize)>) {
    let from = hits[i].0;
    let (words, count) = hits[i..]
        .iter()
        .take_while(|h| h.1 <= from + reach)
        .fold((0u64, 0usize), |(m, n), h| (m | h.2, n + 1));
    let score = (words.count_ones(), count);
    if best.is_none_or(|(_, w, n)| score > (w, n)) {
        *best = Some((i, score.0, score.1));
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

    /// One query word per surface, stem pair (`""` for none).
    fn m(surfaces: &[&str], stems: &[&str]) -> Matcher {
        let n = surfaces.len().max(stems.len());
        let words = (0..n)
            .map(|i| Forms {
                surfaces: surfaces.get(i).map(|s| (*s).to_string()).into_iter().collect(),
                stems: stems.get(i).map(|s| (*s).to_string()).into_iter().collect(),
            })
            .collect();
        Matcher::new(words, analysis::plain())
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
    fn a_window_showing_every_query_word_beats_one_with_more_matches() {
        let text = format!(
            "{} {} flood maps {}",
            "flood ".repeat(6),
            "word ".repeat(100),
            "tail ".repeat(100)
        );
        let s = m(&["flood", "maps"], &["flood", "map"])
            .snippet(&text, 60)
            .expect("match");
        assert_eq!(marked(&s), ["flood", "maps"]);
        // Both words in the text but never within one window: the most
        // matches win.
        let apart = format!("maps {} {}", "word ".repeat(100), "flood ".repeat(3));
        let s = m(&["flood", "maps"], &["flood", "map"])
            .snippet(&apart, 60)
            .expect("match");
        assert_eq!(marked(&s), ["flood", "flood", "flood"]);
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
