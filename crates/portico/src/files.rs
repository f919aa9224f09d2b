//! The site folder's content files and the store's revisions together:
//! what is served is the folder with the editor's publications laid over
//! it ([`Content::build`]); a file changed on disk becomes a published
//! revision by `files`. The images the folder bundles in `media/` are
//! brought into the media library the same way, once each (by key), with
//! the focal point and alt text of their sidecars. Also `portico import` /
//! `portico export`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use anyhow::Context as _;
use portico_content::{ContentText, Layers, Reload, Site};
use portico_render::{Output, RenderCache, Theme};
use portico_server::{AppState, ContentModel, Levels, Snapshot};
use portico_store::{Actor, FileText, MediaChange, NewMedia, Store, SyncReport};

use crate::build::{self, BuildError};

/// The site's two sources: its folder and the store.
pub struct Content {
    pub store: Store,
    /// Runs the store's calls from the threads that build.
    pub runtime: tokio::runtime::Handle,
    pub source: build::Source,
}

impl Content {
    /// Loads and renders the site: the folder's files, with each item the
    /// editor published laid over its file — unless the file changed on
    /// disk since it was last seen (then the file is newer). Only when the
    /// site is valid are the changed files saved as revisions, so the store
    /// says what was built.
    pub fn build(&self, theme: &Theme) -> Result<(Site, Output), BuildError> {
        let files = file_texts(&self.source.dir);
        // The folder's bundled images first, so that the catalog the
        // layers read has them with their variants.
        match self.runtime.block_on(import_media(&self.store, &self.source.dir)) {
            Ok(0) => {}
            Ok(added) => tracing::info!(added, "the site's bundled images were added to the media library"),
            Err(e) => tracing::error!(error = %e, "the site's bundled images were not added to the media library"),
        }
        let layers = self.layers(&files);
        let built = in_background(|| {
            build::load_and_render_over(&self.source.dir, theme, self.source.base_url.as_deref(), &layers)
        })?;
        match self.runtime.block_on(self.store.sync_files(&files)) {
            Ok(r) if r.added + r.changed > 0 => {
                tracing::info!(added = r.added, changed = r.changed, "content files saved as revisions");
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "the changed files were not saved as revisions"),
        }
        Ok(built)
    }

    /// What the store lays over the folder's `files` (nothing, logged,
    /// when the store cannot be read: the folder alone is served).
    fn layers(&self, files: &[FileText]) -> Layers {
        match self.runtime.block_on(portico_server::layers(&self.store, files)) {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "the editor's publications cannot be read; building from the files alone");
                Layers::default()
            }
        }
    }

    /// Builds the site and serves it — pages swapped in at once, the model
    /// kept for drafts, the search index rebuilt — unless, with a `gate`,
    /// its generation moved past `at` meanwhile (`Ok(None)`: a newer
    /// publication came in). Returns what the render worked out, for the
    /// next fast path.
    pub fn rebuild_into(
        &self,
        state: &AppState,
        gate: Option<(&Mutex<u64>, u64)>,
    ) -> Result<Option<RenderCache>, BuildError> {
        let theme = build::theme(self.source.theme.as_deref())?;
        let (site, mut output) = self.build(&theme)?;
        let previous = state.snapshot();
        let docs = std::mem::take(&mut output.search_docs);
        let snapshot = in_background(|| Snapshot::build(&output, Levels::default(), Some(&previous)));
        drop(previous);
        let slot = snapshot.search().clone();
        {
            // Checked and swapped under the lock the fast path swaps under.
            let held = gate.map(|(m, at)| (m.lock(), at));
            if let Some((Ok(g), at)) = &held
                && **g != *at
            {
                return Ok(None);
            }
            state.swap(snapshot);
        }
        let synonyms = site.config().search_synonyms();
        state.set_model(ContentModel {
            site,
            root: self.source.dir.clone(),
        });
        let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
        match in_background(|| portico_search::SiteIndex::build(&locales, docs)) {
            Ok(ix) => slot.set(Arc::new(ix.with_synonyms(&synonyms))),
            Err(e) => tracing::error!(error = %e, "re-indexing the site failed"),
        }
        Ok(Some(output.cache))
    }

    /// The fast path of a publication: the published texts of `items`
    /// applied to the site in memory and only their pages rendered and
    /// swapped in. The number of pages, or why it cannot be done this way
    /// (a new item, a changed address: the full rebuild serves it).
    fn swap_in(&self, state: &AppState, items: &[(String, String)], cache: &RenderCache) -> Result<usize, String> {
        let model = state.model().ok_or("no model yet")?;
        // The published texts of these items only, read by their keys.
        let overlay = self
            .runtime
            .block_on(self.store.published_overlay_of(items))
            .map_err(|e| e.to_string())?;
        let texts: Vec<ContentText> = overlay
            .into_iter()
            .map(|(f, _)| ContentText {
                locale: f.locale,
                key: f.key,
                path: f.path,
                text: f.text,
            })
            .collect();
        if texts.is_empty() {
            return Err("not different from the files".into());
        }
        let (next, keys) = match portico_content::reload_texts(&model.site, &model.root, &texts) {
            Reload::Updated { site, keys } => (site, keys),
            Reload::Invalid(diags) => return Err(diags.to_string()),
            Reload::NeedsFullLoad => return Err("the change reaches beyond its pages".into()),
        };
        let theme = build::theme(self.source.theme.as_deref()).map_err(|e| e.to_string())?;
        let partial = portico_render::render_keys(&next, &theme, &keys, Some(cache)).map_err(|e| e.to_string())?;
        let snapshot = state.snapshot().with_pages(&partial.pages);
        let index = snapshot.search().get();
        state.swap(snapshot);
        state.set_model(ContentModel {
            site: *next,
            root: model.root.clone(),
        });
        if let Some(ix) = index
            && let Err(e) = ix.update(partial.search_docs, &[])
        {
            tracing::error!(error = %e, "re-indexing the published items failed");
        }
        Ok(partial.pages.len())
    }
}

