//! Staff accounts: who they are, their role and scope, their password hash
//! and second factor. Every change appends to the audit trail in the same
//! transaction.

use portico_auth::{Grant, Role, Scope};
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::audit::{AuditAction, AuditEntry, append};
use crate::store::{db, flag, now_rfc3339};
use crate::{Store, StoreError};

/// A member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The store's id.
    pub id: i64,
    /// The address, lowercase; unique.
    pub email: String,
    /// How the person is shown (may be empty).
    pub name: String,
    /// What the account may do.
    #[serde(serialize_with = "ser_role")]
    pub role: Role,
    /// Sections the role is limited to (empty: all).
    pub sections: Vec<String>,
    /// Locales the role is limited to (empty: all).
    pub locales: Vec<String>,
    /// Disabled accounts cannot sign in; their sessions and tokens stop.
    pub disabled: bool,
    /// Whether a password is set.
    pub has_password: bool,
    /// Whether a TOTP second factor is on.
    pub has_totp: bool,
    /// When it was made (RFC 3339).
    pub created_at: String,
}

fn ser_role<S: serde::Serializer>(r: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.as_str())
}

impl Account {
    /// The account as permissions see it.
    pub fn grant(&self) -> Grant {
        Grant {
            account: self.id,
            role: self.role,
            scope: Scope {
                sections: self.sections.clone(),
                locales: self.locales.clone(),
            },
            disabled: self.disabled,
        }
    }
}

/// Who makes a change, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// An account's email, or `cli`.
    pub who: String,
    /// The request's trace id (empty from the command line).
    pub trace_id: String,
}

impl Actor {
    /// The command line.
    pub fn cli() -> Actor {
        Actor {
            who: "cli".to_string(),
            trace_id: String::new(),
        }
    }

    /// An entry by this actor.
    pub fn entry(&self, action: AuditAction, subject: &str) -> AuditEntry {
        AuditEntry::new(&self.who, action, subject).traced(&self.trace_id)
    }
}

/// An account's columns, named apart from those of the tables it is joined
/// with (sessions and tokens have an id, a name, a creation time too).
pub(crate) const ACCOUNT_COLUMNS: &str = "a.id AS account_id, a.email, a.name AS account_name, a.role, a.sections, \
     a.locales, a.disabled, CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, \
     CASE WHEN a.totp_secret IS NULL THEN 0 ELSE 1 END AS has_totp, \
     a.created_at AS account_created_at";

pub(crate) fn account_from_row(row: &AnyRow) -> Result<Account, StoreError> {
    let role: String = row.try_get("role").map_err(db)?;
    let list = |col: &str| -> Result<Vec<String>, StoreError> {
        let text: String = row.try_get(col).map_err(db)?;
        serde_json::from_str(&text).map_err(|_| StoreError::Corrupt(format!("account {col} {text:?}")))
    };
    Ok(Account {
        id: row.try_get("account_id").map_err(db)?,
        email: row.try_get("email").map_err(db)?,
        name: row.try_get("account_name").map_err(db)?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("account role {role:?}")))?,
        sections: list("sections")?,
        locales: list("locales")?,
        disabled: flag(row, "disabled")?,
        has_password: flag(row, "has_password")?,
        has_totp: flag(row, "has_totp")?,
        created_at: row.try_get("account_created_at").map_err(db)?,
    })
}

/// The account with this (normalized) email, inside a transaction.
pub(crate) async fn find(conn: &mut AnyConnection, email: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.email = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    row.as_ref().map(account_from_row).transpose()
}

/// The account `email` inside a transaction, or [`StoreError::NotFound`].
pub(crate) async fn get(conn: &mut AnyConnection, email: &str) -> Result<Account, StoreError> {
    find(conn, email)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no account {email}")))
}

