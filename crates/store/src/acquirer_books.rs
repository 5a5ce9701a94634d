//! Storage of the simulated card acquirer's own books: the charges it
//! approved and the refunds it made (migration 0015).
//!
//! Not the gateway's data: a real acquirer keeps its books on its side, so
//! nothing on the gateway's payment path writes these tables. The server's
//! simulator writes them (through `gyeolje_sim::AcquirerBooks`, which the
//! server implements on this trait — this crate does not know the
//! simulator), so that what it charged and refunded outlives the process
//! and is the same for every node on the database. The money rules are in
//! the writes: a refund's key is unique (a re-sent refund answers its first
//! receipt), and "the refunds never exceed the charge" is checked by the
//! statement that adds the refund to the charge's total.
//!
//! The trait is defined here and implemented for both backends in
//! `acquirer_books_sql`, so that [`Store`](crate::Store), which names it as
//! a supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::{Timestamp, Won};

/// An approval as the books keep it (the card number masked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedCharge {
    pub approval_no: String,
    /// The idempotency key of the request that approved it.
    pub auth_key: String,
    pub amount: Won,
    pub card_name: String,
    pub card_masked: String,
    pub card_company_code: String,
    pub approved_at: Timestamp,
}

/// What [`AcquirerBookStore::book_charge`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChargeBooked {
    Recorded,
    /// The key had a charge already: that one, nothing written.
    KeyTaken(BookedCharge),
    /// Another key holds the approval number; nothing written.
    NumberTaken,
}

/// A refund as the books keep it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedRefundRow {
    /// The refund's idempotency key.
    pub refund_key: String,
    pub approval_no: String,
    pub refund_no: String,
    pub amount: Won,
    pub refunded_at: Timestamp,
}

/// A charge's amount and what was refunded of it: the books' own, or the
/// gateway's view of a charge the books never saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChargeTotals {
    pub amount: Won,
    pub refunded: Won,
}

/// What [`AcquirerBookStore::book_refund`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundBooked {
    Recorded,
    /// The key was refunded already: that refund, nothing written.
    KeyTaken(BookedRefundRow),
    /// Another refund holds the refund number; nothing written.
    NumberTaken,
    /// No such charge (and none given to enter).
    UnknownApproval,
    /// The charge's refunds would exceed it; nothing written.
    ExceedsCharge,
}

/// The simulated acquirer's books.
#[async_trait]
pub trait AcquirerBookStore: Send + Sync {
    /// Writes a charge unless its key or approval number is taken. Queued
    /// with the group commit: it shares a batch's sync.
    async fn book_charge(&self, c: &BookedCharge) -> Result<ChargeBooked, StoreError>;

    /// The refund made under `refund_key`, if any.
    async fn booked_refund(&self, refund_key: &str) -> Result<Option<BookedRefundRow>, StoreError>;

    /// Writes a refund if its key is new and the charge's refunds stay
    /// within the charge, in one transaction; a charge the books do not
    /// have is entered first from `known`, when given.
    async fn book_refund(
        &self,
        r: &BookedRefundRow,
        known: Option<ChargeTotals>,
    ) -> Result<RefundBooked, StoreError>;

    /// A charge's amount and refunded total, if the books have it.
    async fn booked_charge_totals(
        &self,
        approval_no: &str,
    ) -> Result<Option<ChargeTotals>, StoreError>;

    /// The refunds of a charge, oldest first.
    async fn booked_refunds_of(
        &self,
        approval_no: &str,
    ) -> Result<Vec<BookedRefundRow>, StoreError>;
}
