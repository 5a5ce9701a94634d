//! The wallets (간편결제) a request may offer through `openpaytype`, with the
//! `pay_type` code the live service reports each with.
//!
//! The manual's table knows four `openpaytype`s (card, phone, rbank, vbank)
//! and `pay_type` 1–9. Public integrations also send the wallet names and
//! read these codes in the feedback: 15 kakaopay, 16 naverpay, 21 smilepay,
//! 22 wechat, 23 applepay, 24 myaccount, 25 tosspay (and 17 등록결제, the
//! code of a payment with a registered card, which has no `openpaytype`).
//! `payco` is sent by clients too but no code for it is known: it is
//! reported as a card payment (1).

use crate::feedback::PayType;
use gyeolje_core::PayMethod;

/// A wallet a buyer can pick on the pay page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wallet {
    KakaoPay,
    NaverPay,
    SmilePay,
    ApplePay,
    Payco,
    WeChat,
    /// 내통장결제: the buyer's own account, debited like a transfer.
    MyAccount,
    TossPay,
}

impl Wallet {
    pub const ALL: [Wallet; 8] = [
        Wallet::KakaoPay,
        Wallet::NaverPay,
        Wallet::SmilePay,
        Wallet::ApplePay,
        Wallet::Payco,
        Wallet::WeChat,
        Wallet::MyAccount,
        Wallet::TossPay,
    ];

    /// Its `openpaytype` name (lower case).
    pub const fn name(self) -> &'static str {
        match self {
            Wallet::KakaoPay => "kakaopay",
            Wallet::NaverPay => "naverpay",
            Wallet::SmilePay => "smilepay",
            Wallet::ApplePay => "applepay",
            Wallet::Payco => "payco",
            Wallet::WeChat => "wechat",
            Wallet::MyAccount => "myaccount",
            Wallet::TossPay => "tosspay",
        }
    }

    /// What the pay page calls it.
    pub const fn label(self) -> &'static str {
        match self {
            Wallet::KakaoPay => "카카오페이",
            Wallet::NaverPay => "네이버페이",
            Wallet::SmilePay => "스마일페이",
            Wallet::ApplePay => "애플페이",
            Wallet::Payco => "페이코",
            Wallet::WeChat => "위챗페이",
            Wallet::MyAccount => "내통장결제",
            Wallet::TossPay => "토스페이",
        }
    }

    pub fn from_name(name: &str) -> Option<Wallet> {
        Wallet::ALL.into_iter().find(|w| w.name() == name)
    }

    /// How the money moves underneath: a card behind the wallet, or (내통장결제)
    /// the buyer's account.
    pub const fn method(self) -> PayMethod {
        match self {
            Wallet::MyAccount => PayMethod::BankTransfer,
            Wallet::KakaoPay
            | Wallet::NaverPay
            | Wallet::SmilePay
            | Wallet::ApplePay
            | Wallet::Payco
            | Wallet::WeChat
            | Wallet::TossPay => PayMethod::Card,
        }
    }

    /// The `pay_type` the feedback reports.
    pub const fn pay_type(self) -> PayType {
        match self {
            Wallet::KakaoPay => PayType::KakaoPay,
            Wallet::NaverPay => PayType::NaverPay,
            Wallet::SmilePay => PayType::SmilePay,
            Wallet::WeChat => PayType::WeChat,
            Wallet::ApplePay => PayType::ApplePay,
            Wallet::MyAccount => PayType::MyAccount,
            Wallet::TossPay => PayType::TossPay,
            Wallet::Payco => PayType::Card,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_codes_are_the_live_ones() {
        for w in Wallet::ALL {
            assert_eq!(Wallet::from_name(w.name()), Some(w));
            assert!(crate::request::OPEN_PAY_TYPES.contains(&w.name()), "{w:?}");
        }
        let codes: Vec<u8> = Wallet::ALL.iter().map(|w| w.pay_type().code()).collect();
        assert_eq!(codes, [15, 16, 21, 23, 1, 22, 24, 25]);
        assert_eq!(Wallet::MyAccount.method(), PayMethod::BankTransfer);
        assert_eq!(Wallet::TossPay.method(), PayMethod::Card);
        assert_eq!(Wallet::from_name("card"), None);
    }
}
