//! Outbox delivery: lease due messages, send each (HTTP POST or SMS) outside
//! any transaction, record the attempt, and let the message's own retry
//! policy decide what happens next.
//!
//! One leasing loop per process hands messages to concurrent delivery tasks,
//! bounded by a semaphore. It sleeps until a commit wakes it or the poll
//! interval passes (retries that come due, messages from other processes).

use crate::app::App;
use crate::metrics::Metrics;
use gyeolje_core::{AttemptRecord, Lease, NextStep};
use gyeolje_store::{ClockScope, LeaseTimes};
use rand::RngExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// How often the sandbox clock offsets (shared and merchants') are re-read
/// from the database.
const CLOCK_REFRESH: Duration = Duration::from_secs(1);

pub async fn run(app: App, stop: CancellationToken) {
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
        let leases = lease(&app, free).await;
        if leases.is_empty() {
            tokio::select! {
                _ = app.wake.notified() => {}
                _ = tokio::time::sleep(app.config.poll_interval) => {}
                _ = stop.cancelled() => break,
            }
            continue;
        }
        for (clock, lease) in leases {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            inflight.spawn(deliver(app.clone(), clock, lease, permit));
        }
    }
    // Finish and record what is in flight; leased-but-unsent work stays leased
    // until its lease lapses and another process (or this one, restarted) takes it.
    while inflight.join_next().await.is_some() {}
}

/// Leases up to `free` (at most 256) due messages, on every clock (see
/// [`App::due_clocks`]): each with the clock whose time its retry follows.
async fn lease(app: &App, free: usize) -> Vec<(ClockScope, Lease)> {
    let mut left = u32::try_from(free.min(256)).unwrap_or(256);
    let mut leased = Vec::new();
    for (clock, business_now) in app.due_clocks() {
        if left == 0 {
            break;
        }
        let times = LeaseTimes {
            business_now,
            wall_now: app.wall_now(),
            lease_for: app.config.lease,
            clock,
        };
        let token: i64 = rand::rng().random();
        match app
            .store
            .lease_outbox(times, left, &app.worker_id, token)
            .await
        {
            Ok(got) => {
                left = left.saturating_sub(u32::try_from(got.len()).unwrap_or(u32::MAX));
                leased.extend(got.into_iter().map(|l| (clock, l)));
            }
            Err(e) => tracing::warn!(error = %e, "cannot lease outbox messages"),
        }
    }
    leased
}

/// Makes one attempt; `clock` is the business clock of the message's
/// merchant, on which its next attempt is scheduled.
async fn deliver(app: App, clock: ClockScope, lease: Lease, _slot: OwnedSemaphorePermit) {
    let message = &lease.message;
    let started = app.now_in(clock);
    let attempt =
        crate::outbound::attempt(&app, message, lease.id, lease.attempt_no, started).await;
    let next = message
        .retry
        .next_step(lease.attempt_no, attempt.succeeded, app.now_in(clock));
    count(&app.metrics, message.channel.name(), next);
    // Successes are counted in the metrics and recorded in the attempt
    // history; logging each at `info` cost more than the delivery during a
    // drain. Failures, which an operator acts on, stay at `info`.
    macro_rules! log_attempt {
        ($level:ident) => {
            tracing::$level!(
                outbox = %lease.id,
                kind = %message.kind,
                attempt = lease.attempt_no,
                status = ?attempt.status,
                latency_ms = attempt.latency_ms,
                outcome = ?next,
                error = attempt.error.as_deref().unwrap_or(""),
                "delivery attempt"
            )
        };
    }
    if attempt.succeeded {
        log_attempt!(debug);
    } else {
        log_attempt!(info);
    }
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
