//! Reading declared fields: each field is read and checked by the shape its
//! declaration gives ([`crate::schema`]), with the problems today's editors
//! know (file, line, column, field, expected, found), and a required field
//! that is absent is reported as missing with what it expects.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime as Zoned};

use crate::decl::{Field, Group, IMAGE, Need, Shape};
use crate::model::{Image, Link, When};
use crate::reader::{At, Table};
use crate::refs::Refs;

/// A table of front matter (or a block, or a table inside one) being read
/// by its declaration.
pub(crate) struct Fields<'a, 'c, 'f, 'i> {
    pub t: &'a mut Table<'c, 'f, 'i>,
    pub refs: &'a mut Refs,
    declared: &'static [Field],
    /// Which declared fields were asked for (bit i: field i).
    asked: std::cell::Cell<u64>,
}

pub(crate) fn parse_when(s: &str) -> Result<When, String> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        let date = s
            .get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .unwrap_or_else(|| ts.to_zoned_datetime(TimeZone::UTC).date());
        return Ok(When { date, at: Some(ts) });
    }
    if s.len() > 10 && s.get(..10).is_some_and(|d| d.parse::<Date>().is_ok()) && s.as_bytes()[10] == b'T' {
        return Err("a date-time needs its offset: add `Z` (UTC) or `+02:00`".to_string());
    }
    s.parse::<Date>()
        .map(|date| When { date, at: None })
        .map_err(|e| e.to_string())
}

fn parse_zoned(s: &str, tz: &TimeZone) -> Result<Zoned, String> {
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    let dt: DateTime = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    dt.to_zoned_datetime(tz.clone()).map_err(|e| e.to_string())
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()))
}

/// A key as written (`@/people/x`) → the key (`people/x`).
pub(crate) fn key(text: &str) -> String {
    text.trim_start_matches("@/").trim_matches('/').to_string()
}

impl<'a, 'c, 'f, 'i> Fields<'a, 'c, 'f, 'i> {
    /// Reads `t` by the fields `declared`; any other field in it is
    /// reported as unknown when the table is finished.
    pub fn new(t: &'a mut Table<'c, 'f, 'i>, refs: &'a mut Refs, declared: &'static [Field]) -> Self {
        t.declare(declared.iter().map(|f| f.name));
        Fields {
            t,
            refs,
            declared,
            asked: std::cell::Cell::new(0),
        }
    }

