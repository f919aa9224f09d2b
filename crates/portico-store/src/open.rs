//! Opening the store: the SQLite version checked, the data folder made,
//! durability (WAL, synchronous=FULL) checked, the schema brought up to
//! date, the consent writer started.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions as _, Connection as _};

use crate::consent::spawn_writer;
use crate::schema::{SCHEMA, SCHEMA_VERSION};
use crate::store::{DATABASE_FILE, Inner, db};
use crate::version::{MIN_SQLITE_VERSION, version_is_at_least};
use crate::{Store, StoreError};

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
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .min_connections(0)
            .connect_with(options)
            .await
            .map_err(db)?;
        let queue = spawn_writer(writer);
        Ok(Store {
            inner: Arc::new(Inner { queue, pool, path }),
        })
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
