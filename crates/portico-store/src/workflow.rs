//! The workflow around an item's revisions: review (submit, approve one
//! exact revision), publish and unpublish, new items, the trash, and the
//! comments people leave at each step. Each change is one write
//! transaction with its audit entry: durable together or not at all.

use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row as _;

use crate::audit::append;
use crate::revisions::{existing, head, insert};
use crate::store::{db, now_rfc3339};
use crate::{Actor, AuditAction, ItemHead, Review, Revision, Store, StoreError};

/// A new item: its first draft.
#[derive(Clone, Copy, Debug)]
pub struct NewItem<'a> {
    /// The locale.
    pub locale: &'a str,
    /// The item's key (`stories/harbour-sensors`).
    pub key: &'a str,
    /// Its file under `content/<locale>/` (`stories/harbour-sensors.md`).
    pub path: &'a str,
    /// The whole text of the first draft.
    pub text: &'a str,
    /// The account that creates it (it owns the item).
    pub owner: i64,
}

/// A comment left on an item at a step of its workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Its id.
    pub id: i64,
    /// The revision it is about, if any.
    pub revision: Option<i64>,
    /// The step it was left at (`comment`, `submit`, `approve`, `publish`,
    /// `schedule`, `unpublish`).
    pub step: String,
    /// Who wrote it (an email).
    pub author: String,
    /// What they wrote.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// Runs `sql`, whose parameters are an item's locale and key, in order.
