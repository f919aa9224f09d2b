//! Checks of what the renderer brings to a site: interface strings.

use std::collections::BTreeSet;
use std::path::PathBuf;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::Entry;
use portico_content::{Diagnostic, Site};

use crate::Theme;

/// Interface-string keys the renderer itself asks for (templates' keys are
/// found by scanning them); `portico check` requires them in every catalog.
pub(crate) const RENDERER_KEYS: &[&str] = &[
    "learn-more",
    "sitemap-title",
    "bad-request-title",
    "bad-request-text",
    "not-found-title",
    "not-found-text",
    "method-not-allowed-title",
    "method-not-allowed-text",
    "gone-title",
    "gone-text",
    "server-error-title",
    "server-error-text",
    "forbidden-title",
    "forbidden-text",
    "too-large-title",
    "too-large-text",
    "unsupported-type-title",
    "unsupported-type-text",
    "too-many-title",
    "too-many-text",
    "unavailable-title",
    "unavailable-text",
    "location-kind-office",
    "location-kind-lab",
    "location-kind-data-center",
    "field-starts",
    "field-ends",
    "field-venue",
    "field-speakers",
    "field-deadline",
    "field-eligibility",
    "field-team",
    "field-locations",
    "field-posted",
    "field-closes",
    "field-license",
    "field-version",
    "field-doi",
    "field-repository",
    "field-value",
    "field-source",
    "field-lead",
    "field-areas",
    "field-leads",
    "field-location",
    "field-hosts",
    "field-series",
    "field-episode",
    "field-recorded",
    "field-program-kind",
    "field-opens",
    "field-remote",
    "field-employment",
    "field-as-of",
    "field-when",
    "field-timezone",
    "field-event-kind",
    "field-attendance",
    "field-tool-kind",
    "field-released",
    "field-authors",
    "attendance-mixed",
    "attendance-online",
    "related-stories",
    "related-stories-by",
    "related-labs",
    "related-tools",
    "related-events",
    "related-people",
    "related-upcoming",
    "related-tools-mentioned",
    "related-open-jobs",
    "related-team-jobs",
    "related-jobs",
    "related-speakers",
    "related-episodes",
    "related-tools-using",
    "calendar-subscribe",
    "program-closed",
    "program-opens",
    "program-open-until",
    "program-open",
    "program-apply",
    "program-deadline",
    "remote-onsite",
    "remote-hybrid",
    "remote-remote",
    "job-closed",
    "job-open-until",
    "job-apply",
    "event-when-same-day",
    "event-when-span",
    "event-recurring",
    "event-past",
    "event-live",
    "event-upcoming",
    "event-register",
    "event-join-online",
    "event-add-to-calendar",
    "tool-kind-dataset",
    "tool-kind-model",
    "tool-kind-sdk",
    "tool-kind-api",
    "tool-kind-code",
    "tool-repository",
    "tool-version",
    "cite-bibtex",
    "cite-ris",
    "cite-csl",
    "cite-cff",
    "status-closed",
    "status-soon",
    "status-open",
    "fact-as-of",
    "fact-now",
    "chart-title",
    "chart-description",
    "chart-table",
    "chart-date",
    "filter-tag",
    "filter-kind",
    "filter-area",
    "filter-license",
    "filter-team",
    "filter-location",
    "filter-remote",
    "filter-when",
    "filter-type",
    "events-upcoming",
    "events-past",
    "programs-open",
    "programs-closed",
    "region-africa",
    "region-americas",
    "region-asia",
    "region-europe",
    "region-oceania",
    "region-other",
    "feed-all",
    "feed-tag",
    "map-title",
    "map-description",
    "list-separator",
];

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
    for (name, source) in theme.templates.iter().chain(site.templates().iter()) {
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
        if site.catalogs().contains_key(code) {
            PathBuf::from(format!("i18n/{code}.ftl"))
        } else {
            PathBuf::from(format!("{}/i18n/{code}.ftl", theme.origin))
        }
    };
    let keys_of = |code: &str| -> BTreeSet<String> {
        let mut k = theme.catalogs.get(code).map(|s| keys(s)).unwrap_or_default();
        k.extend(site.catalogs().get(code).map(|s| keys(s)).unwrap_or_default());
        k
    };
    let default = site.config().default_locale.as_str();
    let mut required = keys_of(default);
    required.extend(RENDERER_KEYS.iter().map(|k| (*k).to_string()));
    let renderer = RENDERER_KEYS
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
    for locale in &site.config().locales {
        if locale.code == default {
            continue;
        }
        let mut have = BTreeSet::new();
        for code in site.config().chain(&locale.code) {
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
