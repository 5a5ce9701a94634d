//! `svcPrdtCd`, the sub-method of an SMS card payment (§1.1, §2.2).

use serde::{Deserialize, Serialize};

/// "Sub 지불수단 (03: SMS 수기, 04: SMS 인증) 미입력시 03(SMS 수기)" (§1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SmsProduct {
    /// `03` SMS 수기: the buyer types card number and expiry on the link page.
    ManualEntry,
    /// `04` SMS 인증: the buyer authenticates with the card company's app.
    CardAuth,
}

impl SmsProduct {
    /// The manual's default when `svcPrdtCd` is not given.
    pub const DEFAULT: SmsProduct = SmsProduct::ManualEntry;

    /// The two-digit wire value.
    pub const fn code(self) -> &'static str {
        match self {
            SmsProduct::ManualEntry => "03",
            SmsProduct::CardAuth => "04",
        }
    }

    /// `03`/`04`, and `3`/`4` as a JSON number arrives; whitespace ignored.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "03" | "3" => Some(SmsProduct::ManualEntry),
            "04" | "4" => Some(SmsProduct::CardAuth),
            _ => None,
        }
    }

    /// The manual's Korean name.
    pub const fn label(self) -> &'static str {
        match self {
            SmsProduct::ManualEntry => "SMS 수기",
            SmsProduct::CardAuth => "SMS 인증",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for p in [SmsProduct::ManualEntry, SmsProduct::CardAuth] {
            assert_eq!(SmsProduct::parse(p.code()), Some(p));
        }
        assert_eq!(SmsProduct::parse("4"), Some(SmsProduct::CardAuth));
        assert_eq!(SmsProduct::parse("05"), None);
        assert_eq!(SmsProduct::parse(""), None);
        assert_eq!(SmsProduct::CardAuth.label(), "SMS 인증");
    }
}
