//! The statements the group-commit writer runs, and the values each binds.
//!
//! Two drivers execute them: sqlx (PostgreSQL, and SQLite when the database
//! is in memory) and rusqlite (the SQLite writer thread, see
//! `sqlite_writer`). So the SQL text and the list of bound values live here
//! once, and each driver only binds a `&[Param]` its own way. Placeholders
//! are `$n`, which both databases take; SQLite numbers `$n` parameters by
//! their first appearance, so within each statement they first appear in
//! order `$1, $2, …` (a test below checks it) and binding by position is
//! binding by number for both drivers.

use crate::StoreError;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{
    AttemptRecord, EventRecord, NextStep, OutboxId, OutboxMessage, Payment, Timestamp,
};

/// One bound value. Every column is an integer or text (or `NULL`), as in
/// `rows.rs`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param<'a> {
    Int(Option<i64>),
    Text(Option<std::borrow::Cow<'a, str>>),
}

fn int(v: i64) -> Param<'static> {
    Param::Int(Some(v))
}

fn opt_int(v: Option<i64>) -> Param<'static> {
    Param::Int(v)
}

fn text(v: &str) -> Param<'_> {
    Param::Text(Some(std::borrow::Cow::Borrowed(v)))
}

fn opt_text(v: Option<&str>) -> Param<'_> {
    Param::Text(v.map(std::borrow::Cow::Borrowed))
}

fn owned(v: String) -> Param<'static> {
    Param::Text(Some(std::borrow::Cow::Owned(v)))
}

fn millis(t: Option<Timestamp>) -> Param<'static> {
    Param::Int(t.map(|t| t.as_millis()))
}

fn saturating(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) const INSERT_PAYMENT: &str = "INSERT INTO payments (id, protocol, merchant_id, \
     page_code, state, amount, cancelled_amount, requested_at, expires_at, paid_at, closed_at, \
     version, body, settle_due_at, settled_at, reference) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

pub(crate) fn insert_payment(p: &Payment) -> Result<Vec<Param<'_>>, StoreError> {
    Ok(vec![
        int(p.id.get()),
        text(p.protocol.as_str()),
        int(p.merchant_id.get()),
        text(p.page_code.as_str()),
        text(p.state.as_str()),
        int(p.amount.get()),
        int(p.cancelled_amount.get()),
        int(p.requested_at.as_millis()),
        int(p.expires_at.as_millis()),
        millis(p.paid_at),
        millis(p.closed_at),
        int(i64::from(p.version)),
        owned(serde_json::to_string(p)?),
        millis(p.settle_due_at),
        millis(p.settled_at),
        opt_text(p.reference.as_deref()),
    ])
}

/// Affects one row, or none when the payment moved past `$13` meanwhile.
pub(crate) const UPDATE_PAYMENT: &str = "UPDATE payments SET state = $1, cancelled_amount = $2, \
     expires_at = $3, paid_at = $4, closed_at = $5, version = $6, body = $7, \
     settle_due_at = $8, settled_at = $9, amount = $10, reference = $11 \
     WHERE id = $12 AND version = $13";

pub(crate) fn update_payment(
    p: &Payment,
    expected_version: u32,
) -> Result<Vec<Param<'_>>, StoreError> {
    Ok(vec![
        text(p.state.as_str()),
        int(p.cancelled_amount.get()),
        int(p.expires_at.as_millis()),
        millis(p.paid_at),
        millis(p.closed_at),
        int(i64::from(p.version)),
        owned(serde_json::to_string(p)?),
        millis(p.settle_due_at),
        millis(p.settled_at),
        int(p.amount.get()),
        opt_text(p.reference.as_deref()),
        int(p.id.get()),
        int(i64::from(expected_version)),
    ])
}

pub(crate) const INSERT_EVENT: &str = "INSERT INTO payment_events (payment_id, seq, at, kind, \
     body) VALUES ($1, $2, $3, $4, $5)";

pub(crate) fn insert_event(e: &EventRecord) -> Result<Vec<Param<'_>>, StoreError> {
    Ok(vec![
        int(e.payment_id.get()),
        int(i64::from(e.seq)),
        int(e.at.as_millis()),
        text(e.event.kind()),
        owned(serde_json::to_string(e)?),
    ])
}

/// Returns the new row's id.
pub(crate) const INSERT_OUTBOX: &str = "INSERT INTO outbox (kind, protocol, payment_id, \
     channel, target, content_type, body, success_rule, max_attempts, retry_delays, state, \
     attempts, next_attempt_at, created_at, delivered_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id";

/// A pending message, or (with its one attempt) one delivered before the commit.
pub(crate) fn insert_outbox<'a>(
    m: &'a OutboxMessage,
    delivered: Option<&AttemptRecord>,
    now: Timestamp,
) -> Vec<Param<'a>> {
    let content_type = m.channel.content_type();
    let (state, attempts, delivered_at) = match delivered {
        Some(a) => (
            "delivered",
            1,
            Some(a.started_at.as_millis() + saturating(a.latency_ms)),
        ),
        None => ("pending", 0, None),
    };
    vec![
        text(&m.kind),
        text(m.protocol.as_str()),
        opt_int(m.payment_id.map(|p| p.get())),
        text(m.channel.name()),
        text(m.channel.target()),
        text(content_type),
        text(&m.body),
        owned(m.success.encode()),
        int(i64::from(m.retry.max_attempts)),
        owned(m.retry.encode_delays()),
        text(state),
        int(attempts),
        int(now.as_millis()),
        opt_int(delivered_at),
    ]
}

