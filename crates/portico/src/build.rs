//! Site folder -> model -> pages -> snapshot or files.

use portico_content::Layers;
use std::path::{Path, PathBuf};
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
    load_and_render_over(dir, theme, base_url, &Layers::default())
}

/// [`load_and_render_with`], with the store's layers over the folder (the
/// editor's publications and unpublications).
pub fn load_and_render_over(
    dir: &Path,
    theme: &Theme,
    base_url: Option<&str>,
    layers: &Layers,
) -> Result<(Site, Output), BuildError> {
    let site = load(dir, base_url, layers)?;
    let output = portico_render::render(&site, theme).map_err(BuildError::Render)?;
    Ok((site, output))
}

/// Where a site comes from: its folder, a theme folder (else the built-in
/// theme), and the public address that replaces site.toml's.
#[derive(Clone, Debug)]
pub struct Source {
    pub dir: PathBuf,
    pub theme: Option<PathBuf>,
    pub base_url: Option<String>,
}

fn load(dir: &Path, base_url: Option<&str>, layers: &Layers) -> Result<Site, BuildError> {
    let site = portico_content::load_over(dir, layers).map_err(BuildError::Content)?;
    Ok(match base_url {
        Some(b) => site.with_base_url(b),
        None => site,
    })
}

/// Builds the search index of `docs` on a thread of its own and publishes
/// it in `slot` (kept in `dir` and reused across runs when given), its
/// queries widened by the site's `synonyms`
/// (`Config::search_synonyms`).
pub fn index_in_background(
    slot: std::sync::Arc<portico_server::SearchSlot>,
    locales: Vec<String>,
    docs: Vec<portico_search::Document>,
    synonyms: portico_search::Synonyms,
    dir: Option<PathBuf>,
) {
    let spawned = std::thread::Builder::new().name("portico-index".into()).spawn(move || {
        let started = std::time::Instant::now();
        let count = docs.len();
        let built = match &dir {
            Some(d) => portico_search::SiteIndex::open_or_build(d, &locales, docs),
            None => portico_search::SiteIndex::build(&locales, docs),
        }
        .map(|index| index.with_synonyms(&synonyms));
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
/// thread while pages render) and kept there for `serve --index-dir`.
pub fn export(
    dir: &Path,
    theme: Option<&Path>,
    base_url: Option<&str>,
    out: &Path,
    index_dir: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // A static host cannot give each response its own trace id; the export
    // carries one id for the whole build instead.
    let build_id = format!("{:032x}", rand::random::<u128>() | 1);
    let bar = indicatif::ProgressBar::no_length().with_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} pages written")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let write = |rel: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = out.join(rel.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    };
    // Each page is written by the thread that rendered it, then let go:
    // the site is never whole in memory, and writing (mostly waiting on the
    // file system) overlaps rendering.
    let pages_written = std::sync::atomic::AtomicUsize::new(0);
    let write_page = |page: portico_render::Page| -> Result<(), portico_render::RenderError> {
        // Filtered views of lists (`/en/tools/?kind=dataset`) need a server
        // that reads the query; a static export has the plain lists.
        if page.path.contains('?') {
            return Ok(());
        }
        let rel = format!("{}/index.html", page.path.trim_end_matches('/'));
        write(&rel, page.html.fill(&build_id).as_bytes()).map_err(|e| portico_render::sink_error(format!("{e:#}")))?;
        pages_written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        bar.inc(1);
        Ok(())
    };
    // The pictures the folder bundles, re-encoded as the media library
    // would: a static host has no library, so their files are written here.
    let bundled = bundled_media(dir)?;
    let layers = Layers {
        media: portico_content::MediaCatalog::new(bundled.iter().map(|b| b.entry.clone())),
        ..Layers::default()
    };
    let loaded = self::theme(theme).and_then(|theme| Ok((load(dir, base_url, &layers)?, theme)));
    let (site, theme) = match loaded {
        Ok(x) => x,
        Err(BuildError::Content(d)) => {
            eprintln!("{d}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    };
    let locales: Vec<String> = site.config().locales.iter().map(|l| l.code.clone()).collect();
    // The search index is built from the documents on a thread of its own
    // while pages render (the static render hands them over first).
    let indexed = std::sync::Mutex::new(None);
    let index_docs = index_dir.map(|d| {
        let (locales, indexed) = (&locales, &indexed);
        Box::new(move |docs: Vec<portico_search::Document>| {
            let counts = portico_search::SiteIndex::open_or_build(d, locales, docs).map(|ix| ix.counts());
            *indexed.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(counts);
        }) as Box<dyn FnOnce(Vec<portico_search::Document>) + Send + '_>
    });
    let write_file = |file: portico_render::GeneratedFile| -> Result<(), portico_render::RenderError> {
        write(&file.path, &file.bytes).map_err(|e| portico_render::sink_error(format!("{e:#}")))
    };
    let sink = portico_render::Sink {
        page: &write_page,
        file: &write_file,
        docs: index_docs,
    };
    let output = portico_render::render_static_into(&site, &theme, sink).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(counts) = indexed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        let counts = counts.context("building the search index")?;
        let docs: u64 = counts.iter().map(|(_, n)| n).sum();
        eprintln!(
            "search index: {} in {}",
            crate::count(usize::try_from(docs).unwrap_or(usize::MAX), "document", "documents"),
            crate::count(counts.len(), "locale", "locales")
        );
    }
    for asset in output.assets.values() {
        write(&asset.hashed_url, &asset.bytes)?;
        write(&asset.plain_url, &asset.bytes)?;
    }
    for f in &output.files {
        write(&f.path, &f.bytes)?;
    }
    for b in bundled.iter().filter(|b| site.uses_media(&b.entry.key)) {
        for (name, bytes) in b.files()? {
            write(&format!("/media/{}/{name}", b.entry.key), &bytes)?;
        }
    }
    for e in &output.errors {
        let html = e.html.fill(&build_id);
        write(&format!("/{}/{}.html", e.locale, e.status), html.as_bytes())?;
        if e.locale == output.default_locale {
            write(&format!("/{}.html", e.status), html.as_bytes())?;
        }
    }
    for r in &output.redirects {
        let to = portico_markup::html::escape(&r.to);
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
        pages_written.into_inner(),
        output.assets.len() * 2,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A picture the site folder bundles, re-encoded for a static export.
struct Exported {
    /// The catalog entry the media library would hold for it.
    entry: portico_content::MediaEntry,
    source: portico_content::BundledMedia,
    variants: Vec<portico_media::Variant>,
}

impl Exported {
    /// Its files below `/media/{key}/`, by name: the variants, and the
    /// crops around the focal point that pages may list.
    fn files(&self) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .variants
            .iter()
            .map(|v| (format!("{}.{}", v.width, v.format.extension()), v.bytes.clone()))
            .collect();
        let e = &self.entry;
        let focal = portico_media::Focal::new(e.focal.0, e.focal.1).unwrap_or_default();
        for aspect in portico_content::CROP_ASPECTS {
            for width in e.crop_widths(aspect) {
                let v = portico_media::crop(&self.source.bytes, aspect, focal, width)
                    .with_context(|| format!("cropping {}", self.source.path.display()))?;
                let name = portico_content::CropName {
                    aspect,
                    focal: e.focal_thousandths(),
                    width,
                    extension: v.format.extension().to_string(),
                };
                files.push((name.to_string(), v.bytes));
            }
        }
        Ok(files)
    }
}

/// The folder's bundled pictures, each processed as an upload would be (on
/// every core), with the catalog entry that gives.
fn bundled_media(dir: &Path) -> anyhow::Result<Vec<Exported>> {
    let Ok(bundled) = portico_content::bundled_media(dir) else {
        // Reported with the site's other problems when it loads.
        return Ok(Vec::new());
    };
    let processed: Vec<anyhow::Result<Exported>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bundled
            .into_iter()
            .map(|b| {
                scope.spawn(move || {
                    let p = portico_media::process(&b.bytes, &b.file_name)
                        .with_context(|| format!("{}", b.path.display()))?;
                    let fallback = p
                        .variants
                        .iter()
                        .map(|v| v.format)
                        .find(|f| *f != portico_media::VariantFormat::Webp)
                        .unwrap_or(portico_media::VariantFormat::Jpeg);
                    let entry = portico_content::MediaEntry {
                        key: p.key.clone(),
                        kind: portico_content::MediaKind::Image,
                        file_name: p.file_name.clone(),
                        size: p.size,
                        focal: b.focal,
                        alt: b.alt.clone(),
                        decorative: b.decorative,
                        widths: p
                            .variants
                            .iter()
                            .filter(|v| v.format == fallback)
                            .map(|v| v.width)
                            .collect(),
                        fallback: fallback.extension().to_string(),
                        webp: p
                            .variants
                            .iter()
                            .any(|v| v.format == portico_media::VariantFormat::Webp),
                    };
                    Ok(Exported {
                        entry,
                        source: b,
                        variants: p.variants,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("processing a bundled picture failed")))
            })
            .collect()
    });
    processed.into_iter().collect()
}
