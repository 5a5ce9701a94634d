//! The `resultCode`s gyeolje answers with.
//!
//! The manual names only two codes: `0000` for a registered SMS order (§2.3,
//! §1.2 "0000 외 주문등록 실패") and `2001` for a successful cancel (§3.2
//! "2001:성공, 이외 실패"). Every refusal code below is gyeolje's own, fixed in
//! the shared contract `notes/innopay-codes.md`, so server, client and tests
//! agree on one list. Merchants' code only ever compares against `0000` and
//! `2001`; the rest exist so a developer can tell *why* from the code alone.
//!
//! The `302x` family answers a `moid` the merchant already used: `3021` a
//! request that differs from the order, `3022`–`3024` an order that can no
//! longer be paid (paid, expired, cancelled). None of them registers or sends
//! anything; a live order repeated as it was is answered `0000` (see the
//! server's `innopay::order`).

/// One `resultCode` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultCode {
    /// `0000`: order registered, SMS queued (§2.3); ReturnUrl event "registered" (§1.2).
    Success,
    /// `2001`: cancel done, full or partial (§3.2).
    CancelSuccess,
    /// `3001`: the body is not UTF-8 JSON, or not a JSON object.
    MalformedRequest,
    /// `3002`: a required field is missing or empty.
    MissingField,
    /// `3003`: a field is an array, object or boolean.
    WrongType,
    /// `3004`: a field is longer than the manual's size.
    FieldTooLong,
    /// `3005`: an amount, phone number, email or date cannot be read.
    InvalidFormat,
    /// `3006`: a readable value that is not allowed (svcPrdtCd, amount 0, …).
    InvalidValue,
    /// `3007`: payExpDate in the past or after D+3 23:59:59 KST.
    InvalidDeadline,
    /// `3008`: not a POST on an API that is POST only (§3.1).
    MethodNotAllowed,
    /// `3011`: mid not registered for InnoPay.
    UnknownMerchant,
    /// `3012`: Web-Link LicenseKey does not match the mid.
    InvalidLicenseKey,
    /// `3013`: PgMID not registered for the mid / svcPrdtCd.
    UnknownPgMid,
    /// `3021`: same mid+moid already registered with a different request.
    DuplicateOrder,
    /// `3022`: a repeated mid+moid whose order is already paid.
    OrderPaid,
    /// `3023`: a repeated mid+moid whose order expired unpaid (its link is gone).
    OrderExpired,
    /// `3024`: a repeated mid+moid whose order was cancelled (before or after payment).
    OrderCancelled,
    /// `2011`: cancelPwd wrong.
    WrongCancelPassword,
    /// `2012`: tid unknown (or another merchant's).
    UnknownTransaction,
    /// `2013`: cancelAmt above the remaining balance.
    ExceedsBalance,
    /// `2014`: already fully cancelled.
    AlreadyCancelled,
    /// `2015`: not approved (not paid yet, expired).
    NotCancellable,
    /// `2016`: partialCancelCode=0 but cancelAmt is not the whole balance.
    FullCancelMismatch,
    /// `9001`: ReturnUrl event: the user pressed 취소.
    UserCancelled,
    /// `9002`: ReturnUrl event: the window was closed.
    WindowClosed,
    /// `9999`: gyeolje could not complete the request; retry with the same moid.
    Internal,
}

impl ResultCode {
    /// Every code, in the contract's order.
    pub const ALL: [ResultCode; 26] = [
        ResultCode::Success,
        ResultCode::CancelSuccess,
        ResultCode::MalformedRequest,
        ResultCode::MissingField,
        ResultCode::WrongType,
        ResultCode::FieldTooLong,
        ResultCode::InvalidFormat,
        ResultCode::InvalidValue,
        ResultCode::InvalidDeadline,
        ResultCode::MethodNotAllowed,
        ResultCode::UnknownMerchant,
        ResultCode::InvalidLicenseKey,
        ResultCode::UnknownPgMid,
        ResultCode::DuplicateOrder,
        ResultCode::OrderPaid,
        ResultCode::OrderExpired,
        ResultCode::OrderCancelled,
        ResultCode::WrongCancelPassword,
        ResultCode::UnknownTransaction,
        ResultCode::ExceedsBalance,
        ResultCode::AlreadyCancelled,
        ResultCode::NotCancellable,
        ResultCode::FullCancelMismatch,
        ResultCode::UserCancelled,
        ResultCode::WindowClosed,
        ResultCode::Internal,
    ];

