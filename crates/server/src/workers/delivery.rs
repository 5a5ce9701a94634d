//! Outbox delivery: lease due messages, send each (HTTP POST or SMS) outside
//! any transaction, record the attempt, and let the message's own retry
//! policy decide what happens next.
//!
//! One leasing loop per process leases due messages in due order and hands
//! them to [`lanes`](super::lanes), which gives each destination and each
//! merchant its share of the pool (at most `delivery_concurrency` attempts in
//! flight, each holding its slot until its attempt is recorded) and defers
//! what a blocked destination cannot take. The loop sleeps until a commit
//! wakes it, an attempt ends, or the poll interval passes (retries that come
//! due, messages from other processes).

use super::lanes::{Lanes, Limits, Start};
use crate::app::App;
use crate::metrics::Metrics;
use gyeolje_core::{AttemptRecord, Lease, MerchantId, NextStep, OutboxId, Timestamp};
use gyeolje_store::{ClockScope, LeaseTimes};
use rand::RngExt;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// How often the sandbox clock offsets (shared and merchants') are re-read
/// from the database.
const CLOCK_REFRESH: Duration = Duration::from_secs(1);
/// How often queued leases are checked (stalled lanes, leases near their end).
const SWEEP_EVERY: Duration = Duration::from_millis(100);
/// A lease is leased again only for at least this many messages, unless
/// nothing is queued (many small leases would each cost a writer round trip).
const LEASE_AT_LEAST: usize = 32;
/// Most messages one lease takes.
const LEASE_MAX: usize = 256;
/// A queued lease is attempted only with at least the callback timeout plus
/// this much of it left (see [`lapse_after`]).
const LEASE_MARGIN: Duration = Duration::from_secs(2);

/// What a delivery task reports as soon as its attempt has ended (before it
/// is recorded), so its destination's slot is free for the next one.
struct Ended {
    destination: String,
    merchant: Option<MerchantId>,
    answered: bool,
}

pub async fn run(app: App, stop: CancellationToken) {
    let slots = Arc::new(Semaphore::new(app.config.delivery_concurrency));
    let mut lanes = Lanes::new(Limits {
        destination: app.config.delivery_destination_limit,
        merchant: app.config.delivery_merchant_limit,
        backoff_max: app.config.delivery_backoff_max,
    });
    let (ended_tx, mut ended_rx) = mpsc::unbounded_channel::<Ended>();
    // The business clock of each leased message waiting in a lane (the
    // clock its retry, and any deferral, follow).
    let mut clocks: HashMap<OutboxId, ClockScope> = HashMap::new();
    let mut inflight = JoinSet::new();
    let mut clock_read = Instant::now();
    let mut swept = Instant::now();
    while !stop.is_cancelled() {
        while inflight.try_join_next().is_some() {}
        while let Ok(e) = ended_rx.try_recv() {
            ended(&app, &mut lanes, &e);
        }
        if clock_read.elapsed() >= CLOCK_REFRESH {
            clock_read = Instant::now();
            if let Err(e) = app.refresh_clock().await {
                tracing::warn!(error = %e, "cannot read the shared clock offset");
            }
        }
        if swept.elapsed() >= SWEEP_EVERY {
            swept = Instant::now();
            let back = lanes.sweep(app.now(), app.wall_now(), lapse_after(&app));
            hand_back(&app, &mut clocks, back).await;
            let (full, paused) = lanes.saturation(app.now());
            app.metrics.destinations_saturated.set(gauge(full));
            app.metrics.destinations_paused.set(gauge(paused));
        }
        dispatch(
            &app,
            &mut lanes,
            &mut clocks,
            &slots,
            &mut inflight,
            &ended_tx,
        );
        app.metrics.delivery_queued.set(gauge(lanes.queued()));

        let room = lanes.lease_room(app.now(), app.wall_now()).min(LEASE_MAX);
        if room >= LEASE_AT_LEAST || (room > 0 && lanes.queued() == 0) {
            let leased = lease(&app, room).await;
            if !leased.is_empty() {
                let mut back = Vec::new();
                for (clock, l) in leased {
                    clocks.insert(l.id, clock);
                    back.extend(lanes.admit(l, app.now(), app.wall_now()));
                }
                hand_back(&app, &mut clocks, back).await;
                continue;
            }
        }
        tokio::select! {
            Some(e) = ended_rx.recv() => ended(&app, &mut lanes, &e),
            Some(_) = inflight.join_next(), if !inflight.is_empty() => {}
            _ = app.wake.notified() => {}
            _ = tokio::time::sleep(app.config.poll_interval) => {}
            _ = stop.cancelled() => break,
        }
    }
    // Hand back what waits in the lanes (due at once), then finish and record
    // what is in flight. Leases that cannot be handed back lapse, and another
    // process (or this one, restarted) takes them.
    let now = app.now();
    let waiting = lanes.drain().into_iter().map(|l| (l, now)).collect();
    hand_back(&app, &mut clocks, waiting).await;
    while inflight.join_next().await.is_some() {}
}

