//! [`SimAcquirer`]: a deterministic, in-memory acquirer.
//!
//! Approval and refund numbers are derived from the idempotency key (FNV-1a),
//! not drawn at random, so a replayed test produces the same numbers. The
//! ledger exists so tests can assert the money rules that matter: a retried
//! authorization charges once, a retried refund refunds once, and refunds
//! never exceed the charge. Only masked card numbers are ever stored.

use super::card::{self, TestOutcome};
use super::{
    Acquirer, AcquirerError, AuthRequest, Authorization, Decline, DeclineCode, RefundReceipt,
    RefundRequest,
};
use async_trait::async_trait;
use gyeolje_core::Won;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The simulated card company. See [`super::TEST_CARDS`] for its behaviour.
#[derive(Debug, Default)]
pub struct SimAcquirer {
    timeout_delay: Duration,
    ledger: Mutex<Ledger>,
}

#[derive(Debug, Default)]
struct Ledger {
    /// Approvals by the idempotency key that created them.
    by_key: HashMap<String, Authorization>,
    /// Money per approval number.
    charges: HashMap<String, Charge>,
    /// Refund receipts by the idempotency key that created them.
    refunds_by_key: HashMap<String, RefundReceipt>,
    refund_nos: HashSet<String>,
}

#[derive(Debug)]
struct Charge {
    amount: Won,
    refunded: Won,
}

impl SimAcquirer {
    /// A simulator whose timeout card answers at once.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long the timeout test card keeps the caller waiting before it
    /// declines; set it to the server's acquirer timeout to exercise that path.
    pub fn with_timeout_delay(mut self, delay: Duration) -> Self {
        self.timeout_delay = delay;
        self
    }

    /// The sum of all approved amounts (refunds not subtracted).
    pub fn charged_total(&self) -> Won {
        self.ledger().charges.values().fold(Won::ZERO, |sum, c| {
            sum.checked_add(c.amount).unwrap_or(Won::MAX)
        })
    }

    /// How much of an approval has been refunded; `None` for an unknown approval.
    pub fn refunded_total(&self, approval_no: &str) -> Option<Won> {
        self.ledger().charges.get(approval_no).map(|c| c.refunded)
    }

    /// How many distinct charges were approved.
    pub fn authorization_count(&self) -> usize {
        self.ledger().charges.len()
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        // A panic while holding the lock cannot leave the maps half-updated
        // (each update is a single insert), so a poisoned lock is still usable.
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl Acquirer for SimAcquirer {
    async fn authorize(&self, req: AuthRequest) -> Result<Authorization, Decline> {
        if let Some(done) = self.ledger().by_key.get(&req.idempotency_key) {
            return Ok(done.clone());
        }

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
        let card_masked = card::mask(&digits);

        let mut ledger = self.ledger();
        // A concurrent request with the same key may have won the race.
        if let Some(done) = ledger.by_key.get(&req.idempotency_key) {
            return Ok(done.clone());
        }
        let approval_no = unique_digits(&req.idempotency_key, "auth", |n| {
            ledger.charges.contains_key(n)
        });
        let auth = Authorization {
            approval_no: approval_no.clone(),
            card_name: card_name.to_owned(),
            card_masked,
            card_company_code: company_code.to_owned(),
            approved_at: req.now,
        };
        ledger.charges.insert(
            approval_no,
            Charge {
                amount: req.amount,
                refunded: Won::ZERO,
            },
        );
        ledger.by_key.insert(req.idempotency_key, auth.clone());
        Ok(auth)
    }

    async fn refund(&self, req: RefundRequest) -> Result<RefundReceipt, AcquirerError> {
        let mut ledger = self.ledger();
        if let Some(done) = ledger.refunds_by_key.get(&req.idempotency_key) {
            return Ok(done.clone());
        }
        if let Some(known) = req.known_charge {
            ledger
                .charges
                .entry(req.approval_no.clone())
                .or_insert(Charge {
                    amount: known.amount,
                    refunded: known.refunded,
                });
        }
        let charge = ledger
            .charges
            .get_mut(&req.approval_no)
            .ok_or(AcquirerError::UnknownApproval)?;
        let refunded = charge
            .refunded
            .checked_add(req.amount)
            .filter(|total| *total <= charge.amount)
            .ok_or(AcquirerError::ExceedsAuthorized)?;
        charge.refunded = refunded;

        let refund_no = unique_digits(&req.idempotency_key, "refund", |n| {
            ledger.refund_nos.contains(n)
        });
        let receipt = RefundReceipt {
            refund_no: refund_no.clone(),
            refunded_at: req.now,
        };
        ledger.refund_nos.insert(refund_no);
        ledger
            .refunds_by_key
            .insert(req.idempotency_key, receipt.clone());
        Ok(receipt)
    }
}

/// 8 digits derived from `key`; on a clash with a number already issued,
/// re-derived with a counter, so numbers stay unique and reproducible.
fn unique_digits(key: &str, namespace: &str, taken: impl Fn(&str) -> bool) -> String {
    (0u32..)
        .map(|attempt| {
            let n = fnv1a(&format!("{namespace}:{attempt}:{key}")) % 100_000_000;
            format!("{n:08}")
        })
        .find(|candidate| !taken(candidate))
        .unwrap_or_default()
}

/// 64-bit FNV-1a: tiny, stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
