//! Field rules of the account APIs (`sellerRegist`, `useridCheck`,
//! `subidregist`), which [`params`](crate::params) does not cover: new ids,
//! passwords, contact and business details.
//!
//! The manual states only some of these rules — the password is "영문,숫자
//! 8자리", `usertype` 1 or 2, `join_type` 0 or 4, `bizkind` from a list. The
//! others are formats every Korean sign-up form applies (ten-digit business
//! number, five-digit postcode, a mobile number starting 01); they are
//! checked so that a typo is refused now with the field named, not found by
//! the seller when the first settlement goes nowhere. Every failure is 70020
//! and its message starts with the field name.

use crate::codec::Form;
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::{PhoneNumber, Secret};

/// Length of a new account or sub-account id, in characters.
pub const ID_LEN: std::ops::RangeInclusive<usize> = 4..=30;
/// Length of a password, in characters.
pub const PASSWORD_LEN: std::ops::RangeInclusive<usize> = 8..=64;
/// The longest name-like field (names, business types, organisation units).
pub const NAME_MAX_CHARS: usize = 50;
/// The longest address, homepage or e-mail.
pub const LONG_MAX_CHARS: usize = 200;

/// A new id (`userid` of a sign-up, `subuserid`): required, [`ID_LEN`]
/// characters of ASCII letters, digits, `_`, `-` and `.`. Ids are compared
/// exactly, case included, as the manual's other APIs compare `userid`.
pub(crate) fn new_id(form: &Form, field: &str) -> Result<String, PayAppError> {
    let id = params::required(form, field)?;
    parse_new_id(field, id)
}

pub fn parse_new_id(field: &str, id: &str) -> Result<String, PayAppError> {
    let len = id.chars().count();
    if !ID_LEN.contains(&len) {
        return Err(PayAppError::invalid(
            field,
            &format!("아이디는 {}~{}자여야 합니다", ID_LEN.start(), ID_LEN.end()),
        ));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Err(PayAppError::invalid(
            field,
            "아이디는 영문, 숫자, _, -, . 만 사용할 수 있습니다",
        ));
    }
    Ok(id.to_owned())
}

/// A password (`userpwd`, `subpwd`): the manual's "영문,숫자 8자리" read as
/// at least 8 characters containing both an ASCII letter and a digit.
/// Symbols are allowed; spaces and non-ASCII are not (they do not survive
/// every login form the same way).
pub(crate) fn password(form: &Form, field: &str) -> Result<Secret, PayAppError> {
    let pw = params::required(form, field)?;
    check_password(field, pw)?;
    Ok(Secret::new(pw))
}

pub fn check_password(field: &str, pw: &str) -> Result<(), PayAppError> {
    let len = pw.chars().count();
    if len < *PASSWORD_LEN.start() {
        return Err(PayAppError::invalid(
            field,
            &format!("비밀번호는 {}자 이상이어야 합니다", PASSWORD_LEN.start()),
        ));
    }
    if len > *PASSWORD_LEN.end() {
        return Err(PayAppError::invalid(
            field,
            &format!("비밀번호는 {}자 이하여야 합니다", PASSWORD_LEN.end()),
        ));
    }
    if !pw.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(PayAppError::invalid(
            field,
            "비밀번호에는 영문, 숫자, 기호만 사용할 수 있습니다",
        ));
    }
    let letters = pw.bytes().any(|b| b.is_ascii_alphabetic());
    let digits = pw.bytes().any(|b| b.is_ascii_digit());
    if !(letters && digits) {
        return Err(PayAppError::invalid(
            field,
            "비밀번호는 영문과 숫자를 모두 포함해야 합니다",
        ));
    }
    Ok(())
}

/// A text field of at most `max` characters; blank is `None`.
pub(crate) fn text_max(
    form: &Form,
    field: &str,
    max: usize,
) -> Result<Option<String>, PayAppError> {
    match form.non_empty(field) {
        None => Ok(None),
        Some(v) if v.chars().count() > max => Err(PayAppError::invalid(
            field,
            &format!("{max}자 이하로 입력하세요"),
        )),
        Some(v) if v.chars().any(char::is_control) => {
            Err(PayAppError::invalid(field, "제어문자를 넣을 수 없습니다"))
        }
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// A required text field of at most `max` characters.
pub(crate) fn required_max(form: &Form, field: &str, max: usize) -> Result<String, PayAppError> {
    text_max(form, field, max)?.ok_or_else(|| PayAppError::missing(field))
}

/// A required field whose requirement comes from another field's value
/// (`username` for 개인, the business fields for 사업자): the message says why.
pub(crate) fn required_because(
    form: &Form,
    field: &str,
    max: usize,
    because: &str,
) -> Result<String, PayAppError> {
    text_max(form, field, max)?
        .ok_or_else(|| PayAppError::invalid(field, &format!("{because} 필수 값입니다")))
}

/// A mobile number (`phone`): digits with optional dashes, 10 or 11 digits
/// starting `01` (010, 011, 016–019).
pub(crate) fn mobile(form: &Form, field: &str) -> Result<PhoneNumber, PayAppError> {
    let text = params::required(form, field)?;
    let bad = || {
        PayAppError::invalid(
            field,
            "휴대전화번호는 01로 시작하는 숫자 10~11자리여야 합니다",
        )
    };
    let phone = PhoneNumber::parse(text).map_err(|_| bad())?;
    let digits = phone.as_str();
    if !(10..=11).contains(&digits.len()) || !digits.starts_with("01") {
        return Err(bad());
    }
    Ok(phone)
}

/// An e-mail address: one `@` with something before it and a dotted domain
/// after it, no spaces.
pub(crate) fn email(form: &Form, field: &str) -> Result<String, PayAppError> {
    let text = params::required(form, field)?;
    let bad = || PayAppError::invalid(field, "이메일 형식이 아닙니다 (예: name@example.com)");
    if text.chars().count() > LONG_MAX_CHARS
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad());
    }
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let domain_ok = !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty());
    if local.is_empty() || !domain_ok {
        return Err(bad());
    }
    Ok(text.to_owned())
}

