//! The store both backends share: [`SqlStore`], generic over a [`Backend`].
//!
//! The SQL is written once, with `$n` placeholders that SQLite and PostgreSQL
//! both accept, and rows decode through the decoders in `rows`. The
//! [`Store`](crate::Store) implementation (`store_sql`) and those of its
//! sub-traits (`sellers_sql`, `cash_receipts_sql`, `escrow_sql`) are each
//! one generic `impl<B: Backend>`. What differs per backend is the [`Backend`] trait,
//! implemented in `sqlite.rs` and `postgres.rs`: the migrations, the lease
//! statement, how point reads are answered and what a group commit writes
//! in bulk. The sqlx plumbing both share is in `driver`.
//!
//! The helpers below that run a statement on the store's pools are free
//! functions rather than methods: an inherent `impl<B: Backend> SqlStore<B>`
//! would put the crate-private `Backend` in a public type's interface.

use crate::clocks::{ClockCache, ClockScope};
use crate::driver::{self, Driver};
use crate::error::StoreError;
use crate::group_commit::{Done, Job, Queue};
use crate::merchant_cache::MerchantCache;
use crate::param::Param;
use crate::point_reads::SqliteReaders;
use crate::rows::Decode;
use sqlx::Pool;
use sqlx::migrate::MigrateError;
use std::future::Future;

/// What one database does its own way.
pub(crate) trait Backend: Driver {
    /// `sqlite` or `postgres` (see [`Store::backend`](crate::Store::backend)).
    const NAME: &'static str;

    /// Applies this backend's embedded migrations.
    fn migrate(pool: &Pool<Self>) -> impl Future<Output = Result<(), MigrateError>> + Send + '_;

    /// The outbox lease statement for the messages of `scope`'s payments
    /// (see `writes::lease_sql`).
    fn lease_sql(scope: ClockScope) -> &'static str;

    /// How many rows a statement changed.
    fn rows_affected(done: &Self::QueryResult) -> u64;

    /// One row by key on the request path (see `point_reads`).
    fn point_read<'a, T: Send + 'a>(
        store: &'a SqlStore<Self>,
        sql: &'static str,
        params: &'a [Param<'a>],
        decode: Decode<T>,
    ) -> impl Future<Output = Result<Option<T>, StoreError>> + Send + 'a;

    /// In a group commit's optimistic pass, writes what of `batch` this
    /// backend writes together. Returns, per job, its outcome if it was
    /// written here (`None`: written one at a time after).
    fn bulk_writes<'a>(
        tx: &'a mut Self::Connection,
        batch: &'a [Job],
    ) -> impl Future<Output = Result<Vec<Option<Result<Done, StoreError>>>, StoreError>> + Send + 'a;
}

/// The store of either backend: [`SqliteStore`](crate::SqliteStore) or
/// [`PgStore`](crate::PgStore). (Bounded by `sqlx::Database` only, so that
/// the crate-private [`Backend`] stays out of its public signature; every
/// `impl` on it asks for a `Backend`.)
pub struct SqlStore<B: sqlx::Database> {
    /// Scans and reads off the request path.
    pub(crate) reader: Pool<B>,
    /// Rare writes outside the group commit (merchants, settings, replays).
    pub(crate) writer: Pool<B>,
    /// The group-commit writer (see `group_commit`).
    pub(crate) queue: Queue,
    pub(crate) merchants: MerchantCache,
    /// The merchant clocks this process has seen (see `clocks`).
    pub(crate) clocks: ClockCache,
    /// SQLite's point reads on the calling thread (see `point_reads`);
    /// `None` in memory and on PostgreSQL.
    pub(crate) points: Option<SqliteReaders>,
}

/// Every row `sql` finds on the read pool, decoded.
pub(crate) async fn read_all<B: Backend, T>(
    store: &SqlStore<B>,
    sql: &'static str,
    params: &[Param<'_>],
    decode: Decode<T>,
) -> Result<Vec<T>, StoreError> {
    let mut conn = store.reader.acquire().await?;
    driver::all::<B, T>(&mut conn, sql, params, decode).await
}

/// The first row `sql` finds on the read pool, decoded.
pub(crate) async fn read_optional<B: Backend, T>(
    store: &SqlStore<B>,
    sql: &'static str,
    params: &[Param<'_>],
    decode: Decode<T>,
) -> Result<Option<T>, StoreError> {
    let mut conn = store.reader.acquire().await?;
    driver::optional::<B, T>(&mut conn, sql, params, decode).await
}

/// Runs one write on the write pool; returns how many rows it changed.
pub(crate) async fn write<B: Backend>(
    store: &SqlStore<B>,
    sql: &'static str,
    params: &[Param<'_>],
) -> Result<u64, StoreError> {
    let mut conn = store.writer.acquire().await?;
    execute::<B>(&mut conn, sql, params).await
}

/// Runs one statement on `conn`; returns how many rows it changed.
pub(crate) async fn execute<B: Backend>(
    conn: &mut B::Connection,
    sql: &'static str,
    params: &[Param<'_>],
) -> Result<u64, StoreError> {
    let done = B::execute(conn, sql, params).await?;
    Ok(B::rows_affected(&done))
}
