//! Latency recording and the summary every scenario reports.
//!
//! Latencies go into an HDR histogram (microseconds, 3 significant digits):
//! recording is a constant-time array increment, so the generator's own cost
//! does not grow with the number of samples, and percentiles are exact to
//! 0.1 % however long the run.

use hdrhistogram::Histogram;
use std::time::Duration;

/// The longest latency recorded exactly (longer ones are clamped to it).
const MAX_MICROS: u64 = 600_000_000;

/// Latencies of one scenario, possibly merged from many tasks.
#[derive(Clone)]
pub struct Recorder {
    hist: Histogram<u64>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new()
    }
}

impl Recorder {
    pub fn new() -> Recorder {
        // 1 µs .. 600 s at 3 significant digits: bounds that are always valid.
        let hist = Histogram::new_with_bounds(1, MAX_MICROS, 3)
            .expect("1 µs .. 600 s at 3 digits are valid histogram bounds");
        Recorder { hist }
    }

    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(MAX_MICROS);
        self.hist.saturating_record(micros.clamp(1, MAX_MICROS));
    }

    pub fn merge(&mut self, other: &Recorder) {
        // Same bounds on both sides, so adding cannot fail; if it ever did,
        // the samples are added one value at a time instead.
        if self.hist.add(&other.hist).is_err() {
            for v in other.hist.iter_recorded() {
                self.hist
                    .saturating_record_n(v.value_iterated_to(), v.count_at_value());
            }
        }
    }

    /// Percentiles in milliseconds; all zero when nothing was recorded.
    pub fn summary(&self) -> Summary {
        if self.hist.is_empty() {
            return Summary::default();
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        Summary {
            count: self.hist.len(),
            p50_ms: ms(self.hist.value_at_quantile(0.50)),
            p90_ms: ms(self.hist.value_at_quantile(0.90)),
            p99_ms: ms(self.hist.value_at_quantile(0.99)),
            max_ms: ms(self.hist.max()),
            mean_ms: self.hist.mean() / 1000.0,
        }
    }
}

/// What a scenario reports about its latencies.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

/// Completed operations per second over `elapsed` (zero for no time).
pub fn rate(count: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs <= 0.0 {
        0.0
    } else {
        count as f64 / secs
    }
}

/// Growth from `first` to `last` in percent (zero when `first` is zero).
pub fn growth_pct(first: f64, last: f64) -> f64 {
    if first <= 0.0 {
        0.0
    } else {
        (last - first) / first * 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= b.abs() * 0.002 + 0.001
    }

    #[test]
    fn an_empty_recorder_summarises_to_zero() {
        assert_eq!(Recorder::new().summary(), Summary::default());
    }

    #[test]
    fn percentiles_of_one_to_a_thousand_milliseconds() {
        let mut r = Recorder::new();
        for ms in 1..=1000u64 {
            r.record(Duration::from_millis(ms));
        }
        let s = r.summary();
        assert_eq!(s.count, 1000);
        assert!(close(s.p50_ms, 500.0), "{s:?}");
        assert!(close(s.p90_ms, 900.0), "{s:?}");
        assert!(close(s.p99_ms, 990.0), "{s:?}");
        assert!(close(s.max_ms, 1000.0), "{s:?}");
        assert!(close(s.mean_ms, 500.5), "{s:?}");
    }

    #[test]
    fn a_slow_tail_shows_in_p99_and_max_only() {
        let mut r = Recorder::new();
        for _ in 0..990 {
            r.record(Duration::from_micros(200));
        }
        for _ in 0..10 {
            r.record(Duration::from_millis(40));
        }
        let s = r.summary();
        assert!(close(s.p50_ms, 0.2), "{s:?}");
        assert!(close(s.p90_ms, 0.2), "{s:?}");
        assert!(close(s.p99_ms, 0.2), "{s:?}");
        assert!(close(s.max_ms, 40.0), "{s:?}");
        r.record(Duration::from_millis(40));
        assert!(close(r.summary().p99_ms, 40.0));
    }

    #[test]
    fn merging_adds_samples_from_every_task() {
        let mut a = Recorder::new();
        let mut b = Recorder::new();
        a.record(Duration::from_millis(1));
        b.record(Duration::from_millis(3));
        b.record(Duration::from_millis(5));
        a.merge(&b);
        let s = a.summary();
        assert_eq!(s.count, 3);
        assert!(close(s.p50_ms, 3.0));
        assert!(close(s.max_ms, 5.0));
    }

    #[test]
    fn extreme_latencies_are_clamped_not_lost() {
        let mut r = Recorder::new();
        r.record(Duration::ZERO);
        r.record(Duration::from_secs(3600));
        let s = r.summary();
        assert_eq!(s.count, 2);
        assert!(close(s.max_ms, 600_000.0), "{s:?}");
    }

    #[test]
    fn rates_and_growth() {
        assert_eq!(rate(100, Duration::from_secs(4)), 25.0);
        assert_eq!(rate(100, Duration::ZERO), 0.0);
        assert_eq!(growth_pct(50.0, 55.0), 10.0);
        assert_eq!(growth_pct(0.0, 55.0), 0.0);
        assert!(growth_pct(50.0, 45.0) < 0.0);
    }
}
