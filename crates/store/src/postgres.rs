//! PostgreSQL, for several gateway processes on one database. Correctness
//! across processes comes from the same statements as on SQLite — version
//! checks on payments, lease tokens on the outbox — plus `SKIP LOCKED` in the
//! lease so concurrent workers pass over each other's rows instead of waiting.

use crate::StoreError;
use crate::backend::{impl_store, lease_sql, merchant_select, outbox_columns};
use crate::cash_receipts::{cash_receipt_columns, impl_cash_receipt_store};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The PostgreSQL store.
pub struct PgStore {
    reader: PgPool,
    writer: PgPool,
    queue: crate::group_commit::Queue,
    merchants: crate::merchant_cache::MerchantCache,
}

impl PgStore {
    /// Connects and migrates. A `search_path` can be given in the URL's
    /// `options` (`?options=-c%20search_path%3Dmy_schema`), which tests use to
    /// get a fresh schema each.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("bad PostgreSQL URL: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore {
            reader: pool.clone(),
            queue: Self::start_committer(pool.clone(), 4),
            writer: pool,
            merchants: Default::default(),
        })
    }
}

impl_store!(
    PgStore,
    sqlx::Postgres,
    "postgres",
    MIGRATOR,
    lease_sql!(postgres)
);
crate::sellers::impl_seller_store!(PgStore);
impl_cash_receipt_store!(PgStore);
crate::escrow::impl_escrow_store!(PgStore);

impl PgStore {
    /// The batch's new payments in one statement per table (see `pg_bulk`).
    async fn bulk_creations(
        tx: &mut sqlx::PgConnection,
        batch: &[crate::group_commit::Job],
    ) -> Result<Vec<Option<Result<crate::group_commit::Done, StoreError>>>, StoreError> {
        crate::pg_bulk::write_creations(tx, batch).await
    }
}

/// PostgreSQL's point reads are ordinary pool queries (a round trip either way).
#[async_trait::async_trait]
impl crate::point_reads::PointReads for PgStore {
    async fn merchant_row(
        &self,
        sql: &'static str,
        params: &[crate::writes::Param<'_>],
    ) -> Result<Option<crate::rows::MerchantRow>, StoreError> {
        Self::sqlx_merchant_row(&self.reader, sql, params).await
    }

    async fn payment_row(
        &self,
        sql: &'static str,
        params: &[crate::writes::Param<'_>],
    ) -> Result<Option<crate::rows::PaymentRow>, StoreError> {
        Self::sqlx_payment_row(&self.reader, sql, params).await
    }
}