    /// The declared fields nobody asked for: a declaration the parser does
    /// not follow (checked in debug builds after every type's fields).
    pub fn never_asked(&self) -> Vec<&'static str> {
        self.declared
            .iter()
            .enumerate()
            .filter(|(i, _)| self.asked.get() & (1 << i) == 0)
            .map(|(_, f)| f.name)
            .collect()
    }

    fn decl(&self, name: &str) -> &'static Field {
        match self.declared.iter().position(|f| f.name == name) {
            Some(i) => {
                self.asked.set(self.asked.get() | (1 << i));
                &self.declared[i]
            }
            None => panic!("the field `{name}` is read but not declared"),
        }
    }

    /// Whether the field is present.
    pub fn has(&mut self, name: &'static str) -> bool {
        self.t.has(name)
    }

    /// Whether an absent field `f` is a problem: it is required, or
    /// required unless another field is absent too.
    fn must_have(&mut self, f: &Field) -> bool {
        match f.need {
            Need::Required => true,
            Need::RequiredUnless(other) => !self.t.has(other),
            Need::Optional => false,
        }
    }

    /// Reports `name` missing when it is absent and must be there.
    fn check_present(&mut self, f: &'static Field) {
        let present = self.t.has(f.name);
        if !present && self.must_have(f) {
            self.t.missing(f.name, &f.expected_text());
        }
    }

    /// A text field, checked by its shape (a slug, a time zone, a
    /// country, a license, a recurrence rule; one of a choice).
    pub fn text(&mut self, name: &'static str) -> Option<At<String>> {
        let f = self.decl(name);
        let required = self.must_have(f);
        let v = if required {
            self.t.req_str(name)
        } else {
            self.t.str(name)
        }?;
        let problem = match f.shape {
            Shape::Slug if !valid_slug(&v.value) => Some((
                format!("`{name}` is not a valid URL segment"),
                "lowercase letters, digits and `-`, like \"our-mission\"".to_string(),
                None,
            )),
            Shape::Country if !(v.value.len() == 2 && v.value.chars().all(|c| c.is_ascii_uppercase())) => Some((
                format!("`{name}` is not an ISO 3166 country code"),
                "two capital letters, like \"DE\"".to_string(),
                None,
            )),
            Shape::TimeZone if TimeZone::get(&v.value).is_err() => Some((
                format!("`{name}` is not a known time zone"),
                format!("an IANA time zone name, like {}", f.example),
                None,
            )),
            Shape::License => portico_formats::spdx::check_license(&v.value).err().map(|e| {
                (
                    e,
                    "an SPDX license id or expression, like \"Apache-2.0\" or \"MIT OR Apache-2.0\"".to_string(),
                    None,
                )
            }),
            Shape::Recurrence => portico_formats::ical::check_rrule(&v.value).err().map(|e| {
                (
                    format!("`{name}` is not a valid RRULE: {e}"),
                    "an RFC 5545 rule like \"FREQ=MONTHLY;BYDAY=2WE\"".to_string(),
                    None,
                )
            }),
            Shape::Choice(values) if !values.contains(&v.value.as_str()) => Some((
                format!("`{}` has an unknown value", self.t.path(name)),
                format!("one of {}", values.join(", ")),
                crate::diagnostic::did_you_mean(&v.value, values.iter().copied()),
            )),
            _ => None,
        };
        match problem {
            Some((message, expected, suggestion)) => {
                let mut d = self
                    .t
                    .error(name, v.span.clone(), message)
                    .expected(expected)
                    .found(format!("{:?}", v.value));
                if let Some(s) = suggestion {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                self.t.ctx.push(d);
                // A value outside a choice cannot be used; any other is
                // reported and kept (the item is not built either way).
                (!matches!(f.shape, Shape::Choice(_))).then_some(v)
            }
            None => Some(v),
        }
    }

    /// An optional text's value.
    pub fn opt_text(&mut self, name: &'static str) -> Option<String> {
        self.text(name).map(|v| v.value)
    }

    /// One of a choice's values.
    pub fn choice(&mut self, name: &'static str) -> Option<&'static str> {
        let f = self.decl(name);
        let Shape::Choice(values) = f.shape else {
            panic!("`{name}` is not declared as a choice");
        };
        let v = self.text(name)?;
        values.iter().find(|x| **x == v.value).copied()
    }

    /// A time zone, which later fields may be read in.
    pub fn zone(&mut self, name: &'static str) -> Option<At<TimeZone>> {
        let v = self.text(name)?;
        TimeZone::get(&v.value).ok().map(|tz| At {
            value: tz,
            span: v.span,
        })
    }

    /// A date or date-time (`date`, `updated`).
    pub fn when(&mut self, name: &'static str) -> Option<At<When>> {
        let f = self.decl(name);
        let s = self.t.datetime_text(name);
        if s.is_none() {
            self.check_present(f);
        }
        let s = s?;
        match parse_when(&s.value) {
            Ok(w) => Some(At { value: w, span: s.span }),
            Err(e) => {
                self.t.ctx.push(
                    self.t
                        .error(
                            name,
                            s.span.clone(),
                            format!("`{}` is not a valid date", self.t.path(name)),
                        )
                        .expected("a date like 2026-03-14, or 2026-03-14T09:30:00Z")
                        .found(format!("{:?} ({e})", s.value)),
                );
                None
            }
        }
    }

    /// A date (a date-time is read as its date).
    pub fn date(&mut self, name: &'static str) -> Option<At<Date>> {
        self.when(name).map(|w| At {
            value: w.value.date,
            span: w.span,
        })
    }

    /// A local date-time, in `zone` (which was read, or failed, before).
    pub fn local_datetime(&mut self, name: &'static str, zone: Option<&TimeZone>) -> Option<At<Zoned>> {
        let f = self.decl(name);
        self.check_present(f);
        let s = self.t.datetime_text(name)?;
        let tz = zone?;
        match parse_zoned(&s.value, tz) {
            Ok(z) => Some(At { value: z, span: s.span }),
            Err(e) => {
                self.t.ctx.push(
                    self.t
                        .error(name, s.span.clone(), format!("`{name}` is not a valid date-time"))
                        .expected("a date-time like 2026-05-12T09:00:00")
                        .found(format!("{:?} ({e})", s.value)),
                );
                None
            }
        }
    }

    /// A number within the declared range.
    pub fn number(&mut self, name: &'static str) -> Option<At<f64>> {
        let f = self.decl(name);
        let Shape::Number { min, max } = f.shape else {
            panic!("`{name}` is not declared as a number");
        };
        self.check_present(f);
        let v = self.t.number(name)?;
        if !(min..=max).contains(&v.value) {
            self.t.ctx.push(
                self.t
                    .error(name, v.span.clone(), format!("`{}` is out of range", self.t.path(name)))
                    .expected(format!("a number from {min} to {max}"))
                    .found(v.value.to_string()),
            );
            return None;
        }
        Some(v)
    }

    pub fn integer(&mut self, name: &'static str) -> Option<At<i64>> {
        let f = self.decl(name);
        self.check_present(f);
        self.t.int(name)
    }

    pub fn bool(&mut self, name: &'static str) -> Option<bool> {
        let _ = self.decl(name);
        self.t.bool(name)
    }

    /// The key of an item of the declared type, checked once every file is
    /// read.
    pub fn reference(&mut self, name: &'static str) -> Option<String> {
        let Shape::Ref(kind) = self.decl(name).shape else {
            panic!("`{name}` is not declared as a reference");
        };
        let v = self.t.str(name)?;
        let path = self.t.path(name);
        self.refs.item(self.t.ctx, v.span.clone(), path, &v.value, kind);
        Some(v.value.trim_start_matches("@/").to_string())
    }

    /// Keys of items of the declared type.
    pub fn references(&mut self, name: &'static str) -> Vec<String> {
        let Shape::Refs(kind) = self.decl(name).shape else {
            panic!("`{name}` is not declared as references");
        };
        let path = self.t.path(name);
        self.t
            .strings(name)
            .into_iter()
            .map(|s| {
                self.refs.item(self.t.ctx, s.span.clone(), path.clone(), &s.value, kind);
                key(&s.value)
            })
            .collect()
    }

    /// A list of texts; paths of this site for [`Shape::Paths`].
    pub fn texts(&mut self, name: &'static str) -> Vec<At<String>> {
        let f = self.decl(name);
        let values = self.t.strings(name);
        if f.shape == Shape::Paths {
            for a in values.iter().filter(|a| !a.value.starts_with('/')) {
                self.t.ctx.push(
                    self.t
                        .error(name, a.span.clone(), "an alias is an old path of this site")
                        .expected("a path starting with `/`, like \"/en/old-page/\"")
                        .found(format!("{:?}", a.value)),
                );
            }
        }
        values
    }

    /// A link, recorded to check once every file is read.
    pub fn link(&mut self, name: &'static str) -> Option<Link> {
        let f = self.decl(name);
        let required = self.must_have(f);
        let s = if required {
            self.t.req_str(name)
        } else {
            self.t.str(name)
        }?;
        let link = Link::parse(&s.value);
        let path = self.t.path(name);
        self.refs.link(self.t.ctx, s.span, path, &link);
        Some(link)
    }

    /// An image: a file of the site, with alt text unless decorative.
    pub fn image(&mut self, name: &'static str) -> Option<Image> {
        let refs = &mut *self.refs;
        self.t.table(name, IMAGE.what, |t| {
            let mut f = Fields::new(t, refs, IMAGE.fields);
            read_image(&mut f)
        })
    }

    /// A table with the declared group's fields, read by `read`.
    pub fn table<T>(
        &mut self,
        name: &'static str,
        read: impl FnOnce(&mut Fields<'_, 'c, 'f, 'i>) -> Option<T>,
    ) -> Option<T> {
        let group = self.group(name);
        let refs = &mut *self.refs;
        self.t
            .table(name, group.what, |t| read(&mut Fields::new(t, refs, group.fields)))
    }

    /// A list of tables with the declared group's fields, each read by `read`.
    pub fn list<T>(
        &mut self,
        name: &'static str,
        mut read: impl FnMut(&mut Fields<'_, 'c, 'f, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let group = self.group(name);
        let refs = &mut *self.refs;
        self.t
            .tables(name, group.what, |t| read(&mut Fields::new(t, refs, group.fields)))
    }

    /// A list of tables whose fields each table's reader declares (a
    /// page's blocks: the fields depend on the block's type).
    pub fn list_of<T>(
        &mut self,
        name: &'static str,
        what: &str,
        mut read: impl FnMut(&mut Fields<'_, 'c, 'f, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let _ = self.decl(name);
        let refs = &mut *self.refs;
        self.t.tables(name, what, |t| read(&mut Fields::new(t, refs, &[])))
    }

    /// The same table, read by the fields `declared` from now on.
    pub fn with(&mut self, declared: &'static [Field]) -> Fields<'_, 'c, 'f, 'i> {
        Fields::new(self.t, self.refs, declared)
    }

    fn group(&self, name: &str) -> &'static Group {
        match self.decl(name).shape {
            Shape::Table(g) | Shape::List(g) => g,
            _ => panic!("`{name}` is not declared as a table"),
        }
    }
}

/// The image in field `name` of a table read without a declaration
/// (site.toml's logo).
pub(crate) fn image_in(t: &mut Table<'_, '_, '_>, name: &'static str, refs: &mut Refs) -> Option<Image> {
    t.table(name, IMAGE.what, |t| {
        read_image(&mut Fields::new(t, refs, IMAGE.fields))
    })
}

/// An image's fields: a local file, and alt text unless decorative.
fn read_image(f: &mut Fields<'_, '_, '_, '_>) -> Option<Image> {
    let src = f.t.req_str("src");
    let alt = f.t.str("alt");
    let decorative = f.t.bool("decorative").unwrap_or(false);
    let caption = f.opt_text("caption");
    let credit = f.opt_text("credit");
    let src = src?;
    let t = &mut *f.t;
    if src.value.starts_with("http://") || src.value.starts_with("https://") || src.value.starts_with("//") {
        t.ctx.push(
            t.error("src", src.span.clone(), "images must be files of this site")
                .expected("a path inside static/, like \"images/team.svg\"")
                .found(format!("{:?}", src.value))
                .help("an image from another site is a request to a third party before the visitor consents; copy it into static/"),
        );
        return None;
    }
    let path = src
        .value
        .trim_start_matches('/')
        .trim_start_matches("static/")
        .to_string();
    let media = path.strip_prefix(crate::media::MEDIA_SCHEME);
    match media {
        Some(key) => f
            .refs
            .media(t.ctx, src.span, t.path("src"), key, alt.is_some() || decorative),
        None => f.refs.image(t.ctx, src.span, t.path("src"), &path),
    }
    match (&alt, decorative) {
        (Some(a), false) if a.value.trim().is_empty() => {
            t.ctx.push(
                t.error("alt", a.span.clone(), "the alt text is empty")
                    .expected("a description of what the image shows")
                    .help("if the image adds nothing to the text, write `decorative = true` instead"),
            );
        }
        // A library image's alt text comes from the library.
        (None, false) if media.is_none() => {
            t.ctx.push(
                t.error("alt", t.key_span("src"), format!("{} has no alt text", t.what()))
                    .field(t.path("alt"))
                    .expected("alt = \"what the image shows\"")
                    .help("if the image adds nothing to the text, write `decorative = true` instead"),
            );
        }
        _ => {}
    }
    Some(Image {
        src: path,
        alt: alt.map(|a| a.value).unwrap_or_default(),
        decorative,
        caption,
        credit,
    })
}
