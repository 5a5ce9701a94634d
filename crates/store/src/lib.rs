//! Durable storage for gyeolje.
//!
//! One trait, [`Store`] (in `store`), with two implementations: SQLite (the
//! embedded default: a file, WAL, full sync) and PostgreSQL (for several
//! gateway processes on one database). Each has its own embedded
//! migrations, applied on open. The supertraits that keep one protocol's or
//! one feature's data — [`SellerStore`] (`sellers`), [`CashReceiptStore`]
//! (`cash_receipts`), [`EscrowStore`] (`escrow`), [`ConsoleStore`]
//! (`console`, the operator console's login), [`FaultStore`] (`faults`, the
//! sandbox's armed faults), [`LookupStore`] (`lookup`, an operator's payment
//! search) and [`AcquirerBookStore`] (`acquirer_books`, the simulated
//! acquirer's own books) — are defined in modules
//! of their own, and each trait has one generic implementation for both
//! backends, on `SqlStore` (`backend`), in the module of the same name with
//! `_sql` (`store_sql`, `sellers_sql`, `cash_receipts_sql`, `escrow_sql`,
//! `console_sql`, `faults_sql`, `lookup_sql`, `acquirer_books_sql`).
//! The SQL is built once from one column table per written table
//! (`columns`, `tables`, `writes`), with one decoder per row shape for both
//! drivers (`rows`); each backend says what it does its own way in its
//! `Backend` implementation (`sqlite`, `postgres`). Where they differ is how
//! the hot path reaches the database: SQLite writes on a thread of its own
//! (`sqlite_writer`) and reads merchants and payments by key on the
//! caller's thread (`point_reads`); PostgreSQL writes a batch's new payments
//! in bulk (`pg_bulk`); and the outbox lease statement differs. Writes of
//! both go through one group-commit queue (`group_commit`).
//!
//! This root only declares the modules and re-exports the public names (and
//! has [`open`] and [`open_existing`], which nothing inside the crate calls;
//! [`redact_url`] is `existing`'s).
//! Inside the crate an item is named by the module that defines it
//! (`crate::error::StoreError`, not `crate::StoreError`), so that no module
//! imports one that imports it back (issue 13).
//!
//! Guarantees every caller relies on:
//! - [`Store::commit`] writes a payment change, its events and its outbox rows
//!   in one transaction, and returns only once that transaction is durable.
//! - A stale `expected_version` is a [`StoreError::Conflict`], never an
//!   overwrite, so concurrent commands on one payment serialise.
//! - [`Store::lease_outbox`] never hands the same attempt of a message to two
//!   workers, in one process or many.

pub mod acquirer_books;
mod acquirer_books_sql;
mod backend;
mod cash_receipts;
mod cash_receipts_sql;
pub mod clocks;
mod clocks_sql;
mod columns;
pub mod console;
mod console_sql;
mod driver;
mod error;
pub mod escrow;
mod escrow_sql;
mod existing;
pub mod faults;
mod faults_sql;
mod group_commit;
mod lookup;
mod lookup_sql;
mod merchant_cache;
mod param;
mod pg_bulk;
mod pg_bulk_attempts;
mod point_reads;
mod postgres;
mod rows;
pub mod sellers;
mod sellers_sql;
mod sqlite;
mod sqlite_writer;
mod sqlx_writer;
mod store;
mod store_sql;
mod tables;
#[cfg(feature = "testing")]
pub mod testing;
mod writes;

pub use acquirer_books::{
    AcquirerBookStore, BookedCharge, BookedRefundRow, ChargeBooked, ChargeTotals, RefundBooked,
};
pub use cash_receipts::CashReceiptStore;
pub use clocks::{ClockScope, ClockStore};
pub use console::{ConsoleSession, ConsoleStore};
pub use error::StoreError;
pub use escrow::{EscrowStore, Note};
pub use existing::redact_url;
pub use faults::FaultStore;
pub use lookup::{LookupStore, PaymentFilter};
pub use postgres::PgStore;
pub use sellers::SellerStore;
pub use sqlite::SqliteStore;
pub use store::{LeaseTimes, OutboxCounts, OutboxFilter, Store};

use std::sync::Arc;

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

/// Opens the store of an existing, migrated database, for commands that
/// only read: never creates the SQLite file (or its directory) and never
/// migrates. A missing file, a database without gyeolje's schema or one
/// with migrations pending is [`StoreError::Missing`], naming the URL.
pub async fn open_existing(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open_existing(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open_existing(url).await?))
    } else {
        Err(StoreError::Config(
            "database URL must start with sqlite:// or postgres://".to_owned(),
        ))
    }
}
