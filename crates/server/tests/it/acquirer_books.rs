//! Issue 17.1: the simulated acquirer keeps its books in the store, so what
//! it charged and refunded is the same for every node on the database and
//! survives a restart. Two simulator instances on one database stand for two
//! nodes (or one node before and after a restart); then a refund whose
//! delivery was interrupted after the acquirer call is re-sent by a second
//! process and refunds once. On SQLite and PostgreSQL.

use crate::support::eventually;
use crate::support::outbox::stored_of_kind;
use crate::support::process::GyeoljeProcess;
use gyeolje_core::{OutboxState, PaymentId, Timestamp, Won};
use gyeolje_payapp::PayCancel;
use gyeolje_server::acquirer_books::StoreBooks;
use gyeolje_server::payments::refund::RefundOrder;
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use gyeolje_sim::{Acquirer, AcquirerError, AuthRequest, KnownCharge, RefundRequest, SimAcquirer};
use gyeolje_store::testing::TestDatabase;
use gyeolje_store::{ChargeTotals, Store};
use std::sync::Arc;
use std::time::Duration;

const CARD: &str = "4242424242424242";

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

/// A simulator with its books in `store`, as a node builds it.
fn node(store: &Arc<dyn Store>) -> SimAcquirer {
    SimAcquirer::with_books(Arc::new(StoreBooks::new(store.clone())))
}

fn auth(key: &str, amount: i64, at: i64) -> AuthRequest {
    AuthRequest {
        idempotency_key: key.into(),
        card_number: CARD.into(),
        expiry: None,
        amount: won(amount),
        installment_months: 0,
        now: Timestamp::from_millis(at),
    }
}

fn refund(key: &str, approval_no: &str, amount: i64, at: i64) -> RefundRequest {
    RefundRequest {
        idempotency_key: key.into(),
        approval_no: approval_no.into(),
        amount: won(amount),
        now: Timestamp::from_millis(at),
        known_charge: None,
    }
}

