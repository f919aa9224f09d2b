//! Where the store is, for every command that opens it: the data folder's
//! SQLite (`--data`, the default), or a PostgreSQL database several nodes
//! share (`--database postgres://…`); and `portico db`, which migrates a
//! PostgreSQL database and copies a single node's store into one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use portico_store::{Store, is_postgres_url, redacted_url};

/// The store a command works on: the same for `serve` and every other
/// command (a flag, else the environment, else portico.toml).
#[derive(Clone, Debug, clap::Args)]
pub struct StoreArgs {
    /// The data folder: SQLite's database, and what else runtime state
    /// needs on disk (the same as `serve --data`).
    #[arg(long, global = true, env = "PORTICO_DATA_DIR", default_value = "portico-data")]
    pub data: PathBuf,
    /// A PostgreSQL database to keep runtime state in instead of the data
    /// folder's SQLite (`postgres://user:password@host:5432/name`), shared
    /// by every node that serves the site.
    #[arg(long, global = true, env = "PORTICO_DATABASE_URL", value_parser = parse_database_url)]
    pub database: Option<String>,
}

pub fn parse_database_url(s: &str) -> Result<String, String> {
    if is_postgres_url(s) {
        Ok(s.to_string())
    } else {
        Err("a PostgreSQL URL: postgres://user:password@host:5432/name".to_string())
    }
}

impl StoreArgs {
    /// Opens the store these arguments name.
    pub async fn open(&self) -> anyhow::Result<Store> {
        open(&self.data, self.database.as_deref()).await
    }

    /// What the store is, for messages: the data folder, or the URL
    /// without its password.
    pub fn shown(&self) -> String {
        match &self.database {
            Some(url) => redacted_url(url),
            None => self.data.display().to_string(),
        }
    }
}

/// Opens the store: the PostgreSQL database at `database` when given, else
/// the SQLite store in `data`.
pub async fn open(data: &Path, database: Option<&str>) -> anyhow::Result<Store> {
    match database {
        Some(url) => Store::open_postgres(url)
            .await
            .with_context(|| format!("opening the database {}", redacted_url(url))),
        None => Store::open(data)
            .await
            .with_context(|| format!("opening the data folder {}", data.display())),
    }
}

#[derive(clap::Args)]
pub struct DbArgs {
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(clap::Subcommand)]
enum DbCommand {
    /// Create or bring up to date the tables of the PostgreSQL database
    /// (run once per upgrade, before the nodes start; safe to run again).
    Migrate {
        /// The database.
        #[arg(long, env = "PORTICO_DATABASE_URL", value_parser = parse_database_url)]
        database: String,
    },
    /// Copy a store, every table, into an empty PostgreSQL database (moving
    /// a single node to a cluster); both hash chains are verified after.
    Copy {
        /// The store to copy: `sqlite:PATH` (a data folder or its
        /// portico.sqlite3), or a PostgreSQL URL.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database to copy into (migrated, and empty).
        #[arg(long, value_parser = parse_database_url)]
        to: String,
    },
}

pub fn run(args: DbArgs) -> anyhow::Result<ExitCode> {
    crate::accounts::runtime()?.block_on(async {
        match args.command {
            DbCommand::Migrate { database } => {
                let done = Store::migrate_postgres(&database)
                    .await
                    .with_context(|| format!("migrating {}", redacted_url(&database)))?;
                if done.from == done.to {
                    println!("{}: schema version {}, up to date", redacted_url(&database), done.to);
                } else {
                    println!(
                        "{}: schema version {} → {}",
                        redacted_url(&database),
                        done.from,
                        done.to
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            DbCommand::Copy { from, to } => copy(&from, &to).await,
        }
    })
}

async fn copy(from: &str, to: &str) -> anyhow::Result<ExitCode> {
    let source = match from.strip_prefix("sqlite:") {
        Some(path) => {
            let path = Path::new(path);
            let dir = if path.is_file() {
                path.parent().unwrap_or(Path::new("."))
            } else {
                path
            };
            anyhow::ensure!(
                dir.join(portico_store::DATABASE_FILE).is_file(),
                "{} holds no store",
                dir.display()
            );
            open(dir, None).await?
        }
        None if is_postgres_url(from) => open(Path::new(""), Some(from)).await?,
        None => anyhow::bail!("--from: sqlite:PATH or a PostgreSQL URL, not {from:?}"),
    };
    let target = open(Path::new(""), Some(to)).await?;
    let started = std::time::Instant::now();
    let copied = portico_store::copy_store(&source, &target)
        .await
        .with_context(|| format!("copying into {}", redacted_url(to)))?;
    for t in &copied.tables {
        println!("{:>9} {}", t.rows, t.table);
    }
    let mut ok = true;
    for (name, from, to) in [
        ("consent", source.verify().await?, target.verify().await?),
        ("audit", source.audit_verify().await?, target.audit_verify().await?),
    ] {
        let same = to.is_ok() && from.records == to.records && from.head_hash == to.head_hash;
        ok &= same;
        println!(
            "{name} chain: {} records, head {} — {}",
            to.records,
            to.head_hash,
            if same {
                "verified, the same as the source"
            } else {
                "NOT the same as the source"
            }
        );
    }
    println!("copied in {:.1} s", started.elapsed().as_secs_f64());
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
