//! The media library: uploaded files, content-addressed (the key is
//! BLAKE3 of the original bytes, so the same file uploaded twice is one
//! row), their alt text per locale, focal point and decorative flag, and
//! their re-encoded variants. The variants are derived from the original
//! but kept here too: every process on the data serves the same bytes
//! without encoding them again, and the store stays the one source.
//!
//! Which items use a file is read from the texts themselves (the head and
//! the published revision of every item name it as `media:KEY`), so it
//! cannot drift from them; a file in use is never deleted.

use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::audit::append;
use crate::store::{db, flag, now_rfc3339};
use crate::{Actor, AuditAction, Store, StoreError};

/// A file to add to the library.
#[derive(Clone, Debug)]
pub struct NewMedia<'a> {
    /// BLAKE3 of `original`, hex.
    pub key: &'a str,
    /// `image` or `document`.
    pub kind: &'a str,
    /// Its media type, as sniffed from its bytes.
    pub mime: &'a str,
    /// Its (safe) file name.
    pub file_name: &'a str,
    /// Pixel size of an image, upright.
    pub size: Option<(u32, u32)>,
    /// The bytes uploaded.
    pub original: &'a [u8],
    /// The re-encoded images.
    pub variants: Vec<NewVariant<'a>>,
    /// Alt text given with the upload: (locale, text).
    pub alt: Option<(&'a str, &'a str)>,
    /// Marked decorative at upload.
    pub decorative: bool,
    /// The uploader's account.
    pub account_id: Option<i64>,
}

/// One re-encoded image to keep.
#[derive(Clone, Debug)]
pub struct NewVariant<'a> {
    /// Its width in pixels.
    pub width: u32,
    /// Its extension (`webp`, `jpg`, `png`).
    pub format: &'a str,
    /// The encoded file.
    pub data: &'a [u8],
}

/// A file of the library, without its bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MediaRecord {
    /// BLAKE3 of the original, hex.
    pub key: String,
    /// `image` or `document`.
    pub kind: String,
    /// Its media type.
    pub mime: String,
    /// Its file name.
    pub file_name: String,
    /// The original's size in bytes.
    pub byte_size: i64,
    /// Width in pixels (images).
    pub width: Option<u32>,
    /// Height in pixels (images).
    pub height: Option<u32>,
    /// Focal point across, 0..=1.
    pub focal_x: f64,
    /// Focal point down, 0..=1.
    pub focal_y: f64,
    /// Shown with empty alt text.
    pub decorative: bool,
    /// Who uploaded it (an account id; none once the account is deleted).
    pub uploaded_by: Option<i64>,
    /// When (RFC 3339).
    pub uploaded_at: String,
    /// Alt text by locale, sorted by locale.
    pub alt: Vec<(String, String)>,
    /// The variants kept: (width, extension), narrowest first.
    pub variants: Vec<(u32, String)>,
}

/// A change to a file's description.
#[derive(Clone, Debug, Default)]
pub struct MediaChange {
    /// Alt text to set, by locale (an empty text removes that locale's).
    pub alt: Vec<(String, String)>,
    /// The decorative flag, if it changes.
    pub decorative: Option<bool>,
    /// The focal point, if it changes (each in 0..=1).
    pub focal: Option<(f64, f64)>,
}

/// An item that uses a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MediaUse {
    /// The locale.
    pub locale: String,
    /// The item's key.
    pub key: String,
    /// Its file under `content/<locale>/`.
    pub path: String,
    /// Whether its published revision uses the file (else only its draft).
    pub published: bool,
}

/// What a deletion did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaDeleted {
    /// Gone, with its variants and alt texts.
    Deleted,
    /// Refused: these items use it.
    InUse(Vec<MediaUse>),
    /// No such file.
    NotFound,
}

const COLUMNS: &str = "key, kind, mime, file_name, byte_size, width, height, focal_x, focal_y, decorative, \
     uploaded_by, uploaded_at";

