#![doc = include_str!("../README.md")]

/// Whether `c` may appear in an XML 1.0 document at all
/// (`#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`).
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether an HTML document may hold `c` as text: not a control character
/// other than tab, line feed, form feed and carriage return, and not a
/// noncharacter.
fn html_allows(c: char) -> bool {
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r');
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32) & 0xFFFE == 0xFFFE;
    !control && !noncharacter
}

/// XML.
pub mod xml {
    /// Appends `text` to `out`, escaped for XML character data or a quoted
    /// attribute value; characters XML 1.0 does not allow are dropped.
    pub fn escape_into(out: &mut String, text: &str) {
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                // A literal CR would be normalized away by the parser.
                '\r' => out.push_str("&#13;"),
                c if super::xml_allows(c) => out.push(c),
                _ => {}
            }
        }
    }

    /// `text` escaped as by [`escape_into`].
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        escape_into(&mut out, text);
        out
    }
}

/// HTML.
pub mod html {
    /// The escaped form of `c`, if it needs one.
    fn entity(c: char) -> Option<&'static str> {
        Some(match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => return None,
        })
    }

    /// Appends `text` to `out`, escaped for HTML text or a quoted attribute
    /// value; control characters HTML does not allow are dropped.
    pub fn escape_into(out: &mut String, text: &str) {
        for c in text.chars() {
            match entity(c) {
                Some(e) => out.push_str(e),
                None if super::html_allows(c) => out.push(c),
                None => {}
            }
        }
    }

    /// `text` escaped as by [`escape_into`].
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        escape_into(&mut out, text);
        out
    }

    /// Writes `text` escaped to `out` in as few writes as there are
    /// characters to escape (for a formatter writing straight into its
    /// output).
    pub fn write_escaped(out: &mut dyn std::fmt::Write, text: &str) -> std::fmt::Result {
        let mut last = 0;
        for (i, c) in text.char_indices() {
            let replacement = match entity(c) {
                Some(e) => e,
                None if super::html_allows(c) => continue,
                None => "",
            };
            out.write_str(&text[last..i])?;
            out.write_str(replacement)?;
            last = i + c.len_utf8();
        }
        out.write_str(&text[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWKWARD: &str = "a<b & \"c\" 'd'>\u{1}\u{b}é\r\n\t\u{fffe}";

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml::escape(AWKWARD),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;é&#13;\n\t"
        );
    }

    #[test]
    fn html_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            html::escape(AWKWARD),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;é\r\n\t"
        );
        let mut written = String::new();
        html::write_escaped(&mut written, AWKWARD).expect("a string");
        assert_eq!(written, html::escape(AWKWARD));
        assert_eq!(html::escape("plain ünïcode, 漢字"), "plain ünïcode, 漢字");
    }
}
