//! A node of several on one PostgreSQL database: what the others publish
//! is served here too. A task waits for the store's notification of a
//! change (or a second, whichever is first), reads the changes after the
//! last it loaded, and hands each to the publisher as if it had been
//! published here — the fast path for the item's pages, then the full
//! rebuild. A node further behind than the changes kept rebuilds whole.

use std::time::{Duration, Instant};

use portico_server::AppState;
use portico_store::Store;

/// The longest a change waits when its notification was lost.
const POLL: Duration = Duration::from_secs(1);

/// How often the oldest changes are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Follows the other nodes' changes after `since` (the newest change when
/// this node began building what it serves).
pub fn follow(store: Store, state: AppState, since: i64) {
    tokio::spawn(async move {
        let mut seen = since;
        let mut pruned = Instant::now();
        loop {
            store.wait_site_change(POLL).await;
            match store.site_changes_after(seen).await {
                Ok(Some((changes, newest))) => {
                    for c in &changes {
                        state.published(&c.locale, &c.key);
                    }
                    if !changes.is_empty() {
                        tracing::info!(changes = changes.len(), newest, "loading other nodes' publications");
                    }
                    seen = newest;
                }
                Ok(None) => {
                    tracing::warn!(
                        since = seen,
                        "too far behind the other nodes' changes: rebuilding the site"
                    );
                    match store.site_change_head().await {
                        Ok(head) => {
                            state.published("", "");
                            seen = head;
                        }
                        Err(e) => tracing::debug!(error = %e, "the store is unavailable"),
                    }
                }
                // The database is away (restarting): what is served stays
                // as it is, and the next round catches up.
                Err(e) => tracing::debug!(error = %e, "reading other nodes' changes failed"),
            }
            if pruned.elapsed() > PRUNE_EVERY {
                pruned = Instant::now();
                if let Err(e) = store.prune_site_changes().await {
                    tracing::debug!(error = %e, "pruning old changes failed");
                }
            }
        }
    });
}
