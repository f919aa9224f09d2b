//! The vocabulary of declarations: every content type's fields, declared once. A declaration says what each
//! field holds ([`Shape`]), whether it is required, its default, whether it
//! is written per locale or shared by every translation, and a one-line
//! help text. It drives the parser (fields are read and checked by their
//! shape, an undeclared field is reported with the closest declared name),
//! the JSON Schema of each type ([`json_schema`]), the field tables of the
//! editor's guide ([`markdown_table`]) and new items' starter text
//! ([`starter`]); the web editor builds its forms from it. The
//! declarations themselves are each type's own (`kinds/<type>.rs`).
//!
//! A help text is English; a theme or site can translate it with the
//! message `help-<type>-<field>` (`help-event-venue`) in its catalogs.

use std::fmt::Write as _;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Text on one line or a few.
    Text,
    /// Markdown (rendered and sanitized).
    Markdown,
    /// An address on the web (`https://…`).
    Url,
    /// A link: `@/key` (an item), `/path` (a page or file of the site) or
    /// `https://…`.
    Link,
    /// A date: `2026-03-14` (a date-time is read as its date).
    Date,
    /// A date, or a date-time with its offset: `2026-03-14T09:30:00Z`.
    When,
    /// A date-time without an offset, in the time zone the named field
    /// gives: `2026-05-12T09:00:00`.
    LocalDateTime { zone: &'static str },
    /// An IANA time zone name: `Europe/Berlin`.
    TimeZone,
    /// An ISO 3166-1 alpha-2 country code: `DE`.
    Country,
    /// An SPDX license id or expression: `MIT OR Apache-2.0`.
    License,
    /// An RFC 5545 recurrence rule: `FREQ=MONTHLY;BYDAY=2WE`.
    Recurrence,
    /// The last segment of the item's URL in this locale.
    Slug,
    /// A file inside the site folder.
    File,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A number between `min` and `max` (inclusive).
    Number { min: f64, max: f64 },
    /// The key of another item of a type (`people/mara-lindqvist`).
    Ref(&'static str),
    /// Keys of items of a type.
    Refs(&'static str),
    /// One of these values.
    Choice(&'static [&'static str]),
    /// A list of texts.
    Texts,
    /// A list of paths of this site (`/en/old-page/`).
    Paths,
    /// An image: `{ src = "images/…", alt = "…" }` (see [`IMAGE`]).
    Image,
    /// A table with the group's fields.
    Table(&'static Group),
    /// A list of tables, each with the group's fields.
    List(&'static Group),
    /// A page's blocks, each of one of these block types.
    Blocks(&'static [BlockDecl]),
}

/// Whether an item must have a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Optional,
    Required,
    /// Required unless the named field is present.
    RequiredUnless(&'static str),
}

/// Whether a field is written in each translation or is the same in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Written in each locale (a title, a venue's name).
    Locale,
    /// The same in every translation (a date, a key, a number).
    Shared,
}

/// One field of a content type, a block or a table within them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub need: Need,
    /// The value when the field is absent, as TOML (`"onsite"`).
    pub default: Option<&'static str>,
    pub scope: Scope,
    /// What the field is, in one line.
    pub help: &'static str,
    /// A value, as TOML, for documentation, starter files and examples.
    pub example: &'static str,
    /// What a "missing field" problem says is expected, when it is not the
    /// shape's usual wording.
    pub expected: Option<&'static str>,
}

impl Field {
    /// An optional field, written per locale, with no default.
    pub const fn new(name: &'static str, shape: Shape, help: &'static str, example: &'static str) -> Field {
        Field {
            name,
            shape,
            need: Need::Optional,
            default: None,
            scope: Scope::Locale,
            help,
            example,
            expected: None,
        }
    }

    pub const fn required(self) -> Field {
        Field {
            need: Need::Required,
            ..self
        }
    }

    pub const fn required_unless(self, other: &'static str) -> Field {
        Field {
            need: Need::RequiredUnless(other),
            ..self
        }
    }

    pub const fn shared(self) -> Field {
        Field {
            scope: Scope::Shared,
            ..self
        }
    }

    pub const fn default(self, value: &'static str) -> Field {
        Field {
            default: Some(value),
            ..self
        }
    }

    pub const fn expecting(self, text: &'static str) -> Field {
        Field {
            expected: Some(text),
            ..self
        }
    }

    /// What a "missing field" problem says is expected.
    pub fn expected_text(&self) -> String {
        if let Some(e) = self.expected {
            return e.to_string();
        }
        match self.shape {
            Shape::Number { min, max } if min.is_finite() && max.is_finite() => {
                format!("a number from {min} to {max}")
            }
            Shape::Number { .. } | Shape::Integer => "a number".to_string(),
            Shape::Date | Shape::When => "a date like 2026-03-14".to_string(),
            Shape::LocalDateTime { .. } => "a date-time like 2026-05-12T09:00:00".to_string(),
            _ => "a string".to_string(),
        }
    }

    /// The shape in words, for the editor's guide.
    pub fn shape_text(&self) -> String {
        match self.shape {
            Shape::Text => "text".into(),
            Shape::Markdown => "Markdown".into(),
            Shape::Url => "URL".into(),
            Shape::Link => "link (`@/key`, `/path` or `https://…`)".into(),
            Shape::Date => "date `2026-03-14`".into(),
            Shape::When => "date `2026-03-14` or date-time `2026-03-14T09:30:00Z`".into(),
            Shape::LocalDateTime { zone } => format!("local date-time `2026-05-12T09:00:00` in `{zone}`"),
            Shape::TimeZone => "IANA time zone".into(),
            Shape::Country => "ISO 3166 country code".into(),
            Shape::License => "SPDX license".into(),
            Shape::Recurrence => "RFC 5545 RRULE".into(),
            Shape::Slug => "URL segment".into(),
            Shape::File => "file in the site folder".into(),
            Shape::Bool => "true or false".into(),
            Shape::Integer => "integer".into(),
            Shape::Number { min, max } if min.is_finite() && max.is_finite() => format!("number {min}…{max}"),
            Shape::Number { .. } => "number".into(),
            Shape::Ref(kind) => format!("key of a {kind}"),
            Shape::Refs(kind) => format!("keys of {}", plural(kind)),
            Shape::Choice(values) => values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "),
            Shape::Texts => "list of texts".into(),
            Shape::Paths => "list of paths".into(),
            Shape::Image => "image `{ src, alt }`".into(),
            Shape::Table(g) => g.what.trim_start_matches("a ").trim_start_matches("an ").to_string(),
            Shape::List(g) => format!("list of {}", g.plural),
            Shape::Blocks(_) => "list of blocks".into(),
        }
    }
}

fn plural(kind: &str) -> String {
    match kind {
        "person" => "people".into(),
        "series" => "series".into(),
        k => format!("{k}s"),
    }
}

/// The fields of a table that appears inside an item (a link line, an
/// earlier value of a fact).
#[derive(Debug, PartialEq)]
pub struct Group {
    /// One of them, for messages: "a link".
    pub what: &'static str,
    /// Several, for the guide: "links".
    pub plural: &'static str,
    pub fields: &'static [Field],
}

/// A content type.
#[derive(Debug, PartialEq)]
pub struct TypeDecl {
    pub name: &'static str,
    /// What items of the type are, in one line.
    pub about: &'static str,
    /// The folders whose files are of this type unless they say otherwise.
    pub folders: &'static [&'static str],
    /// Fields every type has that this one requires, each with what the
    /// "missing field" problem expects.
    pub requires: &'static [(&'static str, &'static str)],
    /// The type's own fields, in the order they are read.
    pub fields: &'static [Field],
}

impl TypeDecl {
    /// The declared field `name`: its own, else a common one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().chain(COMMON).find(|f| f.name == name)
    }

    /// Whether the type requires field `name` (its own or a common one).
    pub fn requires(&self, name: &str) -> bool {
        self.requires.iter().any(|(n, _)| *n == name) || self.field(name).is_some_and(|f| f.need == Need::Required)
    }

    /// Every field an item of the type may have: the common ones, then its own.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static Field> + '_ {
        COMMON.iter().chain(self.fields.iter())
    }
}