/// The email of account `id` inside a transaction, or
/// [`StoreError::NotFound`].
pub(crate) async fn email_of(conn: &mut AnyConnection, id: i64) -> Result<String, StoreError> {
    sqlx::query_scalar("SELECT email FROM account WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::NotFound(format!("no account {id}")))
}

/// Ends every session of account `id`; returns how many there were.
pub(crate) async fn end_sessions(conn: &mut AnyConnection, id: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM session WHERE account_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(done.rows_affected())
}

/// Drops account `id`'s recovery codes.
async fn drop_recovery_codes(conn: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_code WHERE account_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

fn scope_json(scope: &Scope) -> (String, String) {
    (
        serde_json::to_string(&scope.sections).unwrap_or_else(|_| "[]".into()),
        serde_json::to_string(&scope.locales).unwrap_or_else(|_| "[]".into()),
    )
}

fn scope_text(scope: &Scope) -> String {
    if scope.is_all() {
        return "everything".to_string();
    }
    let mut parts = Vec::new();
    if !scope.sections.is_empty() {
        parts.push(format!("sections {}", scope.sections.join(" ")));
    }
    if !scope.locales.is_empty() {
        parts.push(format!("locales {}", scope.locales.join(" ")));
    }
    parts.join("; ")
}

impl Store {
    /// Creates an account. `email` must already be normalized
    /// (`portico_auth::normalize_email`); an admin cannot be scoped.
    pub async fn create_account(
        &self,
        email: &str,
        name: &str,
        role: Role,
        scope: &Scope,
        by: &Actor,
    ) -> Result<Account, StoreError> {
        if role == Role::Admin && !scope.is_all() {
            return Err(StoreError::Invalid(portico_auth::ScopeError::AdminScoped.to_string()));
        }
        let mut tx = self.begin_write().await?;
        if find(&mut tx, email).await?.is_some() {
            return Err(StoreError::Conflict(format!("an account {email} already exists")));
        }
        let (sections, locales) = scope_json(scope);
        let now = now_rfc3339();
        sqlx::query(
            "INSERT INTO account (email, name, role, sections, locales, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(email)
        .bind(name)
        .bind(role.as_str())
        .bind(sections)
        .bind(locales)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let entry = by
            .entry(AuditAction::AccountCreated, email)
            .with("role", role.as_str())
            .with("scope", scope_text(scope));
        append(&mut tx, entry).await?;
        let account = get(&mut tx, email).await?;
        tx.commit().await.map_err(db)?;
        Ok(account)
    }

    /// The account with this email (normalized), if any.
    pub async fn account(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let mut conn = self.inner.pool.acquire().await.map_err(db)?;
        find(&mut conn, email).await
    }

    /// The account with this id, if any.
    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Every account, by email.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a ORDER BY a.email");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(account_from_row).collect()
    }

    /// How many accounts there are (none: a fresh install).
    pub async fn account_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM account")
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Changes an account's role and scope.
    pub async fn set_role(&self, email: &str, role: Role, scope: &Scope, by: &Actor) -> Result<Account, StoreError> {
        if role == Role::Admin && !scope.is_all() {
            return Err(StoreError::Invalid(portico_auth::ScopeError::AdminScoped.to_string()));
        }
        let mut tx = self.begin_write().await?;
        let before = get(&mut tx, email).await?;
        let (sections, locales) = scope_json(scope);
        sqlx::query("UPDATE account SET role = $1, sections = $2, locales = $3, updated_at = $4 WHERE id = $5")
            .bind(role.as_str())
            .bind(sections)
            .bind(locales)
            .bind(now_rfc3339())
            .bind(before.id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let entry = by
            .entry(AuditAction::AccountChanged, email)
            .with("role", format!("{} -> {}", before.role, role))
            .with(
                "scope",
                format!("{} -> {}", scope_text(&before.grant().scope), scope_text(scope)),
            );
        append(&mut tx, entry).await?;
        let after = get(&mut tx, email).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Disables or enables an account. Disabling ends its sessions and
    /// revokes nothing else: its tokens stop working while it is disabled.
    pub async fn set_disabled(&self, email: &str, disabled: bool, by: &Actor) -> Result<Account, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = get(&mut tx, email).await?;
        sqlx::query("UPDATE account SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(now_rfc3339())
            .bind(before.id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if disabled {
            end_sessions(&mut tx, before.id).await?;
        }
        let action = if disabled {
            AuditAction::AccountDisabled
        } else {
            AuditAction::AccountEnabled
        };
        append(&mut tx, by.entry(action, email)).await?;
        let after = get(&mut tx, email).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Deletes an account with its sessions, links, tokens and codes. The
    /// audit trail keeps what it did.
    pub async fn delete_account(&self, email: &str, by: &Actor) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let account = get(&mut tx, email).await?;
        sqlx::query("DELETE FROM account WHERE id = $1")
            .bind(account.id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        append(&mut tx, by.entry(AuditAction::AccountDeleted, email)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The roles whose accounts must have a second factor (TOTP, or sign in
    /// with a passkey).
    pub async fn totp_required(&self) -> Result<Vec<Role>, StoreError> {
        let text: Option<String> = sqlx::query_scalar("SELECT value FROM setting WHERE name = 'totp_required'")
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(text.unwrap_or_default().split(',').filter_map(Role::parse).collect())
    }

    /// Sets the roles that must have a second factor.
    pub async fn set_totp_required(&self, roles: &[Role], by: &Actor) -> Result<(), StoreError> {
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let text: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let text = text.join(",");
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO setting (name, value) VALUES ('totp_required', $1) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(&text)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let entry = by
            .entry(AuditAction::SettingChanged, "totp_required")
            .with("setting", "totp_required")
            .with("roles", if text.is_empty() { "none".to_string() } else { text });
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The account's password hash (a PHC string), if it has a password.
    pub async fn password_hash(&self, account_id: i64) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT password_hash FROM account WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)
            .map(Option::flatten)
    }

    /// Sets the password hash and ends every session of the account (the
    /// caller signs the person in again on a fresh one).
    pub async fn set_password(&self, account_id: i64, phc: &str, by: &Actor) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let email = email_of(&mut tx, account_id).await?;
        sqlx::query("UPDATE account SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(phc)
            .bind(now_rfc3339())
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        end_sessions(&mut tx, account_id).await?;
        append(&mut tx, by.entry(AuditAction::PasswordSet, &email)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// Replaces a hash made with weaker parameters after a successful
    /// sign-in (the same password; sessions stay, nothing is audited).
    pub async fn upgrade_password_hash(&self, account_id: i64, phc: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE account SET password_hash = $1 WHERE id = $2")
            .bind(phc)
            .bind(account_id)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// The TOTP secret, if the second factor is on.
    pub async fn totp_secret(&self, account_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar("SELECT totp_secret FROM account WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)
            .map(Option::flatten)
    }

    /// Turns TOTP on with `secret` and replaces the recovery codes (their
    /// hashes); `step` is the time step of the code that confirmed it.
    pub async fn enable_totp(
        &self,
        account_id: i64,
        secret: &[u8],
        step: u64,
        recovery_hashes: &[String],
        by: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let email = email_of(&mut tx, account_id).await?;
        sqlx::query("UPDATE account SET totp_secret = $1, totp_last_step = $2, updated_at = $3 WHERE id = $4")
            .bind(secret)
            .bind(i64::try_from(step).unwrap_or(i64::MAX))
            .bind(now_rfc3339())
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        drop_recovery_codes(&mut tx, account_id).await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_code (account_id, hash) VALUES ($1, $2)")
                .bind(account_id)
                .bind(h)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        append(&mut tx, by.entry(AuditAction::TotpEnabled, &email)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// Turns TOTP off and drops the recovery codes.
    pub async fn disable_totp(&self, account_id: i64, by: &Actor) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let email = email_of(&mut tx, account_id).await?;
        sqlx::query("UPDATE account SET totp_secret = NULL, totp_last_step = 0, updated_at = $1 WHERE id = $2")
            .bind(now_rfc3339())
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        drop_recovery_codes(&mut tx, account_id).await?;
        append(&mut tx, by.entry(AuditAction::TotpDisabled, &email)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// Accepts a TOTP time step once: `true` only if it is later than the
    /// last step accepted (so a code cannot be replayed, even by two
    /// requests at once).
    pub async fn accept_totp_step(&self, account_id: i64, step: u64) -> Result<bool, StoreError> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let done = sqlx::query("UPDATE account SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $3")
            .bind(step)
            .bind(account_id)
            .bind(step)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Uses up a recovery code (its hash); `true` if it was unused.
    pub async fn use_recovery_code(&self, account_id: i64, hash: &str, by: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE recovery_code SET used_at = $1 WHERE account_id = $2 AND hash = $3 AND used_at IS NULL",
        )
        .bind(now_rfc3339())
        .bind(account_id)
        .bind(hash)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() != 1 {
            tx.rollback().await.map_err(db)?;
            return Ok(false);
        }
        let (email, left): (String, i64) = sqlx::query_as(
            "SELECT a.email, (SELECT count(*) FROM recovery_code r WHERE r.account_id = a.id AND r.used_at IS NULL) \
             FROM account a WHERE a.id = $1",
        )
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let entry = by
            .entry(AuditAction::RecoveryCodeUsed, &email)
            .with("left", left.to_string());
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }
}
