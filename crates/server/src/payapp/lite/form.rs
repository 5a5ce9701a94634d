//! Decoding the popup's form body, in UTF-8 or EUC-KR.
//!
//! The manual's `charset` parameter: `auto` (the default) detects UTF-8 or
//! EUC-KR; `euc-kr` fixes EUC-KR, for pages whose Korean otherwise shows
//! garbled. Our script always sends a `_charset_` field, which the browser
//! fills with the encoding it actually used, so that is trusted first; then
//! `charset=euc-kr`; then detection: bytes that are valid UTF-8 are UTF-8,
//! anything else is EUC-KR. (EUC-KR text of a few characters can happen to
//! be valid UTF-8 — that is the case `charset=euc-kr` exists for.)
//!
//! Unlike the API codec this never refuses a body: the popup is a page for
//! a person, so a malformed byte becomes U+FFFD and is shown, not an error.

use encoding_rs::{EUC_KR, Encoding, UTF_8};
use gyeolje_payapp::Form;

/// Decodes an `application/x-www-form-urlencoded` body or query string.
/// Duplicate keys keep the last value, as in the API codec.
pub fn decode(body: &[u8]) -> Form {
    let raw: Vec<(Vec<u8>, Vec<u8>)> = body
        .split(|b| *b == b'&')
        .filter(|s| !s.is_empty())
        .map(|segment| match segment.iter().position(|b| *b == b'=') {
            Some(i) => (
                percent_decode(&segment[..i]),
                percent_decode(&segment[i + 1..]),
            ),
            None => (percent_decode(segment), Vec::new()),
        })
        .filter(|(k, _)| !k.is_empty())
        .collect();
    let encoding = encoding_of(&raw);
    Form::from_pairs(raw.iter().map(|(k, v)| {
        (
            encoding.decode_without_bom_handling(k).0.into_owned(),
            encoding.decode_without_bom_handling(v).0.into_owned(),
        )
    }))
}

fn ascii_value<'a>(raw: &'a [(Vec<u8>, Vec<u8>)], key: &str) -> Option<&'a str> {
    raw.iter()
        .rev()
        .find(|(k, _)| k == key.as_bytes())
        .and_then(|(_, v)| std::str::from_utf8(v).ok())
        .map(str::trim)
}

fn encoding_of(raw: &[(Vec<u8>, Vec<u8>)]) -> &'static Encoding {
    if let Some(label) = ascii_value(raw, "_charset_")
        && let Some(encoding) = Encoding::for_label(label.as_bytes())
        && (encoding == UTF_8 || encoding == EUC_KR)
    {
        return encoding;
    }
    if ascii_value(raw, "charset")
        .is_some_and(|c| c.eq_ignore_ascii_case("euc-kr") || c.eq_ignore_ascii_case("euckr"))
    {
        return EUC_KR;
    }
    let all_utf8 = raw
        .iter()
        .all(|(k, v)| std::str::from_utf8(k).is_ok() && std::str::from_utf8(v).is_ok());
    if all_utf8 { UTF_8 } else { EUC_KR }
}

/// `%XX` to a byte and `+` to a space; a `%` not followed by two hex digits
/// is kept as it is (PHP does the same).
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                input.get(i + 1).copied().and_then(hex),
                input.get(i + 2).copied().and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `좋은상점` in EUC-KR, percent-encoded as a browser would send it.
    const SHOP_EUC_KR: &str = "%C1%C1%C0%BA%BB%F3%C1%A1";

    #[test]
    fn utf8_is_read_as_utf8() {
        let f = decode("shopname=%EC%A2%8B%EC%9D%80%EC%83%81%EC%A0%90&price=1000".as_bytes());
        assert_eq!(f.get("shopname"), Some("좋은상점"));
        assert_eq!(f.get("price"), Some("1000"));
    }

    #[test]
    fn euc_kr_is_detected_without_being_told() {
        let f = decode(format!("shopname={SHOP_EUC_KR}").as_bytes());
        assert_eq!(f.get("shopname"), Some("좋은상점"));
    }

    #[test]
    fn charset_euc_kr_and_the_browsers_charset_field_decide() {
        // Two bytes that are valid UTF-8 (U+00E9) but mean 챕 in EUC-KR.
        let f = decode(b"goodname=%C3%A9&charset=euc-kr");
        assert_eq!(f.get("goodname"), Some("챕"));
        let f = decode(b"goodname=%C3%A9");
        assert_eq!(f.get("goodname"), Some("é"));
        let f = decode(b"goodname=%C3%A9&_charset_=EUC-KR");
        assert_eq!(f.get("goodname"), Some("챕"));
        // The browser's own report wins over a stale charset field.
        let f = decode(b"goodname=%C3%A9&_charset_=UTF-8&charset=euc-kr");
        assert_eq!(f.get("goodname"), Some("é"));
    }

    #[test]
    fn plus_stray_percent_and_duplicates() {
        let f = decode(b"a=1+2&b=100%&b=7&c=%zz&=x&d");
        assert_eq!(f.get("a"), Some("1 2"));
        assert_eq!(f.get("b"), Some("7"));
        assert_eq!(f.get("c"), Some("%zz"));
        assert_eq!(f.get("d"), Some(""));
        assert_eq!(f.len(), 4);
    }
}
