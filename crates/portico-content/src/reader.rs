//! Reading typed fields out of spanned TOML while collecting every problem.
//!
//! serde's derive stops at the first error and forgets where fields were;
//! editors need every problem at once, each with line, column and field. So
//! we parse with `toml::de::DeTable` (which keeps the span of every key and
//! value) and read fields through [`Table`], which records each problem in a
//! shared list and carries on. Fields never asked for are reported as unknown,
//! with the closest known name as a suggestion.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, SourceFile, did_you_mean};

/// A source file plus the problems found in it so far.
pub(crate) struct Ctx<'f> {
    pub file: &'f SourceFile,
    /// Byte offset of the parsed TOML inside the file (front matter starts
    /// after the opening `+++`).
    pub base: usize,
    pub diags: RefCell<Vec<Diagnostic>>,
    /// The TOML had syntax errors and was recovered as far as possible:
    /// fields may be missing because of them, so don't report those.
    recovered: Cell<bool>,
    /// Where the syntax errors are: values there are already reported.
    broken: RefCell<Vec<Range<usize>>>,
}

impl<'f> Ctx<'f> {
    pub fn new(file: &'f SourceFile, base: usize) -> Self {
        Self {
            file,
            base,
            diags: RefCell::new(Vec::new()),
            recovered: Cell::new(false),
            broken: RefCell::new(Vec::new()),
        }
    }

    pub fn span(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.file.at(self.span(span), message)
    }

    pub fn push(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    pub fn into_diags(self) -> Vec<Diagnostic> {
        self.diags.into_inner()
    }

    /// Parses a TOML document. Syntax errors become diagnostics and the
    /// document is recovered as far as possible, so the fields after an
    /// error are still checked.
    pub fn parse<'i>(&self, toml_text: &'i str) -> Spanned<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(toml_text);
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            let mut d = self.at(span.clone(), format!("this is not valid TOML: {msg}"));
            // `date = 2025-06-31`: the error is in that field's value.
            if let Some(key) = key_of_line(toml_text, span.start) {
                d = d.field(key);
            }
            self.push(d);
            self.broken.borrow_mut().push(span);
        }
        self.recovered.set(!errors.is_empty());
        table
    }
}

/// The key of the line holding byte `offset` when that line has the form
/// `key = value`: the key as written (dotted or quoted), trimmed. `None` for
/// any other line (a table header, a comment, an array's continuation).
fn key_of_line(text: &str, offset: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| offset + i);
    let line = &text[start..end];
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '=' => {
                    let key = line[..i].trim();
                    return (!key.is_empty()).then_some(key);
                }
                c if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '\t') => {}
                _ => return None,
            },
        }
    }
    None
}

/// A value with the byte span it came from (relative to the TOML text).
#[derive(Debug, Clone)]
pub(crate) struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A TOML table being read field by field.
pub(crate) struct Table<'c, 'f, 'i> {
    pub ctx: &'c Ctx<'f>,
    table: &'c DeTable<'i>,
    /// Span of the whole table, for "missing field" errors.
    span: Range<usize>,
    /// Field path prefix, e.g. `blocks[2].`.
    prefix: String,
    /// What this table is, for messages: "a story", "a hero block".
    what: String,
    known: Vec<&'static str>,
    ignore_all: bool,
}

