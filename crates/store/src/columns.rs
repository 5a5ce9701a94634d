//! Column tables: a written table's columns listed once, each with where its
//! value comes from, and the statements built from that list.
//!
//! A table's columns used to be spelled out in its INSERT, its UPDATE, the
//! PostgreSQL bulk insert and the row decoding, and a new column had to be
//! added to each, in the same order. Now the [`Table`] is the one list: the
//! INSERT, UPDATE, upsert and `UNNEST` statements and the select list the
//! decoders in `rows` read are built from it (once, at first use; see
//! `writes`), and so are the values each statement binds. Adding a column
//! is a migration on each backend plus one line in its table.

use crate::error::StoreError;
use crate::param::Param;
use std::borrow::Cow;
use std::fmt::Write as _;

/// A column's type: every column is an integer (BIGINT) or text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
}

impl Kind {
    /// The PostgreSQL array type one `UNNEST` argument of this kind has.
    fn array(self) -> &'static str {
        match self {
            Kind::Int => "int8[]",
            Kind::Text => "text[]",
        }
    }
}

/// Where a column's value comes from when a `T` is written. `C` is what is
/// written beside it that `T` does not hold (`()` for most tables).
pub(crate) enum Value<T, C> {
    Int(fn(&T, &C) -> i64),
    OptInt(fn(&T, &C) -> Option<i64>),
    Text(for<'a> fn(&'a T, &C) -> &'a str),
    OptText(for<'a> fn(&'a T, &C) -> Option<&'a str>),
    /// Text computed for the row (an encoding of a field).
    Owned(fn(&T, &C) -> String),
    /// The whole `T` as JSON: the `body` the record is read back from.
    Json(fn(&T) -> serde_json::Result<String>),
    /// Not written by the INSERT: the database fills it (a serial id) or a
    /// later statement does. Read back all the same.
    Unwritten(Kind),
}

/// One column of a [`Table`].
pub(crate) struct Column<T, C> {
    pub name: &'static str,
    pub value: Value<T, C>,
    /// Whether an UPDATE of a row (or an upsert's conflict) rewrites it;
    /// the others never change once inserted.
    pub changes: bool,
}

impl<T, C> Column<T, C> {
    const fn new(name: &'static str, value: Value<T, C>) -> Self {
        Column {
            name,
            value,
            changes: false,
        }
    }

    pub const fn int(name: &'static str, f: fn(&T, &C) -> i64) -> Self {
        Self::new(name, Value::Int(f))
    }

    pub const fn opt_int(name: &'static str, f: fn(&T, &C) -> Option<i64>) -> Self {
        Self::new(name, Value::OptInt(f))
    }

    pub const fn text(name: &'static str, f: for<'a> fn(&'a T, &C) -> &'a str) -> Self {
        Self::new(name, Value::Text(f))
    }

    pub const fn opt_text(name: &'static str, f: for<'a> fn(&'a T, &C) -> Option<&'a str>) -> Self {
        Self::new(name, Value::OptText(f))
    }

    pub const fn owned(name: &'static str, f: fn(&T, &C) -> String) -> Self {
        Self::new(name, Value::Owned(f))
    }

    pub const fn json(name: &'static str) -> Self
    where
        T: serde::Serialize,
    {
        Self::new(name, Value::Json(serde_json::to_string::<T>))
    }

    pub const fn unwritten(name: &'static str, kind: Kind) -> Self {
        Self::new(name, Value::Unwritten(kind))
    }

    fn kind(&self) -> Kind {
        match self.value {
            Value::Int(_) | Value::OptInt(_) => Kind::Int,
            Value::Text(_) | Value::OptText(_) | Value::Owned(_) | Value::Json(_) => Kind::Text,
            Value::Unwritten(kind) => kind,
        }
    }

    fn written(&self) -> bool {
        !matches!(self.value, Value::Unwritten(_))
    }

    /// This column's value for `t` (`None` for an unwritten column).
    fn param<'a>(&self, t: &'a T, c: &C) -> Result<Option<Param<'a>>, StoreError> {
        Ok(Some(match self.value {
            Value::Int(f) => Param::Int(Some(f(t, c))),
            Value::OptInt(f) => Param::Int(f(t, c)),
            Value::Text(f) => Param::text(f(t, c)),
            Value::OptText(f) => Param::opt_text(f(t, c)),
            Value::Owned(f) => Param::Text(Some(Cow::Owned(f(t, c)))),
            Value::Json(f) => Param::Text(Some(Cow::Owned(f(t)?))),
            Value::Unwritten(_) => return Ok(None),
        }))
    }
}

/// Marks a column as one an UPDATE rewrites. (A function rather than a
/// method so that the column's closures get their types from the table.)
pub(crate) const fn changes<T, C>(mut column: Column<T, C>) -> Column<T, C> {
    column.changes = true;
    column
}

/// A table the store writes rows of `T` to.
pub(crate) struct Table<T: 'static, C: 'static = ()> {
    pub name: &'static str,
    pub columns: &'static [Column<T, C>],
}

/// `$from, $from+1, …` for `n` values.
fn placeholders(from: usize, n: usize) -> String {
    let all: Vec<String> = (from..from + n).map(|i| format!("${i}")).collect();
    all.join(", ")
}

impl<T, C> Table<T, C> {
    fn written(&self) -> impl Iterator<Item = &Column<T, C>> {
        self.columns.iter().filter(|c| c.written())
    }

