//! Outbox delivery: lease due messages, send each (HTTP POST or SMS) outside
//! any transaction, record the attempt, and let the message's own retry
//! policy decide what happens next.
//!
//! One leasing loop per process hands messages to concurrent delivery tasks,
//! bounded by a semaphore. It sleeps until a commit wakes it or the poll
//! interval passes (retries that come due, messages from other processes).

use crate::app::App;
use crate::metrics::Metrics;
use gyeolje_core::{AttemptRecord, Channel, Lease, NextStep};
use gyeolje_sim::SmsMessage;
use gyeolje_store::LeaseTimes;
use rand::RngExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// How much of a reply is read (and kept as the excerpt's source).
const MAX_REPLY_BYTES: usize = 64 * 1024;
/// How much of a reply the attempt record keeps.
const EXCERPT_CHARS: usize = 300;
/// How often the shared sandbox clock offset is re-read from the database.
const CLOCK_REFRESH: Duration = Duration::from_secs(1);

pub async fn run(app: App, stop: CancellationToken) {
    let http = match reqwest::Client::builder()
        .timeout(app.config.callback_timeout)
        .connect_timeout(app.config.callback_timeout.min(Duration::from_secs(5)))
        // The manual: a feedbackurl that redirects does not receive the data.
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the callback HTTP client; delivery is off");
            return;
        }
    };
    let slots = Arc::new(Semaphore::new(app.config.delivery_concurrency));
    let mut inflight = JoinSet::new();
    let mut clock_read = Instant::now();
    while !stop.is_cancelled() {
        while inflight.try_join_next().is_some() {}
        if clock_read.elapsed() >= CLOCK_REFRESH {
            clock_read = Instant::now();
            if let Err(e) = app.refresh_clock().await {
                tracing::warn!(error = %e, "cannot read the shared clock offset");
            }
        }
        let free = slots.available_permits();
        if free == 0 {
            tokio::select! {
                _ = inflight.join_next() => {}
                _ = stop.cancelled() => break,
            }
            continue;
        }
        let times = LeaseTimes {
            business_now: app.now(),
            wall_now: app.wall_now(),
            lease_for: app.config.lease,
        };
        let token: i64 = rand::rng().random();
        let limit = u32::try_from(free.min(256)).unwrap_or(256);
        let leases = match app
            .store
            .lease_outbox(times, limit, &app.worker_id, token)
            .await
        {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot lease outbox messages");
                Vec::new()
            }
        };
        if leases.is_empty() {
            tokio::select! {
                _ = app.wake.notified() => {}
                _ = tokio::time::sleep(app.config.poll_interval) => {}
                _ = stop.cancelled() => break,
            }
            continue;
        }
        for lease in leases {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            inflight.spawn(deliver(app.clone(), http.clone(), lease, permit));
        }
    }
    // Finish and record what is in flight; leased-but-unsent work stays leased
    // until its lease lapses and another process (or this one, restarted) takes it.
    while inflight.join_next().await.is_some() {}
}

/// What one attempt observed.
struct Observed {
    status: Option<u16>,
    reply: Vec<u8>,
    error: Option<String>,
}

async fn send_http(http: &reqwest::Client, url: &str, content_type: &str, body: &str) -> Observed {
    let sent = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body.to_owned())
        .send()
        .await;
    let mut resp = match sent {
        Ok(r) => r,
        Err(e) => {
            return Observed {
                status: None,
                reply: Vec::new(),
                error: Some(describe(&e)),
            };
        }
    };
    let status = Some(resp.status().as_u16());
    let mut reply = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_REPLY_BYTES.saturating_sub(reply.len());
                reply.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if reply.len() >= MAX_REPLY_BYTES {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                return Observed {
                    status,
                    reply,
                    error: Some(describe(&e)),
                };
            }
        }
    }
    Observed {
        status,
        reply,
        error: None,
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }
}

async fn deliver(app: App, http: reqwest::Client, lease: Lease, _slot: OwnedSemaphorePermit) {
    let started = app.now();
    let clock = Instant::now();
    let message = &lease.message;
    let observed = match &message.channel {
        Channel::Http { url, content_type } => {
            send_http(&http, url, content_type, &message.body).await
        }
        Channel::Sms { phone } => {
            let sms = SmsMessage {
                to: phone.clone(),
                text: message.body.clone(),
            };
            match app.carrier.send(&sms).await {
                Ok(receipt) => Observed {
                    status: Some(200),
                    reply: receipt.carrier_id.into_bytes(),
                    error: None,
                },
                Err(e) => Observed {
                    status: None,
                    reply: Vec::new(),
                    error: Some(e.to_string()),
                },
            }
        }
    };
    let latency_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    let succeeded =
        observed.error.is_none() && message.success.judge(observed.status, &observed.reply);
    let error = match (succeeded, observed.error) {
        (true, _) => None,
        (false, Some(e)) => Some(e),
        (false, None) => Some(format!(
            "reply did not meet the success rule {} (status {})",
            message.success.encode(),
            observed.status.map_or("none".to_owned(), |s| s.to_string())
        )),
    };
    let excerpt: String = String::from_utf8_lossy(&observed.reply)
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    let attempt = AttemptRecord {
        outbox_id: lease.id,
        attempt_no: lease.attempt_no,
        started_at: started,
        target: message.channel.target().to_owned(),
        request_body: message.body.clone(),
        status: observed.status,
        response_excerpt: observed.status.map(|_| excerpt),
        latency_ms,
        error,
        succeeded,
        worker: app.worker_id.clone(),
    };
    let next = message
        .retry
        .next_step(lease.attempt_no, succeeded, app.now());
    count(&app.metrics, message.channel.name(), next);
    tracing::info!(
        outbox = %lease.id,
        kind = %message.kind,
        attempt = lease.attempt_no,
        status = ?attempt.status,
        latency_ms,
        outcome = ?next,
        error = attempt.error.as_deref().unwrap_or(""),
        "delivery attempt"
    );
    record(&app, &lease, &attempt, next).await;
}

fn count(metrics: &Metrics, channel: &str, next: NextStep) {
    let labels = Metrics::channel(channel);
    match next {
        NextStep::Delivered => {
            metrics.delivered.get_or_create(&labels).inc();
        }
        NextStep::RetryAt(_) => {
            metrics.failed_attempts.get_or_create(&labels).inc();
        }
        NextStep::GiveUp => {
            metrics.failed_attempts.get_or_create(&labels).inc();
            metrics.gave_up.get_or_create(&labels).inc();
        }
    }
}

/// Records the attempt, retrying briefly if the database is busy: an
/// attempt that was made must not vanish from the history.
async fn record(app: &App, lease: &Lease, attempt: &AttemptRecord, next: NextStep) {
    for wait_ms in [0u64, 50, 200, 1000, 3000] {
        tokio::time::sleep(Duration::from_millis(wait_ms)).await;
        match app.store.record_attempt(lease, attempt, next).await {
            Ok(true) => return,
            Ok(false) => {
                tracing::warn!(outbox = %lease.id, attempt = lease.attempt_no, "lease was lost before the attempt was recorded");
                return;
            }
            Err(e) => tracing::warn!(outbox = %lease.id, error = %e, "cannot record attempt yet"),
        }
    }
    tracing::error!(outbox = %lease.id, attempt = lease.attempt_no, "attempt could not be recorded; the message will be retried when its lease lapses");
}
