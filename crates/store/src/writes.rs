//! The statements the group-commit writer runs, each with the values it
//! binds.
//!
//! Two drivers execute them: sqlx (PostgreSQL, and SQLite when the database
//! is in memory; see `sqlx_writer`) and rusqlite (the SQLite writer thread,
//! see `sqlite_writer`). So each write is built here once, as a
//! [`Statement`], and each driver only binds its `&[Param]` its own way.
//! Most statements are built from the column tables in `tables`, once, at
//! first use.

use crate::clocks::ClockScope;
use crate::error::StoreError;
use crate::group_commit::LeaseRequest;
use crate::param::{Param, saturating};
use crate::tables::{ATTEMPTS, AttemptOf, Delivery, ESCROW_ORDERS, EVENTS, OUTBOX, PAYMENTS};
use gyeolje_core::Timestamp;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{AttemptRecord, EventRecord, NextStep, OutboxId, OutboxMessage, Payment};
use std::sync::LazyLock;

/// One statement and the values it binds.
pub(crate) struct Statement<'a> {
    pub sql: &'static str,
    pub params: Vec<Param<'a>>,
}

static INSERT_PAYMENT: LazyLock<String> = LazyLock::new(|| PAYMENTS.insert());
static UPDATE_PAYMENT: LazyLock<String> = LazyLock::new(|| PAYMENTS.update(&["id", "version"]));
static INSERT_EVENT: LazyLock<String> = LazyLock::new(|| EVENTS.insert());
static INSERT_OUTBOX: LazyLock<String> =
    LazyLock::new(|| format!("{} RETURNING id", OUTBOX.insert()));
static INSERT_ATTEMPT: LazyLock<String> = LazyLock::new(|| ATTEMPTS.insert());
static UPSERT_ESCROW_ORDER: LazyLock<String> = LazyLock::new(|| ESCROW_ORDERS.upsert("order_no"));

pub(crate) fn insert_payment(p: &Payment) -> Result<Statement<'_>, StoreError> {
    Ok(Statement {
        sql: &INSERT_PAYMENT,
        params: PAYMENTS.values(p, &())?,
    })
}

/// Affects one row, or none when the payment moved past `expected_version`
/// meanwhile.
pub(crate) fn update_payment(
    p: &Payment,
    expected_version: u32,
) -> Result<Statement<'_>, StoreError> {
    let mut params = PAYMENTS.changed_values(p, &())?;
    params.push(Param::int(p.id.get()));
    params.push(Param::int(i64::from(expected_version)));
    Ok(Statement {
        sql: &UPDATE_PAYMENT,
        params,
    })
}

pub(crate) fn insert_event(e: &EventRecord) -> Result<Statement<'_>, StoreError> {
    Ok(Statement {
        sql: &INSERT_EVENT,
        params: EVENTS.values(e, &())?,
    })
}

/// A pending message, or (with its one attempt) one delivered before the
/// commit. Returns the new row's id.
pub(crate) fn insert_outbox<'a>(
    m: &'a OutboxMessage,
    delivered: Option<&AttemptRecord>,
    now: Timestamp,
) -> Result<Statement<'a>, StoreError> {
    Ok(Statement {
        sql: &INSERT_OUTBOX,
        params: OUTBOX.values(m, &Delivery::new(delivered, now))?,
    })
}

/// Attempt `attempt_no` of message `outbox_id` (the record's own, or the new
/// row's id and 1 for a message delivered before its commit).
pub(crate) fn insert_attempt(
    outbox_id: i64,
    attempt_no: u32,
    a: &AttemptRecord,
) -> Result<Statement<'_>, StoreError> {
    let of = AttemptOf {
        outbox_id,
        attempt_no,
    };
    Ok(Statement {
        sql: &INSERT_ATTEMPT,
        params: ATTEMPTS.values(a, &of)?,
    })
}

pub(crate) fn upsert_escrow_order(o: &EscrowOrder) -> Result<Statement<'_>, StoreError> {
    Ok(Statement {
        sql: &UPSERT_ESCROW_ORDER,
        params: ESCROW_ORDERS.values(o, &())?,
    })
}

