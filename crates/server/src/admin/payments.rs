//! Payment lookup for operators: find a payment by its number or any
//! protocol reference, list payments by filter, and describe one with
//! everything that happened to it — the JSON behind `gyeolje payment
//! list|show --json`, `GET /admin/api/payments[/{id}]` and the console.
//!
//! Everything here reads: it takes the store and the registered front ends
//! rather than an `App`, so read-only commands run it on a database they
//! open with `open_existing`. What a reference means is each protocol's
//! (`FrontEnd::references`, `FrontEnd::find_reference`); nothing here
//! looks at a protocol.

use crate::app::FrontEnds;
use crate::cli::common::mask_secrets;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{AttemptRecord, EventRecord, OutboxRecord, Payment, PaymentId, Timestamp};
use gyeolje_store::{OutboxFilter, PaymentFilter, Store, StoreError};
use serde_json::{Value, json};

/// How many messages of one payment `detail_json` shows at most.
const MESSAGES_SHOWN: u32 = 1000;

/// Why a lookup found no one payment.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(
        "no payment {0:?} (give a payment number or a reference: mul_no, tid, moid, cart, pay or order number)"
    )]
    NotFound(String),
    #[error("{text:?} names several payments: {}", candidates(.found))]
    Ambiguous { text: String, found: Vec<Payment> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn candidates(found: &[Payment]) -> String {
    found
        .iter()
        .map(|p| format!("{} ({})", p.id, p.protocol))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every payment `text` names: the payment with that number, and those a
/// protocol's reference of that value names, without repeats.
pub async fn find_all(
    store: &dyn Store,
    front_ends: &FrontEnds,
    text: &str,
) -> Result<Vec<Payment>, StoreError> {
    let text = text.trim();
    let mut found: Vec<Payment> = Vec::new();
    if let Ok(n) = text.parse::<i64>()
        && let Some(p) = store.payment(PaymentId::new(n)).await?
    {
        found.push(p);
    }
    for front in front_ends.all() {
        for p in front.find_reference(store, text).await? {
            if !found.iter().any(|f| f.id == p.id) {
                found.push(p);
            }
        }
    }
    Ok(found)
}

/// The one payment `text` names: a payment number first (it is also
/// PayApp's `mul_no` and iPay's cart number), else the one payment a
/// protocol reference names (InnoPay `tid` or `moid`, iPay pay or order
/// number). A reference several payments share is an error listing them.
pub async fn find(
    store: &dyn Store,
    front_ends: &FrontEnds,
    text: &str,
) -> Result<Payment, LookupError> {
    let trimmed = text.trim();
    if let Ok(n) = trimmed.parse::<i64>()
        && let Some(p) = store.payment(PaymentId::new(n)).await?
    {
        return Ok(p);
    }
    let mut found = find_all(store, front_ends, trimmed).await?;
    match found.len() {
        0 => Err(LookupError::NotFound(trimmed.to_owned())),
        1 => Ok(found.remove(0)),
        _ => Err(LookupError::Ambiguous {
            text: trimmed.to_owned(),
            found,
        }),
    }
}

/// The payments `filter` matches, newest first. Its free text `q` finds
/// what the store matches (a number, part of a reference) and every
/// payment a protocol reference of that value names (a `tid`, an order
/// number), each still held to the other conditions.
pub async fn list(
    store: &dyn Store,
    front_ends: &FrontEnds,
    filter: &PaymentFilter,
) -> Result<Vec<Payment>, StoreError> {
    let mut found = store.payments_matching(filter).await?;
    let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(found);
    };
    for p in find_all(store, front_ends, q).await? {
        if held_to(filter, &p) && !found.iter().any(|f| f.id == p.id) {
            found.push(p);
        }
    }
    found.sort_by_key(|p| std::cmp::Reverse((p.requested_at, p.id)));
    found.truncate(usize::try_from(filter.effective_limit()).unwrap_or(usize::MAX));
    Ok(found)
}

/// Whether `p` meets `filter`'s conditions other than its text.
fn held_to(filter: &PaymentFilter, p: &Payment) -> bool {
    filter.merchant.is_none_or(|m| m == p.merchant_id)
        && filter.protocol.is_none_or(|x| x == p.protocol)
        && filter.state.is_none_or(|s| s == p.state)
        && filter.since.is_none_or(|t| p.requested_at >= t)
}

fn time(t: Timestamp) -> String {
    t.rfc3339()
}

fn opt_time(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| json!(time(t)))
}

/// The protocol's references of `p` as an object (`{"mul_no": "1000"}`).
fn references(front_ends: &FrontEnds, p: &Payment) -> Value {
    let refs = front_ends.get(p.protocol).references(p);
    Value::Object(
        refs.into_iter()
            .map(|(k, v)| (k.to_owned(), Value::String(v)))
            .collect(),
    )
}

/// One line of a list: the payment without its history.
pub fn summary_json(front_ends: &FrontEnds, p: &Payment) -> Value {
    json!({
        "id": p.id.get(),
        "protocol": p.protocol.as_str(),
        "merchant_id": p.merchant_id.get(),
        "state": p.state.as_str(),
        "amount": p.amount.get(),
        "cancelled_amount": p.cancelled_amount.get(),
        "goods_name": p.goods_name,
        "method": p.method.map(|m| m.as_str()),
        "reference": p.reference,
        "references": references(front_ends, p),
        "requested_at": time(p.requested_at),
        "paid_at": opt_time(p.paid_at),
        "closed_at": opt_time(p.closed_at),
    })
}

