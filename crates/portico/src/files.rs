//! The site folder's content files and the store's revisions: brought in
//! at start and after every rebuild (a changed file becomes a published
//! revision by `files`), and `portico import` / `portico export`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use portico_store::{FileText, Store, SyncReport};

/// Every content file of the site in `dir`, as the store keeps them.
pub fn file_texts(dir: &Path) -> Vec<FileText> {
    portico_content::content_texts(dir)
        .into_iter()
        .map(|t| FileText {
            locale: t.locale,
            key: t.key,
            path: t.path,
            text: t.text,
        })
        .collect()
}

/// Brings the content files of `dir` into the store.
pub async fn sync(store: &Store, dir: &Path) -> anyhow::Result<SyncReport> {
    let files = file_texts(dir);
    store
        .sync_files(&files)
        .await
        .context("bringing the content files into the store")
}

/// `portico import DIR`: checks the site, then brings its content files in.
pub fn import(dir: &Path, data: &Path) -> anyhow::Result<ExitCode> {
    if let Err(diags) = portico_content::load(dir) {
        eprintln!("{diags}");
        return Ok(ExitCode::FAILURE);
    }
    crate::accounts::runtime()?.block_on(async {
        let store = Store::open(data)
            .await
            .with_context(|| format!("opening the data folder {}", data.display()))?;
        let report = sync(&store, dir).await?;
        println!(
            "{} new, {} changed, {} unchanged",
            report.added, report.changed, report.unchanged
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// `portico export DIR`: writes each item's published revision to
/// `DIR/content/<locale>/<path>`, exactly.
pub fn export(out: &Path, data: &Path) -> anyhow::Result<ExitCode> {
    crate::accounts::runtime()?.block_on(async {
        let store = Store::open(data)
            .await
            .with_context(|| format!("opening the data folder {}", data.display()))?;
        let files = store.published_files().await?;
        for f in &files {
            let path = safe_path(out, &f.locale, &f.path)
                .with_context(|| format!("{}/{} is not a path inside the folder", f.locale, f.path))?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(&path, &f.text).with_context(|| format!("writing {}", path.display()))?;
        }
        println!("{} files written to {}", files.len(), out.join("content").display());
        Ok(ExitCode::SUCCESS)
    })
}

/// `out/content/<locale>/<path>`, if both are plain relative paths.
fn safe_path(out: &Path, locale: &str, path: &str) -> Option<PathBuf> {
    let plain = |p: &str| {
        !p.is_empty()
            && Path::new(p)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
    };
    (plain(locale) && plain(path)).then(|| out.join("content").join(locale).join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_paths_stay_inside_the_folder() {
        let out = Path::new("/tmp/out");
        assert_eq!(
            safe_path(out, "en", "careers/_index.md"),
            Some(PathBuf::from("/tmp/out/content/en/careers/_index.md"))
        );
        assert_eq!(safe_path(out, "en", "../../etc/passwd"), None);
        assert_eq!(safe_path(out, "..", "a.md"), None);
        assert_eq!(safe_path(out, "en", "/abs.md"), None);
        assert_eq!(safe_path(out, "", "a.md"), None);
    }
}
