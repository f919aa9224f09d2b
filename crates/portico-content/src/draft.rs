//! The editor's side of the compiler: a draft's text checked against the
//! site in memory (the same parser and checks as a file on disk, so the
//! same diagnostics), and a site folder's content files as text for the
//! store to keep as revisions.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::SourceFile;
use crate::{Diagnostics, Kind, Site, load, parse, refs, validate};

/// One content file's text: `content/<locale>/<path>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentText {
    /// The locale folder.
    pub locale: String,
    /// The item's key (`careers/data-engineer`; empty for the home page).
    pub key: String,
    /// The path under the locale folder (`careers/_index.md`).
    pub path: String,
    /// The file, exactly.
    pub text: String,
}

/// What the store lays over a site folder: the published texts that
/// differ from its files, and the files of items taken off the site
/// (`(locale, path under the locale folder)`).
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// Texts read instead of the folder's (or added to it).
    pub given: Vec<ContentText>,
    /// Files of the folder left out.
    pub withdrawn: Vec<(String, String)>,
    /// The media library, which `media:KEY` images are checked against.
    pub media: crate::media::MediaCatalog,
}

/// The key a content file's path stands for (`careers/_index.md` →
/// `careers`).
pub fn key_of(path: &str) -> String {
    parse::key_of(path).0
}

/// Every content file of the site in `root`, as text, sorted by locale and
/// path. Files that cannot be read are left out (loading the site reports
/// them).
pub fn content_texts(root: &Path) -> Vec<ContentText> {
    let mut texts: Vec<ContentText> = load::read_content(root, &mut Vec::new())
        .into_iter()
        .map(|cf| ContentText {
            key: parse::key_of(&cf.rel).0,
            locale: cf.locale,
            path: cf.rel,
            text: cf.file.text,
        })
        .collect();
    texts.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    texts
}

/// Replaces (or adds) the content files named in `given` by their text.
pub(crate) fn lay_over(content: &mut Vec<load::ContentFile>, given: &[ContentText]) {
    for g in given {
        let file = SourceFile::new(PathBuf::from("content").join(&g.locale).join(&g.path), g.text.clone());
        match content.iter_mut().find(|cf| cf.locale == g.locale && cf.rel == g.path) {
            Some(cf) => cf.file = file,
            None => content.push(load::ContentFile {
                locale: g.locale.clone(),
                rel: g.path.clone(),
                file,
                modified: None,
            }),
        }
    }
}

/// Checks `text` as the file `content/<locale>/<path>` of `site` (loaded
/// from `root`): every problem the file would have on disk, with line,
/// column and field — its own, and its links and references against the
/// rest of the site. Empty: the text is valid.
pub fn check_file(site: &Site, root: &Path, locale: &str, path: &str, text: &str) -> Diagnostics {
    let rel = PathBuf::from("content").join(locale).join(path);
    let cf = load::ContentFile {
        locale: locale.to_string(),
        rel: path.to_string(),
        file: SourceFile::new(rel, text.to_string()),
        modified: None,
    };
    let mut refs = refs::Refs {
        root: Some(root.to_path_buf()),
        locale: Some(locale.to_string()),
        ..refs::Refs::default()
    };
    if !site.config.locales.iter().any(|l| l.code == locale) {
        let mut all = Diagnostics(vec![crate::Diagnostic::file_level(
            &cf.file.path,
            format!("locale `{locale}` is not declared in site.toml"),
        )]);
        all.sort();
        return all;
    }
    let parsed = parse::parse_item(&cf, &mut refs);
    let mut diags = parsed.diags;
    if let Some(mut item) = parsed.item.filter(|_| diags.is_empty()) {
        let key = key_of(path);
        // The item in place when its address and type stay (its
        // translations' structure is then checked against it); otherwise
        // (a new item, a new slug) its references are checked against the
        // site as it is. The site's tables are shared, not copied.
        let placed = site.positions.get(&key, locale).copied().filter(|&index| {
            let old = &site.items[index];
            old.slug == item.slug
                && old.aliases == item.aliases
                && std::mem::discriminant(&old.kind) == std::mem::discriminant(&item.kind)
        });
        let mut next = None;
        if let Some(index) = placed {
            let mut with = site.clone();
            if let (Kind::Page(new), Kind::Page(was)) = (&mut item.kind, &with.items[index].kind) {
                new.is_section = was.is_section;
            }
            with.items[index] = Arc::new(item);
            next = Some(with);
        }
        let next = next.as_ref().unwrap_or(site);
        let attempted = |k: &str| k == key || next.has_key(k);
        validate::check(next, refs.pending, &attempted, &mut diags);
        if placed.is_some() {
            validate::check_structure(next, Some(&BTreeSet::from([key.as_str()])), &mut diags);
        }
    }
    let mut all = Diagnostics(diags);
    all.sort();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (PathBuf, Site) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/i18n");
        let site = load(&root).expect("the fixture loads");
        (root, site)
    }

    #[test]
    fn a_files_own_text_is_valid_and_every_problem_of_a_bad_one_is_named() {
        let (root, site) = fixture();
        let texts = content_texts(&root);
        assert!(!texts.is_empty());
        for t in &texts {
            let diags = check_file(&site, &root, &t.locale, &t.path, &t.text);
            assert!(diags.0.is_empty(), "{}/{}: {diags}", t.locale, t.path);
        }
        let first = &texts[0];
        let broken = first.text.replacen("+++\n", "+++\ntitel = \"typo\"\n", 1);
        let diags = check_file(&site, &root, &first.locale, &first.path, &broken);
        let shown = diags.to_string();
        assert!(shown.contains("titel"), "{shown}");
        assert!(
            shown.contains(&format!("content/{}/{}", first.locale, first.path)),
            "{shown}"
        );
        let unknown_locale = check_file(&site, &root, "xx", "a.md", "+++\ntitle = \"A\"\n+++\n");
        assert_eq!(unknown_locale.0.len(), 1);
    }

    #[test]
    fn given_texts_replace_the_folders_files() {
        let (root, _) = fixture();
        let team = content_texts(&root)
            .into_iter()
            .find(|t| t.locale == "en" && t.key == "about/team")
            .expect("the team page");
        let given = ContentText {
            text: team.text.replace("title = \"Team\"", "title = \"The people\""),
            ..team
        };
        let site = crate::load_with(&root, std::slice::from_ref(&given)).expect("loads");
        let item = site
            .items
            .iter()
            .find(|i| i.key == "about/team" && i.locale == "en")
            .expect("item");
        assert_eq!(item.title, "The people");
    }
}
