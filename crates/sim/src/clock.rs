//! The clocks the server runs on.
//!
//! Domain code takes a [`Clock`] and never reads the OS time itself, so that
//! tests can pin time and the sandbox can fast-forward it (D+5 settlement,
//! expiring payment links, callback retries) without waiting. [`SystemClock`]
//! is the one place in the workspace that reads the OS time; [`SandboxClock`]
//! is what the server actually uses: the OS time plus an offset that the
//! sandbox can only push forward, because time running backwards would let
//! deadlines "un-expire" and reorder an append-only history.

use gyeolje_core::{Clock, Timestamp};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

/// The operating system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The workspace forbids reading the OS time (clippy.toml) so that time
    // stays a parameter; this implementation is the single sanctioned exception.
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(chrono::Utc::now().timestamp_millis())
    }
}

/// A base clock plus a forward-only offset.
///
/// `now()` is `base + offset`, and additionally never reports an instant
/// earlier than one it has already reported (so an NTP step backwards of the
/// OS clock freezes sandbox time briefly instead of reversing it).
pub struct SandboxClock {
    base: Arc<dyn Clock>,
    offset_ms: AtomicI64,
    /// The latest instant handed out, for the never-backwards guarantee.
    high_water_ms: AtomicI64,
    /// The same, for each clock read through [`SandboxClock::at_offset`].
    others_high_water: Mutex<HashMap<i64, i64>>,
}

impl SandboxClock {
    /// The system time shifted by `initial_offset_ms` (0 means plain system
    /// time). A negative offset is treated as 0: the sandbox never runs behind.
    pub fn new(initial_offset_ms: i64) -> Self {
        Self::with_base(Arc::new(SystemClock), initial_offset_ms)
    }

    /// Like [`SandboxClock::new`] over any base clock; tests use a
    /// `FixedClock` so the arithmetic can be asserted exactly.
    pub fn with_base(base: Arc<dyn Clock>, initial_offset_ms: i64) -> Self {
        SandboxClock {
            base,
            offset_ms: AtomicI64::new(initial_offset_ms.max(0)),
            high_water_ms: AtomicI64::new(i64::MIN),
            others_high_water: Mutex::default(),
        }
    }

    /// Moves sandbox time forward by `seconds` and returns the new now.
    pub fn advance(&self, seconds: u64) -> Timestamp {
        let delta = i64::try_from(seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        // `fetch_update` with a closure that always returns `Some` cannot fail;
        // both arms carry the previous value, which we do not need.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |cur| {
                Some(cur.saturating_add(delta))
            });
        self.now()
    }

    /// The current offset from the base clock, in milliseconds. The server
    /// persists this so every process of a deployment agrees on sandbox time.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }

    /// The time of another clock on the same base: `key`'s (a merchant's
    /// own clock, see the server's `clocks`), whose offset is `offset_ms`.
    /// Like [`Clock::now`], never earlier than what it reported for `key`
    /// before.
    pub fn at_offset(&self, key: i64, offset_ms: i64) -> Timestamp {
        let candidate = self.base.now().as_millis().saturating_add(offset_ms);
        let Ok(mut seen) = self.others_high_water.lock() else {
            return Timestamp::from_millis(candidate);
        };
        let last = seen.entry(key).or_insert(candidate);
        *last = (*last).max(candidate);
        Timestamp::from_millis(*last)
    }

    /// Adopts an offset stored by another process. The offset only grows, so
    /// a stale (smaller) value is ignored.
    pub fn set_offset_ms(&self, ms: i64) {
        self.offset_ms.fetch_max(ms, Ordering::SeqCst);
    }
}

impl Default for SandboxClock {
    fn default() -> Self {
        SandboxClock::new(0)
    }
}

impl std::fmt::Debug for SandboxClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxClock")
            .field("offset_ms", &self.offset_ms())
            .finish_non_exhaustive()
    }
}

