//! `serve --watch`: rebuild on change, swap the snapshot on success, keep
//! serving the last good one on failure.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};
use portico_server::AppState;

use crate::build::{self, BuildError};

/// Changes closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub struct Watching {
    _watcher: notify::RecommendedWatcher,
}

pub fn start(site: PathBuf, theme: Option<PathBuf>, state: AppState) -> anyhow::Result<Watching> {
    let (tx, rx) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event
            && !matches!(e.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(&site, RecursiveMode::Recursive)?;
    if let Some(t) = &theme {
        watcher.watch(t, RecursiveMode::Recursive)?;
    }
    std::thread::Builder::new()
        .name("portico-watch".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                // Let a burst of writes (an editor saving, a git checkout) settle.
                while rx.recv_timeout(DEBOUNCE).is_ok() {}
                let started = Instant::now();
                let previous = state.snapshot();
                match build::snapshot(&site, theme.as_deref(), Some(&previous)) {
                    Ok(snapshot) => {
                        let resources = snapshot.len();
                        state.swap(snapshot);
                        tracing::info!(
                            resources,
                            rebuild_ms = started.elapsed().as_millis() as u64,
                            "site rebuilt"
                        );
                    }
                    Err(BuildError::Content(diags)) => {
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
                    Err(e) => tracing::error!(error = %e, "rebuild failed; still serving the last good version"),
                }
            }
        })?;
    Ok(Watching { _watcher: watcher })
}
