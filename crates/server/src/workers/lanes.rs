//! Fair shares of the delivery pool: one lane per destination (the
//! `host:port` of a callback URL, or the SMS carrier, or the acquirer), so
//! one merchant's slow or dead endpoint holds at most its share of the slots
//! while every other merchant's callbacks go out at their normal latency.
//!
//! The store leases due messages in due order, as before; this module
//! decides, in the process, what happens to each leased message:
//! - it waits in its destination's queue and starts when a pool slot is
//!   free, its destination has fewer than `destination` attempts in flight
//!   and (for a merchant callback) its merchant fewer than `merchant`;
//! - or, when its destination cannot take it soon — **stalled** (at its limit
//!   and no attempt ended for [`STALL`]) or **paused** (backing off after
//!   repeated timeouts/refusals) — it is handed back to the store unattempted
//!   and due no earlier than the destination's next chance (a *deferral*).
//!
//! Why deferral rather than skipping: the due index is in due order, so a
//! lease that skipped a saturated destination's rows would read its whole
//! due backlog on every lease (200,000 rows behind a dead endpoint). A
//! deferred row moves behind the others once and is not read again until its
//! new due time; the deferral doubles per round (1 s up to the configured
//! maximum) while the destination stays blocked, so a dead endpoint's
//! backlog costs a bounded trickle of writes, never a scan per lease. Each
//! message's own retry schedule still applies: a deferral only ever moves a
//! message later, and it returns the attempt number the lease reserved.
//!
//! The limits are per process (several gateway processes on one database
//! each give a destination its own limit); leases stay exclusive as before,
//! and a queued lease that could lapse before its attempt ends is handed
//! back instead of being attempted (see [`Lanes::sweep`]).

use gyeolje_core::{Channel, Lease, MerchantId, Timestamp};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// A lane at its limit with no attempt ending for this long is stalled: a
/// healthy endpoint answers in milliseconds, and one that is merely slow
/// still finishes attempts now and then.
pub const STALL: Duration = Duration::from_millis(500);
/// Most leases one lane may hold waiting (a fast endpoint's queue).
pub const LANE_QUEUE: usize = 256;
/// Most leases the process holds waiting over all lanes.
pub const TOTAL_QUEUE: usize = 1024;
/// Consecutive timeouts/refusals before a destination is paused.
pub const BACKOFF_AFTER: u32 = 3;
/// The first pause, and the first deferral of a stalled lane; each next one doubles.
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);

/// The configured shares.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Attempts in flight at once per destination.
    pub destination: usize,
    /// Merchant callbacks (HTTP) in flight at once per merchant.
    pub merchant: usize,
    /// The longest pause or deferral.
    pub backoff_max: Duration,
}

/// The lane a message belongs to: `host:port` of an HTTP target (the port
/// filled in from the scheme), or the channel's name for the SMS carrier and
/// the acquirer (one upstream each).
pub fn destination(channel: &Channel) -> String {
    match channel {
        Channel::Http { url, .. } => host_port(url),
        other => other.name().to_owned(),
    }
}

fn host_port(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.to_ascii_lowercase();
    // A port is what follows the last ':' outside an IPv6 literal's brackets.
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(h, p)| !p.is_empty() && !h.ends_with('[') && !p.contains(']'));
    if has_port {
        host
    } else if scheme.eq_ignore_ascii_case("https") {
        format!("{host}:443")
    } else {
        format!("{host}:80")
    }
}

/// A message taken from its lane to be attempted now; hand it back to
/// [`Lanes::finished`] when the attempt has ended.
#[derive(Debug)]
pub struct Start {
    pub lease: Lease,
    pub destination: String,
    /// The merchant whose share the attempt counts against (callbacks only).
    pub merchant: Option<MerchantId>,
}

#[derive(Debug)]
struct Lane {
    in_flight: usize,
    queue: VecDeque<Lease>,
    /// Consecutive attempts that got no answer (timeout, refusal).
    failures: u32,
    /// Backing off until then (business time).
    paused_until: Option<Timestamp>,
    /// When an attempt last ended, or the lane last became busy (wall time).
    progress_at: Timestamp,
    /// Deferral rounds since the lane last made progress.
    deferrals: u32,
    /// The due time given to messages deferred in the current round.
    round_until: Option<Timestamp>,
}

impl Lane {
    fn new(wall: Timestamp) -> Lane {
        Lane {
            in_flight: 0,
            queue: VecDeque::new(),
            failures: 0,
            paused_until: None,
            progress_at: wall,
            deferrals: 0,
            round_until: None,
        }
    }