pub(crate) fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => {
            let s: String = s.chars().take(40).collect();
            format!("the string {s:?}")
        }
        DeValue::Integer(i) => format!("the integer {}", i.as_str()),
        DeValue::Float(x) => format!("the number {}", x.as_str()),
        DeValue::Boolean(b) => format!("the boolean {b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

impl<'c, 'f, 'i> Table<'c, 'f, 'i> {
    pub fn new(ctx: &'c Ctx<'f>, table: &'c Spanned<DeTable<'i>>, what: impl Into<String>) -> Self {
        Self {
            ctx,
            table: table.get_ref(),
            span: table.span(),
            prefix: String::new(),
            what: what.into(),
            known: Vec::new(),
            ignore_all: false,
        }
    }

    pub fn with_prefix(
        ctx: &'c Ctx<'f>,
        table: &'c Spanned<DeTable<'i>>,
        what: impl Into<String>,
        prefix: String,
    ) -> Self {
        let mut t = Self::new(ctx, table, what);
        t.prefix = prefix;
        t
    }

    fn nested(&self, table: &'c DeTable<'i>, span: Range<usize>, prefix: String, what: String) -> Self {
        Self {
            ctx: self.ctx,
            table,
            span,
            prefix,
            what,
            known: Vec::new(),
            ignore_all: false,
        }
    }

    pub fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn set_what(&mut self, what: String) {
        self.what = what;
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    /// Takes these field names as known: a field of the table not among
    /// them (or asked for) is reported as unknown.
    pub fn declare(&mut self, names: impl Iterator<Item = &'static str>) {
        self.known.extend(names);
    }

    /// Whether the field is present (marks it as known).
    pub fn has(&mut self, name: &'static str) -> bool {
        self.known.push(name);
        self.table.get(name).is_some()
    }

    fn get(&mut self, name: &'static str) -> Option<&'c Spanned<DeValue<'i>>> {
        self.known.push(name);
        let v = self.table.get(name)?;
        let span = v.span();
        let broken = self
            .ctx
            .broken
            .borrow()
            .iter()
            .any(|b| b.start < span.end.max(span.start + 1) && span.start < b.end.max(b.start + 1));
        if broken { None } else { Some(v) }
    }

    pub fn key_span(&self, name: &str) -> Range<usize> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == name)
            .map_or(self.span.clone(), |(k, _)| k.span())
    }

    /// Reports a problem with a field's value.
    pub fn error(&self, name: &str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.ctx.at(span, message).field(self.path(name))
    }

    fn wrong_type(&self, name: &str, v: &Spanned<DeValue<'i>>, expected: &str) {
        self.ctx.push(
            self.error(name, v.span(), format!("`{}` has the wrong type", self.path(name)))
                .expected(expected.to_string())
                .found(describe(v.get_ref())),
        );
    }

    pub fn missing(&self, name: &str, expected: &str) {
        if self.ctx.recovered.get() {
            return;
        }
        let span = self.span.start..self.span.start;
        self.ctx.push(
            self.ctx
                .at(span, format!("{} needs the field `{}`", self.what, self.path(name)))
                .field(self.path(name))
                .expected(expected.to_string())
                .found("nothing"),
        );
    }

    pub fn str(&mut self, name: &'static str) -> Option<At<String>> {
        let v = self.get(name)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: v.span(),
            }),
            _ => {
                self.wrong_type(name, v, "a string");
                None
            }
        }
    }

    pub fn req_str(&mut self, name: &'static str) -> Option<At<String>> {
        let present = self.table.contains_key(name);
        let v = self.str(name);
        if !present {
            self.missing(name, "a string");
        } else if let Some(s) = &v
            && s.value.trim().is_empty()
        {
            self.ctx.push(
                self.error(name, s.span.clone(), format!("`{}` is empty", self.path(name)))
                    .expected("some text"),
            );
            return None;
        }
        v
    }

    pub fn bool(&mut self, name: &'static str) -> Option<bool> {
        let v = self.get(name)?;
        if let DeValue::Boolean(b) = v.get_ref() {
            Some(*b)
        } else {
            self.wrong_type(name, v, "true or false");
            None
        }
    }

    pub fn int(&mut self, name: &'static str) -> Option<At<i64>> {
        let v = self.get(name)?;
        if let DeValue::Integer(i) = v.get_ref() {
            match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(At {
                    value: n,
                    span: v.span(),
                }),
                Err(_) => {
                    self.wrong_type(name, v, "an integer that fits in 64 bits");
                    None
                }
            }
        } else {
            self.wrong_type(name, v, "an integer");
            None
        }
    }

    /// A number, integer or float.
    pub fn number(&mut self, name: &'static str) -> Option<At<f64>> {
        let v = self.get(name)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(x) => x.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if n.is_finite() => Some(At {
                value: n,
                span: v.span(),
            }),
            _ => {
                self.wrong_type(name, v, "a number");
                None
            }
        }
    }

    /// A date or date-time: TOML's own (`2026-03-14`) or a string holding one.
    /// Returns the text, parsed later by the caller's rules.
    pub fn datetime_text(&mut self, name: &'static str) -> Option<At<String>> {
        let v = self.get(name)?;
        match v.get_ref() {
            DeValue::Datetime(d) => Some(At {
                value: d.to_string(),
                span: v.span(),
            }),
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: v.span(),
            }),
            _ => {
                self.wrong_type(name, v, "a date like 2026-03-14");
                None
            }
        }
    }

    pub fn strings(&mut self, name: &'static str) -> Vec<At<String>> {
        let Some(v) = self.get(name) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(name, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => out.push(At {
                    value: s.to_string(),
                    span: item.span(),
                }),
                other => self.ctx.push(
                    self.error(
                        &format!("{name}[{i}]"),
                        item.span(),
                        format!("`{}[{i}]` has the wrong type", self.path(name)),
                    )
                    .expected("a string")
                    .found(describe(other)),
                ),
            }
        }
        out
    }

    /// A nested table, read by `f`.
    pub fn table<T>(
        &mut self,
        name: &'static str,
        what: &str,
        f: impl FnOnce(&mut Table<'c, 'f, 'i>) -> Option<T>,
    ) -> Option<T> {
        let v = self.get(name)?;
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(name, v, &format!("a table ({what})"));
            return None;
        };
        let mut nested = self.nested(t, v.span(), format!("{}.", self.path(name)), what.to_string());
        let out = f(&mut nested);
        nested.finish();
        out
    }

    /// An array of tables (`[[blocks]]`), each read by `f`.
    pub fn tables<T>(
        &mut self,
        name: &'static str,
        what: &str,
        mut f: impl FnMut(&mut Table<'c, 'f, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.get(name) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(name, v, &format!("an array of tables ({what})"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                self.ctx.push(
                    self.error(
                        name,
                        item.span(),
                        format!("`{}[{i}]` has the wrong type", self.path(name)),
                    )
                    .expected(format!("a table ({what})"))
                    .found(describe(item.get_ref())),
                );
                continue;
            };
            let mut nested = self.nested(t, item.span(), format!("{}[{i}].", self.path(name)), what.to_string());
            if let Some(x) = f(&mut nested) {
                out.push(x);
            }
            nested.finish();
        }
        out
    }

    /// A string or a table of strings keyed by locale: `"Careers"` or
    /// `{ en = "Careers", fr = "Carrières" }`.
    pub fn localized(&mut self, name: &'static str) -> Option<At<Vec<(String, String)>>> {
        let v = self.get(name)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At {
                value: vec![(String::new(), s.to_string())],
                span: v.span(),
            }),
            DeValue::Table(t) => {
                let mut out = Vec::new();
                for (k, val) in t {
                    match val.get_ref() {
                        DeValue::String(s) => out.push((k.get_ref().to_string(), s.to_string())),
                        other => self.ctx.push(
                            self.error(
                                name,
                                val.span(),
                                format!("`{}.{}` has the wrong type", self.path(name), k.get_ref()),
                            )
                            .expected("a string")
                            .found(describe(other)),
                        ),
                    }
                }
                Some(At {
                    value: out,
                    span: v.span(),
                })
            }
            _ => {
                self.wrong_type(name, v, "a string, or a table of strings by locale");
                None
            }
        }
    }

    /// Treats every field as known: used when the table is already reported
    /// as a whole (an unknown block type), so its fields add no noise.
    pub fn ignore_rest(&mut self) {
        self.ignore_all = true;
    }

    /// Reports every field nobody asked for.
    pub fn finish(self) {
        if self.ignore_all {
            return;
        }
        for (k, v) in self.table {
            let name = k.get_ref().as_ref();
            if self.known.contains(&name) {
                continue;
            }
            let mut d = self
                .ctx
                .at(
                    k.span(),
                    format!("unknown field `{}` in {}", self.path(name), self.what),
                )
                .field(self.path(name))
                .found(describe(v.get_ref()));
            if let Some(s) = did_you_mean(name, self.known.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            } else {
                let mut names: Vec<&str> = self.known.clone();
                names.sort_unstable();
                names.dedup();
                d = d.expected(format!(
                    "one of {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            self.ctx.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diagnostics of parsing `toml` as a file's front matter.
    fn parse(toml: &str) -> Vec<Diagnostic> {
        let file = SourceFile::new("content/en/about.md".into(), toml.to_string());
        let ctx = Ctx::new(&file, 0);
        let _ = ctx.parse(&file.text);
        ctx.into_diags()
    }

    #[test]
    fn a_syntax_error_in_a_value_names_its_field() {
        let d = parse("title = \"About\"\ndate = 2025-06-31\nsummary = \"Who we are.\"\n");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!((d[0].line, d[0].column), (2, 8));
        assert_eq!(d[0].field.as_deref(), Some("date"));
        assert!(d[0].message.starts_with("this is not valid TOML"), "{}", d[0]);
        assert!(d[0].to_string().contains("(field `date`)"), "{}", d[0]);
    }

    #[test]
    fn dotted_and_quoted_keys_are_named_as_written() {
        let d = parse("image . alt = 2025-13-01\n");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].field.as_deref(), Some("image . alt"));
        let d = parse("labels.\"a = b\" = 2025-13-01\n");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].field.as_deref(), Some("labels.\"a = b\""));
    }

    #[test]
    fn a_syntax_error_off_a_key_line_names_no_field() {
        // An array's continuation line, then a broken table header.
        let d = parse("tags = [\n  2025-13-01,\n]\n[[blocks]\n");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d.iter().all(|d| d.field.is_none()), "{d:#?}");
    }
}
