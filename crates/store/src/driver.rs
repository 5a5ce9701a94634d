//! The sqlx calls the shared store code makes, for SQLite and PostgreSQL
//! alike.
//!
//! sqlx implements its executors and codecs per database, so a function
//! generic over `DB: sqlx::Database` has to state that `&mut DB::Connection`
//! executes statements, that `i64` and `&str` encode and decode, and so on —
//! and every function calling it has to state it again. [`Driver`] states
//! it once: the blanket implementation below carries the bounds, and the
//! generic code (`SqlStore`, the sqlx group-commit writer) calls its
//! methods. Both [`sqlx::Sqlite`] and [`sqlx::Postgres`] are `Driver`s.
//!
//! Every statement goes through a connection: a transaction's, or one
//! acquired from a pool for the statement (what sqlx's pool executor does
//! itself). Values are bound from a `&[Param]` (see `param`) and rows are
//! read by position through [`Cells`].

use crate::error::StoreError;
use crate::param::Param;
use crate::rows::{Cells, Decode};
use sqlx::{ColumnIndex, Database, Encode, Executor, IntoArguments, Row, Type};
use std::future::Future;

type Query<'q, DB> = sqlx::query::Query<'q, DB, <DB as Database>::Arguments>;

/// A database the shared store code can run its statements on.
pub(crate) trait Driver: Database {
    /// Runs `sql` with `params`; returns its rows.
    fn fetch_all<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'c;

    /// Runs `sql` with `params`; returns its first row, if any.
    fn fetch_optional<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Option<Self::Row>, sqlx::Error>> + Send + 'c;

    /// Runs `sql` with `params`. (How many rows it changed is read from the
    /// result by each backend: sqlx has no trait for it.)
    fn execute<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Self::QueryResult, sqlx::Error>> + Send + 'c;

    fn int(row: &Self::Row, i: usize) -> Result<i64, sqlx::Error>;
    fn opt_int(row: &Self::Row, i: usize) -> Result<Option<i64>, sqlx::Error>;
    fn text(row: &Self::Row, i: usize) -> Result<String, sqlx::Error>;
    fn opt_text(row: &Self::Row, i: usize) -> Result<Option<String>, sqlx::Error>;
}

impl<DB> Driver for DB
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'r> i64: sqlx::Decode<'r, DB> + Type<DB>,
    for<'r> String: sqlx::Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    fn fetch_all<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'c {
        conn.fetch_all(bind(sql, params))
    }

    fn fetch_optional<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Option<Self::Row>, sqlx::Error>> + Send + 'c {
        conn.fetch_optional(bind(sql, params))
    }

    fn execute<'c>(
        conn: &'c mut Self::Connection,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> impl Future<Output = Result<Self::QueryResult, sqlx::Error>> + Send + 'c {
        conn.execute(bind(sql, params))
    }

    fn int(row: &Self::Row, i: usize) -> Result<i64, sqlx::Error> {
        row.try_get(i)
    }

    fn opt_int(row: &Self::Row, i: usize) -> Result<Option<i64>, sqlx::Error> {
        row.try_get(i)
    }

    fn text(row: &Self::Row, i: usize) -> Result<String, sqlx::Error> {
        row.try_get(i)
    }

    fn opt_text(row: &Self::Row, i: usize) -> Result<Option<String>, sqlx::Error> {
        row.try_get(i)
    }
}

/// `sql` with `params` bound in order.
fn bind<'q, DB>(sql: &'static str, params: &[Param<'_>]) -> Query<'q, DB>
where
    DB: Database,
    for<'a> Option<i64>: Encode<'a, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB> + Type<DB>,
{
    let mut q = sqlx::query(sql);
    for p in params {
        q = match p {
            Param::Int(v) => q.bind(*v),
            Param::Text(v) => q.bind(v.as_deref()),
        };
    }
    q
}

/// A row sqlx returned, read column by column (see [`Cells`]).
struct SqlxCells<'r, DB: Driver> {
    row: &'r DB::Row,
    next: usize,
}

impl<DB: Driver> SqlxCells<'_, DB> {
    fn at(&mut self, name: &str) -> usize {
        let i = self.next;
        self.next += 1;
        debug_assert_eq!(
            self.row.columns().get(i).map(sqlx::Column::name),
            Some(name),
            "column {i} is read as {name}"
        );
        i
    }
}

impl<DB: Driver> Cells for SqlxCells<'_, DB> {
    fn int(&mut self, name: &str) -> Result<i64, StoreError> {
        let i = self.at(name);
        Ok(DB::int(self.row, i)?)
    }

    fn opt_int(&mut self, name: &str) -> Result<Option<i64>, StoreError> {
        let i = self.at(name);
        Ok(DB::opt_int(self.row, i)?)
    }

    fn text(&mut self, name: &str) -> Result<String, StoreError> {
        let i = self.at(name);
        Ok(DB::text(self.row, i)?)
    }

    fn opt_text(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        let i = self.at(name);
        Ok(DB::opt_text(self.row, i)?)
    }
}

/// Decodes one row sqlx returned.
pub(crate) fn decode<DB: Driver, T>(row: &DB::Row, decode: Decode<T>) -> Result<T, StoreError> {
    decode(&mut SqlxCells::<DB> { row, next: 0 })
}

/// Every row `sql` finds, decoded.
pub(crate) async fn all<DB: Driver, T>(
    conn: &mut DB::Connection,
    sql: &'static str,
    params: &[Param<'_>],
    decode: Decode<T>,
) -> Result<Vec<T>, StoreError> {
    let rows = DB::fetch_all(conn, sql, params).await?;
    rows.iter()
        .map(|r| self::decode::<DB, T>(r, decode))
        .collect()
}

/// The first row `sql` finds, decoded.
pub(crate) async fn optional<DB: Driver, T>(
    conn: &mut DB::Connection,
    sql: &'static str,
    params: &[Param<'_>],
    decode: Decode<T>,
) -> Result<Option<T>, StoreError> {
    let row = DB::fetch_optional(conn, sql, params).await?;
    row.map(|r| self::decode::<DB, T>(&r, decode)).transpose()
}

/// The one row `sql` returns (an `INSERT … RETURNING`), decoded.
pub(crate) async fn one<DB: Driver, T>(
    conn: &mut DB::Connection,
    sql: &'static str,
    params: &[Param<'_>],
    decode: Decode<T>,
) -> Result<T, StoreError> {
    optional::<DB, T>(conn, sql, params, decode)
        .await?
        .ok_or_else(|| sqlx::Error::RowNotFound.into())
}