    /// When a message deferred now is due again: every message deferred in
    /// one round gets the same time, and each round waits twice as long as
    /// the one before (the destination stayed blocked through it).
    fn defer_until(&mut self, now: Timestamp, max: Duration) -> Timestamp {
        match self.round_until {
            Some(until) if now < until => until,
            _ => {
                let until = now.plus(doubling(self.deferrals, max));
                self.deferrals = self.deferrals.saturating_add(1);
                self.round_until = Some(until);
                until
            }
        }
    }

    fn progressed(&mut self, wall: Timestamp) {
        self.progress_at = wall;
        self.deferrals = 0;
        self.round_until = None;
    }

    fn paused(&self, now: Timestamp) -> bool {
        self.paused_until.is_some_and(|t| t > now)
    }

    fn stalled(&self, limit: usize, wall: Timestamp) -> bool {
        self.in_flight >= limit
            && wall.millis_since(self.progress_at) >= u64::try_from(STALL.as_millis()).unwrap_or(0)
    }

    /// Nothing to remember: no work, and no failures (or none for longer
    /// than the longest pause).
    fn idle(&self, wall: Timestamp, max: Duration) -> bool {
        self.in_flight == 0
            && self.queue.is_empty()
            && (self.failures == 0 || self.progress_at.plus(max) <= wall)
    }
}

/// Doubling from [`FIRST_PAUSE`], at most `max`.
fn doubling(round: u32, max: Duration) -> Duration {
    FIRST_PAUSE.saturating_mul(1u32 << round.min(20)).min(max)
}

/// Every lane of this process, and each merchant's callbacks in flight.
#[derive(Debug)]
pub struct Lanes {
    limits: Limits,
    lanes: HashMap<String, Lane>,
    merchants: HashMap<MerchantId, usize>,
    /// Lanes with something queued, in turn order.
    turn: VecDeque<String>,
    queued: usize,
    /// Leases found too close to their end to start, for the next sweep.
    stale: Vec<Lease>,
}

impl Lanes {
    pub fn new(limits: Limits) -> Lanes {
        Lanes {
            limits,
            lanes: HashMap::new(),
            merchants: HashMap::new(),
            turn: VecDeque::new(),
            queued: 0,
            stale: Vec::new(),
        }
    }

    /// Leases waiting in lanes.
    pub fn queued(&self) -> usize {
        self.queued
    }

    /// How many messages the next lease may take: never more than the fullest
    /// unblocked lane can still queue (a fast endpoint's drain must not
    /// overflow its queue into deferrals), nor than the process holds in all.
    pub fn lease_room(&self, now: Timestamp, wall: Timestamp) -> usize {
        let fullest = self
            .lanes
            .values()
            .filter(|l| !l.paused(now) && !l.stalled(self.limits.destination, wall))
            .map(|l| l.queue.len())
            .max()
            .unwrap_or(0);
        LANE_QUEUE
            .saturating_sub(fullest)
            .min(TOTAL_QUEUE.saturating_sub(self.queued))
    }

    /// Queues a freshly leased message in its lane, or gives it back with
    /// the time it is due again when its lane cannot take it soon.
    pub fn admit(
        &mut self,
        lease: Lease,
        now: Timestamp,
        wall: Timestamp,
    ) -> Option<(Lease, Timestamp)> {
        let key = destination(&lease.message.channel);
        let limits = self.limits;
        let total_full = self.queued >= TOTAL_QUEUE;
        let lane = self
            .lanes
            .entry(key.clone())
            .or_insert_with(|| Lane::new(wall));
        if let Some(until) = lane.paused_until.filter(|t| *t > now) {
            return Some((lease, until));
        }
        if total_full || lane.queue.len() >= LANE_QUEUE || lane.stalled(limits.destination, wall) {
            let until = lane.defer_until(now, limits.backoff_max);
            return Some((lease, until));
        }
        if lane.queue.is_empty() {
            self.turn.push_back(key);
        }
        lane.queue.push_back(lease);
        self.queued += 1;
        None
    }

    /// The next message to attempt, if one may start: lanes take turns, and
    /// a lane whose head is held by its merchant's share waits its next turn.
    /// A lease ending before `lapse_after` is never started (the next
    /// [`Lanes::sweep`] hands it back).
    pub fn next_start(
        &mut self,
        now: Timestamp,
        wall: Timestamp,
        lapse_after: Timestamp,
    ) -> Option<Start> {
        for _ in 0..self.turn.len() {
            let key = self.turn.pop_front()?;
            let Some(lane) = self.lanes.get_mut(&key) else {
                continue;
            };
            while lane
                .queue
                .front()
                .is_some_and(|l| l.locked_until <= lapse_after)
            {
                if let Some(l) = lane.queue.pop_front() {
                    self.queued -= 1;
                    self.stale.push(l);
                }
            }
            let Some(head) = lane.queue.front() else {
                continue;
            };
            let merchant = counted_merchant(head);
            let merchant_full = merchant.is_some_and(|m| {
                self.merchants.get(&m).copied().unwrap_or(0) >= self.limits.merchant
            });
            if lane.in_flight >= self.limits.destination || lane.paused(now) || merchant_full {
                self.turn.push_back(key);
                continue;
            }
            let Some(lease) = lane.queue.pop_front() else {
                continue;
            };
            self.queued -= 1;
            if lane.in_flight == 0 {
                lane.progress_at = wall;
            }
            lane.in_flight += 1;
            if !lane.queue.is_empty() {
                self.turn.push_back(key.clone());
            }
            if let Some(m) = merchant {
                *self.merchants.entry(m).or_insert(0) += 1;
            }
            return Some(Start {
                lease,
                destination: key,
                merchant,
            });
        }
        None
    }

