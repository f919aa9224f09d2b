//! Backups: a consistent copy of the live database (`VACUUM INTO`, which
//! reads one snapshot while writers go on), the check of a database file
//! (integrity, both hash chains, what it holds), and putting a backup in
//! place as a data folder's store.
//!
//! A file appears under its final name only once it is complete and on
//! disk: it is written under a temporary name in the same folder, synced,
//! renamed, and the folder synced.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};

use crate::record::VerifyReport;
use crate::schema::SCHEMA_VERSION;
use crate::store::{Backend, DATABASE_FILE, Inner, db};
use crate::{GENESIS_HASH, Store, StoreError};

/// The tables counted by a check, with what their rows are called.
const COUNTED: &[(&str, &str)] = &[
    ("account", "accounts"),
    ("api_token", "API tokens"),
    ("session", "sessions"),
    ("sign_in_link", "sign-in links"),
    ("passkey", "passkeys"),
    ("audit_record", "audit records"),
    ("consent_record", "consent records"),
    ("notice_text", "notice texts"),
    ("notice_version", "notice versions"),
    ("revision", "revisions"),
    ("item", "items"),
    ("autosave", "autosaves"),
    ("job", "jobs"),
    ("comment", "comments"),
    ("trash", "items in the trash"),
    ("media", "media files"),
    ("media_variant", "media variants"),
    ("media_alt", "alt texts"),
    ("secret", "server secrets"),
];

/// The tables every Portico store has had since its first schema.
const FIRST_TABLES: &[&str] = &["consent_record", "consent_chain_head"];

/// The rows of one table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TableCount {
    /// The table's name.
    pub table: &'static str,
    /// What its rows are, in words (`accounts`, `consent records`).
    pub what: &'static str,
    /// How many rows it has.
    pub rows: u64,
}

/// What a check of a database file found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DataReport {
    /// The file checked.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// The newest schema version this code knows.
    pub supported_schema: i64,
    /// What `PRAGMA integrity_check` reported (empty: `ok`).
    pub integrity: Vec<String>,
    /// How many rows `PRAGMA foreign_key_check` reported.
    pub foreign_key_problems: u64,
    /// The consent chain (`None`: it could not be read; see `unreadable`).
    pub consent: Option<VerifyReport>,
    /// The audit chain (`None`: it could not be read; see `unreadable`).
    pub audit: Option<VerifyReport>,
    /// The rows of each table that holds something (tables an older
    /// schema has not made yet are left out).
    pub counts: Vec<TableCount>,
    /// The bytes of media held: originals and their variants.
    pub media_bytes: u64,
    /// What could not be read, and why.
    pub unreadable: Vec<String>,
}

impl DataReport {
    /// Whether everything verifies: integrity, foreign keys, both chains.
    pub fn is_ok(&self) -> bool {
        self.problems().is_empty()
    }

    /// Every problem found, one line each (empty when all is well).
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self.integrity.iter().map(|m| format!("integrity: {m}")).collect();
        if self.foreign_key_problems > 0 {
            out.push(format!(
                "foreign keys: {} rows point at rows that do not exist",
                self.foreign_key_problems
            ));
        }
        for (name, chain) in [("consent chain", &self.consent), ("audit chain", &self.audit)] {
            if let Some(problem) = chain.as_ref().and_then(|c| c.problem.as_ref()) {
                out.push(format!("{name}: {problem}"));
            }
        }
        out.extend(self.unreadable.iter().cloned());
        out
    }

    /// The rows of `table`, when it was counted.
    pub fn count(&self, table: &str) -> Option<u64> {
        self.counts.iter().find(|c| c.table == table).map(|c| c.rows)
    }
}

/// A backup written by [`Store::backup_to`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Backup {
    /// The file written.
    pub path: PathBuf,
    /// The check of the copy, made before it got its final name.
    pub report: DataReport,
}