/// A block type of a page.
#[derive(Debug, PartialEq)]
pub struct BlockDecl {
    pub name: &'static str,
    pub about: &'static str,
    pub fields: &'static [Field],
}

/// The fields every content type has, in the order they are read.
pub const COMMON: &[Field] = &[
    Field::new(
        "type",
        Shape::Choice(TYPE_NAMES),
        "The content type, when the folder does not say it.",
        "\"page\"",
    )
    .shared(),
    Field::new(
        "title",
        Shape::Text,
        "The title, on the page and in lists.",
        "\"Our mission\"",
    )
    .required(),
    Field::new(
        "summary",
        Shape::Text,
        "One or two sentences, on cards, in lists and in search results.",
        "\"Why Halcyon exists, in one paragraph.\"",
    ),
    Field::new(
        "description",
        Shape::Text,
        "For search engines; the summary when absent.",
        "\"What search engines show under the title.\"",
    ),
    Field::new(
        "menu_title",
        Shape::Text,
        "A shorter title for menus and breadcrumbs.",
        "\"Mission\"",
    ),
    Field::new(
        "slug",
        Shape::Slug,
        "The last URL segment in this locale: lowercase letters, digits and `-`.",
        "\"our-mission\"",
    ),
    Field::new(
        "date",
        Shape::When,
        "The publication date (or date-time with its offset).",
        "2026-03-14",
    )
    .shared(),
    Field::new(
        "updated",
        Shape::When,
        "When it last changed significantly.",
        "2026-04-02",
    )
    .shared(),
    Field::new("draft", Shape::Bool, "Checked but not published.", "true")
        .default("false")
        .shared(),
    Field::new(
        "weight",
        Shape::Integer,
        "Order among its siblings (lower first), then the title.",
        "10",
    )
    .default("0")
    .shared(),
    Field::new(
        "tags",
        Shape::Texts,
        "Topics, for lists, feeds and related items.",
        "[\"climate\", \"data\"]",
    ),
    Field::new(
        "image",
        Shape::Image,
        "The picture on its page and cards.",
        "{ src = \"images/example.svg\", alt = \"What the picture shows\" }",
    ),
    Field::new(
        "aliases",
        Shape::Paths,
        "Old paths that redirect here.",
        "[\"/en/old-page/\"]",
    )
    .shared(),
];

