//! The SQLite writer: one OS thread that owns the write connection and runs
//! whole group-commit batches (see `group_commit`) itself.
//!
//! Why not sqlx for this: sqlx drives SQLite from a worker thread of its own
//! and hands every statement to it and every row back through channels, so a
//! batch of 256 changes (savepoint, payment, event, release: about four
//! statements each) cost over a thousand thread hand-offs. Profiles of
//! `payapp-payrequest` showed the process spending most of its CPU in the
//! kernel's context switches and the SQLite worker, and almost none in
//! SQLite. Here the thread takes a batch from the queue, executes it
//! statement after statement on prepared (cached) statements, commits with
//! one sync and answers each caller — one hand-off in and one out per job.
//!
//! The statements and their values are the same `writes` both drivers use.

use crate::backend::Backend;
use crate::error::StoreError;
use crate::group_commit::{Done, Job, LeaseRequest, Work, Written};
use crate::point_reads::RusqliteCells;
use crate::rows::{self, Decode};
use crate::writes::{self, Statement};
use gyeolje_core::{AttemptRecord, Change, Lease, NextStep, OutboxId, Timestamp};
use rusqlite::{Connection, OpenFlags, params_from_iter};
use std::path::Path;
use std::time::Duration;
use tokio::sync::mpsc;

/// The writer's page cache, as a `PRAGMA cache_size` (-KiB); see
/// `point_reads::READER_CACHE` for why the others are small.
const WRITER_CACHE: &str = "-2000";

/// Opens the write connection to the (already migrated) database file and
/// starts the writer thread on `jobs`. The thread ends when every sender of
/// the queue is gone.
pub(crate) fn start(path: &Path, mut jobs: mpsc::Receiver<Job>) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The same settings as the sqlx connections (see `sqlite.rs`): WAL, and
    // a commit is on disk before anyone is answered.
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // SQLite's default, stated: the writer's inserts touch the most pages.
    conn.pragma_update(None, "cache_size", WRITER_CACHE)?;
    conn.set_prepared_statement_cache_capacity(32);
    std::thread::Builder::new()
        .name("sqlite-writer".into())
        .spawn(move || {
            let mut conn = conn;
            while let Some(batch) = crate::group_commit::next_batch_blocking(&mut jobs) {
                run_batch(&mut conn, batch);
            }
        })
        .map_err(|e| StoreError::Config(format!("cannot start the SQLite writer: {e}")))?;
    Ok(())
}

/// One transaction for the batch, a savepoint per job (one job's conflict
/// rolls back that job alone — savepoints cost nothing here, unlike a round
/// trip to PostgreSQL), one commit, then every caller's answer.
fn run_batch(conn: &mut Connection, batch: Vec<Job>) {
    let written = (|| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for job in &batch {
            tx.execute_batch("SAVEPOINT job")?;
            let outcome = apply(&tx, &job.work);
            tx.execute_batch(if outcome.is_ok() {
                "RELEASE SAVEPOINT job"
            } else {
                "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job"
            })?;
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok::<_, StoreError>(Written::Committed(outcomes))
    })();
    crate::group_commit::answer(batch, written);
}

fn apply(conn: &Connection, work: &Work) -> Result<Done, StoreError> {
    match work {
        Work::Change { change, now } => apply_change(conn, change, *now).map(Done::Ids),
        Work::Attempt {
            lease_id,
            token,
            attempt,
            next,
        } => apply_attempt(conn, *lease_id, *token, attempt, *next).map(Done::Recorded),
        Work::Lease(l) => lease(conn, l).map(Done::Leased),
        Work::Release(r) => {
            let mut released = 0;
            for (id, token) in &r.leases {
                released += u64::try_from(write(conn, writes::release(*id, *token, r.not_before))?)
                    .unwrap_or(0);
            }
            Ok(Done::Released(released))
        }
        Work::ReserveIds { sequence, count } => {
            let end = one(conn, writes::reserve_ids(sequence, *count), |c| {
                c.int("next_value")
            })?;
            Ok(Done::Range(end - count..end))
        }
        Work::Exec { sql, params } => {
            let changed = conn
                .prepare_cached(sql)?
                .execute(params_from_iter(params))?;
            Ok(Done::Rows(u64::try_from(changed).unwrap_or(u64::MAX)))
        }
    }
}

fn write(conn: &Connection, s: Statement<'_>) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(s.sql)?
        .execute(params_from_iter(&s.params))?)
}

/// The one row an `INSERT … RETURNING` returns, decoded.
fn one<T>(conn: &Connection, s: Statement<'_>, decode: Decode<T>) -> Result<T, StoreError> {
    let mut stmt = conn.prepare_cached(s.sql)?;
    let mut rows = stmt.query(params_from_iter(&s.params))?;
    match rows.next()? {
        Some(row) => decode(&mut RusqliteCells::new(row)),
        None => Err(rusqlite::Error::QueryReturnedNoRows.into()),
    }
}

fn apply_change(
    conn: &Connection,
    change: &Change,
    now: Timestamp,
) -> Result<Vec<OutboxId>, StoreError> {
    match &change.payment {
        Some(gyeolje_core::PaymentWrite::Insert(p)) => {
            write(conn, writes::insert_payment(p)?)?;
        }
        Some(gyeolje_core::PaymentWrite::Update {
            payment: p,
            expected_version,
        }) => {
            let s = writes::update_payment(p, *expected_version)?;
            if write(conn, s)? != 1 {
                return Err(StoreError::Conflict(format!(
                    "payment {} is no longer at version {}",
                    p.id, expected_version
                )));
            }
        }
        None => {}
    }
    for e in &change.events {
        write(conn, writes::insert_event(e)?)?;
    }
    let messages = change
        .outbox
        .iter()
        .map(|m| (m, None))
        .chain(change.delivered.iter().map(|(m, a)| (m, Some(a))));
    let mut ids = Vec::with_capacity(change.outbox.len() + change.delivered.len());
    for (m, done) in messages {
        let id = one(conn, writes::insert_outbox(m, done, now)?, rows::id)?;
        if let Some(a) = done {
            write(conn, writes::insert_attempt(id, 1, a)?)?;
        }
        ids.push(OutboxId::new(id));
    }
    for o in &change.orders {
        write(conn, writes::upsert_escrow_order(o)?)?;
    }
    Ok(ids)
}

fn apply_attempt(
    conn: &Connection,
    lease_id: OutboxId,
    token: i64,
    a: &AttemptRecord,
    next: NextStep,
) -> Result<bool, StoreError> {
    write(
        conn,
        writes::insert_attempt(a.outbox_id.get(), a.attempt_no, a)?,
    )?;
    Ok(write(conn, writes::after_attempt(lease_id, token, a, next))? == 1)
}

/// SQLite's lease statement (this thread is the single writer).
fn lease(conn: &Connection, l: &LeaseRequest) -> Result<Vec<Lease>, StoreError> {
    let mut stmt = conn.prepare_cached(sqlx::Sqlite::lease_sql(l.clock))?;
    let mut rows = stmt.query(params_from_iter(writes::lease(l)))?;
    let mut leases = Vec::new();
    while let Some(row) = rows.next()? {
        let (row, merchant) = rows::leased_row(&mut RusqliteCells::new(row))?;
        leases.push(row.into_lease(l.token, l.until, merchant)?);
    }
    Ok(leases)
}
