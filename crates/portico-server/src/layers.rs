//! What the store lays over the site folder, in one place: each item the
//! editor published (its text instead of the file's) and each item taken
//! off the site (its file left out) — each only while the item's file is
//! as it was last seen, since a file changed on disk is newer than both.

use portico_content::{ContentText, Layers};
use portico_store::{FileText, Store, StoreError, text_hash};

/// The layers over the folder whose content files are `files`.
pub async fn layers(store: &Store, files: &[FileText]) -> Result<Layers, StoreError> {
    let overlay = store.published_overlay().await?;
    let withdrawn = store.withdrawn().await?;
    let on_disk = |locale: &str, path: &str| files.iter().find(|d| d.locale == locale && d.path == path);
    let unchanged = |locale: &str, path: &str, seen: Option<&str>| {
        on_disk(locale, path).is_none_or(|d| seen == Some(text_hash(&d.text).as_str()))
    };
    Ok(Layers {
        given: overlay
            .into_iter()
            .filter(|(f, seen)| unchanged(&f.locale, &f.path, seen.as_deref()))
            .map(|(f, _)| ContentText {
                locale: f.locale,
                key: f.key,
                path: f.path,
                text: f.text,
            })
            .collect(),
        withdrawn: withdrawn
            .into_iter()
            .filter(|(locale, path, seen)| on_disk(locale, path).is_some() && unchanged(locale, path, Some(seen)))
            .map(|(locale, path, _)| (locale, path))
            .collect(),
        media: crate::media::media_catalog(store).await?,
    })
}

/// Every content file of the site folder `root`, as the store keeps them.
pub fn file_texts(root: &std::path::Path) -> Vec<FileText> {
    portico_content::content_texts(root)
        .into_iter()
        .map(|t| FileText {
            locale: t.locale,
            key: t.key,
            path: t.path,
            text: t.text,
        })
        .collect()
}
