//! Point reads on the request path: one merchant or one payment by a key.
//!
//! Every request reads its merchant (by `userid`, `mid` or ticket) and many
//! read one payment before they write. Each backend answers these through
//! [`PointReads`]: PostgreSQL with its sqlx pool (a network round trip
//! anyway), SQLite on the calling thread with a connection from a small pool
//! of read-only rusqlite connections. The SQLite read is a B-tree lookup in
//! pages that are nearly always cached — microseconds, less than the
//! two thread hand-offs sqlx's SQLite worker costs for it (see
//! `sqlite_writer` for the profile). WAL readers never wait for the writer,
//! so the call does not block on other requests. Queries that scan (lists,
//! reports, due work) stay on sqlx.

use crate::StoreError;
use crate::rows::{MerchantRow, PaymentRow};
use crate::writes::Param;
use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, params_from_iter};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// The two row shapes a point read returns.
#[async_trait]
pub(crate) trait PointReads {
    /// The merchant row the `merchant_select!` statement `sql` finds.
    async fn merchant_row(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Result<Option<MerchantRow>, StoreError>;
    /// The payment row (its `body`) `sql` finds.
    async fn payment_row(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Result<Option<PaymentRow>, StoreError>;
}

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
        conn.pragma_update(None, "cache_size", crate::sqlite::READER_CACHE)?;
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

    pub fn merchant_row(
        &self,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Option<MerchantRow>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params_from_iter(params))?;
            let Some(r) = rows.next()? else {
                return Ok(None);
            };
            Ok(Some(MerchantRow {
                id: r.get("id")?,
                name: r.get("name")?,
                created_at: r.get("created_at")?,
                userid: r.get("userid")?,
                linkkey: r.get("linkkey")?,
                linkval: r.get("linkval")?,
                common_feedbackurl: r.get("common_feedbackurl")?,
                innopay_mid: r.get("innopay_mid")?,
                license_key: r.get("license_key")?,
                cancel_pwd: r.get("cancel_pwd")?,
                pg_mids: r.get("pg_mids")?,
                card_url: r.get("card_url")?,
                card_interval: r.get("card_interval")?,
                card_count: r.get("card_count")?,
                card_since: r.get("card_since")?,
                cash_url: r.get("cash_url")?,
                cash_interval: r.get("cash_interval")?,
                cash_count: r.get("cash_count")?,
                cash_since: r.get("cash_since")?,
                ipay_seller_id: r.get("ipay_seller_id")?,
                ipay_site_url: r.get("ipay_site_url")?,
            }))
        })
    }

    pub fn payment_row(
        &self,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Option<PaymentRow>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params_from_iter(params))?;
            match rows.next()? {
                Some(r) => Ok(Some(PaymentRow { body: r.get(0)? })),
                None => Ok(None),
            }
        })
    }
}