/// `field` with dashes and spaces removed, if what is left is `lengths`
/// digits; blank is `None`.
pub(crate) fn digits(
    form: &Form,
    field: &str,
    lengths: std::ops::RangeInclusive<usize>,
    why: &str,
) -> Result<Option<String>, PayAppError> {
    let Some(text) = form.non_empty(field) else {
        return Ok(None);
    };
    let d: String = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
    if !lengths.contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PayAppError::invalid(field, why));
    }
    Ok(Some(d))
}

/// An optional link key sent by a caller the manual authenticates by id
/// only; when present the server checks it.
pub(crate) fn optional_linkkey(form: &Form) -> Option<Secret> {
    form.non_empty("linkkey").map(Secret::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(pairs.iter().copied())
    }

    fn refused(r: Result<impl std::fmt::Debug, PayAppError>, field: &str) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter, "{e:?}");
        assert!(
            e.message.starts_with(&format!("{field}: ")),
            "{}",
            e.message
        );
        e.message
    }

    #[test]
    fn new_ids() {
        for ok in ["payapptest", "abcd", "a_b-c.d", &"x".repeat(30)] {
            assert_eq!(parse_new_id("userid", ok).unwrap(), ok);
        }
        assert!(refused(parse_new_id("userid", "abc"), "userid").contains("4~30자"));
        refused(parse_new_id("userid", &"x".repeat(31)), "userid");
        for bad in ["pay app", "페이앱테스트", "a@b.kr", "abc/def"] {
            assert!(
                refused(parse_new_id("subuserid", bad), "subuserid").contains("영문"),
                "{bad}"
            );
        }
        refused(new_id(&form(&[("userid", " ")]), "userid"), "userid");
        refused(new_id(&Form::default(), "userid"), "userid");
    }

    #[test]
    fn passwords() {
        for ok in ["abcd1234", "A1b2C3d4!@#", &format!("a1{}", "x".repeat(62))] {
            assert!(check_password("userpwd", ok).is_ok(), "{ok}");
        }
        assert!(refused(check_password("userpwd", "abc123"), "userpwd").contains("8자 이상"));
        assert!(refused(check_password("userpwd", "abcdefgh"), "userpwd").contains("영문과 숫자"));
        assert!(refused(check_password("userpwd", "12345678"), "userpwd").contains("영문과 숫자"));
        assert!(refused(check_password("subpwd", "abcd 1234"), "subpwd").contains("기호만"));
        assert!(refused(check_password("subpwd", "비밀번호1234a"), "subpwd").contains("기호만"));
        refused(
            check_password("userpwd", &format!("a1{}", "x".repeat(63))),
            "userpwd",
        );
        let pw = password(&form(&[("userpwd", "abcd1234")]), "userpwd").unwrap();
        assert_eq!(format!("{pw:?}"), "Secret(***)");
        refused(password(&Form::default(), "userpwd"), "userpwd");
    }

    #[test]
    fn texts() {
        let f = form(&[
            ("a", "x".repeat(51).as_str()),
            ("b", " 이름 "),
            ("c", "a\u{7}b"),
        ]);
        assert!(refused(text_max(&f, "a", 50), "a").contains("50자"));
        assert_eq!(text_max(&f, "b", 50).unwrap(), Some("이름".into()));
        assert_eq!(text_max(&f, "none", 50).unwrap(), None);
        refused(text_max(&f, "c", 50), "c");
        refused(required_max(&f, "none", 50), "none");
        assert!(
            refused(
                required_because(&f, "none", 50, "사업자(usertype=2)는"),
                "none"
            )
            .contains("사업자(usertype=2)는 필수")
        );
    }

    #[test]
    fn mobiles() {
        let ok = |v| mobile(&form(&[("phone", v)]), "phone").map(|p| p.as_str().to_owned());
        assert_eq!(ok("010-1234-5678").unwrap(), "01012345678");
        assert_eq!(ok("0111234567").unwrap(), "0111234567");
        for bad in [
            "02-123-4567",
            "0212345678",
            "010123456789",
            "010-abcd-5678",
            "0101",
        ] {
            refused(ok(bad), "phone");
        }
        refused(ok(""), "phone");
    }

    #[test]
    fn emails() {
        let e = |v| email(&form(&[("email", v)]), "email");
        assert_eq!(e("seller@example.co.kr").unwrap(), "seller@example.co.kr");
        for bad in [
            "seller",
            "@example.com",
            "a@b",
            "a@b..c",
            "a b@c.kr",
            "a@b@c.kr",
            "a@.kr",
        ] {
            refused(e(bad), "email");
        }
    }

    #[test]
    fn digit_fields() {
        let d = |v| {
            digits(
                &form(&[("compregno", v)]),
                "compregno",
                10..=10,
                "숫자 10자리",
            )
        };
        assert_eq!(d("123-45-67890").unwrap(), Some("1234567890".into()));
        assert_eq!(d("").unwrap(), None);
        assert!(refused(d("123-45-6789"), "compregno").contains("숫자 10자리"));
        refused(d("123-45-6789x"), "compregno");
    }

    #[test]
    fn linkkeys() {
        assert!(optional_linkkey(&form(&[("linkkey", " ")])).is_none());
        assert!(
            optional_linkkey(&form(&[("linkkey", "k")]))
                .unwrap()
                .matches("k")
        );
    }
}
