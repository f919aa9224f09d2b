//! Scheduled publications and unpublications: jobs in the store, visible
//! with their state (pending, done, failed, cancelled; late is pending past
//! its time). A job runs in the same transaction as the change it makes,
//! and only while it is pending, so it runs exactly once however often it
//! is tried; a restart catches up every job that came due meanwhile.

use serde::Serialize;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::audit::append;
use crate::revisions::existing;
use crate::store::{db, now_rfc3339};
use crate::workflow::{publish_in, unpublish_in};
use crate::{Actor, AuditAction, ItemHead, Review, Store, StoreError};

string_enum! {
    /// What a job does.
    JobAction {
        /// Publish one exact (approved) revision.
        Publish = "publish",
        /// Take the item off the site.
        Unpublish = "unpublish",
    }
}

string_enum! {
    /// Where a job stands.
    JobState {
        /// Waiting for its time.
        Pending = "pending",
        /// Done (`ended_at` says when).
        Done = "done",
        /// Tried and refused (`error` says why); never tried again.
        Failed = "failed",
        /// Cancelled before its time, or by a newer schedule.
        Cancelled = "cancelled",
    }
}

/// A scheduled job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// What it does.
    pub action: JobAction,
    /// The item's locale.
    pub locale: String,
    /// The item's key.
    pub key: String,
    /// The revision a publication publishes.
    pub revision: Option<i64>,
    /// When it is due (Unix seconds).
    pub run_at: i64,
    /// Where it stands.
    pub state: JobState,
    /// Who scheduled it (an email).
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// When it was done, failed or cancelled (Unix seconds).
    pub ended_at: Option<i64>,
    /// Why it failed.
    pub error: String,
}

impl Job {
    /// Pending past its time (by more than `grace` seconds) at `now`.
    pub fn is_late(&self, now: i64, grace: i64) -> bool {
        self.state == JobState::Pending && now > self.run_at + grace
    }
}

/// A job to schedule.
#[derive(Clone, Copy, Debug)]
pub struct NewJob<'a> {
    /// What it does.
    pub action: JobAction,
    /// The item's locale.
    pub locale: &'a str,
    /// The item's key.
    pub key: &'a str,
    /// For a publication: the revision, which must be the approved one.
    pub revision: Option<i64>,
    /// When (Unix seconds).
    pub run_at: i64,
}

/// What trying a job came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobRun {
    /// Done: the item as it is now (what is served must follow).
    Done(Box<ItemHead>),
    /// Refused, recorded as failed with the reason.
    Failed(String),
    /// No longer pending (done or cancelled meanwhile): nothing was done.
    NotPending,
}

fn job_of(row: &AnyRow) -> Result<Job, StoreError> {
    let action: String = row.try_get("action").map_err(db)?;
    let state: String = row.try_get("state").map_err(db)?;
    Ok(Job {
        id: row.try_get("id").map_err(db)?,
        action: JobAction::parse(&action).ok_or_else(|| StoreError::Invalid(format!("unknown job action {action}")))?,
        locale: row.try_get("locale").map_err(db)?,
        key: row.try_get("key").map_err(db)?,
        revision: row.try_get("revision").map_err(db)?,
        run_at: row.try_get("run_at").map_err(db)?,
        state: JobState::parse(&state).ok_or_else(|| StoreError::Invalid(format!("unknown job state {state}")))?,
        created_by: row.try_get("created_by").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        ended_at: row.try_get("ended_at").map_err(db)?,
        error: row.try_get("error").map_err(db)?,
    })
}

impl Store {
    /// Schedules a job (replacing the item's pending job of the same
    /// action). A publication names the approved revision; an
    /// unpublication needs a published item. Audited.
    pub async fn schedule(&self, job: &NewJob<'_>, by: &Actor) -> Result<Job, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = existing(&mut tx, job.locale, job.key).await?;
        let name = format!("{}/{}", job.locale, job.key);
        match job.action {
            JobAction::Publish => {
                let approved = current.review == Review::Approved && current.approved.is_some();
                if !approved || job.revision != current.approved {
                    return Err(StoreError::Invalid(format!(
                        "only the approved revision of {name} can be scheduled: approve it first"
                    )));
                }
            }
            JobAction::Unpublish => {
                if job.revision.is_some() {
                    return Err(StoreError::Invalid("an unpublication names no revision".into()));
                }
            }
        }
        if current.trashed.is_some() {
            return Err(StoreError::Invalid(format!("{name} is in the trash")));
        }
        sqlx::query(
            "UPDATE job SET state = 'cancelled', ended_at = $1 \
             WHERE locale = $2 AND key = $3 AND action = $4 AND state = 'pending'",
        )
        .bind(jiff::Timestamp::now().as_second())
        .bind(job.locale)
        .bind(job.key)
        .bind(job.action.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let row = sqlx::query(
            "INSERT INTO job (action, locale, key, revision, run_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(job.action.as_str())
        .bind(job.locale)
        .bind(job.key)
        .bind(job.revision)
        .bind(job.run_at)
        .bind(&by.who)
        .bind(now_rfc3339())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let scheduled = job_of(&row)?;
        let mut entry = by
            .entry(AuditAction::JobScheduled, &name)
            .with("job", scheduled.id.to_string())
            .with("action", job.action.as_str())
            .with("at", job.run_at.to_string());
        if let Some(r) = job.revision {
            entry = entry.with("revision", r.to_string());
        }
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(scheduled)
    }

    /// Cancels a pending job (`Invalid` if it is not pending any more).
    pub async fn cancel_job(&self, id: i64, now: i64, by: &Actor) -> Result<Job, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE job SET state = 'cancelled', ended_at = $1 WHERE id = $2 AND state = 'pending' RETURNING *",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Err(StoreError::Invalid(format!("job {id} is not pending")));
        };
        let job = job_of(&row)?;
        let entry = by
            .entry(AuditAction::JobCancelled, &format!("{}/{}", job.locale, job.key))
            .with("job", id.to_string());
        append(&mut tx, entry).await?;
        tx.commit().await.map_err(db)?;
        Ok(job)
    }

