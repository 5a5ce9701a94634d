//! Sandbox faults armed on demand: "the next N callbacks to this merchant
//! fail with 503", "the acquirer declines its next approval", "the carrier
//! rejects the next SMS", "the next deposit arrives late".
//!
//! A fault is data, kept in the store, so that one armed through any
//! process fires on whichever process makes the next matching call, and
//! each arming fires exactly `count` times in total (the store consumes it
//! with a conditional decrement). Here are only the values: which outside
//! party a fault stands in for ([`FaultTarget`]), what it does
//! ([`FaultKind`]), and which kinds fit which target. Where a fault is
//! injected is the server's business; no protocol knows about faults.

use crate::ids::MerchantId;
use crate::time::Timestamp;
use std::fmt;

/// The outside party a fault stands in for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultTarget {
    /// The merchant's own callback endpoints, on every channel of HTTP
    /// callbacks (PayApp feedback, InnoPay notifications and ReturnUrl
    /// events, iPay notices).
    Callbacks,
    /// The card acquirer's approvals.
    Acquirer,
    /// The SMS carrier.
    Sms,
    /// The bank's virtual-account deposits.
    Deposit,
}

impl FaultTarget {
    /// Every target, in the order the sandbox documents them.
    pub const ALL: [FaultTarget; 4] = [
        FaultTarget::Callbacks,
        FaultTarget::Acquirer,
        FaultTarget::Sms,
        FaultTarget::Deposit,
    ];

    /// The name in JSON and in the store.
    pub const fn as_str(self) -> &'static str {
        match self {
            FaultTarget::Callbacks => "callbacks",
            FaultTarget::Acquirer => "acquirer",
            FaultTarget::Sms => "sms",
            FaultTarget::Deposit => "deposit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The kinds a fault of this target may have (their names).
    pub const fn kinds(self) -> &'static [&'static str] {
        match self {
            FaultTarget::Callbacks => &["status", "timeout", "reset"],
            FaultTarget::Acquirer => &["decline", "insufficient_funds", "timeout"],
            FaultTarget::Sms => &["reject"],
            FaultTarget::Deposit => &["late"],
        }
    }
}

impl fmt::Display for FaultTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a fault does when it fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Callbacks: the endpoint "answered" this HTTP status, with no body.
    Status(u16),
    /// Callbacks: no answer within the delivery timeout. Acquirer: no
    /// answer within the simulated acquirer's timeout. Both really wait.
    Timeout,
    /// Callbacks: the connection was reset before an answer.
    Reset,
    /// Acquirer: declined with this decline code (a simulator code name,
    /// such as `declined` or `expired_card`, checked by the server).
    Decline(String),
    /// Acquirer: declined for insufficient funds (or credit limit).
    InsufficientFunds,
    /// SMS: the carrier rejects the message.
    Reject,
    /// Deposit: the deposit arrives after the account's deadline.
    Late,
}

impl FaultKind {
    /// The kind's name in JSON and in the store.
    pub const fn name(&self) -> &'static str {
        match self {
            FaultKind::Status(_) => "status",
            FaultKind::Timeout => "timeout",
            FaultKind::Reset => "reset",
            FaultKind::Decline(_) => "decline",
            FaultKind::InsufficientFunds => "insufficient_funds",
            FaultKind::Reject => "reject",
            FaultKind::Late => "late",
        }
    }

    /// The HTTP status of a [`FaultKind::Status`].
    pub const fn status(&self) -> Option<u16> {
        match self {
            FaultKind::Status(s) => Some(*s),
            _ => None,
        }
    }

    /// The decline code of a [`FaultKind::Decline`].
    pub fn code(&self) -> Option<&str> {
        match self {
            FaultKind::Decline(c) => Some(c),
            _ => None,
        }
    }

    /// Rebuilds a kind from its stored parts; `None` if they do not make one.
    pub fn from_parts(name: &str, status: Option<u16>, code: Option<&str>) -> Option<Self> {
        Some(match name {
            "status" => FaultKind::Status(status.filter(|s| (100..=599).contains(s))?),
            "timeout" => FaultKind::Timeout,
            "reset" => FaultKind::Reset,
            "decline" => FaultKind::Decline(code?.to_owned()),
            "insufficient_funds" => FaultKind::InsufficientFunds,
            "reject" => FaultKind::Reject,
            "late" => FaultKind::Late,
            _ => return None,
        })
    }

    /// Whether a fault of `target` may be of this kind.
    pub fn fits(&self, target: FaultTarget) -> bool {
        target.kinds().contains(&self.name())
    }
}