    fn changing(&self) -> impl Iterator<Item = &Column<T, C>> {
        self.columns.iter().filter(|c| c.written() && c.changes)
    }

    fn names<'a>(columns: impl Iterator<Item = &'a Column<T, C>>) -> String {
        let names: Vec<&str> = columns.map(|c| c.name).collect();
        names.join(", ")
    }

    /// Every column, in order: the select list the table's decoder reads.
    pub fn select_list(&self) -> String {
        Self::names(self.columns.iter())
    }

    /// `INSERT INTO t (…written columns…) VALUES ($1, …)`, binding
    /// [`values`](Self::values).
    pub fn insert(&self) -> String {
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            Self::names(self.written()),
            placeholders(1, self.written().count())
        )
    }

    /// `UPDATE t SET …changing columns… WHERE k1 = $… AND …`, binding
    /// [`changed_values`](Self::changed_values) and then one value per key.
    pub fn update(&self, keys: &[&str]) -> String {
        let mut sql = format!("UPDATE {} SET ", self.name);
        let mut n = 0;
        for c in self.changing() {
            n += 1;
            let sep = if n == 1 { "" } else { ", " };
            let _ = write!(sql, "{sep}{} = ${n}", c.name);
        }
        for (i, key) in keys.iter().enumerate() {
            n += 1;
            let sep = if i == 0 { " WHERE " } else { " AND " };
            let _ = write!(sql, "{sep}{key} = ${n}");
        }
        sql
    }

    /// The INSERT, or on a conflict over `key` the UPDATE of the changing
    /// columns to the new row's values.
    pub fn upsert(&self, key: &str) -> String {
        let set: Vec<String> = self
            .changing()
            .map(|c| format!("{0} = excluded.{0}", c.name))
            .collect();
        format!(
            "{} ON CONFLICT ({key}) DO UPDATE SET {}",
            self.insert(),
            set.join(", ")
        )
    }

    /// PostgreSQL's bulk INSERT: one array per written column, and first
    /// one per unwritten column of `first` (values the caller drew itself,
    /// such as serial ids). Binds the columns of rows whose values are
    /// `first`'s followed by [`values`](Self::values).
    pub fn unnest(&self, first: &[&str]) -> String {
        let leading = self.columns.iter().filter(|c| first.contains(&c.name));
        let columns: Vec<&Column<T, C>> = leading.chain(self.written()).collect();
        let arrays: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("${}::{}", i + 1, c.kind().array()))
            .collect();
        format!(
            "INSERT INTO {} ({}) SELECT * FROM UNNEST({})",
            self.name,
            Self::names(columns.into_iter()),
            arrays.join(", ")
        )
    }

    /// The values of `t`'s written columns, in order.
    pub fn values<'a>(&self, t: &'a T, c: &C) -> Result<Vec<Param<'a>>, StoreError> {
        self.params(self.written(), t, c)
    }

    /// The values of `t`'s changing columns, in order.
    pub fn changed_values<'a>(&self, t: &'a T, c: &C) -> Result<Vec<Param<'a>>, StoreError> {
        self.params(self.changing(), t, c)
    }

    fn params<'a, 'c>(
        &self,
        columns: impl Iterator<Item = &'c Column<T, C>>,
        t: &'a T,
        c: &C,
    ) -> Result<Vec<Param<'a>>, StoreError>
    where
        T: 'c,
        C: 'c,
    {
        let mut params = Vec::with_capacity(self.columns.len());
        for column in columns {
            params.extend(column.param(t, c)?);
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        id: i64,
        name: String,
        note: Option<String>,
    }

    static ROWS: Table<Row> = Table {
        name: "rows",
        columns: &[
            Column::int("id", |r, _| r.id),
            Column::unwritten("serial", Kind::Int),
            changes(Column::text("name", |r, _| &r.name)),
            changes(Column::opt_text("note", |r, _| r.note.as_deref())),
        ],
    };

    #[test]
    fn statements_follow_the_table() {
        assert_eq!(ROWS.select_list(), "id, serial, name, note");
        assert_eq!(
            ROWS.insert(),
            "INSERT INTO rows (id, name, note) VALUES ($1, $2, $3)"
        );
        assert_eq!(
            ROWS.update(&["id", "name"]),
            "UPDATE rows SET name = $1, note = $2 WHERE id = $3 AND name = $4"
        );
        assert_eq!(
            ROWS.upsert("id"),
            "INSERT INTO rows (id, name, note) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, note = excluded.note"
        );
        assert_eq!(
            ROWS.unnest(&["serial"]),
            "INSERT INTO rows (serial, id, name, note) \
             SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::text[])"
        );
        let row = Row {
            id: 7,
            name: "n".into(),
            note: None,
        };
        assert_eq!(
            ROWS.values(&row, &()).ok(),
            Some(vec![Param::int(7), Param::text("n"), Param::Text(None)])
        );
        assert_eq!(
            ROWS.changed_values(&row, &()).ok(),
            Some(vec![Param::text("n"), Param::Text(None)])
        );
    }
}
