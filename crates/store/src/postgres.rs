//! PostgreSQL, for several gateway processes on one database. Correctness
//! across processes comes from the same statements as on SQLite — version
//! checks on payments, lease tokens on the outbox — plus `SKIP LOCKED` in the
//! lease so concurrent workers pass over each other's rows instead of waiting.

use crate::backend::{Backend, SqlStore, read_optional};
use crate::clocks::ClockScope;
use crate::error::StoreError;
use crate::group_commit::{Done, Job};
use crate::param::Param;
use crate::rows::Decode;
use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult};
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The PostgreSQL store: [`Store`](crate::Store) and its sub-traits on a
/// PostgreSQL database. `PgStore::open(url)` connects and migrates; a
/// `search_path` can be given in the URL's `options`
/// (`?options=-c%20search_path%3Dmy_schema`), which tests use to get a
/// fresh schema each.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects and migrates. A `search_path` can be given in the URL's
    /// `options` (`?options=-c%20search_path%3Dmy_schema`), which tests use to
    /// get a fresh schema each.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, true).await
    }

    /// Connects, and checks that the schema exists and is migrated to this
    /// version (see `existing`); changes nothing.
    pub async fn open_existing(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, false).await
    }

    async fn open_as(url: &str, migrate: bool) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("bad PostgreSQL URL: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        if migrate {
            MIGRATOR.run(&pool).await?;
        } else {
            let applied = sqlx::query_scalar::<_, i64>(crate::existing::APPLIED)
                .fetch_all(&pool)
                .await;
            crate::existing::check_applied(url, &MIGRATOR, applied)?;
        }
        Ok(SqlStore {
            reader: pool.clone(),
            queue: crate::sqlx_writer::start(pool.clone(), 4),
            writer: pool,
            merchants: Default::default(),
            clocks: Default::default(),
            points: None,
        })
    }
}

impl Backend for Postgres {
    const NAME: &'static str = "postgres";

    async fn migrate(pool: &sqlx::Pool<Self>) -> Result<(), sqlx::migrate::MigrateError> {
        MIGRATOR.run(pool).await
    }

    /// `SKIP LOCKED` so concurrent workers pass over each other's rows, and
    /// the ids go through `= ANY(ARRAY(…))` rather than `IN (…)`: with `IN`,
    /// PostgreSQL's generic plan for the prepared statement hash-joins the
    /// subquery against a sequential scan of the whole outbox (milliseconds
    /// per lease with a big backlog); the array is computed once and looked
    /// up by primary key.
    fn lease_sql(scope: ClockScope) -> &'static str {
        static SQL: LazyLock<[String; 3]> = LazyLock::new(|| {
            crate::writes::lease_sqls("id = ANY(ARRAY(", " FOR UPDATE SKIP LOCKED", "))")
        });
        crate::writes::pick_lease_sql(&SQL, scope)
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }

    /// PostgreSQL's point reads are ordinary pool queries (a round trip
    /// either way).
    async fn point_read<'a, T: Send + 'a>(
        store: &'a SqlStore<Self>,
        sql: &'static str,
        params: &'a [Param<'a>],
        decode: Decode<T>,
    ) -> Result<Option<T>, StoreError> {
        read_optional(store, sql, params, decode).await
    }

    /// The batch's new payments in one statement per table (see `pg_bulk`),
    /// and its delivery attempts in a few (`pg_bulk_attempts`). The two
    /// take disjoint kinds of jobs.
    async fn bulk_writes<'a>(
        tx: &'a mut sqlx::PgConnection,
        batch: &'a [Job],
    ) -> Result<Vec<Option<Result<Done, StoreError>>>, StoreError> {
        let created = crate::pg_bulk::write_creations(tx, batch).await?;
        let recorded = crate::pg_bulk_attempts::write_attempts(tx, batch).await?;
        Ok(created
            .into_iter()
            .zip(recorded)
            .map(|(c, r)| c.or(r))
            .collect())
    }
}
