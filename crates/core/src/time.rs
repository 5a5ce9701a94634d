//! Time is a parameter. Domain code never asks the operating system what time
//! it is; it is handed a [`Clock`]. The server passes a clock that the sandbox
//! can move forward (D+5, deadlines, retries), and tests pass a [`FixedClock`].

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// An instant, in milliseconds since the Unix epoch (UTC).
///
/// Stored as a plain integer so SQLite and PostgreSQL hold it identically and
/// comparisons in SQL (`next_attempt_at <= $now`) need no date functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

/// Korea Standard Time, UTC+9, no daylight saving. Every date the three
/// protocols print (`reqdate`, `pay_date`, `AppDate`) is in KST.
pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is within ±24h")
}

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// This instant plus a duration (saturating: far-future deadlines never wrap).
    pub fn plus(self, d: Duration) -> Self {
        let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn millis_since(self, earlier: Timestamp) -> u64 {
        u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0)
    }

    /// The instant in KST.
    pub fn to_kst(self) -> DateTime<FixedOffset> {
        let utc = DateTime::<Utc>::from_timestamp_millis(self.0).unwrap_or_default();
        utc.with_timezone(&kst())
    }

    /// `2024-01-31 13:05:09` in KST — the form PayApp uses for `reqdate`/`pay_date`.
    pub fn kst_datetime(self) -> String {
        self.to_kst().format("%Y-%m-%d %H:%M:%S").to_string()
    }

    /// Midnight (KST) at the start of the day `days` after this instant's KST
    /// day: `days = 6` from any time on day D is the first moment after D+5.
    pub fn kst_midnight_after(self, days: u32) -> Timestamp {
        let day = self.to_kst().date_naive() + chrono::Days::new(u64::from(days));
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        match midnight.and_local_timezone(kst()) {
            chrono::LocalResult::Single(t) => Timestamp(t.timestamp_millis()),
            // KST has no daylight saving, so every local time is unambiguous.
            chrono::LocalResult::Ambiguous(t, _) => Timestamp(t.timestamp_millis()),
            chrono::LocalResult::None => self,
        }
    }

    /// `20151231183120` in KST — PayApp's `trad_time`, InnoPay's compact dates.
    pub fn kst_compact(self) -> String {
        self.to_kst().format("%Y%m%d%H%M%S").to_string()
    }

    /// Reads `yyyyMMddHHmmss` as a KST wall-clock time: exactly 14 ASCII
    /// digits naming a real date and time (no 30 February, no 24:00, no leap
    /// second). `None` for anything else.
    pub fn parse_kst_compact(text: &str) -> Option<Timestamp> {
        if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y%m%d%H%M%S").ok()?;
        // chrono reads second 60 as a leap second (59 s plus a second of nanos).
        if chrono::Timelike::nanosecond(&naive) >= 1_000_000_000 {
            return None;
        }
        let at = naive.and_local_timezone(kst()).single()?;
        Some(Timestamp(at.timestamp_millis()))
    }

    /// RFC 3339 in UTC, for JSON and logs.
    pub fn rfc3339(self) -> String {
        DateTime::<Utc>::from_timestamp_millis(self.0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// A clock that only moves when told to. For tests of domain rules.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(t: Timestamp) -> Self {
        FixedClock(AtomicI64::new(t.as_millis()))
    }

    pub fn advance(&self, d: Duration) {
        let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_kst() {
        // 2024-01-31T04:05:09Z is 13:05:09 in Seoul.
        let t = Timestamp::from_millis(1_706_673_909_000);
        assert_eq!(t.kst_datetime(), "2024-01-31 13:05:09");
        assert_eq!(t.rfc3339(), "2024-01-31T04:05:09.000Z");
    }

    #[test]
    fn kst_midnights() {
        // 2024-01-31 13:05:09 KST → D+5 ends at 2024-02-06 00:00 KST = 2024-02-05T15:00Z.
        let t = Timestamp::from_millis(1_706_673_909_000);
        assert_eq!(
            t.kst_midnight_after(6).rfc3339(),
            "2024-02-05T15:00:00.000Z"
        );
        // 23:59 KST is still the same day; 00:00 KST is the next.
        let late = Timestamp::from_millis(1_706_713_140_000); // 2024-01-31 23:59:00 KST
        assert_eq!(
            late.kst_midnight_after(1).kst_datetime(),
            "2024-02-01 00:00:00"
        );
        let midnight = Timestamp::from_millis(1_706_713_200_000); // 2024-02-01 00:00:00 KST
        assert_eq!(
            midnight.kst_midnight_after(1).kst_datetime(),
            "2024-02-02 00:00:00"
        );
    }

    #[test]
    fn compact_kst_round_trips_and_refuses_impossible_times() {
        let t = Timestamp::parse_kst_compact("20151231183120").unwrap();
        assert_eq!(t.kst_datetime(), "2015-12-31 18:31:20");
        assert_eq!(t.rfc3339(), "2015-12-31T09:31:20.000Z");
        assert_eq!(t.kst_compact(), "20151231183120");
        assert!(Timestamp::parse_kst_compact("20240229000000").is_some());
        for bad in [
            "",
            "2015123118312",
            "201512311831200",
            "20150230120000",
            "20230229120000",
            "20151301120000",
            "20151200120000",
            "20151231240000",
            "20151231186000",
            "20151231183160",
            "2015-12-31 18:3",
            "+0151231183120",
            "２０１５１２３１１８３１２",
        ] {
            assert_eq!(Timestamp::parse_kst_compact(bad), None, "{bad}");
        }
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::at(Timestamp::from_millis(1000));
        assert_eq!(c.now().as_millis(), 1000);
        c.advance(Duration::from_secs(2));
        assert_eq!(c.now().as_millis(), 3000);
        assert_eq!(c.now().millis_since(Timestamp::from_millis(500)), 2500);
        assert_eq!(Timestamp::from_millis(0).millis_since(c.now()), 0);
    }
}
