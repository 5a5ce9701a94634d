//! InnoPay merchant credentials and result-notification settings (manual
//! 002: §1.1 test information, §3.1 `cancelPwd`, §4.4 결제 결과 통보 설정).
//!
//! A merchant reaches InnoPay with its `mid`, proves itself on the Web-Link
//! with its `LicenseKey`, pays through one PG merchant id (`PgMID`) per sub
//! method (SMS 수기 `03`, SMS 인증 `04`) and cancels with its cancel password.
//! Where and how persistently results are reported is the merchant's own
//! setting, one per payment method, validated here so the CLI, the HTTP
//! endpoint and the store all enforce the manual's ranges the same way.

use crate::{RetryPolicy, Secret, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One PG merchant id and the SMS sub-method it serves (`svcPrdtCd`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PgMid {
    pub pg_mid: String,
    /// `03` (SMS 수기, manual card entry) or `04` (SMS 인증, card-app authentication).
    pub product_code: String,
}

/// InnoPay credentials of a merchant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InnoPayAccount {
    /// 상점 아이디, e.g. `testpay01m`.
    pub mid: String,
    pub license_key: Secret,
    pub cancel_pwd: Secret,
    pub pg_mids: Vec<PgMid>,
    /// The §4.4 settings; read fresh for every notification.
    #[serde(default)]
    pub notify: NotifySettings,
}

impl InnoPayAccount {
    /// The PG merchant id serving `product_code`, if the merchant has one.
    pub fn pg_mid_for(&self, product_code: &str) -> Option<&PgMid> {
        self.pg_mids.iter().find(|p| p.product_code == product_code)
    }

    /// The sub-method `pg_mid` serves, if it is one of the merchant's.
    pub fn product_of(&self, pg_mid: &str) -> Option<&PgMid> {
        self.pg_mids.iter().find(|p| p.pg_mid == pg_mid)
    }
}

/// The payment methods §4.4 has a row for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotifyMethod {
    /// 신용카드
    Card,
    /// 현금
    Cash,
}

impl NotifyMethod {
    pub const ALL: [NotifyMethod; 2] = [NotifyMethod::Card, NotifyMethod::Cash];

    pub const fn as_str(self) -> &'static str {
        match self {
            NotifyMethod::Card => "card",
            NotifyMethod::Cash => "cash",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            NotifyMethod::Card => "신용카드",
            NotifyMethod::Cash => "현금",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "card" | "신용카드" => Some(NotifyMethod::Card),
            "cash" | "현금" => Some(NotifyMethod::Cash),
            _ => None,
        }
    }
}

impl fmt::Display for NotifyMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One §4.4 row: where results go, how long to wait between retries and how
/// many retries a failed notification gets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifySetting {
    pub url: String,
    /// 재전송간격: 1–60 minutes.
    pub interval_minutes: u32,
    /// 재전송횟수: 1–10 retries after the first attempt.
    pub retry_count: u32,
    /// 시작일자: when this setting took effect.
    pub since: Timestamp,
}

/// Why a setting was refused. Each message says what is allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotifySettingError {
    #[error(
        "결제 데이터 통보 설정은 URL, 재전송간격, 재전송횟수가 모두 입력된 경우에만 적용됩니다 (빠진 항목: {0})"
    )]
    Incomplete(&'static str),
    #[error("통보 URL은 http:// 또는 https:// 로 시작하는 주소여야 합니다: {0}")]
    BadUrl(String),
    #[error("재전송 간격은 1분~60분까지만 입력 가능합니다 (입력값: {0})")]
    Interval(String),
    #[error("재전송 횟수는 1회부터 10회까지만 입력 가능합니다 (입력값: {0})")]
    Count(String),
    #[error("지불수단은 card(신용카드) 또는 cash(현금)입니다 (입력값: {0})")]
    Method(String),
}

impl NotifySetting {
    pub const INTERVAL_MINUTES: std::ops::RangeInclusive<u32> = 1..=60;
    pub const RETRY_COUNT: std::ops::RangeInclusive<u32> = 1..=10;