/// An image's fields.
pub const IMAGE: Group = Group {
    what: "an image",
    plural: "images",
    fields: &[
        Field::new("src", Shape::File, "A file inside `static/`.", "\"images/example.svg\"").required(),
        Field::new(
            "alt",
            Shape::Text,
            "What the picture shows, for someone who cannot see it (required unless decorative).",
            "\"What the picture shows\"",
        ),
        Field::new(
            "decorative",
            Shape::Bool,
            "The picture adds nothing to the text (a pattern, a flourish).",
            "false",
        )
        .default("false"),
        Field::new("caption", Shape::Text, "A caption under it.", "\"A caption\""),
        Field::new("credit", Shape::Text, "Who made it.", "\"Photo: A. Person\""),
    ],
};

/// A line of a list of links.
pub const LINK_LINE: Group = Group {
    what: "a link",
    plural: "links",
    fields: &[
        Field::new("label", Shape::Text, "The link's text.", "\"Publications\"").required(),
        Field::new("href", Shape::Link, "Where it goes.", "\"@/about\"").required(),
        Field::new("description", Shape::Text, "A line under it.", "\"Optional line.\""),
    ],
};

/// A call to action.
pub const CTA: Group = Group {
    what: "a call to action",
    plural: "calls to action",
    fields: &[
        Field::new("label", Shape::Text, "The button's text.", "\"Read our mission\"").required(),
        Field::new("href", Shape::Link, "Where it goes.", "\"@/about\"").required(),
    ],
};

/// The name of every content type, in the order of `kinds::DECLS`.
pub const TYPE_NAMES: &[&str] = &[
    "page", "story", "person", "location", "lab", "area", "event", "series", "episode", "program", "job", "tool",
    "fact",
];

