use super::*;
use gyeolje_core::{OutboxId, OutboxMessage, Protocol, RetryPolicy, SuccessRule};

const LIMITS: Limits = Limits {
    destination: 2,
    merchant: 3,
    backoff_max: Duration::from_secs(8),
};

fn at(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn lease(id: i64, url: &str, merchant: i64) -> Lease {
    Lease {
        id: OutboxId::new(id),
        token: 1,
        attempt_no: 1,
        message: OutboxMessage {
            kind: "payapp.feedback".into(),
            protocol: Protocol::PayApp,
            payment_id: None,
            channel: Channel::Http {
                url: url.into(),
                content_type: "application/x-www-form-urlencoded".into(),
            },
            body: String::new(),
            success: SuccessRule::Status2xx,
            retry: RetryPolicy::once(),
        },
        locked_until: at(60_000),
        merchant_id: Some(MerchantId::new(merchant)),
    }
}

/// Starts everything that may start now; returns the ids.
fn start_all(lanes: &mut Lanes, now: Timestamp) -> Vec<(i64, String)> {
    std::iter::from_fn(|| lanes.next_start(now, now, at(0)))
        .map(|s| (s.lease.id.get(), s.destination))
        .collect()
}

#[test]
fn destinations_are_host_and_port() {
    let d = |url: &str| {
        destination(&Channel::Http {
            url: url.into(),
            content_type: String::new(),
        })
    };
    assert_eq!(d("http://Shop.example/fb?x=1"), "shop.example:80");
    assert_eq!(d("https://shop.example/fb"), "shop.example:443");
    assert_eq!(d("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
    assert_eq!(d("http://user:pw@shop.example:81/"), "shop.example:81");
    assert_eq!(d("http://[::1]/x"), "[::1]:80");
    assert_eq!(d("http://[::1]:9/x"), "[::1]:9");
    assert_eq!(
        destination(&Channel::Sms {
            phone: gyeolje_core::PhoneNumber::parse("01012345678").unwrap()
        }),
        "sms"
    );
}

#[test]
fn a_destination_never_holds_more_than_its_limit_and_others_go_first() {
    let mut lanes = Lanes::new(LIMITS);
    let now = at(0);
    for id in 1..=5 {
        assert!(lanes.admit(lease(id, "http://a:1/", 1), now, now).is_none());
    }
    assert!(lanes.admit(lease(9, "http://b:1/", 2), now, now).is_none());
    let started = start_all(&mut lanes, now);
    assert_eq!(
        started,
        [(1, "a:1".into()), (9, "b:1".into()), (2, "a:1".into())],
        "a's third waits for one of its two to end; b is not behind it"
    );
    lanes.finished("a:1", Some(MerchantId::new(1)), true, now, now);
    assert_eq!(start_all(&mut lanes, now), [(3, "a:1".into())]);
}

#[test]
fn a_merchant_is_held_to_its_share_over_all_its_destinations() {
    let mut lanes = Lanes::new(LIMITS);
    let now = at(0);
    for (id, url) in [(1, "http://a:1/"), (2, "http://a:2/"), (3, "http://a:3/")] {
        lanes.admit(lease(id, url, 1), now, now);
        lanes.admit(lease(id + 10, url, 1), now, now);
    }
    lanes.admit(lease(50, "http://b:1/", 2), now, now);
    let started = start_all(&mut lanes, now);
    let of_one = started.iter().filter(|(id, _)| *id != 50).count();
    assert_eq!(of_one, 3, "merchant 1 at its limit of 3: {started:?}");
    assert!(started.iter().any(|(id, _)| *id == 50));
}

#[test]
fn a_stalled_destination_is_deferred_in_doubling_rounds() {
    let mut lanes = Lanes::new(LIMITS);
    let t0 = at(0);
    for id in 1..=4 {
        lanes.admit(lease(id, "http://a:1/", 1), t0, t0);
    }
    assert_eq!(start_all(&mut lanes, t0).len(), 2);
    // No attempt ends for STALL: the queued two are handed back, due in 1 s.
    let t1 = at(600);
    let back = lanes.sweep(t1, t1, at(0));
    assert_eq!(
        back.iter()
            .map(|(l, t)| (l.id.get(), *t))
            .collect::<Vec<_>>(),
        [(3, at(1_600)), (4, at(1_600))]
    );
    // New leases of the same round get the same time; the next round doubles.
    assert_eq!(
        lanes
            .admit(lease(5, "http://a:1/", 1), t1, t1)
            .map(|(_, t)| t),
        Some(at(1_600))
    );
    let t2 = at(1_700);
    assert_eq!(
        lanes
            .admit(lease(3, "http://a:1/", 1), t2, t2)
            .map(|(_, t)| t),
        Some(at(3_700))
    );
    // Another destination is not affected.
    assert!(lanes.admit(lease(9, "http://b:1/", 2), t2, t2).is_none());
    assert_eq!(start_all(&mut lanes, t2), [(9, "b:1".into())]);
    // Progress ends the stall and the rounds.
    lanes.finished("a:1", Some(MerchantId::new(1)), true, t2, t2);
    assert!(lanes.admit(lease(3, "http://a:1/", 1), t2, t2).is_none());
}

#[test]
fn repeated_silence_pauses_a_destination_doubling_up_to_the_maximum() {
    let limits = Limits {
        destination: 1,
        ..LIMITS
    };
    let mut lanes = Lanes::new(limits);
    let mut now = at(0);
    let mut pauses = Vec::new();
    for id in 1..=8 {
        match lanes.admit(lease(id, "http://r:1/", 1), now, now) {
            None => {}
            Some((_, until)) => {
                pauses.push(until.millis_since(now));
                now = until;
                assert!(lanes.admit(lease(id, "http://r:1/", 1), now, now).is_none());
            }
        }
        assert_eq!(start_all(&mut lanes, now).len(), 1);
        lanes.finished("r:1", Some(MerchantId::new(1)), false, now, now);
    }
    assert_eq!(pauses, [1_000, 2_000, 4_000, 8_000, 8_000]);
    // An answer (any status) ends the pause.
    lanes.finished("r:1", None, true, now, now);
    assert!(lanes.admit(lease(9, "http://r:1/", 1), now, now).is_none());
}

#[test]
fn a_lease_that_could_lapse_is_handed_back_due_at_once() {
    let mut lanes = Lanes::new(LIMITS);
    let now = at(0);
    let mut old = lease(1, "http://a:1/", 1);
    old.locked_until = at(5_000);
    lanes.admit(old, now, now);
    lanes.admit(lease(2, "http://a:1/", 1), now, now);
    let back = lanes.sweep(now, now, at(10_000));
    assert_eq!(
        back.iter()
            .map(|(l, t)| (l.id.get(), *t))
            .collect::<Vec<_>>(),
        [(1, now)]
    );
    assert_eq!(lanes.queued(), 1);
    // Nor is one started.
    let mut short = lease(3, "http://b:1/", 1);
    short.locked_until = at(5_000);
    lanes.admit(short, now, now);
    assert!(
        lanes
            .next_start(now, now, at(10_000))
            .is_some_and(|s| s.lease.id.get() == 2)
    );
    assert!(lanes.next_start(now, now, at(10_000)).is_none());
    let back = lanes.sweep(now, now, at(10_000));
    assert_eq!(
        back.iter().map(|(l, _)| l.id.get()).collect::<Vec<_>>(),
        [3]
    );
    assert_eq!(lanes.queued(), 0);
}

#[test]
fn a_fast_lane_never_leases_past_its_queue() {
    let mut lanes = Lanes::new(LIMITS);
    let now = at(0);
    assert_eq!(lanes.lease_room(now, now), LANE_QUEUE);
    for id in 0..100 {
        lanes.admit(lease(id, "http://a:1/", 1), now, now);
    }
    assert_eq!(lanes.lease_room(now, now), LANE_QUEUE - 100);
}
