//! Forms generated from a content type's declaration: each declared field
//! of a simple shape (text, link, date, number, yes/no, one of a list,
//! Markdown, a list of lines, an image's file and alt text) becomes a
//! labelled input with its help text, and the compiler's diagnostics
//! appear beside the field they name. Fields of a nested shape (tables,
//! blocks) stay in the text mode, where the whole file is edited. A submitted form is written into
//! the file's front matter with `toml_edit`, so every field the form did
//! not show — and every comment and blank line — stays as it was.

use portico_content::Diagnostic;
use portico_content::schema::{Field, Need, Shape, TypeDecl};
use serde_json::{Value, json};
use toml_edit::{Array, DocumentMut, Item, value};

/// The fields a form shows: every declared field of a simple shape but
/// `type` (the type is chosen once), `draft` and `aliases`.
fn shown(decl: &TypeDecl) -> impl Iterator<Item = &'static Field> + '_ {
    decl.all_fields()
        .filter(|f| !matches!(f.name, "type" | "draft" | "aliases"))
        .filter(|f| input_of(f.shape).is_some())
}

/// How a field of a shape is typed in a form (`None`: text mode only).
fn input_of(shape: Shape) -> Option<&'static str> {
    Some(match shape {
        Shape::Url => "url",
        Shape::Date => "date",
        Shape::Bool => "checkbox",
        Shape::Integer | Shape::Number { .. } => "number",
        Shape::Choice(_) => "select",
        Shape::Markdown => "textarea",
        Shape::Image => "image",
        Shape::Texts | Shape::Paths | Shape::Refs(_) => "lines",
        Shape::Text
        | Shape::Link
        | Shape::When
        | Shape::LocalDateTime { .. }
        | Shape::TimeZone
        | Shape::Country
        | Shape::License
        | Shape::Recurrence
        | Shape::Slug
        | Shape::File
        | Shape::Ref(_) => "text",
        Shape::Table(_) | Shape::List(_) | Shape::Blocks(_) => return None,
    })
}

/// A file's front matter and body (`None`: it has no `+++` front matter).
pub(crate) fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    if let Some(body) = rest.strip_prefix("+++\n") {
        return Some(("", body));
    }
    let end = rest
        .find("\n+++\n")
        .map(|i| (i + 1, i + 5))
        .or_else(|| rest.strip_suffix("\n+++").map(|fm| (fm.len() + 1, rest.len())))?;
    Some((&rest[..end.0], &rest[end.1..]))
}

