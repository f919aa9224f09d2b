#![doc = include_str!("../README.md")]

mod config;
mod decl;
mod diagnostic;
mod draft;
mod fields;
mod kinds;
mod load;
mod media;
mod model;
mod parse;
mod reader;
mod refs;
mod site;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Every content type's fields, declared once: what drives the parser,
/// the JSON Schemas, the editor's guide and the web editor's forms.
pub mod schema {
    pub use crate::decl::*;
    pub use crate::kinds::{blocks, type_named, type_of, types};
}

pub use diagnostic::{Diagnostic, Diagnostics};
pub use draft::{ContentText, Layers, check_file, content_texts, key_of};
pub use kinds::Kind;
pub use kinds::area::Area;
pub use kinds::episode::Episode;
pub use kinds::event::{Event, EventPhase};
pub use kinds::fact::Fact;
pub use kinds::job::{Job, Remote};
pub use kinds::lab::Lab;
pub use kinds::location::{Location, LocationKind};
pub use kinds::page::{Block, Card, CardSource, FactLine, Page, TimelineEntry};
pub use kinds::person::Person;
pub use kinds::program::{Program, ProgramPhase};
pub use kinds::series::Series;
pub use kinds::story::Story;
pub use kinds::tool::{Credit, Tool, ToolKind};
pub use media::{
    BundledMedia, CROP_ASPECTS, CropName, MEDIA_SCHEME, MediaCatalog, MediaEntry, MediaKind, bundled_media,
};
pub use model::*;
pub use site::{Item, Site};
use site::{positions, url_index, url_paths};
pub use validate::sort_children;

/// Reads, parses and validates the site in `root`. Every problem in every
/// file is reported at once; a site is returned only if there are none.
pub fn load(root: &Path) -> Result<Site, Diagnostics> {
    load_with(root, &[])
}

/// [`load`], with some content files' text given instead of read: the
/// published revisions of the store that differ from the folder (an
/// editor's publication). A given file that the folder lacks is added.
pub fn load_with(root: &Path, given: &[ContentText]) -> Result<Site, Diagnostics> {
    load_over(
        root,
        &Layers {
            given: given.to_vec(),
            withdrawn: Vec::new(),
            ..Layers::default()
        },
    )
}

