//! Reading single parameters out of a [`Form`], with PayApp's error codes.
//!
//! Every API shares the same few kinds of field — the seller id, a link key,
//! an amount, a payment number, a one-of-several switch, a URL — so the rules
//! for each live here once. This is where 70010 and 70020 are decided: the
//! request types only say which field is which kind.

use crate::codec::Form;
use crate::error::PayAppError;
use gyeolje_core::{MoneyError, Won};

/// `userid`: the seller id. The manual's PHP library answers a blank one with
/// 70010 before it even calls PayApp, so a blank id is a credentials error,
/// not a parameter error.
pub(crate) fn userid(form: &Form) -> Result<String, PayAppError> {
    form.non_empty("userid")
        .map(str::to_owned)
        .ok_or_else(|| PayAppError::bad_credentials("userid 값을 확인하세요"))
}

/// `linkkey`: the seller's API key. Blank is 70010 like a wrong key.
pub(crate) fn linkkey(form: &Form) -> Result<String, PayAppError> {
    form.non_empty("linkkey")
        .map(str::to_owned)
        .ok_or_else(|| PayAppError::bad_credentials("linkkey 값을 확인하세요"))
}

/// A required text field: absent or blank is 70020.
pub(crate) fn required<'f>(form: &'f Form, field: &str) -> Result<&'f str, PayAppError> {
    form.non_empty(field)
        .ok_or_else(|| PayAppError::missing(field))
}

/// An optional text field; blank counts as absent.
pub(crate) fn optional(form: &Form, field: &str) -> Option<String> {
    form.non_empty(field).map(str::to_owned)
}

/// A free text field that may be empty.
pub(crate) fn text(form: &Form, field: &str) -> String {
    form.get(field).unwrap_or_default().to_owned()
}

/// A required amount (`price`, `cancelprice`). See [`parse_amount`].
pub(crate) fn amount(form: &Form, field: &str) -> Result<Won, PayAppError> {
    parse_amount(field, required(form, field)?)
}

/// An amount in won: decimal digits, greater than zero. A fractional part of
/// only zeros (`1000.0`, `1000.00`) is tolerated because form builders that
/// hold prices as floats send it and PHP's `(int)` reads it as the integer;
/// any other fraction, sign, separator or letter is refused rather than
/// guessed at.
pub fn parse_amount(field: &str, text: &str) -> Result<Won, PayAppError> {
    let integral = match text.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => {
            return Err(PayAppError::invalid(
                field,
                "정수 금액만 입력할 수 있습니다",
            ));
        }
        None => text,
    };
    let won = Won::parse_digits(integral).map_err(|e| match e {
        MoneyError::TooLarge => PayAppError::invalid(field, "금액이 너무 큽니다"),
        MoneyError::Empty | MoneyError::NotDigits | MoneyError::Negative => {
            PayAppError::invalid(field, "숫자만 입력할 수 있습니다")
        }
    })?;
    if won.is_zero() {
        return Err(PayAppError::invalid(field, "0보다 큰 금액이어야 합니다"));
    }
    Ok(won)
}

/// An optional amount that may be zero (`amount_taxfree=0`): whole won,
/// with [`parse_amount`]'s tolerance of a `.0` fraction. Absent or blank is
/// `None`.
pub(crate) fn amount_or_zero(form: &Form, field: &str) -> Result<Option<Won>, PayAppError> {
    let Some(text) = form.non_empty(field) else {
        return Ok(None);
    };
    let zero = text
        .split_once('.')
        .map_or(text, |(int, frac)| {
            if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
                int
            } else {
                text
            }
        })
        .bytes()
        .all(|b| b == b'0');
    if zero && !text.starts_with('.') {
        return Ok(Some(Won::ZERO));
    }
    parse_amount(field, text).map(Some)
}

/// `mul_no`: the payment number, required, digits only, at least 1.
pub(crate) fn mul_no(form: &Form) -> Result<i64, PayAppError> {
    parse_mul_no(required(form, "mul_no")?)
}

pub fn parse_mul_no(text: &str) -> Result<i64, PayAppError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PayAppError::invalid("mul_no", "숫자만 입력할 수 있습니다"));
    }
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err(PayAppError::invalid("mul_no", "1 이상이어야 합니다")),
        Err(_) => Err(PayAppError::invalid("mul_no", "결제요청번호가 너무 큽니다")),
    }
}

/// A field that takes one of a few spellings. Absent or blank gives
/// `default`; a spelling matches ASCII case-insensitively (`N` is `n`);
/// anything else is 70020 listing what is allowed.
pub(crate) fn choice<T: Copy>(
    form: &Form,
    field: &str,
    options: &[(&str, T)],
    default: T,
) -> Result<T, PayAppError> {
    let Some(value) = form.non_empty(field) else {
        return Ok(default);
    };
    options
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let allowed: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
            PayAppError::invalid(
                field,
                &format!("허용되지 않는 값입니다 (가능한 값: {})", allowed.join(", ")),
            )
        })
}

/// `y`/`n` switch.
pub(crate) fn yes_no(form: &Form, field: &str, default: bool) -> Result<bool, PayAppError> {
    choice(form, field, &[("y", true), ("n", false)], default)
}

/// `1`/`0` switch, off by default.
pub(crate) fn one_zero(form: &Form, field: &str) -> Result<bool, PayAppError> {
    choice(form, field, &[("1", true), ("0", false)], false)
}