impl Clock for SandboxClock {
    fn now(&self) -> Timestamp {
        let candidate = self.base.now().as_millis().saturating_add(self.offset_ms());
        let previous = self.high_water_ms.fetch_max(candidate, Ordering::SeqCst);
        Timestamp::from_millis(previous.max(candidate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gyeolje_core::FixedClock;
    use std::time::Duration;

    fn fixed(ms: i64) -> Arc<FixedClock> {
        Arc::new(FixedClock::at(Timestamp::from_millis(ms)))
    }

    #[test]
    fn system_clock_is_plausible() {
        // After 2024-01-01 and not absurdly far in the future.
        let now = SystemClock.now().as_millis();
        assert!(now > 1_704_067_200_000);
        assert!(now < 4_102_444_800_000);
    }

    #[test]
    fn zero_offset_is_base_time() {
        let base = fixed(1_000_000);
        let clock = SandboxClock::with_base(base.clone(), 0);
        assert_eq!(clock.now().as_millis(), 1_000_000);
        base.advance(Duration::from_millis(250));
        assert_eq!(clock.now().as_millis(), 1_000_250);
    }

    #[test]
    fn advance_moves_forward_and_returns_new_now() {
        let clock = SandboxClock::with_base(fixed(1_000_000), 500);
        assert_eq!(clock.now().as_millis(), 1_000_500);
        let t = clock.advance(5 * 86_400);
        assert_eq!(t.as_millis(), 1_000_500 + 5 * 86_400_000);
        assert_eq!(clock.now(), t);
        assert_eq!(clock.offset_ms(), 500 + 5 * 86_400_000);
        assert!(clock.advance(0) >= t);
    }

    #[test]
    fn offset_never_moves_backwards() {
        let clock = SandboxClock::with_base(fixed(0), 10_000);
        clock.set_offset_ms(3_000);
        assert_eq!(clock.offset_ms(), 10_000);
        clock.set_offset_ms(20_000);
        assert_eq!(clock.offset_ms(), 20_000);
        assert_eq!(SandboxClock::with_base(fixed(0), -5).offset_ms(), 0);
    }

    #[test]
    fn other_clocks_share_the_base_and_never_run_backwards() {
        let base = Arc::new(SettableClock(AtomicI64::new(50_000)));
        let clock = SandboxClock::with_base(base.clone(), 0);
        assert_eq!(clock.at_offset(1, 1_000).as_millis(), 51_000);
        assert_eq!(clock.at_offset(2, 0).as_millis(), 50_000);
        base.0.store(40_000, Ordering::SeqCst);
        assert_eq!(clock.at_offset(1, 1_000).as_millis(), 51_000);
        assert_eq!(clock.at_offset(1, 20_000).as_millis(), 60_000);
    }

    #[test]
    fn advance_saturates_instead_of_wrapping() {
        let clock = SandboxClock::with_base(fixed(0), 0);
        clock.advance(u64::MAX);
        assert_eq!(clock.offset_ms(), i64::MAX);
        assert_eq!(clock.now().as_millis(), i64::MAX);
    }

    /// A base clock that can be set to any instant, including an earlier one.
    struct SettableClock(AtomicI64);
    impl Clock for SettableClock {
        fn now(&self) -> Timestamp {
            Timestamp::from_millis(self.0.load(Ordering::SeqCst))
        }
    }

    #[test]
    fn now_is_monotonic_even_if_the_base_steps_back() {
        let base = Arc::new(SettableClock(AtomicI64::new(50_000)));
        let clock = SandboxClock::with_base(base.clone(), 0);
        let first = clock.now();
        base.0.store(40_000, Ordering::SeqCst);
        assert_eq!(clock.now(), first);
        base.0.store(60_000, Ordering::SeqCst);
        assert_eq!(clock.now().as_millis(), 60_000);
    }

    #[test]
    fn sandbox_over_system_time_is_monotonic() {
        let clock = SandboxClock::new(0);
        let mut last = clock.now();
        for _ in 0..1000 {
            let t = clock.now();
            assert!(t >= last);
            last = t;
        }
        let later = clock.advance(60);
        assert!(later.as_millis() >= last.as_millis() + 60_000);
    }
}
