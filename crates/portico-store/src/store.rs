//! The store value and what its modules share: the pool, write
//! transactions, chain heads and their verification, the named secrets.
//! Opening it is `open.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::{Connection as _, Row as _};
use tokio::sync::mpsc;

use crate::StoreError;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "portico.sqlite3";

/// A consent record waiting for the writer (`consent.rs`).
pub(crate) struct Pending {
    pub(crate) record: crate::record::NewRecord,
    /// Append only if this principal has no record of this event under
    /// this policy version yet.
    pub(crate) once: bool,
    pub(crate) reply: tokio::sync::oneshot::Sender<Result<Option<crate::record::Receipt>, StoreError>>,
}

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
    pub(crate) path: PathBuf,
}

pub(crate) fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

impl Store {
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

pub(crate) fn now_rfc3339() -> String {
    format!("{:.6}", jiff::Timestamp::now())
}
