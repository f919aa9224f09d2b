//! Text analysis: how text becomes index terms, per language.
//!
//! Every locale shares one tokenizer ([`WordTokenizer`]), which also
//! normalizes: lower case, combining marks removed (so an Arabic word with
//! or without its short vowels, or a Latin letter written as base plus
//! accent, is one term) and the Arabic letters that are written several
//! ways folded to one (alef forms, alef maqsura, teh marbuta, tatweel).
//! After it, a Snowball stemmer for the locale's language when there is
//! one. ASCII folding (`é` → `e`) comes first, so a query typed without
//! accents is stemmed exactly like the accented text.

use std::collections::{HashMap, HashSet};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The tokenizer name of the stemmed analyzer (title, body, …).
pub const STEMMED: &str = "portico_stemmed";
/// The tokenizer name of the unstemmed analyzer (the spelling vocabulary).
pub const PLAIN: &str = "portico_plain";
/// The tokenizer name of the spelling field: [`plain`] words, each once per
/// text (the field records only which documents have a word, so a repeat
/// would change nothing but cost a lookup in the indexer).
pub const SPELL: &str = "portico_spell";

/// Terms longer than this many bytes are dropped (base64, hashes).
const MAX_TERM_BYTES: usize = 48;

/// The Snowball language for a BCP 47 tag, by its primary subtag.
pub fn language(locale: &str) -> Option<Language> {
    let primary = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => Language::Arabic,
        "da" => Language::Danish,
        "nl" => Language::Dutch,
        "en" => Language::English,
        "fi" => Language::Finnish,
        "fr" => Language::French,
        "de" => Language::German,
        "el" => Language::Greek,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "nb" | "nn" | "no" => Language::Norwegian,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    })
}

/// The analyzer for `locale`'s indexed text: normalize, fold, stem.
pub fn stemmed(locale: &str) -> TextAnalyzer {
    let base = TextAnalyzer::builder(WordTokenizer::default()).filter(RemoveLongFilter::limit(MAX_TERM_BYTES));
    match language(locale) {
        Some(lang) => base.filter(AsciiFoldingFilter).filter(CachedStemmer::new(lang)).build(),
        None => base.filter(AsciiFoldingFilter).build(),
    }
}

/// The analyzer for whole words as people type them (no stemming), from
/// which spelling corrections and completions are drawn.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer of the spelling field: [`plain`], each word once per text.
pub fn spell() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .filter(AsciiFoldingFilter)
        .filter(Distinct)
        .build()
}

/// Drops a token whose text already came earlier in the same text.
#[derive(Clone, Copy)]
pub struct Distinct;

