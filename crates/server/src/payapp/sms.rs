//! The payment-request SMS sent to `recvphone` unless `smsuse=n`.
//!
//! From the manual's text: `vccode` is the 국제전화 국가번호 the SMS is sent
//! with, and with `reqmode=usd` `price` is in cents (1000 is $10.00), so the
//! SMS states the dollar amount the pay page shows.

use crate::app::App;
use crate::kinds::{MessageKind, Retry, Success};
use gyeolje_core::{Channel, Merchant, OutboxMessage, Payment, PhoneNumber, Protocol};
use gyeolje_payapp::{PayRequest, ReqMode};

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

/// The amount as the buyer reads it: won, or dollars for `reqmode=usd`.
pub fn shown_price(req: &PayRequest) -> String {
    let amount = req.price;
    match req.reqmode {
        ReqMode::Usd => format!("${}.{:02}", amount.get() / 100, amount.get() % 100),
        ReqMode::Krw | ReqMode::UnionPay => format!("{}원", amount.grouped()),
    }
}

/// The number the SMS goes to: `recvphone` as it is, or, with a `vccode`
/// other than Korea's 82, the international number (country code, then the
/// national number without its leading trunk 0, as digits: `1` and
/// `2025550123` → `12025550123`). A `vccode` that is not a country code
/// (digits, optionally after `+` or `00`) leaves `recvphone` as it is.
pub fn sms_number(req: &PayRequest) -> PhoneNumber {
    let Some(vccode) = req.vccode.as_deref() else {
        return req.recvphone.clone();
    };
    let code = vccode.trim_start_matches('+');
    let code = code.strip_prefix("00").unwrap_or(code);
    if code.is_empty()
        || code.len() > 4
        || !code.bytes().all(|b| b.is_ascii_digit())
        || code == "82"
    {
        return req.recvphone.clone();
    }
    let national = req.recvphone.as_str();
    let national = national.strip_prefix('0').unwrap_or(national);
    PhoneNumber::parse(&format!("{code}{national}")).unwrap_or_else(|_| req.recvphone.clone())
}

/// The text of the payment-request SMS: who asks, for what, how much, and
/// the link to pay.
pub fn request_text(shop: &str, req: &PayRequest, payurl: &str) -> String {
    let mut text = format!(
        "[페이앱] {shop} 결제요청\n상품명: {}\n결제금액: {}\n",
        req.goodname,
        shown_price(req)
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
            phone: sms_number(req),
        },
        request_text(shop, req, &super::urls::pay_url(app, payment)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gyeolje_payapp::Form;

    fn req(extra: &[(&str, &str)]) -> PayRequest {
        let mut pairs = vec![
            ("userid", "payapptest"),
            ("goodname", "상품"),
            ("price", "1050"),
            ("recvphone", "010-1234-5678"),
        ];
        pairs.extend_from_slice(extra);
        PayRequest::from_form(&Form::from_pairs(pairs)).unwrap()
    }

    #[test]
    fn usd_states_dollars_and_vccode_picks_the_number() {
        let usd = req(&[
            ("reqmode", "usd"),
            ("vccode", "1"),
            ("recvphone", "2025550123"),
        ]);
        assert!(request_text("샵", &usd, "http://x/p/1").contains("결제금액: $10.50\n"));
        assert_eq!(sms_number(&usd).as_str(), "12025550123");
        let krw = req(&[]);
        assert!(request_text("샵", &krw, "http://x/p/1").contains("결제금액: 1,050원\n"));
        assert_eq!(sms_number(&krw).as_str(), "01012345678");
        for (vccode, to) in [
            ("82", "01012345678"),
            ("+81", "811012345678"),
            ("0086", "861012345678"),
            ("미국", "01012345678"),
        ] {
            assert_eq!(
                sms_number(&req(&[("vccode", vccode)])).as_str(),
                to,
                "{vccode}"
            );
        }
    }
}