/// A lease ending before this is neither started nor kept: an attempt
/// started now could outlive it (the callback timeout), and a second process
/// could then attempt the same message. The margin is at most half of what
/// the lease has beyond the timeout (`--lease-secs` may be close to it).
fn lapse_after(app: &App) -> Timestamp {
    let spare = app.config.lease.saturating_sub(app.config.callback_timeout) / 2;
    app.wall_now()
        .plus(app.config.callback_timeout + LEASE_MARGIN.min(spare))
}

fn gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Leases up to `room` due messages, on every clock (see
/// [`App::due_clocks`]): each with the clock whose time its retry follows.
async fn lease(app: &App, room: usize) -> Vec<(ClockScope, Lease)> {
    let mut left = u32::try_from(room.min(LEASE_MAX)).unwrap_or(256);
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

/// Starts every queued message that may start now.
fn dispatch(
    app: &App,
    lanes: &mut Lanes,
    clocks: &mut HashMap<OutboxId, ClockScope>,
    slots: &Arc<Semaphore>,
    inflight: &mut JoinSet<()>,
    ended_tx: &mpsc::UnboundedSender<Ended>,
) {
    while slots.available_permits() > 0 {
        let Some(start) = lanes.next_start(app.now(), app.wall_now(), lapse_after(app)) else {
            return;
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            // Cannot happen (one loop takes the permits); the lease lapses.
            return;
        };
        if let Some(m) = start.merchant {
            app.metrics
                .merchant_in_flight
                .get_or_create(&app.metrics.merchant(m.get()))
                .inc();
        }
        let clock = clocks.remove(&start.lease.id).unwrap_or(ClockScope::All);
        inflight.spawn(deliver(app.clone(), clock, start, permit, ended_tx.clone()));
    }
}

fn ended(app: &App, lanes: &mut Lanes, e: &Ended) {
    lanes.finished(
        &e.destination,
        e.merchant,
        e.answered,
        app.now(),
        app.wall_now(),
    );
    if let Some(m) = e.merchant {
        app.metrics
            .merchant_in_flight
            .get_or_create(&app.metrics.merchant(m.get()))
            .dec();
    }
}

/// Hands leases back to the store, grouped by the time each is due again.
/// The lanes keep time on the shared clock; a message on a merchant's own
/// clock is deferred by as much on that clock.
async fn hand_back(
    app: &App,
    clocks: &mut HashMap<OutboxId, ClockScope>,
    back: Vec<(Lease, Timestamp)>,
) {
    if back.is_empty() {
        return;
    }
    let now = app.now();
    let mut by_time: BTreeMap<Timestamp, Vec<Lease>> = BTreeMap::new();
    for (lease, at) in back {
        let clock = clocks.remove(&lease.id).unwrap_or(ClockScope::All);
        let wait = std::time::Duration::from_millis(at.millis_since(now));
        by_time
            .entry(app.now_in(clock).plus(wait))
            .or_default()
            .push(lease);
    }
    for (at, leases) in by_time {
        match app.store.release_leases(&leases, at).await {
            Ok(n) => {
                app.metrics.delivery_deferred.inc_by(n);
            }
            // Their leases lapse instead; the attempt numbers they reserved
            // are then skipped, as after a crash.
            Err(e) => tracing::warn!(error = %e, "cannot hand deferred messages back"),
        };
    }
}

/// Makes one attempt; `clock` is the business clock of the message's
/// merchant, on which its next attempt is scheduled.
async fn deliver(
    app: App,
    clock: ClockScope,
    start: Start,
    _slot: OwnedSemaphorePermit,
    ended: mpsc::UnboundedSender<Ended>,
) {
    let Start {
        lease,
        destination,
        merchant,
    } = start;
    let message = &lease.message;
    // Armed faults are looked up per delivery here: the lanes start
    // messages one by one, after their lease's batch.
    let watch = crate::faults::deliveries::watch(&app, std::slice::from_ref(&lease))
        .await
        .pop()
        .flatten();
    let fault = crate::faults::deliveries::take(&app, watch).await;
    let started = app.now_in(clock);
    let attempt = crate::outbound::attempt_faulted(
        &app,
        message,
        lease.id,
        lease.attempt_no,
        started,
        fault.as_ref(),
    )
    .await;
    let _ = ended.send(Ended {
        destination,
        merchant,
        answered: attempt.status.is_some(),
    });
    let next = message
        .retry
        .next_step(lease.attempt_no, attempt.succeeded, app.now_in(clock));
    count(&app.metrics, message.channel.name(), next);
    if let Some(m) = merchant {
        let labels = app.metrics.merchant(m.get());
        if attempt.succeeded {
            app.metrics.merchant_delivered.get_or_create(&labels).inc();
        } else {
            app.metrics
                .merchant_failed_attempts
                .get_or_create(&labels)
                .inc();
        }
    }
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
