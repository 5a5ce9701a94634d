//! Prometheus metrics: HTTP requests and latencies per route, callback
//! deliveries by outcome (per channel, and per merchant), the delivery
//! pool's lanes, and (read at scrape time) the outbox backlog.
//!
//! Cardinality: routes and channels are fixed sets; merchants are created by
//! the operator, never by a caller, and at most [`MAX_MERCHANT_LABELS`] get a
//! series of their own (later ones share `merchant="other"`). Destinations
//! (callback hosts) come from callers, so they are only counted, never
//! labelled.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::collections::HashSet;
use std::sync::Mutex;

/// Merchants with series of their own; the rest are `merchant="other"`.
pub const MAX_MERCHANT_LABELS: usize = 1000;

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

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MerchantLabels {
    pub merchant: String,
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
    /// Merchant callbacks in flight, per merchant (`workers::lanes`).
    pub merchant_in_flight: Family<MerchantLabels, Gauge>,
    pub merchant_delivered: Family<MerchantLabels, Counter>,
    pub merchant_failed_attempts: Family<MerchantLabels, Counter>,
    /// Destinations with every one of their slots in use.
    pub destinations_saturated: Gauge,
    /// Destinations paused after repeated timeouts or refusals.
    pub destinations_paused: Gauge,
    /// Leased messages waiting in their destination's queue.
    pub delivery_queued: Gauge,
    /// Leased messages handed back unattempted to wait for their destination.
    pub delivery_deferred: Counter,
    labelled_merchants: Mutex<HashSet<i64>>,
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
        let merchant_in_flight = Family::<MerchantLabels, Gauge>::default();
        let merchant_delivered = Family::<MerchantLabels, Counter>::default();
        let merchant_failed_attempts = Family::<MerchantLabels, Counter>::default();
        let destinations_saturated = Gauge::default();
        let destinations_paused = Gauge::default();
        let delivery_queued = Gauge::default();
        let delivery_deferred = Counter::default();
        registry.register(
            "merchant_callbacks_in_flight",
            "Merchant callbacks being attempted now, per merchant",
            merchant_in_flight.clone(),
        );
        registry.register(
            "merchant_callbacks_delivered",
            "Merchant callbacks delivered, per merchant",
            merchant_delivered.clone(),
        );
        registry.register(
            "merchant_callback_attempts_failed",
            "Merchant callback attempts that failed, per merchant",
            merchant_failed_attempts.clone(),
        );
        registry.register(
            "delivery_destinations_saturated",
            "Destinations with all of their delivery slots in use in this process",
            destinations_saturated.clone(),
        );
        registry.register(
            "delivery_destinations_paused",
            "Destinations paused after repeated timeouts or refusals in this process",
            destinations_paused.clone(),
        );
        registry.register(
            "delivery_queued",
            "Leased messages waiting for a slot of their destination",
            delivery_queued.clone(),
        );
        registry.register(
            "delivery_deferred",
            "Leased messages handed back to wait for a saturated or paused destination",
            delivery_deferred.clone(),
        );
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
            merchant_in_flight,
            merchant_delivered,
            merchant_failed_attempts,
            destinations_saturated,
            destinations_paused,
            delivery_queued,
            delivery_deferred,
            labelled_merchants: Mutex::new(HashSet::new()),
        }
    }

    /// The label of merchant `id`: its own for the first
    /// [`MAX_MERCHANT_LABELS`] merchants seen, `other` after that.
    pub fn merchant(&self, id: i64) -> MerchantLabels {
        let own = self.labelled_merchants.lock().is_ok_and(|mut seen| {
            seen.contains(&id) || (seen.len() < MAX_MERCHANT_LABELS && seen.insert(id))
        });
        MerchantLabels {
            merchant: if own { id.to_string() } else { "other".into() },
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
