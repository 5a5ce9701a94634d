//! Per-merchant test clocks: which merchants run on a business clock of
//! their own, and which of them a due-work query covers.
//!
//! A merchant with its own clock has a row in `merchant_clocks` (its
//! forward-only offset from the OS time); every other merchant follows the
//! shared clock. Rows are never deleted, so "has its own clock" can only
//! turn from false to true. This process remembers the offsets it has seen
//! (`ClockCache`): every payment read notes its merchant's offset (the
//! read joins `merchant_clocks`, so a command on another node sees an
//! advance at once without a query of its own), and the workers re-read
//! the whole table once a second ([`ClockStore::merchant_clocks`]).

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::MerchantId;
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whose business clock a due-work query runs on, and so which payments
/// (and their messages and escrow orders) it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockScope {
    /// Every payment: no merchant has a clock of its own (today's queries,
    /// with no join).
    All,
    /// The payments of merchants without a clock of their own, on the
    /// shared clock. Checked against the table, so a clock another node
    /// just created is never swept on the shared clock.
    Shared,
    /// One merchant's payments, on its own clock.
    Merchant(MerchantId),
}

/// Storage of merchant clocks.
#[async_trait]
pub trait ClockStore {
    /// Every merchant with its own clock, with the clock's offset from the
    /// OS time in milliseconds. Also refreshes what [`Self::known_clock`]
    /// answers.
    async fn merchant_clocks(&self) -> Result<Vec<(MerchantId, i64)>, StoreError>;

    /// Moves `merchant`'s own clock forward by `delta_ms`, first creating
    /// it at `start_offset_ms` (the shared clock's offset) if it has none;
    /// returns the new offset. One transaction, which also bumps the
    /// merchants' generation so other processes' caches notice.
    async fn advance_merchant_clock(
        &self,
        merchant: MerchantId,
        start_offset_ms: i64,
        delta_ms: i64,
    ) -> Result<i64, StoreError>;

    /// The offset of `merchant`'s own clock as this process last saw it,
    /// without a query; `None` if it has not seen one.
    fn known_clock(&self, merchant: MerchantId) -> Option<i64>;

    /// Whether this process has seen any merchant clock.
    fn any_known_clock(&self) -> bool;

    /// Every merchant whose own clock this process has seen.
    fn known_clocks(&self) -> Vec<MerchantId>;
}

/// The merchant clocks this process has seen. Offsets only grow, so a
/// stale (smaller) offset read by a slower query never wins.
#[derive(Default)]
pub(crate) struct ClockCache {
    any: AtomicBool,
    offsets: RwLock<HashMap<MerchantId, i64>>,
}

impl ClockCache {
    /// Records that `merchant` has its own clock at (at least) `offset_ms`.
    pub fn note(&self, merchant: MerchantId, offset_ms: i64) {
        if let Some(&known) = self
            .offsets
            .read()
            .ok()
            .as_ref()
            .and_then(|m| m.get(&merchant))
            && known >= offset_ms
        {
            return;
        }
        if let Ok(mut offsets) = self.offsets.write() {
            let entry = offsets.entry(merchant).or_insert(offset_ms);
            *entry = (*entry).max(offset_ms);
        }
        self.any.store(true, Ordering::Release);
    }

    pub fn get(&self, merchant: MerchantId) -> Option<i64> {
        if !self.any() {
            return None;
        }
        self.offsets.read().ok()?.get(&merchant).copied()
    }

    pub fn merchants(&self) -> Vec<MerchantId> {
        if !self.any() {
            return Vec::new();
        }
        let mut all: Vec<MerchantId> = self
            .offsets
            .read()
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default();
        all.sort_unstable();
        all
    }

    pub fn any(&self) -> bool {
        self.any.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_only_grow() {
        let cache = ClockCache::default();
        let m = MerchantId::new(7);
        assert!(!cache.any());
        assert_eq!(cache.get(m), None);
        cache.note(m, 1_000);
        cache.note(m, 500);
        assert_eq!(cache.get(m), Some(1_000));
        cache.note(m, 2_000);
        assert_eq!(cache.get(m), Some(2_000));
        assert!(cache.any());
        assert_eq!(cache.get(MerchantId::new(8)), None);
    }
}
