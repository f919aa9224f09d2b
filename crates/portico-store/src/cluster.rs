//! Several nodes on one PostgreSQL database: what each must hear of the
//! others. Triggers (`schema_pg.rs`) write a `site_change` row in every
//! transaction that changes what the site publishes, naming the node that
//! made it, and `NOTIFY portico_site` at its commit. A node reads the
//! rows after the last it has seen (`site_changes_after`), which is also
//! its catch-up after a lost notification or a reconnection; it waits for
//! the next with `wait_site_change`, which returns at a notification or at
//! its timeout, whichever is first — a notification only makes a node
//! faster, never correct.

use std::time::Duration;

use sqlx::Row as _;
use sqlx::postgres::PgListener;
use tokio::sync::Mutex;

use crate::store::db;
use crate::{Store, StoreError};

/// The notification channel the triggers notify.
const CHANNEL: &str = "portico_site";

/// Rows older than this many changes are pruned: a node further behind
/// than that rebuilds from the store instead of replaying them.
const KEEP: i64 = 10_000;

/// One change to the published site made by another node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteChange {
    /// Its place in the sequence of changes.
    pub seq: i64,
    /// The item's locale and key; both empty for a change of the media
    /// library (every page may show it).
    pub locale: String,
    /// See `locale`.
    pub key: String,
}

/// What a store on PostgreSQL keeps for the cluster.
pub(crate) struct Cluster {
    /// The database's URL, for the listening connection.
    url: String,
    /// This node: the value its connections set as `portico.node`.
    node: String,
    /// The listening connection, made on the first wait and again after
    /// it failed.
    listener: Mutex<Option<PgListener>>,
}

impl Cluster {
    pub(crate) fn new(url: &str, node: String) -> Cluster {
        Cluster {
            url: url.to_string(),
            node,
            listener: Mutex::new(None),
        }
    }

    /// The database's URL (with its password: never to be shown).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }
}

impl Store {
    /// The sequence number of the newest change to the published site (0
    /// when none; always 0 on SQLite, where there is one node).
    pub async fn site_change_head(&self) -> Result<i64, StoreError> {
        if self.inner.cluster.is_none() {
            return Ok(0);
        }
        sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(seq), 0) FROM site_change")
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)
    }

    /// The changes other nodes made to the published site after `seq`, in
    /// order, and the newest sequence number seen (changes of this node's
    /// own included, which it served when it made them). `None` when `seq`
    /// is older than the changes kept: the caller should rebuild.
    pub async fn site_changes_after(&self, seq: i64) -> Result<Option<(Vec<SiteChange>, i64)>, StoreError> {
        let Some(cluster) = &self.inner.cluster else {
            return Ok(Some((Vec::new(), seq)));
        };
        let oldest: i64 = sqlx::query_scalar("SELECT COALESCE(MIN(seq), 0) FROM site_change")
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)?;
        if oldest > seq + 1 {
            return Ok(None);
        }
        let rows = sqlx::query("SELECT seq, locale, key, node FROM site_change WHERE seq > $1 ORDER BY seq")
            .bind(seq)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        let mut newest = seq;
        let mut changes = Vec::new();
        for row in &rows {
            let at: i64 = row.try_get("seq").map_err(db)?;
            newest = newest.max(at);
            let node: String = row.try_get("node").map_err(db)?;
            if node != cluster.node {
                changes.push(SiteChange {
                    seq: at,
                    locale: row.try_get("locale").map_err(db)?,
                    key: row.try_get("key").map_err(db)?,
                });
            }
        }
        Ok(Some((changes, newest)))
    }

    /// Waits until another change to the published site may have been
    /// committed: a notification, or `timeout`. On SQLite, `timeout`.
    /// Never fails: a lost listening connection is made again on the next
    /// call, and the caller reads `site_changes_after` either way.
    pub async fn wait_site_change(&self, timeout: Duration) {
        let Some(cluster) = &self.inner.cluster else {
            tokio::time::sleep(timeout).await;
            return;
        };
        let mut slot = cluster.listener.lock().await;
        if slot.is_none() {
            match listen(&cluster.url).await {
                Ok(l) => *slot = Some(l),
                Err(e) => {
                    tracing::debug!(error = %e, "not listening for other nodes' changes yet");
                    drop(slot);
                    tokio::time::sleep(timeout).await;
                    return;
                }
            }
        }
        let Some(listener) = slot.as_mut() else { return };
        match tokio::time::timeout(timeout, listener.try_recv()).await {
            // A notification; or the connection was lost and made again
            // (notifications in between may be lost: the caller catches up).
            Ok(Ok(_)) | Err(_) => {}
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "the listening connection failed");
                *slot = None;
            }
        }
    }

    /// Forgets all but the newest 10,000 changes.
    pub async fn prune_site_changes(&self) -> Result<u64, StoreError> {
        if self.inner.cluster.is_none() {
            return Ok(0);
        }
        let done = sqlx::query("DELETE FROM site_change WHERE seq <= (SELECT MAX(seq) FROM site_change) - $1")
            .bind(KEEP)
            .execute(&self.inner.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}

async fn listen(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
