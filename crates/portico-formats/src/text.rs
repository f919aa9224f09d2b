//! Small text helpers shared by the formats.

/// Escapes `s` for XML text or a double-quoted attribute, dropping the
/// characters XML 1.0 does not allow (the one XML escaper, `portico-markup`'s).
pub(crate) use portico_markup::xml::escape as xml_escape;

/// Folds Latin letters with diacritics to ASCII ("Ångström" -> "Angstrom",
/// "Straße" -> "Strasse"); other non-ASCII characters are dropped.
pub(crate) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let folded = match c {
            'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
            'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
            'Æ' => "AE",
            'æ' => "ae",
            'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'Ð' | 'Ď' | 'Đ' => "D",
            'ð' | 'ď' | 'đ' => "d",
            'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
            'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
            'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'Ĥ' | 'Ħ' => "H",
            'ĥ' | 'ħ' => "h",
            'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
            'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
            'Ĵ' => "J",
            'ĵ' => "j",
            'Ķ' => "K",
            'ķ' => "k",
            'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
            'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'Œ' => "OE",
            'œ' => "oe",
            'Ŕ' | 'Ŗ' | 'Ř' => "R",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
            'ß' => "ss",
            'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
            'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
            'Þ' => "TH",
            'þ' => "th",
            'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
            'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'Ŵ' => "W",
            'ŵ' => "w",
            'Ý' | 'Ŷ' | 'Ÿ' => "Y",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'Ź' | 'Ż' | 'Ž' => "Z",
            'ź' | 'ż' | 'ž' => "z",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_drops_forbidden_characters() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'\u{0}\u{1b}\u{FFFE}é"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;é"
        );
    }

    #[test]
    fn ascii_fold_latin() {
        assert_eq!(ascii_fold("Zoë Ångström"), "Zoe Angstrom");
        assert_eq!(ascii_fold("Łódź Straße Ørsted"), "Lodz Strasse Orsted");
        assert_eq!(ascii_fold("عربي"), "");
    }
}
