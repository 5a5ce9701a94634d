//! Storage stories, run against every backend: SQLite always, PostgreSQL
//! when `GYEOLJE_TEST_POSTGRES_URL` is set (see `gyeolje_store::testing`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gyeolje_core::*;
use gyeolje_store::testing::TestDatabase;
use gyeolje_store::{LeaseTimes, OutboxFilter, Store, StoreError};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

#[path = "stories/cash_receipts.rs"]
mod cash_receipts;
use cash_receipts::cash_receipt_story;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

async fn merchant(store: &dyn Store, userid: &str) -> Merchant {
    store
        .create_merchant(
            NewMerchant {
                name: "테스트상점".into(),
                payapp: Some(PayAppAccount {
                    userid: userid.into(),
                    linkkey: Secret::new("key"),
                    linkval: Secret::new("val"),
                    common_feedbackurl: None,
                }),
            },
            t(1),
        )
        .await
        .unwrap()
}

fn http(payment: PaymentId, url: &str, body: &str) -> OutboxMessage {
    OutboxMessage {
        kind: "payapp.feedback".into(),
        protocol: Protocol::PayApp,
        payment_id: Some(payment),
        channel: Channel::Http {
            url: url.into(),
            content_type: "application/x-www-form-urlencoded".into(),
        },
        body: body.into(),
        success: SuccessRule::BodyEquals("SUCCESS".into()),
        retry: RetryPolicy {
            max_attempts: 3,
            delays_secs: vec![10],
        },
    }
}

async fn new_payment(store: &dyn Store, m: &Merchant, code: &str, expires: i64) -> Payment {
    let id = store.reserve_ids("payment", 1).await.unwrap().start;
    let (p, e) = Payment::create(
        NewPayment {
            id: PaymentId::new(id),
            protocol: Protocol::PayApp,
            merchant_id: m.id,
            page_code: PageCode::parse(code).unwrap(),
            amount: Won::new(1000).unwrap(),
            goods_name: "api test".into(),
            buyer_phone: Some(PhoneNumber::parse("01012345678").unwrap()),
            expires_at: t(expires),
            protocol_data: serde_json::json!({"var1": "a"}),
        },
        t(10),
    );
    store
        .commit(Change::create(p.clone(), e), t(10))
        .await
        .unwrap();
    p
}

fn approve() -> Command {
    Command::Approve {
        method: PayMethod::Card,
        approval: Approval {
            approval_no: "1".into(),
            card_name: None,
            card_masked: None,
            approved_at: t(20),
        },
    }
}

async fn payment_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "payapptest").await;
    assert_eq!(
        store
            .merchant_by_payapp_userid("payapptest")
            .await
            .unwrap()
            .unwrap()
            .id,
        m.id
    );
    assert!(
        store
            .merchant_by_payapp_userid("nobody")
            .await
            .unwrap()
            .is_none()
    );
    // The same PayApp userid twice is a conflict, not a second seller.
    let dup = store
        .create_merchant(
            NewMerchant {
                name: "x".into(),
                payapp: m.payapp.clone(),
            },
            t(1),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");

    let p = new_payment(&*store, &m, "AAAAAAAAAAAAAAA1", 100_000).await;
    assert_eq!(store.payment(p.id).await.unwrap().unwrap(), p);
    assert_eq!(
        store
            .payment_by_page_code(&p.page_code)
            .await
            .unwrap()
            .unwrap()
            .id,
        p.id
    );

    // Approve: state, event and callback in one commit.
    let tr = p.handle(approve(), t(20)).unwrap();
    let ids = store
        .commit(
            Change::transition(p.version, tr.clone()).with_outbox([http(p.id, "http://x/", "a=1")]),
            t(20),
        )
        .await
        .unwrap();
    assert_eq!(ids.len(), 1);
    let stored = store.payment(p.id).await.unwrap().unwrap();
    assert_eq!(stored.state, PaymentState::Paid);

    // A second command decided on the stale version loses, and writes nothing.
    let stale = p.handle(approve(), t(21)).unwrap();
    let err = store
        .commit(
            Change::transition(p.version, stale).with_outbox([http(p.id, "http://x/", "b=2")]),
            t(21),
        )
        .await;
    assert!(matches!(err, Err(StoreError::Conflict(_))), "{err:?}");
    let f = OutboxFilter {
        payment_id: Some(p.id),
        ..Default::default()
    };
    assert_eq!(
        store.outbox_list(&f).await.unwrap().len(),
        1,
        "the losing change's callback must not exist"
    );

    let cancel = Command::Cancel {
        amount: Won::new(1000).unwrap(),
        origin: CancelOrigin::MerchantApi,
        memo: String::new(),
    };
    let tr2 = stored.handle(cancel, t(30)).unwrap();
    store
        .commit(Change::transition(stored.version, tr2), t(30))
        .await
        .unwrap();
    let events = store.events(p.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.event.kind()).collect();
    assert_eq!(kinds, ["requested", "approved", "cancelled"]);
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
}

