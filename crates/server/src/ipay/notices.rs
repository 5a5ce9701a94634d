//! The `<IpayResponse>` callbacks to the cart's `service_url`: completion
//! (§3.1.6: on payment; for a virtual account on issue and again on
//! deposit) and cancel/refund (§3.1.8: one per refunded order line).
//!
//! Receivers answer an empty 200, so any 2xx is success; a failure is
//! retried up to 3 times ("3번까지 재전송"), each attempt recorded in the
//! outbox and replayable like every other callback.

use super::state::IpayCart;
use crate::kinds::{MessageKind, Retry, Success};
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{Channel, OutboxMessage, PayMethod, Payment, Protocol, Timestamp, Won};
use gyeolje_ipay::notice::{CancelNotice, CompletionNotice, PaymentType};

/// The completion document to `service_url` (§3.1.6); 1 attempt + 3
/// retries ("3번까지 재전송"), spaced out so a merchant restart is ridden out.
pub static COMPLETION: MessageKind = MessageKind {
    name: "ipay.completion",
    success: Success::Status2xx,
    retry: Retry::Fixed {
        max_attempts: 4,
        delays_secs: &[10, 60, 300],
    },
    doc: "iPay 결제완료 통보 <IpayResponse> (§3.1.6)",
};

/// The cancel/refund document for one refunded order (§3.1.8).
pub static CANCEL: MessageKind = MessageKind {
    name: "ipay.cancel",
    success: Success::Status2xx,
    retry: COMPLETION.retry,
    doc: "iPay 취소/환불 통보 <IpayResponse> (§3.1.8)",
};

fn kst(t: Timestamp) -> chrono::NaiveDateTime {
    t.to_kst().naive_local()
}

/// `PaymentType` of §3.1.6: A for virtual account, C card, M mobile, D transfer.
pub fn payment_type(method: Option<PayMethod>) -> PaymentType {
    match method {
        Some(PayMethod::Card) => PaymentType::Card,
        Some(PayMethod::Phone) => PaymentType::Mobile,
        Some(PayMethod::BankTransfer) => PaymentType::Transfer,
        Some(PayMethod::VirtualAccount) | None => PaymentType::VirtualAccount,
    }
}

/// The bank code (금융결제원) of a virtual account's bank name.
pub fn bank_code(name: &str) -> String {
    gyeolje_sim::BANKS
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(c, _)| (*c).to_owned())
        .unwrap_or_default()
}

/// The first six digits of a masked card number (`CardNumb`).
pub fn card_prefix(masked: &str) -> String {
    masked
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect()
}

/// `ItemNos`: the shop's item number and iPay's, per order line.
pub fn item_nos(orders: &[EscrowOrder]) -> Vec<(String, String)> {
    orders
        .iter()
        .map(|o| (o.ipay_itemno.clone(), o.auction_item_no.clone()))
        .collect()
}

/// The completion document for a paid (or virtual-account) cart. Also the
/// data `GetIpayAccountNumb` answers with.
pub fn completion(payment: &Payment, cart: &IpayCart, orders: &[EscrowOrder]) -> CompletionNotice {
    let va = payment.virtual_account.as_ref();
    let approval = payment.approval.as_ref();
    let paid = payment.paid_at.filter(|_| approval.is_some());
    CompletionNotice {
        auction_order_no: orders.first().map_or(0, |o| o.order_no),
        ipay_cart_no: payment.id.get(),
        order_date: kst(orders
            .first()
            .map_or(payment.requested_at, |o| o.ordered_at)),
        bank_code: va.map(|v| bank_code(&v.bank)).unwrap_or_default(),
        bank_name: va.map(|v| v.bank.clone()).unwrap_or_default(),
        account_numb: va.map(|v| v.account_no.clone()).unwrap_or_default(),
        pay_date: paid.map(kst),
        pay_price: payment.amount,
        payment_type: payment_type(payment.method),
        expire_date: va.map(|v| kst(v.due)),
        emoney: Won::ZERO,
        card_name: approval
            .and_then(|a| a.card_name.clone())
            .unwrap_or_default(),
        card_month: (payment.method == Some(PayMethod::Card))
            .then(|| approval.map_or(0, |a| a.installment_months)),
        card_numb: approval
            .and_then(|a| a.card_masked.as_deref())
            .map(card_prefix)
            .unwrap_or_default(),
        no_interest: false,
        buyer_name: cart.buyer_name().to_owned(),
        auction_pay_no: cart.pay_no.unwrap_or_default(),
        auction_order_nos: orders.iter().map(|o| o.order_no).collect(),
        item_nos: item_nos(orders),
    }
}

/// The cancel document for one refunded order.
pub fn cancel(payment: &Payment, order: &EscrowOrder, amount: Won, at: Timestamp) -> CancelNotice {
    CancelNotice {
        auction_order_no: order.order_no,
        ipay_cart_no: payment.id.get(),
        auction_item_no: order.auction_item_no.clone(),
        ipay_item_no: order.ipay_itemno.clone(),
        cancel_code: order.state.code().to_string(),
        cancel_date: kst(at),
        cancel_price: amount,
    }
}

/// An outbox message of `kind` carrying `body` to the cart's `service_url`.
pub fn message(
    kind: &'static MessageKind,
    payment: &Payment,
    cart: &IpayCart,
    body: String,
) -> OutboxMessage {
    kind.message(
        Protocol::Ipay,
        Some(payment.id),
        Channel::Http {
            url: cart.cart.service_url.clone(),
            content_type: "text/xml; charset=utf-8".into(),
        },
        body,
    )
}
