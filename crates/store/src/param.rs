//! Bound values: what every statement of the store binds, in one type both
//! drivers take.
//!
//! Two drivers run the store's statements: sqlx (PostgreSQL, SQLite's rare
//! writes and scans) and rusqlite (the SQLite writer thread and point reads,
//! see `sqlite_writer` and `point_reads`). A statement's values are built
//! once as a `&[Param]`, and each driver binds them its own way: sqlx in
//! `driver`, rusqlite through the [`ToSql`] below. Every column is an
//! integer or text (or `NULL`): PostgreSQL uses BIGINT and TEXT throughout,
//! so the types line up on both.
//!
//! Placeholders are `$n`, which both databases take. SQLite numbers `$n`
//! parameters by their first appearance, so within each statement they
//! first appear in order `$1, $2, …` (a test in `writes` checks it) and
//! binding by position is binding by number for both drivers.

use gyeolje_core::Timestamp;
use rusqlite::ToSql;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use std::borrow::Cow;

/// One bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param<'a> {
    Int(Option<i64>),
    Text(Option<Cow<'a, str>>),
}

impl<'a> Param<'a> {
    pub fn int(v: i64) -> Self {
        Param::Int(Some(v))
    }

    pub fn text(v: &'a str) -> Self {
        Param::Text(Some(Cow::Borrowed(v)))
    }

    /// Text the statement owns (for work queued to the writer).
    pub fn owned_text(v: String) -> Self {
        Param::Text(Some(Cow::Owned(v)))
    }

    pub fn opt_text(v: Option<&'a str>) -> Self {
        Param::Text(v.map(Cow::Borrowed))
    }
}

/// A time as stored: milliseconds since the epoch.
pub(crate) fn millis(t: Option<Timestamp>) -> Option<i64> {
    t.map(|t| t.as_millis())
}

/// An unsigned count or duration as a BIGINT (no stored value comes near
/// the limit; saturating keeps a wild one from wrapping negative).
pub(crate) fn saturating(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Param::Int(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Param::Text(Some(v)) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Param::Int(None) | Param::Text(None) => ToSqlOutput::Owned(Value::Null),
        })
    }
}

/// Asserts that `sql`'s `$n` placeholders first appear in order `$1, $2, …`
/// (see the module docs), and returns how many there are.
#[cfg(test)]
pub(crate) fn assert_placeholders_in_order(sql: &str) -> usize {
    let mut seen = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>()
            && !seen.contains(&n)
        {
            seen.push(n);
        }
    }
    let expected: Vec<usize> = (1..=seen.len()).collect();
    assert_eq!(seen, expected, "{sql}");
    seen.len()
}