pub(crate) async fn on_item(
    conn: &mut AnyConnection,
    sql: &'static str,
    (locale, key): (&str, &str),
) -> Result<(), StoreError> {
    sqlx::query(sql)
        .bind(locale)
        .bind(key)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Sets `revision` as the item's published one (the caller checked that it
/// may be), audited. An approval of exactly that revision is used up; a
/// newer draft's review stays as it is.
pub(crate) async fn publish_in(
    conn: &mut AnyConnection,
    current: &ItemHead,
    revision: i64,
    by: &Actor,
) -> Result<ItemHead, StoreError> {
    let (locale, key) = (current.locale.as_str(), current.key.as_str());
    let hash: Option<String> =
        sqlx::query_scalar("SELECT hash FROM revision WHERE id = $1 AND locale = $2 AND key = $3")
            .bind(revision)
            .bind(locale)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    let hash = hash.ok_or_else(|| StoreError::NotFound(format!("{locale}/{key} has no revision {revision}")))?;
    sqlx::query(
        "UPDATE item SET published = $1, \
         review = CASE WHEN approved = $2 THEN '' ELSE review END, \
         approved = CASE WHEN approved = $3 THEN NULL ELSE approved END \
         WHERE locale = $4 AND key = $5",
    )
    .bind(revision)
    .bind(revision)
    .bind(revision)
    .bind(locale)
    .bind(key)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    on_item(
        &mut *conn,
        "DELETE FROM trash WHERE locale = $1 AND key = $2",
        (locale, key),
    )
    .await?;
    let entry = by
        .entry(AuditAction::ContentPublished, &format!("{locale}/{key}"))
        .with("revision", revision.to_string())
        .with("hash", hash);
    append(conn, entry).await?;
    existing(conn, locale, key).await
}

/// Takes the item off the site (its revisions stay), audited.
pub(crate) async fn unpublish_in(
    conn: &mut AnyConnection,
    current: &ItemHead,
    by: &Actor,
) -> Result<ItemHead, StoreError> {
    let (locale, key) = (current.locale.as_str(), current.key.as_str());
    let Some(published) = current.published else {
        return Err(StoreError::Invalid(format!("{locale}/{key} is not published")));
    };
    on_item(
        &mut *conn,
        "UPDATE item SET published = NULL WHERE locale = $1 AND key = $2",
        (locale, key),
    )
    .await?;
    let entry = by
        .entry(AuditAction::ContentUnpublished, &format!("{locale}/{key}"))
        .with("revision", published.to_string());
    append(conn, entry).await?;
    existing(conn, locale, key).await
}

impl Store {
    /// Submits the draft `revision` (the head) for review.
    pub async fn submit(&self, locale: &str, key: &str, revision: i64, by: &Actor) -> Result<ItemHead, StoreError> {
        self.review_step(locale, key, revision, None, Review::InReview, by)
            .await
    }

    /// Approves exactly `revision`, whose content hash must be `hash` (the
    /// text the reviewer read): that revision, and no other, may then be
    /// published.
    pub async fn approve(
        &self,
        locale: &str,
        key: &str,
        revision: i64,
        hash: &str,
        by: &Actor,
    ) -> Result<ItemHead, StoreError> {
        self.review_step(locale, key, revision, Some(hash), Review::Approved, by)
            .await
    }

    async fn review_step(
        &self,
        locale: &str,
        key: &str,
        revision: i64,
        hash: Option<&str>,
        to: Review,
        by: &Actor,
    ) -> Result<ItemHead, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, locale, key).await?;
        if current.head != revision {
            return Err(StoreError::Conflict(format!(
                "revision {revision} is not the latest of {locale}/{key} (that is {})",
                current.head
            )));
        }
        if !current.has_draft() {
            return Err(StoreError::Invalid(format!(
                "{locale}/{key} has no draft: it is published as it is"
            )));
        }
        if hash.is_some_and(|h| h != current.head_hash) {
            return Err(StoreError::Conflict(format!(
                "revision {revision} of {locale}/{key} is not the text that was reviewed"
            )));
        }
        let approved = (to == Review::Approved).then_some(revision);
        sqlx::query("UPDATE item SET review = $1, approved = $2 WHERE locale = $3 AND key = $4")
            .bind(to.as_str())
            .bind(approved)
            .bind(locale)
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let action = if to == Review::Approved {
            AuditAction::ContentApproved
        } else {
            AuditAction::ContentSubmitted
        };
        let entry = by
            .entry(action, &format!("{locale}/{key}"))
            .with("revision", revision.to_string())
            .with("hash", current.head_hash.clone());
        append(&mut tx, entry).await?;
        let after = existing(&mut tx, locale, key).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Publishes `revision`, which must be the approved one. Durable, with
    /// its audit entry, when it returns; the caller then rebuilds what is
    /// served.
    pub async fn publish(&self, locale: &str, key: &str, revision: i64, by: &Actor) -> Result<ItemHead, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, locale, key).await?;
        if current.approved != Some(revision) || current.review != Review::Approved {
            return Err(StoreError::Invalid(format!(
                "revision {revision} of {locale}/{key} is not the approved one: approve it first"
            )));
        }
        let after = publish_in(&mut tx, &current, revision, by).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Takes a published item off the site; its revisions stay, and it can
    /// be published again through review.
    pub async fn unpublish(&self, locale: &str, key: &str, by: &Actor) -> Result<ItemHead, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, locale, key).await?;
        let after = unpublish_in(&mut tx, &current, by).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Creates an item with its first draft (not published), owned by its
    /// creator. `Conflict` when the locale already has an item at that key.
    pub async fn create_item(&self, new: &NewItem<'_>, by: &Actor) -> Result<Revision, StoreError> {
        let mut tx = self.begin_write().await?;
        if head(&mut tx, new.locale, new.key).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "{}/{} exists already",
                new.locale, new.key
            )));
        }
        let taken: Option<String> = sqlx::query_scalar("SELECT key FROM item WHERE locale = $1 AND path = $2")
            .bind(new.locale)
            .bind(new.path)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if let Some(other) = taken {
            return Err(StoreError::Conflict(format!(
                "{}/{} is the file of {other} already",
                new.locale, new.path
            )));
        }
        let id = insert(&mut tx, (new.locale, new.key, new.path), None, new.text, &by.who, "").await?;
        sqlx::query("INSERT INTO item (locale, key, path, head, owner) VALUES ($1, $2, $3, $4, $5)")
            .bind(new.locale)
            .bind(new.key)
            .bind(new.path)
            .bind(id)
            .bind(new.owner)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        crate::revisions::translated(&mut tx, new.locale, new.key).await?;
        let entry = by
            .entry(AuditAction::ContentCreated, &format!("{}/{}", new.locale, new.key))
            .with("revision", id.to_string());
        append(&mut tx, entry).await?;
        let row = sqlx::query("SELECT * FROM revision WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let revision = crate::revisions::revision_of(&row)?;
        tx.commit().await.map_err(db)?;
        Ok(revision)
    }

    /// Moves an item to the trash: off the site if it was published, out of
    /// the content tree, its pending jobs cancelled; everything kept, to be
    /// restored.
    pub async fn trash(&self, locale: &str, key: &str, by: &Actor) -> Result<ItemHead, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, locale, key).await?;
        if current.trashed.is_some() {
            return Ok(current);
        }
        if current.published.is_some() {
            unpublish_in(&mut tx, &current, by).await?;
        }
        sqlx::query("INSERT INTO trash (locale, key, trashed_at, trashed_by) VALUES ($1, $2, $3, $4)")
            .bind(locale)
            .bind(key)
            .bind(now_rfc3339())
            .bind(&by.who)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        on_item(
            &mut tx,
            "UPDATE job SET state = 'cancelled' WHERE locale = $1 AND key = $2 AND state = 'pending'",
            (locale, key),
        )
        .await?;
        append(
            &mut tx,
            by.entry(AuditAction::ContentTrashed, &format!("{locale}/{key}")),
        )
        .await?;
        let after = existing(&mut tx, locale, key).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// Takes an item back out of the trash, unpublished: publishing it
    /// again goes through review.
    pub async fn untrash(&self, locale: &str, key: &str, by: &Actor) -> Result<ItemHead, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, locale, key).await?;
        if current.trashed.is_none() {
            return Ok(current);
        }
        on_item(
            &mut tx,
            "DELETE FROM trash WHERE locale = $1 AND key = $2",
            (locale, key),
        )
        .await?;
        append(
            &mut tx,
            by.entry(AuditAction::ContentUntrashed, &format!("{locale}/{key}")),
        )
        .await?;
        let after = existing(&mut tx, locale, key).await?;
        tx.commit().await.map_err(db)?;
        Ok(after)
    }

    /// The items in the trash, newest first.
    pub async fn trashed(&self) -> Result<Vec<ItemHead>, StoreError> {
        let rows = sqlx::query(crate::revisions::heads!(
            "WHERE t.key IS NOT NULL ORDER BY t.trashed_at DESC"
        ))
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::revisions::head_of).collect()
    }

    /// The items taken off the site that the folder still has unchanged,
    /// as `(locale, path, the file's hash when last seen)`: left out when
    /// the site is built, unless the file changed since.
    pub async fn withdrawn(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT locale, path, file_hash FROM item WHERE published IS NULL AND file_hash IS NOT NULL \
             ORDER BY locale, path",
        )
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(rows)
    }

    /// Items whose latest revision is a draft by `author` that is not in
    /// review yet (newest first, at most `limit`).
    pub async fn drafts_by(&self, author: &str, limit: i64) -> Result<Vec<ItemHead>, StoreError> {
        let rows = sqlx::query(crate::revisions::heads!(
            "WHERE r.author = $1 AND i.head <> COALESCE(i.published, -1) AND i.review = '' AND t.key IS NULL \
             ORDER BY i.head DESC LIMIT $2"
        ))
        .bind(author)
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::revisions::head_of).collect()
    }

    /// Items at a step of review (`InReview`: waiting for a reviewer;
    /// `Approved`: waiting to be published), oldest first.
    pub async fn in_review(&self, review: Review, limit: i64) -> Result<Vec<ItemHead>, StoreError> {
        let rows = sqlx::query(crate::revisions::heads!(
            "WHERE i.review = $1 AND t.key IS NULL ORDER BY i.head LIMIT $2"
        ))
        .bind(review.as_str())
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::revisions::head_of).collect()
    }

    /// The latest publications, newest first: `(locale/key, who, when)`
    /// from the audit trail.
    pub async fn recent_publications(&self, limit: i64) -> Result<Vec<(String, String, String)>, StoreError> {
        sqlx::query_as(
            "SELECT subject, actor, event_time FROM audit_record WHERE action = 'content-published' \
             ORDER BY position DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)
    }

    /// Leaves a comment on an item (at `step`, about `revision`).
    pub async fn comment(
        &self,
        item: (&str, &str),
        revision: Option<i64>,
        step: &str,
        author: &str,
        text: &str,
    ) -> Result<Comment, StoreError> {
        let (locale, key) = item;
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("a comment needs some text".into()));
        }
        let mut tx = self.begin_write().await?;
        existing(&mut tx, locale, key).await?;
        let at = now_rfc3339();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comment (locale, key, revision, step, author, text, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(locale)
        .bind(key)
        .bind(revision)
        .bind(step)
        .bind(author)
        .bind(text)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Comment {
            id,
            revision,
            step: step.to_string(),
            author: author.to_string(),
            text: text.to_string(),
            created_at: at,
        })
    }

    /// An item's comments, oldest first.
    pub async fn comments(&self, locale: &str, key: &str) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, revision, step, author, text, created_at FROM comment WHERE locale = $1 AND key = $2 ORDER BY id",
        )
        .bind(locale)
        .bind(key)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(Comment {
                    id: row.try_get("id").map_err(db)?,
                    revision: row.try_get("revision").map_err(db)?,
                    step: row.try_get("step").map_err(db)?,
                    author: row.try_get("author").map_err(db)?,
                    text: row.try_get("text").map_err(db)?,
                    created_at: row.try_get("created_at").map_err(db)?,
                })
            })
            .collect()
    }
}
