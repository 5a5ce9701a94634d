//! Form bodies in EUC-KR as well as UTF-8.
//!
//! PayApp's `charset` parameter (manual 001, 캐릭터셋): `auto` (the default)
//! detects UTF-8 or EUC-KR; `euc-kr` fixes EUC-KR, for sites whose Korean
//! otherwise arrives garbled. Two decoders follow from it:
//! - [`Form::parse_with_charset`], for the REST API: a body that says
//!   `charset=euc-kr` (or `_charset_=euc-kr`) is decoded as EUC-KR; anything
//!   else must be UTF-8, as the manual requires, and is refused otherwise.
//! - [`Form::decode_lenient`], for PayApp Lite's popup (a page a person
//!   sees): the browser-filled `_charset_` field first, then `charset`, then
//!   detection — valid UTF-8 is UTF-8, anything else EUC-KR (EUC-KR text of a
//!   few characters can happen to be valid UTF-8; that is what `charset=euc-kr`
//!   is for). Malformed bytes become U+FFFD instead of an error.
//!
//! Both also come in a `Content-Type`-aware form ([`Form::parse_body`],
//! [`Form::decode_body_lenient`]) that reads `multipart/form-data` bodies
//! into the same pairs first ([`crate::multipart`]); any other content type,
//! or none, is read as urlencoded, as before.

use crate::codec::{CodecError, Form, percent_decode};
use crate::multipart::{self, RawPairs};
use encoding_rs::{EUC_KR, Encoding, UTF_8};

/// The percent-decoded key/value bytes of a body, before any charset.
fn raw_pairs(body: &[u8]) -> RawPairs {
    body.split(|b| *b == b'&')
        .filter(|s| !s.is_empty())
        .map(|segment| match segment.iter().position(|b| *b == b'=') {
            Some(i) => (
                percent_decode(&segment[..i]),
                percent_decode(&segment[i + 1..]),
            ),
            None => (percent_decode(segment), Vec::new()),
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn ascii_value<'a>(raw: &'a RawPairs, key: &str) -> Option<&'a str> {
    raw.iter()
        .rev()
        .find(|(k, _)| k == key.as_bytes())
        .and_then(|(_, v)| std::str::from_utf8(v).ok())
        .map(str::trim)
}

/// The charset the body names (`_charset_` first, then `charset`), if any.
fn declared(raw: &RawPairs) -> Option<&'static Encoding> {
    if let Some(label) = ascii_value(raw, "_charset_")
        && let Some(encoding) = Encoding::for_label(label.as_bytes())
        && (encoding == UTF_8 || encoding == EUC_KR)
    {
        return Some(encoding);
    }
    ascii_value(raw, "charset")
        .filter(|c| c.eq_ignore_ascii_case("euc-kr") || c.eq_ignore_ascii_case("euckr"))
        .map(|_| EUC_KR)
}

fn decode_as(raw: &RawPairs, encoding: &'static Encoding) -> Form {
    Form::from_pairs(raw.iter().map(|(k, v)| {
        (
            encoding.decode_without_bom_handling(k).0.into_owned(),
            encoding.decode_without_bom_handling(v).0.into_owned(),
        )
    }))
}

/// The raw pairs of a multipart body, or `None` when `content_type` is not
/// multipart (the body is then urlencoded).
fn multipart_pairs(
    content_type: Option<&str>,
    body: &[u8],
) -> Option<Result<RawPairs, CodecError>> {
    let content_type = content_type.filter(|c| multipart::is_multipart(c))?;
    let malformed = |e: multipart::MultipartError| CodecError::Multipart { reason: e.reason() };
    Some(
        multipart::boundary(content_type)
            .ok_or(multipart::MultipartError::NoBoundary)
            .and_then(|b| multipart::raw_pairs(body, b))
            .map_err(malformed),
    )
}

/// Strict UTF-8 pairs into a form, naming the first field that is not
/// UTF-8 (as [`Form::parse`] does for urlencoded bodies).
fn strict_utf8(raw: &RawPairs) -> Result<Form, CodecError> {
    let mut pairs = Vec::with_capacity(raw.len());
    for (k, v) in raw {
        let key = std::str::from_utf8(k).map_err(|_| CodecError::NotUtf8 {
            field: crate::codec::printable_name(k),
        })?;
        let value = std::str::from_utf8(v).map_err(|_| CodecError::NotUtf8 {
            field: crate::codec::printable_name(k),
        })?;
        pairs.push((key, value));
    }
    Ok(Form::from_pairs(pairs))
}

impl Form {
    /// The REST API's decoder: EUC-KR when the body says so, strict UTF-8
    /// otherwise (a body that is neither is a [`CodecError`]).
    pub fn parse_with_charset(body: &[u8]) -> Result<Form, CodecError> {
        Form::parse_body(None, body)
    }

