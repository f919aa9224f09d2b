//! The store value and what its modules share: the pool, write
//! transactions, chain heads and their verification, the named secrets.
//! Opening it is `open.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool};
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
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// SQLite: the database file. PostgreSQL: the URL without its password.
    pub(crate) path: PathBuf,
    /// PostgreSQL: this node and its wait for other nodes' changes.
    pub(crate) cluster: Option<crate::cluster::Cluster>,
    /// This process's writers' turns (the consent writer's too).
    pub(crate) write_gate: WriteGate,
}

/// The writers of this process, one at a time: they wait their turn here,
/// in order, instead of in SQLite's busy handler, which polls the lock
/// with sleeps of up to 100 ms (a queue of writers made a long tail of
/// waits). Other processes and nodes still wait at the database's lock.
pub(crate) type WriteGate = Arc<tokio::sync::Mutex<()>>;

/// A write transaction holding this process's turn ([`WriteGate`]) and the
/// database's write lock until it is committed or dropped. Used as the
/// connection it runs on.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _gate: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// Which database the store is in: the queries are the same, what takes
/// the write lock, opens a snapshot and copies the data is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded, in the data folder.
    Sqlite,
    /// PostgreSQL, shared by every node.
    Postgres,
}

impl Backend {
    /// The name, as `portico config` and `/readyz` print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The statement that begins a write transaction holding the write
    /// lock from its start. On PostgreSQL the lock is an advisory lock of
    /// one fixed key, taken by the first statement inside the transaction
    /// ([`Backend::lock_write`]), released at commit or rollback.
    pub(crate) fn begin_write_sql(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// Takes the write lock inside a transaction begun with
    /// [`Backend::begin_write_sql`] (nothing to do on SQLite, where
    /// `BEGIN IMMEDIATE` took it).
    pub(crate) async fn lock_write(self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if self == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// The statement that begins a read transaction seeing one moment.
    pub(crate) fn begin_snapshot_sql(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }
}

/// The PostgreSQL advisory lock every write transaction takes: one key,
/// so writes are serialized across every node as SQLite serializes them
/// in one file ("PORTICO" in ASCII).
const WRITE_LOCK_KEY: i64 = 0x0050_4F52_5449_434F;

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
        sqlx::query("INSERT INTO secret (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(&fresh[..])
            .bind(now_rfc3339())
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        let value: Vec<u8> = sqlx::query_scalar("SELECT value FROM secret WHERE name = $1")
            .bind(name)
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)?;
        value
            .try_into()
            .map_err(|v: Vec<u8>| StoreError::Corrupt(format!("secret {name:?} has {} bytes, not 32", v.len())))
    }

    /// A write transaction that holds the database's write lock from its
    /// first statement (`BEGIN IMMEDIATE`; PostgreSQL: the advisory lock
    /// every writer takes), so what it reads is what it extends, after
    /// this process's earlier writers ([`WriteGate`]). Committed with
    /// `synchronous=FULL`: on disk when `commit` returns.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let gate = self.inner.write_gate.clone().lock_owned().await;
        let backend = self.inner.backend;
        let mut tx = self
            .inner
            .pool
            .begin_with(backend.begin_write_sql())
            .await
            .map_err(db)?;
        backend.lock_write(&mut tx).await.map_err(db)?;
        Ok(WriteTx { tx, _gate: gate })
    }

    /// Which database the store is in.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }
}

/// Verifies one hash chain: reads `sql`'s rows (a chain's records in
/// order) in one read transaction, a consistent snapshot while writers go
/// on, hashes each with `computed` (`None`: its fields cannot be read),
/// and compares the end with the head row in `head_table`.
pub(crate) async fn verify_chain(
    store: &Store,
    sql: String,
    head_table: &str,
    computed: impl Fn(&AnyRow) -> Option<String>,
) -> Result<crate::VerifyReport, StoreError> {
    use futures_util::TryStreamExt as _;
    let mut conn = store.inner.pool.acquire().await.map_err(db)?;
    let mut tx = conn
        .begin_with(store.inner.backend.begin_snapshot_sql())
        .await
        .map_err(db)?;
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
    conn: &mut AnyConnection,
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

/// A yes-or-no column: stored as an integer (0 or 1) on both backends,
/// which is what SQLite has and what the `Any` driver reads from either.
pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool, StoreError> {
    Ok(row.try_get::<i64, _>(column).map_err(db)? != 0)
}

pub(crate) fn now_rfc3339() -> String {
    format!("{:.6}", jiff::Timestamp::now())
}
