//! Per-payment serialisation inside one process.
//!
//! The store's version check already makes concurrent commands on a payment
//! safe across processes (the loser gets a conflict). Inside one process we
//! also queue them, so that two requests for the same payment never both
//! reach the acquirer: the second one sees the first one's result instead.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use tokio::sync::OwnedMutexGuard;

/// A lock per key, created on demand and forgotten when nobody holds it.
#[derive(Default)]
pub struct KeyedLocks {
    locks: Mutex<HashMap<i64, Weak<tokio::sync::Mutex<()>>>>,
}

impl KeyedLocks {
    pub async fn lock(&self, key: i64) -> OwnedMutexGuard<()> {
        let lock = {
            let mut map = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
            if map.len() > 1024 {
                map.retain(|_, w| w.strong_count() > 0);
            }
            match map.get(&key).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    let lock = Arc::new(tokio::sync::Mutex::new(()));
                    map.insert(key, Arc::downgrade(&lock));
                    lock
                }
            }
        };
        lock.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_key_waits_other_keys_do_not() {
        let locks = Arc::new(KeyedLocks::default());
        let held = locks.lock(1).await;
        // Another key is free.
        let _other = locks.lock(2).await;
        let l2 = locks.clone();
        let waiter = tokio::spawn(async move { l2.lock(1).await });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(held);
        waiter.await.unwrap();
    }
}
