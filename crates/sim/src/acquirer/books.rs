//! The acquirer's own books: what it approved and what it refunded.
//!
//! A real card company keeps its books on its side, whatever happens to
//! the gateway; the simulator must too, or a restart (or another node on
//! the same database) forgets which refunds it already made and refunds a
//! re-sent one twice. So [`SimAcquirer`](super::SimAcquirer) keeps no ledger
//! of its own: it reads and writes through [`AcquirerBooks`], which the
//! server implements on its store (a table the gateway never writes) and
//! [`MemoryBooks`] implements for this crate's tests and tools. The trait
//! is narrow and speaks only the simulator's terms, so this crate does not
//! depend on the store.
//!
//! The money rules live in the implementations' writes, not in the
//! simulator's reads: [`AcquirerBooks::record_refund`] checks "never more
//! than the charge" and inserts the refund as one atomic step, and a key
//! already used answers with the first receipt, so two nodes sending the
//! same refund at once refund once.

use super::{Authorization, KnownCharge, RefundReceipt};
use async_trait::async_trait;
use gyeolje_core::Won;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// An approval to write into the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedApproval {
    /// The idempotency key of the request that made it (unique in the books).
    pub key: String,
    /// What was charged.
    pub amount: Won,
    /// The answer given (its approval number is unique in the books; its
    /// card number is masked).
    pub auth: Authorization,
}

/// What [`AcquirerBooks::record_approval`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalRecorded {
    /// Written: the charge exists now.
    Recorded,
    /// The key had an approval already (a retry, or a concurrent duplicate
    /// that won): that first approval, nothing written.
    KeyTaken(Authorization),
    /// Another key holds this approval number; nothing written — derive
    /// another number and try again.
    NumberTaken,
}

/// A refund to write into the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedRefund {
    /// The refund's idempotency key (unique in the books).
    pub key: String,
    pub approval_no: String,
    pub amount: Won,
    /// The answer to give (its refund number is unique in the books).
    pub receipt: RefundReceipt,
    /// The gateway's view of the approval, for a charge the books never saw
    /// (approved before the books existed): entered as it says, then checked
    /// like any other.
    pub known_charge: Option<KnownCharge>,
}

/// What [`AcquirerBooks::record_refund`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundRecorded {
    /// Written: the charge's refunded total grew by the amount.
    Recorded,
    /// The key was refunded already: that first receipt, nothing written.
    KeyTaken(RefundReceipt),
    /// Another refund holds this refund number; derive another and try again.
    NumberTaken,
    /// No charge with that approval number (and no `known_charge`).
    UnknownApproval,
    /// The charge's refunds would add up to more than was charged.
    ExceedsCharge,
}

/// The books could not be read or written; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the acquirer's books are unavailable: {0}")]
pub struct BooksError(pub String);

/// Where the simulated acquirer keeps its books.
#[async_trait]
pub trait AcquirerBooks: Send + Sync {
    /// Writes an approval unless its key or its approval number is taken.
    async fn record_approval(&self, a: &BookedApproval) -> Result<ApprovalRecorded, BooksError>;

    /// The receipt of the refund made under `key`, if any.
    async fn refund_by_key(&self, key: &str) -> Result<Option<RefundReceipt>, BooksError>;

    /// Writes a refund if its key is new and the charge's refunds stay
    /// within the charge — the check and the write as one atomic step.
    async fn record_refund(&self, r: &BookedRefund) -> Result<RefundRecorded, BooksError>;
}

/// Books in this process's memory, bounded: past `capacity` charges the
/// oldest is forgotten with its refunds (a sandbox acquirer restarted long
/// ago). For tests and tools; the server keeps its books in the store.
#[derive(Debug)]
pub struct MemoryBooks {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Approval numbers, oldest first (what to forget first).
    order: VecDeque<String>,
    charges: HashMap<String, Charge>,
    /// Approval number by idempotency key.
    by_key: HashMap<String, String>,
    /// Refund receipts by key, with the approval they belong to.
    refunds: HashMap<String, (String, RefundReceipt)>,
    /// Refund keys by refund number.
    refund_nos: HashMap<String, String>,
}

#[derive(Debug)]
struct Charge {
    /// `None` for a charge entered from the gateway's `known_charge`.
    auth: Option<Authorization>,
    amount: Won,
    refunded: Won,
    refund_keys: Vec<String>,
}