    /// The four-character wire value.
    pub const fn code(self) -> &'static str {
        match self {
            ResultCode::Success => "0000",
            ResultCode::CancelSuccess => "2001",
            ResultCode::MalformedRequest => "3001",
            ResultCode::MissingField => "3002",
            ResultCode::WrongType => "3003",
            ResultCode::FieldTooLong => "3004",
            ResultCode::InvalidFormat => "3005",
            ResultCode::InvalidValue => "3006",
            ResultCode::InvalidDeadline => "3007",
            ResultCode::MethodNotAllowed => "3008",
            ResultCode::UnknownMerchant => "3011",
            ResultCode::InvalidLicenseKey => "3012",
            ResultCode::UnknownPgMid => "3013",
            ResultCode::DuplicateOrder => "3021",
            ResultCode::OrderPaid => "3022",
            ResultCode::OrderExpired => "3023",
            ResultCode::OrderCancelled => "3024",
            ResultCode::WrongCancelPassword => "2011",
            ResultCode::UnknownTransaction => "2012",
            ResultCode::ExceedsBalance => "2013",
            ResultCode::AlreadyCancelled => "2014",
            ResultCode::NotCancellable => "2015",
            ResultCode::FullCancelMismatch => "2016",
            ResultCode::UserCancelled => "9001",
            ResultCode::WindowClosed => "9002",
            ResultCode::Internal => "9999",
        }
    }

    /// The code for a wire value (surrounding whitespace ignored).
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        ResultCode::ALL.into_iter().find(|c| c.code() == code)
    }

    /// A generic Korean message, for when no field is to blame. Refusals
    /// that concern a field carry their own message (see [`crate::InnoPayError`]).
    pub const fn default_message(self) -> &'static str {
        match self {
            ResultCode::Success => "주문등록 완료",
            ResultCode::CancelSuccess => "취소 성공",
            ResultCode::MalformedRequest => "요청 형식이 올바르지 않습니다 (JSON 객체가 아님)",
            ResultCode::MissingField => "필수 항목이 누락되었습니다",
            ResultCode::WrongType => "항목의 타입이 올바르지 않습니다",
            ResultCode::FieldTooLong => "항목의 길이가 허용 길이를 초과했습니다",
            ResultCode::InvalidFormat => "항목의 형식이 올바르지 않습니다",
            ResultCode::InvalidValue => "항목의 값이 올바르지 않습니다",
            ResultCode::InvalidDeadline => "결제마감기한이 올바르지 않습니다",
            ResultCode::MethodNotAllowed => "POST 방식만 지원합니다",
            ResultCode::UnknownMerchant => "등록되지 않은 상점 아이디입니다",
            ResultCode::InvalidLicenseKey => "라이선스키가 올바르지 않습니다",
            ResultCode::UnknownPgMid => "등록되지 않은 PG 상점아이디입니다",
            ResultCode::DuplicateOrder => "이미 등록된 주문번호입니다",
            ResultCode::OrderPaid => "이미 결제된 주문입니다",
            ResultCode::OrderExpired => "결제마감기한이 지나 만료된 주문입니다",
            ResultCode::OrderCancelled => "취소된 주문입니다",
            ResultCode::WrongCancelPassword => "취소비밀번호가 일치하지 않습니다",
            ResultCode::UnknownTransaction => "거래고유번호에 해당하는 거래가 없습니다",
            ResultCode::ExceedsBalance => "취소금액이 취소가능금액을 초과했습니다",
            ResultCode::AlreadyCancelled => "이미 취소된 거래입니다",
            ResultCode::NotCancellable => "취소할 수 없는 거래입니다 (승인되지 않음)",
            ResultCode::FullCancelMismatch => "전체취소 금액이 취소가능금액과 다릅니다",
            ResultCode::UserCancelled => "사용자가 취소했습니다",
            ResultCode::WindowClosed => "결제창이 닫혔습니다",
            ResultCode::Internal => "일시적인 오류입니다. 같은 주문번호로 다시 시도해 주세요",
        }
    }

    /// Whether this is one of the two codes merchants treat as success.
    pub const fn is_success(self) -> bool {
        matches!(self, ResultCode::Success | ResultCode::CancelSuccess)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for c in ResultCode::ALL {
            assert!(seen.insert(c.code()), "duplicate {}", c.code());
            assert_eq!(c.code().len(), 4);
            assert_eq!(ResultCode::parse(c.code()), Some(c));
            assert!(!c.default_message().is_empty());
        }
        assert_eq!(ResultCode::parse(" 2001 "), Some(ResultCode::CancelSuccess));
        assert_eq!(ResultCode::parse("1234"), None);
    }
}
