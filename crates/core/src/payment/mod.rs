//! The payment aggregate: one payment request and what became of it.
//!
//! A payment is created `Requested`. From there exactly one function,
//! [`Payment::handle`], decides whether a [`Command`] is allowed in the
//! current [`PaymentState`] and, if it is, returns the next payment together
//! with the [`PaymentEvent`] that records the change. The store persists the
//! pair in one transaction; the history of events is append-only.
//!
//! ```text
//!            ┌──────────── Decline (stays) ─┐
//!            ▼                              │
//!       Requested ──Approve──► Paid ──Cancel(partial)──► Paid
//!        │  │  │                 └──Cancel(rest)───► Cancelled
//!        │  │  └─IssueVirtualAccount─► AwaitingDeposit ──ConfirmDeposit──► Paid
//!        │  └──Expire──► Expired ◄──Expire── AwaitingDeposit
//!        └──CancelRequest──► RequestCancelled ◄──CancelRequest── AwaitingDeposit
//! ```

mod event;
mod transition;

pub use event::{EventRecord, PaymentEvent};
pub use transition::{Attachment, CancelAmount, CancelAsk, Command, Transition, TransitionError};

use crate::{MerchantId, PageCode, PaymentId, PhoneNumber, Protocol, Timestamp, Won};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a payment is in its life. No catch-all: adding a state makes every
/// `match` on it a compile error until the new state is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Created; the buyer has not paid yet.
    Requested,
    /// A virtual account was issued; waiting for the buyer's deposit.
    AwaitingDeposit,
    /// Approved. Partial cancellations keep it here with a smaller balance.
    Paid,
    /// Cancelled before payment.
    RequestCancelled,
    /// The deadline passed before payment.
    Expired,
    /// Paid, then cancelled in full (the balance reached zero).
    Cancelled,
}

impl PaymentState {
    pub const ALL: [PaymentState; 6] = [
        PaymentState::Requested,
        PaymentState::AwaitingDeposit,
        PaymentState::Paid,
        PaymentState::RequestCancelled,
        PaymentState::Expired,
        PaymentState::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentState::Requested => "requested",
            PaymentState::AwaitingDeposit => "awaiting_deposit",
            PaymentState::Paid => "paid",
            PaymentState::RequestCancelled => "request_cancelled",
            PaymentState::Expired => "expired",
            PaymentState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// No further command can change a payment in this state.
    pub const fn is_final(self) -> bool {
        match self {
            PaymentState::RequestCancelled | PaymentState::Expired | PaymentState::Cancelled => {
                true
            }
            PaymentState::Requested | PaymentState::AwaitingDeposit | PaymentState::Paid => false,
        }
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the buyer paid (or tries to pay).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayMethod {
    Card,
    Phone,
    BankTransfer,
    VirtualAccount,
}

impl PayMethod {
    pub const fn as_str(self) -> &'static str {
        match self {
            PayMethod::Card => "card",
            PayMethod::Phone => "phone",
            PayMethod::BankTransfer => "bank_transfer",
            PayMethod::VirtualAccount => "virtual_account",
        }
    }
}

/// What the acquirer said when it approved a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The acquirer's approval number (승인번호).
    pub approval_no: String,
    /// The card company's name, for card payments (e.g. 신한카드).
    pub card_name: Option<String>,
    /// The card number with the middle masked; never the whole number.
    pub card_masked: Option<String>,
    /// Instalment months for card payments (0 = 일시불).
    #[serde(default)]
    pub installment_months: u8,
    pub approved_at: Timestamp,
}

/// Who asked for a cancellation. Protocols report cancellations differently
/// depending on who asked (PayApp: `pay_state` 8 vs 16 vs 32, 9 vs 64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelOrigin {
    /// The merchant, through the protocol's cancel API.
    MerchantApi,
    /// An operator or the sandbox, on the merchant's behalf.
    Operator,
    /// The buyer.
    Buyer,
    /// After settlement, once the seller returned the settled funds.
    SettlementReturn,
}

/// What the buyer typed on the payment page (PayApp: `pay_memo`, `pay_addr`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerDetails {
    pub memo: String,
    pub address: String,
    /// The wallet (간편결제) the buyer chose, by the protocol's own name for
    /// it (PayApp: an `openpaytype` such as `kakaopay`); the payment's
    /// method says how the money moved underneath. Absent in rows written
    /// before wallets were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet: Option<String>,
}

/// The virtual account issued for a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualAccountInfo {
    pub bank: String,
    pub account_no: String,
    pub due: Timestamp,
}

/// A registered cancellation request, waiting for the settlement to be returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCancel {
    pub requested_at: Timestamp,
    pub memo: String,
}

/// Everything needed to create a payment request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPayment {
    pub id: PaymentId,
    pub protocol: Protocol,
    pub merchant_id: MerchantId,
    pub page_code: PageCode,
    pub amount: Won,
    pub goods_name: String,
    pub buyer_phone: Option<PhoneNumber>,
    pub expires_at: Timestamp,
    /// The merchant's own order number (InnoPay `moid`), unique per merchant
    /// and protocol: the database refuses a second payment with the same one.
    pub reference: Option<String>,
    /// The protocol's own request parameters, opaque to the core.
    pub protocol_data: serde_json::Value,
}

