//! Which payment methods a PayApp request offers (`openpaytype`, `reqmode`).

use gyeolje_core::{PayMethod, Payment};
use gyeolje_payapp::{PayRequest, ReqMode};

/// `openpaytype` names and the method each one pays with. The wallet names
/// real clients send (kakaopay, naverpay, …) are card-like: the buyer pays
/// with a card, and the feedback says `pay_type=1`. `myaccount` (내통장결제)
/// debits the buyer's account like a transfer.
pub fn method_of(name: &str) -> Option<PayMethod> {
    match name {
        "card" | "kakaopay" | "naverpay" | "smilepay" | "applepay" | "payco" | "wechat" => {
            Some(PayMethod::Card)
        }
        "phone" => Some(PayMethod::Phone),
        "rbank" | "myaccount" => Some(PayMethod::BankTransfer),
        "vbank" => Some(PayMethod::VirtualAccount),
        _ => None,
    }
}

/// All four when `openpaytype` is empty; only card for `reqmode` usd and
/// unionpay (the manual: openpaytype is ignored, 신용카드 결제만 가능).
pub fn offered_by(req: &PayRequest) -> Vec<PayMethod> {
    match req.reqmode {
        ReqMode::Usd | ReqMode::UnionPay => return vec![PayMethod::Card],
        ReqMode::Krw => {}
    }
    if req.openpaytype.is_empty() {
        return vec![
            PayMethod::Card,
            PayMethod::Phone,
            PayMethod::BankTransfer,
            PayMethod::VirtualAccount,
        ];
    }
    let mut methods = Vec::new();
    for m in req.openpaytype.iter().filter_map(|n| method_of(n)) {
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    methods
}

pub fn offered(payment: &Payment) -> Result<Vec<PayMethod>, crate::error::ServiceError> {
    Ok(offered_by(&super::feedback::request_of(payment)?))
}
