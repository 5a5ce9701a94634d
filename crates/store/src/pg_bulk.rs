//! PostgreSQL: a batch's new payments written with one statement per table.
//!
//! Most jobs in a busy batch are creations — a payment, its first event and
//! perhaps a callback or an SMS. Written one statement at a time, each costs
//! two or three round trips to the server while the writer's connection
//! waits; with `UNNEST` over one array per column, the whole batch's
//! payments are one statement, their events another, their messages a third
//! (plus one to draw the messages' ids, so each caller learns its own).
//!
//! The values come from the same `writes` builders as the one-at-a-time
//! path, so the two cannot disagree about what a column holds. This runs
//! only in the optimistic pass (see `write_batch` in `backend.rs`): if any
//! statement fails, say one payment's `reference` is taken, the batch is
//! written again one savepoint per job, and only that job fails.

use crate::StoreError;
use crate::group_commit::{Done, Job, Work};
use crate::writes::{self, Param};
use gyeolje_core::{Change, OutboxId, PaymentWrite};

/// Columns as in `writes::INSERT_PAYMENT`.
const PAYMENTS: &str = "INSERT INTO payments (id, protocol, merchant_id, page_code, state, \
     amount, cancelled_amount, requested_at, expires_at, paid_at, closed_at, version, body, \
     settle_due_at, settled_at, reference) \
     SELECT * FROM UNNEST($1::int8[], $2::text[], $3::int8[], $4::text[], $5::text[], \
     $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[], \
     $13::text[], $14::int8[], $15::int8[], $16::text[])";

/// Columns as in `writes::INSERT_EVENT`.
const EVENTS: &str = "INSERT INTO payment_events (payment_id, seq, at, kind, body) \
     SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::int8[], $4::text[], $5::text[])";

/// The drawn id, then the values of `writes::INSERT_OUTBOX` (whose `now`
/// fills both `next_attempt_at` and `created_at`).
const OUTBOX: &str = "INSERT INTO outbox (id, kind, protocol, payment_id, channel, target, \
     content_type, body, success_rule, max_attempts, retry_delays, state, attempts, \
     next_attempt_at, created_at, delivered_at) \
     SELECT id, kind, protocol, payment_id, channel, target, content_type, body, success_rule, \
     max_attempts, retry_delays, state, attempts, now, now, delivered_at \
     FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], \
     $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[], $12::text[], $13::int8[], \
     $14::int8[], $15::int8[]) \
     AS t(id, kind, protocol, payment_id, channel, target, content_type, body, success_rule, \
     max_attempts, retry_delays, state, attempts, now, delivered_at)";

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
            payments.push(writes::insert_payment(p)?);
        }
        for e in &change.events {
            events.push(writes::insert_event(e)?);
        }
    }
    unnest(tx, PAYMENTS, &payments).await?;
    unnest(tx, EVENTS, &events).await?;
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
            row.extend(writes::insert_outbox(m, None, *now));
            rows.push(row);
            mine.push(OutboxId::new(id));
        }
        done[*i] = Some(Ok(Done::Ids(mine)));
    }
    unnest(tx, OUTBOX, &rows).await?;
    Ok(done)
}

/// Runs an `INSERT … SELECT * FROM UNNEST(…)` with one array per column,
/// built from the rows' values (each column keeps its kind in every row).
async fn unnest(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The column list between the first parentheses, without spaces.
    fn columns(sql: &str) -> String {
        let open = sql.find('(').unwrap_or(0);
        let close = sql[open..].find(')').map_or(sql.len(), |c| open + c);
        sql[open + 1..close].split_whitespace().collect()
    }

    fn arrays(sql: &str) -> usize {
        sql.matches("[]").count()
    }

    #[test]
    fn bulk_statements_have_the_one_at_a_time_columns() {
        assert_eq!(columns(PAYMENTS), columns(writes::INSERT_PAYMENT));
        assert_eq!(arrays(PAYMENTS), 16);
        assert_eq!(columns(EVENTS), columns(writes::INSERT_EVENT));
        assert_eq!(arrays(EVENTS), 5);
        assert_eq!(
            columns(OUTBOX),
            format!("id,{}", columns(writes::INSERT_OUTBOX))
        );
        // The drawn id plus the 14 values of the one-at-a-time insert.
        assert_eq!(arrays(OUTBOX), 15);
    }
}
