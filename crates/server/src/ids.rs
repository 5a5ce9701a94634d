//! Payment numbers and page codes.
//!
//! Payment numbers come from the database in blocks (hi/lo): one write
//! reserves the next block, then numbers are handed out from memory. The
//! number is therefore known before the transaction that creates the payment
//! (the SMS and callbacks written in that transaction carry it), and several
//! processes on one database never hand out the same one.

use gyeolje_core::{PageCode, PaymentId};
use gyeolje_store::{Store, StoreError};
use rand::RngExt;
use std::ops::Range;
use tokio::sync::Mutex;

const BLOCK: u32 = 64;

/// Hands out payment numbers.
pub struct IdAllocator {
    block: Mutex<Range<i64>>,
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator {
            block: Mutex::new(0..0),
        }
    }
}

impl IdAllocator {
    pub async fn next_payment_id(&self, store: &dyn Store) -> Result<PaymentId, StoreError> {
        let mut block = self.block.lock().await;
        if block.is_empty() {
            *block = store.reserve_ids("payment", BLOCK).await?;
        }
        let id = block.start;
        block.start += 1;
        Ok(PaymentId::new(id))
    }
}

/// A fresh, unguessable page code.
pub fn new_page_code() -> PageCode {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    let code: String = (0..PageCode::LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    // Every character comes from the alphabet and the length is right, so parsing cannot fail.
    PageCode::parse(&code).expect("generated page codes are valid")
}
