//! The form codec: how PayApp bytes become fields and fields become bytes.
//!
//! PayApp speaks `application/x-www-form-urlencoded` both ways — merchants POST
//! form bodies and get back one urlencoded line — and its reference client is
//! PHP (`parse_str`, `urlencode`). So this module copies PHP's behaviour where
//! merchants can observe it: the last duplicate key wins, `+` is a space, a
//! stray `%` is kept literally, and replies encode like `urlencode`.
//!
//! It does *not* copy PHP's silent acceptance of broken text. The manual says
//! every value is UTF-8, so bodies are percent-decoded into bytes first and
//! only then checked; a lossy decode would turn a merchant's EUC-KR goods name
//! into U+FFFD and store the damage forever. Rejecting it names the field.

use std::collections::BTreeMap;

/// Why a request body is not a usable form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// A key or value decoded to bytes that are not UTF-8 (e.g. EUC-KR).
    #[error("{field}: UTF-8 문자열이 아닙니다")]
    NotUtf8 {
        /// The key, decoded lossily so it can be shown.
        field: String,
    },
    /// A `multipart/form-data` body that cannot be read (no boundary, no
    /// closing delimiter, …); the reason is Korean, for the 70020 message.
    #[error("요청 본문(multipart/form-data)을 읽을 수 없습니다: {reason}")]
    Multipart {
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The fields of an `application/x-www-form-urlencoded` body.
///
/// Duplicate keys keep the last value, like PHP's `parse_str`. Keys are used
/// exactly as decoded (PHP's `a.b` → `a_b` and `a[]` array rewriting are not
/// imitated: no PayApp parameter contains those characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    fields: BTreeMap<String, String>,
}

impl Form {
    /// Parses a body. Never panics, whatever the bytes.
    pub fn parse(body: &[u8]) -> Result<Form, CodecError> {
        let mut fields = BTreeMap::new();
        for segment in body.split(|b| *b == b'&') {
            if segment.is_empty() {
                continue;
            }
            let (raw_key, raw_value) = match segment.iter().position(|b| *b == b'=') {
                Some(i) => (&segment[..i], &segment[i + 1..]),
                None => (segment, &[][..]),
            };
            let key_bytes = percent_decode(raw_key);
            if key_bytes.is_empty() {
                // PHP ignores `=value` with no name; so do we.
                continue;
            }
            let key = match String::from_utf8(key_bytes) {
                Ok(k) => k,
                Err(e) => {
                    return Err(CodecError::NotUtf8 {
                        field: printable_name(e.as_bytes()),
                    });
                }
            };
            let value =
                String::from_utf8(percent_decode(raw_value)).map_err(|_| CodecError::NotUtf8 {
                    field: printable_name(key.as_bytes()),
                })?;
            fields.insert(key, value);
        }
        Ok(Form { fields })
    }

    /// Builds a form from already-decoded pairs (tests, internal callers).
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Form
    where
        K: Into<String>,
        V: Into<String>,
    {
        Form {
            fields: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The value of `key` with surrounding whitespace removed — the manual
    /// says every parameter is trimmed. `None` when the key is absent; an
    /// empty string when it is present but blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(|v| trim(v))
    }

    /// The value of `key` exactly as sent, untrimmed.
    pub fn get_raw(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The trimmed value, or `None` when absent or blank.
    pub fn non_empty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// All fields, sorted by key, values untrimmed.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// PHP's `trim` removes NUL as well as whitespace; Rust's `trim` removes
/// Unicode whitespace (including the full-width space Korean IMEs produce).
/// Both sets go.
fn trim(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || c == '\0')
}

pub(crate) use gyeolje_core::urlencoded::percent_decode;

/// One string encoded like PHP's `urlencode`: space → `+`, everything but
/// `[A-Za-z0-9_.-]` as upper-case `%XX` of its UTF-8 bytes.
pub fn urlencode(text: &str) -> String {
    // `byte_serialize` matches `urlencode` except that it leaves `*` alone;
    // `*` can only appear literally in its output, so a replace is exact.
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('*', "%2A")
}

/// One urlencoded line, `k=v&k=v`, keys in the given order, no newline.
pub fn encode_reply(pairs: &[(&str, &str)]) -> String {
    encode_pairs(pairs.iter().map(|(k, v)| (*k, *v)))
}

/// Like [`encode_reply`], for any iterator of string pairs (request bodies).
pub fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&urlencode(k));
        out.push('=');
        out.push_str(&urlencode(v));
    }
    out
}

/// The success reply shared by every command that returns nothing else:
/// `state=1&errorMessage=`.
pub fn ok_reply() -> String {
    encode_reply(&[("state", "1"), ("errorMessage", "")])
}

