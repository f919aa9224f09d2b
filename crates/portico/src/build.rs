//! Site folder -> model -> pages -> snapshot or files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use portico_content::{Diagnostics, Site};
use portico_render::{Output, Theme};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(Diagnostics),
    #[error(transparent)]
    Render(portico_render::RenderError),
    #[error("reading the theme: {0}")]
    Theme(std::io::Error),
}

pub fn theme(dir: Option<&Path>) -> Result<Theme, BuildError> {
    match dir {
        Some(t) => Theme::from_dir(t).map_err(BuildError::Theme),
        None => Ok(Theme::builtin()),
    }
}

pub fn load_and_render(dir: &Path, theme: Option<&Path>, base_url: Option<&str>) -> Result<(Site, Output), BuildError> {
    load_and_render_with(dir, &self::theme(theme)?, base_url)
}

/// `base_url` replaces site.toml's (a staging or preview address).
pub fn load_and_render_with(dir: &Path, theme: &Theme, base_url: Option<&str>) -> Result<(Site, Output), BuildError> {
    let site = load(dir, base_url)?;
    let output = portico_render::render(&site, theme).map_err(BuildError::Render)?;
    Ok((site, output))
}

fn load(dir: &Path, base_url: Option<&str>) -> Result<Site, BuildError> {
    let mut site = portico_content::load(dir).map_err(BuildError::Content)?;
    if let Some(b) = base_url {
        site.config.base_url = b.trim_end_matches('/').to_string();
    }
    Ok(site)
}

/// Builds the search index of `docs` on a thread of its own and publishes
/// it in `slot` (kept in `dir` and reused across runs when given).
pub fn index_in_background(
    slot: std::sync::Arc<portico_server::SearchSlot>,
    locales: Vec<String>,
    docs: Vec<portico_search::Document>,
    dir: Option<std::path::PathBuf>,
) {
    let spawned = std::thread::Builder::new().name("portico-index".into()).spawn(move || {
        let started = std::time::Instant::now();
        let count = docs.len();
        let built = match &dir {
            Some(d) => portico_search::SiteIndex::open_or_build(d, &locales, docs),
            None => portico_search::SiteIndex::build(&locales, docs),
        };
        match built {
            Ok(index) => {
                slot.set(std::sync::Arc::new(index));
                tracing::info!(
                    documents = count,
                    index_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                    "search index ready"
                );
            }
            Err(e) => tracing::error!(error = %e, "building the search index failed; search is unavailable"),
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the indexing thread");
    }
}

/// `portico build`: every page, error page, asset and redirect as files.
/// With `index_dir`, the search index is built alongside (on its own
/// thread while files are written) and kept there for `serve --index-dir`.
pub fn export(
    dir: &Path,
    theme: Option<&Path>,
    base_url: Option<&str>,
    out: &Path,
    index_dir: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // Without the lists' filtered views: files cannot answer a query string.
    let rendered = self::theme(theme).and_then(|theme| {
        let site = load(dir, base_url)?;
        let output = portico_render::render_static(&site, &theme).map_err(BuildError::Render)?;
        Ok((site, output))
    });
    let (_, mut output) = match rendered {
        Ok(x) => x,
        Err(BuildError::Content(d)) => {
            eprintln!("{d}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    };
    let indexing = index_dir.map(|d| {
        let (d, docs) = (d.to_path_buf(), std::mem::take(&mut output.search_docs));
        let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
        std::thread::spawn(move || portico_search::SiteIndex::open_or_build(&d, &locales, docs).map(|ix| ix.counts()))
    });
    // A static host cannot give each response its own trace id; the export
    // carries one id for the whole build instead.
    let build_id = format!("{:032x}", rand::random::<u128>() | 1);
    let bar = indicatif::ProgressBar::new((output.pages.len() + output.assets.len()) as u64);
    // Every file, as (path under `out`, bytes); pages are filled on the
    // writing threads.
    enum Job<'a> {
        Page(&'a portico_render::Page),
        Bytes(String, &'a [u8]),
    }
    // Filtered views of lists (`/en/tools/?kind=dataset`) need a server
    // that reads the query; a static export has the plain lists.
    let mut jobs: Vec<Job<'_>> = output
        .pages
        .iter()
        .filter(|p| !p.path.contains('?'))
        .map(Job::Page)
        .collect();
    for asset in output.assets.values() {
        jobs.push(Job::Bytes(asset.hashed_url.clone(), &asset.bytes));
        jobs.push(Job::Bytes(asset.plain_url.clone(), &asset.bytes));
    }
    for f in &output.files {
        jobs.push(Job::Bytes(f.path.clone(), &f.bytes));
    }
    let path_of = |job: &Job<'_>| -> std::path::PathBuf {
        match job {
            Job::Page(p) => out.join(p.path.trim_start_matches('/')).join("index.html"),
            Job::Bytes(rel, _) => out.join(rel.trim_start_matches('/')),
        }
    };
    // Each folder once, then the files on every core: file creation is
    // mostly waiting on the file system, so it overlaps well.
    let dirs: std::collections::BTreeSet<std::path::PathBuf> = jobs
        .iter()
        .filter_map(|j| path_of(j).parent().map(Path::to_path_buf))
        .collect();
    for d in &dirs {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * 2;
    let chunk = jobs.len().div_ceil(threads).max(1);
    let results: Vec<anyhow::Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                let (bar, build_id, path_of) = (&bar, &build_id, &path_of);
                scope.spawn(move || -> anyhow::Result<()> {
                    for job in part {
                        let path = path_of(job);
                        let written = match job {
                            Job::Page(p) => std::fs::write(&path, p.html.fill(build_id).as_bytes()),
                            Job::Bytes(_, bytes) => std::fs::write(&path, bytes),
                        };
                        written.with_context(|| format!("writing {}", path.display()))?;
                        bar.inc(1);
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a writing thread panicked")))
            })
            .collect()
    });
    for r in results {
        r?;
    }
    if let Some(job) = indexing {
        let counts = job
            .join()
            .map_err(|_| anyhow::anyhow!("the indexing thread panicked"))?
            .context("building the search index")?;
        let docs: u64 = counts.iter().map(|(_, n)| n).sum();
        eprintln!("search index: {docs} documents in {} locales", counts.len());
    }
    let write = |rel: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = out.join(rel.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    };
    for e in &output.errors {
        let html = e.html.fill(&build_id);
        write(&format!("/{}/{}.html", e.locale, e.status), html.as_bytes())?;
        if e.locale == output.default_locale {
            write(&format!("/{}.html", e.status), html.as_bytes())?;
        }
    }
    for r in &output.redirects {
        let to = html_escape(&r.to);
        let html = format!(
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{to}</title>\
<link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\">\
<p><a href=\"{to}\">{to}</a></p></html>",
            output.default_locale
        );
        let from = if r.from.ends_with('/') {
            format!("{}index.html", r.from)
        } else {
            format!("{}/index.html", r.from)
        };
        write(&from, html.as_bytes())?;
    }
    // `/` picks a language in the server; a static host gets the default.
    let home = format!("/{}/", output.default_locale);
    write(
        "/index.html",
        format!("<!doctype html><html lang=\"{0}\"><meta charset=\"utf-8\"><title>{0}</title><meta http-equiv=\"refresh\" content=\"0; url={home}\"><p><a href=\"{home}\">{home}</a></p></html>", output.default_locale).as_bytes(),
    )?;
    bar.finish_and_clear();
    println!(
        "wrote {} pages and {} files to {}",
        output.pages.len(),
        output.assets.len() * 2,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
