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
        match (&self.inner.backend, &self.inner.cluster) {
            (Backend::Postgres, Some(cluster)) => self.dump_to(cluster.url(), path).await,
            _ => backup_with(&self.inner.pool, path).await,
        }
    }
}

impl Store {
    /// A PostgreSQL store's backup: `pg_dump`'s custom format (one
    /// consistent snapshot; writers go on), written under a temporary
    /// name, synced and given its name, never replacing a file. The report
    /// is the live database's check, made just after.
    async fn dump_to(&self, url: &str, path: &Path) -> Result<Backup, StoreError> {
        let temp = temporary_beside(path)?;
        let (url, to) = (url.to_string(), temp.clone());
        let dumped = blocking(move || {
            run_tool(
                "pg_dump",
                &[
                    "--format=custom".as_ref(),
                    "--no-owner".as_ref(),
                    "--no-privileges".as_ref(),
                    "--file".as_ref(),
                    to.as_os_str(),
                    "--dbname".as_ref(),
                    url.as_ref(),
                ],
            )?;
            std::fs::File::open(&to)
                .and_then(|f| f.sync_all())
                .map_err(|error| StoreError::Io {
                    path: to.clone(),
                    error,
                })
        })
        .await;
        let placed = match dumped {
            Ok(()) => {
                let (from, to) = (temp.clone(), path.to_path_buf());
                blocking(move || {
                    place_new(&from, &to)?;
                    sync_dir(&to)
                })
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = placed {
            remove_quietly(&temp);
            return Err(e);
        }
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        let report = self.check().await?;
        Ok(Backup {
            path: path.to_path_buf(),
            report: DataReport {
                path: path.to_path_buf(),
                bytes,
                ..report
            },
        })
    }
}

/// Restores a `pg_dump` backup (see [`Store::backup_to`]) into the
/// PostgreSQL database at `url`, in one transaction, then checks it.
/// Refuses a database that already holds a store unless `replace` (its
/// tables are dropped first).
pub async fn restore_postgres(from: &Path, url: &str, replace: bool) -> Result<DataReport, StoreError> {
    use std::io::Read as _;
    let mut magic = [0u8; 5];
    std::fs::File::open(from)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map_err(|error| StoreError::Io {
            path: from.to_path_buf(),
            error,
        })?;
    if &magic != b"PGDMP" {
        return Err(StoreError::Invalid(format!(
            "{} is not a PostgreSQL backup (pg_dump's custom format)",
            from.display()
        )));
    }
    if !replace && crate::open::postgres_has_store(url).await? {
        return Err(StoreError::Conflict(format!(
            "{} already holds a store (restore with --force to replace it)",
            crate::redacted_url(url)
        )));
    }
    let (file, url_owned) = (from.to_path_buf(), url.to_string());
    blocking(move || {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "--no-owner".as_ref(),
            "--no-privileges".as_ref(),
            "--exit-on-error".as_ref(),
            "--single-transaction".as_ref(),
        ];
        if replace {
            args.extend([std::ffi::OsStr::new("--clean"), std::ffi::OsStr::new("--if-exists")]);
        }
        args.extend([
            std::ffi::OsStr::new("--dbname"),
            std::ffi::OsStr::new(&url_owned),
            file.as_os_str(),
        ]);
        run_tool("pg_restore", &args)
    })
    .await?;
    Store::open_postgres(url).await?.check().await
}

/// Runs PostgreSQL's `tool` (the newest installed version's, else the
/// one on the PATH) with `args`; its error output becomes the error.
fn run_tool(tool: &str, args: &[&std::ffi::OsStr]) -> Result<(), StoreError> {
    let installed = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin").join(tool))
        .filter(|p| p.is_file())
        .max_by_key(|p| {
            let version = p.iter().rev().nth(2).and_then(|v| v.to_str()).unwrap_or("0");
            version.parse::<u32>().unwrap_or(0)
        });
    let program = installed.unwrap_or_else(|| PathBuf::from(tool));
    let out = std::process::Command::new(&program)
        .args(args)
        .output()
        .map_err(|error| StoreError::Io { path: program, error })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(StoreError::Database(
            format!("{tool}: {}", String::from_utf8_lossy(&out.stderr).trim()).into(),
        ))
    }
}