impl TokenFilter for Distinct {
    type Tokenizer<T: Tokenizer> = DistinctFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> DistinctFilter<T> {
        DistinctFilter {
            seen: HashSet::default(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct DistinctFilter<T> {
    /// Hashes of the words seen in the current text (64 bits: two words of
    /// one text sharing a hash is not a practical concern).
    seen: HashSet<u64, rustc_hash::FxBuildHasher>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DistinctFilter<T> {
    type TokenStream<'a> = DistinctStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.seen.clear();
        DistinctStream {
            tail: self.inner.token_stream(text),
            seen: &mut self.seen,
        }
    }
}

pub struct DistinctStream<'a, T> {
    tail: T,
    seen: &'a mut HashSet<u64, rustc_hash::FxBuildHasher>,
}

impl<T: TokenStream> TokenStream for DistinctStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let hash = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, self.tail.token().text.as_str());
            if self.seen.insert(hash) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Every token of `text` as `analyzer` makes it.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// The Snowball algorithm of a stemmer language.
fn algorithm(language: Language) -> frostem::Algorithm {
    use frostem::Algorithm as A;
    match language {
        Language::Arabic => A::Arabic,
        Language::Danish => A::Danish,
        Language::Dutch => A::Dutch,
        Language::English => A::English,
        Language::Finnish => A::Finnish,
        Language::French => A::French,
        Language::German => A::German,
        Language::Greek => A::Greek,
        Language::Hungarian => A::Hungarian,
        Language::Italian => A::Italian,
        Language::Norwegian => A::Norwegian,
        Language::Portuguese => A::Portuguese,
        Language::Romanian => A::Romanian,
        Language::Russian => A::Russian,
        Language::Spanish => A::Spanish,
        Language::Swedish => A::Swedish,
        Language::Tamil => A::Tamil,
        Language::Turkish => A::Turkish,
    }
}

/// Words stemmed once per analyzer are remembered up to this many; then the
/// memory starts over (a bound for sites with a vast vocabulary).
const STEM_CACHE_WORDS: usize = 200_000;

/// A Snowball stemmer that remembers each word's stem. A site's text draws
/// on a few tens of thousands of distinct words, each used many times, and
/// stemming was a fifth of the time of building the index; a lookup is a
/// hash of a short word. Each analyzer (one per indexing thread) has its
/// own memory, so no lock is taken.
#[derive(Clone)]
pub struct CachedStemmer {
    stemmer: frostem::Stemmer,
}

impl CachedStemmer {
    pub fn new(language: Language) -> Self {
        Self {
            stemmer: frostem::Stemmer::new(algorithm(language)),
        }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            stemmer: self.stemmer,
            stems: HashMap::default(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    stemmer: frostem::Stemmer,
    stems: HashMap<Box<str>, Box<str>, rustc_hash::FxBuildHasher>,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    stems: &'a mut HashMap<Box<str>, Box<str>, rustc_hash::FxBuildHasher>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        if self.stems.len() >= STEM_CACHE_WORDS {
            self.stems.clear();
        }
        self.stems.insert(token.text.as_str().into(), stem.clone());
        token.text.clear();
        token.text.push_str(&stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Combining marks and joiners: part of a word, never a separator, and
/// dropped from the term.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' // combining diacritical marks
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}' // Hebrew points
        | '\u{0610}'..='\u{061A}' // Arabic signs
        | '\u{0640}' // tatweel
        | '\u{064B}'..='\u{065F}' // Arabic harakat
        | '\u{0670}' // superscript alef
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}' // zero-width (non-)joiner
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Letters written several ways that readers treat as one.
fn fold_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        _ => c,
    }
}

/// Splits on everything that is neither a letter, a digit nor a mark, and
/// normalizes each word (see the module documentation). Offsets are byte
/// offsets into the original text, so snippets highlight the words as
/// written.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordTokenStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            pos: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    /// Byte by byte for ASCII (most text of most sites), by `char` for the
    /// rest; the same words either way.
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        loop {
            let mut i = self.pos;
            let start = loop {
                let Some(&b) = bytes.get(i) else {
                    self.pos = bytes.len();
                    return false;
                };
                if b.is_ascii() {
                    if b.is_ascii_alphanumeric() {
                        break i;
                    }
                    i += 1;
                } else {
                    let Some(c) = self.text[i..].chars().next() else {
                        self.pos = bytes.len();
                        return false;
                    };
                    if c.is_alphanumeric() {
                        break i;
                    }
                    i += c.len_utf8();
                }
            };
            self.token.text.clear();
            let mut end = start;
            while let Some(&b) = bytes.get(end) {
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    self.token.text.push(char::from(b.to_ascii_lowercase()));
                    end += 1;
                } else {
                    let Some(c) = self.text[end..].chars().next() else {
                        break;
                    };
                    if is_mark(c) {
                        end += c.len_utf8();
                        continue;
                    }
                    if !c.is_alphanumeric() {
                        break;
                    }
                    for l in c.to_lowercase() {
                        self.token.text.push(fold_letter(l));
                    }
                    end += c.len_utf8();
                }
            }
            self.pos = end;
            if self.token.text.is_empty() {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, s: &str) -> Vec<String> {
        tokens(analyzer, s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_stems_and_folds() {
        let mut a = stemmed("en-GB");
        assert_eq!(texts(&mut a, "Oceans, modelling — Café"), ["ocean", "model", "cafe"]);
    }

    #[test]
    fn remembered_stems_equal_fresh_ones() {
        let text = "running runs ran runner running nations national nationalities runs running";
        let fresh = frostem::Stemmer::new(frostem::Algorithm::English);
        let want: Vec<String> = text.split(' ').map(|w| fresh.stem(w).into_owned()).collect();
        let mut a = stemmed("en");
        // The second pass reads every word from the analyzer's memory.
        assert_eq!(texts(&mut a, text), want);
        assert_eq!(texts(&mut a, text), want);
    }

    #[test]
    fn the_spelling_analyzer_gives_each_word_once_per_text() {
        let mut a = spell();
        let text = "Tide tide TIDE pools and tide-pools, and more pools";
        assert_eq!(texts(&mut a, text), ["tide", "pools", "and", "more"]);
        // The same words in the next text are new again.
        assert_eq!(texts(&mut a, "pools tide"), ["pools", "tide"]);
        // Nothing but repeats are dropped: the same set as the plain words.
        let plain: std::collections::BTreeSet<String> = texts(&mut plain(), text).into_iter().collect();
        let once: std::collections::BTreeSet<String> = texts(&mut a, text).into_iter().collect();
        assert_eq!(plain, once);
    }

    #[test]
    fn french_folds_accents_then_stems() {
        let mut a = stemmed("fr");
        assert_eq!(texts(&mut a, "océans"), texts(&mut a, "oceans"));
        assert_eq!(texts(&mut a, "données"), texts(&mut a, "donnée"));
    }

    #[test]
    fn arabic_marks_and_letter_forms_fold() {
        let mut a = plain();
        // With and without short vowels; alef with hamza vs bare alef.
        assert_eq!(texts(&mut a, "الْبَحْث"), ["البحث"]);
        assert_eq!(texts(&mut a, "أبحاث"), ["ابحاث"]);
        assert_eq!(texts(&mut a, "مدرسة"), ["مدرسه"]);
        // A mark never splits a word.
        assert_eq!(texts(&mut a, "كَتَبَ كِتَاب").len(), 2);
    }

    #[test]
    fn combining_accents_equal_precomposed() {
        let mut a = plain();
        assert_eq!(texts(&mut a, "e\u{301}te\u{301}"), texts(&mut a, "été"));
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let mut a = plain();
        let text = "« Les données » — ok";
        for t in tokens(&mut a, text) {
            let original = &text[t.offset_from..t.offset_to];
            assert!(!original.is_empty());
            assert!(original.chars().all(char::is_alphanumeric), "{original:?}");
        }
    }

    #[test]
    fn separators_only_give_no_token() {
        let mut a = stemmed("en");
        assert!(texts(&mut a, "\u{0}\u{301}*:()\"-— ").is_empty());
    }
}
