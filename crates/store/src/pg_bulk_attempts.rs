//! PostgreSQL: a batch's delivery attempts recorded with a few statements.
//!
//! Draining a backlog, most jobs in a batch are attempt records: an
//! `outbox_attempts` row and an `UPDATE outbox` that moves the message on.
//! One statement at a time that is two round trips per delivery while the
//! writer's connection waits (issue 17: 3,745 deliveries/s on PostgreSQL
//! against SQLite's 10k). Here the attempt rows are one `INSERT … UNNEST`,
//! and the updates one statement per kind of next step (delivered, retry,
//! give up), each `UPDATE … FROM UNNEST` with the same conditions as the
//! one-at-a-time statements of `writes::after_attempt`; `RETURNING` tells
//! each job whether its lease still held.
//!
//! Like `pg_bulk`, this runs only in the optimistic pass: if a statement
//! fails, the batch is written again one savepoint per job.

use crate::error::StoreError;
use crate::group_commit::{Done, Job, Work};
use crate::param::saturating;
use crate::pg_bulk::unnest;
use crate::tables::{ATTEMPTS, AttemptOf};
use gyeolje_core::{AttemptRecord, NextStep, OutboxId};
use std::collections::HashSet;
use std::sync::LazyLock;

static ATTEMPTS_BULK: LazyLock<String> = LazyLock::new(|| ATTEMPTS.unnest(&[]));

const DELIVERED: &str = "UPDATE outbox SET state = 'delivered', delivered_at = u.at, \
     locked_until = NULL, lease_token = NULL, last_error = NULL \
     FROM UNNEST($1::int8[], $2::int8[]) AS u(id, at) \
     WHERE outbox.id = u.id AND outbox.state = 'pending' RETURNING outbox.id";

const RETRY: &str = "UPDATE outbox SET next_attempt_at = u.at, locked_until = NULL, \
     lease_token = NULL, last_error = u.error \
     FROM UNNEST($1::int8[], $2::int8[], $3::text[], $4::int8[]) AS u(id, at, error, token) \
     WHERE outbox.id = u.id AND outbox.lease_token = u.token RETURNING outbox.id";

const GIVE_UP: &str = "UPDATE outbox SET state = 'failed', locked_until = NULL, \
     lease_token = NULL, last_error = u.error \
     FROM UNNEST($1::int8[], $2::text[], $3::int8[]) AS u(id, error, token) \
     WHERE outbox.id = u.id AND outbox.lease_token = u.token RETURNING outbox.id";

/// One attempt job of the batch.
struct Recorded<'a> {
    job: usize,
    lease_id: OutboxId,
    token: i64,
    attempt: &'a AttemptRecord,
    next: NextStep,
}

/// Records the attempts among `batch` together. Returns, per job, its
/// outcome if it was written here (`None`: the caller writes it). Fewer
/// than two attempts, or two of one message, are left to the caller.
pub(crate) async fn write_attempts(
    tx: &mut sqlx::PgConnection,
    batch: &[Job],
) -> Result<Vec<Option<Result<Done, StoreError>>>, StoreError> {
    let mut done: Vec<Option<Result<Done, StoreError>>> = batch.iter().map(|_| None).collect();
    let recorded: Vec<Recorded<'_>> = batch
        .iter()
        .enumerate()
        .filter_map(|(job, j)| match &j.work {
            Work::Attempt {
                lease_id,
                token,
                attempt,
                next,
            } => Some(Recorded {
                job,
                lease_id: *lease_id,
                token: *token,
                attempt,
                next: *next,
            }),
            _ => None,
        })
        .collect();
    let distinct: HashSet<OutboxId> = recorded.iter().map(|r| r.lease_id).collect();
    if recorded.len() < 2 || distinct.len() != recorded.len() {
        return Ok(done);
    }

    let rows = recorded
        .iter()
        .map(|r| {
            let of = AttemptOf {
                outbox_id: r.attempt.outbox_id.get(),
                attempt_no: r.attempt.attempt_no,
            };
            ATTEMPTS.values(r.attempt, &of)
        })
        .collect::<Result<Vec<_>, _>>()?;
    unnest(tx, &ATTEMPTS_BULK, &rows).await?;

    let mut delivered = (Vec::new(), Vec::new());
    let mut retry = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut give_up = (Vec::new(), Vec::new(), Vec::new());
    for r in &recorded {
        let id = r.lease_id.get();
        let error = r.attempt.error.as_deref();
        match r.next {
            NextStep::Delivered => {
                delivered.0.push(id);
                delivered
                    .1
                    .push(r.attempt.started_at.as_millis() + saturating(r.attempt.latency_ms));
            }
            NextStep::RetryAt(at) => {
                retry.0.push(id);
                retry.1.push(at.as_millis());
                retry.2.push(error);
                retry.3.push(r.token);
            }
            NextStep::GiveUp => {
                give_up.0.push(id);
                give_up.1.push(error);
                give_up.2.push(r.token);
            }
        }
    }
    let mut kept: HashSet<i64> = HashSet::new();
    if !delivered.0.is_empty() {
        kept.extend(
            sqlx::query_scalar::<_, i64>(DELIVERED)
                .bind(&delivered.0)
                .bind(&delivered.1)
                .fetch_all(&mut *tx)
                .await?,
        );
    }
    if !retry.0.is_empty() {
        kept.extend(
            sqlx::query_scalar::<_, i64>(RETRY)
                .bind(&retry.0)
                .bind(&retry.1)
                .bind(&retry.2)
                .bind(&retry.3)
                .fetch_all(&mut *tx)
                .await?,
        );
    }
    if !give_up.0.is_empty() {
        kept.extend(
            sqlx::query_scalar::<_, i64>(GIVE_UP)
                .bind(&give_up.0)
                .bind(&give_up.1)
                .bind(&give_up.2)
                .fetch_all(&mut *tx)
                .await?,
        );
    }
    for r in &recorded {
        done[r.job] = Some(Ok(Done::Recorded(kept.contains(&r.lease_id.get()))));
    }
    Ok(done)
}