/// A field's value in the front matter, as the form shows it.
fn shown_value(item: Option<&Item>, shape: Shape) -> String {
    let Some(v) = item.and_then(Item::as_value) else {
        return String::new();
    };
    match (shape, v) {
        (_, toml_edit::Value::String(s)) => s.value().clone(),
        (_, toml_edit::Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map_or_else(|| x.to_string().trim().to_string(), str::to_string)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (_, other) => other.to_string().trim().to_string(),
    }
}

/// What the template needs to draw the form of `decl`: each field with its
/// value (from `doc`, or as typed: `typed`), whether it is required, its
/// help and example, and the diagnostics that name it.
pub(crate) fn fields_view(
    decl: &TypeDecl,
    doc: Option<&DocumentMut>,
    typed: Option<&[(String, String)]>,
    diags: &[Diagnostic],
) -> Vec<Value> {
    shown(decl)
        .map(|f| {
            let input = input_of(f.shape).unwrap_or("text");
            let value = match typed {
                Some(form) => form
                    .iter()
                    .find(|(k, _)| k.strip_prefix("f-") == Some(f.name))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                None => shown_value(doc.and_then(|d| d.get(f.name)), f.shape),
            };
            // An image: its file (`src`) and alt text, typed or read.
            let part = |name: &str| match typed {
                Some(form) => form
                    .iter()
                    .find(|(k, _)| k.strip_prefix("f-").and_then(|k| k.strip_prefix(f.name)) == Some(name))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                None => doc
                    .and_then(|d| d.get(f.name))
                    .and_then(|i| i.get(&name[1..]))
                    .and_then(Item::as_str)
                    .unwrap_or("")
                    .to_string(),
            };
            let (src, alt) = if f.shape == Shape::Image {
                (part(".src"), part(".alt"))
            } else {
                (String::new(), String::new())
            };
            let options: Vec<&str> = match f.shape {
                Shape::Choice(c) => c.to_vec(),
                _ => Vec::new(),
            };
            let errors: Vec<&str> = diags
                .iter()
                .filter(|d| {
                    d.field.as_deref().is_some_and(|n| {
                        n == f.name || n.starts_with(&format!("{}.", f.name)) || n.starts_with(&format!("{}[", f.name))
                    })
                })
                .map(|d| d.message.as_str())
                .collect();
            json!({
                "name": f.name,
                "id": format!("f-{}", f.name),
                "input": input,
                "checked": value == "true" || value == "on",
                "value": value,
                "options": options,
                "src": src,
                "alt": alt,
                "required": f.need == Need::Required || decl.requires(f.name),
                "help": f.help,
                "example": f.example.trim_matches('"'),
                "errors": errors,
            })
        })
        .collect()
}

/// Whether a diagnostic names a field the form of `decl` shows (else it
/// is listed above the form).
pub(crate) fn shows_field(decl: &TypeDecl, d: &Diagnostic) -> bool {
    d.field.as_deref().is_some_and(|n| {
        shown(decl)
            .any(|f| n == f.name || n.starts_with(&format!("{}.", f.name)) || n.starts_with(&format!("{}[", f.name)))
    })
}

/// The file `text` with the form's fields written into its front matter
/// and its body replaced by the form's `body`. Only the fields the form
/// showed (named in its `fields` list) are touched: an emptied one is
/// removed, the rest are kept as they were. `Err`: the front matter is not
/// TOML the form can edit (use the text mode).
pub(crate) fn apply(decl: &TypeDecl, text: &str, form: &[(String, String)]) -> Result<String, String> {
    let (front, _) = split(text).unwrap_or(("", ""));
    let mut doc: DocumentMut = front.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let get = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let listed: Vec<&str> = get("fields").unwrap_or("").split(',').collect();
    for f in shown(decl).filter(|f| listed.contains(&f.name)) {
        if f.shape == Shape::Image {
            set_image(
                &mut doc,
                f.name,
                get(&format!("f-{}.src", f.name)),
                get(&format!("f-{}.alt", f.name)),
            );
            continue;
        }
        let raw = get(&format!("f-{}", f.name)).unwrap_or("").replace("\r\n", "\n");
        let raw = raw.trim();
        if f.shape == Shape::Bool {
            if raw.is_empty() && f.default.is_none_or(|d| d == "false") {
                doc.remove(f.name);
            } else {
                doc[f.name] = value(!raw.is_empty());
            }
            continue;
        }
        if raw.is_empty() {
            doc.remove(f.name);
            continue;
        }
        doc[f.name] = match f.shape {
            Shape::Integer => raw.parse::<i64>().map_or_else(|_| value(raw), value),
            Shape::Number { .. } => raw.parse::<f64>().map_or_else(|_| value(raw), value),
            Shape::Date | Shape::When | Shape::LocalDateTime { .. } => {
                raw.parse::<toml_edit::Datetime>().map_or_else(|_| value(raw), value)
            }
            Shape::Texts | Shape::Paths | Shape::Refs(_) => {
                let mut a = Array::new();
                for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    a.push(line);
                }
                value(a)
            }
            _ => value(raw),
        };
    }
    let body = get("body").unwrap_or("").replace("\r\n", "\n");
    let front = doc.to_string();
    let front = if front.is_empty() || front.ends_with('\n') {
        front
    } else {
        format!("{front}\n")
    };
    Ok(format!("+++\n{front}+++\n{body}"))
}

/// Writes an image field from its file and alt text: removed when the
/// file is emptied; otherwise its other parts (caption, credit,
/// decorative) are kept, and an empty alt text is left out (a library
/// image has its own, per locale).
fn set_image(doc: &mut DocumentMut, name: &str, src: Option<&str>, alt: Option<&str>) {
    let src = src.unwrap_or("").trim();
    let alt = alt.unwrap_or("").trim();
    if src.is_empty() {
        doc.remove(name);
        return;
    }
    let mut table = match doc.get(name).and_then(Item::as_inline_table) {
        Some(t) => t.clone(),
        None => toml_edit::InlineTable::new(),
    };
    table.insert("src", src.into());
    if alt.is_empty() {
        table.remove("alt");
    } else {
        table.insert("alt", alt.into());
    }
    doc[name] = value(table);
}

