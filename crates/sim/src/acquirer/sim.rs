//! [`SimAcquirer`]: a deterministic acquirer that keeps its books through
//! [`AcquirerBooks`].
//!
//! Approval and refund numbers are derived from the idempotency key (FNV-1a),
//! not drawn at random, so a replayed test produces the same numbers. The
//! books exist so the money rules that matter hold across restarts and
//! nodes: a retried authorization charges once, a retried refund refunds
//! once, and refunds never exceed the charge. The simulator itself holds no
//! per-process memory of what it did (see `books`). Only masked card numbers
//! are ever stored.

use super::books::{
    AcquirerBooks, ApprovalRecorded, BookedApproval, BookedRefund, MemoryBooks, RefundRecorded,
};
use super::card::{self, TestOutcome};
use super::{
    Acquirer, AcquirerError, AuthRequest, Authorization, Decline, DeclineCode, RefundReceipt,
    RefundRequest,
};
use async_trait::async_trait;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How many numbers are derived for one key before the books are taken to
/// be full (10⁸ numbers: a clash this many times in a row is not chance).
const NUMBER_TRIES: u32 = 64;

/// The simulated card company. See [`super::TEST_CARDS`] for its behaviour.
pub struct SimAcquirer {
    timeout_delay: Duration,
    books: Arc<dyn AcquirerBooks>,
}

impl Default for SimAcquirer {
    fn default() -> Self {
        SimAcquirer::new()
    }
}

impl fmt::Debug for SimAcquirer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimAcquirer")
            .field("timeout_delay", &self.timeout_delay)
            .finish_non_exhaustive()
    }
}

impl SimAcquirer {
    /// A simulator whose timeout card answers at once, with books in this
    /// process's memory ([`MemoryBooks`], bounded): for tests and tools.
    pub fn new() -> Self {
        SimAcquirer::with_books(Arc::new(MemoryBooks::default()))
    }

    /// A simulator keeping its books in `books` (the server's: the store, so
    /// they outlive the process and are shared by every node).
    pub fn with_books(books: Arc<dyn AcquirerBooks>) -> Self {
        SimAcquirer {
            timeout_delay: Duration::ZERO,
            books,
        }
    }

    /// How long the timeout test card keeps the caller waiting before it
    /// declines; set it to the server's acquirer timeout to exercise that path.
    pub fn with_timeout_delay(mut self, delay: Duration) -> Self {
        self.timeout_delay = delay;
        self
    }
}

#[async_trait]
impl Acquirer for SimAcquirer {
    /// The card decides the answer; the books make a repeated key answer
    /// its first approval (checked at the write, so two nodes racing with
    /// one key charge once).
    async fn authorize(&self, req: AuthRequest) -> Result<Authorization, Decline> {
        let digits = card::normalize(&req.card_number)
            .ok_or_else(|| Decline::new(DeclineCode::InvalidNumber))?;
        let listed = card::find_test_card(&digits);
        if listed.is_none() && !card::luhn_valid(&digits) {
            return Err(Decline::new(DeclineCode::InvalidNumber));
        }
        if let Some(expiry) = &req.expiry {
            card::check_expiry(expiry, req.now)?;
        }
        let (card_name, company_code) = match listed {
            Some(c) => match c.outcome {
                TestOutcome::Approve => (c.card_name, c.card_company_code),
                TestOutcome::Decline(DeclineCode::Timeout) => {
                    if !self.timeout_delay.is_zero() {
                        tokio::time::sleep(self.timeout_delay).await;
                    }
                    return Err(Decline::new(DeclineCode::Timeout));
                }
                TestOutcome::Decline(code) => return Err(Decline::new(code)),
            },
            None => card::company_for(&digits),
        };
        let mut booked = BookedApproval {
            key: req.idempotency_key,
            amount: req.amount,
            auth: Authorization {
                approval_no: String::new(),
                card_name: card_name.to_owned(),
                card_masked: card::mask(&digits),
                card_company_code: company_code.to_owned(),
                approved_at: req.now,
            },
        };
        for attempt in 0..NUMBER_TRIES {
            booked.auth.approval_no = derived_digits(&booked.key, "auth", attempt);
            // Books that cannot answer are an acquirer that did not answer:
            // nothing was charged, and the buyer may try again.
            let recorded = self
                .books
                .record_approval(&booked)
                .await
                .map_err(|_| Decline::new(DeclineCode::Timeout))?;
            match recorded {
                ApprovalRecorded::Recorded => return Ok(booked.auth),
                ApprovalRecorded::KeyTaken(first) => return Ok(first),
                ApprovalRecorded::NumberTaken => {}
            }
        }
        Err(Decline::new(DeclineCode::Timeout))
    }

    async fn refund(&self, req: RefundRequest) -> Result<RefundReceipt, AcquirerError> {
        let unavailable = |_| AcquirerError::Unavailable;
        if let Some(done) = self
            .books
            .refund_by_key(&req.idempotency_key)
            .await
            .map_err(unavailable)?
        {
            return Ok(done);
        }
        let mut booked = BookedRefund {
            key: req.idempotency_key,
            approval_no: req.approval_no,
            amount: req.amount,
            receipt: RefundReceipt {
                refund_no: String::new(),
                refunded_at: req.now,
            },
            known_charge: req.known_charge,
        };
        for attempt in 0..NUMBER_TRIES {
            booked.receipt.refund_no = derived_digits(&booked.key, "refund", attempt);
            match self
                .books
                .record_refund(&booked)
                .await
                .map_err(unavailable)?
            {
                RefundRecorded::Recorded => return Ok(booked.receipt),
                RefundRecorded::KeyTaken(first) => return Ok(first),
                RefundRecorded::NumberTaken => {}
                RefundRecorded::UnknownApproval => return Err(AcquirerError::UnknownApproval),
                RefundRecorded::ExceedsCharge => return Err(AcquirerError::ExceedsAuthorized),
            }
        }
        Err(AcquirerError::Unavailable)
    }
}

/// Candidate `attempt` of the 8 digits derived from `key`: attempt 0 first,
/// the next on a clash with a number already issued, so numbers stay
/// unique and reproducible.
fn derived_digits(key: &str, namespace: &str, attempt: u32) -> String {
    let n = fnv1a(&format!("{namespace}:{attempt}:{key}")) % 100_000_000;
    format!("{n:08}")
}

/// 64-bit FNV-1a: tiny, stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
