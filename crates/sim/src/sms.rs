//! The SMS carrier, behind a trait.
//!
//! Payment links reach buyers by SMS. A sandbox must not text real phones,
//! so the server sends through [`SmsCarrier`] and the sandbox plugs in
//! [`SimCarrier`], which accepts every message and keeps none: the gateway
//! already stores each message and its delivery attempts in the outbox,
//! which is where the sandbox UI and tests read them back (`/sandbox/sms`),
//! on every node and after a restart. A copy here would only grow with
//! every message sent. One reserved number always refuses, so the "SMS
//! failed" path can be exercised on purpose.

use async_trait::async_trait;
use gyeolje_core::{Clock, PhoneNumber, Timestamp};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Something that delivers text messages to phones.
#[async_trait]
pub trait SmsCarrier: Send + Sync {
    async fn send(&self, msg: &SmsMessage) -> Result<SmsReceipt, SmsError>;
}

/// One text message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsMessage {
    pub to: PhoneNumber,
    pub text: String,
}

/// Proof that the carrier accepted a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsReceipt {
    /// The carrier's id for the message.
    pub carrier_id: String,
    pub accepted_at: Timestamp,
}

/// Why the carrier refused a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SmsError {
    /// Refused for good; the reason is Korean, fit to show an operator.
    #[error("SMS rejected: {0}")]
    Rejected(String),
}

/// Messages to this number are always rejected by [`SimCarrier`].
pub const REJECTED_NUMBER: &str = "01000000000";

/// The reason [`SimCarrier`] gives for [`REJECTED_NUMBER`].
pub const REJECTED_REASON: &str = "수신 거부된 번호입니다";

/// A carrier that accepts messages and remembers none of them.
pub struct SimCarrier {
    clock: Arc<dyn Clock>,
    /// How many messages this carrier accepted: a part of each carrier id.
    accepted: AtomicU64,
}

impl SimCarrier {
    /// A carrier that stamps receipts with `clock` (the sandbox clock, so
    /// receipts agree with the rest of sandbox time).
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        SimCarrier {
            clock,
            accepted: AtomicU64::new(0),
        }
    }

    /// How many messages this carrier accepted since it was built.
    pub fn accepted(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for SimCarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimCarrier")
            .field("accepted", &self.accepted())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl SmsCarrier for SimCarrier {
    async fn send(&self, msg: &SmsMessage) -> Result<SmsReceipt, SmsError> {
        if msg.to.as_str() == REJECTED_NUMBER {
            return Err(SmsError::Rejected(REJECTED_REASON.to_owned()));
        }
        let n = self.accepted.fetch_add(1, Ordering::Relaxed) + 1;
        let accepted_at = self.clock.now();
        // Derived from the message, its time and this carrier's count:
        // reproducible for one run, and (unlike a bare count, which starts
        // again at 1 on every node and after every restart) unlikely to
        // repeat another node's id. The outbox row is the message's identity.
        let seed = format!(
            "{n}:{}:{}:{}",
            accepted_at.as_millis(),
            msg.to.as_str(),
            msg.text
        );
        Ok(SmsReceipt {
            carrier_id: format!("SIM{:010}", fnv1a(&seed) % 10_000_000_000),
            accepted_at,
        })
    }
}

/// 64-bit FNV-1a: small and stable across Rust versions.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gyeolje_core::FixedClock;
    use std::time::Duration;

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    fn msg(to: &str, text: &str) -> SmsMessage {
        SmsMessage {
            to: phone(to),
            text: text.to_owned(),
        }
    }

    #[tokio::test]
    async fn accepts_messages_with_distinct_stamped_receipts() {
        let clock = Arc::new(FixedClock::at(Timestamp::from_millis(1_000)));
        let carrier = SimCarrier::new(clock.clone());

        let r1 = carrier.send(&msg("010-1234-5678", "첫번째")).await.unwrap();
        clock.advance(Duration::from_secs(1));
        let r2 = carrier.send(&msg("01012345678", "첫번째")).await.unwrap();
        let r3 = carrier.send(&msg("01012345678", "첫번째")).await.unwrap();

        assert_eq!(r1.accepted_at, Timestamp::from_millis(1_000));
        assert_eq!(r2.accepted_at, Timestamp::from_millis(2_000));
        assert_eq!(r1.carrier_id.len(), 13);
        assert!(r1.carrier_id.starts_with("SIM"));
        assert_ne!(r1.carrier_id, r2.carrier_id);
        assert_ne!(r2.carrier_id, r3.carrier_id, "the same text twice at once");
        assert_eq!(carrier.accepted(), 3);
    }

    #[tokio::test]
    async fn rejects_the_test_number() {
        let carrier = SimCarrier::new(Arc::new(FixedClock::default()));
        let err = carrier
            .send(&msg("010-0000-0000", "안녕하세요"))
            .await
            .unwrap_err();
        assert_eq!(err, SmsError::Rejected("수신 거부된 번호입니다".to_owned()));
        assert_eq!(carrier.accepted(), 0);
    }

    #[tokio::test]
    async fn usable_as_a_trait_object() {
        let carrier: Arc<dyn SmsCarrier> =
            Arc::new(SimCarrier::new(Arc::new(FixedClock::default())));
        assert!(carrier.send(&msg("01012345678", "x")).await.is_ok());
    }
}
