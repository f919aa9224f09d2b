//! What proves who someone is after they signed in: sessions, one-time
//! sign-in links, API tokens; and the failure counts that throttle
//! password guessing. Secrets arrive here already hashed (the server makes
//! them, shows them once and keeps only `portico_auth::secret::hash`);
//! times are Unix seconds given by the caller.

use serde::Serialize;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::accounts::{ACCOUNT_COLUMNS, Account, Actor, account_from_row, email_of, end_sessions, get};
use crate::audit::{AuditAction, append};
use crate::store::db;
use crate::{Store, StoreError};

/// A session to start.
#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    /// The hash of the session's secret (the cookie value).
    pub hash: &'a str,
    /// The account signing in.
    pub account_id: i64,
    /// How it signed in: `password`, `link`, `passkey`, `sso`.
    pub method: &'a str,
    /// The token every form of this session must carry.
    pub csrf: &'a str,
    /// The browser's User-Agent, shortened (shown in the session list).
    pub user_agent: &'a str,
    /// Now.
    pub now: i64,
    /// When it ends at the latest.
    pub expires_at: i64,
}

/// A live session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The hash of its secret: names it in lists without revealing it.
    pub hash: String,
    /// Whose it is.
    pub account: Account,
    /// How it signed in.
    pub method: String,
    /// Its form token.
    pub csrf: String,
    /// The browser it was made in.
    pub user_agent: String,
    /// When it began, was last used, ends at the latest.
    pub created_at: i64,
    /// See `created_at`.
    pub last_seen: i64,
    /// See `created_at`.
    pub expires_at: i64,
}

/// An API token as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The store's id.
    pub id: i64,
    /// Whose it is.
    pub email: String,
    /// What it is for.
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; `None`: it does not expire.
    pub expires_at: Option<i64>,
    /// Unix seconds of its last use.
    pub last_used_at: Option<i64>,
    /// Unix seconds of its revocation.
    pub revoked_at: Option<i64>,
}

const SESSION_COLUMNS: &str = "s.hash, s.method, s.csrf, s.user_agent, s.created_at, s.last_seen, s.expires_at";
const TOKEN_COLUMNS: &str = "t.id, a.email, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

fn session_from_row(row: &AnyRow) -> Result<Session, StoreError> {
    Ok(Session {
        hash: row.try_get("hash").map_err(db)?,
        account: account_from_row(row)?,
        method: row.try_get("method").map_err(db)?,
        csrf: row.try_get("csrf").map_err(db)?,
        user_agent: row.try_get("user_agent").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        last_seen: row.try_get("last_seen").map_err(db)?,
        expires_at: row.try_get("expires_at").map_err(db)?,
    })
}

fn token_from_row(row: &AnyRow) -> Result<Token, StoreError> {
    Ok(Token {
        id: row.try_get("id").map_err(db)?,
        email: row.try_get("email").map_err(db)?,
        name: row.try_get("name").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        expires_at: row.try_get("expires_at").map_err(db)?,
        last_used_at: row.try_get("last_used_at").map_err(db)?,
        revoked_at: row.try_get("revoked_at").map_err(db)?,
    })
}

impl Store {
    /// Starts a session and records the sign-in, durably, together.
    pub async fn create_session(&self, new: &NewSession<'_>, by: &Actor) -> Result<Session, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO session (hash, account_id, method, csrf, user_agent, created_at, last_seen, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new.hash)
        .bind(new.account_id)
        .bind(new.method)
        .bind(new.csrf)
        .bind(new.user_agent)
        .bind(new.now)
        .bind(new.now)
        .bind(new.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {SESSION_COLUMNS} FROM session s JOIN account a ON a.id = s.account_id \
             WHERE s.hash = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(new.hash)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let session = session_from_row(&row)?;
        let entry = by
            .entry(AuditAction::SignIn, &session.account.email)
            .with("method", new.method);
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(session)
    }

    /// The live session with this hash: not past its end, used within the
    /// last `idle` seconds, of an enabled account. A session found dead is
    /// deleted.
    pub async fn session(&self, hash: &str, now: i64, idle: i64) -> Result<Option<Session>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {SESSION_COLUMNS} FROM session s JOIN account a ON a.id = s.account_id \
             WHERE s.hash = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(hash)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        let Some(session) = row.as_ref().map(session_from_row).transpose()? else {
            return Ok(None);
        };
        let dead = now >= session.expires_at || now.saturating_sub(session.last_seen) >= idle;
        if dead {
            sqlx::query("DELETE FROM session WHERE hash = $1")
                .bind(hash)
                .execute(&self.inner.pool)
                .await
                .map_err(db)?;
            return Ok(None);
        }
        Ok((!session.account.disabled).then_some(session))
    }

