//! Finding payments for an operator (migration `0011_payment_lookup`): a
//! filtered list, newest first, and payments by a merchant reference
//! across merchants — what `gyeolje payment list|show`, the admin API and
//! the console search with. The request path never reads through these
//! (it knows the merchant and uses `Store::payment_by_reference`).
//!
//! The trait and its value types are defined here and implemented for both
//! backends in `lookup_sql`, so that [`Store`](crate::Store), which names
//! the trait as a supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::{MerchantId, Payment, PaymentState, Protocol, Timestamp};

/// Which payments [`LookupStore::payments_matching`] returns. Every field
/// left `None` matches everything.
#[derive(Clone, Debug, Default)]
pub struct PaymentFilter {
    pub merchant: Option<MerchantId>,
    pub protocol: Option<Protocol>,
    pub state: Option<PaymentState>,
    /// Only payments requested at or after this time.
    pub since: Option<Timestamp>,
    /// Free text: a payment number (exactly), or part of the merchant's
    /// reference (InnoPay `moid`, iPay pay number), ignoring ASCII case.
    pub q: Option<String>,
    /// At most this many; 0 means 100.
    pub limit: u32,
}

/// What a `limit` of 0 means in a [`PaymentFilter`].
const DEFAULT_LIMIT: u32 = 100;

impl PaymentFilter {
    /// The most payments the filter asks for (its `limit`, or 100).
    pub fn effective_limit(&self) -> u32 {
        if self.limit == 0 {
            DEFAULT_LIMIT
        } else {
            self.limit
        }
    }
}

/// Payment lookups, as every [`Store`](crate::Store) answers them.
#[async_trait]
pub trait LookupStore: Send + Sync {
    /// The payments `filter` matches, newest request first (ties by number,
    /// highest first).
    async fn payments_matching(&self, filter: &PaymentFilter) -> Result<Vec<Payment>, StoreError>;

    /// Every payment of `protocol` whose merchant reference is exactly
    /// `reference`, whichever merchant made it (a `moid` is unique only per
    /// merchant), newest first, at most `limit`.
    async fn payments_with_reference(
        &self,
        protocol: Protocol,
        reference: &str,
        limit: u32,
    ) -> Result<Vec<Payment>, StoreError>;
}
