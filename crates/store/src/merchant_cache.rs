//! Merchants found by a credential, remembered for a few seconds.
//!
//! Every PayApp `payrequest` reads its seller by `userid`, every iPay call
//! its seller by ticket. Those rows change rarely, and only by an operator
//! (`update_merchant`: a key rotation, disabling; removing a ticket), each
//! of which calls [`MerchantCache::forget`], so this process sees the change
//! at once. The InnoPay §4.4 notification settings, which merchants change
//! themselves, are read fresh by `merchant_by_innopay_mid`, which never uses
//! this cache. So the cache holds only hits (a merchant created by another
//! process is found on its first use) and each entry lives [`TTL`], which
//! bounds how long another process keeps using a rotated key or a disabled
//! merchant.

use gyeolje_core::{Merchant, MerchantId};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

#[derive(Default)]
pub(crate) struct MerchantCache {
    entries: Mutex<HashMap<(By, String), (Instant, Merchant)>>,
}

impl MerchantCache {
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