impl Store {
    /// Writes a consistent copy of the whole database to `path` while the
    /// store keeps being used: `VACUUM INTO` reads one snapshot (writers
    /// are not blocked), into a temporary file beside `path`, which is
    /// switched to a self-contained journal mode, checked, synced and
    /// renamed; then the folder is synced. Refuses an existing `path`
    /// ([`StoreError::Conflict`]). The copy holds every table: consent
    /// records and notices, accounts, sessions, tokens, the audit trail,
    /// revisions and the media library's bytes.
    ///
    /// The copy is kept even when its check finds problems (they are the
    /// live database's): see `report`.
    pub async fn backup_to(&self, path: &Path) -> Result<Backup, StoreError> {
        if self.inner.backend == Backend::Postgres {
            return Err(StoreError::Invalid(
                "a PostgreSQL store is backed up with pg_dump (see README: Backups)".to_string(),
            ));
        }
        backup_with(&self.inner.pool, path).await
    }
}

async fn backup_with(pool: &AnyPool, path: &Path) -> Result<Backup, StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| StoreError::Io { path, error }
    };
    if path.symlink_metadata().is_ok() {
        return Err(StoreError::Conflict(format!(
            "{} already exists: a backup never replaces a file",
            path.display()
        )));
    }
    let (dir, name) = split(path)?;
    if !dir.is_dir() {
        return Err(StoreError::Io {
            path: dir,
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        });
    }
    let temp = dir.join(format!(".{name}.partial-{:016x}", rand::random::<u64>()));
    let text = temp
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", temp.display())))?
        .to_string();
    let result = async {
        sqlx::query("VACUUM INTO $1")
            .bind(&text)
            .execute(pool)
            .await
            .map_err(db)?;
        // A backup is one file: no write-ahead log beside it.
        let mut conn = SqliteConnectOptions::new()
            .filename(&temp)
            .create_if_missing(false)
            .connect()
            .await
            .map_err(db)?;
        sqlx::query_scalar::<_, String>("PRAGMA journal_mode = DELETE")
            .fetch_one(&mut conn)
            .await
            .map_err(db)?;
        conn.close().await.map_err(db)?;
        let report = check_file(&temp).await?;
        let (from, to) = (temp.clone(), path.to_path_buf());
        blocking(move || {
            std::fs::File::open(&from)
                .and_then(|f| f.sync_all())
                .map_err(io(&from))?;
            place_new(&from, &to)?;
            sync_dir(&to)
        })
        .await?;
        Ok(Backup {
            path: path.to_path_buf(),
            report: DataReport {
                path: path.to_path_buf(),
                ..report
            },
        })
    }
    .await;
    if result.is_err() {
        remove_quietly(&temp);
    }
    result
}

/// Checks the store in `data_dir` without changing it (it may be in use:
/// each part reads one consistent snapshot). Fails when there is no store.
pub async fn check_data(data_dir: &Path) -> Result<DataReport, StoreError> {
    let path = data_dir.join(DATABASE_FILE);
    if !path.is_file() {
        return Err(StoreError::NotFound(format!(
            "{} holds no store ({DATABASE_FILE} is missing)",
            data_dir.display()
        )));
    }
    check_file(&path).await
}

/// Checks a database file, opened read-only: that it is a Portico store
/// of a schema this code knows ([`StoreError::Invalid`],
/// [`StoreError::NewerSchema`] otherwise), then `PRAGMA integrity_check`,
/// `PRAGMA foreign_key_check`, both hash chains, and the rows of each table.
/// Problems found are in the report, not errors.
pub async fn check_file(path: &Path) -> Result<DataReport, StoreError> {
    let bytes = std::fs::metadata(path)
        .map_err(|error| StoreError::Io {
            path: path.to_path_buf(),
            error,
        })?
        .len();
    if !is_sqlite(path) {
        return Err(StoreError::Invalid(format!(
            "{} is not a Portico store (not an SQLite database)",
            path.display()
        )));
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30));
    let pool = crate::open::sqlite_pool(&options, 2).await?;
    let report = check_pool(&pool, path, bytes).await;
    pool.close().await;
    report
}

