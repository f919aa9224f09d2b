//! The only module of this crate that touches the file system: it reads a
//! site folder into memory. Everything after works on the text it returns.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, SourceFile};

/// A content file: `content/<locale>/<rel>`.
pub(crate) struct ContentFile {
    pub locale: String,
    /// Path under the locale folder, `/`-separated (`about/values.md`).
    pub rel: String,
    pub file: SourceFile,
    /// When the file last changed, as the file system says.
    pub modified: Option<jiff::Timestamp>,
}

/// When the file at `path` last changed, if the file system knows.
fn modified(path: &Path) -> Option<jiff::Timestamp> {
    let time = fs::metadata(path).ok()?.modified().ok()?;
    jiff::Timestamp::try_from(time).ok()
}

pub(crate) struct Files {
    pub config: Option<SourceFile>,
    pub content: Vec<ContentFile>,
    pub static_files: BTreeMap<String, Arc<[u8]>>,
    pub templates: BTreeMap<String, String>,
    pub catalogs: BTreeMap<String, SourceFile>,
    /// The files under `media/` (bundled media and their sidecars), by
    /// path relative to it.
    pub media: Vec<(String, Arc<[u8]>)>,
    pub problems: Vec<Diagnostic>,
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Every file below `dir`, as (path relative to `dir` with `/`, full path),
/// sorted, skipping hidden files and folders.
fn walk(dir: &Path, problems: &mut Vec<Diagnostic>, root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::file_level(
                    &rel(root, &d),
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(_) => {
                    let r = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push((r, path));
                }
                Err(e) => problems.push(Diagnostic::file_level(&rel(root, &path), format!("cannot read: {e}"))),
            }
        }
    }
    out.sort();
    out
}

fn read_text(root: &Path, path: &Path, problems: &mut Vec<Diagnostic>) -> Option<String> {
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut s) => {
                if s.starts_with('\u{feff}') {
                    s.drain(..3);
                }
                Some(s)
            }
            Err(e) => {
                problems.push(
                    Diagnostic::file_level(&rel(root, path), "this file is not valid UTF-8")
                        .found(format!("invalid bytes at offset {}", e.utf8_error().valid_up_to())),
                );
                None
            }
        },
        Err(e) => {
            problems.push(Diagnostic::file_level(
                &rel(root, path),
                format!("cannot read this file: {e}"),
            ));
            None
        }
    }
}

/// Every content file (`content/<locale>/**/*.md`), read on several
/// threads; problems (a file outside a locale folder, a file that is not
/// Markdown, one that cannot be read) are added to `problems`.
pub(crate) fn read_content(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    let mut content = Vec::new();
    let content_dir = root.join("content");
    if content_dir.is_dir() {
        // Checked in walk order, read on several threads (a large site has
        // tens of thousands of files, each mostly a system call).
        let mut wanted = Vec::new();
        for (r, path) in walk(&content_dir, problems, root) {
            let Some((locale, rest)) = r.split_once('/') else {
                problems.push(Diagnostic::file_level(
                    &rel(root, &path),
                    "content files belong in a locale folder: content/<locale>/…",
                ));
                continue;
            };
            if !rest.ends_with(".md") {
                problems.push(
                    Diagnostic::file_level(&rel(root, &path), "only Markdown files belong under content/")
                        .help("put images and downloads in static/"),
                );
                continue;
            }
            wanted.push((locale.to_string(), rest.to_string(), path));
        }
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * 2;
        let chunk = wanted.len().div_ceil(threads).max(1);
        let read: Vec<(Vec<ContentFile>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = wanted
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let (mut files, mut problems) = (Vec::new(), Vec::new());
                        for (locale, rest, path) in part {
                            if let Some(text) = read_text(root, path, &mut problems) {
                                files.push(ContentFile {
                                    locale: locale.clone(),
                                    rel: rest.clone(),
                                    file: SourceFile::new(rel(root, path), text),
                                    modified: modified(path),
                                });
                            }
                        }
                        (files, problems)
                    })
                })
                .collect();
            handles
                .into_iter()
                .zip(wanted.chunks(chunk))
                .map(|(h, part)| {
                    h.join().unwrap_or_else(|_| {
                        let problems = part
                            .iter()
                            .map(|(_, _, path)| Diagnostic::file_level(&rel(root, path), "reading this file failed"))
                            .collect();
                        (Vec::new(), problems)
                    })
                })
                .collect()
        });
        for (files, found) in read {
            content.extend(files);
            problems.extend(found);
        }
    } else {
        problems.push(Diagnostic::file_level(
            Path::new("content"),
            "the site has no content/ folder",
        ));
    }

    content
}

