//! Reading typed values out of ORDER and IpayServiceItems attributes, each
//! failure already mapped to its iPay code.
//!
//! "null" in the manual means the attribute is absent (ASMX's serializer
//! leaves the property null). A value that is present but not an integer is
//! treated like an absent one for the attributes that have a "null" code
//! (−1, −2, −3, −5, −13, −14): .NET could not have filled the property
//! either, and the code names the attribute the merchant must fix.

use super::{CartError, CartErrorCode};
use crate::xml::Element;
use gyeolje_core::Won;

/// Where in the request an attribute was read, for error messages.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub el: &'a Element,
    /// "ORDER" or "item 2".
    pub what: &'a str,
}

impl<'a> Ctx<'a> {
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.el.attr(name)
    }

    pub fn err(&self, code: CartErrorCode, name: &str, why: &str) -> CartError {
        CartError::new(code, format!("{} {name}: {why}", self.what))
    }

    /// An integer attribute that has a "null" code: absent, blank or not an
    /// integer is `code`.
    pub fn required_int(&self, name: &str, code: CartErrorCode) -> Result<i64, CartError> {
        match self.raw(name) {
            None => Err(self.err(code, name, "is missing")),
            Some(v) => parse_int(v).ok_or_else(|| self.err(code, name, "is not an integer")),
        }
    }

    /// A text attribute that must be present and not blank; returned trimmed.
    pub fn required_text(&self, name: &str, code: CartErrorCode) -> Result<String, CartError> {
        match self.raw(name).map(str::trim) {
            None => Err(self.err(code, name, "is missing")),
            Some("") => Err(self.err(code, name, "is empty")),
            Some(v) => Ok(v.to_owned()),
        }
    }

    /// An optional text attribute; blank counts as absent.
    pub fn optional_text(&self, name: &str) -> Option<String> {
        self.raw(name)
            .filter(|v| !v.trim().is_empty())
            .map(str::to_owned)
    }

    /// An integer amount as [`Won`]: negative or beyond [`Won::MAX`] is −99.
    pub fn won(&self, name: &str, value: i64) -> Result<Won, CartError> {
        Won::new(value).map_err(|e| self.err(CartErrorCode::Other, name, &e.to_string()))
    }

    /// An optional amount, 0 when absent or blank; anything but a
    /// non-negative integer is −99.
    pub fn optional_won(&self, name: &str) -> Result<Won, CartError> {
        match self.raw(name).map(str::trim) {
            None | Some("") => Ok(Won::ZERO),
            Some(v) => {
                let n = parse_int(v)
                    .ok_or_else(|| self.err(CartErrorCode::Other, name, "is not an integer"))?;
                self.won(name, n)
            }
        }
    }

    /// An optional boolean: `true`/`false` (any case) or `1`/`0`; blank is
    /// absent; anything else is −99.
    pub fn optional_bool(&self, name: &str) -> Result<Option<bool>, CartError> {
        match self.raw(name).map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => parse_bool(v)
                .map(Some)
                .ok_or_else(|| self.err(CartErrorCode::Other, name, "is not a boolean")),
        }
    }
}

/// An `xs:int`-like integer: optional sign, ASCII digits, surrounding
/// whitespace allowed (XML Schema collapses it). No decimals, no separators.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `xs:boolean` (`true`, `false`, `1`, `0`), case-insensitive because
/// hand-written PHP and VBScript clients send `True` and `FALSE`.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}
