//! Content as revisions: every change of one item in one locale is a
//! revision (the file's exact text, its hash, author, time, parent,
//! message). `item` names each item's head (its latest revision: a draft
//! when it is not the published one) and its published revision.
//!
//! A save names the revision it was based on and is written only on top of
//! that head, inside one write transaction: a stale save is refused with
//! the current head, never written over it.

use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::audit::append;
use crate::store::{db, now_rfc3339};
use crate::{Actor, AuditAction, Store, StoreError};

/// The author of revisions that came from the site's files.
pub const FILES_AUTHOR: &str = "files";

/// One item in one locale, as the editor lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemHead {
    /// The locale.
    pub locale: String,
    /// The item's key (`careers/data-engineer`; empty for the home page).
    pub key: String,
    /// Its file under `content/<locale>/` (`careers/_index.md`).
    pub path: String,
    /// The latest revision.
    pub head: i64,
    /// The latest revision's content hash.
    pub head_hash: String,
    /// The published revision, if any.
    pub published: Option<i64>,
    /// Who wrote the latest revision.
    pub author: String,
    /// When (RFC 3339).
    pub updated_at: String,
    /// The account that created the item (none: it came from the files).
    pub owner: Option<i64>,
    /// Where the draft stands in review.
    pub review: Review,
    /// The revision approved for publishing, if any: exactly that one.
    pub approved: Option<i64>,
    /// When the item was moved to the trash (RFC 3339), if it is there.
    pub trashed: Option<String>,
    /// The newest revision of the same key in any other locale when this
    /// one was last written: a translation whose source locale has a newer
    /// published revision than this is outdated.
    pub translated_from: Option<i64>,
}

/// Where an item's draft stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Review {
    /// Being written (or nothing to review).
    None,
    /// Submitted, waiting for a reviewer.
    InReview,
    /// A reviewer approved one exact revision.
    Approved,
}

impl Review {
    /// As stored and shown: empty, `in-review` or `approved`.
    pub fn as_str(self) -> &'static str {
        match self {
            Review::None => "",
            Review::InReview => "in-review",
            Review::Approved => "approved",
        }
    }

    fn parse(s: &str) -> Review {
        match s {
            "in-review" => Review::InReview,
            "approved" => Review::Approved,
            _ => Review::None,
        }
    }
}

impl ItemHead {
    /// Whether the latest revision is a draft (not the published one).
    pub fn has_draft(&self) -> bool {
        self.published != Some(self.head)
    }
}

/// One revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// Its id (increasing).
    pub id: i64,
    /// The locale.
    pub locale: String,
    /// The item's key.
    pub key: String,
    /// Its file under `content/<locale>/`.
    pub path: String,
    /// The revision it was made from.
    pub parent: Option<i64>,
    /// The whole file: TOML front matter and Markdown.
    pub text: String,
    /// BLAKE3 of the text, hex.
    pub hash: String,
    /// Who made it (an account's email, or `files`).
    pub author: String,
    /// What they said about it.
    pub message: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// A revision as an item's history lists it: who, when, why, and from
/// what — not its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevisionEntry {
    /// Its id (increasing).
    pub id: i64,
    /// The revision it was made from.
    pub parent: Option<i64>,
    /// Who made it (an account's email, or `files`).
    pub author: String,
    /// What they said about it.
    pub message: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// A content file to bring in: `content/<locale>/<path>`.
#[derive(Clone, Debug)]
pub struct FileText {
    /// The locale folder.
    pub locale: String,
    /// The item's key.
    pub key: String,
    /// The path under the locale folder.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// What [`Store::sync_files`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Items seen for the first time.
    pub added: usize,
    /// Items whose file differed from their published revision.
    pub changed: usize,
    /// Items whose file was their published revision.
    pub unchanged: usize,
}

