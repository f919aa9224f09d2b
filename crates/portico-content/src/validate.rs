//! Checks that need the whole site: links resolve, referenced items exist
//! and have the right type, images exist, URLs are unique.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::Link;
use crate::refs::{Check, Pending};
use crate::site::{Item, Site};

/// URL of every (key, locale) that has a page, through fallback.
pub(crate) fn compute_urls(site: &Site) -> BTreeMap<(String, String), String> {
    let mut urls = BTreeMap::new();
    let keys: Vec<String> = site.keys().map(str::to_string).collect();
    for locale in &site.config.locales {
        for key in &keys {
            let Some(item) = site.resolve(key, &locale.code) else {
                continue;
            };
            let mut path = format!("/{}/", locale.code);
            if !key.is_empty() {
                let parts: Vec<&str> = key.split('/').collect();
                for i in 0..parts.len() - 1 {
                    let prefix = parts[..=i].join("/");
                    let slug = site
                        .resolve(&prefix, &locale.code)
                        .map_or(parts[i], |p| p.slug.as_str());
                    path.push_str(slug);
                    path.push('/');
                }
                path.push_str(&item.slug);
                path.push('/');
            }
            urls.insert((key.clone(), locale.code.clone()), path);
        }
    }
    urls
}

/// The checks of the references in `pending` (links, items of a type,
/// images, media). `attempted`: whether a key is that of a content file,
/// loaded or not — a reference to a file that exists but has errors of its
/// own is not reported again. The work is proportional to `pending`: the
/// site's tables are read by key, and the lists a "did you mean" draws
/// from are made only for a reference that fails.
pub(crate) fn check(site: &Site, pending: Vec<Pending>, attempted: &dyn Fn(&str) -> bool, diags: &mut Vec<Diagnostic>) {
    for p in pending {
        if let Check::Link(Link::Item(key)) | Check::ItemOfKind(key, _) = &p.check
            && site
                .resolve(key, p.locale.as_deref().unwrap_or(&site.config.default_locale))
                .is_none()
            && attempted(key)
        {
            continue;
        }
        let locale = p.locale.as_deref().unwrap_or(&site.config.default_locale);
        let problem: Option<Diagnostic> = match &p.check {
            Check::Fail => Some(p.at),
            Check::Image(src) => (!site.static_files.contains_key(src)).then(|| {
                let mut d = p.at;
                d.message = format!("there is no file `static/{src}`");
                d.expected = Some("the path of a file inside static/".to_string());
                if let Some(s) = did_you_mean(src, site.static_files.keys().map(String::as_str)) {
                    d.help = Some(format!("did you mean `{s}`?"));
                }
                d
            }),
            Check::Media { key, alt_given } => crate::media::check(site, p.at, key, *alt_given, locale),
            Check::ItemOfKind(key, kind) => match site.resolve(key, locale) {
                Some(item) if item.kind_name() == *kind => None,
                Some(item) => {
                    let mut d = p.at;
                    d.message = format!(
                        "`{key}` is {} {}, not {} {kind}",
                        article(item.kind_name()),
                        item.kind_name(),
                        article(kind)
                    );
                    Some(d)
                }
                None => Some(missing_key(p.at, key, site)),
            },
            Check::Link(Link::Item(key)) => {
                if site.resolve(key, locale).is_some() {
                    None
                } else {
                    Some(missing_key(p.at, key, site))
                }
            }
            Check::Link(Link::Path(path)) => {
                let path = path.split(['#', '?']).next().unwrap_or("");
                let ok = site.paths.contains(path)
                    || path == "/"
                    || path
                        .strip_prefix("/static/")
                        .is_some_and(|f| site.static_files.contains_key(f));
                (!ok).then(|| {
                    let mut d = p.at;
                    d.message = format!("the link `{path}` goes to no page of this site");
                    d.expected = Some("the URL of a page, `/static/<file>`, or `@/key` to link to an item".to_string());
                    let paths: BTreeSet<&str> = site.urls.values().map(String::as_str).collect();
                    if let Some(s) = did_you_mean(path, paths.iter().copied()) {
                        d.help = Some(format!("did you mean `{s}`?"));
                    }
                    d
                })
            }
            Check::Link(Link::External(_)) => None,
        };
        diags.extend(problem);
    }
}

