//! `multipart/form-data` bodies (RFC 7578), read into the same key/value
//! bytes as an urlencoded body.
//!
//! The manual says parameters are sent "FORM POST", and its own samples
//! urlencode them; but PHP's curl sends `multipart/form-data` as soon as
//! `CURLOPT_POSTFIELDS` is an array instead of a string, and so do Java
//! multipart clients and `FormData` in JavaScript. Live PayApp reads both,
//! so shops send both. A multipart body is therefore decoded here into the
//! raw pairs the charset rules of [`crate::charset`] then turn into a
//! [`crate::Form`] — one set of rules (trimming, last duplicate wins, UTF-8
//! unless `charset=euc-kr`) whatever the encoding of the body.
//!
//! Like PHP, a part with a `filename` is a file upload, not a field, and is
//! left out (no PayApp parameter is a file); a part with no `name` is left
//! out too. A body that is not multipart at all — no delimiter, a part
//! without its header block, no closing delimiter — is an error, never a
//! silently empty form.

/// The percent-decoded (here: raw) key/value bytes of a body.
pub(crate) type RawPairs = Vec<(Vec<u8>, Vec<u8>)>;

/// Why a multipart body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MultipartError {
    /// `Content-Type: multipart/form-data` without a usable `boundary`.
    NoBoundary,
    /// The body does not contain the boundary's delimiter line.
    NoDelimiter,
    /// A part's header block does not end (no blank line).
    UnterminatedHeaders,
    /// The closing delimiter (`--boundary--`) is missing: a truncated body.
    Unterminated,
}

impl MultipartError {
    /// Korean, for the 70020 message.
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            MultipartError::NoBoundary => "Content-Type에 boundary가 없습니다",
            MultipartError::NoDelimiter => "본문에 boundary 구분선이 없습니다",
            MultipartError::UnterminatedHeaders => "파트 헤더가 끝나지 않았습니다",
            MultipartError::Unterminated => "마지막 boundary 구분선(--boundary--)이 없습니다",
        }
    }
}

/// Whether a `Content-Type` value is `multipart/form-data` (any case,
/// parameters ignored).
pub(crate) fn is_multipart(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("multipart/form-data")
}

/// The `boundary` parameter of a `multipart/form-data` content type, quoted
/// or not. RFC 2046 limits it to 70 characters; longer ones are accepted.
pub(crate) fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (!value.is_empty()).then_some(value)
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Skips one line break (`\r\n` or a bare `\n`, which some hand-written
/// clients send) at the start of `bytes`.
fn skip_line_break(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_prefix(b"\r\n")
        .or_else(|| bytes.strip_prefix(b"\n"))
        .unwrap_or(bytes)
}

/// The fields of a multipart body, in body order.
pub(crate) fn raw_pairs(body: &[u8], boundary: &str) -> Result<RawPairs, MultipartError> {
    let delimiter = [b"--".as_slice(), boundary.as_bytes()].concat();
    // The first delimiter may be preceded by a preamble (ignored) and need
    // not be preceded by a line break.
    let start = find(body, &delimiter).ok_or(MultipartError::NoDelimiter)?;
    let mut rest = &body[start + delimiter.len()..];
    // Every later delimiter starts on a line of its own.
    let next_delimiter = [b"\n".as_slice(), &delimiter].concat();
    let mut pairs = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(pairs);
        }
        // Transport padding after the delimiter, then the line break.
        let padding = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        let part_and_rest = skip_line_break(&rest[padding..]);
        let end = find(part_and_rest, &next_delimiter).ok_or(MultipartError::Unterminated)?;
        let mut part = &part_and_rest[..end];
        if part.ends_with(b"\r") {
            part = &part[..part.len() - 1];
        }
        rest = &part_and_rest[end + next_delimiter.len()..];
        if let Some((name, value)) = field(part)? {
            pairs.push((name, value.to_vec()));
        }
    }
}

/// A field's name and content.
type Field<'a> = (Vec<u8>, &'a [u8]);

/// One part: its headers, a blank line, its content. `None` for a file or
/// a part without a name.
fn field(part: &[u8]) -> Result<Option<Field<'_>>, MultipartError> {
    let (headers, content) = if let Some(i) = find(part, b"\r\n\r\n") {
        (&part[..i], &part[i + 4..])
    } else if let Some(i) = find(part, b"\n\n") {
        (&part[..i], &part[i + 2..])
    } else if part.starts_with(b"\r\n") || part.starts_with(b"\n") {
        // No headers at all: a part without a name.
        return Ok(None);
    } else {
        return Err(MultipartError::UnterminatedHeaders);
    };
    let disposition = headers
        .split(|b| *b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .find_map(|line| {
            let colon = line.iter().position(|b| *b == b':')?;
            line[..colon]
                .trim_ascii()
                .eq_ignore_ascii_case(b"content-disposition")
                .then(|| &line[colon + 1..])
        });
    let Some(disposition) = disposition else {
        return Ok(None);
    };
    if parameter(disposition, b"filename").is_some() {
        return Ok(None);
    }
    Ok(parameter(disposition, b"name").map(|name| (name, content)))
}

