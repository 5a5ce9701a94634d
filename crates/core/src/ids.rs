//! Identifiers and small validated values. Each is parsed once at the edge;
//! a value that exists is valid.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{0} has an invalid format")]
    Format(&'static str),
}

macro_rules! int_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(v: i64) -> Self { $name(v) }
            pub const fn get(self) -> i64 { self.0 }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", self.0) }
        }
    };
}

int_id!(
    /// A payment's number. PayApp shows it to merchants as `mul_no`.
    PaymentId
);
int_id!(
    /// A merchant's internal number.
    MerchantId
);
int_id!(
    /// A queued outbound message (callback or SMS).
    OutboxId
);

/// The unguessable code in a hosted page URL (`/p/<code>`). Payment numbers are
/// sequential, so the page a buyer opens from an SMS is keyed by this instead.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PageCode(String);

impl PageCode {
    /// Length of generated codes: 16 characters of [0-9A-Za-z] is ~95 bits.
    pub const LEN: usize = 16;

    pub fn parse(text: &str) -> Result<Self, IdError> {
        if text.is_empty() {
            return Err(IdError::Empty("page code"));
        }
        if text.len() != Self::LEN || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(IdError::Format("page code"));
        }
        Ok(PageCode(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number as digits only. Dashes and spaces, which people type, are
/// removed; anything else that is not a digit makes it invalid.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let digits: String = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.is_empty() {
            return Err(IdError::Empty("phone number"));
        }
        if !(9..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Format("phone number"));
        }
        Ok(PhoneNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `010-****-5678`: enough for a person to recognise, not enough to call.
    pub fn masked(&self) -> String {
        let d = &self.0;
        let tail = &d[d.len() - 4..];
        let head = &d[..3];
        format!("{head}-****-{tail}")
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert_eq!(
            PhoneNumber::parse("010-1234-5678").unwrap().as_str(),
            "01012345678"
        );
        assert_eq!(
            PhoneNumber::parse("01012345678").unwrap().masked(),
            "010-****-5678"
        );
        assert!(PhoneNumber::parse("").is_err());
        assert!(PhoneNumber::parse("0101234567a").is_err());
        assert!(PhoneNumber::parse("0101").is_err());
    }

    #[test]
    fn page_codes() {
        assert!(PageCode::parse("abcdEFGH12345678").is_ok());
        assert!(PageCode::parse("abc").is_err());
        assert!(PageCode::parse("abcdEFGH1234567/").is_err());
    }
}
