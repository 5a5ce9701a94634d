//! Mobile phone billing (휴대폰 결제) as a deterministic simulator: every
//! number is charged except two reserved test numbers, which fail the way
//! real phone payments most often fail.
//!
//! It keeps no record of what it charged: the answer is derived from the
//! request (the approval number from the key, the carrier from the number),
//! so a repeated key gets the same approval number on any node and after a
//! restart without a table or a map that grows with every payment. Nothing
//! refunds a phone payment through it, so there is no running total to
//! keep; the gateway's payment record is the charge.

use async_trait::async_trait;
use gyeolje_core::{PhoneNumber, Timestamp, Won};

/// Declined: the monthly limit is used up.
pub const PHONE_LIMIT_EXCEEDED: &str = "01000000001";
/// Declined: the buyer's identity check failed.
pub const PHONE_AUTH_FAILED: &str = "01000000002";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneChargeRequest {
    /// The same key returns the same approval number without charging twice.
    pub key: String,
    pub phone: PhoneNumber,
    pub amount: Won,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneApproval {
    pub approval_no: String,
    pub carrier: String,
    pub approved_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneDecline {
    #[error("휴대폰 결제 한도를 초과했습니다")]
    LimitExceeded,
    #[error("휴대폰 본인인증에 실패했습니다")]
    AuthFailed,
}

impl PhoneDecline {
    pub const fn code(&self) -> &'static str {
        match self {
            PhoneDecline::LimitExceeded => "limit_exceeded",
            PhoneDecline::AuthFailed => "auth_failed",
        }
    }
}

#[async_trait]
pub trait PhoneBilling: Send + Sync {
    async fn charge(&self, req: PhoneChargeRequest) -> Result<PhoneApproval, PhoneDecline>;
}

/// The simulated phone-billing provider.
#[derive(Debug, Default)]
pub struct SimPhoneBilling {
    /// Built with `default()` only (as before it kept no state), so a
    /// field added later breaks no caller.
    _private: (),
}

fn carrier_of(phone: &PhoneNumber) -> &'static str {
    // Deterministic by the last digit, so tests can rely on it.
    match phone.as_str().bytes().last().unwrap_or(b'0') % 3 {
        0 => "SKT",
        1 => "KT",
        _ => "LGU+",
    }
}

#[async_trait]
impl PhoneBilling for SimPhoneBilling {
    async fn charge(&self, req: PhoneChargeRequest) -> Result<PhoneApproval, PhoneDecline> {
        match req.phone.as_str() {
            PHONE_LIMIT_EXCEEDED => return Err(PhoneDecline::LimitExceeded),
            PHONE_AUTH_FAILED => return Err(PhoneDecline::AuthFailed),
            _ => {}
        }
        let hash = req.key.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        Ok(PhoneApproval {
            approval_no: format!("P{:08}", hash % 100_000_000),
            carrier: carrier_of(&req.phone).to_owned(),
            approved_at: req.now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(key: &str, phone: &str) -> PhoneChargeRequest {
        PhoneChargeRequest {
            key: key.into(),
            phone: PhoneNumber::parse(phone).unwrap(),
            amount: Won::new(1000).unwrap(),
            now: Timestamp::from_millis(5),
        }
    }

    #[tokio::test]
    async fn charges_except_the_reserved_numbers() {
        let sim = SimPhoneBilling::default();
        let a = sim.charge(req("k1", "01012345678")).await.unwrap();
        // Another instance (a restart, another node) answers the same.
        assert_eq!(
            a,
            SimPhoneBilling::default()
                .charge(req("k1", "01012345678"))
                .await
                .unwrap(),
            "idempotent"
        );
        assert_eq!(a.approval_no.len(), 9);
        assert_eq!(
            sim.charge(req("k2", PHONE_LIMIT_EXCEEDED)).await,
            Err(PhoneDecline::LimitExceeded)
        );
        assert_eq!(
            sim.charge(req("k3", PHONE_AUTH_FAILED)).await,
            Err(PhoneDecline::AuthFailed)
        );
    }
}
