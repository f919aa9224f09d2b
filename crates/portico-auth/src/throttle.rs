//! Slowing down password guessing without locking anyone out: after a few
//! free failures, each further attempt must wait longer since the last
//! failure, up to a ceiling; failures are forgotten after a window. Never a
//! hard lock — the wait always ends, and a passkey or single sign-on is not
//! throttled by password failures at all.

use std::time::Duration;

/// How one kind of key (an account, a network) is throttled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The first wait; each further failure doubles it.
    pub first_wait: Duration,
    /// The longest wait.
    pub max_wait: Duration,
    /// Failures older than this (counted from the last one) are forgotten.
    pub window: Duration,
}

/// Per account: five free tries, then 30 s, 1 min, 2 min … at most 15 min;
/// forgotten six hours after the last failure (Drupal counts five per six
/// hours; Ghost four, then ten minutes).
pub const ACCOUNT: Policy = Policy {
    free: 5,
    first_wait: Duration::from_secs(30),
    max_wait: Duration::from_secs(15 * 60),
    window: Duration::from_secs(6 * 3600),
};

/// Per network (an IPv4 address, an IPv6 /64): twenty free tries, then
/// 1 min, 2 min … at most one hour; forgotten an hour after the last
/// failure (Drupal: fifty per IP per hour).
pub const NETWORK: Policy = Policy {
    free: 20,
    first_wait: Duration::from_secs(60),
    max_wait: Duration::from_secs(3600),
    window: Duration::from_secs(3600),
};

/// What is known about a key's recent failures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    /// How many, within the window.
    pub count: u32,
    /// Seconds since the Unix epoch of the last one.
    pub last: i64,
}

impl Policy {
    /// The wait after `count` failures (zero while they are free).
    pub fn wait_after(&self, count: u32) -> Duration {
        let Some(over) = count.checked_sub(self.free) else {
            return Duration::ZERO;
        };
        if over == 0 {
            return Duration::ZERO;
        }
        let doublings = (over - 1).min(20);
        self.first_wait
            .checked_mul(1 << doublings)
            .map_or(self.max_wait, |w| w.min(self.max_wait))
    }

    /// The failures still counted at `now` (zero once the window has passed
    /// since the last one; a clock that went backwards counts as no time).
    pub fn current(&self, f: Failures, now: i64) -> Failures {
        let since = u64::try_from(now.saturating_sub(f.last)).unwrap_or(0);
        if since >= self.window.as_secs() {
            Failures::default()
        } else {
            f
        }
    }

    /// How long an attempt at `now` must still wait; zero when it may go on.
    pub fn retry_after(&self, f: Failures, now: i64) -> Duration {
        let f = self.current(f, now);
        let wait = self.wait_after(f.count);
        let since = Duration::from_secs(u64::try_from(now.saturating_sub(f.last)).unwrap_or(0));
        wait.saturating_sub(since)
    }

    /// The failures after one more at `now`.
    pub fn fail(&self, f: Failures, now: i64) -> Failures {
        let f = self.current(f, now);
        Failures {
            count: f.count.saturating_add(1),
            last: now,
        }
    }
}

/// The key a network is throttled under: an IPv4 address as is, an IPv6
/// address by its /64 (one subscriber's usual allocation, so walking
/// through addresses of one's own prefix does not reset the count).
pub fn network_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The key an account is throttled under: its email as typed, trimmed and
/// lowercased, so `Ana@X` and ` ana@x` share one count (and so do
/// addresses of no account at all).
pub fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures as a table: failures so far → wait before the next try.
    #[test]
    fn waits_by_failure_count() {
        let table: &[(u32, u64, u64)] = &[
            // failures, account wait s, network wait s
            (0, 0, 0),
            (4, 0, 0),
            (5, 0, 0),
            (6, 30, 0),
            (7, 60, 0),
            (8, 120, 0),
            (9, 240, 0),
            (10, 480, 0),
            (11, 900, 0),
            (20, 900, 0),
            (21, 900, 60),
            (22, 900, 120),
            (27, 900, 3600),
            (1000, 900, 3600),
            (u32::MAX, 900, 3600),
        ];
        for &(n, account, network) in table {
            assert_eq!(ACCOUNT.wait_after(n), Duration::from_secs(account), "account after {n}");
            assert_eq!(NETWORK.wait_after(n), Duration::from_secs(network), "network after {n}");
        }
    }

    #[test]
    fn the_wait_runs_from_the_last_failure_and_the_window_forgets() {
        let mut f = Failures::default();
        for t in 0..6 {
            assert_eq!(ACCOUNT.retry_after(f, 1000 + t), Duration::ZERO);
            f = ACCOUNT.fail(f, 1000 + t);
        }
        assert_eq!(f.count, 6);
        assert_eq!(ACCOUNT.retry_after(f, 1005), Duration::from_secs(30));
        assert_eq!(ACCOUNT.retry_after(f, 1025), Duration::from_secs(10));
        assert_eq!(ACCOUNT.retry_after(f, 1035), Duration::ZERO);
        // Six hours after the last failure everything is forgotten.
        let later = 1005 + 6 * 3600;
        assert_eq!(ACCOUNT.current(f, later), Failures::default());
        assert_eq!(ACCOUNT.fail(f, later).count, 1);
        // A clock that went backwards does not shorten a wait.
        assert_eq!(ACCOUNT.retry_after(f, 0), Duration::from_secs(30));
    }

    #[test]
    fn keys_cannot_be_varied_to_dodge_the_count() {
        assert_eq!(
            account_key(" Ana.Moreno@Halcyon.Example "),
            "ana.moreno@halcyon.example"
        );
        let a = network_key("2001:db8:1:2:aaaa::1".parse().expect("ip"));
        let b = network_key("2001:db8:1:2:bbbb::2".parse().expect("ip"));
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(network_key("::ffff:192.0.2.7".parse().expect("ip")), "192.0.2.7");
        assert_eq!(network_key("192.0.2.7".parse().expect("ip")), "192.0.2.7");
    }
}
