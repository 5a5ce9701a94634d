//! Amounts in tests.

use gyeolje_core::Won;

/// `v` won; panics on an amount `Won` does not accept (negative or too large), so
/// a test's literal is always a valid amount.
#[track_caller]
pub fn won(v: i64) -> Won {
    Won::new(v).unwrap_or_else(|e| panic!("{v} is not a valid amount: {e:?}"))
}