/// Two simulators, each on its own connection pools to one database.
async fn two_nodes_story(url: &str) {
    let (store_a, store_b) = (
        gyeolje_store::open(url).await.unwrap(),
        gyeolje_store::open(url).await.unwrap(),
    );
    let (a, b) = (node(&store_a), node(&store_b));

    // An approval retried with the same key, on the other node, later.
    let first = a.authorize(auth("pay:1:1:A", 10_000, 1_000)).await.unwrap();
    let again = b.authorize(auth("pay:1:1:A", 10_000, 9_000)).await.unwrap();
    assert_eq!(again, first);
    let charged = store_a
        .booked_charge_totals(&first.approval_no)
        .await
        .unwrap();
    assert_eq!(
        charged,
        Some(ChargeTotals {
            amount: won(10_000),
            refunded: Won::ZERO
        })
    );
    // Concurrent retries of one key on both nodes charge once.
    let (x, y) = tokio::join!(
        a.authorize(auth("pay:2:1:A", 500, 1_000)),
        b.authorize(auth("pay:2:1:A", 500, 1_000)),
    );
    assert_eq!(x.unwrap(), y.unwrap());

    // A refund re-sent after a restart (the other instance) answers the
    // same receipt and refunds once.
    let receipt = a
        .refund(refund("refund:1:2", &first.approval_no, 4_000, 2_000))
        .await
        .unwrap();
    let resent = b
        .refund(refund("refund:1:2", &first.approval_no, 4_000, 5_000))
        .await
        .unwrap();
    assert_eq!(resent, receipt);
    assert_eq!(resent.refunded_at, Timestamp::from_millis(2_000));

    // Two copies of one refund at once, one per node: one refund.
    let (x, y) = tokio::join!(
        a.refund(refund("refund:1:3", &first.approval_no, 5_000, 3_000)),
        b.refund(refund("refund:1:3", &first.approval_no, 5_000, 3_000)),
    );
    assert_eq!(x.unwrap(), y.unwrap());

    // 9,000 of 10,000 refunded: 1,001 more is refused, on either node.
    assert_eq!(
        b.refund(refund("refund:1:4", &first.approval_no, 1_001, 4_000))
            .await,
        Err(AcquirerError::ExceedsAuthorized)
    );
    let refunds = store_b.booked_refunds_of(&first.approval_no).await.unwrap();
    let amounts: Vec<i64> = refunds.iter().map(|r| r.amount.get()).collect();
    assert_eq!(amounts, [4_000, 5_000], "{refunds:?}");
    assert_eq!(
        store_b
            .booked_charge_totals(&first.approval_no)
            .await
            .unwrap(),
        Some(ChargeTotals {
            amount: won(10_000),
            refunded: won(9_000)
        })
    );
    // An approval the books never saw (before migration 0015) is refunded
    // from the gateway's records, once.
    let mut old = refund("refund:9:2", "77777777", 300, 1_000);
    old.known_charge = Some(KnownCharge {
        amount: won(1_000),
        refunded: won(600),
    });
    let r = a.refund(old.clone()).await.unwrap();
    assert_eq!(b.refund(old).await.unwrap(), r);
    assert_eq!(
        store_a.booked_charge_totals("77777777").await.unwrap(),
        Some(ChargeTotals {
            amount: won(1_000),
            refunded: won(900)
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_simulators_on_one_sqlite_database_share_their_books() {
    let db = TestDatabase::sqlite().unwrap();
    two_nodes_story(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_simulators_on_one_postgres_database_share_their_books() {
    let Some(db) = TestDatabase::postgres("acquirer_books").await else {
        return;
    };
    two_nodes_story(&db.url).await;
    db.cleanup().await;
}

/// A card payment paid and cancelled on a first process whose refund was
/// sent to the acquirer but whose attempt was never recorded (the process
/// died right after the call: here, the test makes that call itself with the
/// message's own body, and the process has no workers), then delivered by a
/// second process: the acquirer answers the first receipt, and its books
/// hold one refund.
async fn interrupted_refund_story(url: &str) {
    let mut first = GyeoljeProcess::start("first", url, &["--workers", "false"]).await;
    let mul_no = first.pay_request(&[]).await;
    first.sandbox_pay(mul_no, CARD).await;
    let client = gyeolje_payapp::PayAppClient::new(&first.base);
    let cancel = PayCancel {
        userid: "payapptest".into(),
        linkkey: PAYAPP_DEMO_LINKKEY.into(),
        mul_no,
        cancelmemo: "환불".into(),
        cancelmode_ready: false,
        partcancel: false,
        cancelprice: None,
    };
    client.pay_cancel(&cancel).await.unwrap();

    let store = gyeolje_store::open(url).await.unwrap();
    let queued = stored_of_kind(&*store, "acquirer.refund", Some(PaymentId::new(mul_no))).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    let order: RefundOrder = serde_json::from_str(&queued[0].message.body).unwrap();
    // The first process's worker, cut off after the acquirer answered.
    let sent = node(&store)
        .refund(RefundRequest {
            idempotency_key: order.idempotency_key.clone(),
            approval_no: order.approval_no.clone(),
            amount: order.amount,
            now: Timestamp::from_millis(1),
            known_charge: Some(KnownCharge {
                amount: order.charged,
                refunded: order.refunded_before,
            }),
        })
        .await
        .unwrap();
    first.sigkill().await;
    assert_eq!(
        store
            .outbox_get(queued[0].id)
            .await
            .unwrap()
            .unwrap()
            .attempts,
        0,
        "nothing recorded"
    );

    let mut second = GyeoljeProcess::start("second", url, &[]).await;
    let id = queued[0].id;
    let delivered = eventually("the refund re-sent", Duration::from_secs(15), || async {
        let r = store.outbox_get(id).await.unwrap().unwrap();
        (r.state == OutboxState::Delivered).then_some(r)
    })
    .await;
    second.sigterm();
    second.wait_exit(Duration::from_secs(15)).await;

    assert_eq!(delivered.attempts, 1, "{delivered:?}");
    let attempts = store.attempts(id).await.unwrap();
    assert_eq!(
        attempts[0].response_excerpt.as_deref(),
        Some(sent.refund_no.as_str()),
        "the first receipt: {attempts:?}"
    );
    let refunds = store.booked_refunds_of(&order.approval_no).await.unwrap();
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(
        store
            .booked_charge_totals(&order.approval_no)
            .await
            .unwrap(),
        Some(ChargeTotals {
            amount: order.charged,
            refunded: order.amount
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_refund_resent_by_another_process_refunds_once_on_sqlite() {
    let db = TestDatabase::sqlite().unwrap();
    interrupted_refund_story(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_refund_resent_by_another_process_refunds_once_on_postgres() {
    let Some(db) = TestDatabase::postgres("interrupted_refund").await else {
        return;
    };
    interrupted_refund_story(&db.url).await;
    db.cleanup().await;
}
