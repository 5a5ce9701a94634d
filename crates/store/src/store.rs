//! The [`Store`] trait every front end stores through, and the value types
//! of its signatures (what `outbox_list` filters by, what `outbox_counts`
//! returns, what a lease is computed from).
//!
//! Defined here rather than in `lib.rs`, which declares every module, so
//! that the modules implementing or naming it (`store_sql`) do not depend
//! on the crate root. Its supertraits are likewise defined apart from their
//! implementations (`sellers` and `sellers_sql`, `cash_receipts` and
//! `cash_receipts_sql`, `escrow` and `escrow_sql`, `console` and
//! `console_sql`, `faults` and `faults_sql`, `lookup` and `lookup_sql`,
//! `acquirer_books` and `acquirer_books_sql`): naming them here must
//! not reach the generic implementation, which names this trait. The crate
//! root re-exports all of it.

use crate::acquirer_books::AcquirerBookStore;
use crate::cash_receipts::CashReceiptStore;
use crate::clocks::{ClockScope, ClockStore};
use crate::console::ConsoleStore;
use crate::error::StoreError;
use crate::escrow::EscrowStore;
use crate::faults::FaultStore;
use crate::lookup::LookupStore;
use crate::sellers::SellerStore;
use async_trait::async_trait;
use gyeolje_core::{
    AttemptRecord, Change, EventRecord, Lease, Merchant, MerchantId, NewMerchant, NextStep,
    NotifyMethod, NotifySetting, OutboxId, OutboxRecord, OutboxState, PageCode, Payment, PaymentId,
    PhoneNumber, Protocol, Timestamp,
};
use std::ops::Range;
use std::time::Duration;

/// Which messages `outbox_list` returns.
#[derive(Clone, Debug, Default)]
pub struct OutboxFilter {
    pub state: Option<OutboxState>,
    pub payment_id: Option<PaymentId>,
    /// `http` or `sms`.
    pub channel: Option<String>,
    pub limit: u32,
}

/// How many messages are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub delivered: u64,
    pub failed: u64,
}

/// The times a lease is computed from. Retry schedules follow business time
/// (the sandbox clock, which tests move); lease expiry follows the wall clock,
/// because it is about whether a worker process is still alive — jumping the
/// sandbox clock must not make a live worker's lease look expired.
#[derive(Clone, Copy, Debug)]
pub struct LeaseTimes {
    pub business_now: Timestamp,
    pub wall_now: Timestamp,
    pub lease_for: Duration,
    /// Whose clock `business_now` is, and so whose messages are leased.
    pub clock: ClockScope,
}