    /// One job.
    pub async fn job(&self, id: i64) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query("SELECT * FROM job WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(job_of).transpose()
    }

    /// The pending jobs, soonest first.
    pub async fn pending_jobs(&self) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query("SELECT * FROM job WHERE state = 'pending' ORDER BY run_at, id")
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(job_of).collect()
    }

    /// The jobs that ended (done, failed, cancelled), latest first.
    pub async fn ended_jobs(&self, limit: i64) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query("SELECT * FROM job WHERE state <> 'pending' ORDER BY ended_at DESC, id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(job_of).collect()
    }

    /// An item's jobs, newest first.
    pub async fn item_jobs(&self, locale: &str, key: &str) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query("SELECT * FROM job WHERE locale = $1 AND key = $2 ORDER BY id DESC LIMIT 20")
            .bind(locale)
            .bind(key)
            .fetch_all(&self.inner.pool)
            .await
            .map_err(db)?;
        rows.iter().map(job_of).collect()
    }

    /// The pending job due soonest at `now`, if any is due.
    pub async fn next_due_job(&self, now: i64) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query("SELECT * FROM job WHERE state = 'pending' AND run_at <= $1 ORDER BY run_at, id LIMIT 1")
            .bind(now)
            .fetch_optional(&self.inner.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(job_of).transpose()
    }

    /// When the next pending job is due (Unix seconds), if there is one.
    pub async fn next_job_time(&self) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT MIN(run_at) FROM job WHERE state = 'pending'")
            .fetch_one(&self.inner.pool)
            .await
            .map_err(db)
    }

    /// Runs job `id` if it is still pending: its change and its end are one
    /// transaction, so it is done exactly once. A refusal (the revision or
    /// the item is not what the job needs any more) ends it as failed.
    pub async fn run_job(&self, id: i64, now: i64, by: &Actor) -> Result<JobRun, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT * FROM job WHERE id = $1 AND state = 'pending'")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        let Some(job) = row.as_ref().map(job_of).transpose()? else {
            return Ok(JobRun::NotPending);
        };
        let done = match existing(&mut tx, &job.locale, &job.key).await {
            Ok(current) => match (job.action, job.revision) {
                (JobAction::Publish, Some(revision)) => publish_in(&mut tx, &current, revision, by).await,
                (JobAction::Publish, None) => Err(StoreError::Invalid("a publication without a revision".into())),
                (JobAction::Unpublish, _) => unpublish_in(&mut tx, &current, by).await,
            },
            Err(e) => Err(e),
        };
        match done {
            Ok(after) => {
                sqlx::query("UPDATE job SET state = 'done', ended_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                Ok(JobRun::Done(Box::new(after)))
            }
            Err(StoreError::Invalid(why) | StoreError::NotFound(why) | StoreError::Conflict(why)) => {
                tx.rollback().await.map_err(db)?;
                self.fail_job(id, now, &why, by).await?;
                Ok(JobRun::Failed(why))
            }
            Err(e) => Err(e),
        }
    }

    /// Ends a pending job as failed, with why (audited). Nothing when it
    /// is not pending any more.
    pub async fn fail_job(&self, id: i64, now: i64, why: &str, by: &Actor) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE job SET state = 'failed', ended_at = $1, error = $2 WHERE id = $3 AND state = 'pending' RETURNING *",
        )
        .bind(now)
        .bind(why)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(row) = row {
            let job = job_of(&row)?;
            let entry = by
                .entry(AuditAction::JobFailed, &format!("{}/{}", job.locale, job.key))
                .with("job", id.to_string())
                .with("error", why.chars().take(500).collect::<String>());
            append(&mut tx, entry).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}
