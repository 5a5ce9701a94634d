//! Cash receipts (현금영수증): a seller reports a cash sale so the buyer can
//! claim it — as an individual's income deduction (소득공제용) or as a
//! business's expense proof (지출증빙용).
//!
//! A receipt is issued once with everything the tax authority needs — who
//! it identifies (a phone or business registration number), what was sold
//! and the amount broken down into supply value, service charge and VAT —
//! and can afterwards only be cancelled, once. Like payments, a receipt is a
//! value with private invariants: [`CashAmounts`] always add up, an
//! [`Identity`] is always a well-formed number, and the one transition,
//! [`CashReceipt::cancel`], refuses a second cancellation.
//!
//! ```text
//!   issue ──► Issued ──cancel──► Cancelled ──cancel──► AlreadyCancelled (error)
//! ```

mod amounts;
mod identity;

pub use amounts::{CashAmounts, CashAmountsError, TaxType};
pub use identity::{Identity, IdentityError, IdentityKind};

use crate::{MerchantId, PageCode, PhoneNumber, Protocol, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// A cash receipt's number (PayApp's `cashstno`, 발행번호).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CashReceiptId(i64);

impl CashReceiptId {
    pub const fn new(v: i64) -> Self {
        CashReceiptId(v)
    }

    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for CashReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// 발행용도: what the buyer uses the receipt for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 소득공제용: an individual's income deduction (PayApp `tr_code=0`).
    IncomeDeduction,
    /// 지출증빙용: a business's proof of expense (PayApp `tr_code=1`).
    ExpenseProof,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::IncomeDeduction, Purpose::ExpenseProof];

    /// The name stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Purpose::IncomeDeduction => "income_deduction",
            Purpose::ExpenseProof => "expense_proof",
        }
    }

    pub fn parse(text: &str) -> Option<Purpose> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The Korean name printed on receipts.
    pub const fn label(self) -> &'static str {
        match self {
            Purpose::IncomeDeduction => "소득공제용",
            Purpose::ExpenseProof => "지출증빙용",
        }
    }

    /// Whether a receipt for this purpose may identify its holder by `id`.
    ///
    /// An income deduction belongs to a person, so it is issued to a phone
    /// number; a business registration number there would deduct a
    /// business's purchase from someone's income tax. An expense proof is
    /// normally issued to a business registration number, and the tax
    /// authority also lets a sole proprietor use a registered phone number.
    pub fn accepts(self, id: &Identity) -> bool {
        match (self, id.kind()) {
            (Purpose::IncomeDeduction, IdentityKind::Phone) => true,
            (Purpose::IncomeDeduction, IdentityKind::BusinessNumber) => false,
            (Purpose::ExpenseProof, IdentityKind::Phone | IdentityKind::BusinessNumber) => true,
        }
    }
}

/// Where a receipt is in its life. No catch-all in any `match` on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashReceiptState {
    Issued,
    Cancelled,
}

impl CashReceiptState {
    pub const ALL: [CashReceiptState; 2] = [CashReceiptState::Issued, CashReceiptState::Cancelled];

    pub const fn as_str(self) -> &'static str {
        match self {
            CashReceiptState::Issued => "issued",
            CashReceiptState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<CashReceiptState> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Why a receipt cannot be issued or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CashReceiptError {
    /// The identity's kind is not allowed for the purpose (see [`Purpose::accepts`]).
    #[error("a {purpose:?} receipt cannot be issued to a {kind:?}")]
    IdentityNotAllowed {
        purpose: Purpose,
        kind: IdentityKind,
    },
    /// The trade time is later than now plus [`CashReceipt::CLOCK_SKEW`].
    #[error("the trade time is in the future")]
    TradedInFuture,
    /// The receipt was cancelled before.
    #[error("the receipt is already cancelled")]
    AlreadyCancelled,
}

/// What a seller asks to issue. Every field is already valid on its own;
/// [`CashReceipt::issue`] checks how they fit together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCashReceipt {
    pub id: CashReceiptId,
    pub protocol: Protocol,
    pub merchant_id: MerchantId,
    /// The code in the receipt page's URL.
    pub page_code: PageCode,
    /// 상품명.
    pub goods_name: String,
    /// 구매자명.
    pub buyer_name: String,
    /// 구매자 휴대폰.
    pub buyer_phone: Option<PhoneNumber>,
    /// 구매자 이메일.
    pub buyer_email: Option<String>,
    /// Whom the receipt is issued to (PayApp `id_info`).
    pub identity: Identity,
    pub purpose: Purpose,
    pub amounts: CashAmounts,
    /// 원거래시각: when the cash changed hands.
    pub traded_at: Timestamp,
}

/// A cash receipt as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashReceipt {
    pub id: CashReceiptId,
    pub protocol: Protocol,
    pub merchant_id: MerchantId,
    pub page_code: PageCode,
    pub goods_name: String,
    pub buyer_name: String,
    pub buyer_phone: Option<PhoneNumber>,
    pub buyer_email: Option<String>,
    pub identity: Identity,
    pub purpose: Purpose,
    pub amounts: CashAmounts,
    pub traded_at: Timestamp,
    pub state: CashReceiptState,
    /// 발행일시 (business time).
    pub issued_at: Timestamp,
    /// 취소일시, set exactly when the state is `Cancelled`.
    pub cancelled_at: Option<Timestamp>,
}

impl CashReceipt {
    /// How far in the future a trade time may lie: merchants' clocks drift,
    /// and a receipt issued right at the sale must not fail because of it.
    pub const CLOCK_SKEW: Duration = Duration::from_secs(3600);

    /// Issues a receipt at `now`.
    pub fn issue(new: NewCashReceipt, now: Timestamp) -> Result<CashReceipt, CashReceiptError> {
        if !new.purpose.accepts(&new.identity) {
            return Err(CashReceiptError::IdentityNotAllowed {
                purpose: new.purpose,
                kind: new.identity.kind(),
            });
        }
        if new.traded_at > now.plus(Self::CLOCK_SKEW) {
            return Err(CashReceiptError::TradedInFuture);
        }
        Ok(CashReceipt {
            id: new.id,
            protocol: new.protocol,
            merchant_id: new.merchant_id,
            page_code: new.page_code,
            goods_name: new.goods_name,
            buyer_name: new.buyer_name,
            buyer_phone: new.buyer_phone,
            buyer_email: new.buyer_email,
            identity: new.identity,
            purpose: new.purpose,
            amounts: new.amounts,
            traded_at: new.traded_at,
            state: CashReceiptState::Issued,
            issued_at: now,
            cancelled_at: None,
        })
    }

    /// The receipt cancelled at `now`; a cancelled receipt stays cancelled.
    pub fn cancel(&self, now: Timestamp) -> Result<CashReceipt, CashReceiptError> {
        match self.state {
            CashReceiptState::Issued => Ok(CashReceipt {
                state: CashReceiptState::Cancelled,
                cancelled_at: Some(now),
                ..self.clone()
            }),
            CashReceiptState::Cancelled => Err(CashReceiptError::AlreadyCancelled),
        }
    }
}

#[cfg(test)]
mod tests;
