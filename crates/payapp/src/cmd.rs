//! The `cmd` parameter: which API a POST to `/oapi/apiLoad.html` calls.
//!
//! Every PayApp API shares one URL and is told apart by `cmd`, so the server
//! dispatches on this enum and an unknown name is error 70040. Names are
//! matched exactly (case included: the manual spells `sellerRegist`).
//! Adding an API is one variant plus one line in [`Cmd::names`]; some APIs
//! are known under more than one name, which `names` lists after the
//! canonical one.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    /// 결제요청 연동API.
    PayRequest,
    /// 결제(요청,승인) 취소.
    PayCancel,
    /// 결제 취소 요청 (after D+5 or settlement).
    PayCancelReq,
    /// 판매자 회원 가입.
    SellerRegist,
    /// 판매자 회원 아이디 중복 체크.
    UseridCheck,
    /// 부계정 등록.
    SubIdRegist,
    /// 현금영수증 발행.
    CashSt,
    /// 현금영수증 취소.
    CashStCn,
}

impl Cmd {
    /// Every command, for dispatch tables and tests.
    pub const ALL: [Cmd; 8] = [
        Cmd::PayRequest,
        Cmd::PayCancel,
        Cmd::PayCancelReq,
        Cmd::SellerRegist,
        Cmd::UseridCheck,
        Cmd::SubIdRegist,
        Cmd::CashSt,
        Cmd::CashStCn,
    ];

    /// The names this command answers to; the first is the canonical one
    /// that [`Cmd::as_str`] returns and the client sends.
    pub const fn names(self) -> &'static [&'static str] {
        match self {
            Cmd::PayRequest => &["payrequest"],
            Cmd::PayCancel => &["paycancel"],
            Cmd::PayCancelReq => &["paycancelreq"],
            Cmd::SellerRegist => &["sellerRegist"],
            Cmd::UseridCheck => &["useridCheck"],
            Cmd::SubIdRegist => &["subidregist"],
            Cmd::CashSt => &["cashSt", "cashStRegist"],
            Cmd::CashStCn => &["cashStCn", "cashStCancel"],
        }
    }

    pub const fn as_str(self) -> &'static str {
        self.names()[0]
    }

    /// The command named `name`, exactly (no case folding).
    pub fn parse(name: &str) -> Option<Cmd> {
        Self::ALL
            .into_iter()
            .find(|cmd| cmd.names().contains(&name))
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_names() {
        assert_eq!(Cmd::parse("payrequest"), Some(Cmd::PayRequest));
        assert_eq!(Cmd::parse("paycancel"), Some(Cmd::PayCancel));
        assert_eq!(Cmd::parse("paycancelreq"), Some(Cmd::PayCancelReq));
        assert_eq!(Cmd::parse("sellerRegist"), Some(Cmd::SellerRegist));
        assert_eq!(Cmd::parse("useridCheck"), Some(Cmd::UseridCheck));
        assert_eq!(Cmd::parse("subidregist"), Some(Cmd::SubIdRegist));
        assert_eq!(Cmd::parse("PayRequest"), None);
        assert_eq!(Cmd::parse(""), None);
        assert_eq!(Cmd::parse("paycancelreq2"), None);
        assert_eq!(Cmd::parse("cashSt"), Some(Cmd::CashSt));
        assert_eq!(Cmd::parse("cashStRegist"), Some(Cmd::CashSt));
        assert_eq!(Cmd::parse("cashStCn"), Some(Cmd::CashStCn));
        assert_eq!(Cmd::parse("cashStCancel"), Some(Cmd::CashStCn));
        assert_eq!(Cmd::parse("cashst"), None);
    }

    #[test]
    fn canonical_names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for cmd in Cmd::ALL {
            assert_eq!(Cmd::parse(cmd.as_str()), Some(cmd));
            for name in cmd.names() {
                assert!(seen.insert(*name), "{name} is listed twice");
            }
        }
    }
}
