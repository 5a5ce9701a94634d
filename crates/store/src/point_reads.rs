//! Point reads on the request path: one merchant or one payment by a key.
//!
//! Every request reads its merchant (by `userid`, `mid` or ticket) and many
//! read one payment before they write. Each backend answers these through
//! `Backend::point_read`: PostgreSQL with its sqlx pool (a network round trip
//! anyway), SQLite on the calling thread with a connection from a small pool
//! of read-only rusqlite connections. The SQLite read is a B-tree lookup in
//! pages that are nearly always cached — microseconds, less than the
//! two thread hand-offs sqlx's SQLite worker costs for it (see
//! `sqlite_writer` for the profile). WAL readers never wait for the writer,
//! so the call does not block on other requests. Queries that scan (lists,
//! reports, due work) stay on sqlx.

use crate::error::StoreError;
use crate::param::Param;
use crate::rows::{Cells, Decode};
use rusqlite::{Connection, OpenFlags, params_from_iter};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// The page cache of every connection except the writer thread's, as a
/// `PRAGMA cache_size` (negative: KiB). The bundled SQLite is built with
/// `SQLITE_ENABLE_MEMORY_MANAGEMENT`, so all connections' caches share one
/// pool whose limit is the sum of theirs: with SQLite's default (2 MiB) for
/// each of a dozen connections, a busy server's memory crept up by ~13 MiB
/// over ten minutes as rarely used readers filled their share. A reader's
/// cache is emptied by every commit of the writer anyway (WAL), so a large
/// one buys little; 128 KiB holds the few pages a point read or a sweep
/// touches. Kept here, beside the read-only connections it sizes, rather
/// than in `sqlite` (whose sqlx pools use it too), so that this module does
/// not depend on the backend that depends on it.
pub(crate) const READER_CACHE: &str = "-128";

/// Most idle read connections kept; more are opened when more requests read
/// at once, and closed when returned to a full pool.
const IDLE: usize = 8;

/// SQLite's read-only connections for point reads.
pub(crate) struct SqliteReaders {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl SqliteReaders {
    pub fn new(path: PathBuf) -> Self {
        SqliteReaders {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn open(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // A WAL reader waits only while the WAL index is being rebuilt.
        conn.busy_timeout(Duration::from_millis(500))?;
        conn.pragma_update(None, "cache_size", READER_CACHE)?;
        Ok(conn)
    }

    /// Runs `read` on an idle connection (or a new one) and puts it back.
    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => self.open()?,
        };
        let result = read(&conn);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < IDLE
        {
            idle.push(conn);
        }
        result
    }

    /// The first row `sql` finds, decoded.
    pub fn read<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        decode: Decode<T>,
    ) -> Result<Option<T>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params_from_iter(params))?;
            match rows.next()? {
                Some(row) => decode(&mut RusqliteCells::new(row)).map(Some),
                None => Ok(None),
            }
        })
    }
}

/// A row rusqlite returned, read column by column (see [`Cells`]); also
/// the SQLite writer thread's.
pub(crate) struct RusqliteCells<'r> {
    row: &'r rusqlite::Row<'r>,
    next: usize,
}

impl<'r> RusqliteCells<'r> {
    pub fn new(row: &'r rusqlite::Row<'r>) -> Self {
        RusqliteCells { row, next: 0 }
    }

    fn get<T: rusqlite::types::FromSql>(&mut self, name: &str) -> Result<T, StoreError> {
        let i = self.next;
        self.next += 1;
        debug_assert_eq!(
            self.row.as_ref().column_name(i).ok(),
            Some(name),
            "column {i} is read as {name}"
        );
        Ok(self.row.get(i)?)
    }
}

impl Cells for RusqliteCells<'_> {
    fn int(&mut self, name: &str) -> Result<i64, StoreError> {
        self.get(name)
    }

    fn opt_int(&mut self, name: &str) -> Result<Option<i64>, StoreError> {
        self.get(name)
    }

    fn text(&mut self, name: &str) -> Result<String, StoreError> {
        self.get(name)
    }

    fn opt_text(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        self.get(name)
    }
}