/// A payment request and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: PaymentId,
    pub protocol: Protocol,
    pub merchant_id: MerchantId,
    pub page_code: PageCode,
    pub amount: Won,
    pub goods_name: String,
    pub buyer_phone: Option<PhoneNumber>,
    /// The merchant's own order number, if the protocol has one.
    #[serde(default)]
    pub reference: Option<String>,
    pub state: PaymentState,
    pub method: Option<PayMethod>,
    pub approval: Option<Approval>,
    /// Sum of all cancellations after payment; `amount - cancelled_amount`
    /// is what can still be refunded.
    pub cancelled_amount: Won,
    pub requested_at: Timestamp,
    pub expires_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    /// When the payment reached a final state.
    pub closed_at: Option<Timestamp>,
    /// When the seller is to be paid out (settlement), set on approval by
    /// the protocol's rule (PayApp: after D+5).
    #[serde(default)]
    pub settle_due_at: Option<Timestamp>,
    /// When the seller was paid out.
    #[serde(default)]
    pub settled_at: Option<Timestamp>,
    /// What the buyer entered when paying.
    #[serde(default)]
    pub payer: PayerDetails,
    /// The virtual account, once one was issued.
    #[serde(default)]
    pub virtual_account: Option<VirtualAccountInfo>,
    /// A cancellation asked for after settlement, waiting for the seller to
    /// return the settled funds (PayApp `paycancelreq`).
    #[serde(default)]
    pub cancel_request: Option<PendingCancel>,
    /// Bumped by every event; the store refuses an update whose expected
    /// version is stale, which serialises concurrent commands per payment.
    pub version: u32,
    pub protocol_data: serde_json::Value,
}

impl Payment {
    /// Creates a payment request and its first event.
    pub fn create(new: NewPayment, now: Timestamp) -> (Payment, EventRecord) {
        let payment = Payment {
            id: new.id,
            protocol: new.protocol,
            merchant_id: new.merchant_id,
            page_code: new.page_code,
            amount: new.amount,
            goods_name: new.goods_name,
            buyer_phone: new.buyer_phone,
            reference: new.reference,
            state: PaymentState::Requested,
            method: None,
            approval: None,
            cancelled_amount: Won::ZERO,
            requested_at: now,
            expires_at: new.expires_at,
            paid_at: None,
            closed_at: None,
            settle_due_at: None,
            settled_at: None,
            payer: PayerDetails::default(),
            virtual_account: None,
            cancel_request: None,
            version: 1,
            protocol_data: new.protocol_data,
        };
        let event = EventRecord {
            payment_id: payment.id,
            seq: 1,
            at: now,
            event: PaymentEvent::Requested {
                amount: payment.amount,
            },
        };
        (payment, event)
    }

    /// What can still be refunded.
    pub fn refundable(&self) -> Won {
        self.amount
            .checked_sub(self.cancelled_amount)
            .unwrap_or(Won::ZERO)
    }

    /// Whether the seller has been paid out.
    pub fn is_settled(&self) -> bool {
        self.settled_at.is_some()
    }

    /// Paid, and part of it has been cancelled.
    pub fn is_partially_cancelled(&self) -> bool {
        self.state == PaymentState::Paid && !self.cancelled_amount.is_zero()
    }

    /// The protocol's own data of this payment, decoded as `T`. A body that
    /// does not decode is an error the caller must handle (it means a
    /// payment of another protocol, or a stored row written by a different
    /// version), never a silently empty value.
    pub fn protocol_data<T: DeserializeOwned>(&self) -> Result<T, ProtocolDataError> {
        T::deserialize(&self.protocol_data).map_err(|e| ProtocolDataError {
            payment: self.id,
            protocol: self.protocol,
            reason: e.to_string(),
        })
    }

    /// Whether the buyer may pay now (ask the acquirer, issue a virtual
    /// account, fill in the order form). The transitions that pay check the
    /// same rules; this lets the service ask before it talks to the outside
    /// world, so a payment that cannot take money is never charged.
    pub fn check_payable(&self, now: Timestamp) -> Result<(), TransitionError> {
        match self.state {
            PaymentState::Requested if now >= self.expires_at => Err(TransitionError::Expired),
            PaymentState::Requested => Ok(()),
            PaymentState::Paid | PaymentState::Cancelled => Err(TransitionError::AlreadyPaid),
            PaymentState::Expired => Err(TransitionError::Expired),
            PaymentState::AwaitingDeposit | PaymentState::RequestCancelled => {
                Err(TransitionError::NotPayable { state: self.state })
            }
        }
    }

    /// Whether a deposit into the payment's virtual account can complete it now.
    pub fn check_depositable(&self, now: Timestamp) -> Result<(), TransitionError> {
        match self.state {
            PaymentState::AwaitingDeposit if now >= self.expires_at => {
                Err(TransitionError::Expired)
            }
            PaymentState::AwaitingDeposit => Ok(()),
            PaymentState::Paid | PaymentState::Cancelled => Err(TransitionError::AlreadyPaid),
            PaymentState::Expired => Err(TransitionError::Expired),
            PaymentState::Requested | PaymentState::RequestCancelled => {
                Err(TransitionError::NotPayable { state: self.state })
            }
        }
    }
}

/// A payment's protocol data did not decode as the front end's type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {protocol} data of payment {payment} does not decode: {reason}")]
pub struct ProtocolDataError {
    pub payment: PaymentId,
    pub protocol: Protocol,
    pub reason: String,
}
