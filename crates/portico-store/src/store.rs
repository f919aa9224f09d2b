//! Opening the SQLite store (durability checked, schema brought up to
//! date), its named secrets, and what the other modules share: the pool,
//! write transactions, chain heads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions as _, Connection as _, Row as _};
use tokio::sync::mpsc;

use crate::StoreError;
use crate::consent::{Pending, spawn_writer};
use crate::schema::{SCHEMA, SCHEMA_VERSION};
use crate::version::{MIN_SQLITE_VERSION, version_is_at_least};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "portico.sqlite3";

/// The store. Cheap to clone: every clone shares one consent writer and
/// one pool. Must be opened and used inside a Tokio runtime.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// The consent writer's queue.
    pub(crate) queue: mpsc::Sender<Pending>,
    /// Every other read and write.
    pub(crate) pool: SqlitePool,
    path: PathBuf,
}

pub(crate) fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
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

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The server's secret named `name`: 32 random bytes made the first
    /// time it is asked for and kept in the database from then on (every
    /// process on the same data shares it). Signs what the server hands
    /// to browsers and must recognize later.
    pub async fn secret(&self, name: &str) -> Result<[u8; 32], StoreError> {
        let fresh: [u8; 32] = rand::random();
        sqlx::query("INSERT OR IGNORE INTO secret (name, value, created_at) VALUES (?, ?, ?)")
            .bind(name)
            .bind(&fresh[..])
            .bind(now_rfc3339())
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        let value: Vec<u8> = sqlx::query_scalar("SELECT value FROM secret WHERE name = ?")
            .bind(name)
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)?;
        value
            .try_into()
            .map_err(|v: Vec<u8>| StoreError::Corrupt(format!("secret {name:?} has {} bytes, not 32", v.len())))
    }

    /// A write transaction that holds the database's write lock from its
    /// first statement (`BEGIN IMMEDIATE`), so what it reads is what it
    /// extends. Committed with `synchronous=FULL`: on disk when `commit`
    /// returns.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.inner.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)
    }
}

/// Verifies one hash chain: reads `sql`'s rows (a chain's records in
/// order) in one read transaction, a consistent snapshot while writers go
/// on, hashes each with `computed` (`None`: its fields cannot be read),
/// and compares the end with the head row in `head_table`.
pub(crate) async fn verify_chain(
    pool: &SqlitePool,
    sql: String,
    head_table: &str,
    computed: impl Fn(&sqlx::sqlite::SqliteRow) -> Option<String>,
) -> Result<crate::VerifyReport, StoreError> {
    use futures_util::TryStreamExt as _;
    let mut conn = pool.acquire().await.map_err(db)?;
    let mut tx = conn.begin().await.map_err(db)?;
    let mut check = crate::chain::ChainCheck::new();
    {
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *tx);
        while let Some(row) = rows.try_next().await.map_err(db)? {
            let stored: String = row.try_get("hash").unwrap_or_default();
            let prev_hash: String = row.try_get("prev_hash").unwrap_or_default();
            let record_id: Option<String> = row.try_get("record_id").ok();
            let link = crate::chain::Link {
                position: row.try_get::<i64, _>("position").map_err(db)?,
                record_id: record_id.as_deref(),
                computed: computed(&row),
                stored: &stored,
                prev_hash: &prev_hash,
            };
            if !check.push(&link) {
                break;
            }
        }
    }
    let head = read_head(&mut tx, head_table).await?;
    tx.rollback().await.map_err(db)?;
    Ok(check.finish(head))
}

/// A chain's head row (`count`, `hash`, `record_id`), if it has one.
pub(crate) async fn read_head(
    conn: &mut SqliteConnection,
    table: &str,
) -> Result<Option<(i64, String, String)>, StoreError> {
    let sql = format!("SELECT count, hash, record_id FROM {table} WHERE id = 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    match row {
        Some(row) => Ok(Some((
            row.try_get::<i64, _>("count").map_err(db)?,
            row.try_get::<String, _>("hash").map_err(db)?,
            row.try_get::<String, _>("record_id").map_err(db)?,
        ))),
        None => Ok(None),
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
fn create_dir(dir: &Path) -> Result<(), StoreError> {
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

pub(crate) fn now_rfc3339() -> String {
    format!("{:.6}", jiff::Timestamp::now())
}
