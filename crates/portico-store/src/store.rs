//! The SQLite store: one writer task doing group commit, a small pool of
//! connections for everything else.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt as _;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions as _, Connection as _, Row as _};
use tokio::sync::{mpsc, oneshot};

use crate::chain::{GENESIS_HASH, notice_hash, record_hash};
use crate::record::{
    Event, ExportFormat, Method, NewRecord, Notice, NoticeVersion, Problem, ProblemKind, Receipt, Record, State,
    VerifyReport, validate,
};
use crate::stats::{Stats, StatsRow};
use crate::version::{MIN_SQLITE_VERSION, version_is_at_least};
use crate::{StoreError, new_uuid_v7};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "portico.sqlite3";

/// The schema version this code writes (`PRAGMA user_version`). Every
/// statement of [`SCHEMA`] is idempotent, so an older database is brought
/// up to date by running it again.
const SCHEMA_VERSION: i64 = 2;

/// Most records committed in one transaction.
const MAX_BATCH: usize = 1024;

/// Requests waiting for the writer before `record` waits for room.
const QUEUE: usize = 8192;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS consent_record (
    position         INTEGER PRIMARY KEY,
    record_id        TEXT NOT NULL UNIQUE,
    consent_id       TEXT NOT NULL,
    event            TEXT NOT NULL,
    state            TEXT NOT NULL,
    event_time       TEXT NOT NULL,
    validity_seconds INTEGER NOT NULL,
    purposes         TEXT NOT NULL,
    notice_url       TEXT NOT NULL,
    notice_hash      TEXT NOT NULL,
    language         TEXT NOT NULL,
    jurisdiction     TEXT,
    method           TEXT NOT NULL,
    trace_id         TEXT NOT NULL,
    policy_version   TEXT NOT NULL,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_record_by_consent_id ON consent_record (consent_id);
CREATE INDEX IF NOT EXISTS consent_record_by_time ON consent_record (event_time);
CREATE TABLE IF NOT EXISTS consent_chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    count     INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    record_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notice_text (
    hash TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notice_version (
    version     TEXT NOT NULL,
    locale      TEXT NOT NULL,
    url         TEXT NOT NULL,
    hash        TEXT NOT NULL REFERENCES notice_text (hash),
    archived_at TEXT NOT NULL,
    PRIMARY KEY (version, locale, url, hash)
);
CREATE INDEX IF NOT EXISTS notice_version_by_hash ON notice_version (hash);
CREATE TABLE IF NOT EXISTS secret (
    name       TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
);
PRAGMA user_version = 2;
";

const COLUMNS: &str = "position, record_id, consent_id, event, state, event_time, validity_seconds, purposes, \
     notice_url, notice_hash, language, jurisdiction, method, trace_id, policy_version, prev_hash, hash";

/// The consent record store. Cheap to clone: every clone shares one writer
/// and one pool. Must be opened and used inside a Tokio runtime.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    queue: mpsc::Sender<Pending>,
    pool: SqlitePool,
    path: PathBuf,
}

struct Pending {
    record: NewRecord,
    /// Append only if this principal has no record of this event under
    /// this policy version yet.
    once: bool,
    reply: oneshot::Sender<Result<Option<Receipt>, StoreError>>,
}

fn db(e: sqlx::Error) -> StoreError {
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
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(writer_loop(writer, rx));
        Ok(Store {
            inner: Arc::new(Inner { queue, pool, path }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Appends one consent record to the chain. Returns once the record is
    /// durable (committed and synced to disk), together with every other
    /// record that arrived while the previous commit was running.
    pub async fn record(&self, record: NewRecord) -> Result<Receipt, StoreError> {
        self.append(record, false)
            .await?
            .ok_or_else(|| StoreError::Database("a record was not appended".into()))
    }

    /// Appends `record` unless its principal already has a record of the
    /// same event under the same policy version (checked in the committing
    /// transaction, so two at once still append one). `None`: it had one,
    /// and nothing was written. For signals a client can repeat at will
    /// (Global Privacy Control on every request), which must not grow the
    /// chain each time.
    pub async fn record_once(&self, record: NewRecord) -> Result<Option<Receipt>, StoreError> {
        self.append(record, true).await
    }

    async fn append(&self, record: NewRecord, once: bool) -> Result<Option<Receipt>, StoreError> {
        validate(&record)?;
        let (reply, answer) = oneshot::channel();
        self.inner
            .queue
            .send(Pending { record, once, reply })
            .await
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
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

    /// Archives the exact text of a notice (the banner or the policy) as
    /// shown in `locale` for policy `version` at `url`; returns its hash
    /// ([`crate::notice_hash`]), the value to put in records. Archiving the
    /// same thing again changes nothing.
    pub async fn archive_notice(
        &self,
        version: &str,
        locale: &str,
        url: &str,
        text: &str,
    ) -> Result<String, StoreError> {
        let hash = notice_hash(text);
        let now = now_rfc3339();
        let mut tx = self.inner.pool.begin().await.map_err(db)?;
        sqlx::query("INSERT OR IGNORE INTO notice_text (hash, text) VALUES (?, ?)")
            .bind(&hash)
            .bind(text)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT OR IGNORE INTO notice_version (version, locale, url, hash, archived_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(version)
        .bind(locale)
        .bind(url)
        .bind(&hash)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(hash)
    }

    /// The archived notice with this hash, if any.
    pub async fn notice(&self, hash: &str) -> Result<Option<Notice>, StoreError> {
        let pool = &self.inner.pool;
        let Some(text) = sqlx::query_scalar::<_, String>("SELECT text FROM notice_text WHERE hash = ?")
            .bind(hash)
            .fetch_optional(pool)
            .await
            .map_err(db)?
        else {
            return Ok(None);
        };
        let published = sqlx::query(
            "SELECT version, locale, url, archived_at FROM notice_version WHERE hash = ? \
             ORDER BY archived_at, version, locale, url",
        )
        .bind(hash)
        .fetch_all(pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| {
            Ok(NoticeVersion {
                version: row.try_get("version")?,
                locale: row.try_get("locale")?,
                url: row.try_get("url")?,
                archived_at: row.try_get("archived_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(db)?;
        Ok(Some(Notice {
            hash: hash.to_string(),
            text,
            published,
        }))
    }

    /// Reads the whole chain in order and checks every record's hash, its
    /// link to the record before, its position, and the chain head written
    /// with each commit (so removing the last records is detected too).
    /// Stops at the first problem.
    pub async fn verify(&self) -> Result<VerifyReport, StoreError> {
        let mut conn = self.inner.pool.acquire().await.map_err(db)?;
        // One read transaction: a consistent snapshot while the writer goes on.
        let mut tx = conn.begin().await.map_err(db)?;
        let mut prev = GENESIS_HASH.to_string();
        let mut count: u64 = 0;
        let mut last_id: Option<String> = None;
        let mut problem = None;
        {
            let sql = format!("SELECT {COLUMNS} FROM consent_record ORDER BY position");
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *tx);
            while let Some(row) = rows.try_next().await.map_err(db)? {
                let expected = count + 1;
                let position = row.try_get::<i64, _>("position").map_err(db)?;
                let record_id: Option<String> = row.try_get("record_id").ok();
                let found = |kind| Problem {
                    position: u64::try_from(position).unwrap_or(0),
                    record_id: record_id.clone(),
                    kind,
                };
                let Ok(record) = record_from_row(&row) else {
                    problem = Some(found(ProblemKind::Unreadable));
                    break;
                };
                if record.position != expected {
                    problem = Some(found(ProblemKind::UnexpectedPosition { expected }));
                    break;
                }
                if record_hash(&record) != record.hash {
                    problem = Some(found(ProblemKind::Altered));
                    break;
                }
                if record.prev_hash != prev {
                    problem = Some(found(ProblemKind::BrokenLink));
                    break;
                }
                prev = record.hash;
                last_id = Some(record.record_id);
                count = expected;
            }
        }
        if problem.is_none() {
            let head = sqlx::query("SELECT count, hash, record_id FROM consent_chain_head WHERE id = 1")
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
            let head = match head {
                Some(row) => Some((
                    row.try_get::<i64, _>("count").map_err(db)?,
                    row.try_get::<String, _>("hash").map_err(db)?,
                    row.try_get::<String, _>("record_id").map_err(db)?,
                )),
                None => None,
            };
            problem = match head {
                None if count == 0 => None,
                Some((n, _, id)) if u64::try_from(n).is_ok_and(|n| n > count) => Some(Problem {
                    position: count + 1,
                    record_id: Some(id),
                    kind: ProblemKind::Truncated {
                        head_count: u64::try_from(n).unwrap_or(0),
                    },
                }),
                Some((n, hash, _)) if u64::try_from(n).is_ok_and(|n| n == count) && hash == prev => None,
                _ => Some(Problem {
                    position: count,
                    record_id: last_id,
                    kind: ProblemKind::HeadMismatch,
                }),
            };
        }
        tx.rollback().await.map_err(db)?;
        Ok(VerifyReport {
            records: count,
            head_hash: prev,
            problem,
        })
    }

    /// Writes every record whose event time is on or after `since` (UTC),
    /// or every record, in chain order, to `out`; returns how many.
    pub async fn export(
        &self,
        since: Option<jiff::civil::Date>,
        format: ExportFormat,
        out: &mut (dyn Write + Send),
    ) -> Result<u64, StoreError> {
        let since = since.map_or_else(String::new, |d| d.to_string());
        let sql = format!("SELECT {COLUMNS} FROM consent_record WHERE event_time >= ? ORDER BY position");
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(since)
            .fetch(&self.inner.pool);
        let mut out = std::io::BufWriter::new(out);
        let mut n = 0;
        if format == ExportFormat::Csv {
            out.write_all(crate::export::csv_header().as_bytes())
                .map_err(StoreError::Write)?;
        }
        while let Some(row) = rows.try_next().await.map_err(db)? {
            let record = record_from_row(&row)?;
            let line = match format {
                ExportFormat::Jsonl => {
                    let mut s = serde_json::to_string(&record)
                        .map_err(|e| StoreError::Corrupt(format!("record {}: {e}", record.record_id)))?;
                    s.push('\n');
                    s
                }
                ExportFormat::Csv => crate::export::csv_line(&record),
            };
            out.write_all(line.as_bytes()).map_err(StoreError::Write)?;
            n += 1;
        }
        out.flush().map_err(StoreError::Write)?;
        Ok(n)
    }

    /// Counts of decisions by day (UTC) and locale.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        let rows = sqlx::query(
            "SELECT substr(event_time, 1, 10) AS day, language, event, count(*) AS n FROM consent_record \
             GROUP BY day, language, event ORDER BY day, language",
        )
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        let mut by_key: BTreeMap<(String, String), StatsRow> = BTreeMap::new();
        for row in &rows {
            let day: String = row.try_get("day").map_err(db)?;
            let locale: String = row.try_get("language").map_err(db)?;
            let event: String = row.try_get("event").map_err(db)?;
            let n: i64 = row.try_get("n").map_err(db)?;
            let event = Event::parse(&event).ok_or_else(|| StoreError::Corrupt(format!("unknown event {event:?}")))?;
            let entry = by_key.entry((day.clone(), locale.clone())).or_insert_with(|| StatsRow {
                day,
                locale,
                ..StatsRow::default()
            });
            entry.add(event, u64::try_from(n).unwrap_or(0));
        }
        Ok(Stats {
            rows: by_key.into_values().collect(),
        })
    }

    /// Every record of one principal, in chain order (for a data subject's
    /// access request).
    pub async fn lookup(&self, consent_id: &str) -> Result<Vec<Record>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM consent_record WHERE consent_id = ? ORDER BY position");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(consent_id)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(record_from_row).collect()
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

fn now_rfc3339() -> String {
    format!("{:.6}", jiff::Timestamp::now())
}

/// The group-commit loop: wait for at least one request, take every request
/// queued by then (up to [`MAX_BATCH`]), write them in one transaction,
/// commit (WAL, synchronous=FULL: the commit is synced), then answer each.
async fn writer_loop(mut conn: SqliteConnection, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write_batch(&mut conn, &batch).await {
            Ok(receipts) => {
                for (pending, receipt) in batch.drain(..).zip(receipts) {
                    let _ = pending.reply.send(Ok(receipt));
                }
            }
            Err(e) => {
                let message = e.to_string();
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(StoreError::Database(message.clone().into())));
                }
            }
        }
    }
    let _ = conn.close().await;
}

/// Whether `consent_id` already has an `event` record under `policy`.
async fn has_record(
    tx: &mut SqliteConnection,
    consent_id: &str,
    event: Event,
    policy: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM consent_record WHERE consent_id = ? AND event = ? AND policy_version = ? LIMIT 1",
    )
    .bind(consent_id)
    .bind(event.as_str())
    .bind(policy)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

async fn write_batch(conn: &mut SqliteConnection, batch: &[Pending]) -> Result<Vec<Option<Receipt>>, sqlx::Error> {
    // IMMEDIATE takes the write lock now, so the head read below is the
    // head this transaction extends, even with another process writing.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let head = sqlx::query("SELECT count, hash FROM consent_chain_head WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await?;
    let (mut count, mut prev) = match head {
        Some(row) => (row.try_get::<i64, _>("count")?, row.try_get::<String, _>("hash")?),
        None => (0, GENESIS_HASH.to_string()),
    };
    let mut receipts = Vec::with_capacity(batch.len());
    let mut last_id = String::new();
    let mut appended = 0;
    for (i, pending) in batch.iter().enumerate() {
        let new = &pending.record;
        if pending.once {
            let same = |p: &Pending| {
                p.record.consent_id == new.consent_id
                    && p.record.event == new.event
                    && p.record.policy_version == new.policy_version
            };
            if batch[..i].iter().any(same)
                || has_record(&mut tx, &new.consent_id, new.event, &new.policy_version).await?
            {
                receipts.push(None);
                continue;
            }
        }
        appended += 1;
        let now = jiff::Timestamp::now();
        count += 1;
        let mut record = Record {
            position: u64::try_from(count).unwrap_or(0),
            record_id: new_uuid_v7(now),
            event_time: format!("{now:.6}"),
            decision: new.clone(),
            prev_hash: prev,
            hash: String::new(),
        };
        record.hash = record_hash(&record);
        let d = &record.decision;
        let purposes = serde_json::to_string(&d.purposes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO consent_record (position, record_id, consent_id, event, state, event_time, \
             validity_seconds, purposes, notice_url, notice_hash, language, jurisdiction, method, trace_id, \
             policy_version, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(count)
        .bind(&record.record_id)
        .bind(&d.consent_id)
        .bind(d.event.as_str())
        .bind(d.state.as_str())
        .bind(&record.event_time)
        .bind(i64::try_from(d.validity_seconds).unwrap_or(i64::MAX))
        .bind(purposes)
        .bind(&d.notice_url)
        .bind(&d.notice_hash)
        .bind(&d.language)
        .bind(&d.jurisdiction)
        .bind(d.method.as_str())
        .bind(&d.trace_id)
        .bind(&d.policy_version)
        .bind(&record.prev_hash)
        .bind(&record.hash)
        .execute(&mut *tx)
        .await?;
        prev = record.hash.clone();
        last_id.clone_from(&record.record_id);
        receipts.push(Some(Receipt {
            record_id: record.record_id,
            position: record.position,
            event_time: record.event_time,
            hash: record.hash,
        }));
    }
    if appended == 0 {
        tx.rollback().await?;
        return Ok(receipts);
    }
    sqlx::query(
        "INSERT INTO consent_chain_head (id, count, hash, record_id) VALUES (1, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET count = excluded.count, hash = excluded.hash, record_id = excluded.record_id",
    )
    .bind(count)
    .bind(&prev)
    .bind(&last_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(receipts)
}

fn record_from_row(row: &SqliteRow) -> Result<Record, StoreError> {
    let get = |col: &str| row.try_get::<String, _>(col).map_err(db);
    let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("{what} {value:?}"));
    let event = get("event")?;
    let state = get("state")?;
    let method = get("method")?;
    let purposes = get("purposes")?;
    let position: i64 = row.try_get("position").map_err(db)?;
    let validity: i64 = row.try_get("validity_seconds").map_err(db)?;
    Ok(Record {
        position: u64::try_from(position).map_err(|_| corrupt("position", &position.to_string()))?,
        record_id: get("record_id")?,
        event_time: get("event_time")?,
        decision: NewRecord {
            consent_id: get("consent_id")?,
            event: Event::parse(&event).ok_or_else(|| corrupt("event", &event))?,
            state: State::parse(&state).ok_or_else(|| corrupt("state", &state))?,
            validity_seconds: u64::try_from(validity)
                .map_err(|_| corrupt("validity_seconds", &validity.to_string()))?,
            purposes: serde_json::from_str(&purposes).map_err(|_| corrupt("purposes", &purposes))?,
            notice_url: get("notice_url")?,
            notice_hash: get("notice_hash")?,
            language: get("language")?,
            jurisdiction: row.try_get("jurisdiction").map_err(db)?,
            method: Method::parse(&method).ok_or_else(|| corrupt("method", &method))?,
            trace_id: get("trace_id")?,
            policy_version: get("policy_version")?,
        },
        prev_hash: get("prev_hash")?,
        hash: get("hash")?,
    })
}
