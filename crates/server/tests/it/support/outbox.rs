//! What the outbox holds, read through the `Store` trait, for assertions
//! that something did *not* happen: instead of sleeping and counting what
//! arrived (which passes whenever the worker is merely slow), a test waits
//! for a positive fact (an attempt recorded) and then asserts the stored
//! state that rules the unwanted thing out — a message in a terminal state
//! is never leased again; a pending one whose retry time is still ahead of
//! the business clock has not been retried; a message never stored is never
//! sent.
//!
//! A message's `attempts` counts the attempts leased (the number is
//! reserved when a worker takes the lease), its history the attempts
//! recorded; the two agree once an attempt is finished.

use super::{TestServer, eventually};
use gyeolje_core::{AttemptRecord, OutboxId, OutboxRecord, OutboxState, PaymentId, Timestamp};
use gyeolje_store::{OutboxFilter, Store};
use std::time::Duration;

/// Every message of `kind` in `store` (of `payment`, when given), oldest
/// first: for tests that read a database a child process writes.
pub async fn stored_of_kind(
    store: &dyn Store,
    kind: &str,
    payment: Option<PaymentId>,
) -> Vec<OutboxRecord> {
    let filter = OutboxFilter {
        payment_id: payment,
        limit: 10_000,
        ..Default::default()
    };
    let mut rows: Vec<_> = store
        .outbox_list(&filter)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.message.kind == kind)
        .collect();
    rows.sort_by_key(|r| r.id.get());
    rows
}

/// How long a test waits for the delivery worker to make an attempt.
const PATIENCE: Duration = Duration::from_secs(15);

/// An outbox message as stored when a test looked, its attempt history, and
/// the business time just after the look.
#[derive(Clone, Debug)]
pub struct Seen {
    pub record: OutboxRecord,
    pub attempts: Vec<AttemptRecord>,
    pub at: Timestamp,
}

/// Reads message `id` and its history (panics if it is not stored). The
/// history is read first: the record, read after it, is then at least as
/// new, so a record with as many attempts as the history shows is the one
/// written when the last of them was recorded (its retry time set), not the
/// one written when that attempt was leased.
pub async fn look(server: &TestServer, id: OutboxId) -> Seen {
    let store = &server.app.store;
    let attempts = store.attempts(id).await.unwrap();
    let record = store
        .outbox_get(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("outbox message {id} is not stored"));
    Seen {
        record,
        attempts,
        at: server.app.now(),
    }
}

/// The newest stored message of `kind` (e.g. `payapp.feedback`), if any.
pub async fn newest_of_kind(server: &TestServer, kind: &str) -> Option<OutboxRecord> {
    let all = server
        .app
        .store
        .outbox_list(&OutboxFilter::default())
        .await
        .unwrap();
    all.into_iter().find(|r| r.message.kind == kind)
}

/// Every message stored for `payment` on `channel` (`http` or `sms`),
/// oldest first.
pub async fn messages_for(
    server: &TestServer,
    payment: PaymentId,
    channel: &str,
) -> Vec<OutboxRecord> {
    let mut all = server
        .app
        .store
        .outbox_list(&OutboxFilter {
            payment_id: Some(payment),
            channel: Some(channel.to_owned()),
            ..OutboxFilter::default()
        })
        .await
        .unwrap();
    all.reverse();
    all
}

/// Every message of `kind` (e.g. `payapp.feedback`) stored for `payment`,
/// on any channel, oldest first.
pub async fn messages_of_kind(
    server: &TestServer,
    payment: PaymentId,
    kind: &str,
) -> Vec<OutboxRecord> {
    let mut all = server
        .app
        .store
        .outbox_list(&OutboxFilter {
            payment_id: Some(payment),
            ..OutboxFilter::default()
        })
        .await
        .unwrap();
    all.retain(|r| r.message.kind == kind);
    all.reverse();
    all
}

/// Waits (bounded) until message `id` has made exactly `n` attempts, each
/// leased and recorded; returns what was seen then.
pub async fn wait_attempts(server: &TestServer, id: OutboxId, n: usize) -> Seen {
    eventually(
        &format!("{n} attempt(s) of message {id} recorded"),
        PATIENCE,
        || async {
            let seen = look(server, id).await;
            let leased = usize::try_from(seen.record.attempts).unwrap();
            (leased == n && seen.attempts.len() == n).then_some(seen)
        },
    )
    .await
}

/// Asserts that `seen` waits for a retry `delay` after its last attempt on
/// the business clock: `Pending`, and `next_attempt_at` no earlier than the
/// last attempt's start plus `delay` and no later than `seen.at` plus
/// `delay` (the retry time is the attempt's end plus `delay`, and the
/// attempt had ended when it was seen).
#[track_caller]
pub fn assert_retry_after(seen: &Seen, delay: Duration) {
    let r = &seen.record;
    assert_eq!(r.state, OutboxState::Pending, "{r:?}");
    let last = seen.attempts.last().expect("an attempt was made");
    let (earliest, latest) = (last.started_at.plus(delay), seen.at.plus(delay));
    assert!(
        earliest <= r.next_attempt_at && r.next_attempt_at <= latest,
        "retry at {:?}, expected {delay:?} after the attempt: between {earliest:?} and {latest:?}",
        r.next_attempt_at
    );
}

/// Asserts that message `before.record.id` is still as `before` saw it — no
/// attempt leased or recorded since, the same retry time — and that the
/// retry time is still ahead of the business clock, so no worker may take
/// it yet. Returns the new look.
pub async fn assert_still_waiting(server: &TestServer, before: &Seen) -> Seen {
    let now = look(server, before.record.id).await;
    assert_eq!(now.record.state, OutboxState::Pending, "{:?}", now.record);
    assert_eq!(
        now.record.attempts, before.record.attempts,
        "{:?}",
        now.record
    );
    assert_eq!(
        now.attempts.len(),
        before.attempts.len(),
        "{:?}",
        now.attempts
    );
    assert_eq!(now.record.next_attempt_at, before.record.next_attempt_at);
    assert!(
        now.record.next_attempt_at > now.at,
        "the retry at {:?} is due at {:?}",
        now.record.next_attempt_at,
        now.at
    );
    now
}

/// Asserts that message `id` is settled for good: in `state` (`Delivered`
/// or `Failed`, which no worker leases again) after exactly `n` attempts,
/// every one recorded. Returns what was seen.
pub async fn assert_settled(server: &TestServer, id: OutboxId, state: OutboxState, n: u32) -> Seen {
    assert_ne!(state, OutboxState::Pending, "pending is not settled");
    let seen = look(server, id).await;
    assert_eq!(
        (seen.record.state, seen.record.attempts),
        (state, n),
        "{:?}",
        seen.record
    );
    let numbers: Vec<u32> = seen.attempts.iter().map(|a| a.attempt_no).collect();
    assert_eq!(numbers, (1..=n).collect::<Vec<_>>(), "{:?}", seen.attempts);
    seen
}
