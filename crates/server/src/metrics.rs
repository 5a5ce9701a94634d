//! Prometheus metrics: HTTP requests and latencies per route, callback
//! deliveries by outcome, and (read at scrape time) the outbox backlog.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteOnly {
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelLabels {
    pub channel: String,
}

/// Every metric the server exports.
pub struct Metrics {
    registry: Registry,
    pub requests: Family<RouteLabels, Counter>,
    pub latency: Family<RouteOnly, Histogram>,
    pub delivered: Family<ChannelLabels, Counter>,
    pub failed_attempts: Family<ChannelLabels, Counter>,
    pub gave_up: Family<ChannelLabels, Counter>,
    pub pending: Gauge,
    pub failed_total: Gauge,
    /// Commands decided again because another process changed the payment first.
    pub conflict_retries: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("gyeolje");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<RouteOnly, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let delivered = Family::<ChannelLabels, Counter>::default();
        let failed_attempts = Family::<ChannelLabels, Counter>::default();
        let gave_up = Family::<ChannelLabels, Counter>::default();
        let pending = Gauge::default();
        let failed_total = Gauge::default();
        let conflict_retries = Counter::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "callbacks_delivered",
            "Outbound messages delivered (callbacks and SMS)",
            delivered.clone(),
        );
        registry.register(
            "callback_attempts_failed",
            "Delivery attempts that failed (will be retried or given up)",
            failed_attempts.clone(),
        );
        registry.register(
            "callbacks_given_up",
            "Messages whose every allowed attempt failed",
            gave_up.clone(),
        );
        registry.register(
            "callbacks_pending",
            "Messages waiting for delivery",
            pending.clone(),
        );
        registry.register(
            "callbacks_failed",
            "Messages in the failed state (replayable)",
            failed_total.clone(),
        );
        registry.register(
            "conflict_retries",
            "Commands decided again after another process changed the payment first",
            conflict_retries.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            delivered,
            failed_attempts,
            gave_up,
            pending,
            failed_total,
            conflict_retries,
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    pub fn channel(channel: &str) -> ChannelLabels {
        ChannelLabels {
            channel: channel.to_owned(),
        }
    }
}