/// Serves each publication: on one thread, the published items alone,
/// checked against the site in memory and their pages rendered and
/// swapped in (the edited page is online within moments); on another,
/// the whole site rebuilt and swapped again (lists, feeds, search and
/// every page that mentions them). A rebuild that a newer publication
/// overtook is not served but started again, so it never takes back a
/// page the fast path put up.
pub fn start_publisher(content: Arc<Content>, state: &AppState, cache: RenderCache) -> anyhow::Result<()> {
    let generation = Arc::new(Mutex::new(0u64));
    let cache = Arc::new(Mutex::new(cache));
    let (rebuild_tx, rebuild_rx) = mpsc::channel::<()>();
    {
        let (content, served, generation, cache) = (content.clone(), state.clone(), generation.clone(), cache.clone());
        std::thread::Builder::new()
            .name("portico-republish".into())
            .spawn(move || {
                while rebuild_rx.recv().is_ok() {
                    while rebuild_rx.try_recv().is_ok() {}
                    loop {
                        let started = Instant::now();
                        let at = generation.lock().map_or(0, |g| *g);
                        match content.rebuild_into(&served, Some((&generation, at))) {
                            Ok(Some(next)) => {
                                if let Ok(mut c) = cache.lock() {
                                    *c = next;
                                }
                                portico_server::record_build("republish", started.elapsed(), true);
                                tracing::info!(rebuild_ms = millis(started), "published content is online everywhere");
                                break;
                            }
                            // Overtaken by a newer publication: build again.
                            Ok(None) => {}
                            Err(e) => {
                                portico_server::record_build("republish", started.elapsed(), false);
                                tracing::error!(
                                    error = %e,
                                    "the published content could not be built; still serving the last good version"
                                );
                                break;
                            }
                        }
                    }
                }
            })?;
    }
    let (tx, rx) = mpsc::channel::<(String, String)>();
    let served = state.clone();
    std::thread::Builder::new()
        .name("portico-publish".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut items = vec![first];
                items.extend(rx.try_iter());
                let started = Instant::now();
                let fast = match (generation.lock(), cache.lock()) {
                    (Ok(mut g), Ok(c)) => {
                        *g += 1;
                        content.swap_in(&served, &items, &c)
                    }
                    _ => Err("a lock is poisoned".into()),
                };
                // Counted when the fast path served it; when it could not
                // apply, the rebuild serves it (counted as `republish`).
                if fast.is_ok() {
                    portico_server::record_build("publish", started.elapsed(), true);
                }
                match fast {
                    Ok(pages) => tracing::info!(pages, duration_ms = millis(started), "published items are online"),
                    Err(why) => tracing::info!(reason = %why, "published items wait for the full rebuild"),
                }
                let _ = rebuild_tx.send(());
            }
        })?;
    let tx = Mutex::new(tx);
    state.set_publish_hook(move |locale: &str, key: &str| {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send((locale.to_string(), key.to_string()));
        }
    });
    Ok(())
}

