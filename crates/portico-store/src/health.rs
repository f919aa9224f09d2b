//! What an operator asks of the store: does it take a write now, how busy
//! is its pool, how many scheduled jobs wait, are late or failed.

use crate::store::db;
use crate::{Store, StoreError};

/// The scheduled jobs by state, for the metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Waiting for their time (late ones included).
    pub pending: u64,
    /// Pending past their time by more than the grace given.
    pub late: u64,
    /// Ended in failure.
    pub failed: u64,
}

/// The connection pool of reads and editor writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open.
    pub open: u32,
    /// Of those, idle.
    pub idle: u32,
    /// The most it opens.
    pub max: u32,
}

impl Store {
    /// A real write round trip: one row written and committed (durably,
    /// like every write) — what a readiness check asks. `at` is the time
    /// written, for whoever reads the row.
    pub async fn probe_write(&self, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO setting (name, value) VALUES ('ready-probe', $1) ON CONFLICT (name) DO UPDATE SET value = $1",
        )
        .bind(at.to_string())
        .execute(&self.inner.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// The pool's connections now.
    pub fn pool_stats(&self) -> PoolStats {
        let pool = &self.inner.pool;
        PoolStats {
            open: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            max: pool.options().get_max_connections(),
        }
    }

    /// Jobs pending, late (pending and due more than `late_after` seconds
    /// before `now`) and failed.
    pub async fn job_counts(&self, now: i64, late_after: i64) -> Result<JobCounts, StoreError> {
        let (pending, late, failed): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
               (SELECT count(*) FROM job WHERE state = 'pending'), \
               (SELECT count(*) FROM job WHERE state = 'pending' AND run_at < $1), \
               (SELECT count(*) FROM job WHERE state = 'failed')",
        )
        .bind(now - late_after)
        .fetch_one(&self.inner.pool)
        .await
        .map_err(db)?;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(JobCounts {
            pending: n(pending),
            late: n(late),
            failed: n(failed),
        })
    }

    /// Closes the pool: every later read or write fails. For a process
    /// on its way out, and for tests of what a node does without its
    /// database.
    pub async fn close(&self) {
        self.inner.pool.close().await;
    }
}
