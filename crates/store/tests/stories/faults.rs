//! Sandbox faults on every backend: armed faults are listed per merchant,
//! the cheap checks see exactly the live ones, and racing takers consume a
//! fault exactly `count` times in total — never a firing twice.

use super::*;

pub(crate) async fn fault_story(store: Arc<dyn Store>) {
    let x = merchant(&*store, "faultx").await;
    let y = merchant(&*store, "faulty").await;
    assert!(store.armed_faults().await.unwrap().is_empty());
    assert!(
        !store
            .fault_armed(x.id, FaultTarget::Callbacks)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .take_fault(x.id, FaultTarget::Callbacks)
            .await
            .unwrap(),
        None
    );

    let status = NewFault::new(x.id, FaultTarget::Callbacks, FaultKind::Status(503), 2).unwrap();
    let armed = store.arm_fault(&status, t(10)).await.unwrap();
    assert_eq!(
        (
            armed.merchant_id,
            armed.target,
            &armed.kind,
            armed.count,
            armed.remaining
        ),
        (x.id, FaultTarget::Callbacks, &FaultKind::Status(503), 2, 2)
    );
    assert_eq!(armed.armed_at, t(10));
    let decline = NewFault::new(
        x.id,
        FaultTarget::Acquirer,
        FaultKind::Decline("expired_card".into()),
        1,
    )
    .unwrap();
    store.arm_fault(&decline, t(11)).await.unwrap();

    // Only X, only the armed targets.
    assert!(
        store
            .fault_armed(x.id, FaultTarget::Callbacks)
            .await
            .unwrap()
    );
    assert!(
        !store
            .fault_armed(y.id, FaultTarget::Callbacks)
            .await
            .unwrap()
    );
    assert!(!store.fault_armed(x.id, FaultTarget::Sms).await.unwrap());
    let mut all = store.armed_faults().await.unwrap();
    all.sort_by_key(|(m, t)| (*m, t.as_str()));
    assert_eq!(
        all,
        [
            (x.id, FaultTarget::Acquirer),
            (x.id, FaultTarget::Callbacks)
        ]
    );

    // Oldest first, one firing each; the spent fault stays listed.
    let first = store
        .take_fault(x.id, FaultTarget::Callbacks)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((first.id, first.remaining), (armed.id, 1));
    let second = store
        .take_fault(x.id, FaultTarget::Callbacks)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.remaining, 0);
    assert_eq!(
        store
            .take_fault(x.id, FaultTarget::Callbacks)
            .await
            .unwrap(),
        None
    );
    assert!(
        !store
            .fault_armed(x.id, FaultTarget::Callbacks)
            .await
            .unwrap()
    );
    let listed = store.faults(x.id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|f| (f.target, f.remaining))
            .collect::<Vec<_>>(),
        [(FaultTarget::Callbacks, 0), (FaultTarget::Acquirer, 1)]
    );
    assert_eq!(listed[1].kind, FaultKind::Decline("expired_card".into()));
    assert!(store.faults(y.id).await.unwrap().is_empty());

    // Sixteen takers race for seven firings spread over two faults.
    for count in [3, 4] {
        let f = NewFault::new(y.id, FaultTarget::Sms, FaultKind::Reject, count).unwrap();
        store.arm_fault(&f, t(20)).await.unwrap();
    }
    let racers: Vec<_> = (0..16)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(f) = store.take_fault(y.id, FaultTarget::Sms).await.unwrap() {
                    got.push((f.id, f.remaining));
                }
                got
            })
        })
        .collect();
    let mut firings = HashSet::new();
    for r in racers {
        for firing in r.await.unwrap() {
            assert!(firings.insert(firing), "firing {firing:?} taken twice");
        }
    }
    assert_eq!(firings.len(), 7, "{firings:?}");
    assert!(!store.fault_armed(y.id, FaultTarget::Sms).await.unwrap());

    // Disarming forgets the merchant's faults, and only the merchant's.
    assert_eq!(store.disarm_faults(x.id).await.unwrap(), 2);
    assert!(store.faults(x.id).await.unwrap().is_empty());
    assert_eq!(store.faults(y.id).await.unwrap().len(), 2);
    assert!(store.armed_faults().await.unwrap().is_empty());
}
