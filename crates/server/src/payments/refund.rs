//! Refunds and voids: money given back through the card acquirer, as
//! outbox messages.
//!
//! A cancellation of a card payment owes a refund. The refund is a message
//! on the [`Channel::Acquirer`] channel, queued by `App::commit` in the same
//! transaction as the cancellation that owes it, then leased, sent, retried
//! with backoff and recorded like any callback (`notify list` shows it;
//! `notify replay` resends it). So a crash or an acquirer failure between
//! the commit and the refund can no longer leave money recorded as refunded
//! and never sent. The acquirer is idempotent per refund key
//! (`refund:<payment>:<event seq>`), so an attempt repeated after a crash
//! mid-attempt refunds once.
//!
//! A void gives back an approval that never became a payment: the buyer's
//! card was approved, but another process committed first. It is queued the
//! same way, in a change of its own.

use crate::app::App;
use crate::kinds::{ACQUIRER_REFUND, ACQUIRER_VOID};
use gyeolje_core::{Change, Channel, OutboxMessage, PayMethod, Payment, Timestamp, Won};
use gyeolje_sim::{KnownCharge, RefundRequest};
use serde::{Deserialize, Serialize};

/// The body of a refund or void message: everything the acquirer call needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundOrder {
    /// Repeating a refund with the same key refunds once.
    pub idempotency_key: String,
    pub approval_no: String,
    pub amount: Won,
    /// The approval's amount and what was refunded of it before this one:
    /// the gateway's durable view, for an acquirer that lost its own.
    pub charged: Won,
    pub refunded_before: Won,
}

/// The refunds `change` owes: one per cancellation event of a card payment.
pub fn owed(change: &Change) -> Vec<OutboxMessage> {
    let Some(payment) = change.payment() else {
        return Vec::new();
    };
    let (Some(PayMethod::Card), Some(approval)) = (payment.method, &payment.approval) else {
        return Vec::new();
    };
    let cancels: Vec<(u32, Won)> = change
        .events
        .iter()
        .filter_map(|e| e.event.cancellation().map(|(amount, _)| (e.seq, amount)))
        .collect();
    // What had been refunded before each cancellation of this change: the
    // payment's total after the change, less this and the later ones.
    let mut refunded_after = payment.cancelled_amount;
    let mut out = Vec::with_capacity(cancels.len());
    for (seq, amount) in cancels.into_iter().rev() {
        let before = refunded_after.checked_sub(amount).unwrap_or(Won::ZERO);
        let order = RefundOrder {
            idempotency_key: format!("refund:{}:{seq}", payment.id),
            approval_no: approval.approval_no.clone(),
            amount,
            charged: payment.amount,
            refunded_before: before,
        };
        out.push(message(&ACQUIRER_REFUND, payment, order));
        refunded_after = before;
    }
    out.reverse();
    out
}

/// The change that voids `approval_no`, approved under `auth_key` for
/// `payment`, after another process paid it first.
pub fn void(payment: &Payment, auth_key: &str, approval_no: &str) -> Change {
    let order = RefundOrder {
        idempotency_key: format!("void:{auth_key}"),
        approval_no: approval_no.to_owned(),
        amount: payment.amount,
        charged: payment.amount,
        refunded_before: Won::ZERO,
    };
    Change::default().with_outbox([message(&ACQUIRER_VOID, payment, order)])
}

fn message(
    kind: &'static crate::kinds::MessageKind,
    payment: &Payment,
    order: RefundOrder,
) -> OutboxMessage {
    let body = serde_json::to_string(&order).unwrap_or_default();
    kind.message(
        payment.protocol,
        Some(payment.id),
        Channel::Acquirer {
            approval_no: order.approval_no,
        },
        body,
    )
}

/// What the acquirer answered to one attempt at business time `now`: its
/// refund number, or why not.
pub async fn send(app: &App, body: &str, now: Timestamp) -> Result<String, String> {
    let order: RefundOrder =
        serde_json::from_str(body).map_err(|e| format!("refund body does not decode: {e}"))?;
    let receipt = app
        .acquirer
        .refund(RefundRequest {
            idempotency_key: order.idempotency_key,
            approval_no: order.approval_no,
            amount: order.amount,
            now,
            known_charge: Some(KnownCharge {
                amount: order.charged,
                refunded: order.refunded_before,
            }),
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(receipt.refund_no)
}
