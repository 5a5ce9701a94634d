//! The simulated acquirer's books on every backend: a charge per key and per
//! approval number, refunds unique per key, and never more refunded than
//! charged — also when many refunds of one charge race.

use super::*;
use gyeolje_store::{BookedCharge, BookedRefundRow, ChargeBooked, ChargeTotals, RefundBooked};

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

fn charge(no: &str, key: &str, amount: i64) -> BookedCharge {
    BookedCharge {
        approval_no: no.into(),
        auth_key: key.into(),
        amount: won(amount),
        card_name: "신한카드".into(),
        card_masked: "424242******4242".into(),
        card_company_code: "04".into(),
        approved_at: t(1_000),
    }
}

fn refund(key: &str, approval: &str, no: &str, amount: i64) -> BookedRefundRow {
    BookedRefundRow {
        refund_key: key.into(),
        approval_no: approval.into(),
        refund_no: no.into(),
        amount: won(amount),
        refunded_at: t(2_000),
    }
}

pub(crate) async fn acquirer_books_story(store: Arc<dyn Store>) {
    let c = charge("10000001", "pay:1", 1000);
    assert_eq!(store.book_charge(&c).await.unwrap(), ChargeBooked::Recorded);
    // A retry under the same key (whatever number it derived) finds the first.
    assert_eq!(
        store
            .book_charge(&charge("10000009", "pay:1", 1000))
            .await
            .unwrap(),
        ChargeBooked::KeyTaken(c.clone())
    );
    assert_eq!(
        store
            .book_charge(&charge("10000001", "pay:2", 5))
            .await
            .unwrap(),
        ChargeBooked::NumberTaken
    );

    let first = refund("r:1", "10000001", "20000001", 300);
    assert_eq!(
        store.book_refund(&first, None).await.unwrap(),
        RefundBooked::Recorded
    );
    let mut resent = refund("r:1", "10000001", "20000001", 300);
    resent.refunded_at = t(9_000);
    assert_eq!(
        store.book_refund(&resent, None).await.unwrap(),
        RefundBooked::KeyTaken(first.clone())
    );
    assert_eq!(
        store
            .book_refund(&refund("r:2", "10000001", "20000001", 1), None)
            .await
            .unwrap(),
        RefundBooked::NumberTaken
    );
    assert_eq!(
        store
            .book_refund(&refund("r:3", "10000001", "20000003", 701), None)
            .await
            .unwrap(),
        RefundBooked::ExceedsCharge
    );
    assert_eq!(
        store
            .book_refund(&refund("r:4", "99999999", "20000004", 1), None)
            .await
            .unwrap(),
        RefundBooked::UnknownApproval
    );
    assert_eq!(
        store.booked_charge_totals("10000001").await.unwrap(),
        Some(ChargeTotals {
            amount: won(1000),
            refunded: won(300)
        })
    );
    assert_eq!(store.booked_refund("r:1").await.unwrap(), Some(first));
    assert_eq!(store.booked_refund("r:3").await.unwrap(), None);

    // A charge the books never saw, entered from the gateway's view of it.
    let known = Some(ChargeTotals {
        amount: won(1000),
        refunded: won(800),
    });
    assert_eq!(
        store
            .book_refund(&refund("r:5", "30000001", "20000005", 201), known)
            .await
            .unwrap(),
        RefundBooked::ExceedsCharge
    );
    assert_eq!(
        store.booked_charge_totals("30000001").await.unwrap(),
        None,
        "rolled back"
    );
    assert_eq!(
        store
            .book_refund(&refund("r:5", "30000001", "20000005", 200), known)
            .await
            .unwrap(),
        RefundBooked::Recorded
    );
    assert_eq!(
        store.booked_charge_totals("30000001").await.unwrap(),
        Some(ChargeTotals {
            amount: won(1000),
            refunded: won(1000)
        })
    );

    // Eight refunds of 300 of a 1,000 charge at once: three fit, once each;
    // eight copies of one refund at once: one refund.
    store
        .book_charge(&charge("40000001", "pay:4", 1000))
        .await
        .unwrap();
    let racers: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            let r = if i % 2 == 0 {
                refund(
                    &format!("race:{i}"),
                    "40000001",
                    &format!("5000000{i:x}"),
                    300,
                )
            } else {
                refund("race:same", "40000001", "5100000", 1)
            };
            tokio::spawn(async move { store.book_refund(&r, None).await.unwrap() })
        })
        .collect();
    let mut outcomes = Vec::new();
    for r in racers {
        outcomes.push(r.await.unwrap());
    }
    let recorded = outcomes
        .iter()
        .filter(|o| **o == RefundBooked::Recorded)
        .count();
    let exceeded = outcomes
        .iter()
        .filter(|o| **o == RefundBooked::ExceedsCharge)
        .count();
    let repeated = outcomes
        .iter()
        .filter(|o| matches!(o, RefundBooked::KeyTaken(_)))
        .count();
    assert_eq!((recorded, exceeded, repeated), (4, 5, 7), "{outcomes:?}");
    let refunds = store.booked_refunds_of("40000001").await.unwrap();
    assert_eq!(refunds.len(), 4, "{refunds:?}");
    assert_eq!(
        store.booked_charge_totals("40000001").await.unwrap(),
        Some(ChargeTotals {
            amount: won(1000),
            refunded: won(901)
        })
    );
}
