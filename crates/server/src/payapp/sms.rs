//! The payment-request SMS sent to `recvphone` unless `smsuse=n`.

use crate::app::App;
use crate::kinds::{MessageKind, Retry, Success};
use gyeolje_core::{Channel, Merchant, OutboxMessage, Payment, Protocol};
use gyeolje_payapp::PayRequest;

/// The payment-request SMS: three tries, the carrier's acceptance is success.
pub static SMS: MessageKind = MessageKind {
    name: "payapp.sms",
    success: Success::Status2xx,
    retry: Retry::Fixed {
        max_attempts: 3,
        delays_secs: &[30, 120],
    },
    doc: "PayApp 결제요청 SMS (smsuse=y)",
};

/// The text of the payment-request SMS: who asks, for what, how much, and
/// the link to pay.
pub fn request_text(shop: &str, req: &PayRequest, payurl: &str) -> String {
    let mut text = format!(
        "[페이앱] {shop} 결제요청\n상품명: {}\n결제금액: {}원\n",
        req.goodname,
        req.price.grouped()
    );
    if !req.memo.is_empty() {
        text.push_str(&format!("메모: {}\n", req.memo));
    }
    text.push_str(&format!("결제하기: {payurl}"));
    text
}

pub fn request_sms(
    app: &App,
    merchant: &Merchant,
    payment: &Payment,
    req: &PayRequest,
) -> OutboxMessage {
    let shop = req.shopname.as_deref().unwrap_or(&merchant.name);
    SMS.message(
        Protocol::PayApp,
        Some(payment.id),
        Channel::Sms {
            phone: req.recvphone.clone(),
        },
        request_text(shop, req, &super::urls::pay_url(app, payment)),
    )
}
