//! Opening the store. SQLite: the library's version checked, the data
//! folder made, durability (WAL, synchronous=FULL) checked, the schema
//! brought up to date. PostgreSQL: the schema's version checked (`portico
//! db migrate` changes it). Either way the consent writer started.

use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions as _, Connection as _, Executor as _};

use crate::consent::spawn_writer;
use crate::schema::{SCHEMA, SCHEMA_VERSION};
use crate::schema_pg::{SCHEMA_PG, SCHEMA_VERSION_PG};
use crate::store::{Backend, DATABASE_FILE, Inner, db};
use crate::version::{MIN_SQLITE_VERSION, version_is_at_least};
use crate::{Store, StoreError};

/// How long a request waits for a database connection before it is told
/// the store is unavailable (a database that went away answers 503
/// quickly instead of hanging).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Whether `s` names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`), as `--database` takes it.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// `url` with its password, if any, replaced by `***`: what logs, `portico
/// config` and errors may print.
pub fn redacted_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "(not a URL)".to_string(),
    }
}

/// An `Any` pool over SQLite with `options`; every connection made
/// durable (`synchronous=FULL`), with foreign keys on and a 30 s wait for
/// the write lock.
pub(crate) async fn sqlite_pool(options: &SqliteConnectOptions, max: u32) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let any = AnyConnectOptions::from_url(&options.to_url_lossy()).map_err(db)?;
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(0)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000")
                    .await?;
                Ok(())
            })
        })
        .connect_with(any)
        .await
        .map_err(db)
}

/// An `Any` pool over the PostgreSQL database at `url`; each connection
/// says which node it serves (`portico.node`, which the triggers of
/// `site_change` read), and waits at most 30 s for a statement.
async fn postgres_pool(url: &str, max: u32, node: &str) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let options =
        AnyConnectOptions::from_str(url).map_err(|e| StoreError::Invalid(format!("{}: {e}", redacted_url(url))))?;
    // Hex digits or a plain word: nothing to quote.
    let setup = format!("SET portico.node = '{node}'; SET statement_timeout = '30s'");
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(0)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                conn.execute(sqlx::AssertSqlSafe(setup)).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| StoreError::Unavailable(format!("{}: {e}", redacted_url(url))))
}

/// The schema version of the PostgreSQL database in `pool` (0: none yet).
async fn postgres_schema_version(conn: &mut sqlx::AnyConnection) -> Result<i64, StoreError> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name = 'portico_schema'",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    if exists == 0 {
        return Ok(0);
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM portico_schema WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    Ok(version.unwrap_or(0))
}

/// Whether the PostgreSQL database at `url` holds a store already (its
/// schema version row exists).
pub(crate) async fn postgres_has_store(url: &str) -> Result<bool, StoreError> {
    let pool = postgres_pool(url, 1, "restore").await?;
    let version = postgres_schema_version(&mut *pool.acquire().await.map_err(db)?).await?;
    pool.close().await;
    Ok(version > 0)
}

