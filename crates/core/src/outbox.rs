//! Outbound messages: merchant callbacks (HTTP) and SMS.
//!
//! A state change writes its messages in the same transaction (the outbox);
//! delivery workers lease them afterwards and never hold a write transaction
//! across the network call. How a protocol judges a reply and how often it
//! retries are plain data ([`SuccessRule`], [`RetryPolicy`]) stored with each
//! row, so the row alone says how to deliver it and the rule is decided in
//! one place ([`RetryPolicy::next_step`]).

use crate::{MerchantId, OutboxId, PaymentId, PhoneNumber, Protocol, Timestamp};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Where a message goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "lowercase")]
pub enum Channel {
    /// An HTTP POST to a merchant's URL.
    Http { url: String, content_type: String },
    /// A text message through the SMS carrier.
    Sms { phone: PhoneNumber },
    /// A refund or void through the card acquirer, about the approval
    /// `approval_no`. The body says what to give back (JSON): money leaves
    /// through the outbox like a callback, so a crash after the commit
    /// still refunds, retried and recorded.
    Acquirer { approval_no: String },
}

/// A stored channel that does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored channel {name:?} with target {target:?} does not decode")]
pub struct ChannelError {
    pub name: String,
    pub target: String,
}

impl Channel {
    pub const fn name(&self) -> &'static str {
        match self {
            Channel::Http { .. } => "http",
            Channel::Sms { .. } => "sms",
            Channel::Acquirer { .. } => "acquirer",
        }
    }

    /// The URL, the phone number or the approval number.
    pub fn target(&self) -> &str {
        match self {
            Channel::Http { url, .. } => url,
            Channel::Sms { phone } => phone.as_str(),
            Channel::Acquirer { approval_no } => approval_no,
        }
    }

    /// The content type of the body, as stored with the row.
    pub fn content_type(&self) -> &str {
        match self {
            Channel::Http { content_type, .. } => content_type,
            Channel::Sms { .. } => "text/plain; charset=utf-8",
            Channel::Acquirer { .. } => "application/json",
        }
    }

    /// The channel back from its stored columns (the inverse of
    /// [`Channel::name`], [`Channel::target`] and [`Channel::content_type`]).
    pub fn from_stored(name: &str, target: &str, content_type: &str) -> Result<Self, ChannelError> {
        let refused = || ChannelError {
            name: name.to_owned(),
            target: target.to_owned(),
        };
        match name {
            "http" => Ok(Channel::Http {
                url: target.to_owned(),
                content_type: content_type.to_owned(),
            }),
            "sms" => Ok(Channel::Sms {
                phone: PhoneNumber::parse(target).map_err(|_| refused())?,
            }),
            "acquirer" => Ok(Channel::Acquirer {
                approval_no: target.to_owned(),
            }),
            _ => Err(refused()),
        }
    }
}

/// When a delivery counts as successful.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuccessRule {
    /// A 2xx status whose body, trimmed of whitespace and a byte-order mark,
    /// is exactly this text (PayApp: `SUCCESS`, InnoPay: `0000`).
    BodyEquals(String),
    /// Any 2xx status (iPay receivers answer an empty 200).
    Status2xx,
}

impl SuccessRule {
    /// Judges one reply. `status` is `None` when no reply arrived.
    pub fn judge(&self, status: Option<u16>, body: &[u8]) -> bool {
        let Some(status) = status else { return false };
        if !(200..300).contains(&status) {
            return false;
        }
        match self {
            SuccessRule::Status2xx => true,
            SuccessRule::BodyEquals(expected) => {
                let body = body
                    .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                    .unwrap_or(body);
                body.trim_ascii() == expected.as_bytes()
            }
        }
    }

    /// The stored form: `body:SUCCESS` or `2xx`.
    pub fn encode(&self) -> String {
        match self {
            SuccessRule::BodyEquals(text) => format!("body:{text}"),
            SuccessRule::Status2xx => "2xx".to_owned(),
        }
    }

    pub fn decode(text: &str) -> Option<Self> {
        match text {
            "2xx" => Some(SuccessRule::Status2xx),
            other => other
                .strip_prefix("body:")
                .map(|t| SuccessRule::BodyEquals(t.to_owned())),
        }
    }
}

/// How many times to try and how long to wait between tries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Total attempts including the first (PayApp `checkretry=y`: 1 + 10 retries).
    pub max_attempts: u32,
    /// Seconds to wait after attempt n before attempt n+1; the last entry
    /// repeats for later attempts.
    pub delays_secs: Vec<u32>,
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    Delivered,
    RetryAt(Timestamp),
    GiveUp,
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn once() -> Self {
        RetryPolicy {
            max_attempts: 1,
            delays_secs: Vec::new(),
        }
    }

    /// Decides what follows attempt number `attempt_no` (1-based) that ended at `now`.
    pub fn next_step(&self, attempt_no: u32, succeeded: bool, now: Timestamp) -> NextStep {
        if succeeded {
            return NextStep::Delivered;
        }
        if attempt_no >= self.max_attempts {
            return NextStep::GiveUp;
        }
        let index = usize::try_from(attempt_no.saturating_sub(1)).unwrap_or(usize::MAX);
        let delay = self
            .delays_secs
            .get(index)
            .or(self.delays_secs.last())
            .copied()
            .unwrap_or(0);
        NextStep::RetryAt(now.plus(Duration::from_secs(u64::from(delay))))
    }

    /// The stored form of the delay schedule: `10,30,60`.
    pub fn encode_delays(&self) -> String {
        let parts: Vec<String> = self.delays_secs.iter().map(u32::to_string).collect();
        parts.join(",")
    }

    pub fn decode(max_attempts: u32, delays: &str) -> Option<Self> {
        let delays_secs = if delays.is_empty() {
            Vec::new()
        } else {
            delays
                .split(',')
                .map(|d| d.parse().ok())
                .collect::<Option<Vec<u32>>>()?
        };
        Some(RetryPolicy {
            max_attempts,
            delays_secs,
        })
    }
}