/// Runs `work` on a thread of lower scheduling priority (nice 10; on
/// Linux a thread's own, inherited by the threads it starts) and waits
/// for it: a full rebuild takes every idle cycle but gives way to what an
/// editor waits for — a publication's fast path, a save, a preview, the
/// admin pages. Only work that touches no store runs there: a connection
/// the pool opened from it would keep its priority.
fn in_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    // Taken by the thread, or back here if no thread could be started.
    let work = Mutex::new(Some(work));
    let take = || work.lock().ok().and_then(|mut w| w.take());
    let started = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("portico-rebuild".into())
            .spawn_scoped(scope, || {
                #[cfg(target_os = "linux")]
                if let Err(e) = rustix::process::setpriority_process(None, 10) {
                    tracing::debug!(error = %e, "the rebuild keeps its priority");
                }
                take().map(|w| w())
            });
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => {
                tracing::debug!(error = %e, "no thread for the rebuild: it runs here");
                None
            }
        }
    });
    match started {
        Some(done) => done,
        None => match take() {
            Some(w) => w(),
            None => unreachable!("the work ran or is still here"),
        },
    }
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Every content file of the site in `dir`, as the store keeps them.
pub fn file_texts(dir: &Path) -> Vec<FileText> {
    portico_server::file_texts(dir)
}

/// Brings the content files of `dir` into the store, and the images it
/// bundles into the media library.
pub async fn sync(store: &Store, dir: &Path) -> anyhow::Result<SyncReport> {
    import_media(store, dir).await?;
    let files = file_texts(dir);
    store
        .sync_files(&files)
        .await
        .context("bringing the content files into the store")
}

/// Adds each image the site folder `dir` bundles in `media/` that the
/// media library does not have yet (by key: the same bytes are the same
/// file), re-encoded like an upload, with its sidecar's focal point, alt
/// texts and decorative flag, audited as made by `files`. A file already
/// there is left as the library has it (its description may have been
/// edited since). The number of files added.
pub async fn import_media(store: &Store, dir: &Path) -> anyhow::Result<usize> {
    let bundled = portico_content::bundled_media(dir).map_err(|d| anyhow::anyhow!("{d}"))?;
    let by = Actor {
        who: "files".to_string(),
        trace_id: String::new(),
    };
    let mut added = 0;
    for b in bundled {
        if store.media(&b.key).await?.is_some() {
            continue;
        }
        let (bytes, name) = (b.bytes.clone(), b.file_name.clone());
        let processed = tokio::task::spawn_blocking(move || portico_media::process(&bytes, &name))
            .await?
            .with_context(|| format!("{}", b.path.display()))?;
        anyhow::ensure!(
            processed.key == b.key && processed.kind() == portico_media::Kind::Image,
            "{} is not the image it was read as",
            b.path.display()
        );
        let new = NewMedia {
            key: &processed.key,
            kind: processed.kind().as_str(),
            mime: processed.format.mime(),
            file_name: &processed.file_name,
            size: processed.size,
            original: &b.bytes,
            variants: portico_server::variants_of(&processed),
            alt: None,
            decorative: b.decorative,
            account_id: None,
        };
        let (_, created) = store.put_media(&new, &by).await?;
        let change = MediaChange {
            alt: b.alt.iter().map(|(l, a)| (l.clone(), a.clone())).collect(),
            decorative: None,
            focal: Some(b.focal),
        };
        store.change_media(&b.key, &change, &by).await?;
        added += usize::from(created);
    }
    Ok(added)
}

/// `portico import DIR`: checks the site, then brings its content files in.
pub fn import(dir: &Path, store: &crate::database::StoreArgs) -> anyhow::Result<ExitCode> {
    if let Err(diags) = portico_content::load(dir) {
        eprintln!("{diags}");
        return Ok(ExitCode::FAILURE);
    }
    crate::accounts::runtime()?.block_on(async {
        let store = store.open().await?;
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
pub fn export(out: &Path, store: &crate::database::StoreArgs) -> anyhow::Result<ExitCode> {
    crate::accounts::runtime()?.block_on(async {
        let store = store.open().await?;
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
