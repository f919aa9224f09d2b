//! Scheduled publications and unpublications, run: every second the jobs
//! due by the server's clock are taken, soonest first, each checked
//! against the site in memory (a text that is no longer valid, or an item
//! something still points at, is refused), run through the store — which
//! does it exactly once — and handed to the publisher. A refusal ends the
//! job as failed: shown on the dashboard and logged. Jobs that came due
//! while the server was stopped are caught up at start.
//!
//! Also the site's time zone: a time typed in the editor is read in it,
//! and jobs are shown in it.

use std::time::Duration;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use portico_store::{Actor, Job, JobAction, JobRun, Store};

use crate::admin::editing;
use crate::state::AppState;

/// Who the audit trail names for a scheduled change.
pub(crate) const SCHEDULER: &str = "scheduler";

/// How long a pending job may be past its time before it counts as late.
pub(crate) const LATE_AFTER_SECONDS: i64 = 60;

/// The site's time zone (UTC without a model or a valid name).
pub(crate) fn site_zone(state: &AppState) -> TimeZone {
    state
        .model()
        .and_then(|m| TimeZone::get(&m.site.config().time_zone).ok())
        .unwrap_or(TimeZone::UTC)
}

/// A local date and time as a form's `datetime-local` sends it
/// (`2027-03-14T02:30`, seconds optional), in `zone`: the instant. A time
/// that a change to summer time skips is moved forward by the gap (02:30
/// → 03:30); one that happens twice, when the clocks go back, is the
/// first.
pub(crate) fn parse_local(value: &str, zone: &TimeZone) -> Option<Timestamp> {
    let civil: DateTime = value.trim().parse().ok()?;
    let zoned = zone.to_ambiguous_zoned_datetime(civil).compatible().ok()?;
    Some(zoned.timestamp())
}

/// An instant as people read it in `zone`: `2027-03-14 03:30 PDT`.
pub(crate) fn show(at: i64, zone: &TimeZone) -> String {
    match Timestamp::from_second(at) {
        Ok(t) => {
            let z: ZonedDateTime = t.to_zoned_datetime(zone.clone());
            z.strftime("%Y-%m-%d %H:%M %Z").to_string()
        }
        Err(_) => String::new(),
    }
}

/// The `datetime-local` value of an instant in `zone` (for a form).
pub(crate) fn local_value(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// An instant as RFC 3339 (UTC), for `<time datetime>` and the API.
pub(crate) fn rfc3339(at: i64) -> String {
    Timestamp::from_second(at).map_or_else(|_| String::new(), |t| format!("{t:.0}"))
}

/// Starts the runner (on the current Tokio runtime). Does nothing without
/// a store.
pub fn start_jobs(state: &AppState) {
    let Some(store) = state.store().cloned() else {
        return;
    };
    let state = state.clone();
    tokio::spawn(async move {
        loop {
            run_due(&state, &store).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Runs every job due now, soonest first.
pub(crate) async fn run_due(state: &AppState, store: &Store) {
    loop {
        let now = state.clock().now_seconds();
        let job = match store.next_due_job(now).await {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(e) => {
                tracing::error!(error = %e, "scheduled jobs cannot be read");
                return;
            }
        };
        run_one(state, store, &job, now).await;
    }
}

async fn run_one(state: &AppState, store: &Store, job: &Job, now: i64) {
    let by = Actor {
        who: SCHEDULER.to_string(),
        trace_id: String::new(),
    };
    let name = format!("{}/{}", job.locale, job.key);
    let refused = match job.action {
        JobAction::Publish => publish_check(state, store, job).await,
        JobAction::Unpublish => editing::withdrawal_problems(state, store, &job.locale, &job.key).await,
    };
    let outcome = match refused {
        Some(why) => store
            .fail_job(job.id, now, &why, &by)
            .await
            .map(|()| JobRun::Failed(why)),
        None => store.run_job(job.id, now, &by).await,
    };
    match outcome {
        Ok(JobRun::Done(_)) => {
            tracing::info!(job = job.id, action = job.action.as_str(), item = %name, late_seconds = now - job.run_at, "a scheduled job ran");
            state.published(&job.locale, &job.key);
        }
        Ok(JobRun::Failed(why)) => {
            tracing::error!(job = job.id, action = job.action.as_str(), item = %name, reason = %why, "a scheduled job failed");
        }
        Ok(JobRun::NotPending) => {}
        Err(e) => {
            // The store failed: the job stays pending and is tried again.
            tracing::error!(job = job.id, item = %name, error = %e, "a scheduled job could not be run");
        }
    }
}

/// Why the revision a publication names cannot be published now, if it
/// cannot: every problem it has in the site as served.
async fn publish_check(state: &AppState, store: &Store, job: &Job) -> Option<String> {
    let revision = match store.revision(job.revision?).await {
        Ok(Some(r)) => r,
        Ok(None) => return Some(format!("revision {:?} does not exist", job.revision)),
        Err(e) => return Some(e.to_string()),
    };
    let model = state.model()?;
    let diags = portico_content::check_file(
        &model.site,
        &model.root,
        &revision.locale,
        &revision.path,
        &revision.text,
    );
    (!diags.0.is_empty()).then(|| diags.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_site_zone_across_daylight_saving_changes() {
        let la = TimeZone::get("America/Los_Angeles").expect("zone");
        let at = |s: &str| parse_local(s, &la).map(|t| format!("{t:.0}"));
        // Winter (UTC−8) and summer (UTC−7).
        assert_eq!(at("2027-01-15T09:00").as_deref(), Some("2027-01-15T17:00:00Z"));
        assert_eq!(at("2027-07-15T09:00").as_deref(), Some("2027-07-15T16:00:00Z"));
        // 2027-03-14 02:30 does not exist in Los Angeles: moved on by the
        // hour the clocks skip (03:30 PDT).
        assert_eq!(at("2027-03-14T02:30").as_deref(), Some("2027-03-14T10:30:00Z"));
        // 2027-11-07 01:30 happens twice: the first (PDT).
        assert_eq!(at("2027-11-07T01:30").as_deref(), Some("2027-11-07T08:30:00Z"));
        assert_eq!(at("2027-11-07T01:30:00").as_deref(), Some("2027-11-07T08:30:00Z"));
        for bad in ["", "tomorrow", "2027-02-30T10:00", "2027-01-15 25:00"] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
        let t: Timestamp = "2027-03-14T10:30:00Z".parse().expect("instant");
        assert_eq!(show(t.as_second(), &la), "2027-03-14 03:30 PDT");
        assert_eq!(local_value(t, &la), "2027-03-14T03:30");
        assert_eq!(rfc3339(t.as_second()), "2027-03-14T10:30:00Z");
    }
}