/// The names of the fields a form of `decl` shows, for its `fields` list.
pub(crate) fn field_list(decl: &TypeDecl) -> String {
    shown(decl).map(|f| f.name).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_content::schema::type_named;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_form_writes_its_fields_and_keeps_everything_else() {
        let story = type_named("story").expect("story");
        let text = "+++\n# The lead story of the week.\ntitle = \"Old\"\ndate = 2026-01-05\ntags = [\"a\"]\nimage = { src = \"images/x.svg\", alt = \"X\" }\n\nsummary = \"Kept\"\n+++\nOld body.\n";
        let fields = field_list(story);
        let out = apply(
            story,
            text,
            &form(&[
                ("fields", &fields),
                ("f-title", "New \"quoted\" title"),
                ("f-date", "2026-02-07"),
                ("f-tags", "harbours\r\n\r\nsensors "),
                ("f-summary", "Kept"),
                ("f-image.src", "images/x.svg"),
                ("f-image.alt", "X"),
                ("body", "New body.\r\n"),
            ]),
        )
        .expect("applied");
        assert!(out.starts_with("+++\n# The lead story of the week.\n"), "{out}");
        let doc: DocumentMut = split(&out).expect("front matter").0.parse().expect("toml");
        assert_eq!(doc["title"].as_str(), Some("New \"quoted\" title"));
        assert!(out.contains("date = 2026-02-07\n"), "a TOML date, not a string: {out}");
        assert!(out.contains("tags = [\"harbours\", \"sensors\"]"), "{out}");
        assert!(
            out.contains("image = { src = \"images/x.svg\", alt = \"X\" }"),
            "not in the form, kept: {out}"
        );
        assert!(out.ends_with("+++\nNew body.\n"), "{out}");
        // What the form shows is what it read.
        let view = fields_view(story, Some(&doc), None, &[]);
        let title = view.iter().find(|v| v["name"] == "title").expect("title");
        assert_eq!(title["value"], "New \"quoted\" title");
        assert_eq!(title["required"], true);
        let image = view.iter().find(|v| v["name"] == "image").expect("image");
        assert_eq!(
            (image["src"].as_str(), image["alt"].as_str()),
            (Some("images/x.svg"), Some("X"))
        );
        assert!(
            view.iter().all(|v| v["name"] != "blocks"),
            "nested shapes stay in the text mode"
        );
        // An image from the form: its file and alt text, the rest kept.
        let with_caption = "+++\nimage = { src = \"images/x.svg\", alt = \"X\", caption = \"C\" }\n+++\n";
        let fields = form(&[("fields", "image"), ("f-image.src", "media:abc"), ("f-image.alt", "")]);
        let out = apply(story, with_caption, &fields).expect("applied");
        assert!(
            out.contains("image = { src = \"media:abc\", caption = \"C\" }"),
            "{out}"
        );
    }

    #[test]
    fn an_emptied_field_is_removed_and_an_unlisted_one_untouched() {
        let story = type_named("story").expect("story");
        let text = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\nBody\n";
        let out = apply(
            story,
            text,
            &form(&[("fields", "summary"), ("f-summary", "  "), ("body", "Body\n")]),
        )
        .expect("applied");
        assert_eq!(out, "+++\ntitle = \"T\"\n+++\nBody\n");
        assert!(apply(story, "+++\ntitle = = 1\n+++\n", &form(&[])).is_err());
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        assert_eq!(split("+++\na = 1\n+++\nbody\n"), Some(("a = 1\n", "body\n")));
        assert_eq!(split("+++\n+++\nbody"), Some(("", "body")));
        assert_eq!(split("+++\na = 1\n+++"), Some(("a = 1\n", "")));
        assert_eq!(split("no front matter"), None);
    }

    #[test]
    fn diagnostics_go_beside_the_field_they_name() {
        let event = type_named("event").expect("event");
        let d = |field: &str| Diagnostic {
            field: Some(field.to_string()),
            message: format!("{field} is wrong"),
            ..Diagnostic::file_level(std::path::Path::new("content/en/events/x.md"), "")
        };
        let diags = [d("title"), d("image.alt")];
        let view = fields_view(event, None, Some(&form(&[("f-title", "x")])), &diags);
        let title = view.iter().find(|v| v["name"] == "title").expect("title");
        assert_eq!(title["errors"], json!(["title is wrong"]));
        assert_eq!(title["value"], "x");
        assert!(shows_field(event, &diags[0]));
        assert!(shows_field(event, &diags[1]), "an image's alt text is beside the image");
    }
}