/// What `portico db migrate` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Migrated {
    /// The schema version found.
    pub from: i64,
    /// The schema version now.
    pub to: i64,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir`: the directory,
    /// the SQLite database [`DATABASE_FILE`] in WAL mode with
    /// `synchronous=FULL`, its tables, and the writer task.
    ///
    /// Refuses to open when the linked SQLite is older than 3.51.3.
    pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
        check_sqlite_version().await?;
        create_dir(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let mut writer = options.connect().await.map_err(db)?;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut writer)
            .await
            .map_err(db)?;
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut writer)
            .await
            .map_err(db)?;
        if !mode.eq_ignore_ascii_case("wal") || sync != 2 {
            return Err(StoreError::NotDurable(format!(
                "{} runs with journal_mode={mode}, synchronous={sync}; WAL and FULL (2) are required",
                path.display()
            )));
        }
        let version: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut writer)
            .await
            .map_err(db)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            let mut tx = writer.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
            sqlx::raw_sql(SCHEMA).execute(&mut *tx).await.map_err(db)?;
            tx.commit().await.map_err(db)?;
        }
        writer.close().await.map_err(db)?;
        let pool = sqlite_pool(&options, 5).await?;
        Ok(Store::over(pool, Backend::Sqlite, path, None))
    }

    /// Opens the store in the PostgreSQL database at `url`. Refuses a
    /// database whose schema is not this version's: `portico db migrate`
    /// ([`Store::migrate_postgres`]) brings it there, once, for every
    /// node.
    pub async fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let node = format!("{:016x}", rand::random::<u64>());
        let pool = postgres_pool(url, 10, &node).await?;
        let version = postgres_schema_version(&mut *pool.acquire().await.map_err(db)?).await?;
        if version > SCHEMA_VERSION_PG {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION_PG,
            });
        }
        if version < SCHEMA_VERSION_PG {
            return Err(StoreError::OlderSchema {
                found: version,
                expected: SCHEMA_VERSION_PG,
            });
        }
        let cluster = crate::cluster::Cluster::new(url, node);
        Ok(Store::over(
            pool,
            Backend::Postgres,
            PathBuf::from(redacted_url(url)),
            Some(cluster),
        ))
    }

    /// Brings the PostgreSQL database at `url` to this version's schema
    /// (creating it when empty), under the write lock, so nodes migrating
    /// at once take turns and the second finds nothing to do. Refuses a
    /// newer schema.
    pub async fn migrate_postgres(url: &str) -> Result<Migrated, StoreError> {
        let pool = postgres_pool(url, 1, "migrate").await?;
        let mut tx = pool.begin().await.map_err(db)?;
        Backend::Postgres.lock_write(&mut tx).await.map_err(db)?;
        let from = postgres_schema_version(&mut tx).await?;
        if from > SCHEMA_VERSION_PG {
            return Err(StoreError::NewerSchema {
                found: from,
                supported: SCHEMA_VERSION_PG,
            });
        }
        if from < SCHEMA_VERSION_PG {
            sqlx::raw_sql(SCHEMA_PG).execute(&mut *tx).await.map_err(db)?;
            sqlx::query(
                "INSERT INTO portico_schema (id, version) VALUES (1, $1) \
                 ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            )
            .bind(SCHEMA_VERSION_PG)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        pool.close().await;
        Ok(Migrated {
            from,
            to: SCHEMA_VERSION_PG,
        })
    }

    /// The store over `pool`, its consent writer started.
    fn over(pool: AnyPool, backend: Backend, path: PathBuf, cluster: Option<crate::cluster::Cluster>) -> Store {
        let write_gate = crate::store::WriteGate::default();
        let queue = spawn_writer(pool.clone(), backend, write_gate.clone());
        Store {
            inner: Arc::new(Inner {
                queue,
                pool,
                backend,
                path,
                cluster,
                write_gate,
            }),
        }
    }
}

/// Refuses SQLite libraries older than [`MIN_SQLITE_VERSION`], asking the
/// library itself (an in-memory database: nothing is touched on disk).
async fn check_sqlite_version() -> Result<(), StoreError> {
    let mut conn = SqliteConnectOptions::new()
        .in_memory(true)
        .connect()
        .await
        .map_err(db)?;
    let found: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut conn)
        .await
        .map_err(db)?;
    conn.close().await.map_err(db)?;
    if version_is_at_least(&found, MIN_SQLITE_VERSION) {
        Ok(())
    } else {
        let (a, b, c) = MIN_SQLITE_VERSION;
        Err(StoreError::SqliteTooOld {
            found,
            required: format!("{a}.{b}.{c}"),
        })
    }
}

/// The linked SQLite library's version, as it reports it at run time.
pub async fn sqlite_version() -> Result<String, StoreError> {
    let mut conn = SqliteConnectOptions::new()
        .in_memory(true)
        .connect()
        .await
        .map_err(db)?;
    let found = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut conn)
        .await
        .map_err(db)?;
    conn.close().await.map_err(db)?;
    Ok(found)
}

/// Creates the data directory and, when it is new, syncs its parent so the
/// directory itself survives a crash.
pub(crate) fn create_dir(dir: &Path) -> Result<(), StoreError> {
    let io = |error| StoreError::Io {
        path: dir.to_path_buf(),
        error,
    };
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    #[cfg(unix)]
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(parent).and_then(|f| f.sync_all()).map_err(io)?;
    }
    Ok(())
}