/// How many charges [`MemoryBooks::default`] remembers.
pub const MEMORY_BOOKS_CAPACITY: usize = 10_000;

impl Default for MemoryBooks {
    fn default() -> Self {
        MemoryBooks::with_capacity(MEMORY_BOOKS_CAPACITY)
    }
}

impl MemoryBooks {
    /// Books that remember at most `capacity` charges (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        MemoryBooks {
            capacity: capacity.max(1),
            state: Mutex::new(State::default()),
        }
    }

    /// The sum of all approved amounts remembered (refunds not subtracted).
    pub fn charged_total(&self) -> Won {
        self.state()
            .charges
            .values()
            .filter(|c| c.auth.is_some())
            .fold(Won::ZERO, |sum, c| {
                sum.checked_add(c.amount).unwrap_or(Won::MAX)
            })
    }

    /// How much of an approval has been refunded; `None` for an unknown one.
    pub fn refunded_total(&self, approval_no: &str) -> Option<Won> {
        self.state().charges.get(approval_no).map(|c| c.refunded)
    }

    /// How many approvals are remembered.
    pub fn authorization_count(&self) -> usize {
        self.state().by_key.len()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every update below checks first and then inserts, so a panic
        // cannot leave the maps half-updated: a poisoned lock is usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    fn add_charge(&mut self, capacity: usize, approval_no: String, charge: Charge) {
        while self.order.len() >= capacity {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.charges.remove(&old) {
                for key in gone.refund_keys {
                    if let Some((_, r)) = self.refunds.remove(&key) {
                        self.refund_nos.remove(&r.refund_no);
                    }
                }
            }
            self.by_key.retain(|_, no| *no != old);
        }
        self.order.push_back(approval_no.clone());
        self.charges.insert(approval_no, charge);
    }
}

#[async_trait]
impl AcquirerBooks for MemoryBooks {
    async fn record_approval(&self, a: &BookedApproval) -> Result<ApprovalRecorded, BooksError> {
        let mut s = self.state();
        if let Some(no) = s.by_key.get(&a.key)
            && let Some(auth) = s.charges.get(no).and_then(|c| c.auth.clone())
        {
            return Ok(ApprovalRecorded::KeyTaken(auth));
        }
        if s.charges.contains_key(&a.auth.approval_no) {
            return Ok(ApprovalRecorded::NumberTaken);
        }
        let charge = Charge {
            auth: Some(a.auth.clone()),
            amount: a.amount,
            refunded: Won::ZERO,
            refund_keys: Vec::new(),
        };
        s.add_charge(self.capacity, a.auth.approval_no.clone(), charge);
        s.by_key.insert(a.key.clone(), a.auth.approval_no.clone());
        Ok(ApprovalRecorded::Recorded)
    }

    async fn refund_by_key(&self, key: &str) -> Result<Option<RefundReceipt>, BooksError> {
        Ok(self.state().refunds.get(key).map(|(_, r)| r.clone()))
    }

    async fn record_refund(&self, r: &BookedRefund) -> Result<RefundRecorded, BooksError> {
        let mut s = self.state();
        if let Some((_, done)) = s.refunds.get(&r.key) {
            return Ok(RefundRecorded::KeyTaken(done.clone()));
        }
        if s.refund_nos.contains_key(&r.receipt.refund_no) {
            return Ok(RefundRecorded::NumberTaken);
        }
        if let (Some(known), false) = (r.known_charge, s.charges.contains_key(&r.approval_no)) {
            let charge = Charge {
                auth: None,
                amount: known.amount,
                refunded: known.refunded,
                refund_keys: Vec::new(),
            };
            s.add_charge(self.capacity, r.approval_no.clone(), charge);
        }
        let Some(charge) = s.charges.get_mut(&r.approval_no) else {
            return Ok(RefundRecorded::UnknownApproval);
        };
        let Some(total) = charge
            .refunded
            .checked_add(r.amount)
            .filter(|total| *total <= charge.amount)
        else {
            return Ok(RefundRecorded::ExceedsCharge);
        };
        charge.refunded = total;
        charge.refund_keys.push(r.key.clone());
        s.refund_nos
            .insert(r.receipt.refund_no.clone(), r.key.clone());
        s.refunds
            .insert(r.key.clone(), (r.approval_no.clone(), r.receipt.clone()));
        Ok(RefundRecorded::Recorded)
    }
}