    /// Builds a setting from the three values as typed (a form, a flag, JSON
    /// text). The manual: "모든 값이 전부 입력된 경우에만 적용됩니다" — a
    /// setting with any value missing is refused, not partly applied.
    pub fn parse(
        url: Option<&str>,
        interval: Option<&str>,
        count: Option<&str>,
        since: Timestamp,
    ) -> Result<NotifySetting, NotifySettingError> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        let url = present(url).ok_or(NotifySettingError::Incomplete("URL"))?;
        let interval = present(interval).ok_or(NotifySettingError::Incomplete("재전송간격"))?;
        let count = present(count).ok_or(NotifySettingError::Incomplete("재전송횟수"))?;
        let interval_minutes = interval
            .parse::<u32>()
            .ok()
            .filter(|m| Self::INTERVAL_MINUTES.contains(m))
            .ok_or_else(|| NotifySettingError::Interval(interval.to_owned()))?;
        let retry_count = count
            .parse::<u32>()
            .ok()
            .filter(|c| Self::RETRY_COUNT.contains(c))
            .ok_or_else(|| NotifySettingError::Count(count.to_owned()))?;
        let lower = url.to_ascii_lowercase();
        let has_host = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !has_host || url.chars().any(char::is_whitespace) || url.len() > 255 {
            return Err(NotifySettingError::BadUrl(url.to_owned()));
        }
        Ok(NotifySetting {
            url: url.to_owned(),
            interval_minutes,
            retry_count,
            since,
        })
    }

    /// The first attempt, then `retry_count` retries `interval_minutes` apart.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.retry_count + 1,
            delays_secs: vec![self.interval_minutes * 60],
        }
    }
}

/// Both §4.4 rows; `None` where the merchant set nothing (no notification).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifySettings {
    pub card: Option<NotifySetting>,
    pub cash: Option<NotifySetting>,
}

impl NotifySettings {
    pub fn get(&self, method: NotifyMethod) -> Option<&NotifySetting> {
        match method {
            NotifyMethod::Card => self.card.as_ref(),
            NotifyMethod::Cash => self.cash.as_ref(),
        }
    }

    pub fn set(&mut self, method: NotifyMethod, setting: Option<NotifySetting>) {
        match method {
            NotifyMethod::Card => self.card = setting,
            NotifyMethod::Cash => self.cash = setting,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const T: Timestamp = Timestamp::from_millis(0);

    fn parse(url: &str, interval: &str, count: &str) -> Result<NotifySetting, NotifySettingError> {
        NotifySetting::parse(Some(url), Some(interval), Some(count), T)
    }

    #[test]
    fn accepts_the_manual_ranges_and_nothing_else() {
        for (i, c) in [("1", "1"), ("60", "10"), (" 5 ", "3")] {
            assert!(parse("http://shop.example/noti", i, c).is_ok(), "{i} {c}");
        }
        for (i, c) in [("0", "1"), ("61", "1"), ("x", "1"), ("-1", "1")] {
            assert!(matches!(
                parse("http://a/", i, c),
                Err(NotifySettingError::Interval(_))
            ));
        }
        for c in ["0", "11", "1.5"] {
            assert!(matches!(
                parse("http://a/", "1", c),
                Err(NotifySettingError::Count(_))
            ));
        }
        for url in ["ftp://a/", "http://", "shop.example", "http://a b/"] {
            assert!(matches!(
                parse(url, "1", "1"),
                Err(NotifySettingError::BadUrl(_))
            ));
        }
    }

    #[test]
    fn a_setting_needs_every_value() {
        let e = NotifySetting::parse(Some("http://a/"), None, Some("3"), T).unwrap_err();
        assert_eq!(e, NotifySettingError::Incomplete("재전송간격"));
        let e = NotifySetting::parse(Some(" "), Some("1"), Some("3"), T).unwrap_err();
        assert_eq!(e, NotifySettingError::Incomplete("URL"));
    }

    #[test]
    fn retry_policy_is_first_attempt_plus_count() {
        let s = parse("https://shop.example/noti", "5", "3").unwrap();
        let p = s.retry_policy();
        assert_eq!(p.max_attempts, 4);
        assert_eq!(p.delays_secs, vec![300]);
    }
}