pub(crate) const INSERT_ATTEMPT: &str = "INSERT INTO outbox_attempts (outbox_id, attempt_no, \
     started_at, target, request_body, status, response_excerpt, latency_ms, error, succeeded, \
     worker) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// Attempt `attempt_no` of message `outbox_id` (the record's own, or the new
/// row's id and 1 for a message delivered before its commit).
pub(crate) fn insert_attempt(outbox_id: i64, attempt_no: u32, a: &AttemptRecord) -> Vec<Param<'_>> {
    vec![
        int(outbox_id),
        int(i64::from(attempt_no)),
        int(a.started_at.as_millis()),
        text(&a.target),
        text(&a.request_body),
        opt_int(a.status.map(i64::from)),
        opt_text(a.response_excerpt.as_deref()),
        int(saturating(a.latency_ms)),
        opt_text(a.error.as_deref()),
        int(i64::from(a.succeeded)),
        text(&a.worker),
    ]
}

pub(crate) const UPSERT_ESCROW_ORDER: &str = "INSERT INTO escrow_orders (order_no, payment_id, \
     merchant_id, line_no, state, ordered_at, updated_at, decide_due_at, remit_due_at, body, \
     cancel_due_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (order_no) DO UPDATE SET state = excluded.state, \
     updated_at = excluded.updated_at, decide_due_at = excluded.decide_due_at, \
     remit_due_at = excluded.remit_due_at, body = excluded.body, \
     cancel_due_at = excluded.cancel_due_at";

pub(crate) fn upsert_escrow_order(o: &EscrowOrder) -> Result<Vec<Param<'_>>, StoreError> {
    Ok(vec![
        int(o.order_no),
        int(o.payment_id.get()),
        int(o.merchant_id.get()),
        int(i64::from(o.line)),
        text(o.state.as_str()),
        int(o.ordered_at.as_millis()),
        int(o.updated_at.as_millis()),
        millis(o.decide_due_at),
        millis(o.remit_due_at),
        owned(serde_json::to_string(o)?),
        millis(o.cancel_due_at),
    ])
}

/// What an attempt does to its message: a success ends it whoever holds the
/// lease now (there is nothing left to retry); a retry or a give-up only
/// while this worker's lease (`token`) is still the message's.
pub(crate) fn after_attempt<'a>(
    lease_id: OutboxId,
    token: i64,
    a: &'a AttemptRecord,
    next: NextStep,
) -> (&'static str, Vec<Param<'a>>) {
    match next {
        NextStep::Delivered => (
            "UPDATE outbox SET state = 'delivered', delivered_at = $1, locked_until = NULL, \
             lease_token = NULL, last_error = NULL WHERE id = $2 AND state = 'pending'",
            vec![
                int(a.started_at.as_millis() + saturating(a.latency_ms)),
                int(lease_id.get()),
            ],
        ),
        NextStep::RetryAt(at) => (
            "UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, lease_token = NULL, \
             last_error = $2 WHERE id = $3 AND lease_token = $4",
            vec![
                int(at.as_millis()),
                opt_text(a.error.as_deref()),
                int(lease_id.get()),
                int(token),
            ],
        ),
        NextStep::GiveUp => (
            "UPDATE outbox SET state = 'failed', locked_until = NULL, lease_token = NULL, \
             last_error = $1 WHERE id = $2 AND lease_token = $3",
            vec![
                opt_text(a.error.as_deref()),
                int(lease_id.get()),
                int(token),
            ],
        ),
    }
}

/// Returns the end of the reserved range.
pub(crate) const RESERVE_IDS: &str = "INSERT INTO id_blocks (name, next_value) \
     VALUES ($1, 1000 + $2) \
     ON CONFLICT (name) DO UPDATE SET next_value = id_blocks.next_value + $2 \
     RETURNING next_value";

/// The lease statement's values (see `backend::lease_sql!`).
pub(crate) fn lease(l: &crate::group_commit::LeaseRequest) -> Vec<Param<'_>> {
    vec![
        int(l.until.as_millis()),
        int(l.token),
        text(&l.worker),
        int(l.business_now.as_millis()),
        int(l.wall_now.as_millis()),
        int(i64::from(l.limit)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{lease_sql, outbox_columns};

    /// The `$n` numbers in the order they first appear.
    fn first_appearances(sql: &str) -> Vec<u32> {
        let mut seen = Vec::new();
        let mut rest = sql;
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse::<u32>()
                && !seen.contains(&n)
            {
                seen.push(n);
            }
        }
        seen
    }

    #[test]
    fn placeholders_first_appear_in_order() {
        let all = [
            lease_sql!(sqlite),
            lease_sql!(postgres),
            INSERT_PAYMENT,
            UPDATE_PAYMENT,
            INSERT_EVENT,
            INSERT_OUTBOX,
            INSERT_ATTEMPT,
            UPSERT_ESCROW_ORDER,
            RESERVE_IDS,
        ];
        for sql in all {
            let seen = first_appearances(sql);
            let expected: Vec<u32> = (1..=u32::try_from(seen.len()).unwrap()).collect();
            assert_eq!(seen, expected, "{sql}");
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
            let (sql, params) = after_attempt(OutboxId::new(1), 1, &a, next);
            let seen = first_appearances(sql);
            assert_eq!(seen.len(), params.len(), "{sql}");
            assert_eq!(
                seen,
                (1..=u32::try_from(params.len()).unwrap()).collect::<Vec<_>>()
            );
        }
    }
}
