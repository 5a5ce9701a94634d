//! The virtual-account deposit deadline of iPay (무통장입금 입금마감).
//!
//! §3.1.2 `payment_due_date`: "무통장입금 결제 시 일반적으로 입금마감 일자는
//! 5영업일로 설정됨", and the §3.1.6 sample bears it out (`OrderDate`
//! 2010-10-05 08:23, a Tuesday; `ExpireDate` 2010-10-12 08:23, seven calendar
//! days, five business days later). So the deadline is five business days
//! (Monday to Friday in KST; public holidays are not modelled) after the
//! account is issued, at the same time of day. It is not cut short by the
//! cart's own 7-day registration validity: that bounds paying, and issuing
//! the account is paying. A Fast `payment_due_date` earlier than this still
//! shortens it (the page passes it to `App::pay_until`).

use chrono::{Datelike, Duration, Weekday};
use gyeolje_core::Timestamp;
use gyeolje_core::time::kst;

/// Business days from issue to the deposit deadline.
pub const BUSINESS_DAYS: u32 = 5;

/// The deadline of an account issued at `issued`.
pub fn due(issued: Timestamp) -> Timestamp {
    let Some(start) = chrono::DateTime::from_timestamp_millis(issued.as_millis()) else {
        return issued;
    };
    let mut at = start.with_timezone(&kst());
    let mut left = BUSINESS_DAYS;
    while left > 0 {
        at += Duration::days(1);
        if !matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    Timestamp::from_millis(at.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        let t = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .ok()
            .and_then(|t| t.and_local_timezone(kst()).single())
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        Timestamp::from_millis(t)
    }

    #[test]
    fn five_business_days_as_in_the_manuals_sample() {
        // §3.1.6: ordered Tuesday 2010-10-05 08:23, due 2010-10-12 08:23.
        assert_eq!(due(at("2010-10-05 08:23:00")), at("2010-10-12 08:23:00"));
        // Friday → the next Friday; Saturday and Sunday count from Monday.
        assert_eq!(due(at("2024-05-03 10:00:00")), at("2024-05-10 10:00:00"));
        assert_eq!(due(at("2024-05-04 10:00:00")), at("2024-05-10 10:00:00"));
        assert_eq!(due(at("2024-05-05 23:30:00")), at("2024-05-10 23:30:00"));
        // Monday → the next Monday.
        assert_eq!(due(at("2024-05-06 09:00:00")), at("2024-05-13 09:00:00"));
    }
}
