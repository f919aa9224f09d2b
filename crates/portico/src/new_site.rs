//! `portico new DIR`: a small site that checks clean, to start from.

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
