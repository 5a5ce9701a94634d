//! The column tables of what the group-commit writer writes: payments,
//! their events, outbox messages, delivery attempts and escrow orders (see
//! `columns` for what is built from them). The tables the store writes
//! elsewhere are beside their code: `cash_receipts`, `escrow` (notes),
//! `sellers` (sub-accounts).
//!
//! Each column's line says where its value comes from; columns that an
//! UPDATE rewrites are marked `changes(…)`. The order is the select list's
//! order, which the decoders in `rows` follow.

use crate::columns::{Column, Kind, Table, changes};
use crate::param::{millis, saturating};
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{AttemptRecord, Channel, EventRecord, OutboxMessage, Payment, Timestamp};

/// The aggregate is `body`; the other columns are copies for indexing and
/// constraints. An UPDATE (`writes::update_payment`) rewrites all but the
/// payment's identity, protocol, merchant, page code and request time.
pub(crate) static PAYMENTS: Table<Payment> = Table {
    name: "payments",
    columns: &[
        Column::int("id", |p, _| p.id.get()),
        Column::text("protocol", |p, _| p.protocol.as_str()),
        Column::int("merchant_id", |p, _| p.merchant_id.get()),
        Column::text("page_code", |p, _| p.page_code.as_str()),
        changes(Column::text("state", |p, _| p.state.as_str())),
        changes(Column::int("amount", |p, _| p.amount.get())),
        changes(Column::int("cancelled_amount", |p, _| {
            p.cancelled_amount.get()
        })),
        Column::int("requested_at", |p, _| p.requested_at.as_millis()),
        changes(Column::int("expires_at", |p, _| p.expires_at.as_millis())),
        changes(Column::opt_int("paid_at", |p, _| millis(p.paid_at))),
        changes(Column::opt_int("closed_at", |p, _| millis(p.closed_at))),
        changes(Column::int("version", |p, _| i64::from(p.version))),
        changes(Column::json("body")),
        changes(Column::opt_int("settle_due_at", |p, _| {
            millis(p.settle_due_at)
        })),
        changes(Column::opt_int("settled_at", |p, _| millis(p.settled_at))),
        changes(Column::opt_text("reference", |p, _| p.reference.as_deref())),
    ],
};

pub(crate) static EVENTS: Table<EventRecord> = Table {
    name: "payment_events",
    columns: &[
        Column::int("payment_id", |e, _| e.payment_id.get()),
        Column::int("seq", |e, _| i64::from(e.seq)),
        Column::int("at", |e, _| e.at.as_millis()),
        Column::text("kind", |e, _| e.event.kind()),
        Column::json("body"),
    ],
};

/// What an outbox row holds beside its message: when it was written, and
/// when it was delivered if that happened before the commit (with its one
/// attempt: see `Change::delivered`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Delivery {
    pub now: i64,
    pub delivered_at: Option<i64>,
}

impl Delivery {
    pub fn new(delivered: Option<&AttemptRecord>, now: Timestamp) -> Self {
        Delivery {
            now: now.as_millis(),
            delivered_at: delivered.map(|a| a.started_at.as_millis() + saturating(a.latency_ms)),
        }
    }
}

fn content_type(channel: &Channel) -> &str {
    channel.content_type()
}

/// `lease_owner`, `lease_token` and `locked_until` are the lease's
/// (`writes::lease`), neither inserted nor read back.
pub(crate) static OUTBOX: Table<OutboxMessage, Delivery> = Table {
    name: "outbox",
    columns: &[
        Column::unwritten("id", Kind::Int),
        Column::text("kind", |m, _| &m.kind),
        Column::text("protocol", |m, _| m.protocol.as_str()),
        Column::opt_int("payment_id", |m, _| m.payment_id.map(|p| p.get())),
        Column::text("channel", |m, _| m.channel.name()),
        Column::text("target", |m, _| m.channel.target()),
        Column::text("content_type", |m, _| content_type(&m.channel)),
        Column::text("body", |m, _| &m.body),
        Column::owned("success_rule", |m, _| m.success.encode()),
        Column::int("max_attempts", |m, _| i64::from(m.retry.max_attempts)),
        Column::owned("retry_delays", |m, _| m.retry.encode_delays()),
        Column::text("state", |_, d| match d.delivered_at {
            Some(_) => "delivered",
            None => "pending",
        }),
        Column::int("attempts", |_, d| i64::from(d.delivered_at.is_some())),
        Column::int("next_attempt_at", |_, d| d.now),
        Column::int("created_at", |_, d| d.now),
        Column::unwritten("last_error", Kind::Text),
        Column::opt_int("delivered_at", |_, d| d.delivered_at),
    ],
};

/// Which attempt of which message an attempt row is: the record's own, or
/// for a message delivered before its commit the new row's id and 1.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttemptOf {
    pub outbox_id: i64,
    pub attempt_no: u32,
}

pub(crate) static ATTEMPTS: Table<AttemptRecord, AttemptOf> = Table {
    name: "outbox_attempts",
    columns: &[
        Column::int("outbox_id", |_, of| of.outbox_id),
        Column::int("attempt_no", |_, of| i64::from(of.attempt_no)),
        Column::int("started_at", |a, _| a.started_at.as_millis()),
        Column::text("target", |a, _| &a.target),
        Column::text("request_body", |a, _| &a.request_body),
        Column::opt_int("status", |a, _| a.status.map(i64::from)),
        Column::opt_text("response_excerpt", |a, _| a.response_excerpt.as_deref()),
        Column::int("latency_ms", |a, _| saturating(a.latency_ms)),
        Column::opt_text("error", |a, _| a.error.as_deref()),
        Column::int("succeeded", |a, _| i64::from(a.succeeded)),
        Column::text("worker", |a, _| &a.worker),
    ],
};

/// Upserted by `order_no`: a later change of the order rewrites what moves.
pub(crate) static ESCROW_ORDERS: Table<EscrowOrder> = Table {
    name: "escrow_orders",
    columns: &[
        Column::int("order_no", |o, _| o.order_no),
        Column::int("payment_id", |o, _| o.payment_id.get()),
        Column::int("merchant_id", |o, _| o.merchant_id.get()),
        Column::int("line_no", |o, _| i64::from(o.line)),
        changes(Column::text("state", |o, _| o.state.as_str())),
        Column::int("ordered_at", |o, _| o.ordered_at.as_millis()),
        changes(Column::int("updated_at", |o, _| o.updated_at.as_millis())),
        changes(Column::opt_int("decide_due_at", |o, _| {
            millis(o.decide_due_at)
        })),
        changes(Column::opt_int("remit_due_at", |o, _| {
            millis(o.remit_due_at)
        })),
        changes(Column::json("body")),
        // Migration 0008: an unanswered cancel request approved by the clock.
        changes(Column::opt_int("cancel_due_at", |o, _| {
            millis(o.cancel_due_at)
        })),
    ],
};
