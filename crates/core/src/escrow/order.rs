//! One escrow order: a cart line after payment, and its own life.
//!
//! Paying a cart creates one order per line (iPay's `AuctionOrderNos`).
//! Every change to an order goes through [`EscrowOrder::handle`], which
//! decides whether an [`OrderCommand`] is allowed in the order's
//! [`OrderState`] and returns the next order with the [`OrderEvent`] that
//! records it, and — when the command gives money back — how much.
//!
//! ```text
//!  AwaitingDeposit ─Deposit─► Paid ─ConfirmOrder─► Preparing ─Ship─► Shipping ─Decide─► Decided ─Remit─► Remitted
//!        │                    │ │                    │ │              │  │                            │
//!        └Expire► DepositExpired │                   │ │              │  └RequestExchange► ExchangeRequested ─Ship┘(back to Shipping)
//!                             │ └RequestCancel─► CancelRequested ─ApproveCancel─► Cancelled          DecisionCancel
//!                             │      (RefuseCancel back to Paid/Preparing; AutoApproveCancel from Paid after cancel_approve_after)
//!                             └──────DenySell────────┴─► Cancelled   │                                   ▼
//!                                                        RequestReturn► ReturnRequested ─Approve─► Returned   Refunded
//!                                                                          └Hold► ReturnHeld ─Approve┘ (or Decide)
//! ```

use super::OrderState;
use crate::{MerchantId, PaymentId, Timestamp, Won};
use serde::{Deserialize, Serialize};

/// Who confirmed receipt (구매결정).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    Buyer,
    /// The seller, through `DoIpayOrderDecisionRequest`.
    Seller,
    /// The clock: the decision period after shipping ran out.
    Automatic,
}

/// Who asked for a return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requester {
    Buyer,
    /// The seller on the buyer's behalf (`DoIpayReturnRequestBySeller`).
    Seller,
}

/// A buyer's (or seller's) request with its reason, kept on the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub by: Requester,
    pub reason: String,
    pub detail: String,
    pub requested_at: Timestamp,
    /// Why the seller put it on hold, if they did (returns only).
    #[serde(default)]
    pub hold_reason: Option<String>,
    /// The state the order was in when asked (cancel requests: where a
    /// refusal puts it back).
    #[serde(default)]
    pub from: Option<OrderState>,
    /// Why the seller refused it, if they did (cancel requests only).
    #[serde(default)]
    pub refusal: Option<String>,
}

/// How the seller shipped, as given to `DoIpayShippingGeneral` (validated by
/// the front end; kept here as the manual's values).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// `Door2Door`, `Parcel` or `Etc`.
    pub method: String,
    /// Courier code (`cjgls`, `hanjin`, …) and name.
    pub agency: Option<String>,
    pub agency_name: Option<String>,
    pub etc_method: Option<String>,
    pub etc_agency_name: Option<String>,
    pub invoice_no: String,
    pub message: String,
    pub send_date: String,
    /// `Cash` or `Emoney`, with the account for `Cash`.
    pub remittance: String,
    pub remittance_account: Option<String>,
}

/// The buyer's delivery address for the order (from the payment page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub name: String,
    pub post_no: String,
    pub address: String,
    pub address_detail: String,
    pub tel: String,
    pub mobile: String,
    pub remark: String,
}

/// Everything needed to create the orders of a paid cart, one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrder {
    pub order_no: i64,
    pub payment_id: PaymentId,
    pub merchant_id: MerchantId,
    pub line: u16,
    pub ipay_itemno: String,
    pub auction_item_no: String,
    pub item_name: String,
    pub option_name: String,
    pub quantity: u32,
    /// The line's total after the discount allocation.
    pub amount: Won,
    pub cancel_restriction: bool,
}

/// An order as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowOrder {
    pub order_no: i64,
    /// The cart (and payment) the order belongs to.
    pub payment_id: PaymentId,
    pub merchant_id: MerchantId,
    /// Position in the cart, from 0.
    pub line: u16,
    /// The shop's item number (`ipay_itemno`).
    pub ipay_itemno: String,
    /// iPay's own item number (`I` + digits), as in `ItemNos`.
    pub auction_item_no: String,
    pub item_name: String,
    pub option_name: String,
    pub quantity: u32,
    pub amount: Won,
    /// `cancel_restriction=1`: the buyer cannot cancel, and the order is
    /// confirmed (발주확인) automatically on payment.
    pub cancel_restriction: bool,
    pub state: OrderState,
    pub ordered_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub destination: Option<Destination>,
    pub shipment: Option<Shipment>,
    pub shipped_at: Option<Timestamp>,
    /// When the clock decides for the buyer, while shipping.
    pub decide_due_at: Option<Timestamp>,
    pub decided_at: Option<Timestamp>,
    pub decided_by: Option<Decider>,
    /// When the seller is paid out, once decided.
    pub remit_due_at: Option<Timestamp>,
    /// When an unanswered cancel request of an unconfirmed order is
    /// approved by the clock.
    #[serde(default)]
    pub cancel_due_at: Option<Timestamp>,
    pub remitted_at: Option<Timestamp>,
    pub cancel_request: Option<OrderRequest>,
    pub return_request: Option<OrderRequest>,
    pub exchange_request: Option<OrderRequest>,
    /// What went back to the buyer for this order.
    pub refunded: Won,
    pub closed_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

impl EscrowOrder {
    /// A new order for a paid line (`paid`), or one waiting for a deposit.
    pub fn create(new: NewOrder, paid: bool, now: Timestamp) -> EscrowOrder {
        EscrowOrder {
            order_no: new.order_no,
            payment_id: new.payment_id,
            merchant_id: new.merchant_id,
            line: new.line,
            ipay_itemno: new.ipay_itemno,
            auction_item_no: new.auction_item_no,
            item_name: new.item_name,
            option_name: new.option_name,
            quantity: new.quantity,
            amount: new.amount,
            cancel_restriction: new.cancel_restriction,
            state: if paid {
                OrderState::Paid
            } else {
                OrderState::AwaitingDeposit
            },
            ordered_at: now,
            paid_at: paid.then_some(now),
            destination: None,
            shipment: None,
            shipped_at: None,
            decide_due_at: None,
            decided_at: None,
            decided_by: None,
            remit_due_at: None,
            cancel_due_at: None,
            remitted_at: None,
            cancel_request: None,
            return_request: None,
            exchange_request: None,
            refunded: Won::ZERO,
            closed_at: None,
            updated_at: now,
        }
    }
}
