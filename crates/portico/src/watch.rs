//! `serve --watch`: apply changes as they are saved, keep serving the last
//! good version when a change is broken.
//!
//! An edit to existing content files takes the fast path: only those files
//! are read and checked against the site held in memory, only their pages
//! are rendered and swapped into the served snapshot (the edited page is
//! online within milliseconds). The whole site is then rebuilt on a thread
//! of its own, so pages that merely mention the edit (menus, listings,
//! breadcrumbs) follow, and later edits keep taking the fast path while it
//! runs. A rebuild that started before the latest edit is not published
//! (it could show an older version of that edit); it starts again instead.
//! Anything the fast path cannot apply — a new, removed or renamed file, a
//! changed slug, site.toml, a template, a static file — goes straight to
//! the rebuild.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};
use portico_content::{Diagnostics, Reload, Site};
use portico_render::Theme;
use portico_server::{AppState, Levels, Snapshot};

use crate::build::{self, BuildError};

/// Changes closer together than this are one change (an editor's save is
/// often a write and a rename).
const DEBOUNCE: Duration = Duration::from_millis(10);

pub struct Watching {
    _watcher: notify::RecommendedWatcher,
}

/// A broken edit: the problems as `portico check` prints them — the
/// compiler-style blocks, on standard error, where a person watching reads
/// them — and one log line that counts them and names where they are.
fn report(diags: &Diagnostics) {
    eprintln!("{diags}");
    let files: std::collections::BTreeSet<String> = diags.iter().map(|d| d.location()).collect();
    tracing::error!(
        errors = diags.len(),
        at = ?files,
        "the site has errors; still serving the last good version"
    );
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// What the two threads share.
struct Shared {
    dir: PathBuf,
    state: AppState,
    /// Bumped by every change; a rebuild publishes only if it is unchanged
    /// since the rebuild started.
    generation: AtomicU64,
    /// A site from a published rebuild, for the fast path to continue from.
    rebuilt: Mutex<Option<(Site, portico_render::RenderCache)>>,
    theme: Mutex<Theme>,
    /// The search index misses a change the fast path could not apply (a
    /// new or removed page, site.toml): the rebuild re-indexes everything.
    index_stale: AtomicBool,
    /// The folder and the store, which every rebuild reads together.
    content: Arc<crate::files::Content>,
}

/// `site` is the site as served now (kept for the fast path).
pub fn start(
    content: Arc<crate::files::Content>,
    state: AppState,
    site: Site,
    cache: portico_render::RenderCache,
) -> anyhow::Result<Watching> {
    let build::Source {
        dir, theme: theme_dir, ..
    } = content.source.clone();
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event
            && !matches!(e.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(e.paths);
        }
    })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    if let Some(t) = &theme_dir {
        watcher.watch(t, RecursiveMode::Recursive)?;
    }
    let shared = Arc::new(Shared {
        dir,
        state,
        generation: AtomicU64::new(0),
        rebuilt: Mutex::new(None),
        theme: Mutex::new(build::theme(theme_dir.as_deref())?),
        index_stale: AtomicBool::new(false),
        content,
    });
    let (rebuild_tx, rebuild_rx) = mpsc::channel::<()>();
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("portico-rebuild".into())
            .spawn(move || rebuild_loop(&shared, &rebuild_rx))?;
    }
    std::thread::Builder::new()
        .name("portico-watch".into())
        .spawn(move || {
            let mut current = site;
            let mut cache = Some(cache);
            while let Ok(first) = rx.recv() {
                let started = Instant::now();
                let mut changed = first;
                while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                    changed.extend(more);
                }
                changed.sort();
                changed.dedup();
                drop_saved_over(&mut changed);
                if let Some((newer, newer_cache)) = shared.rebuilt.lock().ok().and_then(|mut s| s.take()) {
                    current = newer;
                    cache = Some(newer_cache);
                }
                if let Some(t) = &theme_dir
                    && changed.iter().any(|p| p.starts_with(t))
                {
                    match Theme::from_dir(t) {
                        Ok(fresh) => {
                            if let Ok(mut theme) = shared.theme.lock() {
                                *theme = fresh;
                            }
                        }
                        Err(e) => tracing::error!(error = %e, "reading the theme failed; keeping the last one"),
                    }
                }
                let content = shared.dir.join("content");
                let only_content = !changed.is_empty()
                    && changed
                        .iter()
                        .all(|p| p.starts_with(&content) && p.extension().is_some_and(|e| e == "md"));
                if only_content {
                    match portico_content::reload_files(&current, &shared.dir, &changed) {
                        Reload::Updated { site: next, keys } => {
                            let rendered = match shared.theme.lock() {
                                Ok(theme) => portico_render::render_keys(&next, &theme, &keys, cache.as_ref()),
                                Err(_) => continue,
                            };
                            match rendered {
                                Ok(partial) => {
                                    shared.generation.fetch_add(1, Ordering::SeqCst);
                                    let snapshot = shared.state.snapshot().with_pages(&partial.pages);
                                    let index = snapshot.search().get();
                                    shared.state.swap(snapshot);
                                    portico_server::record_build("watch-edit", started.elapsed(), true);
                                    tracing::info!(
                                        pages = partial.pages.len(),
                                        keys = ?keys,
                                        duration_ms = millis(started),
                                        "edited pages are online; rebuilding the rest"
                                    );
                                    // Re-index just these pages. Before the
                                    // index exists, the rebuild indexes all.
                                    match index {
                                        Some(ix) => match ix.update(partial.search_docs, &[]) {
                                            Ok(()) => {
                                                tracing::info!(
                                                    duration_ms = millis(started),
                                                    "edited pages re-indexed"
                                                );
                                            }
                                            Err(e) => {
                                                tracing::error!(error = %e, "re-indexing the edit failed");
                                                shared.index_stale.store(true, Ordering::SeqCst);
                                            }
                                        },
                                        None => shared.index_stale.store(true, Ordering::SeqCst),
                                    }
                                    current = *next;
                                }
                                Err(e) => {
                                    portico_server::record_build("watch-edit", started.elapsed(), false);
                                    tracing::error!(error = %e, "rendering the edited pages failed");
                                }
                            }
                        }
                        // A broken edit changes nothing, so nothing to rebuild.
                        Reload::Invalid(diags) => {
                            portico_server::record_build("watch-edit", started.elapsed(), false);
                            report(&diags);
                            continue;
                        }
                        Reload::NeedsFullLoad => {
                            shared.index_stale.store(true, Ordering::SeqCst);
                            shared.generation.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                } else {
                    shared.index_stale.store(true, Ordering::SeqCst);
                    shared.generation.fetch_add(1, Ordering::SeqCst);
                }
                let _ = rebuild_tx.send(());
            }
        })?;
    Ok(Watching { _watcher: watcher })
}

