//! What buyers, merchants and operators do to a payment, independent of
//! protocol: create it ([`commit`]), pay it ([`pay`]), cancel it
//! ([`cancel`]), let it expire or settle — and the refunds and voids that
//! give money back through the acquirer ([`refund`]).
//!
//! Every change goes one way: the core decides the command
//! (`Payment::handle`), the payment's front end adds what the event causes
//! (callbacks, SMS, escrow orders), and `App::commit` writes all of it in one
//! transaction, queueing the refunds a cancellation owes and waking the
//! delivery worker when anything was queued. Operations on one payment are
//! queued in-process ([`crate::locks`]) and version-checked in the store, so
//! no payment is charged twice or refunded beyond what was paid.

pub mod cancel;
pub mod commit;
pub mod pay;
pub mod refund;
pub mod retry;