/// Decodes a reply line. Only the first line counts — merchants' clients
/// (PHP socket code, shell scripts) often read no further — so anything after
/// a newline is ignored. Leading whitespace and a UTF-8 BOM are skipped.
pub fn parse_reply(text: &str) -> Vec<(String, String)> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let line = text.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    form_urlencoded::parse(line.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of `key` in decoded reply pairs (the last one, as PHP would).
pub fn reply_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A field name fit to quote back in an error message: at most 32
/// characters, control characters and undecodable bytes replaced, so a body
/// of random bytes does not come back as a reply of random bytes.
pub(crate) fn printable_name(bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes);
    let mut name: String = lossy
        .chars()
        .take(32)
        .map(|c| {
            if c.is_control() || c == char::REPLACEMENT_CHARACTER {
                '?'
            } else {
                c
            }
        })
        .collect();
    if lossy.chars().nth(32).is_some() {
        name.push('…');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_plus_and_percent() {
        let f = Form::parse(b"goodname=api%20test+%ED%95%9C&price=1000").unwrap();
        assert_eq!(f.get("goodname"), Some("api test 한"));
        assert_eq!(f.get("price"), Some("1000"));
        assert_eq!(f.get("missing"), None);
    }

    #[test]
    fn last_duplicate_wins() {
        let f = Form::parse(b"price=1&price=2&price=3").unwrap();
        assert_eq!(f.get("price"), Some("3"));
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn values_are_trimmed_but_raw_is_kept() {
        let f = Form::parse(b"userid=+%20payapptest%09%0A&memo=%E3%80%80x%00").unwrap();
        assert_eq!(f.get("userid"), Some("payapptest"));
        assert_eq!(f.get_raw("userid"), Some("  payapptest\t\n"));
        assert_eq!(f.get("memo"), Some("x"));
    }

    #[test]
    fn empty_and_valueless_fields() {
        let f = Form::parse(b"&&a&b=&=orphan&c=%20").unwrap();
        assert_eq!(f.get("a"), Some(""));
        assert_eq!(f.get("b"), Some(""));
        assert_eq!(f.non_empty("c"), None);
        assert_eq!(f.len(), 3);
        assert!(Form::parse(b"").unwrap().is_empty());
    }

    #[test]
    fn stray_percent_is_literal() {
        let f = Form::parse(b"a=100%&b=%zz&c=%4").unwrap();
        assert_eq!(f.get("a"), Some("100%"));
        assert_eq!(f.get("b"), Some("%zz"));
        assert_eq!(f.get("c"), Some("%4"));
    }

    #[test]
    fn equals_in_value_is_kept() {
        let f = Form::parse(b"linkkey=abc=%3D=").unwrap();
        assert_eq!(f.get("linkkey"), Some("abc==="));
    }

    #[test]
    fn rejects_non_utf8_value_naming_the_field() {
        // "한" in EUC-KR is C7 D1.
        let err = Form::parse(b"price=1&goodname=%C7%D1").unwrap_err();
        assert_eq!(
            err,
            CodecError::NotUtf8 {
                field: "goodname".into()
            }
        );
        assert_eq!(err.to_string(), "goodname: UTF-8 문자열이 아닙니다");
        // Raw (unescaped) invalid bytes too.
        assert!(Form::parse(b"memo=\xff").is_err());
    }

    #[test]
    fn rejects_non_utf8_key_lossily_named() {
        let err = Form::parse(b"go%FFod=1").unwrap_err();
        assert_eq!(
            err,
            CodecError::NotUtf8 {
                field: "go?od".into()
            }
        );
        // Random bytes are not echoed back whole.
        let garbage: Vec<u8> = (0..=255u8)
            .cycle()
            .take(5000)
            .filter(|b| *b != b'&' && *b != b'=')
            .collect();
        let Err(CodecError::NotUtf8 { field }) = Form::parse(&garbage) else {
            panic!("random bytes are not UTF-8");
        };
        assert!(field.chars().count() <= 33, "{field}");
        assert!(!field.chars().any(char::is_control));
    }

    #[test]
    fn urlencode_matches_php() {
        assert_eq!(urlencode("a b*c~d-e_f.g"), "a+b%2Ac%7Ed-e_f.g");
        assert_eq!(
            urlencode("http://x/?a=1&b"),
            "http%3A%2F%2Fx%2F%3Fa%3D1%26b"
        );
        assert_eq!(urlencode("한"), "%ED%95%9C");
    }

    #[test]
    fn encode_reply_keeps_order() {
        assert_eq!(
            encode_reply(&[("state", "1"), ("errorMessage", ""), ("mul_no", "2000")]),
            "state=1&errorMessage=&mul_no=2000"
        );
        assert_eq!(ok_reply(), "state=1&errorMessage=");
    }

    #[test]
    fn parse_reply_reads_first_line_only() {
        let pairs = parse_reply("\u{feff}\r\nstate=0&errorMessage=a+b%21&errno=70020\r\nstate=1");
        assert_eq!(reply_value(&pairs, "state"), Some("0"));
        assert_eq!(reply_value(&pairs, "errorMessage"), Some("a b!"));
        assert_eq!(reply_value(&pairs, "errno"), Some("70020"));
        assert_eq!(pairs.len(), 3);
        assert!(parse_reply("").is_empty());
    }

    #[test]
    fn parse_inverts_encode() {
        let pairs = [("k 1", "v&=+%한*"), ("empty", "")];
        let line = encode_reply(&pairs);
        let f = Form::parse(line.as_bytes()).unwrap();
        assert_eq!(f.get_raw("k 1"), Some("v&=+%한*"));
        assert_eq!(f.get_raw("empty"), Some(""));
        let back = parse_reply(&line);
        assert_eq!(back[0], ("k 1".to_string(), "v&=+%한*".to_string()));
    }

    proptest! {
        #[test]
        fn parse_never_panics(body in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = Form::parse(&body);
        }

        #[test]
        fn parse_never_panics_on_form_like_bytes(
            body in proptest::collection::vec(
                prop_oneof![
                    Just(b'%'), Just(b'&'), Just(b'='), Just(b'+'),
                    Just(b'f'), Just(b'F'), Just(b'0'), Just(b'9'),
                    Just(0xc3u8), Just(0xa9u8), Just(0xffu8), Just(b' '),
                ],
                0..256,
            )
        ) {
            if let Ok(form) = Form::parse(&body) {
                for (k, _) in form.iter() {
                    prop_assert!(!k.is_empty());
                }
            }
        }

        #[test]
        fn encode_then_parse_round_trips(k in "[^\u{0}]{1,20}", v in any::<String>()) {
            let line = encode_reply(&[(&k, &v)]);
            let f = Form::parse(line.as_bytes()).unwrap();
            prop_assert_eq!(f.get_raw(&k), Some(v.as_str()));
        }
    }
}
