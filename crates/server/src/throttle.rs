//! Throttled guessing of secrets: InnoPay `cancelPwd` (per caller and per
//! merchant), PayApp link keys and iPay tickets (per caller: they are long
//! random strings, so locking a merchant for everyone's wrong guesses would
//! only hand out a way to block its cancels).
//!
//! A six-digit cancel password falls to a brute force in about an hour at
//! a few hundred guesses a second, and tids are sequential. So failed
//! guesses are counted per key — the merchant together with the caller's
//! address, and the merchant alone — and a key with too many failures in
//! its window is locked for a while: every guess under that key is then
//! refused *before* the secret is compared, the right one included, so a
//! lockout cannot be probed. The per-address key stops one source early;
//! the per-merchant key (with a higher limit) stops guesses spread over
//! many addresses, at the price that such an attack also locks the
//! merchant's own cancels for the lockout — the lesser harm for money
//! going out.
//!
//! Counters live in this process (wall time, never the sandbox clock: a
//! test moving business time must not lift a lockout). Several processes
//! each count their own, so the limits are per process; the table is
//! bounded, and full windows are forgotten.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many keys are remembered at most; the oldest window goes first.
const MAX_KEYS: usize = 100_000;

/// The limits of one kind of key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// Failures allowed within `window`; the next one locks the key.
    pub failures: u32,
    pub window: Duration,
}

/// Per-address-and-merchant: a handful of typos, not a search.
pub const PER_SOURCE: Limit = Limit {
    failures: 5,
    window: Duration::from_secs(600),
};

/// Per merchant, from anywhere.
pub const PER_MERCHANT: Limit = Limit {
    failures: 20,
    window: Duration::from_secs(600),
};

#[derive(Clone, Copy, Debug)]
struct Entry {
    failures: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

/// What [`Throttle::guess`] came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guess {
    Right,
    /// Wrong; `locked` when this guess locked a key.
    Wrong {
        locked: bool,
    },
    /// Refused unchecked: a key is locked for this long still.
    Locked(Duration),
}

/// The key under which `caller`'s guesses of `scope` (a secret's name and
/// whose it is) are counted.
pub fn source_key(scope: &str, caller: Option<std::net::IpAddr>) -> String {
    format!(
        "{scope}:{}",
        caller.map_or_else(|| "-".to_owned(), |ip| ip.to_string())
    )
}

/// Failed guesses, counted per key.
#[derive(Debug)]
pub struct Throttle {
    entries: Mutex<HashMap<String, Entry>>,
    lockout: Duration,
}

impl Throttle {
    /// A throttle whose locked keys stay locked for `lockout`.
    pub fn new(lockout: Duration) -> Throttle {
        Throttle {
            entries: Mutex::new(HashMap::new()),
            lockout,
        }
    }

    /// `Err(wait)` if any of `keys` is locked: refuse without comparing the
    /// secret, and say how long until it may be tried again.
    pub fn check(&self, keys: &[&str]) -> Result<(), Duration> {
        let now = Instant::now();
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys
            .iter()
            .filter_map(|k| entries.get(*k)?.locked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        match wait {
            Some(w) => Err(w),
            None => Ok(()),
        }
    }

    /// Counts a wrong guess under each key (`keys` pairs a key with its
    /// limit); returns whether one of them is now locked.
    pub fn failed(&self, keys: &[(&str, Limit)]) -> bool {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_KEYS {
            entries.retain(|_, e| e.locked_until.is_some_and(|u| u > now));
            if entries.len() >= MAX_KEYS {
                entries.clear();
            }
        }
        let mut locked = false;
        for (key, limit) in keys {
            let e = entries.entry((*key).to_owned()).or_insert(Entry {
                failures: 0,
                since: now,
                locked_until: None,
            });
            if now.duration_since(e.since) > limit.window {
                *e = Entry {
                    failures: 0,
                    since: now,
                    locked_until: None,
                };
            }
            e.failures += 1;
            if e.failures > limit.failures {
                e.locked_until = Some(now + self.lockout);
                locked = true;
            }
        }
        locked
    }

    /// Compares a guess under the throttle: `Locked` (without calling
    /// `right`) while any key is locked; otherwise `right()` decides, a
    /// wrong guess counts under every key and a right one forgets the first
    /// key's failures (list the caller's own key first).
    pub fn guess(&self, keys: &[(&str, Limit)], right: impl FnOnce() -> bool) -> Guess {
        let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
        if let Err(wait) = self.check(&names) {
            return Guess::Locked(wait);
        }
        if right() {
            if let Some(first) = names.first() {
                self.succeeded(first);
            }
            return Guess::Right;
        }
        Guess::Wrong {
            locked: self.failed(keys),
        }
    }

    /// A right guess forgets the caller's own failures (not the merchant's:
    /// one right guess among many wrong ones must not reset a search).
    pub fn succeeded(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIGHT: Limit = Limit {
        failures: 2,
        window: Duration::from_secs(60),
    };

    #[test]
    fn a_key_locks_after_its_limit_and_others_do_not() {
        let t = Throttle::new(Duration::from_secs(60));
        assert!(t.check(&["a"]).is_ok());
        assert!(!t.failed(&[("a", TIGHT)]));
        assert!(!t.failed(&[("a", TIGHT)]));
        assert!(t.check(&["a"]).is_ok());
        assert!(t.failed(&[("a", TIGHT)]), "the third failure locks");
        let wait = t.check(&["a", "b"]).unwrap_err();
        assert!(wait <= Duration::from_secs(60));
        assert!(t.check(&["b"]).is_ok());
        t.succeeded("a");
        assert!(t.check(&["a"]).is_ok(), "forgotten after a success");
    }

    #[test]
    fn a_lockout_ends() {
        let t = Throttle::new(Duration::from_millis(1));
        for _ in 0..3 {
            t.failed(&[("a", TIGHT)]);
        }
        std::thread::sleep(Duration::from_millis(5));
        assert!(t.check(&["a"]).is_ok());
    }
}
