//! Outbox message kinds: each kind of message gyeolje sends, registered
//! once with its stored name, its success rule and its retry schedule.
//!
//! A kind is a `static` [`MessageKind`] declared next to the code that
//! sends it (each front end's callbacks and SMS, the service's refunds and
//! voids) and listed in its front end's `message_kinds()`, so the registry
//! ([`crate::app::FrontEnds::kinds`]) knows every kind; messages are made
//! only through [`MessageKind::message`], so a message's success rule can
//! never disagree with its kind. A kind whose schedule a merchant or a
//! request chooses (PayApp `checkretry`, InnoPay §4.4 settings) says so in
//! [`MessageKind::retry`] and takes the chosen policy through
//! [`MessageKind::message_with_retry`].
//!
//! The stored name is what `notify list` shows and what rows already in a
//! database carry, so it never changes once released.

use gyeolje_core::{Channel, OutboxMessage, PaymentId, Protocol, RetryPolicy, SuccessRule};

/// When a delivery of a kind counts as successful.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// A 2xx reply whose body is exactly this text.
    Body(&'static str),
    /// Any 2xx reply (for the SMS carrier and the acquirer: it accepted).
    Status2xx,
}

/// How a kind is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Always this schedule: attempts in all, and the waits between them.
    Fixed {
        max_attempts: u32,
        delays_secs: &'static [u32],
    },
    /// Each message carries the schedule its request or merchant chose;
    /// the text says who chooses.
    Chosen(&'static str),
}

/// One kind of outbox message.
#[derive(Debug, PartialEq, Eq)]
pub struct MessageKind {
    /// The stored name, `<sender>.<what>`.
    pub name: &'static str,
    pub success: Success,
    pub retry: Retry,
    /// One line for operators: what the message is.
    pub doc: &'static str,
}

impl MessageKind {
    pub fn success_rule(&self) -> SuccessRule {
        match self.success {
            Success::Body(text) => SuccessRule::BodyEquals(text.to_owned()),
            Success::Status2xx => SuccessRule::Status2xx,
        }
    }

    /// A message of this kind with its fixed schedule. For a kind whose
    /// schedule is chosen per message, [`Self::message_with_retry`] must be
    /// used; this falls back to one attempt.
    pub fn message(
        &'static self,
        protocol: Protocol,
        payment_id: Option<PaymentId>,
        channel: Channel,
        body: String,
    ) -> OutboxMessage {
        let retry = match self.retry {
            Retry::Fixed {
                max_attempts,
                delays_secs,
            } => RetryPolicy {
                max_attempts,
                delays_secs: delays_secs.to_vec(),
            },
            Retry::Chosen(_) => RetryPolicy::once(),
        };
        self.message_with_retry(protocol, payment_id, channel, body, retry)
    }

    /// A message of this kind with the schedule its request or merchant chose.
    pub fn message_with_retry(
        &'static self,
        protocol: Protocol,
        payment_id: Option<PaymentId>,
        channel: Channel,
        body: String,
        retry: RetryPolicy,
    ) -> OutboxMessage {
        OutboxMessage {
            kind: self.name.to_owned(),
            protocol,
            payment_id,
            channel,
            body,
            success: self.success_rule(),
            retry,
        }
    }
}

/// A refund of (part of) a card payment, sent to the acquirer after the
/// cancellation that owes it was committed. Retried for about a day: the
/// money is owed, so an operator sees a failure here and replays it.
pub static ACQUIRER_REFUND: MessageKind = MessageKind {
    name: "acquirer.refund",
    success: Success::Status2xx,
    retry: Retry::Fixed {
        max_attempts: 12,
        delays_secs: &[
            5, 30, 60, 300, 600, 1800, 3600, 7200, 14_400, 21_600, 43_200,
        ],
    },
    doc: "카드 승인 취소(환불): 취소가 커밋된 뒤 매입사에 보냅니다",
};

/// A void of an approval that never became a payment (another process
/// paid the same request first).
pub static ACQUIRER_VOID: MessageKind = MessageKind {
    name: "acquirer.void",
    success: Success::Status2xx,
    retry: ACQUIRER_REFUND.retry,
    doc: "결제 경합에서 진 승인의 무효화",
};

/// The kinds the service itself sends, whatever the protocol.
pub static SERVICE_KINDS: &[&MessageKind] = &[&ACQUIRER_REFUND, &ACQUIRER_VOID];

#[cfg(test)]
mod tests {
    use super::*;

    static ONCE: MessageKind = MessageKind {
        name: "test.once",
        success: Success::Body("OK"),
        retry: Retry::Fixed {
            max_attempts: 3,
            delays_secs: &[1, 2],
        },
        doc: "a test kind",
    };

    #[test]
    fn messages_carry_their_kinds_rules() {
        let m = ONCE.message(
            Protocol::PayApp,
            None,
            Channel::Acquirer {
                approval_no: "1".into(),
            },
            "{}".into(),
        );
        assert_eq!(m.kind, "test.once");
        assert_eq!(m.success, SuccessRule::BodyEquals("OK".into()));
        assert_eq!(m.retry.max_attempts, 3);
        assert_eq!(m.retry.delays_secs, vec![1, 2]);
    }
}