/// The field table of `fields` for the editor's guide (Markdown).
pub fn markdown_table(fields: &[Field]) -> String {
    let mut out = String::from("| field | what it holds | required | default | translated | what it is |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for f in fields {
        let required = match f.need {
            Need::Required => "yes".to_string(),
            Need::RequiredUnless(other) => format!("unless `{other}`"),
            Need::Optional => String::new(),
        };
        let default = f.default.map(|d| format!("`{d}`")).unwrap_or_default();
        let translated = match f.scope {
            Scope::Locale => "per locale",
            Scope::Shared => "shared",
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {required} | {default} | {translated} | {} |",
            f.name,
            f.shape_text(),
            f.help.replace('|', "\\|")
        );
    }
    out
}

/// The field table of a type for the editor's guide: its own fields, and
/// the common fields it requires.
pub fn type_table(decl: &TypeDecl) -> String {
    let mut text = String::new();
    if !decl.requires.is_empty() {
        let names: Vec<String> = decl.requires.iter().map(|(n, _)| format!("`{n}`")).collect();
        let _ = writeln!(text, "Requires {} (fields every type has).\n", names.join(", "));
    }
    text.push_str(&markdown_table(decl.fields));
    text
}

/// The front matter of a new item of type `decl` (between its `+++`
/// lines): every required field with an example value, the rest commented
/// out. `refs` gives the key to use for a reference to a type (examples
/// that must resolve); `None` keeps the declared example.
pub fn starter(decl: &TypeDecl, refs: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    if decl.name != "page" {
        let _ = writeln!(out, "type = \"{}\"", decl.name);
    }
    let value = |f: &Field| -> String {
        match f.shape {
            Shape::Ref(kind) => refs(kind).map_or_else(|| f.example.to_string(), |k| format!("\"{k}\"")),
            Shape::Refs(kind) => refs(kind).map_or_else(|| f.example.to_string(), |k| format!("[\"{k}\"]")),
            _ => f.example.to_string(),
        }
    };
    for f in COMMON.iter().filter(|f| f.name != "type") {
        if decl.requires(f.name) {
            let _ = writeln!(out, "{} = {}", f.name, value(f));
        }
    }
    for f in decl.fields {
        match f.need {
            Need::Required | Need::RequiredUnless(_) => {
                let _ = writeln!(out, "{} = {}", f.name, value(f));
            }
            Need::Optional => {
                let _ = writeln!(out, "# {} = {}   # {}", f.name, value(f), f.help);
            }
        }
    }
    out
}

/// Every declared field of an item of `decl`, with a value, as front
/// matter: what the tests feed to the parser and to the JSON Schema.
pub fn example(decl: &TypeDecl, refs: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for f in decl.all_fields() {
        let v = match (f.name, f.shape) {
            ("type", _) => format!("\"{}\"", decl.name),
            ("draft", _) => "false".to_string(),
            ("slug" | "aliases", _) => continue,
            (_, Shape::Ref(kind)) => refs(kind).map_or_else(|| f.example.to_string(), |k| format!("\"{k}\"")),
            (_, Shape::Refs(kind)) => refs(kind).map_or_else(|| f.example.to_string(), |k| format!("[\"{k}\"]")),
            _ => f.example.to_string(),
        };
        // A field that excludes the one it stands in for (`metadata` for
        // a tool's `license`) stays out of the example.
        if decl.fields.iter().any(|o| o.need == Need::RequiredUnless(f.name)) {
            continue;
        }
        let _ = writeln!(out, "{} = {v}", f.name);
    }
    out
}

/// The JSON Schema (draft 2020-12) of a type's front matter, as JSON data
/// (TOML dates as strings).
pub fn json_schema(decl: &TypeDecl) -> serde_json::Value {
    let mut schema = object_schema(&decl.all_fields().copied().collect::<Vec<_>>(), decl.requires);
    schema["$schema"] = serde_json::json!("https://json-schema.org/draft/2020-12/schema");
    schema["title"] = serde_json::json!(decl.name);
    schema["description"] = serde_json::json!(decl.about);
    schema
}

