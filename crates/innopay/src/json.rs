//! Lenient reading of the JSON bodies of `smsPayApi` (§2.2) and `cancelApi` (§3.1).
//!
//! The manual prints its examples with unquoted keys and every value as a
//! string, but merchants' JSON libraries send numbers for numeric-looking
//! fields (`"amt": 10004`) and `null` for unset ones. gyeolje reads all of
//! them into text, so the field rules (commas in amounts and so on) are
//! applied once, in one place, whatever JSON type carried the value.

use crate::error::InnoPayError;
use serde_json::Value;
use std::collections::BTreeMap;

/// Reads a JSON object into name -> text: strings as is, numbers as their decimal text, null as "", unknown fields kept; arrays/objects/bools -> WrongType naming the field; not UTF-8 / not JSON / not an object -> MalformedRequest. A UTF-8 BOM is skipped.
pub fn read_object(body: &[u8]) -> Result<BTreeMap<String, String>, InnoPayError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text =
        std::str::from_utf8(body).map_err(|_| InnoPayError::malformed("UTF-8 이 아닙니다"))?;
    let value: Value = serde_json::from_str(text)
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