/// An optional web address that gyeolje will call or link to: it must be
/// `http://` or `https://` with something after the scheme, and contain no
/// whitespace or control characters. Anything else (`javascript:`, a bare
/// host) would either never be reachable or be unsafe to put in a page.
/// Schemes a link on a hosted page must never have: they run or embed
/// content in gyeolje's own origin instead of opening an app or a site.
const SCRIPT_SCHEMES: [&str; 6] = ["javascript", "vbscript", "data", "file", "blob", "about"];

/// An app URL (`appurl`): the manual's `앱스키마://card_pay` or an http(s)
/// URL — any scheme an app may register — but never a scheme that runs
/// script on the page that links it (`javascript:` and its kin), and no
/// control characters.
pub(crate) fn app_url(form: &Form, field: &str) -> Result<Option<String>, PayAppError> {
    let Some(url) = form.non_empty(field) else {
        return Ok(None);
    };
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    let well_formed = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed {
        return Err(PayAppError::invalid(
            field,
            "앱스키마://… 또는 https://… 형식의 주소여야 합니다",
        ));
    }
    if SCRIPT_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        || url.chars().any(char::is_control)
    {
        return Err(PayAppError::invalid(
            field,
            "사용할 수 없는 주소입니다 (javascript:, data: 등은 허용되지 않습니다)",
        ));
    }
    Ok(Some(url.to_owned()))
}

pub(crate) fn web_url(form: &Form, field: &str) -> Result<Option<String>, PayAppError> {
    let Some(url) = form.non_empty(field) else {
        return Ok(None);
    };
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err(PayAppError::invalid(
            field,
            "http:// 또는 https:// 로 시작하는 주소여야 합니다",
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(PayAppError::invalid(field, "주소에 호스트가 없습니다"));
    }
    // Spaces and non-ASCII are let through: the manual's own sample sends
    // `http://고객사 도메인/payapp_feedbackurl.php`, and PayApp takes it (the
    // callback to it fails, visibly, in the attempt history). Control
    // characters could split an HTTP request line, so those are refused.
    if url.chars().any(char::is_control) {
        return Err(PayAppError::invalid(
            field,
            "주소에 제어문자를 넣을 수 없습니다",
        ));
    }
    Ok(Some(url.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn amounts() {
        let ok = |t| parse_amount("price", t).map(Won::get);
        assert_eq!(ok("1000"), Ok(1000));
        assert_eq!(ok("1000.0"), Ok(1000));
        assert_eq!(ok("1000.000"), Ok(1000));
        assert_eq!(ok("01000"), Ok(1000));
        for bad in [
            "10.5",
            "1000.",
            ".0",
            "abc",
            "-5",
            "+5",
            "1,000",
            "1e3",
            "0",
            "0.0",
            "",
            "1000.0.0",
            "１０００",
        ] {
            let e = parse_amount("price", bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
            assert!(e.message.starts_with("price: "), "{bad}: {}", e.message);
        }
        assert_eq!(
            parse_amount("price", "abc").unwrap_err().message,
            "price: 숫자만 입력할 수 있습니다"
        );
        assert!(
            parse_amount("price", "99999999999999999999")
                .unwrap_err()
                .message
                .contains("너무 큽니다")
        );
    }

    #[test]
    fn mul_nos() {
        assert_eq!(parse_mul_no("2000"), Ok(2000));
        for bad in ["", "0", "-1", "12a", "1.0", "99999999999999999999"] {
            let e = parse_mul_no(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
            assert!(e.message.starts_with("mul_no: "));
        }
    }

    #[test]
    fn choices() {
        let f = form(&[("a", "N"), ("b", "maybe"), ("c", " ")]);
        assert_eq!(yes_no(&f, "a", true), Ok(false));
        assert_eq!(yes_no(&f, "c", true), Ok(true));
        assert_eq!(yes_no(&f, "absent", false), Ok(false));
        let e = yes_no(&f, "b", true).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(e.message, "b: 허용되지 않는 값입니다 (가능한 값: y, n)");
    }

    #[test]
    fn urls() {
        let f = form(&[
            ("ok", "https://shop.example/fb?x=1"),
            ("ok2", "HTTP://shop.example"),
            ("js", "javascript:alert(1)"),
            ("bare", "shop.example/fb"),
            ("nohost", "http://"),
            ("space", "http://고객사 도메인/payapp_feedbackurl.php"),
            ("ctl", "http://a\nb"),
            ("blank", ""),
        ]);
        assert_eq!(
            web_url(&f, "ok"),
            Ok(Some("https://shop.example/fb?x=1".into()))
        );
        assert!(web_url(&f, "ok2").is_ok());
        assert!(
            web_url(&f, "space").is_ok(),
            "the manual's own placeholder URL"
        );
        assert_eq!(web_url(&f, "blank"), Ok(None));
        assert_eq!(web_url(&f, "absent"), Ok(None));
        for bad in ["js", "bare", "nohost", "ctl"] {
            let e = web_url(&f, bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidParameter);
            assert!(e.message.starts_with(bad));
        }
    }

    #[test]
    fn credentials_are_70010() {
        let f = form(&[("userid", " "), ("linkkey", "")]);
        assert_eq!(userid(&f).unwrap_err().code, ErrorCode::BadCredentials);
        assert_eq!(linkkey(&f).unwrap_err().code, ErrorCode::BadCredentials);
        assert_eq!(
            userid(&Form::default()).unwrap_err().message,
            "userid 값을 확인하세요"
        );
    }
}