    /// Notes that a session was used at `now`.
    pub async fn touch_session(&self, hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE session SET last_seen = $1 WHERE hash = $2 AND last_seen < $3")
            .bind(now)
            .bind(hash)
            .bind(now)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// An account's sessions, newest first.
    pub async fn sessions_of(&self, account_id: i64) -> Result<Vec<Session>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {SESSION_COLUMNS} FROM session s JOIN account a ON a.id = s.account_id \
             WHERE s.account_id = $1 ORDER BY s.created_at DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account_id)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(session_from_row).collect()
    }

    /// Ends one session of `account_id` (its own, or one of its list);
    /// `false` when there was none such.
    pub async fn end_session(&self, account_id: i64, hash: &str, by: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM session WHERE hash = $1 AND account_id = $2")
            .bind(hash)
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            tx.rollback().await.map_err(db)?;
            return Ok(false);
        }
        let email = email_of(&mut tx, account_id).await?;
        append(&mut tx, by.entry(AuditAction::SignOut, &email)).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// Ends every session of an account; returns how many.
    pub async fn end_all_sessions(&self, email: &str, by: &Actor) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let account = get(&mut tx, email).await?;
        let ended = end_sessions(&mut tx, account.id).await?;
        let entry = by
            .entry(AuditAction::SignOutEverywhere, email)
            .with("sessions", ended.to_string());
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(ended)
    }

    /// Stores a one-time sign-in link (its hash) for `email`, valid until
    /// `expires_at`.
    pub async fn create_link(
        &self,
        email: &str,
        hash: &str,
        now: i64,
        expires_at: i64,
        by: &Actor,
    ) -> Result<Account, StoreError> {
        let mut tx = self.begin_write().await?;
        let account = get(&mut tx, email).await?;
        sqlx::query("INSERT INTO sign_in_link (hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(account.id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let hours = (expires_at - now) / 3600;
        let entry = by
            .entry(AuditAction::LinkCreated, email)
            .with("valid_hours", hours.to_string());
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(account)
    }

    /// Uses a sign-in link: the account it signs in, if the link exists,
    /// is unused and unexpired and its account enabled. Works once, even
    /// for two requests at once.
    pub async fn use_link(&self, hash: &str, now: i64) -> Result<Option<Account>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE sign_in_link SET used_at = $1 WHERE hash = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING account_id",
        )
        .bind(now)
        .bind(hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let account = match id {
            Some(id) => {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.id = $1");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                Some(account_from_row(&row)?)
            }
            None => None,
        };
        tx.commit().await.map_err(db)?;
        Ok(account.filter(|a| !a.disabled))
    }

    /// Stores an API token (its hash) for `email`.
    pub async fn create_token(
        &self,
        email: &str,
        hash: &str,
        name: &str,
        now: i64,
        expires_at: Option<i64>,
        by: &Actor,
    ) -> Result<Token, StoreError> {
        let mut tx = self.begin_write().await?;
        let account = get(&mut tx, email).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_token (hash, account_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(hash)
        .bind(account.id)
        .bind(name)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let entry = by
            .entry(AuditAction::TokenCreated, email)
            .with("token_id", id.to_string())
            .with("name", name)
            .with(
                "expires",
                expires_at.map_or_else(|| "never".to_string(), |t| t.to_string()),
            );
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(Token {
            id,
            email: account.email,
            name: name.to_string(),
            created_at: now,
            expires_at,
            last_used_at: None,
            revoked_at: None,
        })
    }

    /// Every token, or those of one account, by id.
    pub async fn tokens(&self, email: Option<&str>) -> Result<Vec<Token>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN account a ON a.id = t.account_id \
             WHERE $1 IS NULL OR a.email = $1 ORDER BY t.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(token_from_row).collect()
    }

    /// Revokes a token; `false` when there is no such live token.
    pub async fn revoke_token(&self, id: i64, now: i64, by: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
             RETURNING (SELECT email FROM account WHERE account.id = api_token.account_id)",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(email) = email else {
            tx.rollback().await.map_err(db)?;
            return Ok(false);
        };
        let entry = by
            .entry(AuditAction::TokenRevoked, &email)
            .with("token_id", id.to_string());
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// The account a token (its hash) authenticates at `now`, recording
    /// the use (last use, and an audit entry naming the request). `None`
    /// for unknown, revoked or expired tokens and disabled accounts.
    pub async fn use_token(
        &self,
        hash: &str,
        now: i64,
        request: &str,
        trace_id: &str,
    ) -> Result<Option<(Account, Token)>, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, {TOKEN_COLUMNS} FROM api_token t JOIN account a ON a.id = t.account_id \
             WHERE t.hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) \
             AND a.disabled = 0"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        let Some(row) = row else {
            tx.rollback().await.map_err(db)?;
            return Ok(None);
        };
        let account = account_from_row(&row)?;
        let token = token_from_row(&row)?;
        sqlx::query("UPDATE api_token SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(token.id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let by = Actor {
            who: account.email.clone(),
            trace_id: trace_id.to_string(),
        };
        let entry = by
            .entry(AuditAction::TokenUsed, &account.email)
            .with("token_id", token.id.to_string())
            .with("request", request);
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(Some((account, token)))
    }

    /// The failure count and last failure time (Unix seconds) under a
    /// throttling key; zeros when none.
    pub async fn failures(&self, key: &str) -> Result<(u32, i64), StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as("SELECT failures, last FROM throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(row.map_or((0, 0), |(n, last)| (u32::try_from(n).unwrap_or(u32::MAX), last)))
    }

    /// Stores a key's failure count and last failure time.
    pub async fn set_failures(&self, key: &str, count: u32, last: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO throttle (key, failures, last) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last = excluded.last",
        )
        .bind(key)
        .bind(i64::from(count))
        .bind(last)
        .execute(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Forgets a key's failures (after a successful sign-in).
    pub async fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}