/// A parameter of a `Content-Disposition` value: quoted (with `\"` and `\\`
/// escapes) or a bare token. Names are case-insensitive; `filename*` is not
/// `filename`.
fn parameter(value: &[u8], wanted: &[u8]) -> Option<Vec<u8>> {
    let mut rest = value;
    while let Some(semi) = rest.iter().position(|b| *b == b';') {
        rest = &rest[semi + 1..];
        let trimmed = rest.trim_ascii_start();
        let Some(eq) = trimmed.iter().position(|b| *b == b'=') else {
            continue;
        };
        if !trimmed[..eq].trim_ascii().eq_ignore_ascii_case(wanted) {
            continue;
        }
        let raw = trimmed[eq + 1..].trim_ascii_start();
        if let Some(quoted) = raw.strip_prefix(b"\"") {
            let mut out = Vec::new();
            let mut bytes = quoted.iter();
            while let Some(&b) = bytes.next() {
                match b {
                    b'"' => return Some(out),
                    b'\\' => out.push(*bytes.next()?),
                    other => out.push(other),
                }
            }
            return None;
        }
        let end = raw.iter().position(|b| *b == b';').unwrap_or(raw.len());
        return Some(raw[..end].trim_ascii().to_vec());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(body: &[u8], boundary: &str) -> Vec<(String, String)> {
        raw_pairs(body, boundary)
            .unwrap()
            .into_iter()
            .map(|(k, v)| (String::from_utf8(k).unwrap(), String::from_utf8(v).unwrap()))
            .collect()
    }

    /// What PHP's curl sends for `CURLOPT_POSTFIELDS => ['cmd' => …, …]`.
    const CURL: &str = "--------------------------abc123\r\n\
Content-Disposition: form-data; name=\"cmd\"\r\n\r\n\
payrequest\r\n\
--------------------------abc123\r\n\
Content-Disposition: form-data; name=\"goodname\"\r\n\r\n\
테스트 상품\r\n\
--------------------------abc123\r\n\
Content-Disposition: form-data; name=\"memo\"\r\n\r\n\
line1\r\nline2\r\n\r\n\
--------------------------abc123--\r\n";

    #[test]
    fn reads_php_curls_body() {
        assert_eq!(
            boundary("multipart/form-data; boundary=------------------------abc123"),
            Some("------------------------abc123")
        );
        let got = pairs(CURL.as_bytes(), "------------------------abc123");
        assert_eq!(
            got,
            [
                ("cmd".to_owned(), "payrequest".to_owned()),
                ("goodname".to_owned(), "테스트 상품".to_owned()),
                ("memo".to_owned(), "line1\r\nline2\r\n".to_owned()),
            ]
        );
    }

    #[test]
    fn content_types() {
        assert!(is_multipart("multipart/form-data; boundary=x"));
        assert!(is_multipart("Multipart/Form-Data;boundary=x"));
        assert!(!is_multipart("application/x-www-form-urlencoded"));
        assert!(!is_multipart("multipart/mixed; boundary=x"));
        assert_eq!(
            boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b\""),
            Some("a b")
        );
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(boundary("multipart/form-data; boundary="), None);
    }

    #[test]
    fn files_nameless_parts_and_preamble_are_skipped() {
        let body = b"preamble\r\n--b\r\n\
Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\
Content-Type: text/plain\r\n\r\nFILE\r\n--b\r\n\
Content-Type: text/plain\r\n\r\nNONAME\r\n--b\r\n\
content-disposition: form-data; NAME=token\r\n\r\nv\r\n--b--";
        assert_eq!(pairs(body, "b"), [("token".to_owned(), "v".to_owned())]);
    }

    #[test]
    fn bare_newlines_and_escaped_names() {
        let body = b"--b\nContent-Disposition: form-data; name=\"a\\\"q\"\n\nv1\n--b\n\
Content-Disposition: form-data; name=\"empty\"\n\n\n--b--\n";
        assert_eq!(
            pairs(body, "b"),
            [
                ("a\"q".to_owned(), "v1".to_owned()),
                ("empty".to_owned(), String::new())
            ]
        );
    }

    #[test]
    fn broken_bodies_are_errors() {
        assert_eq!(
            raw_pairs(b"cmd=payrequest", "b"),
            Err(MultipartError::NoDelimiter)
        );
        assert_eq!(
            raw_pairs(
                b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",
                "b"
            ),
            Err(MultipartError::Unterminated)
        );
        assert_eq!(
            raw_pairs(b"--b\r\nContent-Disposition: x\r\n--b--", "b"),
            Err(MultipartError::UnterminatedHeaders)
        );
        // An empty multipart body: just the closing delimiter.
        assert_eq!(raw_pairs(b"--b--\r\n", "b"), Ok(Vec::new()));
    }

    proptest! {
        #[test]
        fn never_panics(body in proptest::collection::vec(
            prop_oneof![
                Just(b'-'), Just(b'b'), Just(b'\r'), Just(b'\n'), Just(b'"'),
                Just(b';'), Just(b'='), Just(b'\\'), Just(b':'), Just(b'n'), any::<u8>(),
            ],
            0..256,
        )) {
            let _ = raw_pairs(&body, "b");
        }

        #[test]
        fn round_trips(fields in proptest::collection::vec(("[a-z_]{1,8}", "[^\r\n]{0,20}"), 0..6)) {
            let mut body = String::new();
            for (k, v) in &fields {
                body.push_str(&format!(
                    "--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                ));
            }
            body.push_str("--XyZ--\r\n");
            let got = pairs(body.as_bytes(), "XyZ");
            prop_assert_eq!(got, fields);
        }
    }
}