/// Two items in one locale with one URL. Only a new or removed item, or a
/// changed slug, can change the URLs: a whole load checks them; an edit
/// that changes none of those (a reload, a draft in place) cannot break
/// this.
pub(crate) fn check_unique_urls(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for ((key, locale), url) in site.urls.iter() {
        if let Some(other) = seen.insert(url.as_str(), key.as_str())
            && let Some(item) = site.resolve(key, locale)
        {
            diags.push(
                Diagnostic::file_level(
                    &item.source,
                    format!("`{url}` is the URL of two items: `{other}` and `{key}`"),
                )
                .field("slug")
                .help("give one of them another `slug`"),
            );
        }
    }
}

/// The shape of an item that its translations must share: its blocks in
/// order, with how many cards, facts or links each has.
fn shape(item: &Item) -> Option<Vec<String>> {
    let crate::kinds::Kind::Page(page) = &item.kind else {
        return None;
    };
    Some(
        page.blocks
            .iter()
            .map(|b| {
                use crate::kinds::page::{Block, CardSource};
                match b {
                    Block::Hero { cta, image, .. } => {
                        format!(
                            "hero{}{}",
                            if cta.is_some() { "+cta" } else { "" },
                            if image.is_some() { "+image" } else { "" }
                        )
                    }
                    Block::Text { .. } => "text".into(),
                    Block::Body => "body".into(),
                    Block::Cards {
                        source: CardSource::Inline(c),
                        ..
                    } => format!("cards({})", c.len()),
                    Block::Cards {
                        source: CardSource::Items(c),
                        ..
                    } => format!("cards({})", c.len()),
                    Block::Cards {
                        source: CardSource::Section { limit, .. },
                        ..
                    } => format!("cards(newest {limit})"),
                    Block::Quote { .. } => "quote".into(),
                    Block::Video { .. } => "video".into(),
                    Block::Facts { facts, .. } => format!("facts({})", facts.len()),
                    Block::Links { links, .. } => format!("links({})", links.len()),
                    Block::Cta { .. } => "cta".into(),
                    Block::Children { .. } => "children".into(),
                    Block::Feature { .. } => "feature".into(),
                    Block::Timeline { entries, .. } => format!("timeline({})", entries.len()),
                }
            })
            .collect(),
    )
}

/// Translations must have the structure of the default locale's version:
/// a card missing in one language is a card a reader of it never sees.
/// `keys`: only the items of these keys (every locale of each), when only
/// they changed in a site that passed this check — the pairs of the other
/// keys are as they were; `None`: every item.
pub(crate) fn check_structure(site: &Site, keys: Option<&BTreeSet<&str>>, diags: &mut Vec<Diagnostic>) {
    match keys {
        None => {
            for item in &site.items {
                structure_of(site, item, diags);
            }
        }
        Some(keys) => {
            for key in keys {
                for (_, n) in site.positions.of_key(key) {
                    if let Some(item) = site.items.get(*n) {
                        structure_of(site, item, diags);
                    }
                }
            }
        }
    }
}

/// [`check_structure`] for one item against its default locale's version.
fn structure_of(site: &Site, item: &Item, diags: &mut Vec<Diagnostic>) {
    let default = site.config.default_locale.as_str();
    if item.locale == default {
        return;
    }
    let Some(original) = site.get(&item.key, default) else {
        return;
    };
    let (Some(theirs), Some(ours)) = (shape(original), shape(item)) else {
        return;
    };
    if theirs != ours {
        diags.push(
            Diagnostic::file_level(&item.source, format!("the blocks differ from the `{default}` version"))
                .field("blocks")
                .expected(format!("{} (as in {})", theirs.join(", "), original.source.display()))
                .found(ours.join(", "))
                .help("translate every block, in the same order, with as many cards, facts and links"),
        );
    }
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn missing_key(mut d: Diagnostic, key: &str, site: &Site) -> Diagnostic {
    d.message = format!("no item has the key `{key}`");
    d.expected = Some("the key of an item: its path under content/<locale>/ without .md".to_string());
    if let Some(s) = did_you_mean(key, site.keys()) {
        d.help = Some(format!("did you mean `@/{s}`?"));
    }
    d
}

/// Items of a folder, ordered for lists: newest first when dated, else by
/// weight then title.
pub fn sort_children(items: &mut [&Item]) {
    items.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.weight.cmp(&b.weight))
            .then_with(|| a.title.cmp(&b.title))
    });
}
