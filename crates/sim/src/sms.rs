//! The SMS carrier, behind a trait.
//!
//! Payment links reach buyers by SMS. A sandbox must not text real phones,
//! so the server sends through [`SmsCarrier`] and the sandbox plugs in
//! [`SimCarrier`], which keeps every accepted message in memory where the
//! sandbox UI and tests can read it back. One reserved number always
//! refuses, so the "SMS failed" path can be exercised on purpose.

use async_trait::async_trait;
use gyeolje_core::{Clock, PhoneNumber, Timestamp};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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

/// An in-memory carrier that records what it accepts.
pub struct SimCarrier {
    clock: Arc<dyn Clock>,
    /// Accepted messages, oldest first.
    sent: Mutex<Vec<(SmsMessage, SmsReceipt)>>,
}

impl SimCarrier {
    /// A carrier that stamps receipts with `clock` (the sandbox clock, so
    /// receipts agree with the rest of sandbox time).
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        SimCarrier {
            clock,
            sent: Mutex::new(Vec::new()),
        }
    }

    /// Messages accepted for `to`, newest first.
    pub fn messages_to(&self, to: &PhoneNumber) -> Vec<(SmsMessage, SmsReceipt)> {
        self.sent()
            .iter()
            .rev()
            .filter(|(m, _)| &m.to == to)
            .cloned()
            .collect()
    }

    /// Every accepted message, newest first.
    pub fn messages(&self) -> Vec<(SmsMessage, SmsReceipt)> {
        self.sent().iter().rev().cloned().collect()
    }

    fn sent(&self) -> MutexGuard<'_, Vec<(SmsMessage, SmsReceipt)>> {
        // Pushing is the only mutation, so a poisoned lock holds consistent data.
        self.sent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for SimCarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimCarrier")
            .field("accepted", &self.sent().len())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl SmsCarrier for SimCarrier {
    async fn send(&self, msg: &SmsMessage) -> Result<SmsReceipt, SmsError> {
        if msg.to.as_str() == REJECTED_NUMBER {
            return Err(SmsError::Rejected(REJECTED_REASON.to_owned()));
        }
        let mut sent = self.sent();
        // Sequential ids: deterministic, and their order is the acceptance order.
        let receipt = SmsReceipt {
            carrier_id: format!("SIM{:010}", sent.len() + 1),
            accepted_at: self.clock.now(),
        };
        sent.push((msg.clone(), receipt.clone()));
        Ok(receipt)
    }
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
    async fn stores_accepted_messages_newest_first() {
        let clock = Arc::new(FixedClock::at(Timestamp::from_millis(1_000)));
        let carrier = SimCarrier::new(clock.clone());

        let r1 = carrier.send(&msg("010-1234-5678", "첫번째")).await.unwrap();
        clock.advance(Duration::from_secs(1));
        carrier
            .send(&msg("010-9999-0000", "다른 사람"))
            .await
            .unwrap();
        clock.advance(Duration::from_secs(1));
        let r3 = carrier.send(&msg("01012345678", "두번째")).await.unwrap();

        assert_eq!(r1.accepted_at, Timestamp::from_millis(1_000));
        assert_eq!(r3.accepted_at, Timestamp::from_millis(3_000));
        assert_ne!(r1.carrier_id, r3.carrier_id);

        let mine = carrier.messages_to(&phone("01012345678"));
        let texts: Vec<_> = mine.iter().map(|(m, _)| m.text.as_str()).collect();
        assert_eq!(texts, ["두번째", "첫번째"]);
        assert_eq!(mine[0].1, r3);
        assert_eq!(carrier.messages().len(), 3);
        assert!(carrier.messages_to(&phone("01011112222")).is_empty());
    }

    #[tokio::test]
    async fn rejects_the_test_number() {
        let carrier = SimCarrier::new(Arc::new(FixedClock::default()));
        let err = carrier
            .send(&msg("010-0000-0000", "안녕하세요"))
            .await
            .unwrap_err();
        assert_eq!(err, SmsError::Rejected("수신 거부된 번호입니다".to_owned()));
        assert!(carrier.messages().is_empty());
    }

    #[tokio::test]
    async fn usable_as_a_trait_object() {
        let carrier: Arc<dyn SmsCarrier> =
            Arc::new(SimCarrier::new(Arc::new(FixedClock::default())));
        assert!(carrier.send(&msg("01012345678", "x")).await.is_ok());
    }
}
