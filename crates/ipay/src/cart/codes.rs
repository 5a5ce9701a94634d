//! The small closed vocabularies of the ORDER element: which payment methods
//! a `payment_rule` allows, the shipping types, and the card companies of
//! `card_type`.

use serde::{Deserialize, Serialize};

/// A way to pay on the iPay payment page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayMethod {
    /// 신용카드.
    Card,
    /// 무통장입금 (a virtual account).
    VirtualAccount,
    /// 휴대폰결제.
    Phone,
    /// 실시간계좌이체.
    Transfer,
}

/// `payment_rule` (§3.1.2): which methods the iPay Fast page offers. The
/// numbers are the manual's, not a bit mask, so the table is spelled out.
/// iPay Standard ignores it (the manual tells merchants to send 0 there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct PaymentRule(u8);

impl PaymentRule {
    /// 0: every method.
    pub const ALL_METHODS: PaymentRule = PaymentRule(0);

    /// The rule for a number 0–14, or `None`.
    pub const fn new(code: u8) -> Option<PaymentRule> {
        if code <= 14 {
            Some(PaymentRule(code))
        } else {
            None
        }
    }

    /// The number on the wire.
    pub const fn code(self) -> u8 {
        self.0
    }

    /// Whether the buyer may pay this cart with `method`.
    pub const fn allows(self, method: PayMethod) -> bool {
        use PayMethod::{Card as C, Phone as P, Transfer as T, VirtualAccount as V};
        let (card, vbank, phone, transfer) = match self.0 {
            0 => (true, true, true, true),
            1 => (false, true, true, true),
            2 => (true, false, true, true),
            3 => (false, true, false, true),
            4 => (true, true, true, false),
            5 => (true, true, false, true),
            6 => (false, false, true, true),
            7 => (false, true, true, false),
            8 => (true, false, true, false),
            9 => (true, true, false, false),
            10 => (true, false, false, true),
            11 => (false, false, true, false),
            12 => (false, true, false, false),
            13 => (true, false, false, false),
            14 => (false, false, false, true),
            _ => (false, false, false, false),
        };
        match method {
            C => card,
            V => vbank,
            P => phone,
            T => transfer,
        }
    }
}

impl TryFrom<u8> for PaymentRule {
    type Error = String;
    fn try_from(code: u8) -> Result<Self, Self::Error> {
        PaymentRule::new(code).ok_or_else(|| format!("payment_rule {code} is not 0–14"))
    }
}

impl From<PaymentRule> for u8 {
    fn from(rule: PaymentRule) -> u8 {
        rule.0
    }
}

/// `shipping_type` (§3.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShippingType {
    /// 1 — 무료: shipping_price must be 0.
    Free = 1,
    /// 2 — 착불 (paid to the courier on delivery): shipping_price must be 0.
    CashOnDelivery = 2,
    /// 3 — 선배송료결제: the fee is part of the payment.
    Prepaid = 3,
}

impl ShippingType {
    /// The type for its wire number.
    pub const fn from_code(code: i64) -> Option<ShippingType> {
        match code {
            1 => Some(Self::Free),
            2 => Some(Self::CashOnDelivery),
            3 => Some(Self::Prepaid),
            _ => None,
        }
    }

    /// The wire number.
    pub const fn code(self) -> u8 {
        self as u8
    }
}

/// The card companies `card_type` may name (§3.1.2's list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CardCompany {
    Bc,
    Samsung,
    Kookmin,
    Shinhan,
    Keb,
    Woori,
    Lotte,
    Hyundai,
    Nonghyup,
    Citi,
    Hana,
    /// `CCKD`: not in the manual's code list, but in its own `card_type`
    /// example (`CCDI0|CCKE0|CCKD0|CCKM0|CCBC1`), so shops copy it. Mapped
    /// to KDB산업은행 (KD = Korea Development Bank), the one issuer of the
    /// time whose initials fit; a company of its own, so a restriction to
    /// it never widens to another company.
    Kdb,
}

impl CardCompany {
    /// Every company, in the manual's order.
    pub const ALL: [CardCompany; 12] = [
        Self::Bc,
        Self::Samsung,
        Self::Kookmin,
        Self::Shinhan,
        Self::Keb,
        Self::Woori,
        Self::Lotte,
        Self::Hyundai,
        Self::Nonghyup,
        Self::Citi,
        Self::Hana,
        Self::Kdb,
    ];

    /// The four-letter code on the wire.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Bc => "CCBC",
            Self::Samsung => "CCSS",
            Self::Kookmin => "CCKM",
            Self::Shinhan => "CCLG",
            Self::Keb => "CCKE",
            Self::Woori => "CCPH",
            Self::Lotte => "CCLO",
            Self::Hyundai => "CCDI",
            Self::Nonghyup => "CCNH",
            Self::Citi => "CCCT",
            Self::Hana => "CCHN",
            Self::Kdb => "CCKD",
        }
    }

    /// The name the manual gives.
    pub const fn name_ko(self) -> &'static str {
        match self {
            Self::Bc => "비씨카드",
            Self::Samsung => "삼성카드",
            Self::Kookmin => "국민카드",
            Self::Shinhan => "신한카드",
            Self::Keb => "외환카드",
            Self::Woori => "우리카드",
            Self::Lotte => "롯데(아멕스)카드",
            Self::Hyundai => "현대카드",
            Self::Nonghyup => "농협NH카드",
            Self::Citi => "시티카드(구 한미카드)",
            Self::Hana => "하나SK카드",
            Self::Kdb => "KDB산업은행카드",
        }
    }

    /// The company for a code (exact, upper case as the manual writes it).
    pub fn from_code(code: &str) -> Option<CardCompany> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One entry of `card_type`: a company the buyer may pay with, and whether
/// the company's own discount applies. On the wire the flag after the code is
/// `0` for "discount applied" and `1` for "not applied" (§3.1.2), which is
/// the reverse of what one would guess; `discount` holds the meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardRestriction {
    pub company: CardCompany,
    pub discount: bool,
}

impl CardRestriction {
    /// The entry as written on the wire, e.g. `CCBC0`.
    pub fn to_wire(self) -> String {
        format!(
            "{}{}",
            self.company.code(),
            if self.discount { 0 } else { 1 }
        )
    }
}

/// Reads `card_type` (`CCDI0|CCKE0|CCBC1`). Empty segments (a trailing `|`)
/// are skipped; `None` on any unknown code or flag.
pub(crate) fn parse_card_type(text: &str) -> Option<Vec<CardRestriction>> {
    let mut out = Vec::new();
    for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        let (code, flag) = part.split_at_checked(4)?;
        let company = CardCompany::from_code(code)?;
        let discount = match flag {
            "0" => true,
            "1" => false,
            _ => return None,
        };
        out.push(CardRestriction { company, discount });
    }
    Some(out)
}