/// Durable storage behind every front end.
#[async_trait]
pub trait Store:
    SellerStore
    + CashReceiptStore
    + EscrowStore
    + ConsoleStore
    + FaultStore
    + LookupStore
    + ClockStore
    + AcquirerBookStore
    + Send
    + Sync
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Applies pending migrations (also done by `open`).
    async fn migrate(&self) -> Result<(), StoreError>;

    async fn create_merchant(&self, m: NewMerchant, now: Timestamp)
    -> Result<Merchant, StoreError>;
    /// Writes a merchant's name, callback hosts, disabled time and the
    /// protocol accounts it has (an account it lacks stays as stored: accounts
    /// are never removed). Other processes' credential caches see the change
    /// within `merchant_cache::TTL`. `false` for an unknown id.
    async fn update_merchant(&self, m: &Merchant) -> Result<bool, StoreError>;
    /// A merchant by id, disabled or not. Lookups by credential
    /// (`merchant_by_*`) never find a disabled merchant.
    async fn merchant(&self, id: MerchantId) -> Result<Option<Merchant>, StoreError>;
    /// The merchant with PayApp `userid`, unless disabled. Hits are
    /// remembered for a few seconds (see `merchant_cache`).
    async fn merchant_by_payapp_userid(&self, userid: &str)
    -> Result<Option<Merchant>, StoreError>;
    async fn list_merchants(&self) -> Result<Vec<Merchant>, StoreError>;
    /// The merchant with InnoPay `mid`, with its current §4.4 settings.
    async fn merchant_by_innopay_mid(&self, mid: &str) -> Result<Option<Merchant>, StoreError>;
    /// Replaces (or, with `None`, removes) one §4.4 notification setting.
    async fn set_innopay_notify_setting(
        &self,
        merchant: MerchantId,
        method: NotifyMethod,
        setting: Option<&NotifySetting>,
    ) -> Result<(), StoreError>;

    /// Reserves `count` consecutive ids of the named sequence.
    async fn reserve_ids(&self, sequence: &str, count: u32) -> Result<Range<i64>, StoreError>;

    /// Writes a change atomically and durably; returns the new outbox ids.
    async fn commit(&self, change: Change, now: Timestamp) -> Result<Vec<OutboxId>, StoreError>;

    async fn payment(&self, id: PaymentId) -> Result<Option<Payment>, StoreError>;
    async fn payment_by_page_code(&self, code: &PageCode) -> Result<Option<Payment>, StoreError>;
    /// The payment a merchant created with its own order number `reference`.
    async fn payment_by_reference(
        &self,
        merchant: MerchantId,
        protocol: Protocol,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError>;
    async fn events(&self, id: PaymentId) -> Result<Vec<EventRecord>, StoreError>;
    /// Open payments (requested or awaiting deposit) of `clock`'s
    /// merchants whose deadline is at or before `now`.
    async fn due_expirations(
        &self,
        now: Timestamp,
        clock: ClockScope,
        limit: u32,
    ) -> Result<Vec<Payment>, StoreError>;

    /// Paid, unsettled payments of `clock`'s merchants whose settlement is
    /// due at or before `now`.
    async fn due_settlements(
        &self,
        now: Timestamp,
        clock: ClockScope,
        limit: u32,
    ) -> Result<Vec<Payment>, StoreError>;

    /// Leases up to `limit` due messages for one attempt each.
    async fn lease_outbox(
        &self,
        times: LeaseTimes,
        limit: u32,
        worker: &str,
        token: i64,
    ) -> Result<Vec<Lease>, StoreError>;
    /// Hands leased messages back without attempting them, each due no
    /// earlier than `not_before` (the attempt numbers their leases reserved
    /// are returned). Leases lost meanwhile are left alone. Returns how many
    /// were handed back.
    async fn release_leases(
        &self,
        leases: &[Lease],
        not_before: Timestamp,
    ) -> Result<u64, StoreError>;
    /// Records an attempt and moves the message on. Returns false when the
    /// lease had already been lost (the attempt is recorded all the same).
    async fn record_attempt(
        &self,
        lease: &Lease,
        attempt: &AttemptRecord,
        next: NextStep,
    ) -> Result<bool, StoreError>;
    async fn outbox_list(&self, filter: &OutboxFilter) -> Result<Vec<OutboxRecord>, StoreError>;
    async fn outbox_get(&self, id: OutboxId) -> Result<Option<OutboxRecord>, StoreError>;
    async fn attempts(&self, id: OutboxId) -> Result<Vec<AttemptRecord>, StoreError>;
    /// Makes a message due again now, granting one more attempt if it had
    /// used them all. Returns false if there is no such message.
    async fn replay(&self, id: OutboxId, now: Timestamp) -> Result<bool, StoreError>;
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;
    /// SMS messages to one phone, newest first.
    async fn sms_to(
        &self,
        phone: &PhoneNumber,
        limit: u32,
    ) -> Result<Vec<OutboxRecord>, StoreError>;

    /// A shared integer setting (e.g. the sandbox clock offset).
    async fn setting(&self, name: &str) -> Result<Option<i64>, StoreError>;
    async fn set_setting(&self, name: &str, value: i64) -> Result<(), StoreError>;
}
