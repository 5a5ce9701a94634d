//! The card acquirer (카드사 승인망), behind a trait.
//!
//! The server never talks to a real card network: a sandbox PG must behave
//! the same on every run, and its tests must not depend on anything outside
//! the process. So card approval and refund go through [`Acquirer`], and the
//! only implementation is [`SimAcquirer`], which decides the outcome from the
//! card number alone (see [`TEST_CARDS`]) and keeps what it charged and
//! refunded in its books ([`AcquirerBooks`], the store in the server) so
//! retries and refunds can be checked against real money rules.

mod books;
mod card;
mod sim;

pub use books::{
    AcquirerBooks, ApprovalRecorded, BookedApproval, BookedRefund, BooksError,
    MEMORY_BOOKS_CAPACITY, MemoryBooks, RefundRecorded,
};

pub use card::{TEST_CARDS, TestCard, TestOutcome};
pub use sim::SimAcquirer;

use async_trait::async_trait;
use gyeolje_core::{Timestamp, Won};
use std::fmt;

/// Something that approves card payments and refunds them.
#[async_trait]
pub trait Acquirer: Send + Sync {
    /// Asks the card company to approve a charge. Repeating a request with
    /// the same `idempotency_key` returns the first approval, never a second charge.
    async fn authorize(&self, req: AuthRequest) -> Result<Authorization, Decline>;

    /// Refunds part or all of an approved charge. Repeating a request with
    /// the same `idempotency_key` returns the first receipt, never a second refund.
    async fn refund(&self, req: RefundRequest) -> Result<RefundReceipt, AcquirerError>;
}

/// A request to approve a card charge.
#[derive(Clone)]
pub struct AuthRequest {
    /// The caller's key for this attempt; retries must reuse it.
    pub idempotency_key: String,
    /// As typed by the buyer; spaces and dashes are allowed.
    pub card_number: String,
    /// `MMYY`, if the buyer gave one.
    pub expiry: Option<String>,
    pub amount: Won,
    /// 0 for a lump-sum payment (일시불), otherwise the number of months (할부).
    pub installment_months: u8,
    /// When the request is made; decides whether the card has expired.
    pub now: Timestamp,
}

/// The card number is a secret: `Debug` (and so every log line) shows it masked.
impl fmt::Debug for AuthRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthRequest")
            .field("idempotency_key", &self.idempotency_key)
            .field("card_number", &card::mask_for_display(&self.card_number))
            .field("expiry", &self.expiry)
            .field("amount", &self.amount)
            .field("installment_months", &self.installment_months)
            .field("now", &self.now)
            .finish()
    }
}

/// An approved charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The approval number (승인번호): 8 digits.
    pub approval_no: String,
    /// The card company's Korean name, e.g. `신한카드`.
    pub card_name: String,
    /// First 6 and last 4 digits, the middle masked: `424242******4242`.
    pub card_masked: String,
    /// The simulator's two-digit card company code (see [`TestCard`]); each
    /// protocol front end maps it to its own code table if it needs one.
    pub card_company_code: String,
    pub approved_at: Timestamp,
}

/// A refused charge. Nothing was charged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Decline {
    pub code: DeclineCode,
    /// Korean, fit to show the buyer as is.
    pub message: String,
}

impl Decline {
    /// A decline with the standard buyer-facing message for `code`.
    pub fn new(code: DeclineCode) -> Self {
        Decline {
            code,
            message: code.message().to_owned(),
        }
    }
}

/// Why a charge was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclineCode {
    /// The card company refused without giving a reason.
    Generic,
    InsufficientFunds,
    ExpiredCard,
    /// The card company did not answer in time. In the simulator nothing is
    /// charged on a timeout; the buyer may simply try again.
    Timeout,
    /// Not a card number: wrong length, not digits, or a failed Luhn check.
    InvalidNumber,
}

impl DeclineCode {
    /// Every code, in the order the sandbox documents them.
    pub const ALL: [DeclineCode; 5] = [
        DeclineCode::Generic,
        DeclineCode::InsufficientFunds,
        DeclineCode::ExpiredCard,
        DeclineCode::Timeout,
        DeclineCode::InvalidNumber,
    ];

    /// The code named `text` ([`DeclineCode::as_str`]).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Stable snake_case name for storage, JSON and logs.
    pub const fn as_str(self) -> &'static str {
        match self {
            DeclineCode::Generic => "declined",
            DeclineCode::InsufficientFunds => "insufficient_funds",
            DeclineCode::ExpiredCard => "expired_card",
            DeclineCode::Timeout => "timeout",
            DeclineCode::InvalidNumber => "invalid_number",
        }
    }

    /// The Korean message shown to the buyer.
    pub const fn message(self) -> &'static str {
        match self {
            DeclineCode::Generic => "카드사에서 승인을 거절했습니다",
            DeclineCode::InsufficientFunds => "잔액(한도)이 부족합니다",
            DeclineCode::ExpiredCard => "유효기간이 지난 카드입니다",
            DeclineCode::Timeout => "카드사 응답 시간이 초과되었습니다. 잠시 후 다시 시도해 주세요",
            DeclineCode::InvalidNumber => "카드번호를 확인해 주세요",
        }
    }
}

impl fmt::Display for DeclineCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request to refund (part of) an approved charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    /// The caller's key for this refund; retries must reuse it.
    pub idempotency_key: String,
    /// The approval being refunded.
    pub approval_no: String,
    pub amount: Won,
    pub now: Timestamp,
    /// What the gateway's durable records say about the approval: its amount
    /// and what was refunded before this request. The simulator's books
    /// enter it only for a charge they never saw (approved before they
    /// existed); a real acquirer ignores it.
    pub known_charge: Option<KnownCharge>,
}

/// The gateway's durable view of an approval, sent with a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCharge {
    pub amount: Won,
    pub refunded: Won,
}

/// A completed refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundReceipt {
    pub refund_no: String,
    pub refunded_at: Timestamp,
}

/// Why a refund was refused. Messages are Korean, fit to relay to a merchant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum AcquirerError {
    /// No charge with that approval number.
    #[error("승인 내역을 찾을 수 없습니다")]
    UnknownApproval,
    /// The refunds of an approval would add up to more than was charged.
    #[error("취소 금액이 승인 금액을 초과합니다")]
    ExceedsAuthorized,
    /// The acquirer could not be reached or did not answer; nothing was
    /// refunded, and the same request may be sent again.
    #[error("매입사에 연결할 수 없습니다")]
    Unavailable,
}
