//! Which payment methods a PayApp request offers (`openpaytype`, `reqmode`),
//! and the `pay_type` a payment is reported with.

use gyeolje_core::{PayMethod, Payment};
use gyeolje_payapp::{PayRequest, PayType, ReqMode, Wallet};

/// One thing the buyer can pick on the pay page: one of the manual's four
/// methods, or a wallet (간편결제) with a choice of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Method(PayMethod),
    Wallet(Wallet),
}

impl Choice {
    /// The form value (`method=` on the pay page): the `openpaytype` name.
    pub fn value(self) -> &'static str {
        match self {
            Choice::Method(m) => method_name(m),
            Choice::Wallet(w) => w.name(),
        }
    }

    /// The Korean label.
    pub fn label(self) -> &'static str {
        match self {
            Choice::Method(PayMethod::Card) => "신용카드",
            Choice::Method(PayMethod::Phone) => "휴대전화",
            Choice::Method(PayMethod::BankTransfer) => "계좌이체",
            Choice::Method(PayMethod::VirtualAccount) => "가상계좌",
            Choice::Wallet(w) => w.label(),
        }
    }

    /// How the money moves.
    pub fn method(self) -> PayMethod {
        match self {
            Choice::Method(m) => m,
            Choice::Wallet(w) => w.method(),
        }
    }

    /// The choice an `openpaytype` name stands for.
    pub fn from_name(name: &str) -> Option<Choice> {
        match name {
            "card" => Some(Choice::Method(PayMethod::Card)),
            "phone" => Some(Choice::Method(PayMethod::Phone)),
            "rbank" => Some(Choice::Method(PayMethod::BankTransfer)),
            "vbank" => Some(Choice::Method(PayMethod::VirtualAccount)),
            other => Wallet::from_name(other).map(Choice::Wallet),
        }
    }
}

/// The manual's `openpaytype` name of a method.
pub fn method_name(m: PayMethod) -> &'static str {
    match m {
        PayMethod::Card => "card",
        PayMethod::Phone => "phone",
        PayMethod::BankTransfer => "rbank",
        PayMethod::VirtualAccount => "vbank",
    }
}

/// What the pay page offers, in `openpaytype`'s order: the four methods
/// when it is empty; only card for `reqmode` usd and unionpay (the manual:
/// openpaytype is ignored, 신용카드 결제만 가능).
pub fn choices(req: &PayRequest) -> Vec<Choice> {
    match req.reqmode {
        ReqMode::Usd | ReqMode::UnionPay => return vec![Choice::Method(PayMethod::Card)],
        ReqMode::Krw => {}
    }
    if req.openpaytype.is_empty() {
        return [
            PayMethod::Card,
            PayMethod::Phone,
            PayMethod::BankTransfer,
            PayMethod::VirtualAccount,
        ]
        .into_iter()
        .map(Choice::Method)
        .collect();
    }
    let mut out = Vec::new();
    for c in req.openpaytype.iter().filter_map(|n| Choice::from_name(n)) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The methods the core lets the buyer pay with (a wallet pays with the
/// method underneath it).
pub fn offered_by(req: &PayRequest) -> Vec<PayMethod> {
    let mut methods = Vec::new();
    for m in choices(req).into_iter().map(Choice::method) {
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    methods
}

pub fn offered(payment: &Payment) -> Result<Vec<PayMethod>, crate::error::ServiceError> {
    Ok(offered_by(&super::request::request_of(payment)?))
}

/// The `pay_type` of a payment: its wallet's code when the buyer paid with
/// one (15 kakaopay … 25 tosspay), else its method's (1, 2, 6, 7). `None`
/// until a method was chosen.
pub fn pay_type(payment: &Payment) -> Option<PayType> {
    let method = payment.method?;
    let wallet = payment
        .payer
        .wallet
        .as_deref()
        .and_then(Wallet::from_name)
        .filter(|w| w.method() == method);
    Some(wallet.map_or(PayType::from_method(method), Wallet::pay_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_openpaytype_is_a_choice() {
        for name in gyeolje_payapp::request::OPEN_PAY_TYPES {
            let c = Choice::from_name(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(c.value(), name);
        }
        assert_eq!(
            Choice::from_name("myaccount").map(Choice::method),
            Some(PayMethod::BankTransfer)
        );
    }
}
