//! Merchants found by a credential, remembered for a few seconds.
//!
//! Every PayApp `payrequest` reads its seller by `userid`, every iPay call
//! its seller by ticket. Those rows change rarely, and only by an operator
//! (`update_merchant`: a key rotation, disabling; removing a ticket), each
//! of which calls [`MerchantCache::forget`], so this process sees the change
//! at once. The InnoPay §4.4 notification settings, which merchants change
//! themselves, are read fresh by `merchant_by_innopay_mid`, which never uses
//! this cache. So the cache holds only hits (a merchant created by another
//! process is found on its first use) and each entry lives [`TTL`].
//!
//! Other processes learn of an operator's change through a generation
//! number in the `settings` table ([`GENERATION_SETTING`]), bumped in the
//! transaction of every such change: at most once per [`CHECK_EVERY`] a
//! lookup reads it, and a new value empties the cache. So a rotated key or
//! a disabled merchant stops working everywhere within about a second, at
//! the cost of one point read per second per process.

use gyeolje_core::{Merchant, MerchantId};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// The `settings` row counting operator changes to merchants.
pub(crate) const GENERATION_SETTING: &str = "merchants_generation";
/// Bumps [`GENERATION_SETTING`] (inside the transaction of the change).
pub(crate) const BUMP_GENERATION: &str = "INSERT INTO settings (name, value) \
     VALUES ('merchants_generation', 1) \
     ON CONFLICT (name) DO UPDATE SET value = settings.value + 1";
/// How often a lookup compares the generation with the database's.
pub(crate) const CHECK_EVERY: Duration = Duration::from_secs(1);

/// How long an entry is used.
pub(crate) const TTL: Duration = Duration::from_secs(10);
/// Most entries; when full, the cache starts again empty.
const CAPACITY: usize = 10_000;

/// Which credential found the merchant.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum By {
    PayAppUserid,
    IpayTicket,
}

pub(crate) struct MerchantCache {
    entries: Mutex<HashMap<(By, String), (Instant, Merchant)>>,
    /// When the generation was last compared (ms since `epoch`), or -1.
    checked_ms: AtomicI64,
    /// The generation the entries were read under (-1: not yet known).
    generation: AtomicI64,
    epoch: Instant,
}

impl Default for MerchantCache {
    fn default() -> Self {
        MerchantCache {
            entries: Mutex::default(),
            checked_ms: AtomicI64::new(-1),
            generation: AtomicI64::new(-1),
            epoch: Instant::now(),
        }
    }
}

impl MerchantCache {
    /// Whether this caller should read the generation now: true for one
    /// caller once per [`CHECK_EVERY`], so concurrent lookups don't all read.
    pub fn generation_due(&self) -> bool {
        let now = i64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(i64::MAX);
        let last = self.checked_ms.load(Ordering::Relaxed);
        let every = i64::try_from(CHECK_EVERY.as_millis()).unwrap_or(1000);
        (last < 0 || now - last >= every)
            && self
                .checked_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }

    /// Records the database's generation; a change empties the cache.
    pub fn observe_generation(&self, generation: i64) {
        let before = self.generation.swap(generation, Ordering::Relaxed);
        if before != generation
            && before >= 0
            && let Ok(mut entries) = self.entries.lock()
        {
            entries.clear();
        }
    }

    pub fn get(&self, by: By, key: &str) -> Option<Merchant> {
        let entries = self.entries.lock().ok()?;
        // Borrowed lookup would need a custom key type; the key is short.
        let (at, merchant) = entries.get(&(by, key.to_owned()))?;
        (at.elapsed() < TTL).then(|| merchant.clone())
    }

    pub fn put(&self, by: By, key: &str, merchant: &Merchant) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert((by, key.to_owned()), (Instant::now(), merchant.clone()));
        }
    }

    /// The cached merchant, or what `read` finds (remembered if found).
    pub async fn get_or_read(
        &self,
        by: By,
        key: &str,
        read: impl std::future::Future<Output = Result<Option<Merchant>, crate::error::StoreError>>,
    ) -> Result<Option<Merchant>, crate::error::StoreError> {
        if let Some(m) = self.get(by, key) {
            return Ok(Some(m));
        }
        let found = read.await?;
        if let Some(m) = &found {
            self.put(by, key, m);
        }
        Ok(found)
    }

    /// Drops every entry of one merchant (its data changed).
    pub fn forget(&self, id: MerchantId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, m)| m.id != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gyeolje_core::Timestamp;

    fn merchant(id: i64) -> Merchant {
        Merchant {
            id: MerchantId::new(id),
            name: "m".into(),
            payapp: None,
            innopay: None,
            ipay: None,
            callback_hosts: Vec::new(),
            disabled_at: None,
            created_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn hits_by_credential_and_forgets_by_merchant() {
        let cache = MerchantCache::default();
        assert!(cache.get(By::PayAppUserid, "a").is_none());
        cache.put(By::PayAppUserid, "a", &merchant(1));
        cache.put(By::IpayTicket, "t", &merchant(1));
        cache.put(By::PayAppUserid, "b", &merchant(2));
        assert_eq!(
            cache.get(By::PayAppUserid, "a").map(|m| m.id.get()),
            Some(1)
        );
        assert!(
            cache.get(By::IpayTicket, "a").is_none(),
            "keys are per credential"
        );
        cache.forget(MerchantId::new(1));
        assert!(cache.get(By::PayAppUserid, "a").is_none());
        assert!(cache.get(By::IpayTicket, "t").is_none());
        assert_eq!(
            cache.get(By::PayAppUserid, "b").map(|m| m.id.get()),
            Some(2)
        );
    }
}