fn record(row: &AnyRow) -> Result<MediaRecord, StoreError> {
    let size = |name: &str| -> Result<Option<u32>, StoreError> {
        let v: Option<i64> = row.try_get(name).map_err(db)?;
        Ok(v.and_then(|v| u32::try_from(v).ok()))
    };
    Ok(MediaRecord {
        key: row.try_get("key").map_err(db)?,
        kind: row.try_get("kind").map_err(db)?,
        mime: row.try_get("mime").map_err(db)?,
        file_name: row.try_get("file_name").map_err(db)?,
        byte_size: row.try_get("byte_size").map_err(db)?,
        width: size("width")?,
        height: size("height")?,
        focal_x: row.try_get("focal_x").map_err(db)?,
        focal_y: row.try_get("focal_y").map_err(db)?,
        decorative: flag(row, "decorative")?,
        uploaded_by: row.try_get("uploaded_by").map_err(db)?,
        uploaded_at: row.try_get("uploaded_at").map_err(db)?,
        alt: Vec::new(),
        variants: Vec::new(),
    })
}

impl Store {
    /// Adds a file to the library, with its variants and the alt text
    /// given, in one transaction with its audit entry. The same bytes
    /// again add nothing (their record is returned; `false`).
    pub async fn put_media(&self, new: &NewMedia<'_>, by: &Actor) -> Result<(MediaRecord, bool), StoreError> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE key = $1")
            .bind(new.key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        let created = exists.is_none();
        if created {
            sqlx::query(
                "INSERT INTO media (key, kind, mime, file_name, byte_size, width, height, decorative, \
                 uploaded_by, uploaded_at, original) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(new.key)
            .bind(new.kind)
            .bind(new.mime)
            .bind(new.file_name)
            .bind(i64::try_from(new.original.len()).unwrap_or(i64::MAX))
            .bind(new.size.map(|s| i64::from(s.0)))
            .bind(new.size.map(|s| i64::from(s.1)))
            .bind(i64::from(new.decorative))
            .bind(new.account_id)
            .bind(now_rfc3339())
            .bind(new.original)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            for v in &new.variants {
                sqlx::query("INSERT INTO media_variant (key, width, format, data) VALUES ($1, $2, $3, $4)")
                    .bind(new.key)
                    .bind(i64::from(v.width))
                    .bind(v.format)
                    .bind(v.data)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            let entry = by
                .entry(AuditAction::MediaUploaded, new.key)
                .with("file", new.file_name)
                .with("kind", new.kind);
            append(&mut tx, entry).await?;
        }
        if let Some((locale, alt)) = new.alt.filter(|(_, a)| !a.trim().is_empty()) {
            sqlx::query("INSERT INTO media_alt (key, locale, alt) VALUES ($1, $2, $3) ON CONFLICT (key, locale) DO UPDATE SET alt = excluded.alt")
                .bind(new.key)
                .bind(locale)
                .bind(alt.trim())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        let record = self
            .media(new.key)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("media {}", new.key)))?;
        Ok((record, created))
    }

    /// One file's record, with its alt texts and variants.
    pub async fn media(&self, key: &str) -> Result<Option<MediaRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM media WHERE key = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let mut r = record(&row)?;
        self.fill(std::slice::from_mut(&mut r)).await?;
        Ok(Some(r))
    }

    /// Every file of the library, newest first, with alt texts and
    /// variants.
    pub async fn media_list(&self) -> Result<Vec<MediaRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM media ORDER BY uploaded_at DESC, key");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        let mut list = rows.iter().map(record).collect::<Result<Vec<_>, _>>()?;
        self.fill(&mut list).await?;
        Ok(list)
    }

    async fn fill(&self, records: &mut [MediaRecord]) -> Result<(), StoreError> {
        let alts = sqlx::query("SELECT key, locale, alt FROM media_alt ORDER BY key, locale")
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        let variants = sqlx::query("SELECT key, width, format FROM media_variant ORDER BY key, width, format")
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        for r in records.iter_mut() {
            for row in &alts {
                if row.try_get::<&str, _>("key").map_err(db)? == r.key {
                    r.alt
                        .push((row.try_get("locale").map_err(db)?, row.try_get("alt").map_err(db)?));
                }
            }
            for row in &variants {
                if row.try_get::<&str, _>("key").map_err(db)? == r.key {
                    let width: i64 = row.try_get("width").map_err(db)?;
                    r.variants
                        .push((u32::try_from(width).unwrap_or(0), row.try_get("format").map_err(db)?));
                }
            }
        }
        Ok(())
    }