fn object_schema(fields: &[Field], requires: &[(&str, &str)]) -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    let mut required: Vec<&str> = Vec::new();
    let mut conditional = Vec::new();
    for f in fields {
        let mut p = shape_schema(&f.shape);
        p["description"] = serde_json::json!(f.help);
        if let Some(d) = f.default.and_then(toml_value) {
            p["default"] = d;
        }
        if f.scope == Scope::Shared {
            p["x-portico-shared"] = serde_json::json!(true);
        }
        properties.insert(f.name.to_string(), p);
        match f.need {
            Need::Required => required.push(f.name),
            Need::RequiredUnless(other) => conditional.push(serde_json::json!({
                "if": { "not": { "required": [other] } },
                "then": { "required": [f.name] }
            })),
            Need::Optional => {}
        }
    }
    for (name, _) in requires {
        if !required.contains(name) {
            required.push(name);
        }
    }
    let mut schema = serde_json::json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if !conditional.is_empty() {
        schema["allOf"] = serde_json::Value::Array(conditional);
    }
    schema
}

/// A TOML value (as written in a declaration) as JSON.
fn toml_value(text: &str) -> Option<serde_json::Value> {
    let doc: toml::Table = toml::from_str(&format!("v = {text}")).ok()?;
    serde_json::to_value(doc.get("v")?).ok()
}

const KEY_PATTERN: &str = "^(@/)?[^\\s]+$";

fn shape_schema(shape: &Shape) -> serde_json::Value {
    use serde_json::json;
    match *shape {
        Shape::Text | Shape::Markdown | Shape::Link | Shape::File | Shape::License | Shape::Recurrence => {
            json!({ "type": "string" })
        }
        Shape::TimeZone => json!({ "type": "string", "pattern": "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$" }),
        Shape::Url => json!({ "type": "string", "format": "uri" }),
        Shape::Date => json!({ "type": "string", "format": "date" }),
        Shape::When => json!({ "type": "string", "anyOf": [{ "format": "date" }, { "format": "date-time" }] }),
        Shape::LocalDateTime { .. } => json!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
        }),
        Shape::Country => json!({ "type": "string", "pattern": "^[A-Z]{2}$" }),
        Shape::Slug => json!({ "type": "string", "pattern": "^[^\\s/A-Z-]([^\\s/A-Z]*[^\\s/A-Z-])?$" }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::Integer => json!({ "type": "integer" }),
        Shape::Number { min, max } => {
            let mut n = json!({ "type": "number" });
            if min.is_finite() {
                n["minimum"] = json!(min);
            }
            if max.is_finite() {
                n["maximum"] = json!(max);
            }
            n
        }
        Shape::Ref(kind) => json!({ "type": "string", "pattern": KEY_PATTERN, "x-portico-ref": kind }),
        Shape::Refs(kind) => json!({
            "type": "array",
            "items": { "type": "string", "pattern": KEY_PATTERN, "x-portico-ref": kind }
        }),
        Shape::Choice(values) => json!({ "type": "string", "enum": values }),
        Shape::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Shape::Paths => json!({ "type": "array", "items": { "type": "string", "pattern": "^/" } }),
        Shape::Image => image_schema(),
        Shape::Table(group) => object_schema(group.fields, &[]),
        Shape::List(group) => json!({ "type": "array", "items": object_schema(group.fields, &[]) }),
        Shape::Blocks(blocks) => {
            let one_of: Vec<serde_json::Value> = blocks
                .iter()
                .map(|b| {
                    let mut s = object_schema(b.fields, &[]);
                    s["properties"]["type"] = json!({ "const": b.name, "description": b.about });
                    if let Some(r) = s["required"].as_array_mut() {
                        r.insert(0, json!("type"));
                    }
                    s
                })
                .collect();
            json!({ "type": "array", "items": { "oneOf": one_of } })
        }
    }
}

fn image_schema() -> serde_json::Value {
    let mut s = object_schema(IMAGE.fields, &[]);
    // Alt text, unless the image is decorative or from the media library
    // (`media:KEY`: the library holds its alt text per locale).
    s["anyOf"] = serde_json::json!([
        { "required": ["alt"], "properties": { "alt": { "minLength": 1, "pattern": "\\S" } } },
        { "required": ["decorative"], "properties": { "decorative": { "const": true } } },
        { "required": ["src"], "properties": { "src": { "pattern": "^media:[0-9a-f]{64}$" } } }
    ]);
    s
}
