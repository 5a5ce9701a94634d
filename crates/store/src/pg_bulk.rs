//! PostgreSQL: a batch's new payments written with one statement per table.
//!
//! Most jobs in a busy batch are creations — a payment, its first event and
//! perhaps a callback or an SMS. Written one statement at a time, each costs
//! two or three round trips to the server while the writer's connection
//! waits; with `UNNEST` over one array per column, the whole batch's
//! payments are one statement, their events another, their messages a third
//! (plus one to draw the messages' ids, so each caller learns its own).
//!
//! The statements and their values come from the same column tables
//! (`tables`) as the one-at-a-time path, so the two cannot disagree about
//! what a column holds. This runs only in the optimistic pass (see
//! `write_batch` in `sqlx_writer.rs`): if any statement fails, say one
//! payment's `reference` is taken, the batch is written again one savepoint
//! per job, and only that job fails.

use crate::error::StoreError;
use crate::group_commit::{Done, Job, Work};
use crate::param::Param;
use crate::tables::{Delivery, EVENTS, OUTBOX, PAYMENTS};
use gyeolje_core::{Change, OutboxId, PaymentWrite};
use std::sync::LazyLock;

static PAYMENTS_BULK: LazyLock<String> = LazyLock::new(|| PAYMENTS.unnest(&[]));
static EVENTS_BULK: LazyLock<String> = LazyLock::new(|| EVENTS.unnest(&[]));
/// The drawn id first, then the columns of the one-at-a-time insert.
static OUTBOX_BULK: LazyLock<String> = LazyLock::new(|| OUTBOX.unnest(&["id"]));

const DRAW_OUTBOX_IDS: &str =
    "SELECT nextval(pg_get_serial_sequence('outbox', 'id')) FROM generate_series(1, $1)";

/// A change this path writes: a new payment with nothing delivered before
/// the commit and no escrow orders.
fn creation(work: &Work) -> Option<&Change> {
    match work {
        Work::Change { change, .. }
            if matches!(change.payment, Some(PaymentWrite::Insert(_)))
                && change.delivered.is_empty()
                && change.orders.is_empty() =>
        {
            Some(change)
        }
        _ => None,
    }
}

/// Writes the creations among `batch` in bulk. Returns, per job, its
/// outcome if it was written here (`None`: the caller writes it). Fewer than
/// two creations are left to the caller: nothing to share.
pub(crate) async fn write_creations(
    tx: &mut sqlx::PgConnection,
    batch: &[Job],
) -> Result<Vec<Option<Result<Done, StoreError>>>, StoreError> {
    let mut done: Vec<Option<Result<Done, StoreError>>> = batch.iter().map(|_| None).collect();
    let creations: Vec<(usize, &Change, gyeolje_core::Timestamp)> = batch
        .iter()
        .enumerate()
        .filter_map(|(i, job)| match (&job.work, creation(&job.work)) {
            (Work::Change { now, .. }, Some(change)) => Some((i, change, *now)),
            _ => None,
        })
        .collect();
    if creations.len() < 2 {
        return Ok(done);
    }
    let mut payments = Vec::with_capacity(creations.len());
    let mut events = Vec::new();
    for (_, change, _) in &creations {
        if let Some(PaymentWrite::Insert(p)) = &change.payment {
            payments.push(PAYMENTS.values(p, &())?);
        }
        for e in &change.events {
            events.push(EVENTS.values(e, &())?);
        }
    }
    unnest(tx, &PAYMENTS_BULK, &payments).await?;
    unnest(tx, &EVENTS_BULK, &events).await?;
    let messages: usize = creations.iter().map(|(_, c, _)| c.outbox.len()).sum();
    let mut ids: Vec<i64> = if messages > 0 {
        sqlx::query_scalar(DRAW_OUTBOX_IDS)
            .bind(i64::try_from(messages).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await?
    } else {
        Vec::new()
    };
    ids.sort_unstable();
    if ids.len() != messages {
        return Err(StoreError::Database(format!(
            "drew {} outbox ids for {messages} messages",
            ids.len()
        )));
    }
    let mut rows = Vec::with_capacity(messages);
    let mut next = ids.iter();
    for (i, change, now) in &creations {
        let mut mine = Vec::with_capacity(change.outbox.len());
        for m in &change.outbox {
            let id = *next
                .next()
                .ok_or_else(|| StoreError::Database("outbox ids ran out".into()))?;
            let mut row = vec![Param::Int(Some(id))];
            row.extend(OUTBOX.values(m, &Delivery::new(None, *now))?);
            rows.push(row);
            mine.push(OutboxId::new(id));
        }
        done[*i] = Some(Ok(Done::Ids(mine)));
    }
    unnest(tx, &OUTBOX_BULK, &rows).await?;
    Ok(done)
}

/// Runs an `INSERT … SELECT * FROM UNNEST(…)` with one array per column,
/// built from the rows' values (each column keeps its kind in every row).
pub(crate) async fn unnest(
    tx: &mut sqlx::PgConnection,
    sql: &'static str,
    rows: &[Vec<Param<'_>>],
) -> Result<(), StoreError> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let mut q = sqlx::query(sql);
    for (c, kind) in first.iter().enumerate() {
        let mismatch = || StoreError::Database(format!("column {c} changes kind between rows"));
        q = match kind {
            Param::Int(_) => {
                let column = rows
                    .iter()
                    .map(|r| match r.get(c) {
                        Some(Param::Int(v)) => Ok(*v),
                        _ => Err(mismatch()),
                    })
                    .collect::<Result<Vec<Option<i64>>, _>>()?;
                q.bind(column)
            }
            Param::Text(_) => {
                let column = rows
                    .iter()
                    .map(|r| match r.get(c) {
                        Some(Param::Text(v)) => Ok(v.as_deref()),
                        _ => Err(mismatch()),
                    })
                    .collect::<Result<Vec<Option<&str>>, _>>()?;
                q.bind(column)
            }
        };
    }
    q.execute(&mut *tx).await?;
    Ok(())
}
