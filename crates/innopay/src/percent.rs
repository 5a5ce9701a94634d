//! Percent-encoding on bytes, so EUC-KR text survives a query string.
//!
//! `form_urlencoded` decodes straight to UTF-8 (replacing EUC-KR bytes with
//! U+FFFD), which would lose exactly the Korean the Web-Link `Encoding`
//! parameter exists for (§1.3). Decoding is the core's shared
//! [`percent_decode`](gyeolje_core::urlencoded::percent_decode); encoding
//! here follows the manual's example URL.

pub(crate) use gyeolje_core::urlencoded::percent_decode as decode;

/// Bytes as a query value: `[A-Za-z0-9-._~*/=]` as they are, space as `+`,
/// everything else `%XX` (upper case). `/` and `=` are left alone because
/// the manual's example URL leaves them in the LicenseKey (§1.1) and they
/// cannot end a query value; `+` becomes `%2B` as §1.1 requires.
pub(crate) fn encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'*'
            | b'/'
            | b'=' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stray_percent_and_plus() {
        assert_eq!(decode(b"a+b%2B%zz%4"), b"a b+%zz%4");
        assert_eq!(encode(b"a b+/="), "a+b%2B/=");
    }

    proptest! {
        #[test]
        fn round_trips(bytes: Vec<u8>) {
            prop_assert_eq!(decode(encode(&bytes).as_bytes()), bytes);
        }
    }
}
