//! Money is integer won. There is no minor unit in KRW and no float anywhere
//! near an amount: every amount is a [`Won`], built only by parsing digits or
//! from a non-negative integer, and every sum is checked.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A non-negative amount of Korean won.
///
/// The field is private so a `Won` that exists is valid: it is never negative
/// and arithmetic on it never wraps (overflow and underflow are `None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Won(i64);

/// Why a value is not an amount of won.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is empty")]
    Empty,
    #[error("amount must contain only digits")]
    NotDigits,
    #[error("amount is too large")]
    TooLarge,
    #[error("amount must not be negative")]
    Negative,
}

impl Won {
    /// Zero won.
    pub const ZERO: Won = Won(0);
    /// The largest amount gyeolje accepts: 10^15 won, far above any card limit,
    /// far below `i64::MAX` so sums of a few amounts cannot overflow silently.
    pub const MAX: Won = Won(1_000_000_000_000_000);

    /// An amount from an integer; negative or absurdly large values are refused.
    pub fn new(value: i64) -> Result<Won, MoneyError> {
        if value < 0 {
            Err(MoneyError::Negative)
        } else if value > Self::MAX.0 {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Won(value))
        }
    }

    /// Parses ASCII decimal digits only (no sign, no separators, no spaces).
    /// Protocol front ends strip their own decorations (commas, `.0`) first.
    pub fn parse_digits(text: &str) -> Result<Won, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotDigits);
        }
        // Leading zeros are harmless; strip them so the length check is about magnitude.
        let significant = text.trim_start_matches('0');
        if significant.len() > 16 {
            return Err(MoneyError::TooLarge);
        }
        let value: i64 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| MoneyError::TooLarge)?
        };
        Won::new(value)
    }

    /// The amount as an integer, for storage and wire formats.
    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, or `None` past [`Won::MAX`].
    pub fn checked_add(self, other: Won) -> Option<Won> {
        self.0.checked_add(other.0).and_then(|v| Won::new(v).ok())
    }

    /// `self - other`, or `None` when it would be negative.
    pub fn checked_sub(self, other: Won) -> Option<Won> {
        self.0.checked_sub(other.0).and_then(|v| Won::new(v).ok())
    }

    /// The amount with thousands separators, as Korean receipts print it: `10,005`.
    pub fn grouped(self) -> String {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    }
}

impl fmt::Display for Won {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Won {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = i64::deserialize(d)?;
        Won::new(v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_digits_only() {
        assert_eq!(Won::parse_digits("1000"), Ok(Won(1000)));
        assert_eq!(Won::parse_digits("0001000"), Ok(Won(1000)));
        assert_eq!(Won::parse_digits(""), Err(MoneyError::Empty));
        assert_eq!(Won::parse_digits("-1"), Err(MoneyError::NotDigits));
        assert_eq!(Won::parse_digits("1,000"), Err(MoneyError::NotDigits));
        assert_eq!(Won::parse_digits("1000.0"), Err(MoneyError::NotDigits));
        assert_eq!(
            Won::parse_digits("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(Won(0).grouped(), "0");
        assert_eq!(Won(999).grouped(), "999");
        assert_eq!(Won(10005).grouped(), "10,005");
        assert_eq!(Won(1234567).grouped(), "1,234,567");
    }

    #[test]
    fn refuses_negative() {
        assert_eq!(Won::new(-1), Err(MoneyError::Negative));
        assert_eq!(Won(5).checked_sub(Won(6)), None);
    }

    proptest! {
        #[test]
        fn display_round_trips(v in 0i64..=Won::MAX.get()) {
            let w = Won::new(v).unwrap();
            prop_assert_eq!(Won::parse_digits(&w.to_string()), Ok(w));
            prop_assert_eq!(w.grouped().replace(',', ""), w.to_string());
        }

        #[test]
        fn add_then_sub_is_identity(a in 0i64..=Won::MAX.get(), b in 0i64..=Won::MAX.get()) {
            let (a, b) = (Won::new(a).unwrap(), Won::new(b).unwrap());
            match a.checked_add(b) {
                Some(sum) => {
                    prop_assert!(sum >= a && sum >= b);
                    prop_assert_eq!(sum.checked_sub(b), Some(a));
                }
                None => prop_assert!(a.get() + b.get() > Won::MAX.get()),
            }
        }

        #[test]
        fn sub_never_negative(a in 0i64..=Won::MAX.get(), b in 0i64..=Won::MAX.get()) {
            let (a, b) = (Won::new(a).unwrap(), Won::new(b).unwrap());
            match a.checked_sub(b) {
                Some(d) => prop_assert_eq!(d.get(), a.get() - b.get()),
                None => prop_assert!(b > a),
            }
        }
    }
}
