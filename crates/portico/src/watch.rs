//! `serve --watch`: apply changes as they are saved, keep serving the last
//! good version when a change is broken.
//!
//! An edit to existing content files takes the fast path: only those files
//! are read and checked against the site held in memory, only their pages
//! are rendered and swapped into the served snapshot (the edited page is
//! online within milliseconds). Then the whole site is rebuilt in the
//! background, so pages that merely mention the edited one (menus,
//! listings, breadcrumbs) follow. Anything else — a new or removed file, a
//! changed slug, site.toml, a template, a static file — takes the full
//! rebuild directly.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};
use portico_content::{Diagnostics, Reload, Site};
use portico_render::Theme;
use portico_server::{AppState, Levels, Snapshot};

use crate::build::{self, BuildError};

/// Changes closer together than this are one rebuild (an editor's save is
/// often a write and a rename).
const DEBOUNCE: Duration = Duration::from_millis(10);

pub struct Watching {
    _watcher: notify::RecommendedWatcher,
}

fn report(diags: &Diagnostics) {
    let problems: Vec<String> = diags
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    tracing::error!(
        errors = diags.len(),
        problems = ?problems,
        "the site has errors; still serving the last good version\n{diags}"
    );
}

/// `site` is the site as served now (kept for the fast path).
pub fn start(dir: PathBuf, theme_dir: Option<PathBuf>, state: AppState, site: Site) -> anyhow::Result<Watching> {
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
    let mut theme = build::theme(theme_dir.as_deref())?;
    std::thread::Builder::new()
        .name("portico-watch".into())
        .spawn(move || {
            let mut current = Some(site);
            while let Ok(first) = rx.recv() {
                let started = Instant::now();
                let mut changed = first;
                // Let a burst of writes (an editor saving, a git checkout) settle.
                while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                    changed.extend(more);
                }
                changed.sort();
                changed.dedup();
                let content = dir.join("content");
                let only_content = !changed.is_empty()
                    && changed
                        .iter()
                        .all(|p| p.starts_with(&content) && p.extension().is_some_and(|e| e == "md"));
                if only_content && let Some(site) = &current {
                    match portico_content::reload_files(site, &dir, &changed) {
                        Reload::Updated { site: next, keys } => {
                            match portico_render::render_keys(&next, &theme, &keys) {
                                Ok(pages) => {
                                    state.swap(state.snapshot().with_pages(&pages));
                                    tracing::info!(
                                        pages = pages.len(),
                                        keys = ?keys,
                                        duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                                        "edited pages are online; rebuilding the rest"
                                    );
                                    current = Some(*next);
                                }
                                Err(e) => tracing::error!(error = %e, "rendering the edited pages failed"),
                            }
                        }
                        Reload::Invalid(diags) => {
                            report(&diags);
                            continue;
                        }
                        Reload::NeedsFullLoad => {}
                    }
                }
                if let Some(t) = &theme_dir
                    && changed.iter().any(|p| p.starts_with(t))
                {
                    match Theme::from_dir(t) {
                        Ok(fresh) => theme = fresh,
                        Err(e) => tracing::error!(error = %e, "reading the theme failed; keeping the last one"),
                    }
                }
                let full = Instant::now();
                match build::load_and_render_with(&dir, &theme) {
                    Ok((site, output)) => {
                        let previous = state.snapshot();
                        let snapshot = Snapshot::build(&output, Levels::default(), Some(&previous));
                        drop(previous);
                        let resources = snapshot.len();
                        state.swap(snapshot);
                        current = Some(site);
                        tracing::info!(
                            resources,
                            rebuild_ms = u64::try_from(full.elapsed().as_millis()).unwrap_or(u64::MAX),
                            "site rebuilt"
                        );
                    }
                    Err(BuildError::Content(diags)) => report(&diags),
                    Err(e) => tracing::error!(error = %e, "rebuild failed; still serving the last good version"),
                }
            }
        })?;
    Ok(Watching { _watcher: watcher })
}