pub(crate) fn read_site(root: &Path) -> Files {
    let mut problems = Vec::new();
    let config_path = root.join("site.toml");
    let config = if config_path.is_file() {
        read_text(root, &config_path, &mut problems).map(|t| SourceFile::new("site.toml".into(), t))
    } else {
        problems.push(Diagnostic::file_level(
            Path::new("site.toml"),
            format!("no site.toml in {}: is this a Portico site folder?", root.display()),
        ));
        None
    };

    let content = read_content(root, &mut problems);

    let mut static_files = BTreeMap::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for (r, path) in walk(&static_dir, &mut problems, root) {
            match fs::read(&path) {
                Ok(bytes) => {
                    static_files.insert(r, Arc::from(bytes));
                }
                Err(e) => problems.push(Diagnostic::file_level(&rel(root, &path), format!("cannot read: {e}"))),
            }
        }
    }

    let mut templates = BTreeMap::new();
    let templates_dir = root.join("templates");
    if templates_dir.is_dir() {
        for (r, path) in walk(&templates_dir, &mut problems, root) {
            if let Some(t) = read_text(root, &path, &mut problems) {
                templates.insert(r, t);
            }
        }
    }

    let mut catalogs = BTreeMap::new();
    let i18n_dir = root.join("i18n");
    if i18n_dir.is_dir() {
        for (r, path) in walk(&i18n_dir, &mut problems, root) {
            if let Some(locale) = r.strip_suffix(".ftl")
                && let Some(t) = read_text(root, &path, &mut problems)
            {
                catalogs.insert(locale.to_string(), SourceFile::new(rel(root, &path), t));
            }
        }
    }

    let media = read_media(root, &mut problems);
    Files {
        config,
        content,
        static_files,
        templates,
        catalogs,
        media,
        problems,
    }
}

/// The files under `media/`: images the site bundles for its media library
/// and their sidecars.
pub(crate) fn read_media(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, Arc<[u8]>)> {
    let dir = root.join("media");
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (r, path) in walk(&dir, problems, root) {
        match fs::read(&path) {
            Ok(bytes) => out.push((r, Arc::from(bytes))),
            Err(e) => problems.push(Diagnostic::file_level(&rel(root, &path), format!("cannot read: {e}"))),
        }
    }
    out
}

/// Reads a file that content points at, by its path relative to the site
/// folder (`data/tools/x/CITATION.cff`). Paths that leave the folder are
/// refused.
pub(crate) fn read_data_file(root: &Path, rel: &str) -> Result<SourceFile, String> {
    let path = Path::new(rel);
    if rel.is_empty() || path.is_absolute() || path.components().any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err("the metadata path must stay inside the site folder".to_string());
    }
    let full = root.join(path);
    let bytes = fs::read(&full).map_err(|e| format!("cannot read the metadata file: {e}"))?;
    let mut text = String::from_utf8(bytes).map_err(|_| "the metadata file is not valid UTF-8".to_string())?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(SourceFile::new(path.to_path_buf(), text))
}

/// Reads one content file given its path under the site root
/// (`content/<locale>/…/x.md`). `None` if the path is not such a file or no
/// longer exists.
pub(crate) fn read_content_file(root: &Path, rel: &Path) -> Option<Result<ContentFile, Diagnostic>> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let [content, locale, rest @ ..] = parts.as_slice() else {
        return None;
    };
    if content != "content" || rest.is_empty() || !rest.last().is_some_and(|f| f.ends_with(".md")) {
        return None;
    }
    let path = root.join(rel);
    if !path.is_file() {
        return None;
    }
    let mut problems = Vec::new();
    Some(match read_text(root, &path, &mut problems) {
        Some(text) => Ok(ContentFile {
            locale: locale.clone(),
            rel: rest.join("/"),
            file: SourceFile::new(rel.to_path_buf(), text),
            modified: modified(&path),
        }),
        None => Err(problems
            .pop()
            .unwrap_or_else(|| Diagnostic::file_level(rel, "cannot read this file"))),
    })
}
