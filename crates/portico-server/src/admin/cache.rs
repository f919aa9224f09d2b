//! Sessions recently read, kept in memory for a moment, so an admin
//! request does not wait on the database for its session each time (a
//! lookup costs about 0.1 ms here, most of it handing the query to
//! SQLite's thread and back).
//!
//! Correctness: an entry lives at most [`TTL`]; every signed-in change
//! made through this server (sign-out, a new password or passkey, an
//! account disabled …) empties the cache once it is committed, and a read
//! that began before such a change is not cached. A change made by another
//! process on the same data (`portico user disable`) is seen within the
//! TTL.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use portico_store::Session;

/// How long a cached session is trusted without asking the store again.
pub(crate) const TTL: Duration = Duration::from_secs(2);

/// The most sessions kept (beyond it, the cache is emptied and refills).
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
pub(crate) struct SessionCache {
    entries: Mutex<HashMap<String, (Session, Instant)>>,
    /// The roles that must have a second factor, when read.
    totp_required: Mutex<Option<(Vec<portico_auth::Role>, Instant)>>,
    /// Bumped by every change; a read started under an older generation
    /// is not cached.
    generation: AtomicU64,
}

impl SessionCache {
    /// The cached session with this hash, if fresh.
    pub fn get(&self, hash: &str) -> Option<Session> {
        let entries = self.entries.lock().ok()?;
        let (session, at) = entries.get(hash)?;
        (at.elapsed() < TTL).then(|| session.clone())
    }

    /// The generation a read starts under (give it back to [`Self::put`]).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Caches `session`, read under `generation`, unless something changed
    /// since.
    pub fn put(&self, generation: u64, session: Session) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(session.hash.clone(), (session, Instant::now()));
    }

    /// Forgets everything: call after a committed change to sessions or
    /// accounts.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
        if let Ok(mut required) = self.totp_required.lock() {
            *required = None;
        }
    }

    /// The roles that must have a second factor, if read within the TTL.
    pub fn totp_required(&self) -> Option<Vec<portico_auth::Role>> {
        let cached = self.totp_required.lock().ok()?;
        cached
            .as_ref()
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(roles, _)| roles.clone())
    }

    /// Keeps the roles that must have a second factor, read under
    /// `generation`.
    pub fn put_totp_required(&self, generation: u64, roles: Vec<portico_auth::Role>) {
        let Ok(mut cached) = self.totp_required.lock() else {
            return;
        };
        if self.generation.load(Ordering::Acquire) == generation {
            *cached = Some((roles, Instant::now()));
        }
    }
}

/// Empties the cache when dropped: held by a signed-in POST for the whole
/// handler, so whatever it changed is never served from the cache after.
pub(crate) struct InvalidateOnDrop(pub std::sync::Arc<SessionCache>);

impl Drop for InvalidateOnDrop {
    fn drop(&mut self) {
        self.0.invalidate();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(hash: &str) -> Session {
        Session {
            hash: hash.to_string(),
            account: portico_store::Account {
                id: 1,
                email: "a@b.example".into(),
                name: String::new(),
                role: portico_auth::Role::Editor,
                sections: Vec::new(),
                locales: Vec::new(),
                disabled: false,
                has_password: true,
                has_totp: false,
                created_at: String::new(),
            },
            method: "password".into(),
            csrf: "x".into(),
            user_agent: String::new(),
            created_at: 0,
            last_seen: 0,
            expires_at: 1,
        }
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_cached() {
        let cache = SessionCache::default();
        let g = cache.generation();
        cache.put(g, session("h1"));
        assert!(cache.get("h1").is_some());
        let before = cache.generation();
        cache.invalidate();
        assert!(cache.get("h1").is_none(), "a change empties the cache");
        cache.put(before, session("h1"));
        assert!(cache.get("h1").is_none(), "read before the change: not cached");
    }

    #[test]
    fn a_signed_in_change_empties_the_cache_when_it_ends() {
        let cache = std::sync::Arc::new(SessionCache::default());
        cache.put(cache.generation(), session("h2"));
        {
            let _change = InvalidateOnDrop(cache.clone());
            assert!(cache.get("h2").is_some(), "still cached while the change runs");
        }
        assert!(cache.get("h2").is_none());
    }
}
