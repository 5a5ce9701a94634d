//! Store errors.
//!
//! Policy: database errors are mapped deliberately, never passed through as
//! text to the wire. A unique-key violation or a stale version is a
//! [`StoreError::Conflict`] (the caller lost a race and should re-read); an
//! exhausted pool or a closed connection is [`StoreError::Unavailable`]
//! (the caller answers "try again"); a row that does not decode is
//! [`StoreError::Corrupt`] (a bug or a hand-edited database, logged loudly).
//! A database that a read-only command expected but did not find is
//! [`StoreError::Missing`], never created in passing.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("configuration: {0}")]
    Config(String),
    /// A read-only open (`open_existing`) found no database, or one
    /// without this version's schema; the text names the URL.
    #[error("{0}")]
    Missing(String),
    #[error("database error: {0}")]
    Database(String),
}

/// How a lost lock race reads in [`StoreError::Database`] (see [`is_lock_race`]).
const LOCK_RACE: &str = "lock race: ";

/// Whether `e` is PostgreSQL's deadlock (40P01) or serialization failure
/// (40001): the statement lost a race for locks with another transaction
/// and succeeds when run again. The writer retries such a job itself.
pub(crate) fn is_lock_race(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(m) if m.starts_with(LOCK_RACE))
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("40P01") | Some("40001")) =>
            {
                StoreError::Database(format!("{LOCK_RACE}{}", db.message()))
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                StoreError::Corrupt(e.to_string())
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(format!("migration failed: {e}"))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                StoreError::Conflict(e.to_string())
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Database(e.to_string()),
        }
    }
}