/// The site in `root` with the store's layers: published texts laid over
/// the folder's files, and the files of items taken off the site left out
/// (whatever still refers to them is reported, as for a deleted file).
pub fn load_over(root: &Path, layers: &Layers) -> Result<Site, Diagnostics> {
    let mut files = load::read_site(root);
    files
        .content
        .retain(|cf| !layers.withdrawn.iter().any(|(l, p)| *l == cf.locale && *p == cf.rel));
    draft::lay_over(&mut files.content, &layers.given);
    let mut diags = files.problems;
    let mut refs = refs::Refs::default();

    let config = match &files.config {
        Some(file) => {
            let (config, d) = config::parse(file, &mut refs);
            diags.extend(d);
            config
        }
        None => None,
    };
    let codes: Vec<String> = config
        .as_ref()
        .map(|c| c.locales.iter().map(|l| l.code.clone()).collect())
        .unwrap_or_default();

    let mut items = Vec::new();
    let attempted: std::collections::BTreeSet<String> =
        files.content.iter().map(|cf| parse::key_of(&cf.rel).0).collect();
    let (declared, undeclared): (Vec<&load::ContentFile>, Vec<&load::ContentFile>) = files
        .content
        .iter()
        .partition(|cf| config.is_none() || codes.contains(&cf.locale));
    for cf in undeclared {
        let mut d = Diagnostic::file_level(
            &cf.file.path,
            format!("locale `{}` is not declared in site.toml", cf.locale),
        )
        .expected(format!("a folder named after a declared locale: {}", codes.join(", ")));
        if let Some(s) = diagnostic::did_you_mean(&cf.locale, codes.iter().map(String::as_str)) {
            d = d.help(format!("did you mean content/{s}/?"));
        }
        diags.push(d);
    }
    // Files parse independently: on every core.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = declared.len().div_ceil(threads).max(1);
    let parts: Vec<(Vec<Arc<Item>>, Vec<Diagnostic>, refs::Refs)> = std::thread::scope(|scope| {
        let handles: Vec<_> = declared
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut refs = refs::Refs {
                        root: Some(root.to_path_buf()),
                        ..refs::Refs::default()
                    };
                    let (mut items, mut diags) = (Vec::new(), Vec::new());
                    for cf in part {
                        refs.locale = Some(cf.locale.clone());
                        let parsed = parse::parse_item(cf, &mut refs);
                        diags.extend(parsed.diags);
                        if let Some(item) = parsed.item
                            && !parsed.draft
                        {
                            items.push(Arc::new(item));
                        }
                    }
                    (items, diags, refs)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for (part_items, part_diags, part_refs) in parts {
        items.extend(part_items);
        diags.extend(part_diags);
        refs.pending.extend(part_refs.pending);
    }
    // Catalog files must be for declared locales.
    for (locale, file) in &files.catalogs {
        if config.is_some() && !codes.contains(locale) {
            diags.push(Diagnostic::file_level(
                &file.path,
                format!("locale `{locale}` is not declared in site.toml"),
            ));
        }
    }

    let Some(config) = config else {
        let mut all = Diagnostics(diags);
        all.sort();
        return Err(all);
    };
    items.sort_by(|a, b| (a.key.as_str(), a.locale.as_str()).cmp(&(b.key.as_str(), b.locale.as_str())));
    if !items
        .iter()
        .any(|i| i.key.is_empty() && i.locale == config.default_locale)
        && diags.is_empty()
    {
        diags.push(Diagnostic::file_level(
            Path::new(&format!("content/{}/_index.md", config.default_locale)),
            "the site has no home page in its default locale",
        ));
    }
    // The tree: the children of every key, each child once.
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut last: Option<&str> = None;
    for item in &items {
        if item.key.is_empty() || last == Some(item.key.as_str()) {
            continue;
        }
        last = Some(item.key.as_str());
        let parent = item.key.rsplit_once('/').map_or("", |(p, _)| p).to_string();
        children.entry(parent).or_default().push(item.key.clone());
    }
    let mut site = Site {
        config,
        positions: Arc::new(positions(&items)),
        items,
        static_files: Arc::new(files.static_files),
        templates: Arc::new(files.templates),
        catalogs: Arc::new(files.catalogs.into_iter().map(|(k, f)| (k, f.text)).collect()),
        urls: Arc::default(),
        paths: Arc::default(),
        url_index: Arc::default(),
        children: Arc::new(children),
        media: media::over_folder(&layers.media, &files.media, &codes, &mut diags),
        media_used: Arc::new(media_keys(&refs.pending)),
    };
    // Mark sections: an `_index.md` with items below it.
    for item in &mut site.items {
        let section = item.is_index && !item.key.is_empty() && site.children.contains_key(&item.key);
        if matches!(&item.kind, Kind::Page(p) if p.is_section != section)
            && let Kind::Page(p) = &mut Arc::make_mut(item).kind
        {
            p.is_section = section;
        }
    }
    let urls = validate::compute_urls(&site);
    site.url_index = Arc::new(url_index(&urls));
    site.paths = Arc::new(url_paths(&urls));
    site.urls = Arc::new(urls);
    validate::check(&site, refs.pending, &|key| attempted.contains(key), &mut diags);
    validate::check_unique_urls(&site, &mut diags);
    validate::check_structure(&site, None, &mut diags);

    if diags.is_empty() {
        Ok(site)
    } else {
        let mut all = Diagnostics(diags);
        all.sort();
        Err(all)
    }
}

/// What [`reload_files`] made of a change.
#[derive(Debug)]
pub enum Reload {
    /// The changed files are valid: the site with them replaced, and the
    /// keys of the items that changed.
    Updated { site: Box<Site>, keys: Vec<String> },
    /// The changed files have problems; nothing changed.
    Invalid(Diagnostics),
    /// Not a change that can be applied file by file (a new, removed or
    /// renamed file, a changed slug or alias, site.toml, a template, a
    /// static file…): load the whole site again.
    NeedsFullLoad,
}

/// Applies a change to a few existing content files to an already loaded
/// site without reading the rest: each file is parsed and checked against
/// the site in memory. Anything more than that answers
/// [`Reload::NeedsFullLoad`].
pub fn reload_files(site: &Site, root: &Path, changed: &[std::path::PathBuf]) -> Reload {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        match load::read_content_file(root, rel) {
            Some(Ok(cf)) => files.push(cf),
            Some(Err(d)) => diags.push(d),
            None => return Reload::NeedsFullLoad,
        }
    }
    reload_content(site, root, files, diags)
}

/// [`reload_files`] for texts given rather than read (a publication from
/// the editor): each is the named file's new text.
pub fn reload_texts(site: &Site, root: &Path, texts: &[ContentText]) -> Reload {
    let mut files = Vec::new();
    draft::lay_over(&mut files, texts);
    reload_content(site, root, files, Vec::new())
}

/// The changed `files` applied to `site`: each parsed, then checked for
/// what an edit of an item that keeps its address and type can break —
/// its own references, and the structure its translations share. The
/// rest of the site passed every check when it was loaded and is as it
/// was (its tables shared, not copied), so the work is that of the
/// changed items, not of the site.
fn reload_content(site: &Site, root: &Path, files: Vec<load::ContentFile>, mut diags: Vec<Diagnostic>) -> Reload {
    let codes: Vec<&str> = site.config.locales.iter().map(|l| l.code.as_str()).collect();
    let mut next = site.clone();
    let mut refs = refs::Refs {
        root: Some(root.to_path_buf()),
        ..refs::Refs::default()
    };
    let mut keys = Vec::new();
    for cf in files {
        if !codes.contains(&cf.locale.as_str()) {
            return Reload::NeedsFullLoad;
        }
        let (key, _) = parse::key_of(&cf.rel);
        let Some(&index) = next.positions.get(&key, &cf.locale) else {
            return Reload::NeedsFullLoad;
        };
        refs.locale = Some(cf.locale.clone());
        let parsed = parse::parse_item(&cf, &mut refs);
        diags.extend(parsed.diags);
        if parsed.draft {
            return Reload::NeedsFullLoad;
        }
        let Some(mut item) = parsed.item else { continue };
        let old = &next.items[index];
        // A new URL, alias or type changes what links here: a full load.
        if old.slug != item.slug
            || old.aliases != item.aliases
            || std::mem::discriminant(&old.kind) != std::mem::discriminant(&item.kind)
        {
            return Reload::NeedsFullLoad;
        }
        if let (Kind::Page(new), Kind::Page(was)) = (&mut item.kind, &old.kind) {
            new.is_section = was.is_section;
        }
        next.items[index] = Arc::new(item);
        keys.push(key);
    }
    let used = media_keys(&refs.pending);
    if !used.is_subset(&next.media_used) {
        Arc::make_mut(&mut next.media_used).extend(used);
    }
    if diags.is_empty() {
        // Every key of the site is that of a loaded file.
        let has_key = |key: &str| next.has_key(key);
        validate::check(&next, refs.pending, &has_key, &mut diags);
        let changed: std::collections::BTreeSet<&str> = keys.iter().map(String::as_str).collect();
        validate::check_structure(&next, Some(&changed), &mut diags);
    }
    if diags.is_empty() {
        keys.sort();
        keys.dedup();
        Reload::Updated {
            site: Box::new(next),
            keys,
        }
    } else {
        let mut all = Diagnostics(diags);
        all.sort();
        Reload::Invalid(all)
    }
}

/// The keys of the library's files that `pending` references use.
fn media_keys(pending: &[refs::Pending]) -> std::collections::BTreeSet<String> {
    pending
        .iter()
        .filter_map(|p| match &p.check {
            refs::Check::Media { key, .. } => Some(key.clone()),
            _ => None,
        })
        .collect()
}
