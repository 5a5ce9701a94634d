//! The group-commit writer on sqlx: PostgreSQL's (several tasks, each on
//! its own connection) and in-memory SQLite's (one). A file-backed SQLite
//! database has a writer thread of its own instead (`sqlite_writer`); both
//! run the statements of `writes`.

use crate::backend::{Backend, execute};
use crate::driver;
use crate::error::{StoreError, is_lock_race};
use crate::group_commit::{self, Done, Job, Jobs, Queue, Work, Written};
use crate::rows;
use crate::writes::{self, Statement};
use gyeolje_core::{AttemptRecord, Change, NextStep, OutboxId, PaymentWrite, Timestamp};
use sqlx::Pool;

/// Starts `writers` writer tasks on `pool`; returns the queue they drain.
pub(crate) fn start<B: Backend>(pool: Pool<B>, writers: usize) -> Queue {
    let (queue, jobs) = group_commit::queue();
    for _ in 0..writers.max(1) {
        tokio::spawn(run::<B>(pool.clone(), jobs.clone()));
    }
    queue
}

/// One writer task: applies each batch of jobs in one transaction and
/// answers every caller after the commit.
async fn run<B: Backend>(pool: Pool<B>, jobs: Jobs) {
    while let Some(batch) = group_commit::next_batch(&jobs).await {
        let written = match write_batch::<B>(&pool, &batch, false).await {
            Ok(Written::RetryIsolated) => write_batch::<B>(&pool, &batch, true).await,
            other => other,
        };
        group_commit::answer(batch, written);
    }
}

