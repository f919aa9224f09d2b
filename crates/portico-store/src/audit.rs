//! The audit trail: who did what to accounts (and, with the editor, to
//! content), append-only and hash-chained like the consent records. An
//! entry is appended inside the transaction of the change it describes,
//! so the two are durable together or not at all.

use std::collections::BTreeMap;
use std::io::Write;

use futures_util::TryStreamExt as _;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::chain::{FieldHasher, GENESIS_HASH};
use crate::record::VerifyReport;
use crate::store::{db, read_head, verify_chain};
use crate::{Store, StoreError, new_uuid_v7};

string_enum! {
    /// What happened.
    AuditAction {
        /// A sign-in succeeded (`detail.method`: password, link, passkey, sso).
        SignIn = "sign-in",
        /// A sign-in failed (`detail.reason`); the subject is the address typed.
        SignInFailed = "sign-in-failed",
        /// A session ended by its owner.
        SignOut = "sign-out",
        /// Every session of an account ended.
        SignOutEverywhere = "sign-out-everywhere",
        /// An account was created.
        AccountCreated = "account-created",
        /// An account's role, scope or name changed.
        AccountChanged = "account-changed",
        /// An account was disabled (its sessions and tokens stop working).
        AccountDisabled = "account-disabled",
        /// A disabled account was enabled again.
        AccountEnabled = "account-enabled",
        /// An account was deleted.
        AccountDeleted = "account-deleted",
        /// A password was set or changed.
        PasswordSet = "password-set",
        /// A second factor (TOTP) was turned on.
        TotpEnabled = "totp-enabled",
        /// The second factor was turned off.
        TotpDisabled = "totp-disabled",
        /// A passkey was registered (`detail.name`).
        PasskeyAdded = "passkey-added",
        /// A passkey was removed.
        PasskeyRemoved = "passkey-removed",
        /// A recovery code stood in for the second factor.
        RecoveryCodeUsed = "recovery-code-used",
        /// A one-time sign-in link was made.
        LinkCreated = "link-created",
        /// An API token was made.
        TokenCreated = "token-created",
        /// An API token authenticated a request.
        TokenUsed = "token-used",
        /// An API token was revoked.
        TokenRevoked = "token-revoked",
        /// A setting of the staff's side changed (`detail.setting`).
        SettingChanged = "setting-changed",
        /// A request was refused for lack of permission.
        AccessDenied = "access-denied",
        /// A draft was submitted for review (the subject is `locale/key`;
        /// `detail.revision`, `detail.hash`).
        ContentSubmitted = "content-submitted",
        /// A revision was approved: exactly that one (`detail.revision`,
        /// `detail.hash`).
        ContentApproved = "content-approved",
        /// The approved revision was published.
        ContentPublished = "content-published",
        /// An old revision's text became a new draft (`detail.revision`:
        /// the old one; `detail.draft`: the new one).
        ContentRestored = "content-restored",
        /// A file was added to the media library (the subject is its key;
        /// `detail.file`, `detail.kind`).
        MediaUploaded = "media-uploaded",
        /// A media file's alt text, decorative flag or focal point changed.
        MediaChanged = "media-changed",
        /// A media file was deleted.
        MediaDeleted = "media-deleted",
        /// A new item was created (`detail.revision`: its first draft).
        ContentCreated = "content-created",
        /// A published item was taken off the site (`detail.revision`: the
        /// revision that was published).
        ContentUnpublished = "content-unpublished",
        /// An item was moved to the trash.
        ContentTrashed = "content-trashed",
        /// An item was taken back out of the trash.
        ContentUntrashed = "content-untrashed",
        /// A publication or unpublication was scheduled (`detail.job`,
        /// `detail.at`, `detail.revision`).
        JobScheduled = "job-scheduled",
        /// A scheduled job was cancelled (`detail.job`).
        JobCancelled = "job-cancelled",
        /// A scheduled job failed (`detail.job`, `detail.error`).
        JobFailed = "job-failed",
    }
}