async fn expiry_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "exp").await;
    let early = new_payment(&*store, &m, "BBBBBBBBBBBBBBB1", 50).await;
    let _late = new_payment(&*store, &m, "BBBBBBBBBBBBBBB2", 5_000).await;
    let due = store.due_expirations(t(100), 10).await.unwrap();
    assert_eq!(due.iter().map(|p| p.id).collect::<Vec<_>>(), [early.id]);
}

fn times(business: i64, wall: i64) -> LeaseTimes {
    LeaseTimes {
        business_now: t(business),
        wall_now: t(wall),
        lease_for: Duration::from_millis(1000),
    }
}

fn attempt(lease: &Lease, ok: bool) -> AttemptRecord {
    AttemptRecord {
        outbox_id: lease.id,
        attempt_no: lease.attempt_no,
        started_at: t(0),
        target: lease.message.channel.target().into(),
        request_body: lease.message.body.clone(),
        status: Some(200),
        response_excerpt: Some(if ok { "SUCCESS" } else { "FAIL" }.into()),
        latency_ms: 3,
        error: (!ok).then(|| "body was not SUCCESS".into()),
        succeeded: ok,
        worker: "w".into(),
    }
}

async fn outbox_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "outbox").await;
    let p = new_payment(&*store, &m, "CCCCCCCCCCCCCCC1", 100_000).await;
    let msgs: Vec<_> = (0..40)
        .map(|i| http(p.id, "http://x/", &format!("n={i}")))
        .collect();
    store
        .commit(Change::default().with_outbox(msgs), t(10))
        .await
        .unwrap();

    // Two workers lease concurrently: every message goes to exactly one.
    let (a, b) = tokio::join!(
        async {
            let mut got = vec![];
            for _ in 0..10 {
                got.extend(store.lease_outbox(times(10, 10), 3, "a", 1).await.unwrap());
            }
            got
        },
        async {
            let mut got = vec![];
            for _ in 0..10 {
                got.extend(store.lease_outbox(times(10, 10), 3, "b", 2).await.unwrap());
            }
            got
        },
    );
    let mut seen = HashSet::new();
    for l in a.iter().chain(&b) {
        assert!(seen.insert(l.id), "message {} leased twice", l.id);
        assert_eq!(l.attempt_no, 1);
    }
    assert_eq!(seen.len(), 40);
    // Nothing more is due while the leases are held.
    assert!(
        store
            .lease_outbox(times(10, 10), 100, "c", 3)
            .await
            .unwrap()
            .is_empty()
    );

    let first = a.first().unwrap();
    // Failure: retried after the policy's delay in business time.
    let next = first
        .message
        .retry
        .next_step(first.attempt_no, false, t(10));
    assert!(
        store
            .record_attempt(first, &attempt(first, false), next)
            .await
            .unwrap()
    );
    for l in a.iter().skip(1).chain(&b) {
        store
            .record_attempt(l, &attempt(l, true), NextStep::Delivered)
            .await
            .unwrap();
    }
    assert!(
        store
            .lease_outbox(times(10_009, 10), 10, "c", 4)
            .await
            .unwrap()
            .is_empty()
    );
    let again = store
        .lease_outbox(times(10_010, 10), 10, "c", 4)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].id, again[0].attempt_no), (first.id, 2));

    // A worker that dies keeps its lease until wall time passes it; then the
    // next attempt (not the same one) goes to someone else.
    assert!(
        store
            .lease_outbox(times(20_000, 500), 10, "d", 5)
            .await
            .unwrap()
            .is_empty()
    );
    let taken = store
        .lease_outbox(times(20_000, 1_011), 10, "d", 5)
        .await
        .unwrap();
    assert_eq!(taken[0].attempt_no, 3);
    // The dead worker's late report is recorded but cannot move the message.
    assert!(
        !store
            .record_attempt(&again[0], &attempt(&again[0], false), NextStep::GiveUp)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_attempt(&taken[0], &attempt(&taken[0], false), NextStep::GiveUp)
            .await
            .unwrap()
    );
    let rec = store.outbox_get(first.id).await.unwrap().unwrap();
    assert_eq!(rec.state, OutboxState::Failed);
    let tries = store.attempts(first.id).await.unwrap();
    assert_eq!(
        tries.iter().map(|a| a.attempt_no).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(tries[0].response_excerpt.as_deref(), Some("FAIL"));

    // Replay grants one more attempt and makes it due now.
    assert!(store.replay(first.id, t(30_000)).await.unwrap());
    let replayed = store
        .lease_outbox(times(30_000, 2_000), 10, "e", 6)
        .await
        .unwrap();
    assert_eq!((replayed.len(), replayed[0].attempt_no), (1, 4));
    store
        .record_attempt(
            &replayed[0],
            &attempt(&replayed[0], true),
            NextStep::Delivered,
        )
        .await
        .unwrap();
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!(
        (counts.pending, counts.delivered, counts.failed),
        (0, 40, 0)
    );
    assert!(!store.replay(OutboxId::new(999_999), t(1)).await.unwrap());
}

