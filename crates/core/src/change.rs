//! A unit of work: what one command changes, handed to the store whole.
//!
//! The store applies a [`Change`] in one transaction — the payment row, its
//! events and its outbox rows together, or none of them — so a callback can
//! never exist for a state the database does not have, and the reverse.

use crate::escrow::EscrowOrder;
use crate::{AttemptRecord, EventRecord, OutboxMessage, Payment, Transition};

/// How the payment row is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentWrite {
    /// A new payment.
    Insert(Payment),
    /// A new version of an existing payment. Refused with a conflict if the
    /// stored version is no longer `expected_version`, which serialises
    /// concurrent commands on one payment across processes.
    Update {
        payment: Payment,
        expected_version: u32,
    },
}

/// Everything one command writes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Change {
    pub payment: Option<PaymentWrite>,
    pub events: Vec<EventRecord>,
    pub outbox: Vec<OutboxMessage>,
    /// Messages already delivered before the commit (a synchronous callback
    /// the reply depends on), stored as delivered with their attempt so the
    /// history stays complete. The attempt's `outbox_id` is filled in by the
    /// store.
    pub delivered: Vec<(OutboxMessage, AttemptRecord)>,
    /// Escrow orders of the payment (iPay), inserted or replaced whole. They
    /// ride on the payment's version check: a change to an order is always
    /// also a new version of its payment.
    pub orders: Vec<EscrowOrder>,
}

impl Change {
    /// A new payment and its first event.
    pub fn create(payment: Payment, event: EventRecord) -> Self {
        Change {
            payment: Some(PaymentWrite::Insert(payment)),
            events: vec![event],
            outbox: vec![],
            delivered: vec![],
            orders: vec![],
        }
    }

    /// An accepted transition of a payment that was at `expected_version`.
    pub fn transition(expected_version: u32, t: Transition) -> Self {
        Change {
            payment: Some(PaymentWrite::Update {
                payment: t.payment,
                expected_version,
            }),
            events: vec![t.event],
            outbox: vec![],
            delivered: vec![],
            orders: vec![],
        }
    }

    /// Adds messages to deliver once this change is committed.
    pub fn with_outbox(mut self, messages: impl IntoIterator<Item = OutboxMessage>) -> Self {
        self.outbox.extend(messages);
        self
    }

    /// Adds escrow orders to write with this change.
    pub fn with_orders(mut self, orders: impl IntoIterator<Item = EscrowOrder>) -> Self {
        self.orders.extend(orders);
        self
    }

    /// The payment as it will be after this change, if the change writes one.
    pub fn payment(&self) -> Option<&Payment> {
        match &self.payment {
            Some(PaymentWrite::Insert(p)) | Some(PaymentWrite::Update { payment: p, .. }) => {
                Some(p)
            }
            None => None,
        }
    }
}