/// A draft to save.
#[derive(Clone, Copy, Debug)]
pub struct Draft<'a> {
    /// The locale.
    pub locale: &'a str,
    /// The item's key.
    pub key: &'a str,
    /// The whole new text.
    pub text: &'a str,
    /// The revision the text was based on.
    pub base: i64,
    /// Who saves (an account's email).
    pub author: &'a str,
    /// What they say about it (may be empty).
    pub message: &'a str,
}

/// What became of a save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// A new revision, now the head.
    Created(Revision),
    /// The text is the head's already: nothing was written.
    Unchanged(ItemHead),
    /// The base is not the head any more (someone saved in between):
    /// nothing was written.
    Stale(ItemHead),
}

/// What someone typed and did not save yet, kept by the server (one per
/// person and item; not a revision).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Autosave {
    /// The revision the text was based on.
    pub base: i64,
    /// The whole text.
    pub text: String,
    /// The note about the change, as typed.
    pub message: String,
    /// When it was kept (RFC 3339).
    pub saved_at: String,
}

/// One section in one locale, counted (the editor's overview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionCount {
    /// The section: the first part of its items' keys (empty: the pages
    /// at the top).
    pub section: String,
    /// The locale.
    pub locale: String,
    /// Items in it.
    pub items: i64,
    /// Of which with a draft.
    pub drafts: i64,
    /// Of which in review or approved.
    pub in_review: i64,
}

/// The content hash of a revision's text.
pub fn text_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// An item (`item`, unaliased) that is not in the trash: one uncorrelated
/// look at the (small) trash, not a probe per row.
macro_rules! untrashed {
    () => {
        "(locale, key) NOT IN (SELECT locale, key FROM trash)"
    };
}

/// The select of [`ItemHead`]s, followed by `$rest`.
macro_rules! heads {
    ($rest:literal) => {
        concat!(
            "SELECT i.locale, i.key, i.path, i.head, i.published, i.owner, i.review, i.approved, i.file_hash, \
             r.hash, r.author, r.created_at, t.trashed_at, b.base FROM item i JOIN revision r ON r.id = i.head \
             LEFT JOIN trash t ON t.locale = i.locale AND t.key = i.key \
             LEFT JOIN translation_base b ON b.locale = i.locale AND b.key = i.key ",
            $rest
        )
    };
}

pub(crate) use heads;

pub(crate) fn head_of(row: &AnyRow) -> Result<ItemHead, StoreError> {
    Ok(ItemHead {
        locale: row.try_get("locale").map_err(db)?,
        key: row.try_get("key").map_err(db)?,
        path: row.try_get("path").map_err(db)?,
        head: row.try_get("head").map_err(db)?,
        published: row.try_get("published").map_err(db)?,
        owner: row.try_get("owner").map_err(db)?,
        review: Review::parse(row.try_get::<&str, _>("review").map_err(db)?),
        approved: row.try_get("approved").map_err(db)?,
        head_hash: row.try_get("hash").map_err(db)?,
        author: row.try_get("author").map_err(db)?,
        updated_at: row.try_get("created_at").map_err(db)?,
        trashed: row.try_get("trashed_at").map_err(db)?,
        translated_from: row.try_get("base").map_err(db)?,
    })
}

pub(crate) fn revision_of(row: &AnyRow) -> Result<Revision, StoreError> {
    Ok(Revision {
        id: row.try_get("id").map_err(db)?,
        locale: row.try_get("locale").map_err(db)?,
        key: row.try_get("key").map_err(db)?,
        path: row.try_get("path").map_err(db)?,
        parent: row.try_get("parent").map_err(db)?,
        text: row.try_get("text").map_err(db)?,
        hash: row.try_get("hash").map_err(db)?,
        author: row.try_get("author").map_err(db)?,
        message: row.try_get("message").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
    })
}

fn file_text_of(row: &AnyRow) -> Result<FileText, StoreError> {
    Ok(FileText {
        locale: row.try_get("locale").map_err(db)?,
        key: row.try_get("key").map_err(db)?,
        path: row.try_get("path").map_err(db)?,
        text: row.try_get("text").map_err(db)?,
    })
}

