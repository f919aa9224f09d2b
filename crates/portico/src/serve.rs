//! `portico serve`: the site built and served, the editor's publisher and
//! scheduled jobs, the metrics listener and trace export when asked for,
//! and the signals an operator sends — SIGTERM (drain, then stop) and
//! SIGHUP (configuration and content read again).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::ArgMatches;

use crate::settings::Settings;
use crate::{ServeArgs, build, files, logs, shown, site_dir, telemetry, watch};

/// Resolves the settings, installs the logs, and serves until stopped.
pub fn run(args: &ServeArgs, matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let settings = Settings::resolve(args, matches)?;
    let logging = logs::init(settings.log_format.value, &settings.log.value)?;
    let result = serve(args, matches, settings, &logging);
    drop(logging);
    result
}

fn serve(
    args: &ServeArgs,
    matches: &ArgMatches,
    settings: Settings,
    logging: &logs::Logging,
) -> anyhow::Result<ExitCode> {
    // The recorder first, so the start-up build is counted.
    let metrics = match settings.metrics_addr.value {
        Some(_) => Some(portico_server::install_metrics().map_err(anyhow::Error::msg)?),
        None => None,
    };
    let sso = args.sso.config();
    let dir = site_dir(settings.site.value.as_deref());
    let theme_dir = settings.theme.value.clone();
    let base_url = settings.base_url.value.clone();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let store = runtime.block_on(crate::database::open(
        &settings.data.value,
        settings.database.value.as_deref(),
    ))?;
    // Other nodes' changes from here on are loaded once the site is built
    // (several nodes on PostgreSQL; nothing to follow on SQLite).
    let changes_since = runtime
        .block_on(store.site_change_head())
        .context("reading the newest change to the site")?;
    // What is served: the folder, with the editor's publications over it.
    let content = Arc::new(files::Content {
        store: store.clone(),
        runtime: runtime.handle().clone(),
        source: build::Source {
            dir: dir.clone(),
            theme: theme_dir.clone(),
            base_url: base_url.clone(),
        },
    });
    let (site, mut output) = match build::theme(theme_dir.as_deref()).and_then(|theme| content.build(&theme)) {
        Ok(x) => x,
        Err(build::BuildError::Content(diags)) => {
            eprintln!("{diags}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    portico_server::record_build("start", started.elapsed(), true);
    let notices: Vec<(String, portico_render::ConsentTexts)> = output
        .consent
        .locales
        .iter()
        .map(|(l, t)| (l.clone(), t.clone()))
        .collect();
    let policy_version = output.consent.policy_version.clone();
    // Pages at these addresses are the site's own (the cross-origin rule).
    let public_urls: Vec<String> = base_url
        .iter()
        .cloned()
        .chain(std::iter::once(site.config().base_url.clone()))
        .collect();
    let docs = std::mem::take(&mut output.search_docs);
    let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
    let snapshot = portico_server::Snapshot::build(&output, portico_server::Levels::default(), None);
    // Pages are served at once; search answers 503 until its index is built.
    let synonyms = site.config().search_synonyms();
    build::index_in_background(
        snapshot.search().clone(),
        locales,
        docs,
        synonyms,
        settings.index_dir.value.clone(),
    );
    // The model checks the editor's drafts; with --watch (and what the
    // render worked out about it) it also applies edits file by file.
    let model = portico_server::ContentModel {
        site: site.clone(),
        root: dir.clone(),
    };
    let cache = output.cache.clone();
    let site = args.watch.then(|| (site, output.cache.clone()));
    drop(output);
    let resources = snapshot.len();
    let (spans, _exporting) = if telemetry::wanted() {
        let (sink, guard) = telemetry::start()?;
        (Some(sink), Some(guard))
    } else {
        (None, None)
    };
    runtime.block_on(async move {
        // Each policy version's exact words, so every record's notice hash
        // resolves to what the visitor saw.
        for (locale, texts) in &notices {
            store
                .archive_notice(&policy_version, locale, &texts.notice_url, &texts.notice_text)
                .await
                .context("archiving the consent notice")?;
        }
        let secret = store.secret("server").await.context("reading the server's secret")?;
        let config = portico_server::ServerConfig {
            hsts: settings.hsts.value,
            access_log: Some(logging.access.clone()),
            store: Some(store.clone()),
            public_urls,
            secret: Some(secret),
            sso,
            spans,
        };
        let state = portico_server::AppState::new(snapshot, &config);
        state.set_model(model);
        state.set_theme(build::theme(theme_dir.as_deref())?);
        state.set_clock(portico_server::Clock::from_env().map_err(anyhow::Error::msg)?);
        files::start_publisher(content.clone(), &state, cache)?;
        if store.backend() == portico_store::Backend::Postgres {
            crate::cluster::follow(store.clone(), state.clone(), changes_since);
        }
        // Scheduled publications: those due while stopped run now.
        portico_server::start_jobs(&state);
        let addr = settings.addr.value;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        if let (Some(metrics_addr), Some(handle)) = (settings.metrics_addr.value, metrics) {
            let metrics = tokio::net::TcpListener::bind(metrics_addr)
                .await
                .with_context(|| format!("listening for metrics on {metrics_addr}"))?;
            tracing::info!("metrics on http://{}/metrics", metrics.local_addr()?);
            tokio::spawn(portico_server::serve_metrics(
                metrics,
                state.clone(),
                handle,
                std::future::pending(),
            ));
        }
        tracing::info!(
            site = %shown(&dir).display(),
            resources,
            startup_ms = started.elapsed().as_millis() as u64,
            "serving on http://{local}/"
        );
        daily_refresh(content.clone(), state.clone());
        let settings = Arc::new(std::sync::Mutex::new(settings));
        reload_on_hangup(
            args.clone(),
            matches.clone(),
            settings.clone(),
            content.clone(),
            state.clone(),
            logging,
        );
        let _watcher = match site {
            Some((site, cache)) => Some(watch::start(content, state.clone(), site, cache)?),
            None => None,
        };
        let (drain, grace) = {
            let s = settings.lock().map_err(|_| anyhow::anyhow!("settings poisoned"))?;
            (s.drain(), s.grace())
        };
        let stopping = state.clone();
        let shutdown = async move {
            shutdown_signal().await;
            stopping.drain();
            tracing::info!(
                drain_seconds = drain.as_secs(),
                "stopping: /readyz answers 503 now, the listener closes after the drain delay"
            );
            tokio::time::sleep(drain).await;
        };
        portico_server::serve(listener, state, shutdown, grace).await?;
        tracing::info!("stopped");
        anyhow::Ok(ExitCode::SUCCESS)
    })
}

/// On SIGHUP: the configuration file read again — what a running server
/// can change (the log filter, HSTS, the drain and grace delays) is
/// applied, what needs a restart is named — and the site rebuilt.
fn reload_on_hangup(
    args: ServeArgs,
    matches: ArgMatches,
    settings: Arc<std::sync::Mutex<Settings>>,
    content: Arc<files::Content>,
    state: portico_server::AppState,
    logging: &logs::Logging,
) {
    #[cfg(unix)]
    {
        let level = logging.level.clone();
        tokio::spawn(async move {
            let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
                tracing::error!("could not listen for SIGHUP; reloading by signal is off");
                return;
            };
            while hup.recv().await.is_some() {
                let (args, matches, settings, content, state, level) = (
                    args.clone(),
                    matches.clone(),
                    settings.clone(),
                    content.clone(),
                    state.clone(),
                    level.clone(),
                );
                let reloaded = tokio::task::spawn_blocking(move || {
                    reload(&args, &matches, &settings, &content, &state, &level);
                })
                .await;
                if let Err(e) = reloaded {
                    tracing::error!(error = %e, "the reload stopped");
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = (args, matches, settings, content, state, logging);
}

fn reload(
    args: &ServeArgs,
    matches: &ArgMatches,
    settings: &std::sync::Mutex<Settings>,
    content: &files::Content,
    state: &portico_server::AppState,
    level: &logs::LevelHandle,
) {
    tracing::info!("SIGHUP: reading the configuration and the content again");
    match Settings::resolve(args, matches) {
        Ok(next) => {
            if let Ok(mut current) = settings.lock() {
                let restart = current.needs_restart(&next);
                if !restart.is_empty() {
                    tracing::warn!(settings = ?restart, "changed settings that take effect at the next start");
                }
                if let Err(e) = level.set(&next.log.value) {
                    tracing::error!(error = %e, "keeping the log filter");
                }
                state.set_hsts(next.hsts.value);
                *current = next;
            }
        }
        Err(e) => tracing::error!(error = %e, "the configuration has an error; keeping the last one"),
    }
    let started = Instant::now();
    match content.rebuild_into(state, None) {
        Ok(_) => {
            portico_server::record_build("reload", started.elapsed(), true);
            tracing::info!(reload_ms = started.elapsed().as_millis() as u64, "reloaded");
        }
        Err(e) => {
            portico_server::record_build("reload", started.elapsed(), false);
            tracing::error!(error = %e, "the reload failed; still serving the last good version");
        }
    }
}

/// Renders the site again just after each midnight UTC: what is "past",
/// "closed" or "upcoming" (events, jobs, programs) is judged at render
/// time. Unchanged pages keep their compressed bodies.
fn daily_refresh(content: Arc<files::Content>, state: portico_server::AppState) {
    let spawned = std::thread::Builder::new().name("portico-daily".into()).spawn(move || {
        loop {
            let now = jiff::Timestamp::now();
            let utc = jiff::tz::Offset::UTC;
            let next = utc
                .to_datetime(now)
                .date()
                .tomorrow()
                .ok()
                .and_then(|d| utc.to_timestamp(d.to_datetime(jiff::civil::Time::midnight())).ok())
                .unwrap_or(now);
            let wait = (next - now).as_secs().max(60).unsigned_abs() + 5;
            std::thread::sleep(Duration::from_secs(wait));
            let started = Instant::now();
            match content.rebuild_into(&state, None) {
                Ok(_) => {
                    portico_server::record_build("daily", started.elapsed(), true);
                    tracing::info!("re-rendered for the new day");
                }
                Err(e) => {
                    portico_server::record_build("daily", started.elapsed(), false);
                    tracing::error!(error = %e, "the daily re-render failed; still serving the last good version");
                }
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the daily re-render");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
