//! The append-only history of a payment. Each accepted command produces one
//! event; the store writes it next to the state change, never updates it.

use crate::escrow::OrderEvent;
use crate::{Approval, CancelOrigin, PayMethod, PaymentId, Timestamp, Won};
use serde::{Deserialize, Serialize};

/// What happened to a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentEvent {
    Requested {
        amount: Won,
    },
    Approved {
        method: PayMethod,
        approval: Approval,
    },
    /// The buyer filled in the order form; `amount` is what they will pay.
    CheckedOut {
        amount: Won,
    },
    Declined {
        method: PayMethod,
        code: String,
        message: String,
    },
    VirtualAccountIssued {
        bank: String,
        account_no: String,
        due: Timestamp,
    },
    DepositConfirmed {
        amount: Won,
    },
    RequestCancelled {
        origin: CancelOrigin,
        memo: String,
    },
    Expired,
    /// The seller was paid out what remained refundable.
    Settled {
        amount: Won,
    },
    /// After settlement the merchant asked to cancel; it completes when the
    /// seller returns the settled funds.
    CancellationRequested {
        memo: String,
    },
    Cancelled {
        origin: CancelOrigin,
        amount: Won,
        /// What can still be refunded after this cancellation.
        remaining: Won,
        memo: String,
    },
    /// One escrow order of this cart changed (iPay).
    Escrow(OrderEvent),
}

impl PaymentEvent {
    /// For a cancellation of (part of) a paid payment: what it cancelled and
    /// what is still refundable after it. One place decides which events
    /// give money back, for the refunds and every protocol's reports.
    pub const fn cancellation(&self) -> Option<(Won, Won)> {
        match self {
            PaymentEvent::Cancelled {
                amount, remaining, ..
            } => Some((*amount, *remaining)),
            PaymentEvent::Requested { .. }
            | PaymentEvent::Approved { .. }
            | PaymentEvent::CheckedOut { .. }
            | PaymentEvent::Declined { .. }
            | PaymentEvent::VirtualAccountIssued { .. }
            | PaymentEvent::DepositConfirmed { .. }
            | PaymentEvent::RequestCancelled { .. }
            | PaymentEvent::Expired
            | PaymentEvent::Settled { .. }
            | PaymentEvent::CancellationRequested { .. }
            | PaymentEvent::Escrow(_) => None,
        }
    }

    /// A short stable name, used as the `kind` column and in metrics.
    pub const fn kind(&self) -> &'static str {
        match self {
            PaymentEvent::Requested { .. } => "requested",
            PaymentEvent::Approved { .. } => "approved",
            PaymentEvent::CheckedOut { .. } => "checked_out",
            PaymentEvent::Declined { .. } => "declined",
            PaymentEvent::VirtualAccountIssued { .. } => "virtual_account_issued",
            PaymentEvent::DepositConfirmed { .. } => "deposit_confirmed",
            PaymentEvent::RequestCancelled { .. } => "request_cancelled",
            PaymentEvent::Expired => "expired",
            PaymentEvent::Settled { .. } => "settled",
            PaymentEvent::CancellationRequested { .. } => "cancellation_requested",
            PaymentEvent::Cancelled { .. } => "cancelled",
            PaymentEvent::Escrow(_) => "escrow",
        }
    }
}

/// An event as stored: which payment, its position in that payment's history
/// (equal to the payment's version right after it), and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub payment_id: PaymentId,
    pub seq: u32,
    pub at: Timestamp,
    pub event: PaymentEvent,
}
