//! Percent-decoding on bytes, shared by the protocols' form readers.
//!
//! `form_urlencoded` decodes straight to UTF-8 (replacing EUC-KR bytes with
//! U+FFFD), which would lose exactly the Korean that PayApp's `charset` and
//! InnoPay's `Encoding` parameters exist for. Decoding to bytes first leaves
//! the charset to the protocol that knows it. Pure, so it lives in the core.

/// `+` → space, `%XX` → byte; a `%` not followed by two hex digits stays as
/// it is (what PHP's `urldecode` and servlet containers do with stray percents).
pub fn percent_decode(input: &[u8]) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bytes_and_keeps_stray_percents() {
        assert_eq!(percent_decode(b"a+b%2B%zz%4"), b"a b+%zz%4");
        assert_eq!(percent_decode(b"%C5%D7"), [0xC5, 0xD7]);
        assert_eq!(percent_decode(b"100%"), b"100%");
    }
}
