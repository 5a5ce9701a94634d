//! Attempts recorded at once, so that the writer takes them in one batch
//! (PostgreSQL writes such a batch with a few bulk statements): each job
//! still gets its own answer, and each message moves as its attempt says.

use super::{attempt, http, merchant, new_payment, t, times};
use gyeolje_core::*;
use gyeolje_store::Store;
use std::sync::Arc;

pub async fn bulk_attempt_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "bulkattempts").await;
    let p = new_payment(&*store, &m, "CCCCCCCCCCCCCCC9", 100_000).await;
    let msgs: Vec<_> = (0..12)
        .map(|i| http(p.id, "http://x/", &format!("n={i}")))
        .collect();
    store
        .commit(Change::default().with_outbox(msgs), t(10))
        .await
        .unwrap();
    let leases = store.lease_outbox(times(10, 10), 12, "a", 7).await.unwrap();
    assert_eq!(leases.len(), 12);

    // Four delivered, four retried, three given up, and one whose lease was
    // lost (another token): its attempt is kept but cannot move it.
    let step = |i: usize| match i % 4 {
        0 => NextStep::Delivered,
        1 => NextStep::RetryAt(t(50_000)),
        _ => NextStep::GiveUp,
    };
    let mut stale = leases[11].clone();
    stale.token = 999;
    // All at once, so they queue for the writer together.
    let mut jobs = tokio::task::JoinSet::new();
    for (i, l) in leases.iter().enumerate() {
        let store = store.clone();
        let l = if i == 11 { stale.clone() } else { l.clone() };
        let ok = matches!(step(i), NextStep::Delivered);
        jobs.spawn(async move { (i, store.record_attempt(&l, &attempt(&l, ok), step(i)).await) });
    }
    for (i, kept) in jobs.join_all().await {
        assert_eq!(kept.unwrap(), i != 11, "attempt {i}: lease kept");
    }

    for (i, l) in leases.iter().enumerate() {
        let rec = store.outbox_get(l.id).await.unwrap().unwrap();
        let tries = store.attempts(l.id).await.unwrap();
        assert_eq!(tries.len(), 1, "message {i}: {tries:?}");
        assert_eq!(tries[0].attempt_no, 1);
        match (i, step(i)) {
            (11, _) => assert_eq!(rec.state, OutboxState::Pending, "{rec:?}"),
            (_, NextStep::Delivered) => {
                assert_eq!(rec.state, OutboxState::Delivered, "{rec:?}");
                assert!(tries[0].succeeded);
            }
            (_, NextStep::RetryAt(at)) => {
                assert_eq!(rec.state, OutboxState::Pending, "{rec:?}");
                assert_eq!(rec.next_attempt_at, at, "{rec:?}");
                assert_eq!(rec.last_error.as_deref(), Some("body was not SUCCESS"));
            }
            (_, NextStep::GiveUp) => assert_eq!(rec.state, OutboxState::Failed, "{rec:?}"),
        }
    }
    // The retried ones (and the stale one, once its lease lapses) come back.
    let again = store
        .lease_outbox(times(50_000, 5_000), 20, "b", 8)
        .await
        .unwrap();
    let mut ids: Vec<OutboxId> = again.iter().map(|l| l.id).collect();
    ids.sort();
    let mut expected: Vec<OutboxId> = [1, 5, 9, 11].iter().map(|&i| leases[i].id).collect();
    expected.sort();
    assert_eq!(ids, expected);
}