    /// An attempt started by [`Lanes::next_start`] has ended; `answered` is
    /// whether the destination answered at all (any status). Repeated
    /// silence pauses the destination, doubling up to the configured maximum.
    pub fn finished(
        &mut self,
        destination: &str,
        merchant: Option<MerchantId>,
        answered: bool,
        now: Timestamp,
        wall: Timestamp,
    ) {
        if let Some(m) = merchant
            && let Some(n) = self.merchants.get_mut(&m)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.merchants.remove(&m);
            }
        }
        let Some(lane) = self.lanes.get_mut(destination) else {
            return;
        };
        lane.in_flight = lane.in_flight.saturating_sub(1);
        lane.progressed(wall);
        if answered {
            lane.failures = 0;
            lane.paused_until = None;
        } else {
            lane.failures = lane.failures.saturating_add(1);
            if lane.failures >= BACKOFF_AFTER {
                let pause = doubling(lane.failures - BACKOFF_AFTER, self.limits.backoff_max);
                lane.paused_until = Some(now.plus(pause));
            }
        }
        if lane.idle(wall, self.limits.backoff_max) {
            self.lanes.remove(destination);
        }
    }

    /// Queued leases to hand back now, each with the time it is due again:
    /// those of stalled or paused lanes (deferred), and any whose lease ends
    /// before `lapse_after` (wall time: an attempt started now could outlive
    /// it, so it is handed back due at once rather than risk two processes
    /// attempting it).
    pub fn sweep(
        &mut self,
        now: Timestamp,
        wall: Timestamp,
        lapse_after: Timestamp,
    ) -> Vec<(Lease, Timestamp)> {
        let mut out: Vec<(Lease, Timestamp)> = self.stale.drain(..).map(|l| (l, now)).collect();
        let stale_before = out.len();
        let limits = self.limits;
        for lane in self.lanes.values_mut() {
            if lane.queue.is_empty() {
                continue;
            }
            let blocked_until = if let Some(until) = lane.paused_until.filter(|t| *t > now) {
                Some(until)
            } else if lane.stalled(limits.destination, wall) {
                Some(lane.defer_until(now, limits.backoff_max))
            } else {
                None
            };
            if let Some(until) = blocked_until {
                out.extend(lane.queue.drain(..).map(|l| (l, until)));
            } else {
                let (stale, fresh): (VecDeque<_>, VecDeque<_>) = lane
                    .queue
                    .drain(..)
                    .partition(|l| l.locked_until <= lapse_after);
                lane.queue = fresh;
                out.extend(stale.into_iter().map(|l| (l, now)));
            }
        }
        self.queued -= (out.len() - stale_before).min(self.queued);
        let max = limits.backoff_max;
        self.lanes.retain(|_, l| !l.idle(wall, max));
        out
    }

    /// Every queued lease, to hand back when the loop stops (so a restart
    /// does not skip the attempt numbers they reserved).
    pub fn drain(&mut self) -> Vec<Lease> {
        self.queued = 0;
        self.turn.clear();
        let mut all = std::mem::take(&mut self.stale);
        all.extend(self.lanes.values_mut().flat_map(|l| l.queue.drain(..)));
        all
    }

    /// Lanes at their limit, and lanes backing off (for `/metrics`).
    pub fn saturation(&self, now: Timestamp) -> (usize, usize) {
        let full = self
            .lanes
            .values()
            .filter(|l| l.in_flight >= self.limits.destination)
            .count();
        let paused = self.lanes.values().filter(|l| l.paused(now)).count();
        (full, paused)
    }
}

/// The merchant whose share a message counts against: merchant callbacks
/// only — an SMS to a buyer must not wait because the merchant's own
/// endpoint hangs.
fn counted_merchant(lease: &Lease) -> Option<MerchantId> {
    match lease.message.channel {
        Channel::Http { .. } => lease.merchant_id,
        _ => None,
    }
}

#[cfg(test)]
mod tests;
