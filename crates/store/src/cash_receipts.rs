//! Storage of cash receipts (migration `0003_cash_receipts`).
//!
//! A receipt is written once when issued and changed once when cancelled.
//! The change is a compare-and-set on the state column — `UPDATE … WHERE
//! state = <the state it was read in>` — so two concurrent cancellations of
//! one receipt, in one process or several, cannot both succeed: the loser
//! gets a [`StoreError::Conflict`] and re-reads a receipt that is already
//! cancelled.
//!
//! The trait is defined here and implemented for both backends in
//! `cash_receipts_sql`, so that [`Store`](crate::Store), which names it as
//! a supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::PageCode;
use gyeolje_core::cash_receipt::{CashReceipt, CashReceiptId, CashReceiptState};

/// Cash receipts, as every [`Store`](crate::Store) keeps them.
#[async_trait]
pub trait CashReceiptStore: Send + Sync {
    /// Stores a newly issued receipt. Its id comes from
    /// `reserve_ids("cash_receipt", …)` and its page code is fresh; a
    /// duplicate of either is a [`StoreError::Conflict`].
    async fn insert_cash_receipt(&self, receipt: &CashReceipt) -> Result<(), StoreError>;

    async fn cash_receipt(&self, id: CashReceiptId) -> Result<Option<CashReceipt>, StoreError>;

    async fn cash_receipt_by_page_code(
        &self,
        code: &PageCode,
    ) -> Result<Option<CashReceipt>, StoreError>;

    /// Writes `receipt`'s state and cancellation time if the stored receipt
    /// is still in state `from`; otherwise (or if there is no such receipt)
    /// a [`StoreError::Conflict`] and nothing is written.
    async fn update_cash_receipt_state(
        &self,
        receipt: &CashReceipt,
        from: CashReceiptState,
    ) -> Result<(), StoreError>;
}
