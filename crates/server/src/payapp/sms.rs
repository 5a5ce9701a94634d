//! The payment-request SMS sent to `recvphone` unless `smsuse=n`.

use crate::app::App;
use gyeolje_core::{Channel, Merchant, OutboxMessage, Payment, Protocol, RetryPolicy, SuccessRule};
use gyeolje_payapp::PayRequest;

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
    OutboxMessage {
        kind: "payapp.sms".into(),
        protocol: Protocol::PayApp,
        payment_id: Some(payment.id),
        channel: Channel::Sms {
            phone: req.recvphone.clone(),
        },
        body: request_text(shop, req, &super::pay_url(app, payment)),
        success: SuccessRule::Status2xx,
        retry: RetryPolicy {
            max_attempts: 3,
            delays_secs: vec![30, 120],
        },
    }
}