    /// The bytes of a file's variant (`width`, extension `format`).
    pub async fn media_variant(&self, key: &str, width: u32, format: &str) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar("SELECT data FROM media_variant WHERE key = $1 AND width = $2 AND format = $3")
            .bind(key)
            .bind(i64::from(width))
            .bind(format)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)
    }

    /// The bytes uploaded.
    pub async fn media_original(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar("SELECT original FROM media WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)
    }

    /// Changes a file's alt texts, decorative flag or focal point, with
    /// its audit entry. `false`: no such file.
    pub async fn change_media(&self, key: &str, change: &MediaChange, by: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if exists.is_none() {
            return Ok(false);
        }
        let mut entry = by.entry(AuditAction::MediaChanged, key);
        for (locale, alt) in &change.alt {
            let alt = alt.trim();
            let q = if alt.is_empty() {
                sqlx::query("DELETE FROM media_alt WHERE key = $1 AND locale = $2")
                    .bind(key)
                    .bind(locale)
            } else {
                sqlx::query("INSERT INTO media_alt (key, locale, alt) VALUES ($1, $2, $3) ON CONFLICT (key, locale) DO UPDATE SET alt = excluded.alt")
                    .bind(key)
                    .bind(locale)
                    .bind(alt)
            };
            q.execute(&mut *tx).await.map_err(db)?;
            entry = entry.with(&format!("alt.{locale}"), if alt.is_empty() { "removed" } else { "set" });
        }
        if let Some(d) = change.decorative {
            sqlx::query("UPDATE media SET decorative = $1 WHERE key = $2")
                .bind(i64::from(d))
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            entry = entry.with("decorative", d.to_string());
        }
        if let Some((x, y)) = change.focal {
            sqlx::query("UPDATE media SET focal_x = $1, focal_y = $2 WHERE key = $3")
                .bind(x.clamp(0.0, 1.0))
                .bind(y.clamp(0.0, 1.0))
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            entry = entry.with("focal", format!("{x:.3},{y:.3}"));
        }
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// The items whose latest or published text names `media:KEY`.
    pub async fn media_usage(&self, key: &str) -> Result<Vec<MediaUse>, StoreError> {
        usage(&mut *self.inner.pool.acquire().await.map_err(db)?, key).await
    }

    /// Deletes a file no item uses, with its audit entry; the check and
    /// the deletion are one transaction.
    pub async fn delete_media(&self, key: &str, by: &Actor) -> Result<MediaDeleted, StoreError> {
        let mut tx = self.begin_write().await?;
        let users = usage(&mut tx, key).await?;
        if !users.is_empty() {
            return Ok(MediaDeleted::InUse(users));
        }
        let gone = sqlx::query("DELETE FROM media WHERE key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        if gone == 0 {
            return Ok(MediaDeleted::NotFound);
        }
        append(&mut tx, by.entry(AuditAction::MediaDeleted, key)).await?;
        tx.commit().await.map_err(db)?;
        Ok(MediaDeleted::Deleted)
    }
}

async fn usage(conn: &mut AnyConnection, key: &str) -> Result<Vec<MediaUse>, StoreError> {
    // A key is 64 hex digits: nothing in it is special to LIKE.
    let pattern = format!("%media:{key}%");
    let rows = sqlx::query(
        "SELECT i.locale, i.key, i.path, \
         CASE WHEN EXISTS (SELECT 1 FROM revision p WHERE p.id = i.published AND p.text LIKE $1) THEN 1 ELSE 0 END \
         AS in_published \
         FROM item i JOIN revision h ON h.id = i.head \
         WHERE h.text LIKE $1 OR EXISTS (SELECT 1 FROM revision p WHERE p.id = i.published AND p.text LIKE $1) \
         ORDER BY i.locale, i.key",
    )
    .bind(pattern)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(MediaUse {
                locale: row.try_get("locale").map_err(db)?,
                key: row.try_get("key").map_err(db)?,
                path: row.try_get("path").map_err(db)?,
                published: flag(row, "in_published")?,
            })
        })
        .collect()
}