/// One thing to record. Never holds a password, a token, a code or any
/// other secret: the store refuses details that look like one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Who did it: an account's email, `cli` (the command line, run by
    /// whoever has the data folder), or `anonymous` (a failed sign-in).
    pub actor: String,
    /// What happened.
    pub action: AuditAction,
    /// What it happened to: usually an account's email.
    pub subject: String,
    /// Anything else worth keeping (role, scope, method, reason, token
    /// name), as text.
    pub detail: BTreeMap<String, String>,
    /// The trace id of the request (empty from the command line).
    pub trace_id: String,
}

impl AuditEntry {
    /// An entry with no detail and no trace id.
    pub fn new(actor: &str, action: AuditAction, subject: &str) -> AuditEntry {
        AuditEntry {
            actor: actor.to_string(),
            action,
            subject: subject.to_string(),
            detail: BTreeMap::new(),
            trace_id: String::new(),
        }
    }

    /// The same with one more detail.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<String>) -> AuditEntry {
        self.detail.insert(key.to_string(), value.into());
        self
    }

    /// The same, in a request's trace.
    #[must_use]
    pub fn traced(mut self, trace_id: &str) -> AuditEntry {
        self.trace_id = trace_id.to_string();
        self
    }
}

/// A stored entry: what was given plus its place in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// 1, 2, 3, … in chain order.
    pub position: u64,
    /// A UUIDv7.
    pub record_id: String,
    /// When it was appended (RFC 3339, UTC, microseconds).
    pub event_time: String,
    /// What was recorded.
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// The previous record's hash (64 zeros for the first).
    pub prev_hash: String,
    /// This record's hash ([`audit_hash`]).
    pub hash: String,
}

const DOMAIN: &[u8] = b"portico audit record v1\0";

/// The hash of an audit record over every field but `hash`: after the text
/// `portico audit record v1` and a zero byte, each field as its byte length
/// (u64, little endian) then its UTF-8 bytes, in the order position,
/// record_id, event_time, actor, action, subject, the number of details and
/// each key and value in key order, trace_id, prev_hash.
pub fn audit_hash(r: &AuditRecord) -> String {
    let e = &r.entry;
    let mut h = FieldHasher::new(DOMAIN);
    h.put(r.position.to_string().as_bytes())
        .put(r.record_id.as_bytes())
        .put(r.event_time.as_bytes())
        .put(e.actor.as_bytes())
        .put(e.action.as_str().as_bytes())
        .put(e.subject.as_bytes())
        .put(e.detail.len().to_string().as_bytes());
    for (k, v) in &e.detail {
        h.put(k.as_bytes()).put(v.as_bytes());
    }
    h.put(e.trace_id.as_bytes()).put(r.prev_hash.as_bytes());
    h.hex()
}

