//! SQLite, the embedded default: one file, WAL journal, `synchronous=FULL`
//! so a commit is on disk before the reply. The hot writes — commits,
//! delivery attempts, leases, id blocks — go through the group-commit queue
//! to one writer thread with its own connection (`sqlite_writer`); the rare
//! others (merchants, settings, replays) through a sqlx pool of one
//! connection, which waits its turn on SQLite's write lock. Reads use a
//! separate pool that WAL lets run alongside the writer. An in-memory
//! database is one connection, so there the sqlx connection is the writer.

use crate::backend::{Backend, SqlStore, read_optional};
use crate::clocks::ClockScope;
use crate::error::StoreError;
use crate::group_commit::{Done, Job};
use crate::param::Param;
use crate::point_reads::{READER_CACHE, SqliteReaders};
use crate::rows::Decode;
use sqlx::Sqlite;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult,
    SqliteSynchronous,
};
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite store: [`Store`](crate::Store) and its sub-traits on a
/// database file. `SqliteStore::open(url)` opens (creating if needed) the
/// file a `sqlite://` URL names and migrates it.
pub type SqliteStore = SqlStore<Sqlite>;

impl SqlStore<Sqlite> {
    /// Opens (creating if needed) the database file the URL names and migrates it.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, true).await
    }

    /// Opens the database file the URL names only if it exists and is
    /// migrated to this version (see `existing`); creates and changes nothing.
    pub async fn open_existing(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, false).await
    }

    async fn open_as(url: &str, create: bool) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("bad SQLite URL: {e}")))?
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let path = options.get_filename().to_path_buf();
        let in_memory = path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:");
        if !create && (in_memory || !path.is_file()) {
            let why = if in_memory {
                "an in-memory database is always new"
            } else {
                "the file does not exist"
            };
            return Err(crate::existing::no_database(url, why));
        }
        if !create {
            // Checked on a read-only connection before anything below sets
            // WAL mode, which would write to a file that is not ours.
            let probe = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("bad SQLite URL: {e}")))?
                .read_only(true);
            let mut conn = sqlx::ConnectOptions::connect(&probe).await?;
            let applied = sqlx::query_scalar::<_, i64>(crate::existing::APPLIED)
                .fetch_all(&mut conn)
                .await;
            sqlx::Connection::close(conn).await?;
            crate::existing::check_applied(url, &MIGRATOR, applied)?;
        }
        if let Some(dir) = path
            .parent()
            .filter(|d| create && !in_memory && !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        // Every connection but the writer thread's gets a small page cache:
        // see `point_reads::READER_CACHE`.
        let options = options.pragma("cache_size", READER_CACHE);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        if create {
            MIGRATOR.run(&writer).await?;
        }
        let reader = if in_memory {
            writer.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options.read_only(true))
                .await?
        };
        let queue = if in_memory {
            crate::sqlx_writer::start(writer.clone(), 1)
        } else {
            let (queue, jobs) = crate::group_commit::channel();
            crate::sqlite_writer::start(&path, jobs)?;
            queue
        };
        Ok(SqlStore {
            reader,
            writer,
            queue,
            merchants: Default::default(),
            clocks: Default::default(),
            points: (!in_memory).then(|| SqliteReaders::new(path.clone())),
        })
    }
}

impl Backend for Sqlite {
    const NAME: &'static str = "sqlite";

    async fn migrate(pool: &sqlx::Pool<Self>) -> Result<(), sqlx::migrate::MigrateError> {
        MIGRATOR.run(pool).await
    }

    /// SQLite has a single writer, so the lease needs no row-locking clause.
    fn lease_sql(scope: ClockScope) -> &'static str {
        static SQL: LazyLock<[String; 3]> =
            LazyLock::new(|| crate::writes::lease_sqls("id IN (", "", ")"));
        crate::writes::pick_lease_sql(&SQL, scope)
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }

    async fn point_read<'a, T: Send + 'a>(
        store: &'a SqlStore<Self>,
        sql: &'static str,
        params: &'a [Param<'a>],
        decode: Decode<T>,
    ) -> Result<Option<T>, StoreError> {
        match &store.points {
            Some(points) => points.read(sql, params, decode),
            None => read_optional(store, sql, params, decode).await,
        }
    }

    /// The sqlx writer (in memory only) writes every job on its own: there
    /// is no round trip to save.
    async fn bulk_writes<'a>(
        _tx: &'a mut sqlx::SqliteConnection,
        batch: &'a [Job],
    ) -> Result<Vec<Option<Result<Done, StoreError>>>, StoreError> {
        Ok(batch.iter().map(|_| None).collect())
    }
}
