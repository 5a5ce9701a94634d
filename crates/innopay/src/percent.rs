//! Percent-encoding on bytes, so EUC-KR text survives a query string.
//!
//! `form_urlencoded` decodes straight to UTF-8 (replacing EUC-KR bytes with
//! U+FFFD), which would lose exactly the Korean the Web-Link `Encoding`
//! parameter exists for (§1.3). These two functions work on raw bytes and
//! leave charsets to the caller.

/// `+` → space, `%XX` → byte; a `%` not followed by two hex digits stays as
/// it is (what servlet containers and PHP do with stray percents).
pub(crate) fn decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_value);
                let lo = input.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

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
