//! Durable storage for gyeolje.
//!
//! One trait, [`Store`], with two implementations: SQLite (the embedded
//! default: a file, WAL, full sync) and PostgreSQL (for several gateway
//! processes on one database). Each has its own embedded migrations, applied
//! on open. Both are one generic implementation (`SqlStore`, in `backend`
//! and `store_sql`), with the SQL built once from one column table per written
//! table (`columns`, `tables`, `writes`) and one decoder per row shape for
//! both drivers (`rows`); each backend says what it does its own way in its
//! `Backend` implementation (`sqlite`, `postgres`). Where they differ is how the hot path reaches the database: SQLite writes
//! on a thread of its own (`sqlite_writer`) and reads merchants and payments
//! by key on the caller's thread (`point_reads`); PostgreSQL writes a batch's
//! new payments in bulk (`pg_bulk`); and the outbox lease statement differs.
//! Writes of both go through one group-commit queue (`group_commit`).
//!
//! Guarantees every caller relies on:
//! - [`Store::commit`] writes a payment change, its events and its outbox rows
//!   in one transaction, and returns only once that transaction is durable.
//! - A stale `expected_version` is a [`StoreError::Conflict`], never an
//!   overwrite, so concurrent commands on one payment serialise.
//! - [`Store::lease_outbox`] never hands the same attempt of a message to two
//!   workers, in one process or many.

mod backend;
mod cash_receipts;
mod cash_receipts_sql;
mod columns;
mod driver;
mod error;
pub mod escrow;
mod escrow_sql;
mod group_commit;
mod merchant_cache;
mod param;
mod pg_bulk;
mod point_reads;
mod postgres;
mod rows;
pub mod sellers;
mod sellers_sql;
mod sqlite;
mod sqlite_writer;
mod sqlx_writer;
mod store_sql;
mod tables;
#[cfg(feature = "testing")]
pub mod testing;
mod writes;

pub use cash_receipts::CashReceiptStore;
pub use error::StoreError;
pub use escrow::{EscrowStore, Note};
pub use postgres::PgStore;
pub use sellers::SellerStore;
pub use sqlite::SqliteStore;

use async_trait::async_trait;
use gyeolje_core::{
    AttemptRecord, Change, EventRecord, Lease, Merchant, MerchantId, NewMerchant, NextStep,
    NotifyMethod, NotifySetting, OutboxId, OutboxRecord, OutboxState, PageCode, Payment, PaymentId,
    PhoneNumber, Protocol, Timestamp,
};
use std::ops::Range;
use std::sync::Arc;
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
}

/// Durable storage behind every front end.
#[async_trait]
pub trait Store: SellerStore + CashReceiptStore + EscrowStore + Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Applies pending migrations (also done by `open`).
    async fn migrate(&self) -> Result<(), StoreError>;

    async fn create_merchant(&self, m: NewMerchant, now: Timestamp)
    -> Result<Merchant, StoreError>;
    async fn merchant(&self, id: MerchantId) -> Result<Option<Merchant>, StoreError>;
    /// The merchant with PayApp `userid`. Hits are remembered for a few
    /// seconds (see `merchant_cache`): these rows never change.
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
    /// Open payments (requested or awaiting deposit) whose deadline is at or before `now`.
    async fn due_expirations(&self, now: Timestamp, limit: u32)
    -> Result<Vec<Payment>, StoreError>;

    /// Paid, unsettled payments whose settlement is due at or before `now`.
    async fn due_settlements(&self, now: Timestamp, limit: u32)
    -> Result<Vec<Payment>, StoreError>;

    /// Leases up to `limit` due messages for one attempt each.
    async fn lease_outbox(
        &self,
        times: LeaseTimes,
        limit: u32,
        worker: &str,
        token: i64,
    ) -> Result<Vec<Lease>, StoreError>;
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

/// Opens the store a database URL names: `sqlite://path` (the file and its
/// directory are created) or `postgres://…`. Migrations are applied.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::Config(
            "database URL must start with sqlite:// or postgres://".to_owned(),
        ))
    }
}

/// The database URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