/// What an attempt does to its message: a success ends it whoever holds the
/// lease now (there is nothing left to retry); a retry or a give-up only
/// while this worker's lease (`token`) is still the message's.
pub(crate) fn after_attempt<'a>(
    lease_id: OutboxId,
    token: i64,
    a: &'a AttemptRecord,
    next: NextStep,
) -> Statement<'a> {
    let (sql, params) = match next {
        NextStep::Delivered => (
            "UPDATE outbox SET state = 'delivered', delivered_at = $1, locked_until = NULL, \
             lease_token = NULL, last_error = NULL WHERE id = $2 AND state = 'pending'",
            vec![
                Param::int(a.started_at.as_millis() + saturating(a.latency_ms)),
                Param::int(lease_id.get()),
            ],
        ),
        NextStep::RetryAt(at) => (
            "UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, lease_token = NULL, \
             last_error = $2 WHERE id = $3 AND lease_token = $4",
            vec![
                Param::int(at.as_millis()),
                Param::opt_text(a.error.as_deref()),
                Param::int(lease_id.get()),
                Param::int(token),
            ],
        ),
        NextStep::GiveUp => (
            "UPDATE outbox SET state = 'failed', locked_until = NULL, lease_token = NULL, \
             last_error = $1 WHERE id = $2 AND lease_token = $3",
            vec![
                Param::opt_text(a.error.as_deref()),
                Param::int(lease_id.get()),
                Param::int(token),
            ],
        ),
    };
    Statement { sql, params }
}

/// `count` consecutive ids of the named sequence; returns the end of the
/// reserved range (column `next_value`).
pub(crate) fn reserve_ids(sequence: &str, count: i64) -> Statement<'_> {
    Statement {
        sql: "INSERT INTO id_blocks (name, next_value) VALUES ($1, 1000 + $2) \
              ON CONFLICT (name) DO UPDATE SET next_value = id_blocks.next_value + $2 \
              RETURNING next_value",
        params: vec![Param::text(sequence), Param::int(count)],
    }
}

/// The lease statement: reserve the next attempt number of up to `$6` due
/// messages for this worker until `$1`. `$4` is business time (due-ness), `$5`
/// wall time (lease expiry). The outer `WHERE` re-checks the lease so a row
/// another worker took in the meantime is never taken twice. Each backend
/// says how the ids are chosen (`Backend::lease_sql`): `choose` opens the
/// id condition, `lock` follows the inner query, `close` ends it. Returns
/// the messages as `rows::outbox_row` reads them. `scope` narrows the
/// messages to those of some payments' (see [`ClockScope`]); a message
/// without a payment runs on the shared clock.
pub(crate) fn lease_sql(choose: &str, lock: &str, close: &str, scope: &str, limit: &str) -> String {
    format!(
        "UPDATE outbox SET locked_until = $1, lease_token = $2, lease_owner = $3, \
         attempts = attempts + 1 WHERE {choose}\
         SELECT id FROM outbox WHERE state = 'pending' \
         AND next_attempt_at <= $4 \
         AND (locked_until IS NULL OR locked_until <= $5){scope} \
         ORDER BY next_attempt_at, id LIMIT {limit}{lock}{close} \
         AND state = 'pending' AND (locked_until IS NULL OR locked_until <= $5) \
         RETURNING {}",
        OUTBOX.select_list()
    )
}

/// [`lease_sql`] for each [`ClockScope`], in the order [`pick_lease_sql`]
/// reads them: every message (today's statement), the shared clock's
/// messages, one merchant's (`$6`; the limit moves to `$7`).
pub(crate) fn lease_sqls(choose: &str, lock: &str, close: &str) -> [String; 3] {
    [
        lease_sql(choose, lock, close, "", "$6"),
        lease_sql(
            choose,
            lock,
            close,
            " AND NOT EXISTS (SELECT 1 FROM payments p JOIN merchant_clocks c \
             ON c.merchant_id = p.merchant_id WHERE p.id = outbox.payment_id)",
            "$6",
        ),
        lease_sql(
            choose,
            lock,
            close,
            " AND payment_id IN (SELECT id FROM payments WHERE merchant_id = $6)",
            "$7",
        ),
    ]
}

/// The statement of `scope` among [`lease_sqls`].
pub(crate) fn pick_lease_sql(sqls: &[String; 3], scope: ClockScope) -> &str {
    let [all, shared, merchant] = sqls;
    match scope {
        ClockScope::All => all,
        ClockScope::Shared => shared,
        ClockScope::Merchant(_) => merchant,
    }
}

