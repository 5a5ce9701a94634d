//! Field rules shared by the three request kinds (Web-Link §1.1, smsPayApi
//! §2.2, cancelApi §3.1): the same size, requiredness, amount and deadline
//! checks, each naming the field as the API at hand spells it (`amt` in
//! JSON, `Amt` in Web-Link), so one rule cannot drift between the APIs.

use crate::error::InnoPayError;
use crate::fields::{
    check_len, format_pay_exp, latest_pay_exp, looks_like_email, parse_amount,
    parse_optional_amount, parse_pay_exp_date,
};
use crate::product::SmsProduct;
use gyeolje_core::{Timestamp, Won};

/// `Some(trimmed)` for a non-blank value.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A required text field: trimmed, non-empty, at most `max` characters.
pub(crate) fn required(field: &str, text: &str, max: usize) -> Result<String, InnoPayError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InnoPayError::missing(field));
    }
    check_len(field, t, max)?;
    Ok(t.to_owned())
}

/// An optional text field: trimmed, at most `max` characters, blank is `None`.
pub(crate) fn optional(
    field: &str,
    text: &str,
    max: usize,
) -> Result<Option<String>, InnoPayError> {
    check_len(field, text.trim(), max)?;
    Ok(non_empty(text))
}

/// An optional e-mail address of at most `max` characters.
pub(crate) fn optional_email(
    field: &str,
    text: &str,
    max: usize,
) -> Result<Option<String>, InnoPayError> {
    let email = optional(field, text, max)?;
    if let Some(e) = &email
        && !looks_like_email(e)
    {
        return Err(InnoPayError::format(
            field,
            "이메일 주소 (예: name@example.com)",
        ));
    }
    Ok(email)
}

/// `svcPrdtCd`: at most 2 characters, `03`/`04`, blank is the default `03`.
pub(crate) fn product(field: &str, text: &str) -> Result<SmsProduct, InnoPayError> {
    match optional(field, text, 2)? {
        None => Ok(SmsProduct::DEFAULT),
        Some(code) => SmsProduct::parse(&code)
            .ok_or_else(|| InnoPayError::value(field, "03(SMS 수기) 또는 04(SMS 인증)")),
    }
}

/// The manual's size of an amount (`N 12`, §1.1 and §2.2).
const AMOUNT_DIGITS: usize = 12;

/// Refuses an amount of more than [`AMOUNT_DIGITS`] digits. The size counts
/// digits, not the text: §2.2 allows commas ("숫자, 쉼표(,) 가능"), and live
/// clients format amounts with them, so `"100,000,000,000"` (12 digits, 15
/// characters) is within the size the manual gives the number.
fn check_amount_len(field: &str, text: &str) -> Result<(), InnoPayError> {
    let digits = text.trim().chars().filter(|c| *c != ',').count();
    if digits > AMOUNT_DIGITS {
        Err(InnoPayError::new(
            crate::codes::ResultCode::FieldTooLong,
            format!("{field}: 최대 {AMOUNT_DIGITS}자리까지 입력 가능합니다 (쉼표 제외)"),
        ))
    } else {
        Ok(())
    }
}

/// The amount and the duty-free part, with the rules that tie them:
/// amount above zero, duty-free not above the amount.
pub(crate) fn amounts(
    (amt_field, amt): (&str, &str),
    (free_field, free): (&str, &str),
) -> Result<(Won, Option<Won>), InnoPayError> {
    check_amount_len(amt_field, amt)?;
    let amount = parse_amount(amt_field, amt)?;
    if amount.is_zero() {
        return Err(InnoPayError::value(amt_field, "0원보다 커야 합니다"));
    }
    check_amount_len(free_field, free)?;
    let duty_free = parse_optional_amount(free_field, free)?;
    if duty_free.is_some_and(|f| f > amount) {
        return Err(InnoPayError::value(
            free_field,
            "결제요청금액보다 클 수 없습니다",
        ));
    }
    Ok((amount, duty_free))
}

/// A requested deadline, which must lie in `(now, latest_pay_exp(now)]`.
pub(crate) fn deadline(field: &str, text: &str, now: Timestamp) -> Result<Timestamp, InnoPayError> {
    let at = parse_pay_exp_date(field, text)?;
    if at <= now {
        return Err(InnoPayError::deadline(field, "이미 지난 시각입니다"));
    }
    let latest = latest_pay_exp(now);
    if at > latest {
        return Err(InnoPayError::deadline(
            field,
            &format!("최대 {} 까지 설정 가능합니다", format_pay_exp(latest)),
        ));
    }
    Ok(at)
}