/// Refuses entries that carry a secret: details named like one, or values
/// shaped like the server's bearer secrets.
fn check(entry: &AuditEntry) -> Result<(), StoreError> {
    const NAMES: [&str; 6] = ["password", "secret", "token", "code", "cookie", "session"];
    for (k, v) in &entry.detail {
        let key = k.to_ascii_lowercase();
        if NAMES.iter().any(|n| key == *n) {
            return Err(StoreError::Invalid(format!("an audit entry may not hold a {k}")));
        }
        let bearer = ["portico_", "ps_", "pl_"].iter().any(|p| {
            v.strip_prefix(p)
                .is_some_and(|rest| rest.len() >= 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        if bearer {
            return Err(StoreError::Invalid(format!("audit detail {k} looks like a secret")));
        }
    }
    Ok(())
}

/// Appends `entry` to the chain inside the caller's write transaction
/// (begun with `BEGIN IMMEDIATE`, so the head read here is the one it
/// extends). Durable when the caller commits.
pub(crate) async fn append(tx: &mut AnyConnection, entry: AuditEntry) -> Result<AuditRecord, StoreError> {
    check(&entry)?;
    let (count, prev) = match read_head(tx, "audit_chain_head").await? {
        Some((n, hash, _)) => (n, hash),
        None => (0, GENESIS_HASH.to_string()),
    };
    let now = jiff::Timestamp::now();
    let position = count + 1;
    let mut r = AuditRecord {
        position: u64::try_from(position).unwrap_or(0),
        record_id: new_uuid_v7(now),
        event_time: format!("{now:.6}"),
        entry,
        prev_hash: prev,
        hash: String::new(),
    };
    r.hash = audit_hash(&r);
    let detail = serde_json::to_string(&r.entry.detail).map_err(|e| StoreError::Invalid(e.to_string()))?;
    sqlx::query(
        "INSERT INTO audit_record (position, record_id, event_time, actor, action, subject, detail, trace_id, \
         prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(position)
    .bind(&r.record_id)
    .bind(&r.event_time)
    .bind(&r.entry.actor)
    .bind(r.entry.action.as_str())
    .bind(&r.entry.subject)
    .bind(detail)
    .bind(&r.entry.trace_id)
    .bind(&r.prev_hash)
    .bind(&r.hash)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query(
        "INSERT INTO audit_chain_head (id, count, hash, record_id) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET count = excluded.count, hash = excluded.hash, record_id = excluded.record_id",
    )
    .bind(position)
    .bind(&r.hash)
    .bind(&r.record_id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    Ok(r)
}

const COLUMNS: &str = "position, record_id, event_time, actor, action, subject, detail, trace_id, prev_hash, hash";

fn from_row(row: &AnyRow) -> Result<AuditRecord, StoreError> {
    let get = |col: &str| row.try_get::<String, _>(col).map_err(db);
    let action = get("action")?;
    let detail = get("detail")?;
    let position: i64 = row.try_get("position").map_err(db)?;
    Ok(AuditRecord {
        position: u64::try_from(position).map_err(|_| StoreError::Corrupt(format!("audit position {position}")))?,
        record_id: get("record_id")?,
        event_time: get("event_time")?,
        entry: AuditEntry {
            actor: get("actor")?,
            action: AuditAction::parse(&action)
                .ok_or_else(|| StoreError::Corrupt(format!("audit action {action:?}")))?,
            subject: get("subject")?,
            detail: serde_json::from_str(&detail)
                .map_err(|_| StoreError::Corrupt(format!("audit detail {detail:?}")))?,
            trace_id: get("trace_id")?,
        },
        prev_hash: get("prev_hash")?,
        hash: get("hash")?,
    })
}

impl Store {
    /// Appends one entry on its own; returns once it is on disk.
    pub async fn audit(&self, entry: AuditEntry) -> Result<AuditRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let r = append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(r)
    }

    /// Checks the audit chain as [`Store::verify`] checks the consent chain.
    pub async fn audit_verify(&self) -> Result<VerifyReport, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit_record ORDER BY position");
        verify_chain(self, sql, "audit_chain_head", |row| {
            from_row(row).ok().as_ref().map(audit_hash)
        })
        .await
    }

    /// Writes every audit record appended on or after `since` (UTC), or all
    /// of them, as JSON lines in chain order; returns how many.
    pub async fn audit_export(
        &self,
        since: Option<jiff::civil::Date>,
        out: &mut (dyn Write + Send),
    ) -> Result<u64, StoreError> {
        let since = since.map_or_else(String::new, |d| d.to_string());
        let sql = format!("SELECT {COLUMNS} FROM audit_record WHERE event_time >= $1 ORDER BY position");
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(since)
            .fetch(&self.inner.pool);
        let mut out = std::io::BufWriter::new(out);
        let mut n = 0;
        while let Some(row) = rows.try_next().await.map_err(db)? {
            let record = from_row(&row)?;
            serde_json::to_writer(&mut out, &record).map_err(|e| StoreError::Write(e.into()))?;
            out.write_all(b"\n").map_err(StoreError::Write)?;
            n += 1;
        }
        out.flush().map_err(StoreError::Write)?;
        Ok(n)
    }

    /// Every audit record where `who` (an email) is the actor or the
    /// subject, in chain order; the newest `limit` when given.
    pub async fn audit_lookup(&self, who: &str, limit: Option<u32>) -> Result<Vec<AuditRecord>, StoreError> {
        let who = who.trim().to_lowercase();
        let sql = format!(
            "SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM audit_record WHERE actor = $1 OR subject = $2 \
             ORDER BY position DESC LIMIT $3) AS newest ORDER BY position"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&who)
            .bind(&who)
            .bind(limit.map_or(i64::MAX, i64::from))
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(from_row).collect()
    }

    /// The newest `limit` audit records, newest first (the admin page).
    pub async fn audit_recent(&self, limit: u32) -> Result<Vec<AuditRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM audit_record ORDER BY position DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(limit))
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(from_row).collect()
    }
}
