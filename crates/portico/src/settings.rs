//! The server's settings. Each comes from its command-line flag, else its
//! `PORTICO_*` environment variable, else `portico.toml`, else its
//! default; clap says which of the first three gave a value
//! (`ArgMatches::value_source`), so every value knows where it came from
//! (`portico config`). SIGHUP resolves them again: the file may have
//! changed, the flags and the environment of a running process cannot.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use crate::ServeArgs;

/// The file read when `--config` is not given and it exists.
pub const DEFAULT_FILE: &str = "portico.toml";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human lines on a terminal, JSON otherwise.
    Auto,
    /// One JSON object per line (for log collectors).
    Json,
    /// Human-readable lines.
    Pretty,
}

impl LogFormat {
    fn as_str(self) -> &'static str {
        match self {
            LogFormat::Auto => "auto",
            LogFormat::Json => "json",
            LogFormat::Pretty => "pretty",
        }
    }
}

/// `portico.toml`: the same names as the flags, with `_` for `-`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    site: Option<PathBuf>,
    theme: Option<PathBuf>,
    base_url: Option<String>,
    addr: Option<SocketAddr>,
    data: Option<PathBuf>,
    database: Option<String>,
    hsts: Option<bool>,
    index_dir: Option<PathBuf>,
    metrics_addr: Option<SocketAddr>,
    drain_seconds: Option<u64>,
    grace_seconds: Option<u64>,
    log: Option<String>,
    log_format: Option<LogFormat>,
}

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(String),
    File(PathBuf),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => write!(f, "command line"),
            Source::Env(name) => write!(f, "environment ({name})"),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Default => write!(f, "default"),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, Debug)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// Everything `serve` is configured with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub file: Option<PathBuf>,
    pub site: Setting<Option<PathBuf>>,
    pub theme: Setting<Option<PathBuf>>,
    pub base_url: Setting<Option<String>>,
    pub addr: Setting<SocketAddr>,
    pub data: Setting<PathBuf>,
    pub database: Setting<Option<String>>,
    pub hsts: Setting<bool>,
    pub index_dir: Setting<Option<PathBuf>>,
    pub metrics_addr: Setting<Option<SocketAddr>>,
    pub drain_seconds: Setting<u64>,
    pub grace_seconds: Setting<u64>,
    pub log: Setting<String>,
    pub log_format: Setting<LogFormat>,
}

/// The value of the argument `id`: the flag's or the environment's when
/// one was given, else the file's, else the default.
fn pick<T>(m: &ArgMatches, id: &str, given: T, file: Option<T>, path: Option<&Path>) -> Setting<T> {
    let env = || match id {
        "data" => "PORTICO_DATA_DIR".to_string(),
        "database" => "PORTICO_DATABASE_URL".to_string(),
        _ => format!("PORTICO_{}", id.to_ascii_uppercase()),
    };
    match m.value_source(id) {
        Some(ValueSource::CommandLine) => Setting {
            value: given,
            source: Source::Flag,
        },
        Some(ValueSource::EnvVariable) => Setting {
            value: given,
            source: Source::Env(env()),
        },
        _ => match (file, path) {
            (Some(value), Some(path)) => Setting {
                value,
                source: Source::File(path.to_path_buf()),
            },
            _ => Setting {
                value: given,
                source: Source::Default,
            },
        },
    }
}

