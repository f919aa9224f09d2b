//! Passkeys (WebAuthn credentials) of accounts, and the short-lived state
//! of a WebAuthn ceremony between its two requests. The store keeps a
//! passkey as its credential id and an opaque text the server made (the
//! public key, its counter); it knows nothing of WebAuthn itself.

use serde::Serialize;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::accounts::{ACCOUNT_COLUMNS, Account, Actor, account_from_row, email_of, end_sessions};
use crate::audit::{AuditAction, append};
use crate::store::db;
use crate::{Store, StoreError};

/// A registered passkey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PasskeyRecord {
    /// The store's id.
    pub id: i64,
    /// Whose it is.
    pub account_id: i64,
    /// The credential id (base64url), unique across accounts.
    pub credential_id: String,
    /// What its owner called it.
    pub name: String,
    /// The server's own text for it (public key, counter).
    #[serde(skip)]
    pub data: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of its last sign-in.
    pub last_used_at: Option<i64>,
}

const PASSKEY_COLUMNS: &str =
    "p.id, p.account_id AS owner, p.credential_id, p.name, p.data, p.created_at, p.last_used_at";

fn passkey_from_row(row: &AnyRow) -> Result<PasskeyRecord, StoreError> {
    Ok(PasskeyRecord {
        id: row.try_get("id").map_err(db)?,
        account_id: row.try_get("owner").map_err(db)?,
        credential_id: row.try_get("credential_id").map_err(db)?,
        name: row.try_get("name").map_err(db)?,
        data: row.try_get("data").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        last_used_at: row.try_get("last_used_at").map_err(db)?,
    })
}

impl Store {
    /// The account's WebAuthn user handle, made (from `fresh`) the first
    /// time it is asked for.
    pub async fn webauthn_id(&self, account_id: i64, fresh: &str) -> Result<String, StoreError> {
        sqlx::query("UPDATE account SET webauthn_id = $1 WHERE id = $2 AND webauthn_id IS NULL")
            .bind(fresh)
            .bind(account_id)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        sqlx::query_scalar::<_, Option<String>>("SELECT webauthn_id FROM account WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?
            .flatten()
            .ok_or_else(|| StoreError::NotFound(format!("no account {account_id}")))
    }

    /// Registers a passkey; every session of the account ends (the caller
    /// starts a fresh one for the browser that added it).
    pub async fn add_passkey(
        &self,
        account_id: i64,
        credential_id: &str,
        name: &str,
        data: &str,
        now: i64,
        by: &Actor,
    ) -> Result<PasskeyRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let email = email_of(&mut tx, account_id).await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM passkey WHERE credential_id = $1")
            .bind(credential_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if taken.is_some() {
            return Err(StoreError::Conflict("this passkey is already registered".into()));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO passkey (account_id, credential_id, name, data, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(account_id)
        .bind(credential_id)
        .bind(name)
        .bind(data)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        end_sessions(&mut tx, account_id).await?;
        append(&mut tx, by.entry(AuditAction::PasskeyAdded, &email).with("name", name)).await?;
        tx.commit().await.map_err(db)?;
        Ok(PasskeyRecord {
            id,
            account_id,
            credential_id: credential_id.to_string(),
            name: name.to_string(),
            data: data.to_string(),
            created_at: now,
            last_used_at: None,
        })
    }

    /// An account's passkeys, oldest first.
    pub async fn passkeys_of(&self, account_id: i64) -> Result<Vec<PasskeyRecord>, StoreError> {
        let sql = format!("SELECT {PASSKEY_COLUMNS} FROM passkey p WHERE p.account_id = $1 ORDER BY p.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account_id)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(passkey_from_row).collect()
    }

    /// The passkey with this credential id and its (enabled) account.
    pub async fn passkey(&self, credential_id: &str) -> Result<Option<(Account, PasskeyRecord)>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {PASSKEY_COLUMNS} FROM passkey p JOIN account a ON a.id = p.account_id \
             WHERE p.credential_id = $1 AND a.disabled = 0"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(credential_id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        row.map(|r| Ok((account_from_row(&r)?, passkey_from_row(&r)?)))
            .transpose()
    }

    /// Records a sign-in with passkey `id` and its updated text (counter).
    pub async fn passkey_used(&self, id: i64, data: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE passkey SET data = $1, last_used_at = $2 WHERE id = $3")
            .bind(data)
            .bind(now)
            .bind(id)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Removes one of an account's passkeys; every session of the account
    /// ends. `false` when it has no such passkey.
    pub async fn remove_passkey(&self, account_id: i64, id: i64, by: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let name: Option<String> =
            sqlx::query_scalar("DELETE FROM passkey WHERE id = $1 AND account_id = $2 RETURNING name")
                .bind(id)
                .bind(account_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        let Some(name) = name else {
            tx.rollback().await.map_err(db)?;
            return Ok(false);
        };
        let email = email_of(&mut tx, account_id).await?;
        end_sessions(&mut tx, account_id).await?;
        append(
            &mut tx,
            by.entry(AuditAction::PasskeyRemoved, &email).with("name", name),
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// Keeps a ceremony's state until `expires_at` (and drops expired ones).
    pub async fn put_ceremony(
        &self,
        id: &str,
        kind: &str,
        account_id: Option<i64>,
        state: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM ceremony WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        sqlx::query("INSERT INTO ceremony (id, kind, account_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(kind)
            .bind(account_id)
            .bind(state)
            .bind(expires_at)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Takes a ceremony's state (once: it is deleted), if it is of `kind`
    /// and not expired: its account and state.
    pub async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        now: i64,
    ) -> Result<Option<(Option<i64>, String)>, StoreError> {
        let row: Option<(Option<i64>, String)> = sqlx::query_as(
            "DELETE FROM ceremony WHERE id = $1 AND kind = $2 AND expires_at > $3 RETURNING account_id, state",
        )
        .bind(id)
        .bind(kind)
        .bind(now)
        .fetch_optional(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(row)
    }
}
