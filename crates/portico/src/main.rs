#![doc = include_str!("../README.md")]

mod accounts;
mod backup;
mod build;
mod cluster;
mod consent;
mod database;
mod files;
mod logs;
mod new_site;
mod serve;
mod settings;
mod telemetry;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "portico", version, about = "An organization's public website in one binary.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, clap::Args)]
struct SiteArgs {
    /// The site folder (with site.toml). Default: the bundled Halcyon demo.
    #[arg(long, env = "PORTICO_SITE")]
    site: Option<PathBuf>,
    /// A theme folder to use instead of the built-in default theme.
    #[arg(long, env = "PORTICO_THEME")]
    theme: Option<PathBuf>,
    /// The site's public address, replacing site.toml's `base_url` in
    /// canonical links, hreflang, sitemaps and feeds (a staging server).
    #[arg(long, env = "PORTICO_BASE_URL", value_parser = parse_base_url)]
    base_url: Option<String>,
}

fn parse_base_url(s: &str) -> Result<String, String> {
    if (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len() {
        Ok(s.trim_end_matches('/').to_string())
    } else {
        Err("an absolute URL like https://staging.example.org".to_string())
    }
}

#[derive(Clone, clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The configuration file (default: ./portico.toml when it exists).
    /// A flag or a PORTICO_* variable wins over the file.
    #[arg(long, env = "PORTICO_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "PORTICO_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Rebuild when a file of the site changes; a broken edit is reported
    /// and the last good version keeps being served.
    #[arg(long)]
    watch: bool,
    /// Send Strict-Transport-Security (when served over HTTPS).
    #[arg(long, env = "PORTICO_HSTS")]
    hsts: bool,
    /// Keep the search index in this folder and reuse it on the next
    /// start while the content is unchanged (large sites start faster).
    /// Default: in memory, built at start-up.
    #[arg(long, env = "PORTICO_INDEX_DIR")]
    index_dir: Option<PathBuf>,
    #[command(flatten)]
    store: database::StoreArgs,
    /// Serve Prometheus metrics at http://ADDR/metrics (off by default;
    /// keep it off the public network).
    #[arg(long, env = "PORTICO_METRICS_ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// After SIGTERM, how long /readyz answers 503 while requests are
    /// still served, so a load balancer stops sending them first.
    #[arg(long, env = "PORTICO_DRAIN_SECONDS", default_value_t = 5)]
    drain_seconds: u64,
    /// Then, how long requests in flight may take to finish.
    #[arg(long, env = "PORTICO_GRACE_SECONDS", default_value_t = 10)]
    grace_seconds: u64,
    /// Which log lines are written: a level (`info`, `debug`) or a filter
    /// (`portico=debug,info`).
    #[arg(long, env = "PORTICO_LOG", default_value = "info")]
    log: String,
    /// `auto`: human lines on a terminal, JSON otherwise.
    #[arg(long, env = "PORTICO_LOG_FORMAT", value_enum, default_value = "auto")]
    log_format: settings::LogFormat,
    #[command(flatten)]
    sso: SsoArgs,
}

/// Single sign-on with an OpenID Connect provider (all optional; off
/// without `--sso-issuer`). The provider is given this site's callback,
/// `https://HOST/admin/sso/callback`.
#[derive(Clone, clap::Args)]
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
    /// Print `serve`'s effective configuration and where each value came
    /// from (flag, environment, portico.toml, default), as a portico.toml.
    Config(ServeArgs),
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
        #[command(flatten)]
        store: database::StoreArgs,
    },
    /// Write a consistent copy of the data folder's store to a file, while
    /// the server keeps running (accounts, tokens, the audit trail, consent
    /// records, revisions and media).
    Backup(backup::BackupArgs),
    /// Put a backup in place as a data folder's store, and check it.
    Restore(backup::RestoreArgs),
    /// Check a data folder: the database's integrity, both hash chains
    /// (consent and audit), and what it holds.
    CheckData(backup::CheckDataArgs),
    /// Write every item's published revision to `OUT/content/<locale>/…`,
    /// byte for byte.
    Export {
        /// The folder to write into.
        out: PathBuf,
        #[command(flatten)]
        store: database::StoreArgs,
    },
    /// The PostgreSQL database: migrate its tables, copy a store into it.
    Db(database::DbArgs),
}

impl Command {
    /// The store the command works on, when it has one.
    fn store_mut(&mut self) -> Option<&mut database::StoreArgs> {
        match self {
            Command::Consent(a) => Some(&mut a.store),
            Command::User(a) => Some(&mut a.store),
            Command::Token(a) => Some(&mut a.store),
            Command::Audit(a) => Some(&mut a.store),
            Command::Backup(a) => Some(&mut a.store),
            Command::Restore(a) => Some(&mut a.store),
            Command::CheckData(a) => Some(&mut a.store),
            Command::Import { store, .. } | Command::Export { store, .. } => Some(store),
            _ => None,
        }
    }
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
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Every command works on the store `serve` would use.
    if let Some(store) = cli.command.store_mut()
        && let Err(e) = settings::store_from_file(store, &matches)
    {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    let sub = matches.subcommand().map(|(_, m)| m.clone()).unwrap_or_default();
    // A command whose output is piped into `head` (or closed early) ends
    // quietly, as other command-line tools do, instead of panicking on
    // the broken pipe. Not for the server, whose sockets must never raise
    // a signal.
    if !matches!(cli.command, Command::Serve(_)) {
        sigpipe::reset();
    }
    let result = match cli.command {
        Command::Serve(args) => serve::run(&args, &sub),
        Command::Config(args) => settings::Settings::resolve(&args, &sub).map(|s| {
            print!("{}", s.show());
            ExitCode::SUCCESS
        }),
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
        Command::Import { site, store } => files::import(&site_dir(site.as_deref()), &store),
        Command::Export { out, store } => files::export(&out, &store),
        Command::Db(args) => database::run(args),
        Command::Backup(args) => backup::backup(&args),
        Command::Restore(args) => backup::restore(&args),
        Command::CheckData(args) => backup::check_data(&args),
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
