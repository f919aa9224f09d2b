//! Checks of what the renderer brings to a site: interface strings.

use std::collections::BTreeSet;
use std::path::PathBuf;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::Entry;
use portico_content::{Diagnostic, Site};

use crate::Theme;

fn keys(source: &str) -> BTreeSet<String> {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Keys the templates ask for with `t("key")`.
fn template_keys(theme: &Theme, site: &Site) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (name, source) in theme.templates.iter().chain(site.templates.iter()) {
        for quote in ['"', '\''] {
            let pattern = format!("t({quote}");
            let mut rest = source.as_str();
            while let Some(i) = rest.find(&pattern) {
                let before = rest[..i].chars().next_back();
                rest = &rest[i + pattern.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                if let Some(end) = rest.find(quote) {
                    let key = &rest[..end];
                    // `t("kind-" ~ page.kind)` builds keys at run time: skip prefixes.
                    if !key.is_empty()
                        && !key.ends_with('-')
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        out.insert((key.to_string(), name.clone()));
                    }
                }
            }
        }
    }
    out
}

fn language(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// Interface strings: every key a template uses exists in the default
/// locale's catalog; every locale has every key, itself or through a
/// fallback locale of the same language (`en-GB` may lean on `en`, `ar`
/// may not).
pub fn check(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let catalog_path = |code: &str| -> PathBuf {
        if site.catalogs.contains_key(code) {
            PathBuf::from(format!("i18n/{code}.ftl"))
        } else {
            PathBuf::from(format!("{}/i18n/{code}.ftl", theme.origin))
        }
    };
    let keys_of = |code: &str| -> BTreeSet<String> {
        let mut k = theme.catalogs.get(code).map(|s| keys(s)).unwrap_or_default();
        k.extend(site.catalogs.get(code).map(|s| keys(s)).unwrap_or_default());
        k
    };
    let default = site.config.default_locale.as_str();
    let mut required = keys_of(default);
    required.extend(crate::context::RENDERER_KEYS.iter().map(|k| (*k).to_string()));
    let renderer = crate::context::RENDERER_KEYS
        .iter()
        .map(|k| ((*k).to_string(), "the renderer".to_string()));
    for (key, template) in template_keys(theme, site)
        .into_iter()
        .map(|(k, t)| (k, format!("the template `{t}`")))
        .chain(renderer)
    {
        if !required.contains(&key) {
            diags.push(
                Diagnostic::file_level(
                    &catalog_path(default),
                    format!("`{key}` is used by {template} but missing from this catalog"),
                )
                .field(key),
            );
        }
    }
    for locale in &site.config.locales {
        if locale.code == default {
            continue;
        }
        let mut have = BTreeSet::new();
        for code in site.config.chain(&locale.code) {
            if language(code) == language(&locale.code) {
                have.extend(keys_of(code));
            }
        }
        let missing: Vec<&String> = required.difference(&have).collect();
        if missing.is_empty() {
            continue;
        }
        let path = catalog_path(&locale.code);
        if have.is_empty() {
            diags.push(
                Diagnostic::file_level(&path, format!("there are no interface strings for `{}`", locale.code)).help(
                    format!(
                        "create {} with the {} keys of the `{default}` catalog",
                        path.display(),
                        required.len()
                    ),
                ),
            );
            continue;
        }
        for key in missing {
            diags.push(
                Diagnostic::file_level(
                    &path,
                    format!("the key `{key}` is missing from the `{}` catalog", locale.code),
                )
                .field(key.clone())
                .help(format!("readers of {} would see it in `{default}`", locale.name)),
            );
        }
    }
    diags
}
