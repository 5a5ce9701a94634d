//! Lenient reading of the JSON bodies of `smsPayApi` (§2.2) and `cancelApi` (§3.1).
//!
//! The manual prints its examples with unquoted keys and every value as a
//! string, but merchants' JSON libraries send numbers for numeric-looking
//! fields (`"amt": 10004`) and `null` for unset ones. gyeolje reads all of
//! them into text, so the field rules (commas in amounts and so on) are
//! applied once, in one place, whatever JSON type carried the value.

use crate::error::InnoPayError;
use encoding_rs::{EUC_KR, UTF_8};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Reads a JSON object into name -> text: strings as is, numbers as their decimal text, null as "", unknown fields kept; arrays/objects/bools -> WrongType naming the field; not text (see [`read_object_declared`]) / not JSON / not an object -> MalformedRequest. A UTF-8 BOM is skipped.
pub fn read_object(body: &[u8]) -> Result<BTreeMap<String, String>, InnoPayError> {
    read_object_declared(body, None)
}

/// [`read_object`] for a body whose `Content-Type` is `content_type`.
///
/// The manual says only `application/json` (§2.2, §3.1), which means
/// UTF-8, but merchants on EUC-KR systems (Java's `getBytes("EUC-KR")`,
/// classic ASP) send `application/json; charset=euc-kr` with EUC-KR bytes,
/// and live InnoPay reads them. So the declared charset picks the order in
/// which the two Korean charsets are tried, strictly (no replacement
/// characters): EUC-KR first when the type declares it (any of its labels:
/// `euc-kr`, `cp949`, `ks_c_5601-1987`, `windows-949`…), else UTF-8 first.
/// A body that is neither is `MalformedRequest`. EUC-KR Hangul is almost
/// never valid UTF-8 and UTF-8 Hangul never valid EUC-KR, so a wrong or
/// missing declaration is still read as the merchant meant.
pub fn read_object_declared(
    body: &[u8],
    content_type: Option<&str>,
) -> Result<BTreeMap<String, String>, InnoPayError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = decode(body, content_type)?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| InnoPayError::malformed(&format!("JSON 이 아닙니다: {e}")))?;
    let Value::Object(map) = value else {
        return Err(InnoPayError::malformed("JSON 객체가 아닙니다"));
    };
    let mut out = BTreeMap::new();
    for (name, value) in map {
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Null => String::new(),
            Value::Bool(_) => return Err(InnoPayError::wrong_type(&name, "true/false")),
            Value::Array(_) => return Err(InnoPayError::wrong_type(&name, "배열")),
            Value::Object(_) => return Err(InnoPayError::wrong_type(&name, "객체")),
        };
        out.insert(name, text);
    }
    Ok(out)
}

/// Whether `content_type` declares an EUC-KR charset.
fn declares_euc_kr(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return false;
    };
    content_type.split(';').skip(1).any(|param| {
        param.split_once('=').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("charset")
                && encoding_rs::Encoding::for_label(value.trim().trim_matches('"').as_bytes())
                    == Some(EUC_KR)
        })
    })
}

/// The body as text: see [`read_object_declared`].
fn decode<'a>(body: &'a [u8], content_type: Option<&str>) -> Result<Cow<'a, str>, InnoPayError> {
    let order = if declares_euc_kr(content_type) {
        [EUC_KR, UTF_8]
    } else {
        [UTF_8, EUC_KR]
    };
    order
        .into_iter()
        .find_map(|charset| charset.decode_without_bom_handling_and_without_replacement(body))
        .ok_or_else(|| {
            InnoPayError::malformed(if order[0] == EUC_KR {
                "charset=euc-kr 로 선언되었지만 EUC-KR 도 UTF-8 도 아닙니다"
            } else {
                "UTF-8 이 아닙니다 (EUC-KR 본문은 Content-Type 에 charset=euc-kr 을 선언하세요)"
            })
        })
}

/// The value of `name` in a [`read_object`] map, `""` when absent.
pub(crate) fn text(map: &BTreeMap<String, String>, name: &str) -> String {
    map.get(name).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::ResultCode;

    #[test]
    fn reads_strings_numbers_and_null() {
        let m = read_object(
            "\u{feff}{\"amt\": 10004, \"goodsName\": \"테스트\", \"buyerEmail\": null, \"x\": \"y\"}"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(m["amt"], "10004");
        assert_eq!(m["goodsName"], "테스트");
        assert_eq!(m["buyerEmail"], "");
        assert_eq!(m["x"], "y");
    }

    #[test]
    fn refuses_other_types_naming_the_field() {
        for (body, field) in [
            (r#"{"amt": [1]}"#, "amt"),
            (r#"{"mid": {"a": 1}}"#, "mid"),
            (r#"{"svcCd": true}"#, "svcCd"),
        ] {
            let e = read_object(body.as_bytes()).unwrap_err();
            assert_eq!(e.code, ResultCode::WrongType);
            assert!(e.message.starts_with(field), "{}", e.message);
        }
    }

    /// 테스트 in EUC-KR.
    const TEST_EUC_KR: &[u8] = b"\xc5\xd7\xbd\xba\xc6\xae";

    #[test]
    fn reads_euc_kr_declared_or_not_and_utf8_misdeclared() {
        let mut body = b"{\"goodsName\": \"".to_vec();
        body.extend_from_slice(TEST_EUC_KR);
        body.extend_from_slice(b"\", \"amt\": \"10,004\"}");
        for ct in [
            Some("application/json; charset=euc-kr"),
            Some("application/json;charset=EUC-KR"),
            Some("application/json; charset=\"ks_c_5601-1987\""),
            Some("application/json; charset=cp949"),
            Some("application/json"),
            None,
        ] {
            let m = read_object_declared(&body, ct).unwrap();
            assert_eq!(m["goodsName"], "테스트", "{ct:?}");
            assert_eq!(m["amt"], "10,004");
        }
        // UTF-8 declared as EUC-KR (a copied header) is still UTF-8.
        let utf8 = "{\"goodsName\": \"테스트상품\"}".as_bytes();
        let m = read_object_declared(utf8, Some("application/json; charset=euc-kr")).unwrap();
        assert_eq!(m["goodsName"], "테스트상품");
        let e = read_object_declared(
            b"{\"a\":\"\xff\"}",
            Some("application/json; charset=euc-kr"),
        )
        .unwrap_err();
        assert_eq!(e.code, ResultCode::MalformedRequest);
        assert!(e.message.contains("euc-kr"), "{}", e.message);
    }

    #[test]
    fn refuses_non_objects() {
        for body in [
            &b"[]"[..],
            b"\"x\"",
            b"",
            b"{mid:\"a\"}",
            b"\xff\xfe",
            b"mid=a",
        ] {
            let e = read_object(body).unwrap_err();
            assert_eq!(e.code, ResultCode::MalformedRequest, "{body:?}");
        }
    }
}