async fn check_pool(pool: &AnyPool, path: &Path, bytes: u64) -> Result<DataReport, StoreError> {
    let not_portico = |why: &str| StoreError::Invalid(format!("{} is not a Portico store ({why})", path.display()));
    let schema_version: i64 = sqlx::query_scalar("PRAGMA user_version")
        .fetch_one(pool)
        .await
        .map_err(|e| not_portico(&e.to_string()))?;
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(pool)
        .await
        .map_err(|e| not_portico(&e.to_string()))?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if schema_version < 1 || !FIRST_TABLES.iter().all(|t| has(t)) {
        return Err(not_portico("it has no consent records table"));
    }
    if schema_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut unreadable = Vec::new();
    let integrity = match sqlx::query_scalar::<_, String>("PRAGMA integrity_check(100)")
        .fetch_all(pool)
        .await
    {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Vec::new(),
        Ok(lines) => lines,
        Err(e) => vec![e.to_string()],
    };
    let foreign_key_problems = match sqlx::query("PRAGMA foreign_key_check").fetch_all(pool).await {
        Ok(rows) => rows.len() as u64,
        Err(e) => {
            unreadable.push(format!("foreign keys: {e}"));
            0
        }
    };
    // The chains are verified by the store's own code, on this pool.
    let reader = read_only_store(pool.clone(), path);
    let consent = match reader.verify().await {
        Ok(r) => Some(r),
        Err(e) => {
            unreadable.push(format!("consent chain: {e}"));
            None
        }
    };
    let audit = if has("audit_record") {
        match reader.audit_verify().await {
            Ok(r) => Some(r),
            Err(e) => {
                unreadable.push(format!("audit chain: {e}"));
                None
            }
        }
    } else {
        Some(VerifyReport {
            records: 0,
            head_hash: GENESIS_HASH.to_string(),
            problem: None,
        })
    };
    let mut counts = Vec::new();
    for (table, what) in COUNTED.iter().copied().filter(|(t, _)| has(t)) {
        let sql = format!("SELECT count(*) FROM {table}");
        match sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await
        {
            Ok(n) => counts.push(TableCount {
                table,
                what,
                rows: u64::try_from(n).unwrap_or(0),
            }),
            Err(e) => unreadable.push(format!("{table}: {e}")),
        }
    }
    let media_bytes = if has("media") && has("media_variant") {
        let sql = "SELECT (SELECT coalesce(sum(length(original)), 0) FROM media) \
                   + (SELECT coalesce(sum(length(data)), 0) FROM media_variant)";
        match sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await {
            Ok(n) => u64::try_from(n).unwrap_or(0),
            Err(e) => {
                unreadable.push(format!("media: {e}"));
                0
            }
        }
    } else {
        0
    };
    Ok(DataReport {
        path: path.to_path_buf(),
        bytes,
        schema_version,
        supported_schema: SCHEMA_VERSION,
        integrity,
        foreign_key_problems,
        consent,
        audit,
        counts,
        media_bytes,
        unreadable,
    })
}

