//! Whom a cash receipt identifies: a mobile phone number or a business
//! registration number (사업자등록번호), the two forms PayApp's `id_info`
//! takes ("휴대폰번호(사업자번호)").
//!
//! The two are told apart by their first digit: Korean mobile numbers start
//! with `01`, and a business registration number starts with its tax
//! office's code, which is never `0`. A business number also carries a check
//! digit, verified here the way the tax authority does, so a typo is caught
//! when the receipt is issued rather than when the buyer tries to claim it.
//! Dashes and spaces, which people type, are removed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which kind of number an [`Identity`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// A mobile phone number: `01[016789]` and 10 or 11 digits in all.
    Phone,
    /// A business registration number: 10 digits with a valid check digit.
    BusinessNumber,
}

impl IdentityKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            IdentityKind::Phone => "phone",
            IdentityKind::BusinessNumber => "business_number",
        }
    }

    pub fn parse(text: &str) -> Option<IdentityKind> {
        [IdentityKind::Phone, IdentityKind::BusinessNumber]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// The Korean name, for messages and receipts.
    pub const fn label(self) -> &'static str {
        match self {
            IdentityKind::Phone => "휴대폰번호",
            IdentityKind::BusinessNumber => "사업자번호",
        }
    }
}

/// Why a text is not an [`Identity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("empty")]
    Empty,
    #[error("only digits (and dashes) are allowed")]
    NotDigits,
    /// Starts with 0 but is not a mobile number (a landline, a card number).
    #[error("not a mobile phone number")]
    NotMobile,
    /// Neither 10–11 digits from `01`, nor 10 digits.
    #[error("wrong number of digits")]
    Length,
    /// Ten digits that fail the business number's check digit.
    #[error("the business registration number's check digit is wrong")]
    CheckDigit,
}

/// A validated phone or business registration number, digits only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Identity {
    kind: IdentityKind,
    digits: String,
}

impl Identity {
    pub fn parse(text: &str) -> Result<Identity, IdentityError> {
        let digits: String = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.is_empty() {
            return Err(IdentityError::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentityError::NotDigits);
        }
        let b = digits.as_bytes();
        let kind = if b[0] == b'0' {
            if !(10..=11).contains(&b.len()) {
                return Err(IdentityError::Length);
            }
            if b[1] != b'1' || !matches!(b[2], b'0' | b'1' | b'6' | b'7' | b'8' | b'9') {
                return Err(IdentityError::NotMobile);
            }
            IdentityKind::Phone
        } else {
            if b.len() != 10 {
                return Err(IdentityError::Length);
            }
            if !business_check_digit_ok(b) {
                return Err(IdentityError::CheckDigit);
            }
            IdentityKind::BusinessNumber
        };
        Ok(Identity { kind, digits })
    }

    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The digits, as sent on the wire and stored.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Enough to recognise, not enough to use: `010-****-5678`,
    /// `011-***-4567`, `123-45-*****`.
    pub fn masked(&self) -> String {
        let d = &self.digits;
        match self.kind {
            IdentityKind::Phone => {
                let stars = "*".repeat(d.len() - 7);
                format!("{}-{stars}-{}", &d[..3], &d[d.len() - 4..])
            }
            IdentityKind::BusinessNumber => format!("{}-{}-*****", &d[..3], &d[3..5]),
        }
    }
}

/// The business registration number's check: weights 1,3,7,1,3,7,1,3,5 on
/// the first nine digits, plus the tens of (ninth digit × 5); the tenth digit
/// makes the sum a multiple of ten.
fn business_check_digit_ok(b: &[u8]) -> bool {
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let d = |i: usize| u32::from(b[i] - b'0');
    let sum: u32 = (0..9).map(|i| d(i) * WEIGHTS[i]).sum::<u32>() + d(8) * 5 / 10;
    (10 - sum % 10) % 10 == d(9)
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

impl TryFrom<String> for Identity {
    type Error = IdentityError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Identity::parse(&s)
    }
}

impl From<Identity> for String {
    fn from(i: Identity) -> Self {
        i.digits
    }
}
