//! Where one escrow order is, with the code and Korean label iPay shows.
//!
//! The manual (§3.1.9 `GetIpayReceiptStatus`, "#iPay 주문상태") refers to a
//! picture of the order states that did not survive. These are the states
//! the rest of the manual implies — 입금대기, 결제완료, 배송준비중 (발주확인),
//! 배송중 (발송처리), 구매결정, 송금완료, and the cancel, return, exchange
//! and refund branches — each with a stable two-digit code of our own. The
//! Korean label is what `GetIpayReceiptStatus` and `GetIpayPaidOrderList`
//! return; `docs/protocols/ipay.md` lists the same table.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The state of one order line. No catch-all: a new state does not compile
/// until every `match` decides what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// A virtual account was issued; the buyer has not deposited yet.
    AwaitingDeposit,
    /// The deposit deadline passed without a deposit. Final.
    DepositExpired,
    /// Paid; the seller has not confirmed the order yet.
    Paid,
    /// The seller confirmed the order (발주확인); preparing the shipment.
    Preparing,
    /// Shipped (발송처리); waiting for the buyer's decision.
    Shipping,
    /// The buyer (or the seller's request, or the clock) confirmed receipt.
    Decided,
    /// The seller was paid out. Final unless refunded afterwards.
    Remitted,
    /// The buyer asked to cancel before shipping; the seller decides.
    CancelRequested,
    /// Cancelled and refunded before shipping (buyer request approved, or
    /// the seller refused to sell). Final.
    Cancelled,
    /// The buyer (or the seller on the buyer's behalf) asked for a return.
    ReturnRequested,
    /// The seller put the return on hold.
    ReturnHeld,
    /// The return was approved and refunded. Final.
    Returned,
    /// The buyer asked for an exchange; the seller ships again.
    ExchangeRequested,
    /// Refunded after the seller had been paid out. Final.
    Refunded,
}

impl OrderState {
    pub const ALL: [OrderState; 14] = [
        OrderState::AwaitingDeposit,
        OrderState::DepositExpired,
        OrderState::Paid,
        OrderState::Preparing,
        OrderState::Shipping,
        OrderState::Decided,
        OrderState::Remitted,
        OrderState::CancelRequested,
        OrderState::Cancelled,
        OrderState::ReturnRequested,
        OrderState::ReturnHeld,
        OrderState::Returned,
        OrderState::ExchangeRequested,
        OrderState::Refunded,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderState::AwaitingDeposit => "awaiting_deposit",
            OrderState::DepositExpired => "deposit_expired",
            OrderState::Paid => "paid",
            OrderState::Preparing => "preparing",
            OrderState::Shipping => "shipping",
            OrderState::Decided => "decided",
            OrderState::Remitted => "remitted",
            OrderState::CancelRequested => "cancel_requested",
            OrderState::Cancelled => "cancelled",
            OrderState::ReturnRequested => "return_requested",
            OrderState::ReturnHeld => "return_held",
            OrderState::Returned => "returned",
            OrderState::ExchangeRequested => "exchange_requested",
            OrderState::Refunded => "refunded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// gyeolje's two-digit status code (documented in `docs/protocols/ipay.md`).
    pub const fn code(self) -> u8 {
        match self {
            OrderState::AwaitingDeposit => 10,
            OrderState::DepositExpired => 11,
            OrderState::Paid => 20,
            OrderState::Preparing => 30,
            OrderState::Shipping => 40,
            OrderState::Decided => 50,
            OrderState::Remitted => 60,
            OrderState::CancelRequested => 70,
            OrderState::Cancelled => 71,
            OrderState::ReturnRequested => 80,
            OrderState::ReturnHeld => 81,
            OrderState::Returned => 82,
            OrderState::ExchangeRequested => 90,
            OrderState::Refunded => 95,
        }
    }

    /// The Korean label iPay returns (`GetIpayReceiptStatus`, `OrderStatus`).
    pub const fn label(self) -> &'static str {
        match self {
            OrderState::AwaitingDeposit => "입금대기",
            OrderState::DepositExpired => "입금기한만료",
            OrderState::Paid => "결제완료",
            OrderState::Preparing => "배송준비중",
            OrderState::Shipping => "배송중",
            OrderState::Decided => "구매결정",
            OrderState::Remitted => "송금완료",
            OrderState::CancelRequested => "취소요청",
            OrderState::Cancelled => "취소완료",
            OrderState::ReturnRequested => "반품요청",
            OrderState::ReturnHeld => "반품보류",
            OrderState::Returned => "반품완료",
            OrderState::ExchangeRequested => "교환요청",
            OrderState::Refunded => "환불완료",
        }
    }

    /// The buyer got their money back (or never paid); nothing more happens.
    pub const fn is_final(self) -> bool {
        match self {
            OrderState::DepositExpired
            | OrderState::Cancelled
            | OrderState::Returned
            | OrderState::Refunded => true,
            OrderState::AwaitingDeposit
            | OrderState::Paid
            | OrderState::Preparing
            | OrderState::Shipping
            | OrderState::Decided
            | OrderState::Remitted
            | OrderState::CancelRequested
            | OrderState::ReturnRequested
            | OrderState::ReturnHeld
            | OrderState::ExchangeRequested => false,
        }
    }

    /// The order's money went back to the buyer (`CancelYn = Y`).
    pub const fn is_refunded(self) -> bool {
        match self {
            OrderState::Cancelled | OrderState::Returned | OrderState::Refunded => true,
            OrderState::AwaitingDeposit
            | OrderState::DepositExpired
            | OrderState::Paid
            | OrderState::Preparing
            | OrderState::Shipping
            | OrderState::Decided
            | OrderState::Remitted
            | OrderState::CancelRequested
            | OrderState::ReturnRequested
            | OrderState::ReturnHeld
            | OrderState::ExchangeRequested => false,
        }
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
