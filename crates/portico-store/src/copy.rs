//! Copying a whole store into an empty PostgreSQL database (`portico db
//! copy`): every table, row for row, read in one snapshot of the source
//! and written in one transaction of the target, so the copy is all or
//! nothing and both hash chains come across as they were.

use sqlx::{Row as _, ValueRef as _};

use crate::store::{Backend, db};
use crate::{Store, StoreError};

/// Every table, parents before the tables that refer to them.
const TABLES: &[&str] = &[
    "notice_text",
    "notice_version",
    "consent_record",
    "consent_chain_head",
    "secret",
    "account",
    "recovery_code",
    "session",
    "sign_in_link",
    "api_token",
    "passkey",
    "ceremony",
    "setting",
    "throttle",
    "audit_record",
    "audit_chain_head",
    "revision",
    "item",
    "autosave",
    "job",
    "comment",
    "trash",
    "translation_base",
    "media",
    "media_alt",
    "media_variant",
];

/// The tables whose `id` the database hands out (an identity column on
/// PostgreSQL, whose sequence must continue after the copied ids).
const IDENTITY: &[&str] = &["account", "api_token", "passkey", "revision", "job", "comment"];

/// Columns each database computes itself.
const GENERATED: &[&str] = &["section"];

/// Rows copied per table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopiedTable {
    /// The table.
    pub table: &'static str,
    /// Its rows.
    pub rows: u64,
}

/// What [`copy_store`] copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// Each table, in the order copied.
    pub tables: Vec<CopiedTable>,
}

/// A column's type on the target, as the copy binds it.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Real,
    Text,
    Bytes,
}

/// The columns of `table` in a store of `backend`.
async fn source_columns(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    table: &str,
) -> Result<Vec<String>, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name FROM pragma_table_xinfo($1)",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)
}

/// Copies every table of `from` into `to`, which must be a PostgreSQL
/// store holding nothing yet (refused otherwise, and nothing written).
pub async fn copy_store(from: &Store, to: &Store) -> Result<CopyReport, StoreError> {
    if to.backend() != Backend::Postgres {
        return Err(StoreError::Invalid("a store is copied into PostgreSQL".into()));
    }
    let mut source = from.inner.pool.acquire().await.map_err(db)?;
    let mut read = sqlx::Connection::begin_with(&mut *source, from.backend().begin_snapshot_sql())
        .await
        .map_err(db)?;
    let mut write = to.begin_write().await?;
    for table in ["consent_record", "audit_record", "account", "revision", "media"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&mut *write)
            .await
            .map_err(db)?;
        if n > 0 {
            return Err(StoreError::Conflict(format!(
                "the target database is not empty ({table} has {n} rows): a store is copied into an empty one"
            )));
        }
    }
    let mut report = CopyReport::default();
    for &table in TABLES {
        let described = sqlx::query(
            "SELECT CAST(column_name AS TEXT) AS column_name, CAST(data_type AS TEXT) AS data_type \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *write)
        .await
        .map_err(db)?;
        let mut kinds: Vec<(String, Kind)> = Vec::new();
        for row in &described {
            let name: String = row.try_get("column_name").map_err(db)?;
            let kind = match row.try_get::<String, _>("data_type").map_err(db)?.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Integer,
                "double precision" | "real" => Kind::Real,
                "bytea" => Kind::Bytes,
                _ => Kind::Text,
            };
            if !GENERATED.contains(&name.as_str()) {
                kinds.push((name, kind));
            }
        }
        if kinds.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the target has no table {table}: migrate it first"
            )));
        }
        // The two schemas are declared apart (schema.rs, schema_pg.rs):
        // a column one has and the other lacks would be lost or refused,
        // so the copy stops before writing anything.
        let mut theirs = source_columns(from.backend(), &mut read, table).await?;
        let mut ours: Vec<String> = kinds.iter().map(|(c, _)| c.clone()).collect();
        theirs.retain(|c| !GENERATED.contains(&c.as_str()));
        theirs.sort();
        ours.sort();
        if theirs != ours {
            return Err(StoreError::Invalid(format!(
                "table {table} has the columns {theirs:?} in the source and {ours:?} in the target"
            )));
        }
        let columns = kinds.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {columns} FROM {table}")))
            .fetch_all(&mut *read)
            .await
            .map_err(db)?;
        let params = (1..=kinds.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!("INSERT INTO {table} ({columns}) VALUES ({params})");
        for row in &rows {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(insert.clone()));
            for (i, (_, kind)) in kinds.iter().enumerate() {
                let null = row.try_get_raw(i).map_err(db)?.is_null();
                query = match (kind, null) {
                    (Kind::Integer, true) => query.bind(None::<i64>),
                    (Kind::Integer, false) => query.bind(row.try_get::<i64, _>(i).map_err(db)?),
                    (Kind::Real, true) => query.bind(None::<f64>),
                    (Kind::Real, false) => query.bind(row.try_get::<f64, _>(i).map_err(db)?),
                    (Kind::Bytes, true) => query.bind(None::<Vec<u8>>),
                    (Kind::Bytes, false) => query.bind(row.try_get::<Vec<u8>, _>(i).map_err(db)?),
                    (Kind::Text, true) => query.bind(None::<String>),
                    (Kind::Text, false) => query.bind(row.try_get::<String, _>(i).map_err(db)?),
                };
            }
            query.execute(&mut *write).await.map_err(db)?;
        }
        if IDENTITY.contains(&table) && !rows.is_empty() {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )))
            .execute(&mut *write)
            .await
            .map_err(db)?;
        }
        report.tables.push(CopiedTable {
            table,
            rows: rows.len() as u64,
        });
    }
    write.commit().await.map_err(db)?;
    read.rollback().await.map_err(db)?;
    Ok(report)
}
