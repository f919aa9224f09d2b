//! Consent records: the group-commit writer that appends them to their
//! hash chain, and reading the chain back (verify, export, stats, lookup),
//! with the archive of the notices they point to.

use std::collections::BTreeMap;
use std::io::Write;

use futures_util::TryStreamExt as _;
use sqlx::Row as _;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::{mpsc, oneshot};

use crate::chain::{GENESIS_HASH, notice_hash, record_hash};
use crate::record::{
    Event, ExportFormat, Method, NewRecord, Notice, NoticeVersion, Receipt, Record, State, VerifyReport, validate,
};
use crate::stats::{Stats, StatsRow};
use crate::store::{Backend, Pending, WriteGate, db, now_rfc3339, verify_chain};
use crate::{Store, StoreError, new_uuid_v7};

/// Most records committed in one transaction.
const MAX_BATCH: usize = 1024;

/// Requests waiting for the writer before `record` waits for room.
const QUEUE: usize = 8192;

const COLUMNS: &str = "position, record_id, consent_id, event, state, event_time, validity_seconds, purposes, \
     notice_url, notice_hash, language, jurisdiction, method, trace_id, policy_version, prev_hash, hash";

impl Store {
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
        sqlx::query("INSERT INTO notice_text (hash, text) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(&hash)
            .bind(text)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO notice_version (version, locale, url, hash, archived_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
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
        let Some(text) = sqlx::query_scalar::<_, String>("SELECT text FROM notice_text WHERE hash = $1")
            .bind(hash)
            .fetch_optional(pool)
            .await
            .map_err(db)?
        else {
            return Ok(None);
        };
        let published = sqlx::query(
            "SELECT version, locale, url, archived_at FROM notice_version WHERE hash = $1 \
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
        let sql = format!("SELECT {COLUMNS} FROM consent_record ORDER BY position");
        verify_chain(self, sql, "consent_chain_head", |row| {
            record_from_row(row).ok().as_ref().map(record_hash)
        })
        .await
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
        let sql = format!("SELECT {COLUMNS} FROM consent_record WHERE event_time >= $1 ORDER BY position");
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
        let sql = format!("SELECT {COLUMNS} FROM consent_record WHERE consent_id = $1 ORDER BY position");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(consent_id)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(record_from_row).collect()
    }
}

/// Starts the writer task; the sender is its queue. It takes a connection
/// from the pool for each batch, so a database that went away and came
/// back (PostgreSQL restarted) costs the batches in between, not the
/// writer.
pub(crate) fn spawn_writer(pool: AnyPool, backend: Backend, gate: WriteGate) -> mpsc::Sender<Pending> {
    let (queue, rx) = mpsc::channel(QUEUE);
    tokio::spawn(writer_loop(pool, backend, gate, rx));
    queue
}

/// The group-commit loop: wait for at least one request, take every request
/// queued by then (up to [`MAX_BATCH`]), write them in one transaction,
/// commit (WAL, synchronous=FULL: the commit is synced), then answer each.
async fn writer_loop(pool: AnyPool, backend: Backend, gate: WriteGate, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let turn = gate.lock().await;
        let written = write_batch(&pool, backend, &batch).await;
        drop(turn);
        match written {
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
}

/// Whether `consent_id` already has an `event` record under `policy`.
async fn has_record(tx: &mut AnyConnection, consent_id: &str, event: Event, policy: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM consent_record WHERE consent_id = $1 AND event = $2 AND policy_version = $3 LIMIT 1",
    )
    .bind(consent_id)
    .bind(event.as_str())
    .bind(policy)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

async fn write_batch(pool: &AnyPool, backend: Backend, batch: &[Pending]) -> Result<Vec<Option<Receipt>>, sqlx::Error> {
    // The write lock is taken now, so the head read below is the head this
    // transaction extends, even with another process or node writing.
    let mut tx = pool.begin_with(backend.begin_write_sql()).await?;
    backend.lock_write(&mut tx).await?;
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
             policy_version, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
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
        "INSERT INTO consent_chain_head (id, count, hash, record_id) VALUES (1, $1, $2, $3) \
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

fn record_from_row(row: &AnyRow) -> Result<Record, StoreError> {
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