    /// [`Form::parse_with_charset`] for a body of the given `Content-Type`:
    /// `multipart/form-data` is read part by part, anything else (or no
    /// header) as urlencoded. The charset rules are the same for both.
    pub fn parse_body(content_type: Option<&str>, body: &[u8]) -> Result<Form, CodecError> {
        match multipart_pairs(content_type, body) {
            Some(raw) => {
                let raw = raw?;
                match declared(&raw) {
                    Some(encoding) if encoding == EUC_KR => Ok(decode_as(&raw, EUC_KR)),
                    Some(_) | None => strict_utf8(&raw),
                }
            }
            None => {
                let raw = raw_pairs(body);
                match declared(&raw) {
                    Some(encoding) if encoding == EUC_KR => Ok(decode_as(&raw, EUC_KR)),
                    Some(_) | None => Form::parse(body),
                }
            }
        }
    }

    /// The popup's decoder: never refuses a body.
    pub fn decode_lenient(body: &[u8]) -> Form {
        Form::lenient(&raw_pairs(body))
    }

    /// [`Form::decode_lenient`] for a body of the given `Content-Type`; a
    /// multipart body that cannot be read is decoded as urlencoded (and so
    /// mostly comes out empty, which the popup reports field by field).
    pub fn decode_body_lenient(content_type: Option<&str>, body: &[u8]) -> Form {
        match multipart_pairs(content_type, body) {
            Some(Ok(raw)) => Form::lenient(&raw),
            Some(Err(_)) | None => Form::decode_lenient(body),
        }
    }

    fn lenient(raw: &RawPairs) -> Form {
        let encoding = declared(raw).unwrap_or_else(|| {
            let all_utf8 = raw
                .iter()
                .all(|(k, v)| std::str::from_utf8(k).is_ok() && std::str::from_utf8(v).is_ok());
            if all_utf8 { UTF_8 } else { EUC_KR }
        });
        decode_as(raw, encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &[u8]) -> Form {
        Form::decode_lenient(body)
    }

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

#[cfg(test)]
mod api_tests {
    use super::*;

    #[test]
    fn the_api_reads_euc_kr_only_when_told() {
        let f = Form::parse_with_charset(b"goodname=%C1%C1%C0%BA&charset=euc-kr").unwrap();
        assert_eq!(f.get("goodname"), Some("좋은"));
        assert!(
            Form::parse_with_charset(b"goodname=%C1%C1%C0%BA").is_err(),
            "undeclared EUC-KR is not UTF-8"
        );
        let f = Form::parse_with_charset("goodname=%EC%A2%8B%EC%9D%80".as_bytes()).unwrap();
        assert_eq!(f.get("goodname"), Some("좋은"));
    }

    const MULTIPART: &str = "multipart/form-data; boundary=XX";

    fn multipart(fields: &[(&str, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!("--XX\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(v);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--XX--\r\n");
        body
    }

    #[test]
    fn multipart_is_read_like_urlencoded() {
        let body = multipart(&[
            ("cmd", b"payrequest"),
            ("goodname", " 좋은 상품 ".as_bytes()),
            ("price", b"1000"),
            ("price", b"2000"),
        ]);
        let f = Form::parse_body(Some(MULTIPART), &body).unwrap();
        let u = Form::parse_body(
            Some("application/x-www-form-urlencoded"),
            "cmd=payrequest&goodname=+%EC%A2%8B%EC%9D%80+%EC%83%81%ED%92%88+&price=1000&price=2000"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(f, u);
        assert_eq!(f.get("goodname"), Some("좋은 상품"));
        assert_eq!(f.get("price"), Some("2000"), "the last duplicate wins");
        // Percent signs and plus signs are data in multipart.
        let f = Form::parse_body(Some(MULTIPART), &multipart(&[("memo", b"100%+1")])).unwrap();
        assert_eq!(f.get("memo"), Some("100%+1"));
    }

    #[test]
    fn multipart_charset_rules() {
        // EUC-KR bytes of 좋은 without a declaration: refused naming the field.
        let euc = multipart(&[("goodname", b"\xC1\xC1\xC0\xBA")]);
        assert_eq!(
            Form::parse_body(Some(MULTIPART), &euc),
            Err(CodecError::NotUtf8 {
                field: "goodname".into()
            })
        );
        let declared = multipart(&[("goodname", b"\xC1\xC1\xC0\xBA"), ("charset", b"euc-kr")]);
        let f = Form::parse_body(Some(MULTIPART), &declared).unwrap();
        assert_eq!(f.get("goodname"), Some("좋은"));
        assert_eq!(
            Form::decode_body_lenient(Some(MULTIPART), &euc).get("goodname"),
            Some("좋은")
        );
    }

    #[test]
    fn broken_multipart_is_an_error_not_an_empty_form() {
        let e = Form::parse_body(Some("multipart/form-data"), b"cmd=payrequest").unwrap_err();
        assert!(e.to_string().contains("boundary"), "{e}");
        let e = Form::parse_body(Some(MULTIPART), b"cmd=payrequest").unwrap_err();
        assert!(matches!(e, CodecError::Multipart { .. }), "{e}");
    }
}