/// Puts the backup `from` in place as the store of `data_dir` (made if
/// missing). Refuses when the folder already has a store, unless
/// `replace` (the server must not be running on it). The file is copied
/// under a temporary name in the folder and synced; that copy — the
/// exact bytes that will be used — is checked with [`check_file`], and
/// refused unless everything verifies; then any write-ahead log and
/// shared-memory file left by an earlier store are removed, the copy is
/// renamed to [`DATABASE_FILE`] and the folder synced. Returns the check.
pub async fn restore_backup(from: &Path, data_dir: &Path, replace: bool) -> Result<DataReport, StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| StoreError::Io { path, error }
    };
    if !from.is_file() {
        return Err(StoreError::NotFound(format!("{} is not a file", from.display())));
    }
    if !is_sqlite(from) {
        return Err(StoreError::Invalid(format!(
            "{} is not a Portico store (not an SQLite database)",
            from.display()
        )));
    }
    let target = data_dir.join(DATABASE_FILE);
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(from), std::fs::canonicalize(&target))
        && a == b
    {
        return Err(StoreError::Invalid(format!(
            "{} is the data folder's own store",
            from.display()
        )));
    }
    if target.exists() && !replace {
        return Err(StoreError::Conflict(format!(
            "{} already holds a store; stop the server and restore with --force to replace it",
            data_dir.display()
        )));
    }
    crate::open::create_dir(data_dir)?;
    let temp = data_dir.join(format!(".{DATABASE_FILE}.restore-{:016x}", rand::random::<u64>()));
    let result = async {
        let (src, dst) = (from.to_path_buf(), temp.clone());
        blocking(move || {
            std::fs::copy(&src, &dst).map_err(io(&src))?;
            std::fs::File::open(&dst).and_then(|f| f.sync_all()).map_err(io(&dst))
        })
        .await?;
        let report = check_file(&temp).await;
        // A copy in WAL mode gets these beside it when opened.
        for suffix in ["-wal", "-shm"] {
            remove_quietly(&sidecar(&temp, suffix));
        }
        // Problems are the backup's: name it, not the temporary copy.
        let report = report.map_err(|e| match e {
            StoreError::Invalid(m) => {
                StoreError::Invalid(m.replace(&temp.display().to_string(), &from.display().to_string()))
            }
            e => e,
        })?;
        if !report.is_ok() {
            return Err(StoreError::Corrupt(format!(
                "{} does not verify, nothing was restored: {}",
                from.display(),
                report.problems().join("; ")
            )));
        }
        let (src, dst) = (temp.clone(), target.clone());
        blocking(move || {
            // A log left by the store being replaced would be replayed
            // into the restored file.
            for suffix in ["-wal", "-shm", "-journal"] {
                let stale = sidecar(&dst, suffix);
                match std::fs::remove_file(&stale) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&stale)(e)),
                    _ => {}
                }
            }
            std::fs::rename(&src, &dst).map_err(io(&dst))?;
            sync_dir(&dst)
        })
        .await?;
        Ok(DataReport {
            path: target.clone(),
            ..report
        })
    }
    .await;
    if result.is_err() {
        remove_quietly(&temp);
    }
    result
}

/// A store over `pool` whose consent writer is closed: for reading only.
fn read_only_store(pool: AnyPool, path: &Path) -> Store {
    let (queue, _) = tokio::sync::mpsc::channel(1);
    Store {
        inner: Arc::new(Inner {
            queue,
            pool,
            backend: Backend::Sqlite,
            path: path.to_path_buf(),
        }),
    }
}

/// Whether the file starts as every SQLite database does.
fn is_sqlite(path: &Path) -> bool {
    use std::io::Read as _;
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"SQLite format 3\0")
}

/// The folder a file goes in (`.` for a bare name) and its name.
fn split(path: &Path) -> Result<(PathBuf, String), StoreError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| StoreError::Invalid(format!("{} does not name a file", path.display())))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_string()))
}

/// `FILE-wal`, `FILE-shm`: the files SQLite keeps beside a database.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Gives `from` the name `to` unless something has that name already
/// (a hard link fails then, where a rename would replace it).
fn place_new(from: &Path, to: &Path) -> Result<(), StoreError> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from).map_err(|error| StoreError::Io {
            path: from.to_path_buf(),
            error,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::Conflict(format!(
            "{} already exists: a backup never replaces a file",
            to.display()
        ))),
        // A file system without hard links.
        Err(_) if !to.exists() => std::fs::rename(from, to).map_err(|error| StoreError::Io {
            path: to.to_path_buf(),
            error,
        }),
        Err(error) => Err(StoreError::Io {
            path: to.to_path_buf(),
            error,
        }),
    }
}

/// Syncs the folder holding `file`, so its new name survives a crash.
fn sync_dir(file: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    if let Ok((dir, _)) = split(file) {
        std::fs::File::open(&dir)
            .and_then(|f| f.sync_all())
            .map_err(|error| StoreError::Io { path: dir, error })?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn remove_quietly(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Runs file-system work off the async threads.
async fn blocking(f: impl FnOnce() -> Result<(), StoreError> + Send + 'static) -> Result<(), StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Database(Box::new(e)))?
}