fn event_json(e: &EventRecord) -> Value {
    json!({
        "seq": e.seq,
        "at": time(e.at),
        "kind": e.event.kind(),
        "event": serde_json::to_value(&e.event).unwrap_or(Value::Null),
    })
}

fn order_json(o: &EscrowOrder) -> Value {
    json!({
        "order_no": o.order_no,
        "line": o.line,
        "item_no": o.auction_item_no,
        "ipay_itemno": o.ipay_itemno,
        "item_name": o.item_name,
        "option_name": o.option_name,
        "quantity": o.quantity,
        "amount": o.amount.get(),
        "refunded": o.refunded.get(),
        "state": o.state.as_str(),
        "label": o.state.label(),
        "ordered_at": time(o.ordered_at),
        "paid_at": opt_time(o.paid_at),
        "shipped_at": opt_time(o.shipped_at),
        "closed_at": opt_time(o.closed_at),
        "cancel_request": serde_json::to_value(&o.cancel_request).unwrap_or(Value::Null),
        "return_request": serde_json::to_value(&o.return_request).unwrap_or(Value::Null),
        "exchange_request": serde_json::to_value(&o.exchange_request).unwrap_or(Value::Null),
    })
}

/// One delivery attempt; the request body with secrets masked.
pub fn attempt_json(a: &AttemptRecord) -> Value {
    json!({
        "attempt": a.attempt_no,
        "started_at": time(a.started_at),
        "target": a.target,
        "request_body": mask_secrets(&a.request_body),
        "status": a.status,
        "response_excerpt": a.response_excerpt,
        "latency_ms": a.latency_ms,
        "error": a.error,
        "succeeded": a.succeeded,
        "worker": a.worker,
    })
}

/// One outbox message with every attempt; its body with secrets masked.
pub fn message_json(r: &OutboxRecord, attempts: &[AttemptRecord]) -> Value {
    json!({
        "id": r.id.get(),
        "kind": r.message.kind,
        "channel": r.message.channel.name(),
        "target": r.message.channel.target(),
        "state": r.state.as_str(),
        "attempts": r.attempts,
        "max_attempts": r.message.retry.max_attempts,
        "body": mask_secrets(&r.message.body),
        "created_at": time(r.created_at),
        "next_attempt_at": time(r.next_attempt_at),
        "delivered_at": opt_time(r.delivered_at),
        "last_error": r.last_error,
        "history": attempts.iter().map(attempt_json).collect::<Vec<_>>(),
    })
}

/// Everything about `p`: the payment, its merchant, its events in order,
/// its escrow orders, every message it caused (oldest first) with each
/// delivery attempt, and the operator actions it accepts at business time
/// `now`. Secrets in bodies are masked.
pub async fn detail_json(
    store: &dyn Store,
    front_ends: &FrontEnds,
    p: &Payment,
    now: Timestamp,
) -> Result<Value, StoreError> {
    let merchant = store.merchant(p.merchant_id).await?;
    let events = store.events(p.id).await?;
    let orders = store.escrow_orders_of(p.id).await?;
    let filter = OutboxFilter {
        payment_id: Some(p.id),
        limit: MESSAGES_SHOWN,
        ..OutboxFilter::default()
    };
    let mut records = store.outbox_list(&filter).await?;
    records.reverse();
    let mut messages = Vec::with_capacity(records.len());
    for r in &records {
        messages.push(message_json(r, &store.attempts(r.id).await?));
    }
    // What `admin::actions::actions_for` answers (asked here directly, so
    // the actions module, which replies with summaries, is not imported back).
    let actions = front_ends.get(p.protocol).operator_actions(p, &orders, now);
    Ok(json!({
        "id": p.id.get(),
        "protocol": p.protocol.as_str(),
        "merchant": {
            "id": p.merchant_id.get(),
            "name": merchant.map(|m| m.name),
        },
        "state": p.state.as_str(),
        "amount": p.amount.get(),
        "cancelled_amount": p.cancelled_amount.get(),
        "refundable": p.refundable().get(),
        "goods_name": p.goods_name,
        "method": p.method.map(|m| m.as_str()),
        "buyer_phone": p.buyer_phone.as_ref().map(|b| b.as_str()),
        "reference": p.reference,
        "references": references(front_ends, p),
        "approval": serde_json::to_value(&p.approval).unwrap_or(Value::Null),
        "virtual_account": serde_json::to_value(&p.virtual_account).unwrap_or(Value::Null),
        "requested_at": time(p.requested_at),
        "expires_at": time(p.expires_at),
        "paid_at": opt_time(p.paid_at),
        "closed_at": opt_time(p.closed_at),
        "settle_due_at": opt_time(p.settle_due_at),
        "settled_at": opt_time(p.settled_at),
        "version": p.version,
        "events": events.iter().map(event_json).collect::<Vec<_>>(),
        "orders": orders.iter().map(order_json).collect::<Vec<_>>(),
        "messages": messages,
        "actions": actions,
    }))
}
