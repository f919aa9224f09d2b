//! Words a query can do without, per language: the stop words (articles,
//! prepositions, pronouns, auxiliaries) and, among them, the question
//! words that make a query a question ("how many", "combien", "كم").
//!
//! A stop word is dropped from a query when other words remain (see
//! `query.rs`): "how many employees" looks for "employees" alone, and
//! being a question it favours the pages that are a single figure. Quoted
//! phrases keep every word, and the index keeps every word too: the lists
//! only change queries and the "name" keys of a page's title.
//!
//! The lists are short on purpose: only words that never decide what a
//! query is about. They are written as people type them; each is
//! normalized like the index's words (lower case, accents and Arabic
//! letter variants folded) before use. A language without a list drops
//! nothing.

/// The stop words and question words of the language of `locale` (by its
/// primary subtag), as written.
pub(crate) fn lists(locale: &str) -> (&'static [&'static str], &'static [&'static str]) {
    let primary = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "en" => (EN_STOP, EN_QUESTION),
        "fr" => (FR_STOP, FR_QUESTION),
        "ar" => (AR_STOP, AR_QUESTION),
        "es" => (ES_STOP, ES_QUESTION),
        "de" => (DE_STOP, DE_QUESTION),
        _ => (&[], &[]),
    }
}

/// Question words are stop words too; they are listed only here.
const EN_QUESTION: &[&str] = &[
    "how", "what", "when", "where", "who", "whom", "whose", "which", "why", "many", "much", "number",
];
const EN_STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "as",
    "is", "are", "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "i", "me", "my", "you",
    "your", "we", "us", "our", "it", "its", "this", "that", "these", "those", "here", "there", "their", "they", "he",
    "she", "his", "her", "can", "could", "should", "would", "will", "please", "find", "get", "tell", "show", "s",
];

const FR_QUESTION: &[&str] = &[
    "combien", "comment", "quel", "quelle", "quels", "quelles", "qui", "quoi", "quand", "pourquoi", "lequel",
    "laquelle", "nombre",
];
const FR_STOP: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "au", "aux", "à", "a", "et", "ou", "où", "en", "dans",
    "sur", "pour", "par", "avec", "chez", "est", "sont", "était", "c", "ce", "cet", "cette", "ces", "ça", "il", "elle",
    "ils", "elles", "on", "je", "j", "tu", "nous", "vous", "me", "m", "te", "t", "se", "s", "y", "n", "ne", "mon",
    "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "qu", "que",
    "ici", "trouver",
];

/// `من` ("who", but also "from") is a stop word, not a question word.
const AR_QUESTION: &[&str] = &["ما", "ماذا", "متى", "أين", "كيف", "لماذا", "هل", "كم", "عدد", "أي"];
const AR_STOP: &[&str] = &[
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "مع",
    "و",
    "أو",
    "أن",
    "إن",
    "هو",
    "هي",
    "هم",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "كان",
    "كانت",
    "قد",
    "ثم",
    "بين",
    "حول",
    "عند",
    "لدى",
    "كل",
    "يوجد",
    "هناك",
];

const ES_QUESTION: &[&str] = &[
    "cuántos", "cuántas", "cuánto", "cuánta", "cómo", "qué", "cuál", "cuáles", "quién", "quiénes", "cuándo", "dónde",
    "número",
];
const ES_STOP: &[&str] = &[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "y", "o", "en", "con", "por",
    "para", "sobre", "es", "son", "está", "están", "hay", "se", "su", "sus", "nuestro", "nuestra", "nuestros",
    "nuestras", "mi", "tu", "que", "lo",
];

const DE_QUESTION: &[&str] = &[
    "wie", "viele", "wieviele", "was", "wann", "wo", "wer", "wen", "wem", "welche", "welcher", "welches", "warum",
    "anzahl",
];
const DE_STOP: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder", "von", "zu",
    "zum", "zur", "im", "in", "am", "an", "auf", "für", "mit", "bei", "aus", "ist", "sind", "war", "gibt", "es", "ich",
    "wir", "unser", "unsere", "sie", "ihr", "ihre",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_decides_not_the_region() {
        assert_eq!(lists("en-GB").0, lists("en").0);
        assert!(lists("fr_CA").1.contains(&"combien"));
        assert!(lists("xx").0.is_empty());
    }

    #[test]
    fn no_word_is_listed_twice_or_as_both_kinds() {
        for locale in ["en", "fr", "ar", "es", "de"] {
            let (stop, question) = lists(locale);
            let mut all: Vec<&str> = stop.iter().chain(question).copied().collect();
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n, "{locale}");
        }
    }
}
