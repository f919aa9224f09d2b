//! The server's clock for scheduled work: the system's, or pinned — the
//! process behaves as if it started at a given instant and time then
//! passes as usual (`PORTICO_CLOCK`, for drills and tests: a schedule
//! across a DST change is tried in seconds, not months).

use jiff::{SignedDuration, Timestamp};

/// Now, as scheduled work sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// Added to the system's time.
    offset: SignedDuration,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn pinned(start: Timestamp) -> Clock {
        Clock {
            offset: start.duration_since(Timestamp::now()),
        }
    }

    /// `PORTICO_CLOCK` read as an RFC 3339 instant (pinned), else the
    /// system's clock; an unreadable value is an error, not ignored.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("PORTICO_CLOCK") {
            Ok(v) if !v.trim().is_empty() => v
                .trim()
                .parse::<Timestamp>()
                .map(Clock::pinned)
                .map_err(|e| format!("PORTICO_CLOCK={v:?} is not an RFC 3339 instant: {e}")),
            _ => Ok(Clock::system()),
        }
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        Timestamp::now()
            .checked_add(self.offset)
            .unwrap_or_else(|_| Timestamp::now())
    }

    /// The current instant in Unix seconds.
    pub fn now_seconds(&self) -> i64 {
        self.now().as_second()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_starts_where_it_is_pinned_and_runs_on() {
        let start: Timestamp = "2027-03-14T09:59:58Z".parse().expect("instant");
        let clock = Clock::pinned(start);
        let read = clock.now();
        assert!(
            read >= start && read.duration_since(start) < SignedDuration::from_secs(5),
            "{read}"
        );
        assert!(clock.now() >= read, "time does not go back");
        let system = Clock::system().now();
        assert!(system.duration_since(Timestamp::now()).abs() < SignedDuration::from_secs(5));
    }
}
