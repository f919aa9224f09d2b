//! Diagnostics: one problem in one file, located by line, column and field,
//! printed the way a compiler prints errors.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the site's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The field the problem is in, as a path: `image.alt`, `blocks[2].href`.
    pub field: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What was expected there.
    pub expected: Option<String>,
    /// What was found instead.
    pub found: Option<String>,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// The source line the problem is on, for display.
    pub snippet: Option<String>,
    /// How many characters of `snippet` to underline from `column`.
    pub width: usize,
}

impl Diagnostic {
    /// A diagnostic for a whole file (no meaningful position).
    pub fn file_level(file: &Path, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
            field: None,
            message: message.into(),
            expected: None,
            found: None,
            help: None,
            snippet: None,
            width: 0,
        }
    }

    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    #[must_use]
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
    #[must_use]
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, the part editors and terminals make clickable.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", display_path(&self.file), self.line, self.column)
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (field `{field}`)")?;
        }
        writeln!(f)?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, " {pad} |")?;
            writeln!(f, " {number} | {snippet}")?;
            let lead: String = snippet
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, " {pad} | {lead}{}", "^".repeat(self.width.max(1)))?;
        }
        if let Some(expected) = &self.expected {
            writeln!(f, "   = expected: {expected}")?;
        }
        if let Some(found) = &self.found {
            writeln!(f, "   = found: {found}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass over a site, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    pub(crate) fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// A file's text with the positions of its line starts, to turn byte offsets
/// into line and column.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line + 1, column)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).map_or(self.text.len(), |e| *e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic at a 1-based line and character column (from a parser
    /// that reports positions, not byte offsets).
    pub fn at_line(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let line = line.clamp(1, self.line_starts.len());
        Diagnostic {
            file: self.path.clone(),
            line,
            column: column.max(1),
            field: None,
            message: message.into(),
            expected: None,
            found: None,
            help: None,
            snippet: Some(self.line_text(line).to_string()),
            width: 1,
        }
    }

    /// A diagnostic pointing at `span` (byte offsets into the file).
    pub fn at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        let snippet = self.line_text(line).to_string();
        let end = span.end.min(self.line_starts.get(line).map_or(self.text.len(), |e| *e));
        let width = self
            .text
            .get(span.start..end)
            .map_or(1, |s| s.trim_end_matches(['\n', '\r']).chars().count());
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            field: None,
            message: message.into(),
            expected: None,
            found: None,
            help: None,
            snippet: Some(snippet),
            width,
        }
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be
/// what was meant.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.md".into(), "ab\nçé = 1\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "çé " is 5 bytes; `=` is the 4th character.
        assert_eq!(f.line_col(3 + 5), (2, 4));
    }

    #[test]
    fn suggestions_are_close_names_only() {
        let fields = ["title", "summary", "slug", "date"];
        assert_eq!(did_you_mean("sumary", fields), Some("summary"));
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}
