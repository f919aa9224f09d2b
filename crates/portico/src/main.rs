#![doc = include_str!("../README.md")]

mod accounts;
mod build;
mod consent;
mod files;
mod new_site;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "portico", version, about = "An organization's public website in one binary.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    /// One JSON object per line (for log collectors).
    Json,
    /// Human-readable lines.
    Pretty,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder (with site.toml). Default: the bundled Halcyon demo.
    #[arg(long)]
    site: Option<PathBuf>,
    /// A theme folder to use instead of the built-in default theme.
    #[arg(long)]
    theme: Option<PathBuf>,
    /// The site's public address, replacing site.toml's `base_url` in
    /// canonical links, hreflang, sitemaps and feeds (a staging server).
    #[arg(long, value_parser = parse_base_url)]
    base_url: Option<String>,
}

fn parse_base_url(s: &str) -> Result<String, String> {
    if (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len() {
        Ok(s.trim_end_matches('/').to_string())
    } else {
        Err("an absolute URL like https://staging.example.org".to_string())
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Rebuild when a file of the site changes; a broken edit is reported
    /// and the last good version keeps being served.
    #[arg(long)]
    watch: bool,
    /// Send Strict-Transport-Security (when served over HTTPS).
    #[arg(long)]
    hsts: bool,
    /// Keep the search index in this folder and reuse it on the next
    /// start while the content is unchanged (large sites start faster).
    /// Default: in memory, built at start-up.
    #[arg(long)]
    index_dir: Option<PathBuf>,
    /// Where runtime state lives (consent records): the same folder for
    /// every command that touches it.
    #[arg(long, env = "PORTICO_DATA_DIR", default_value = "portico-data")]
    data: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    log_format: LogFormat,
    #[command(flatten)]
    sso: SsoArgs,
}

/// Single sign-on with an OpenID Connect provider (all optional; off
/// without `--sso-issuer`). The provider is given this site's callback,
/// `https://HOST/admin/sso/callback`.
#[derive(clap::Args)]
struct SsoArgs {
    /// The provider's issuer URL (its discovery document is at
    /// ISSUER/.well-known/openid-configuration).
    #[arg(long, env = "PORTICO_SSO_ISSUER", requires = "sso_client_id")]
    sso_issuer: Option<String>,
    /// This site's client id at the provider.
    #[arg(long, env = "PORTICO_SSO_CLIENT_ID")]
    sso_client_id: Option<String>,
    /// The client secret: set it in the environment rather than on the
    /// command line, where other users of the machine can read it.
    #[arg(long, env = "PORTICO_SSO_CLIENT_SECRET", hide_env_values = true)]
    sso_client_secret: Option<String>,
    /// What the sign-in button calls the provider.
    #[arg(long, env = "PORTICO_SSO_NAME", default_value = "single sign-on")]
    sso_name: String,
    /// The ID token claim with the person's groups (`groups`); with
    /// --sso-role the provider decides roles, and makes accounts.
    #[arg(long, env = "PORTICO_SSO_ROLE_CLAIM", requires = "sso_role")]
    sso_role_claim: Option<String>,
    /// ROLE=VALUE: the role a value of the claim grants
    /// (`admin=web-admins`); repeat for each role. The highest one held wins.
    #[arg(long, value_parser = parse_role_value, requires = "sso_role_claim")]
    sso_role: Vec<(portico_auth::Role, String)>,
}

impl SsoArgs {
    fn config(&self) -> Option<portico_server::SsoConfig> {
        Some(portico_server::SsoConfig {
            issuer: self.sso_issuer.clone()?,
            client_id: self.sso_client_id.clone()?,
            client_secret: self.sso_client_secret.clone().filter(|s| !s.is_empty()),
            name: self.sso_name.clone(),
            role_claim: self.sso_role_claim.clone(),
            roles: self.sso_role.clone(),
        })
    }
}

fn parse_role_value(s: &str) -> Result<(portico_auth::Role, String), String> {
    let (role, value) = s.split_once('=').ok_or("ROLE=VALUE, like admin=web-admins")?;
    let role = portico_auth::Role::parse(&role.trim().to_ascii_lowercase())
        .ok_or("a role: admin, publisher, editor, contributor or viewer")?;
    if value.is_empty() {
        return Err("a value after the =".into());
    }
    Ok((role, value.to_string()))
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site over HTTP.
    Serve(ServeArgs),
    /// Check every content file and report every problem at once.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write the whole site as static files.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (created; existing files are overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Also build the search index into this folder (outside `--out`:
        /// it is for `serve --index-dir`, not for publishing).
        #[arg(long)]
        index_dir: Option<PathBuf>,
    },
    /// Create a new minimal site to start from.
    /// Create a new site to start from, or (with --type) a new item of a
    /// site, its front matter made from the type's declared fields.
    New {
        /// The folder of the new site; with --type, the new item's key
        /// (`research/events/open-day`).
        target: PathBuf,
        /// The type of the new item: page, story, person, location, lab,
        /// area, event, series, episode, program, job, tool or fact.
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// The locale of the new item (default: the site's default locale).
        #[arg(long, requires = "kind")]
        locale: Option<String>,
        /// The site folder the new item goes in.
        #[arg(long, requires = "kind")]
        site: Option<PathBuf>,
    },
    /// Consent records: verify the chain, export, stats, look up a visitor.
    Consent(consent::ConsentArgs),
    /// Staff accounts: add (with a sign-in link), list, link, role,
    /// disable, enable, delete.
    User(accounts::UserArgs),
    /// API tokens for automation: create, list, revoke.
    Token(accounts::TokenArgs),
    /// The audit trail: verify the chain, export, look up an account.
    Audit(accounts::AuditArgs),
    /// Bring a site folder's content files into the store as revisions (a
    /// file that differs from its item's published revision becomes a new
    /// one). `serve` does this at start and after every change it sees.
    Import {
        /// The site folder (with site.toml). Default: the bundled demo.
        site: Option<PathBuf>,
        #[arg(long, env = "PORTICO_DATA_DIR", default_value = "portico-data")]
        data: PathBuf,
    },
    /// Write every item's published revision to `OUT/content/<locale>/…`,
    /// byte for byte.
    Export {
        /// The folder to write into.
        out: PathBuf,
        #[arg(long, env = "PORTICO_DATA_DIR", default_value = "portico-data")]
        data: PathBuf,
    },
}

/// The site folder to use: the one given, else `./site` when it is a site,
/// else the demo site this binary was built with.
fn site_dir(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let local = Path::new("site");
    if local.join("site.toml").is_file() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site")
}

/// A folder as it is shown to the user: absolute and without `..` (the
/// demo site's default is `crates/portico/../../site`), or as given when
/// it cannot be resolved.
fn shown(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `1 locale`, `3 locales`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Installs the tracing subscriber and returns the access-log sink. Both
/// write through one non-blocking writer into a 64 KiB buffer on stdout,
/// flushed whenever its queue drains: under load few large writes, when
/// idle every line at once. Access lines reach that writer in batches
/// (every 50 ms at most), not one handover per request.
fn init_logging(format: LogFormat) -> (tracing_appender::non_blocking::WorkerGuard, portico_server::AccessLog) {
    let stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(stdout);
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTICO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer.clone());
    match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        LogFormat::Pretty => builder.init(),
    }
    let access = portico_server::AccessLog::batched(move |line: &[u8]| {
        use std::io::Write as _;
        let _ = writer.clone().write_all(line);
    });
    (guard, access)
}

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // Freed memory goes back to the system from jemalloc's background
    // thread: otherwise it is returned only while the program allocates,
    // and a server that has finished compressing its pages and sits idle
    // keeps every page it freed (1,000-page bench site: 155 MB resident
    // instead of 83 MB).
    if let Err(e) = tikv_jemalloc_ctl::background_thread::write(true) {
        eprintln!("warning: could not start the allocator's purging thread: {e}");
    }
    let cli = Cli::parse();
    // A command whose output is piped into `head` (or closed early) ends
    // quietly, as other command-line tools do, instead of panicking on
    // the broken pipe. Not for the server, whose sockets must never raise
    // a signal.
    if !matches!(cli.command, Command::Serve(_)) {
        sigpipe::reset();
    }
    let result = match cli.command {
        Command::Serve(args) => {
            let (_guard, access_log) = init_logging(args.log_format);
            serve(&args, access_log)
        }
        Command::Check { site } => check(&site),
        Command::Build { site, out, index_dir } => build::export(
            &site_dir(site.site.as_deref()),
            site.theme.as_deref(),
            site.base_url.as_deref(),
            &out,
            index_dir.as_deref(),
        ),
        Command::New { target, kind: None, .. } => new_site::create(&target),
        Command::New {
            target,
            kind: Some(kind),
            locale,
            site,
        } => new_site::item(
            &site_dir(site.as_deref()),
            &kind,
            &target.to_string_lossy(),
            locale.as_deref(),
        ),
        Command::Consent(args) => consent::run(args),
        Command::User(args) => accounts::user(args),
        Command::Token(args) => accounts::token(args),
        Command::Audit(args) => accounts::audit(args),
        Command::Import { site, data } => files::import(&site_dir(site.as_deref()), &data),
        Command::Export { out, data } => files::export(&out, &data),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &SiteArgs) -> anyhow::Result<ExitCode> {
    let dir = site_dir(args.site.as_deref());
    match build::load_and_render(&dir, args.theme.as_deref(), args.base_url.as_deref()) {
        Ok((site, output)) => {
            let theme = build::theme(args.theme.as_deref())?;
            let problems = portico_render::check(&site, &theme);
            if !problems.is_empty() {
                eprintln!("{}", portico_content::Diagnostics(problems));
                return Ok(ExitCode::FAILURE);
            }
            println!(
                "{}: {}, {} in {}: no problems found",
                shown(&dir).display(),
                count(site.items().len(), "item", "items"),
                count(output.pages.len(), "page", "pages"),
                count(site.config().locales.len(), "locale", "locales")
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(build::BuildError::Content(diags)) => {
            eprintln!("{diags}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn serve(serve: &ServeArgs, access_log: portico_server::AccessLog) -> anyhow::Result<ExitCode> {
    let ServeArgs {
        site: args,
        addr,
        watch,
        hsts,
        index_dir,
        data,
        ..
    } = serve;
    let (addr, watch, hsts, index_dir) = (*addr, *watch, *hsts, index_dir.clone());
    let sso = serve.sso.config();
    let dir = site_dir(args.site.as_deref());
    let started = std::time::Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let store = runtime
        .block_on(portico_store::Store::open(data))
        .with_context(|| format!("opening the data folder {}", data.display()))?;
    // What is served: the folder, with the editor's publications over it.
    let content = std::sync::Arc::new(files::Content {
        store: store.clone(),
        runtime: runtime.handle().clone(),
        source: build::Source {
            dir: dir.clone(),
            theme: args.theme.clone(),
            base_url: args.base_url.clone(),
        },
    });
    let (site, mut output) = match build::theme(args.theme.as_deref()).and_then(|theme| content.build(&theme)) {
        Ok(x) => x,
        Err(build::BuildError::Content(diags)) => {
            eprintln!("{diags}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    let notices: Vec<(String, portico_render::ConsentTexts)> = output
        .consent
        .locales
        .iter()
        .map(|(l, t)| (l.clone(), t.clone()))
        .collect();
    let policy_version = output.consent.policy_version.clone();
    // Pages at these addresses are the site's own (the cross-origin rule).
    let public_urls: Vec<String> = args
        .base_url
        .iter()
        .cloned()
        .chain(std::iter::once(site.config().base_url.clone()))
        .collect();
    let docs = std::mem::take(&mut output.search_docs);
    let locales: Vec<String> = output.locales.iter().map(|(c, _)| c.clone()).collect();
    let snapshot = portico_server::Snapshot::build(&output, portico_server::Levels::default(), None);
    // Pages are served at once; search answers 503 until its index is built.
    let synonyms = site.config().search_synonyms();
    build::index_in_background(snapshot.search().clone(), locales, docs, synonyms, index_dir);
    // The model checks the editor's drafts; with --watch (and what the
    // render worked out about it) it also applies edits file by file.
    let model = portico_server::ContentModel {
        site: site.clone(),
        root: dir.clone(),
    };
    let cache = output.cache.clone();
    let site = watch.then(|| (site, output.cache.clone()));
    drop(output);
    let resources = snapshot.len();
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
            hsts,
            access_log: Some(access_log),
            store: Some(store.clone()),
            public_urls,
            secret: Some(secret),
            sso,
        };
        let state = portico_server::AppState::new(snapshot, &config);
        state.set_model(model);
        state.set_theme(build::theme(args.theme.as_deref())?);
        state.set_clock(portico_server::Clock::from_env().map_err(anyhow::Error::msg)?);
        files::start_publisher(content.clone(), &state, cache)?;
        // Scheduled publications: those due while stopped run now.
        portico_server::start_jobs(&state);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        tracing::info!(
            site = %shown(&dir).display(),
            resources,
            startup_ms = started.elapsed().as_millis() as u64,
            "serving on http://{local}/"
        );
        daily_refresh(content.clone(), state.clone());
        let _watcher = match site {
            Some((site, cache)) => Some(watch::start(content, state.clone(), site, cache)?),
            None => None,
        };
        portico_server::serve(listener, state, shutdown_signal()).await?;
        tracing::info!("stopped");
        anyhow::Ok(ExitCode::SUCCESS)
    })
}

/// Renders the site again just after each midnight UTC: what is "past",
/// "closed" or "upcoming" (events, jobs, programs) is judged at render
/// time. Unchanged pages keep their compressed bodies.
fn daily_refresh(content: std::sync::Arc<files::Content>, state: portico_server::AppState) {
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
            std::thread::sleep(std::time::Duration::from_secs(wait));
            match content.rebuild_into(&state, None) {
                Ok(_) => tracing::info!("re-rendered for the new day"),
                Err(e) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "locale", "locales"), "1 locale");
        assert_eq!(count(0, "locale", "locales"), "0 locales");
        assert_eq!(count(3, "locale", "locales"), "3 locales");
    }

    #[test]
    fn the_demo_site_is_shown_without_dots() {
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site");
        let clean = shown(&demo);
        assert!(clean.is_absolute(), "{}", clean.display());
        assert!(
            !clean.components().any(|c| c == std::path::Component::ParentDir),
            "{}",
            clean.display()
        );
        assert!(clean.join("site.toml").is_file());
        let missing = Path::new("no/such/../folder");
        assert_eq!(shown(missing), missing);
    }
}
