#![doc = include_str!("../README.md")]

/// A closed set of values stored as text.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// The value as stored, exported and hashed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value named `s` (as written by [`Self::as_str`]).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod accounts;
mod audit;
mod backup;
mod chain;
mod cluster;
mod consent;
mod copy;
mod export;
mod health;
mod jobs;
mod media;
mod open;
mod passkeys;
mod record;
mod revisions;
mod schema;
mod schema_pg;
mod sessions;
mod stats;
mod store;
mod version;
mod workflow;

use std::path::PathBuf;

pub use accounts::{Account, Actor};
pub use audit::{AuditAction, AuditEntry, AuditRecord, audit_hash};
pub use backup::{Backup, DataReport, TableCount, check_data, check_file, restore_backup, restore_postgres};
pub use chain::{GENESIS_HASH, notice_hash, record_hash};
pub use cluster::SiteChange;
pub use copy::{CopiedTable, CopyReport, copy_store};
pub use health::{JobCounts, PoolStats};
pub use jobs::{Job, JobAction, JobRun, JobState, NewJob};
pub use media::{MediaChange, MediaDeleted, MediaRecord, MediaUse, NewMedia, NewVariant};
pub use open::{Migrated, is_postgres_url, redacted_url, sqlite_version};
pub use passkeys::PasskeyRecord;
pub use record::{
    Event, ExportFormat, Method, NewRecord, Notice, NoticeVersion, Problem, ProblemKind, Receipt, Record, State,
    VerifyReport,
};
pub use revisions::{
    Autosave, Draft, FILES_AUTHOR, FileText, ItemHead, Review, Revision, RevisionEntry, Saved, SectionCount,
    SyncReport, text_hash,
};
pub use sessions::{NewSession, Session, Token};
pub use stats::{Stats, StatsRow};
pub use store::{Backend, DATABASE_FILE, Store};
pub use version::{MIN_SQLITE_VERSION, parse_version, version_is_at_least};
pub use workflow::{Comment, NewItem};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The linked SQLite library is too old to be trusted with the data.
    #[error(
        "the linked SQLite library is version {found}; {required} or later is required \
         (earlier versions have a bug that can corrupt a database in WAL mode)"
    )]
    SqliteTooOld {
        /// The version the library reports.
        found: String,
        /// The oldest version accepted.
        required: String,
    },
    /// The database cannot run in the durable mode records need.
    #[error("not durable: {0}")]
    NotDurable(String),
    /// The database was written by a newer Portico.
    #[error("the database has schema version {found}; this Portico supports up to {supported}")]
    NewerSchema {
        /// The schema version found.
        found: i64,
        /// The newest this code knows.
        supported: i64,
    },
    /// The database's schema is older than this Portico's: `portico db
    /// migrate` brings it up to date.
    #[error("the database has schema version {found}; this Portico needs {expected}: run `portico db migrate` first")]
    OlderSchema {
        /// The schema version found.
        found: i64,
        /// The version this code needs.
        expected: i64,
    },
    /// The database cannot be reached (yet): worth trying again.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A record or change is not valid (nothing was written).
    #[error("invalid: {0}")]
    Invalid(String),
    /// What the change is about does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change would make a duplicate.
    #[error("{0}")]
    Conflict(String),
    /// The data directory could not be created.
    #[error("{}: {error}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// What failed.
        error: std::io::Error,
    },
    /// Writing an export failed.
    #[error("writing the export: {0}")]
    Write(std::io::Error),
    /// The database failed.
    #[error("database: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    /// A stored value cannot be read back as a record.
    #[error("unreadable record: {0}")]
    Corrupt(String),
    /// The writer has stopped (the runtime is shutting down).
    #[error("the consent store is closed")]
    Closed,
}

/// A new random consent id for a visitor's cookie: 128 random bits as 32
/// lowercase hex digits.
pub fn new_consent_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
pub(crate) fn new_uuid_v7(now: jiff::Timestamp) -> String {
    let ms = u128::try_from(now.as_millisecond()).unwrap_or(0) & ((1 << 48) - 1);
    let random: u128 = rand::random();
    let v = (ms << 80) | (0x7 << 76) | (random & (((1 << 12) - 1) << 64)) | (0b10 << 62) | (random & ((1 << 62) - 1));
    let hex = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_ids_are_128_random_bits() {
        let a = new_consent_id();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, new_consent_id());
    }

    #[test]
    fn uuid_v7_layout() {
        let now = jiff::Timestamp::from_millisecond(0x0193_a0e4_1234).expect("time");
        let id = new_uuid_v7(now);
        assert_eq!(id.len(), 36);
        assert!(id.starts_with("0193a0e4-1234-7"), "{id}");
        let variant = id.as_bytes()[19];
        assert!(matches!(variant, b'8' | b'9' | b'a' | b'b'), "{id}");
        assert_ne!(id, new_uuid_v7(now));
    }
}