/// A name beside `path` for writing it first, after checking that `path`
/// does not exist and its folder does.
fn temporary_beside(path: &Path) -> Result<PathBuf, StoreError> {
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
    Ok(dir.join(format!(".{name}.partial-{:016x}", rand::random::<u64>())))
}

async fn backup_with(pool: &AnyPool, path: &Path) -> Result<Backup, StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| StoreError::Io { path, error }
    };
    let temp = temporary_beside(path)?;
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
    let report = check_pool(&pool, Backend::Sqlite, path, bytes).await;
    pool.close().await;
    report
}

impl Store {
    /// The checks of [`check_data`] on this store, for PostgreSQL (where
    /// the database itself keeps foreign keys and pages intact, so only the
    /// chains and the counts are read; its size is the database's).
    pub async fn check(&self) -> Result<DataReport, StoreError> {
        if self.inner.backend == Backend::Sqlite {
            return check_file(&self.inner.path).await;
        }
        let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)?;
        let bytes = u64::try_from(bytes).unwrap_or(0);
        check_pool(&self.inner.pool, Backend::Postgres, &self.inner.path, bytes).await
    }
}

async fn check_pool(pool: &AnyPool, backend: Backend, path: &Path, bytes: u64) -> Result<DataReport, StoreError> {
    let not_portico = |why: &str| StoreError::Invalid(format!("{} is not a Portico store ({why})", path.display()));
    let (version_sql, tables_sql, supported) = match backend {
        Backend::Sqlite => (
            "PRAGMA user_version",
            "SELECT name FROM sqlite_master WHERE type = 'table'",
            SCHEMA_VERSION,
        ),
        Backend::Postgres => (
            "SELECT COALESCE((SELECT version FROM portico_schema WHERE id = 1), 0)",
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema()",
            crate::schema_pg::SCHEMA_VERSION_PG,
        ),
    };
    let schema_version: i64 = sqlx::query_scalar(version_sql)
        .fetch_one(pool)
        .await
        .map_err(|e| not_portico(&e.to_string()))?;
    let tables: Vec<String> = sqlx::query_scalar(tables_sql)
        .fetch_all(pool)
        .await
        .map_err(|e| not_portico(&e.to_string()))?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if schema_version < 1 || !FIRST_TABLES.iter().all(|t| has(t)) {
        return Err(not_portico("it has no consent records table"));
    }
    if schema_version > supported {
        return Err(StoreError::NewerSchema {
            found: schema_version,
            supported,
        });
    }
    let mut unreadable = Vec::new();
    let (integrity, foreign_key_problems) = match backend {
        Backend::Sqlite => sqlite_integrity(pool, &mut unreadable).await,
        Backend::Postgres => (Vec::new(), 0),
    };
    // The chains are verified by the store's own code, on this pool.
    let reader = read_only_store(pool.clone(), backend, path);
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
        supported_schema: supported,
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

/// What SQLite says of the file: `PRAGMA integrity_check` (empty: ok)
/// and how many rows `PRAGMA foreign_key_check` reports.
async fn sqlite_integrity(pool: &AnyPool, unreadable: &mut Vec<String>) -> (Vec<String>, u64) {
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
    (integrity, foreign_key_problems)
}

/// A store over `pool` whose consent writer is closed: for reading only.
fn read_only_store(pool: AnyPool, backend: Backend, path: &Path) -> Store {
    let (queue, _) = tokio::sync::mpsc::channel(1);
    Store {
        inner: Arc::new(Inner {
            queue,
            pool,
            backend,
            path: path.to_path_buf(),
            cluster: None,
            write_gate: crate::store::WriteGate::default(),
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