/// Reads the configuration file: `--config` (which must exist), else
/// `portico.toml` here if there is one.
fn read_file(given: Option<&Path>) -> anyhow::Result<(File, Option<PathBuf>)> {
    let path = match given {
        Some(p) => p.to_path_buf(),
        None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
        None => return Ok((File::default(), None)),
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let file: File = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if let Some(url) = &file.base_url {
        crate::parse_base_url(url).map_err(|e| anyhow::anyhow!("{}: base_url: {e}", path.display()))?;
    }
    if let Some(url) = &file.database {
        crate::database::parse_database_url(url).map_err(|e| anyhow::anyhow!("{}: database: {e}", path.display()))?;
    }
    Ok((file, Some(path)))
}

/// A command's data folder and database from portico.toml
/// (`PORTICO_CONFIG`, else ./portico.toml), each where neither its flag
/// nor its variable gave one: `portico user add` then works on the store
/// `portico serve` uses.
pub fn store_from_file(store: &mut crate::database::StoreArgs, matches: &ArgMatches) -> anyhow::Result<()> {
    let (given_data, given_database) = (given(matches, "data"), given(matches, "database"));
    if given_data && given_database {
        return Ok(());
    }
    let config = std::env::var_os("PORTICO_CONFIG").map(PathBuf::from);
    if let (file, Some(_)) = read_file(config.as_deref())? {
        if let (Some(dir), false) = (file.data, given_data) {
            store.data = dir;
        }
        if let (Some(url), false) = (file.database, given_database) {
            store.database = Some(url);
        }
    }
    Ok(())
}

/// Whether the argument `id` was given on the command line or in the
/// environment, at any level of subcommands.
fn given(matches: &ArgMatches, id: &str) -> bool {
    let mut m = Some(matches);
    while let Some(level) = m {
        // `try_get_raw` first: it answers an error, not a panic, where
        // there is no such argument.
        if matches!(level.try_get_raw(id), Ok(Some(_)))
            && matches!(
                level.value_source(id),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            )
        {
            return true;
        }
        m = level.subcommand().map(|(_, sub)| sub);
    }
    false
}

impl Settings {
    /// Resolves `args` (and the matches they were parsed from) against
    /// the configuration file.
    pub fn resolve(args: &ServeArgs, m: &ArgMatches) -> anyhow::Result<Settings> {
        let (f, path) = read_file(args.config.as_deref())?;
        let p = path.as_deref();
        Ok(Settings {
            file: path.clone(),
            site: pick(m, "site", args.site.site.clone(), f.site.map(Some), p),
            theme: pick(m, "theme", args.site.theme.clone(), f.theme.map(Some), p),
            base_url: pick(m, "base_url", args.site.base_url.clone(), f.base_url.map(Some), p),
            addr: pick(m, "addr", args.addr, f.addr, p),
            data: pick(m, "data", args.store.data.clone(), f.data, p),
            database: pick(m, "database", args.store.database.clone(), f.database.map(Some), p),
            hsts: pick(m, "hsts", args.hsts, f.hsts, p),
            index_dir: pick(m, "index_dir", args.index_dir.clone(), f.index_dir.map(Some), p),
            metrics_addr: pick(m, "metrics_addr", args.metrics_addr, f.metrics_addr.map(Some), p),
            drain_seconds: pick(m, "drain_seconds", args.drain_seconds, f.drain_seconds, p),
            grace_seconds: pick(m, "grace_seconds", args.grace_seconds, f.grace_seconds, p),
            log: pick(m, "log", args.log.clone(), f.log, p),
            log_format: pick(m, "log_format", args.log_format, f.log_format, p),
        })
    }

    pub fn drain(&self) -> Duration {
        Duration::from_secs(self.drain_seconds.value)
    }

    pub fn grace(&self) -> Duration {
        Duration::from_secs(self.grace_seconds.value)
    }

    /// Every setting as `portico.toml` would write it, with where its
    /// value came from.
    pub fn show(&self) -> String {
        fn path(p: &Option<PathBuf>) -> String {
            p.as_ref()
                .map_or("# (not set)".to_string(), |p| format!("{:?}", p.display().to_string()))
        }
        let rows: Vec<(&str, String, &Source)> = vec![
            ("site", path(&self.site.value), &self.site.source),
            ("theme", path(&self.theme.value), &self.theme.source),
            (
                "base_url",
                self.base_url
                    .value
                    .as_ref()
                    .map_or("# (site.toml's)".to_string(), |u| format!("{u:?}")),
                &self.base_url.source,
            ),
            ("addr", format!("\"{}\"", self.addr.value), &self.addr.source),
            (
                "data",
                format!("{:?}", self.data.value.display().to_string()),
                &self.data.source,
            ),
            (
                "database",
                self.database
                    .value
                    .as_deref()
                    .map_or("# (SQLite in the data folder)".to_string(), |u| {
                        format!("{:?}", portico_store::redacted_url(u))
                    }),
                &self.database.source,
            ),
            ("hsts", self.hsts.value.to_string(), &self.hsts.source),
            ("index_dir", path(&self.index_dir.value), &self.index_dir.source),
            (
                "metrics_addr",
                self.metrics_addr
                    .value
                    .map_or("# (off)".to_string(), |a| format!("\"{a}\"")),
                &self.metrics_addr.source,
            ),
            (
                "drain_seconds",
                self.drain_seconds.value.to_string(),
                &self.drain_seconds.source,
            ),
            (
                "grace_seconds",
                self.grace_seconds.value.to_string(),
                &self.grace_seconds.source,
            ),
            ("log", format!("{:?}", self.log.value), &self.log.source),
            (
                "log_format",
                format!("\"{}\"", self.log_format.value.as_str()),
                &self.log_format.source,
            ),
        ];
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# portico serve's configuration; file: {}",
            self.file
                .as_ref()
                .map_or("none".to_string(), |p| p.display().to_string())
        );
        for (name, value, source) in rows {
            let _ = writeln!(out, "{:<40} # {source}", format!("{name} = {value}"));
        }
        out
    }

    /// What changed from `self` to `next` that a running server cannot
    /// take without a restart.
    pub fn needs_restart(&self, next: &Settings) -> Vec<&'static str> {
        [
            ("addr", self.addr.value != next.addr.value),
            ("data", self.data.value != next.data.value),
            ("database", self.database.value != next.database.value),
            ("site", self.site.value != next.site.value),
            ("theme", self.theme.value != next.theme.value),
            ("base_url", self.base_url.value != next.base_url.value),
            ("index_dir", self.index_dir.value != next.index_dir.value),
            ("metrics_addr", self.metrics_addr.value != next.metrics_addr.value),
            ("log_format", self.log_format.value != next.log_format.value),
        ]
        .into_iter()
        .filter_map(|(name, changed)| changed.then_some(name))
        .collect()
    }
}