/// A fault to arm. Built only through [`NewFault::new`], so that a stored
/// fault's kind always fits its target and its count is at least one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFault {
    merchant_id: MerchantId,
    target: FaultTarget,
    kind: FaultKind,
    count: u32,
}

/// Why a fault cannot be armed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FaultError {
    #[error("a {target} fault cannot be of kind {kind:?} (one of: {})", target.kinds().join(", "))]
    KindDoesNotFit { target: FaultTarget, kind: String },
    #[error("count must be between 1 and {max}", max = NewFault::MAX_COUNT)]
    Count,
}

impl NewFault {
    /// The most firings one arming may ask for.
    pub const MAX_COUNT: u32 = 10_000;

    pub fn new(
        merchant_id: MerchantId,
        target: FaultTarget,
        kind: FaultKind,
        count: u32,
    ) -> Result<Self, FaultError> {
        if !kind.fits(target) {
            return Err(FaultError::KindDoesNotFit {
                target,
                kind: kind.name().to_owned(),
            });
        }
        if !(1..=Self::MAX_COUNT).contains(&count) {
            return Err(FaultError::Count);
        }
        Ok(NewFault {
            merchant_id,
            target,
            kind,
            count,
        })
    }

    pub fn merchant_id(&self) -> MerchantId {
        self.merchant_id
    }
    pub fn target(&self) -> FaultTarget {
        self.target
    }
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }
    pub fn count(&self) -> u32 {
        self.count
    }
}

/// A fault as stored: armed `count` times, `remaining` of them still to fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmedFault {
    pub id: i64,
    pub merchant_id: MerchantId,
    pub target: FaultTarget,
    pub kind: FaultKind,
    pub count: u32,
    pub remaining: u32,
    /// Wall-clock time of arming (a moved sandbox clock does not matter here).
    pub armed_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in FaultTarget::ALL {
            assert_eq!(FaultTarget::parse(t.as_str()), Some(t));
        }
        for k in [
            FaultKind::Status(503),
            FaultKind::Timeout,
            FaultKind::Reset,
            FaultKind::Decline("expired_card".into()),
            FaultKind::InsufficientFunds,
            FaultKind::Reject,
            FaultKind::Late,
        ] {
            assert_eq!(
                FaultKind::from_parts(k.name(), k.status(), k.code()),
                Some(k.clone())
            );
            assert!(FaultTarget::ALL.iter().any(|t| k.fits(*t)), "{k:?}");
        }
        assert_eq!(FaultKind::from_parts("status", Some(42), None), None);
        assert_eq!(FaultKind::from_parts("decline", None, None), None);
        assert_eq!(FaultKind::from_parts("bogus", None, None), None);
    }

    #[test]
    fn kinds_must_fit_their_target() {
        let m = MerchantId::new(1);
        assert!(NewFault::new(m, FaultTarget::Callbacks, FaultKind::Reset, 1).is_ok());
        assert!(NewFault::new(m, FaultTarget::Acquirer, FaultKind::Timeout, 1).is_ok());
        assert!(matches!(
            NewFault::new(m, FaultTarget::Acquirer, FaultKind::Reset, 1),
            Err(FaultError::KindDoesNotFit { .. })
        ));
        assert_eq!(
            NewFault::new(m, FaultTarget::Sms, FaultKind::Reject, 0),
            Err(FaultError::Count)
        );
    }
}
