//! Merchant clocks: created at a start offset, only moving forward, and
//! due-work queries scoped to the shared clock or one merchant's.

use super::{http, merchant, new_payment, t, times};
use gyeolje_core::*;
use gyeolje_store::{ClockScope, Store};
use std::sync::Arc;

pub async fn merchant_clock_story(store: Arc<dyn Store>) {
    let x = merchant(&*store, "clockx").await;
    let y = merchant(&*store, "clocky").await;
    assert!(store.merchant_clocks().await.unwrap().is_empty());
    assert_eq!(store.known_clock(x.id), None);

    // Created at the start offset, then advanced; a second advance ignores
    // the start offset.
    let first = store
        .advance_merchant_clock(x.id, 500, 1_000)
        .await
        .unwrap();
    assert_eq!(first, 1_500);
    let second = store.advance_merchant_clock(x.id, 0, 1_000).await.unwrap();
    assert_eq!(second, 2_500);
    assert_eq!(store.known_clock(x.id), Some(2_500));
    assert!(store.any_known_clock());
    assert_eq!(store.known_clock(y.id), None);
    assert_eq!(store.merchant_clocks().await.unwrap(), vec![(x.id, 2_500)]);
    // A negative advance is no advance.
    let same = store.advance_merchant_clock(x.id, 0, -5_000).await.unwrap();
    assert_eq!(same, 2_500);

    // Both merchants have a request past its deadline and a message due.
    let px = new_payment(&*store, &x, "CLKXCLKXCLKXCLK1", 100).await;
    let py = new_payment(&*store, &y, "CLKYCLKYCLKYCLK1", 100).await;
    store
        .commit(
            Change::default().with_outbox(vec![
                http(px.id, "http://x/", "x"),
                http(py.id, "http://y/", "y"),
            ]),
            t(10),
        )
        .await
        .unwrap();
    let ids = |ps: Vec<Payment>| ps.into_iter().map(|p| p.id).collect::<Vec<_>>();
    let due = |scope| store.due_expirations(t(100), scope, 10);
    assert_eq!(ids(due(ClockScope::Shared).await.unwrap()), vec![py.id]);
    assert_eq!(
        ids(due(ClockScope::Merchant(x.id)).await.unwrap()),
        vec![px.id]
    );
    assert_eq!(ids(due(ClockScope::All).await.unwrap()).len(), 2);
    let settling = store
        .due_settlements(t(100), ClockScope::Merchant(y.id), 10)
        .await
        .unwrap();
    assert!(settling.is_empty());

    let lease = |scope, token| {
        let mut when = times(10, 10);
        when.clock = scope;
        let store = store.clone();
        async move { store.lease_outbox(when, 10, "w", token).await.unwrap() }
    };
    let leased_x = lease(ClockScope::Merchant(x.id), 1).await;
    assert_eq!(leased_x.len(), 1);
    assert_eq!(leased_x[0].message.payment_id, Some(px.id));
    let leased_shared = lease(ClockScope::Shared, 2).await;
    assert_eq!(leased_shared.len(), 1);
    assert_eq!(leased_shared[0].message.payment_id, Some(py.id));
    assert!(lease(ClockScope::All, 3).await.is_empty());

    // A payment read reports the clock (it joins merchant_clocks).
    assert_eq!(
        store.payment(px.id).await.unwrap().map(|p| p.id),
        Some(px.id)
    );
    assert_eq!(store.known_clock(x.id), Some(2_500));
}