/// Rebuilds the whole site whenever asked, publishing only rebuilds that
/// no newer change overtook.
fn rebuild_loop(shared: &Shared, requests: &mpsc::Receiver<()>) {
    while requests.recv().is_ok() {
        loop {
            while requests.try_recv().is_ok() {}
            let generation = shared.generation.load(Ordering::SeqCst);
            let started = Instant::now();
            // A copy (templates are text, files are shared): the fast path
            // must never wait for this rebuild.
            let Ok(theme) = shared.theme.lock().map(|t| t.clone()) else {
                return;
            };
            let built = shared.content.build(&theme);
            match built {
                Ok((site, mut output)) => {
                    if shared.generation.load(Ordering::SeqCst) != generation {
                        // An edit came in while this ran: build again.
                        continue;
                    }
                    let previous = shared.state.snapshot();
                    let docs = std::mem::take(&mut output.search_docs);
                    let snapshot = Snapshot::build(&output, Levels::default(), Some(&previous));
                    drop(previous);
                    let resources = snapshot.len();
                    let slot = snapshot.search().clone();
                    shared.state.swap(snapshot);
                    if shared.index_stale.swap(false, Ordering::SeqCst) {
                        let locales = output.locales.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
                        match portico_search::SiteIndex::build(&locales, docs) {
                            Ok(ix) => slot.set(Arc::new(ix.with_synonyms(&site.config().search_synonyms()))),
                            Err(e) => tracing::error!(error = %e, "re-indexing the site failed"),
                        }
                    }
                    shared.state.set_model(portico_server::ContentModel {
                        site: site.clone(),
                        root: shared.dir.clone(),
                    });
                    if let Ok(mut slot) = shared.rebuilt.lock() {
                        *slot = Some((site, output.cache.clone()));
                    }
                    portico_server::record_build("watch", started.elapsed(), true);
                    tracing::info!(resources, rebuild_ms = millis(started), "site rebuilt");
                }
                Err(BuildError::Content(diags)) => {
                    portico_server::record_build("watch", started.elapsed(), false);
                    report(&diags);
                }
                Err(e) => {
                    portico_server::record_build("watch", started.elapsed(), false);
                    tracing::error!(error = %e, "rebuild failed; still serving the last good version");
                }
            }
            break;
        }
    }
}

/// Removes the temporary files of editors that save by writing a new file
/// and renaming it over the old one (`sed -i`, many editors): a path that
/// no longer exists, in a folder where the same batch changed a Markdown
/// file that does. Without this such a save looks like a change to some
/// other file and takes the full rebuild instead of the edit's fast path.
fn drop_saved_over(changed: &mut Vec<PathBuf>) {
    let saved: Vec<&Path> = changed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
        .filter_map(|p| p.parent())
        .collect();
    let gone: Vec<PathBuf> = changed
        .iter()
        .filter(|p| !p.exists() && p.extension().is_none_or(|e| e != "md"))
        .filter(|p| p.parent().is_some_and(|d| saved.contains(&d)))
        .cloned()
        .collect();
    changed.retain(|p| !gone.contains(p));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_by_rename_is_an_edit_of_the_markdown_file() {
        let dir = std::env::temp_dir().join(format!("portico-watch-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("stories")).expect("dir");
        let story = dir.join("stories/a.md");
        std::fs::write(&story, "+++\n").expect("write");
        let other = dir.join("logo.svg");
        // sed -i: a temporary file, renamed over the story.
        let mut changed = vec![dir.join("stories/sedX1a2B3"), story.clone()];
        drop_saved_over(&mut changed);
        assert_eq!(changed, std::slice::from_ref(&story));
        // A file deleted elsewhere, or next to no saved Markdown, stays.
        let mut changed = vec![other, story.clone(), dir.join("gone/sedX")];
        drop_saved_over(&mut changed);
        assert_eq!(changed.len(), 3);
        // A deleted Markdown file stays: it is a change to the content.
        let mut changed = vec![dir.join("stories/b.md"), story];
        drop_saved_over(&mut changed);
        assert_eq!(changed.len(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