/// Writes a batch in one transaction. Optimistically (`isolated` false) the
/// jobs run one after another with nothing between them — two round trips
/// fewer per job than a savepoint each — and what the backend writes in
/// bulk goes first; if a job of several fails, the transaction is rolled
/// back and the caller runs the batch again `isolated`, each job in its own
/// savepoint, so that job's failure undoes that job alone.
async fn write_batch<B: Backend>(
    pool: &Pool<B>,
    batch: &[Job],
    isolated: bool,
) -> Result<Written, StoreError> {
    let mut tx = pool.begin().await?;
    let written_together = if isolated {
        batch.iter().map(|_| None).collect()
    } else {
        match B::bulk_writes(&mut tx, batch).await {
            Ok(done) => done,
            Err(_) => {
                tx.rollback().await?;
                return Ok(Written::RetryIsolated);
            }
        }
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for (job, together) in batch.iter().zip(written_together) {
        if let Some(outcome) = together {
            outcomes.push(outcome);
            continue;
        }
        let outcome = if isolated {
            apply_isolated::<B>(&mut tx, &job.work).await?
        } else {
            let outcome = apply::<B>(&mut tx, &job.work).await;
            if let Err(e) = &outcome {
                tx.rollback().await?;
                // A lone job's own error is its answer; a lost lock race
                // (or a job among several) is run again, isolated.
                return Ok(if batch.len() == 1 && !is_lock_race(e) {
                    Written::Committed(vec![outcome])
                } else {
                    Written::RetryIsolated
                });
            }
            outcome
        };
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(Written::Committed(outcomes))
}

/// How often a job that lost a lock race (PostgreSQL deadlock or
/// serialization failure) is run again in its savepoint before the error
/// is its answer. The other transaction goes on once the savepoint is
/// rolled back, so a second try almost always succeeds.
const LOCK_RACE_TRIES: usize = 4;

/// One job in its own savepoint: its failure undoes that job alone; a lost
/// lock race is tried again.
async fn apply_isolated<B: Backend>(
    tx: &mut B::Connection,
    work: &Work,
) -> Result<Result<Done, StoreError>, StoreError> {
    let mut tries = 0;
    loop {
        tries += 1;
        execute::<B>(tx, "SAVEPOINT change", &[]).await?;
        let outcome = apply::<B>(tx, work).await;
        let end = if outcome.is_ok() {
            "RELEASE SAVEPOINT change"
        } else {
            "ROLLBACK TO SAVEPOINT change"
        };
        execute::<B>(tx, end, &[]).await?;
        match &outcome {
            Err(e) if is_lock_race(e) && tries < LOCK_RACE_TRIES => {
                tracing::debug!(tries, "writer job lost a lock race; trying it again");
            }
            _ => return Ok(outcome),
        }
    }
}

async fn apply<B: Backend>(tx: &mut B::Connection, work: &Work) -> Result<Done, StoreError> {
    match work {
        Work::Change { change, now } => apply_change::<B>(tx, change, *now).await.map(Done::Ids),
        Work::Attempt {
            lease_id,
            token,
            attempt,
            next,
        } => apply_attempt::<B>(tx, *lease_id, *token, attempt, *next)
            .await
            .map(Done::Recorded),
        Work::Lease(l) => {
            let params = writes::lease(l);
            let rows =
                driver::all::<B, _>(tx, B::lease_sql(l.clock), &params, rows::leased_row).await?;
            rows.into_iter()
                .map(|(row, merchant)| row.into_lease(l.token, l.until, merchant))
                .collect::<Result<_, _>>()
                .map(Done::Leased)
        }
        Work::Release(r) => {
            let mut released = 0;
            for (id, token) in &r.leases {
                released += write::<B>(tx, writes::release(*id, *token, r.not_before)).await?;
            }
            Ok(Done::Released(released))
        }
        Work::ReserveIds { sequence, count } => {
            let s = writes::reserve_ids(sequence, *count);
            let end = driver::one::<B, _>(tx, s.sql, &s.params, |c| c.int("next_value")).await?;
            Ok(Done::Range(end - count..end))
        }
        Work::Exec { sql, params } => execute::<B>(tx, sql, params).await.map(Done::Rows),
    }
}

async fn write<B: Backend>(tx: &mut B::Connection, s: Statement<'_>) -> Result<u64, StoreError> {
    execute::<B>(tx, s.sql, &s.params).await
}

/// Writes one change inside the writer's open transaction.
async fn apply_change<B: Backend>(
    tx: &mut B::Connection,
    change: &Change,
    now: Timestamp,
) -> Result<Vec<OutboxId>, StoreError> {
    match &change.payment {
        Some(PaymentWrite::Insert(p)) => {
            write::<B>(tx, writes::insert_payment(p)?).await?;
        }
        Some(PaymentWrite::Update {
            payment: p,
            expected_version,
        }) => {
            let s = writes::update_payment(p, *expected_version)?;
            if write::<B>(tx, s).await? != 1 {
                return Err(StoreError::Conflict(format!(
                    "payment {} is no longer at version {}",
                    p.id, expected_version
                )));
            }
        }
        None => {}
    }
    for e in &change.events {
        write::<B>(tx, writes::insert_event(e)?).await?;
    }
    // Pending messages, and messages already delivered before the commit
    // (with their one attempt).
    let messages = change
        .outbox
        .iter()
        .map(|m| (m, None))
        .chain(change.delivered.iter().map(|(m, a)| (m, Some(a))));
    let mut ids = Vec::with_capacity(change.outbox.len() + change.delivered.len());
    for (m, done) in messages {
        let s = writes::insert_outbox(m, done, now)?;
        let new = driver::one::<B, _>(tx, s.sql, &s.params, rows::id).await?;
        if let Some(a) = done {
            write::<B>(tx, writes::insert_attempt(new, 1, a)?).await?;
        }
        ids.push(OutboxId::new(new));
    }
    for o in &change.orders {
        write::<B>(tx, writes::upsert_escrow_order(o)?).await?;
    }
    Ok(ids)
}

/// Records one delivery attempt inside the writer's open transaction.
async fn apply_attempt<B: Backend>(
    tx: &mut B::Connection,
    lease_id: OutboxId,
    token: i64,
    a: &AttemptRecord,
    next: NextStep,
) -> Result<bool, StoreError> {
    write::<B>(
        tx,
        writes::insert_attempt(a.outbox_id.get(), a.attempt_no, a)?,
    )
    .await?;
    Ok(write::<B>(tx, writes::after_attempt(lease_id, token, a, next)).await? == 1)
}
