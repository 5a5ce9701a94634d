//! The lenient field readers shared by Web-Link, smsPayApi and cancelApi.
//!
//! InnoPay's manual is explicit that people type these values: `amt` may
//! carry thousands separators ("숫자, 쉼표(,) 가능", §2.2), `buyerTel` dashes
//! ("붙임표(-) 가능", §2.2), and `payExpDate` comes in two spellings (§1.1
//! `201711212359`, §2.2 `2017-11-21 23:59:59`). Each reader accepts what a
//! merchant's code plausibly sends and refuses the rest with an
//! [`InnoPayError`] that names the field, so the merchant can fix the call
//! from the message alone.

use crate::error::InnoPayError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use gyeolje_core::time::kst;
use gyeolje_core::{MoneyError, PhoneNumber, Timestamp, Won};

/// An amount: ASCII digits, optionally grouped with commas anywhere between
/// digits (`10,004`, `1,0,0`), surrounding whitespace ignored. Empty is
/// `MissingField`; a sign, a decimal point, a leading or trailing comma, or
/// more than [`Won::MAX`] is `InvalidFormat`.
pub fn parse_amount(field: &str, text: &str) -> Result<Won, InnoPayError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InnoPayError::missing(field));
    }
    let bad = || InnoPayError::format(field, "숫자와 쉼표(,)만 입력 가능합니다");
    if text.starts_with(',') || text.ends_with(',') || text.contains(",,") {
        return Err(bad());
    }
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    Won::parse_digits(&digits).map_err(|e| match e {
        MoneyError::TooLarge => InnoPayError::format(field, "금액이 너무 큽니다"),
        MoneyError::Empty | MoneyError::NotDigits | MoneyError::Negative => bad(),
    })
}

/// Like [`parse_amount`], but an empty (or all-blank) value is `None`.
pub fn parse_optional_amount(field: &str, text: &str) -> Result<Option<Won>, InnoPayError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_amount(field, text).map(Some)
    }
}

/// A mobile number: digits, with dashes or spaces as people type them
/// (`010-1234-5678`). Empty is `MissingField`; anything else unreadable (or
/// not 9–15 digits) is `InvalidFormat`.
pub fn parse_tel(field: &str, text: &str) -> Result<PhoneNumber, InnoPayError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InnoPayError::missing(field));
    }
    PhoneNumber::parse(text)
        .map_err(|_| InnoPayError::format(field, "숫자와 붙임표(-)만, 9~15자리"))
}

/// The accepted spellings of a deadline and what a missing part means.
/// A spelling without seconds means the end of that minute, one without a
/// time the end of that day: a merchant who writes `201711212359` (the
/// §1.1 example) or `2017-11-21` means "until then", not "a minute earlier".
const DEADLINE_FORMATS: [(&str, Completion); 6] = [
    ("%Y-%m-%d %H:%M:%S", Completion::Exact),
    ("%Y%m%d%H%M%S", Completion::Exact),
    ("%Y-%m-%d %H:%M", Completion::EndOfMinute),
    ("%Y%m%d%H%M", Completion::EndOfMinute),
    ("%Y-%m-%d", Completion::EndOfDay),
    ("%Y%m%d", Completion::EndOfDay),
];

#[derive(Clone, Copy)]
enum Completion {
    Exact,
    EndOfMinute,
    EndOfDay,
}

/// `payExpDate` / `PayExpDate`, a KST wall-clock time, in any of
/// `2017-11-21 23:59:59` (§2.2), `20171121235959` (real clients),
/// `201711212359` (§1.1, read as 23:59:59), `2017-11-21 23:59` (:59 s),
/// `2017-11-21` or `20171121` (23:59:59 that day). Every part must be
/// zero-padded and name a real date and time. Empty is `MissingField` (the
/// callers treat empty as "use the default" before calling this); anything
/// else unreadable is `InvalidFormat`.
pub fn parse_pay_exp_date(field: &str, text: &str) -> Result<Timestamp, InnoPayError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InnoPayError::missing(field));
    }
    let naive = DEADLINE_FORMATS
        .iter()
        .find_map(|(format, completion)| read_exact(text, format, *completion))
        .ok_or_else(|| InnoPayError::format(field, "yyyy-MM-dd HH:mm:ss 또는 yyyyMMddHHmmss"))?;
    let at = naive
        .and_local_timezone(kst())
        .single()
        .ok_or_else(|| InnoPayError::format(field, "존재하지 않는 시각"))?;
    Ok(Timestamp::from_millis(at.timestamp_millis()))
}

/// `text` read with `format`, only if formatting the result gives `text`
/// back: chrono alone accepts unpadded fields, signs and leap seconds.
fn read_exact(text: &str, format: &str, completion: Completion) -> Option<NaiveDateTime> {
    let naive = match completion {
        Completion::Exact => NaiveDateTime::parse_from_str(text, format).ok()?,
        Completion::EndOfMinute => {
            let t = NaiveDateTime::parse_from_str(text, format).ok()?;
            t.with_second(59)?
        }
        Completion::EndOfDay => {
            let d = NaiveDate::parse_from_str(text, format).ok()?;
            d.and_time(NaiveTime::from_hms_opt(23, 59, 59)?)
        }
    };
    if naive.nanosecond() != 0 {
        return None;
    }
    let back = match completion {
        Completion::EndOfDay => naive.date().format(format).to_string(),
        Completion::Exact | Completion::EndOfMinute => naive.format(format).to_string(),
    };
    (back == text).then_some(naive)
}

/// 23:59:59 KST of the day `days` after `now`'s KST day.
fn end_of_kst_day(now: Timestamp, days: u32) -> Timestamp {
    Timestamp::from_millis(now.kst_midnight_after(days + 1).as_millis() - 1000)
}

/// The deadline when none is given: "미입력시 익일 23 시 59 분 59 초" (§1.1,
/// §2.2) — 23:59:59 KST of the next day.
pub fn default_pay_exp(now: Timestamp) -> Timestamp {
    end_of_kst_day(now, 1)
}

/// The latest deadline a merchant may ask for: "최대 +3 일까지" (§2.1), read as
/// the end of day D+3, 23:59:59 KST, matching the day-granular default.
pub fn latest_pay_exp(now: Timestamp) -> Timestamp {
    end_of_kst_day(now, 3)
}

/// Refuses `text` longer than `max_chars`. The manual's sizes are from a
/// Java/Oracle back end where `AH` fields are "KSC-5601 2 Byte 완성형"; gyeolje
/// counts characters, not bytes, so a 40-size `goodsName` holds 40 Hangul
/// syllables. Stricter byte counting would refuse names real InnoPay
/// accepts (its UI shows them), which is worse than accepting a few long ones.
pub fn check_len(field: &str, text: &str, max_chars: usize) -> Result<(), InnoPayError> {
    if text.chars().count() > max_chars {
        Err(InnoPayError::too_long(field, max_chars))
    } else {
        Ok(())
    }
}

/// A deadline as the replies print it: `2018-03-13 23:59:59` KST (§2.3).
pub fn format_pay_exp(t: Timestamp) -> String {
    t.kst_datetime()
}

/// `x@y.z`: one `@`, something before it, a dot inside the part after it,
/// no whitespace. Deliberately loose — the address only receives the
/// receipt (§2.1), and real addresses are stranger than any regex.
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

#[cfg(test)]
mod tests;