async fn misc_story(store: Arc<dyn Store>) {
    // Id blocks never overlap, even when reserved concurrently.
    let mut handles = vec![];
    for _ in 0..8 {
        let s = store.clone();
        handles.push(tokio::spawn(async move {
            s.reserve_ids("payment", 10).await.unwrap()
        }));
    }
    let mut all = HashSet::new();
    for h in handles {
        for id in h.await.unwrap() {
            assert!(all.insert(id));
        }
    }
    assert_eq!(all.len(), 80);

    assert_eq!(store.setting("clock").await.unwrap(), None);
    store.set_setting("clock", 5).await.unwrap();
    store.set_setting("clock", 7).await.unwrap();
    assert_eq!(store.setting("clock").await.unwrap(), Some(7));

    let phone = PhoneNumber::parse("01099998888").unwrap();
    let sms = |text: &str| OutboxMessage {
        kind: "payapp.sms".into(),
        protocol: Protocol::PayApp,
        payment_id: None,
        channel: Channel::Sms {
            phone: phone.clone(),
        },
        body: text.into(),
        success: SuccessRule::Status2xx,
        retry: RetryPolicy::once(),
    };
    store
        .commit(
            Change::default().with_outbox([sms("first"), sms("second")]),
            t(1),
        )
        .await
        .unwrap();
    let got = store.sms_to(&phone, 10).await.unwrap();
    assert_eq!(
        got.iter()
            .map(|r| r.message.body.as_str())
            .collect::<Vec<_>>(),
        ["second", "first"]
    );
}

macro_rules! stories {
    ($($name:ident),*) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let db = super::TestDatabase::sqlite().unwrap();
                super::$name(gyeolje_store::open(&db.url).await.unwrap()).await;
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(db) = super::TestDatabase::postgres(stringify!($name)).await else { return };
                super::$name(gyeolje_store::open(&db.url).await.unwrap()).await;
                db.cleanup().await;
            })*
        }
    };
}

stories!(
    payment_story,
    expiry_story,
    outbox_story,
    misc_story,
    cash_receipt_story
);