/// The lease statement's values.
pub(crate) fn lease(l: &LeaseRequest) -> Vec<Param<'_>> {
    let mut params = vec![
        Param::int(l.until.as_millis()),
        Param::int(l.token),
        Param::text(&l.worker),
        Param::int(l.business_now.as_millis()),
        Param::int(l.wall_now.as_millis()),
    ];
    if let ClockScope::Merchant(m) = l.clock {
        params.push(Param::int(m.get()));
    }
    params.push(Param::int(i64::from(l.limit)));
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [
            sqlx::Sqlite::lease_sql(ClockScope::All),
            sqlx::Postgres::lease_sql(ClockScope::All),
            sqlx::Sqlite::lease_sql(ClockScope::Shared),
            sqlx::Postgres::lease_sql(ClockScope::Shared),
            sqlx::Sqlite::lease_sql(ClockScope::Merchant(gyeolje_core::MerchantId::new(1))),
            sqlx::Postgres::lease_sql(ClockScope::Merchant(gyeolje_core::MerchantId::new(1))),
            &INSERT_PAYMENT,
            &UPDATE_PAYMENT,
            &INSERT_EVENT,
            &INSERT_OUTBOX,
            &INSERT_ATTEMPT,
            &UPSERT_ESCROW_ORDER,
            reserve_ids("s", 1).sql,
        ] {
            assert_placeholders_in_order(sql);
        }
        let a = AttemptRecord {
            outbox_id: OutboxId::new(1),
            attempt_no: 1,
            started_at: Timestamp::from_millis(0),
            target: String::new(),
            request_body: String::new(),
            status: None,
            response_excerpt: None,
            latency_ms: 0,
            error: None,
            succeeded: false,
            worker: String::new(),
        };
        for next in [
            NextStep::Delivered,
            NextStep::RetryAt(Timestamp::from_millis(1)),
            NextStep::GiveUp,
        ] {
            let s = after_attempt(OutboxId::new(1), 1, &a, next);
            assert_eq!(
                assert_placeholders_in_order(s.sql),
                s.params.len(),
                "{}",
                s.sql
            );
        }
    }

    /// The statements built from the tables, as they were written by hand
    /// before (the outbox's `now` is now bound twice).
    #[test]
    fn built_statements_read_as_before() {
        assert_eq!(
            *INSERT_PAYMENT,
            "INSERT INTO payments (id, protocol, merchant_id, page_code, state, amount, \
             cancelled_amount, requested_at, expires_at, paid_at, closed_at, version, body, \
             settle_due_at, settled_at, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             $9, $10, $11, $12, $13, $14, $15, $16)"
        );
        assert_eq!(
            *UPDATE_PAYMENT,
            "UPDATE payments SET state = $1, amount = $2, cancelled_amount = $3, \
             expires_at = $4, paid_at = $5, closed_at = $6, version = $7, body = $8, \
             settle_due_at = $9, settled_at = $10, reference = $11 \
             WHERE id = $12 AND version = $13"
        );
        assert_eq!(
            *INSERT_OUTBOX,
            "INSERT INTO outbox (kind, protocol, payment_id, channel, target, content_type, \
             body, success_rule, max_attempts, retry_delays, state, attempts, \
             next_attempt_at, created_at, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"
        );
        assert_eq!(
            *UPSERT_ESCROW_ORDER,
            "INSERT INTO escrow_orders (order_no, payment_id, merchant_id, line_no, state, \
             ordered_at, updated_at, decide_due_at, remit_due_at, body, cancel_due_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (order_no) DO UPDATE SET state = excluded.state, \
             updated_at = excluded.updated_at, decide_due_at = excluded.decide_due_at, \
             remit_due_at = excluded.remit_due_at, body = excluded.body, \
             cancel_due_at = excluded.cancel_due_at"
        );
        assert_eq!(
            sqlx::Postgres::lease_sql(ClockScope::All),
            "UPDATE outbox SET locked_until = $1, lease_token = $2, lease_owner = $3, \
             attempts = attempts + 1 WHERE id = ANY(ARRAY(SELECT id FROM outbox \
             WHERE state = 'pending' AND next_attempt_at <= $4 \
             AND (locked_until IS NULL OR locked_until <= $5) \
             ORDER BY next_attempt_at, id LIMIT $6 FOR UPDATE SKIP LOCKED)) \
             AND state = 'pending' AND (locked_until IS NULL OR locked_until <= $5) \
             RETURNING id, kind, protocol, payment_id, channel, target, content_type, body, \
             success_rule, max_attempts, retry_delays, state, attempts, next_attempt_at, \
             created_at, last_error, delivered_at"
        );
    }
}
