//! `portico new DIR`: a small site that checks clean, to start from; and
//! `portico new --type TYPE KEY`: a new item, its front matter made from
//! the type's declared fields (the required ones with an example value, the
//! others commented out with what they are).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"name = "My Organization"
base_url = "https://www.example.org"
default_locale = "en"
logo = { src = "images/logo.svg", alt = "My Organization" }
copyright = "© My Organization"

[locales.en]
name = "English"

[[menu]]
page = "about"

[[footer]]
heading = "Organization"
links = [{ page = "about" }]
"#,
    ),
    (
        "content/en/_index.md",
        r#"+++
title = "Welcome"
summary = "What we do, in one sentence."

[[blocks]]
type = "hero"
heading = "We help people do something that matters"
text = "Say in one or two sentences why a visitor should care."
cta = { label = "About us", href = "@/about" }

[[blocks]]
type = "body"
+++

Write your home page here, in **Markdown**. Run `portico check` after every
edit and `portico serve --watch` to see changes as you save.
"#,
    ),
    (
        "content/en/about.md",
        r#"+++
title = "About us"
summary = "Who we are and how we work."
+++

Tell your story here. Link to other pages with their key, like
[the home page](@/).
"#,
    ),
    (
        "static/images/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40"><rect width="40" height="40" rx="8" fill="#0b4f5c"/><text x="52" y="27" font-family="sans-serif" font-size="18" fill="#14213d">My Org</text></svg>
"##,
    ),
];

pub fn create(dir: &Path) -> anyhow::Result<ExitCode> {
    if dir.exists() && dir.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        anyhow::bail!("{} already exists and is not empty", dir.display());
    }
    for (path, text) in FILES {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))?;
    }
    println!(
        "created a new site in {0}\nnext: portico check --site {0} && portico serve --site {0} --watch",
        crate::shown(dir).display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A title for a new item from its key: `research/events/open-day` →
/// "Open day".
fn title_of(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key).replace(['-', '_'], " ");
    let mut chars = last.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_else(|| "Untitled".to_string())
}

/// Writes `content/<locale>/<key>.md` in the site folder `site`.
pub fn item(site: &Path, kind: &str, key: &str, locale: Option<&str>) -> anyhow::Result<ExitCode> {
    let Some(decl) = portico_content::schema::type_named(kind) else {
        anyhow::bail!(
            "unknown content type `{kind}`: one of {}",
            portico_content::schema::TYPE_NAMES.join(", ")
        );
    };
    let key = key.trim_matches('/').trim_end_matches(".md");
    if key.is_empty() || key.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
        anyhow::bail!("`{key}` is not a key: use folder/name, like research/events/open-day");
    }
    let locale = match locale {
        Some(l) => l.to_string(),
        None => default_locale(site)?,
    };
    let path = site.join("content").join(&locale).join(format!("{key}.md"));
    if path.exists() {
        anyhow::bail!("{} already exists", path.display());
    }
    let starter = portico_content::schema::starter(decl, &|_| None);
    let title = title_of(key);
    let front: String = starter
        .lines()
        .map(|l| {
            if l.starts_with("title = ") {
                format!("title = {title:?}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let text = format!("+++\n{front}\n+++\n\nWrite the {kind} here, in **Markdown**.\n");
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!(
        "created {}\nfill in the required fields (their example values are placeholders), then: portico check --site {}",
        crate::shown(&path).display(),
        crate::shown(site).display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The site's default locale, from its site.toml.
fn default_locale(site: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(site.join("site.toml"))
        .with_context(|| format!("reading {}", site.join("site.toml").display()))?;
    let table: toml::Table = text.parse().context("reading site.toml")?;
    table
        .get("default_locale")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .context("site.toml names no default_locale")
}
