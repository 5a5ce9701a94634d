//! Storage of iPay sellers' tickets, escrow orders and buyer notes
//! (migration `0006_ipay`).
//!
//! Orders are written only through [`Change::orders`](gyeolje_core::Change),
//! together with the payment version and events that caused them; this
//! trait reads them. Tickets are passwords: only their SHA-256 (hex) is
//! stored and looked up. Notes (buyer questions) live beside the orders and
//! change no order state, so they are written directly.
//!
//! The trait and its value types are defined here and implemented for both
//! backends in `escrow_sql`, so that [`Store`](crate::Store), which names
//! the trait as a supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::escrow::{EscrowOrder, OrderState};
use gyeolje_core::{Merchant, MerchantId, PaymentId, Timestamp};

/// A buyer's question about an order, and the seller's reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub seqno: i64,
    pub merchant_id: MerchantId,
    pub order_no: i64,
    pub title: String,
    pub content: String,
    pub reg_at: Timestamp,
    pub reply: Option<String>,
    pub reply_at: Option<Timestamp>,
}

/// Escrow data, as every [`Store`](crate::Store) keeps it.
#[async_trait]
pub trait EscrowStore: Send + Sync {
    /// Lets `ticket_sha256` identify `merchant` (idempotent). `false` when
    /// the ticket already identifies another merchant (nothing changes).
    async fn add_ipay_ticket(
        &self,
        merchant: MerchantId,
        ticket_sha256: &str,
    ) -> Result<bool, StoreError>;

    /// Stops `ticket_sha256` identifying `merchant`; `false` if it did not.
    async fn remove_ipay_ticket(
        &self,
        merchant: MerchantId,
        ticket_sha256: &str,
    ) -> Result<bool, StoreError>;

    /// The SHA-256 (hex) of each ticket of `merchant`.
    async fn ipay_ticket_hashes(&self, merchant: MerchantId) -> Result<Vec<String>, StoreError>;

    /// The merchant whose ticket hashes to `ticket_sha256`. Hits are
    /// remembered for a few seconds (see `merchant_cache`); removing a ticket
    /// or disabling its merchant is seen by other processes within that time.
    async fn merchant_by_ipay_ticket(
        &self,
        ticket_sha256: &str,
    ) -> Result<Option<Merchant>, StoreError>;

    /// The merchant with iPay seller id `seller_id`.
    async fn merchant_by_ipay_seller(
        &self,
        seller_id: &str,
    ) -> Result<Option<Merchant>, StoreError>;

    /// Every order of a cart, in line order.
    async fn escrow_orders_of(&self, payment: PaymentId) -> Result<Vec<EscrowOrder>, StoreError>;

    async fn escrow_order(&self, order_no: i64) -> Result<Option<EscrowOrder>, StoreError>;

    /// A seller's orders created in `[from, to)`, oldest first, at most `limit`.
    async fn escrow_orders_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// A seller's orders in `state`, oldest first, at most `limit` (the
    /// work lists: cancel requests, returns, exchanges).
    async fn escrow_orders_in_state(
        &self,
        merchant: MerchantId,
        state: OrderState,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// Orders of `clock`'s merchants whose automatic decision, remittance
    /// or cancel approval is due at `now`.
    async fn due_escrow_orders(
        &self,
        now: Timestamp,
        clock: crate::clocks::ClockScope,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// Stores a buyer's question; its `seqno` comes from `reserve_ids("ipay_note", …)`.
    async fn insert_note(&self, note: &Note) -> Result<(), StoreError>;

    async fn note(&self, seqno: i64) -> Result<Option<Note>, StoreError>;

    /// A seller's notes registered in `[from, to)`, oldest first.
    async fn notes_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<Note>, StoreError>;

    /// Sets the reply of note `seqno` (replacing an earlier reply).
    async fn reply_note(&self, seqno: i64, reply: &str, at: Timestamp) -> Result<(), StoreError>;
}