/// A message to deliver, as a state change produces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// What kind of message, e.g. `payapp.feedback` or `payapp.sms`.
    pub kind: String,
    pub protocol: Protocol,
    pub payment_id: Option<PaymentId>,
    pub channel: Channel,
    pub body: String,
    pub success: SuccessRule,
    pub retry: RetryPolicy,
}

/// Where a message is in its delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for its next attempt (or in one, while leased).
    Pending,
    /// An attempt succeeded by the message's rule.
    Delivered,
    /// Every allowed attempt failed; kept, visible and replayable.
    Failed,
}

impl OutboxState {
    pub const fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Delivered => "delivered",
            OutboxState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(OutboxState::Pending),
            "delivered" => Some(OutboxState::Delivered),
            "failed" => Some(OutboxState::Failed),
            _ => None,
        }
    }
}

/// A stored message and its delivery progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRecord {
    pub id: OutboxId,
    pub message: OutboxMessage,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub created_at: Timestamp,
    pub last_error: Option<String>,
    pub delivered_at: Option<Timestamp>,
}

/// A message leased to one worker for one attempt. The attempt number is
/// reserved when the lease is taken, so two workers can never make the same
/// attempt; the token proves the lease is still this worker's when it reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub id: OutboxId,
    pub token: i64,
    pub attempt_no: u32,
    pub message: OutboxMessage,
    pub locked_until: Timestamp,
    /// The merchant of the message's payment (read with the lease), so the
    /// delivery pool can hold each merchant to its share of the slots.
    pub merchant_id: Option<MerchantId>,
}

/// The outcome of one attempt, as a worker observed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryVerdict {
    Succeeded,
    Failed,
}

/// One delivery attempt, recorded whatever happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub outbox_id: OutboxId,
    pub attempt_no: u32,
    pub started_at: Timestamp,
    pub target: String,
    pub request_body: String,
    pub status: Option<u16>,
    /// The first bytes of the reply, for the operator.
    pub response_excerpt: Option<String>,
    pub latency_ms: u64,
    pub error: Option<String>,
    pub succeeded: bool,
    /// Which gateway process made the attempt.
    pub worker: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payapp_rule_wants_success_body() {
        let r = SuccessRule::BodyEquals("SUCCESS".into());
        assert!(r.judge(Some(200), b"SUCCESS"));
        assert!(r.judge(Some(200), b"\xEF\xBB\xBFSUCCESS\r\n"));
        assert!(!r.judge(Some(200), b"FAIL"));
        assert!(!r.judge(Some(200), b"success"));
        assert!(!r.judge(Some(500), b"SUCCESS"));
        assert!(!r.judge(Some(302), b"SUCCESS"));
        assert!(!r.judge(None, b""));
        assert_eq!(SuccessRule::decode(&r.encode()), Some(r));
        assert_eq!(SuccessRule::decode("2xx"), Some(SuccessRule::Status2xx));
        assert!(SuccessRule::Status2xx.judge(Some(204), b""));
    }

    #[test]
    fn channels_round_trip_through_their_columns() {
        let channels = [
            Channel::Http {
                url: "http://127.0.0.1:9/f".into(),
                content_type: "application/x-www-form-urlencoded".into(),
            },
            Channel::Sms {
                phone: PhoneNumber::parse("01012345678").unwrap(),
            },
            Channel::Acquirer {
                approval_no: "12345678".into(),
            },
        ];
        for c in channels {
            assert_eq!(
                Channel::from_stored(c.name(), c.target(), c.content_type()),
                Ok(c.clone())
            );
        }
        assert!(Channel::from_stored("sms", "nope", "").is_err());
        assert!(Channel::from_stored("pigeon", "x", "").is_err());
    }

    #[test]
    fn retry_schedule() {
        let p = RetryPolicy {
            max_attempts: 3,
            delays_secs: vec![10, 60],
        };
        let now = Timestamp::from_millis(0);
        assert_eq!(p.next_step(1, true, now), NextStep::Delivered);
        assert_eq!(
            p.next_step(1, false, now),
            NextStep::RetryAt(Timestamp::from_millis(10_000))
        );
        assert_eq!(
            p.next_step(2, false, now),
            NextStep::RetryAt(Timestamp::from_millis(60_000))
        );
        assert_eq!(p.next_step(3, false, now), NextStep::GiveUp);
        assert_eq!(
            RetryPolicy::once().next_step(1, false, now),
            NextStep::GiveUp
        );
        assert_eq!(RetryPolicy::decode(3, &p.encode_delays()), Some(p));
        assert_eq!(RetryPolicy::decode(1, ""), Some(RetryPolicy::once()));
        assert_eq!(RetryPolicy::decode(1, "x"), None);
    }
}