pub(crate) async fn head(conn: &mut AnyConnection, locale: &str, key: &str) -> Result<Option<ItemHead>, StoreError> {
    let row = sqlx::query(heads!("WHERE i.locale = $1 AND i.key = $2"))
        .bind(locale)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    row.as_ref().map(head_of).transpose()
}

/// The head of an item that must exist (`NotFound` otherwise).
pub(crate) async fn existing(conn: &mut AnyConnection, locale: &str, key: &str) -> Result<ItemHead, StoreError> {
    head(conn, locale, key)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no item {locale}/{key}")))
}

/// Notes what the item in `locale` was last written from: the newest
/// revision of its key in the other locales.
pub(crate) async fn translated(conn: &mut AnyConnection, locale: &str, key: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO translation_base (locale, key, base) \
         VALUES ($1, $2, COALESCE((SELECT MAX(id) FROM revision WHERE key = $2 AND locale <> $1), 0)) \
         ON CONFLICT (locale, key) DO UPDATE SET base = excluded.base",
    )
    .bind(locale)
    .bind(key)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Inserts a revision; its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    file: (&str, &str, &str),
    parent: Option<i64>,
    text: &str,
    author: &str,
    message: &str,
) -> Result<i64, StoreError> {
    let (locale, key, path) = file;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO revision (locale, key, path, parent, text, hash, author, message, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(locale)
    .bind(key)
    .bind(path)
    .bind(parent)
    .bind(text)
    .bind(text_hash(text))
    .bind(author)
    .bind(message)
    .bind(now_rfc3339())
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    Ok(id)
}

impl Store {
    /// Brings a site folder's content files in: a file seen for the first
    /// time, or changed since it was last seen, becomes a new published
    /// revision by [`FILES_AUTHOR`] (a draft on top stays the head). An
    /// item published from the editor keeps its revision while its file
    /// is unchanged. One transaction.
    pub async fn sync_files(&self, files: &[FileText]) -> Result<SyncReport, StoreError> {
        let mut report = SyncReport::default();
        let mut tx = self.begin_write().await?;
        // What was seen of every item, in one read: (locale, key) → (file
        // hash, head, published).
        type Row = (String, String, Option<String>, i64, Option<i64>);
        type Seen = (Option<String>, i64, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as("SELECT locale, key, file_hash, head, published FROM item")
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        let seen: std::collections::HashMap<(String, String), Seen> = rows
            .into_iter()
            .map(|(locale, key, file_hash, head, published)| ((locale, key), (file_hash, head, published)))
            .collect();
        let mut touched = Vec::new();
        for f in files {
            let hash = text_hash(&f.text);
            let current = seen.get(&(f.locale.clone(), f.key.clone()));
            if current.is_some_and(|(file_hash, _, _)| file_hash.as_deref() == Some(hash.as_str())) {
                report.unchanged += 1;
                continue;
            }
            touched.push(f);
            let parent = current.and_then(|(_, _, published)| *published);
            let id = insert(&mut tx, (&f.locale, &f.key, &f.path), parent, &f.text, FILES_AUTHOR, "").await?;
            match current {
                None => {
                    sqlx::query(
                        "INSERT INTO item (locale, key, path, head, published, file_hash) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&f.locale)
                    .bind(&f.key)
                    .bind(&f.path)
                    .bind(id)
                    .bind(id)
                    .bind(&hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                    report.added += 1;
                }
                Some((_, head, published)) => {
                    // A pending draft stays the head; otherwise the file is.
                    let has_draft = *published != Some(*head);
                    let head = if has_draft { *head } else { id };
                    sqlx::query(
                        "UPDATE item SET head = $1, published = $2, path = $3, file_hash = $4 WHERE locale = $5 AND key = $6",
                    )
                    .bind(head)
                    .bind(id)
                    .bind(&f.path)
                    .bind(&hash)
                    .bind(&f.locale)
                    .bind(&f.key)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                    // A file changed on disk is published: out of the trash.
                    crate::workflow::on_item(
                        &mut tx,
                        "DELETE FROM trash WHERE locale = $1 AND key = $2",
                        (&f.locale, &f.key),
                    )
                    .await?;
                    report.changed += 1;
                }
            }
        }
        // What each file brought in was written from: the other locales
        // as they are after the whole batch (a first import is in step).
        for f in &touched {
            translated(&mut tx, &f.locale, &f.key).await?;
        }
        if report.added + report.changed == 0 {
            // Nothing to write: nothing to make durable.
            tx.rollback().await.map_err(db)?;
        } else {
            tx.commit().await.map_err(db)?;
        }
        Ok(report)
    }

    /// The published revisions that differ from the site folder's files as
    /// last seen (published from the editor), each with the hash of the
    /// file last seen for its item (none: the item has no file): laid
    /// over the folder when the site is built, unless the file changed
    /// since.
    pub async fn published_overlay(&self) -> Result<Vec<(FileText, Option<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.locale, i.key, i.path, i.file_hash, r.text FROM item i JOIN revision r ON r.id = i.published \
             WHERE i.file_hash IS NULL OR i.file_hash <> r.hash ORDER BY i.locale, i.path",
        )
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| Ok((file_text_of(row)?, row.try_get("file_hash").map_err(db)?)))
            .collect()
    }

    /// [`Store::published_overlay`] for the items named (`(locale,
    /// key)`) only: each one's published revision when it differs from
    /// its file as last seen, read by the item's key — the cost of the
    /// items, not of the site.
    pub async fn published_overlay_of(
        &self,
        items: &[(String, String)],
    ) -> Result<Vec<(FileText, Option<String>)>, StoreError> {
        let mut conn = self.inner.pool.acquire().await.map_err(db)?;
        let mut out = Vec::new();
        for (locale, key) in items {
            let row = sqlx::query(
                "SELECT i.locale, i.key, i.path, i.file_hash, r.text FROM item i JOIN revision r ON r.id = i.published \
                 WHERE i.locale = $1 AND i.key = $2 AND (i.file_hash IS NULL OR i.file_hash <> r.hash)",
            )
            .bind(locale)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
            if let Some(row) = row {
                out.push((file_text_of(&row)?, row.try_get("file_hash").map_err(db)?));
            }
        }
        out.sort_by(|(a, _), (b, _)| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
        out.dedup_by(|(a, _), (b, _)| a.locale == b.locale && a.key == b.key);
        Ok(out)
    }

    /// One item's head, if the item exists.
    pub async fn item(&self, locale: &str, key: &str) -> Result<Option<ItemHead>, StoreError> {
        let mut conn = self.inner.pool.acquire().await.map_err(db)?;
        head(&mut conn, locale, key).await
    }

    /// Every item, by key then locale.
    pub async fn items(&self) -> Result<Vec<ItemHead>, StoreError> {
        let rows = sqlx::query(heads!("ORDER BY i.key, i.locale"))
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(head_of).collect()
    }

    /// Every section's items counted per locale.
    pub async fn section_counts(&self) -> Result<Vec<SectionCount>, StoreError> {
        // `section` is a stored column: the key's text before its first `/`.
        let rows = sqlx::query(
            "SELECT section, locale, COUNT(*) AS items, \
             CAST(SUM(CASE WHEN head <> COALESCE(published, -1) THEN 1 ELSE 0 END) AS BIGINT) AS drafts, \
             CAST(SUM(CASE WHEN review <> '' THEN 1 ELSE 0 END) AS BIGINT) AS in_review FROM item \
             WHERE (locale, key) NOT IN (SELECT locale, key FROM trash) \
             GROUP BY section, locale ORDER BY section, locale",
        )
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(SectionCount {
                    section: row.try_get("section").map_err(db)?,
                    locale: row.try_get("locale").map_err(db)?,
                    items: row.try_get("items").map_err(db)?,
                    drafts: row.try_get::<Option<i64>, _>("drafts").map_err(db)?.unwrap_or(0),
                    in_review: row.try_get::<Option<i64>, _>("in_review").map_err(db)?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// One page of a section's items: the keys from `offset` (at most
    /// `limit` of them, in order), each key's heads in every locale, and
    /// how many keys the section has.
    pub async fn section_items(
        &self,
        section: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ItemHead>, i64), StoreError> {
        let total: i64 = sqlx::query_scalar(concat!(
            "SELECT COUNT(DISTINCT key) FROM item WHERE section = $1 AND ",
            untrashed!()
        ))
        .bind(section)
        .fetch_one(&self.inner.pool)
        .await
        .map_err(db)?;
        let keys: Vec<String> = sqlx::query_scalar(concat!(
            "SELECT DISTINCT key FROM item WHERE section = $1 AND ",
            untrashed!(),
            " ORDER BY key LIMIT $2 OFFSET $3"
        ))
        .bind(section)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
            return Ok((Vec::new(), total));
        };
        let rows = sqlx::query(heads!(
            "WHERE i.section = $1 AND i.key >= $2 AND i.key <= $3 AND t.key IS NULL ORDER BY i.key, i.locale"
        ))
        .bind(section)
        .bind(first)
        .bind(last)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        let heads = rows
            .iter()
            .map(head_of)
            .filter(|h| h.as_ref().map_or(true, |h| keys.binary_search(&h.key).is_ok()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((heads, total))
    }

    /// One revision.
    pub async fn revision(&self, id: i64) -> Result<Option<Revision>, StoreError> {
        let row = sqlx::query("SELECT * FROM revision WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(revision_of).transpose()
    }

    /// Every revision of one item, newest first.
    pub async fn revisions(&self, locale: &str, key: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query("SELECT * FROM revision WHERE locale = $1 AND key = $2 ORDER BY id DESC")
            .bind(locale)
            .bind(key)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(revision_of).collect()
    }

    /// The newest `limit` revisions of one item, newest first, without
    /// their texts (an item's history as its page shows it).
    pub async fn history(&self, locale: &str, key: &str, limit: i64) -> Result<Vec<RevisionEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, parent, author, message, created_at FROM revision \
             WHERE locale = $1 AND key = $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(locale)
        .bind(key)
        .bind(limit)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(RevisionEntry {
                    id: row.try_get("id").map_err(db)?,
                    parent: row.try_get("parent").map_err(db)?,
                    author: row.try_get("author").map_err(db)?,
                    message: row.try_get("message").map_err(db)?,
                    created_at: row.try_get("created_at").map_err(db)?,
                })
            })
            .collect()
    }

    /// Saves a draft on top of the revision it was based on. Durable when
    /// it returns [`Saved::Created`].
    pub async fn save_draft(&self, draft: &Draft<'_>) -> Result<Saved, StoreError> {
        self.write_draft(draft, None).await
    }

    /// Makes the text of an old `revision` of the item a new draft on top
    /// of `base` (the head), recorded in the audit trail with it.
    pub async fn restore(
        &self,
        locale: &str,
        key: &str,
        revision: i64,
        base: i64,
        by: &Actor,
    ) -> Result<Saved, StoreError> {
        let old = self
            .revision(revision)
            .await?
            .filter(|r| r.locale == locale && r.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("{locale}/{key} has no revision {revision}")))?;
        let message = format!("restored revision {revision}");
        let draft = Draft {
            locale,
            key,
            text: &old.text,
            base,
            author: &by.who,
            message: &message,
        };
        let entry = by
            .entry(AuditAction::ContentRestored, &format!("{locale}/{key}"))
            .with("revision", revision.to_string());
        self.write_draft(&draft, Some(entry)).await
    }

    async fn write_draft(&self, draft: &Draft<'_>, audit: Option<crate::AuditEntry>) -> Result<Saved, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, draft.locale, draft.key).await?;
        if current.head != draft.base {
            return Ok(Saved::Stale(current));
        }
        if current.head_hash == text_hash(draft.text) {
            return Ok(Saved::Unchanged(current));
        }
        let file = (draft.locale, draft.key, current.path.as_str());
        let id = insert(&mut tx, file, Some(draft.base), draft.text, draft.author, draft.message).await?;
        // A new text is a new draft: any review was of another revision.
        sqlx::query("UPDATE item SET head = $1, review = '', approved = NULL WHERE locale = $2 AND key = $3")
            .bind(id)
            .bind(draft.locale)
            .bind(draft.key)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        translated(&mut tx, draft.locale, draft.key).await?;
        if let Some(entry) = audit {
            append(&mut tx, entry.with("draft", id.to_string())).await?;
        }
        let row = sqlx::query("SELECT * FROM revision WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let revision = revision_of(&row)?;
        tx.commit().await.map_err(db)?;
        Ok(Saved::Created(revision))
    }

    /// Keeps what `account` is typing in an item (replacing what was kept).
    pub async fn put_autosave(
        &self,
        account: i64,
        locale: &str,
        key: &str,
        base: i64,
        text: &str,
        message: &str,
    ) -> Result<String, StoreError> {
        let at = now_rfc3339();
        sqlx::query(
            "INSERT INTO autosave (account_id, locale, key, base, text, message, saved_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (account_id, locale, key) DO UPDATE SET base = excluded.base, text = excluded.text, \
             message = excluded.message, saved_at = excluded.saved_at",
        )
        .bind(account)
        .bind(locale)
        .bind(key)
        .bind(base)
        .bind(text)
        .bind(message)
        .bind(&at)
        .execute(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(at)
    }

    /// What `account` was typing in an item and did not save, if anything.
    pub async fn autosave(&self, account: i64, locale: &str, key: &str) -> Result<Option<Autosave>, StoreError> {
        let row = sqlx::query(
            "SELECT base, text, message, saved_at FROM autosave WHERE account_id = $1 AND locale = $2 AND key = $3",
        )
        .bind(account)
        .bind(locale)
        .bind(key)
        .fetch_optional(&self.inner.pool)
        .await
        .map_err(db)?;
        row.map(|row| {
            Ok(Autosave {
                base: row.try_get("base").map_err(db)?,
                text: row.try_get("text").map_err(db)?,
                message: row.try_get("message").map_err(db)?,
                saved_at: row.try_get("saved_at").map_err(db)?,
            })
        })
        .transpose()
    }

    /// Who else has unsaved text in an item, kept since `since` (RFC
    /// 3339): their email and when it was kept, newest first. Shown on
    /// the item's page; never a lock.
    pub async fn others_editing(
        &self,
        account: i64,
        locale: &str,
        key: &str,
        since: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT a.email, s.saved_at FROM autosave s JOIN account a ON a.id = s.account_id \
             WHERE s.locale = $1 AND s.key = $2 AND s.account_id <> $3 AND s.saved_at >= $4 ORDER BY s.saved_at DESC",
        )
        .bind(locale)
        .bind(key)
        .bind(account)
        .bind(since)
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(rows)
    }

    /// Forgets what `account` was typing in an item (it was saved, or let go).
    pub async fn clear_autosave(&self, account: i64, locale: &str, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM autosave WHERE account_id = $1 AND locale = $2 AND key = $3")
            .bind(account)
            .bind(locale)
            .bind(key)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// The published text of every item, for `portico export`.
    pub async fn published_files(&self) -> Result<Vec<FileText>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.locale, i.key, i.path, r.text FROM item i JOIN revision r ON r.id = i.published \
             ORDER BY i.locale, i.path",
        )
        .fetch_all(&self.inner.pool)
        .await
        .map_err(db)?;
        rows.iter().map(file_text_of).collect()
    }
}
