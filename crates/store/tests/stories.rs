//! Storage stories, run against every backend: SQLite always, PostgreSQL
//! when `GYEOLJE_TEST_POSTGRES_URL` is set (see `gyeolje_store::testing`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gyeolje_core::*;
use gyeolje_store::testing::TestDatabase;
use gyeolje_store::{ClockScope, LeaseTimes, OutboxFilter, Store, StoreError};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

#[path = "stories/acquirer_books.rs"]
mod acquirer_books;
use acquirer_books::acquirer_books_story;
#[path = "stories/attempts.rs"]
mod attempts;
use attempts::bulk_attempt_story;
#[path = "stories/cash_receipts.rs"]
mod cash_receipts;
use cash_receipts::cash_receipt_story;
#[path = "stories/clocks.rs"]
mod clocks;
use clocks::merchant_clock_story;
#[path = "stories/console.rs"]
mod console;
use console::console_story;
#[path = "stories/escrow.rs"]
mod escrow;
#[path = "stories/faults.rs"]
mod faults;
use faults::fault_story;
#[path = "stories/innopay.rs"]
mod innopay;
#[path = "stories/lookup.rs"]
mod lookup;
#[path = "stories/merchants.rs"]
mod merchants;
use escrow::escrow_story;
use innopay::innopay_story;
use lookup::{lookup_story, open_existing_story};
use merchants::merchant_admin_story;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

async fn merchant(store: &dyn Store, userid: &str) -> Merchant {
    store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
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
            reference: None,
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
            installment_months: 0,
            approved_at: t(20),
        },
        settle_due: Some(t(100)),
        payer: Default::default(),
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
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
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

/// Concurrent commits share transactions (group commit): a change that loses
/// its version race fails alone, and every other change in the same batch is
/// committed.
async fn group_commit_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "group").await;
    let p = new_payment(&*store, &m, "GGGGGGGGGGGGGGG1", 100_000).await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let store = store.clone();
        let (p, m) = (p.clone(), m.clone());
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                // Thirty rivals approving the same version: one may win.
                let tr = p.handle(approve(), t(20)).unwrap();
                store
                    .commit(Change::transition(p.version, tr), t(20))
                    .await
                    .map(|_| "approve")
            } else {
                let id = store.reserve_ids("payment", 1).await.unwrap().start;
                let (np, e) = Payment::create(
                    NewPayment {
                        id: PaymentId::new(id),
                        protocol: Protocol::PayApp,
                        merchant_id: m.id,
                        page_code: PageCode::parse(&format!("H{:015}", i)).unwrap(),
                        amount: Won::new(500).unwrap(),
                        goods_name: "g".into(),
                        buyer_phone: None,
                        expires_at: t(100_000),
                        reference: None,
                        protocol_data: serde_json::Value::Null,
                    },
                    t(10),
                );
                store
                    .commit(Change::create(np, e), t(10))
                    .await
                    .map(|_| "create")
            }
        }));
    }
    let mut approved = 0;
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok("approve") => approved += 1,
            Ok(_) => created += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((approved, created), (1, 30));
    assert_eq!(
        store.events(p.id).await.unwrap().len(),
        2,
        "one approval event, no more"
    );
    assert_eq!(
        store.payment(p.id).await.unwrap().unwrap().state,
        PaymentState::Paid
    );
}

async fn settlement_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "settle").await;
    let p = new_payment(&*store, &m, "DDDDDDDDDDDDDDD1", 100_000).await;
    let paid = p.handle(approve(), t(20)).unwrap();
    store
        .commit(Change::transition(p.version, paid.clone()), t(20))
        .await
        .unwrap();
    assert!(
        store
            .due_settlements(t(99), ClockScope::All, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = store
        .due_settlements(t(100), ClockScope::All, 10)
        .await
        .unwrap();
    assert_eq!(due.iter().map(|p| p.id).collect::<Vec<_>>(), [p.id]);
    let settled = due[0].handle(Command::Settle, t(100)).unwrap();
    store
        .commit(Change::transition(due[0].version, settled), t(100))
        .await
        .unwrap();
    assert!(
        store
            .due_settlements(t(1_000), ClockScope::All, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.payment(p.id).await.unwrap().unwrap().is_settled());
}

async fn expiry_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "exp").await;
    let early = new_payment(&*store, &m, "BBBBBBBBBBBBBBB1", 50).await;
    let _late = new_payment(&*store, &m, "BBBBBBBBBBBBBBB2", 5_000).await;
    let due = store
        .due_expirations(t(100), ClockScope::All, 10)
        .await
        .unwrap();
    assert_eq!(due.iter().map(|p| p.id).collect::<Vec<_>>(), [early.id]);
}

fn times(business: i64, wall: i64) -> LeaseTimes {
    LeaseTimes {
        business_now: t(business),
        wall_now: t(wall),
        lease_for: Duration::from_millis(1000),
        clock: ClockScope::All,
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

    // Under load one worker may lease them all; take the first of either.
    let all: Vec<&Lease> = a.iter().chain(&b).collect();
    let first = all[0];
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
    for l in all.iter().skip(1) {
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

/// Leases handed back unattempted (the delivery pool's deferral): the
/// reserved attempt number is returned, the message is due no earlier than
/// asked (never earlier than it was), and a lease lost meanwhile is left
/// alone. The lease also names the payment's merchant.
async fn release_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "release").await;
    let p = new_payment(&*store, &m, "CCCCCCCCCCCCCCC2", 100_000).await;
    let msgs: Vec<_> = (0..3)
        .map(|i| http(p.id, "http://x/", &format!("n={i}")))
        .collect();
    store
        .commit(Change::default().with_outbox(msgs), t(10))
        .await
        .unwrap();
    let leased = store.lease_outbox(times(10, 10), 10, "a", 1).await.unwrap();
    assert_eq!(leased.len(), 3);
    assert!(leased.iter().all(|l| l.merchant_id == Some(m.id)));
    // The leases lapse and another worker takes them; the first worker's
    // hand-back of one of them then changes nothing.
    let lost = leased[2].clone();
    let retaken = store
        .lease_outbox(times(10, 1_011), 10, "b", 2)
        .await
        .unwrap();
    assert_eq!(retaken.len(), 3, "every lease lapsed at wall 1,011");
    let mine: Vec<Lease> = retaken[..2].to_vec();
    assert_eq!(store.release_leases(&mine, t(5_000)).await.unwrap(), 2);
    assert_eq!(
        store
            .release_leases(std::slice::from_ref(&lost), t(5_000))
            .await
            .unwrap(),
        0
    );
    for l in &mine {
        let r = store.outbox_get(l.id).await.unwrap().unwrap();
        assert_eq!((r.state, r.attempts), (OutboxState::Pending, 1));
        assert_eq!(r.next_attempt_at, t(5_000));
    }
    // Not due before then; then the same attempt number again.
    assert!(
        store
            .lease_outbox(times(4_999, 1_500), 10, "c", 3)
            .await
            .unwrap()
            .is_empty()
    );
    let again = store
        .lease_outbox(times(5_000, 1_500), 10, "c", 3)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|l| l.attempt_no).collect::<Vec<_>>(),
        [2, 2]
    );
    // Handing back never makes a message due earlier than it was.
    store.release_leases(&again, t(1)).await.unwrap();
    let r = store.outbox_get(again[0].id).await.unwrap().unwrap();
    assert_eq!(r.next_attempt_at, t(5_000));
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

fn new_seller(userid: &str, kind: SellerKind, parent: Option<&str>) -> NewSeller {
    NewSeller {
        name: format!("{userid} 상점"),
        account: PayAppAccount {
            userid: userid.into(),
            linkkey: Secret::new(format!("{userid}-key")),
            linkval: Secret::new(format!("{userid}-val")),
            common_feedbackurl: None,
        },
        kind,
        parent: parent.map(str::to_owned),
        profile: None,
        password: None,
    }
}

fn sub_account(subuserid: &str, merchant: MerchantId, bits: u8) -> SubAccount {
    SubAccount {
        subuserid: subuserid.into(),
        merchant_id: merchant,
        password: PasswordHash::from_stored("sha256i$1$00$00"),
        subname: "직원".into(),
        subetc1: "본사".into(),
        subetc2: "기획팀".into(),
        subetc3: String::new(),
        subjtype: "대리".into(),
        permissions: Permissions::new(bits).unwrap(),
        created_at: t(5),
    }
}

/// The seller hierarchy and sub-accounts: registration with a profile and a
/// parent, one userid namespace across accounts and sub-accounts (also for
/// accounts made with `create_merchant`), and plain merchants read as
/// parentless sellers.
async fn seller_story(store: Arc<dyn Store>) {
    let plain = merchant(&*store, "plainseller").await;
    let agency = store
        .register_seller(new_seller("agency1", SellerKind::Agency, None), t(2))
        .await
        .unwrap();
    assert_eq!(agency.payapp.as_ref().unwrap().userid, "agency1");
    assert_eq!(
        store.merchant_by_payapp_userid("agency1").await.unwrap(),
        Some(agency.clone())
    );

    let profile = SellerProfile {
        sellername: "홍길동상회".into(),
        phone: PhoneNumber::parse("01012345678").unwrap(),
        email: "a@b.kr".into(),
        usertype: UserType::Business,
        username: None,
        compregno: Some("1234567890".into()),
        compname: Some("길동".into()),
        biztype1: Some("도소매".into()),
        biztype2: Some("전자상거래".into()),
        ceo_nm: Some("홍길동".into()),
        zipcode: None,
        addr1: Some("서울".into()),
        addr2: None,
        homepage: None,
        compbank: None,
        compbanknum: None,
        compbankname: None,
        bizkind: "쇼핑몰사업자".into(),
        join_type: JoinType::Paid,
    };
    let mut reseller = new_seller("reseller1", SellerKind::Reseller, Some("agency1"));
    reseller.profile = Some(profile.clone());
    reseller.password = Some(PasswordHash::from_stored("sha256i$1$ab$cd"));
    let reseller = store.register_seller(reseller, t(3)).await.unwrap();

    let got = store.payapp_seller("reseller1").await.unwrap().unwrap();
    assert_eq!(got.merchant_id, reseller.id);
    assert_eq!(got.kind, SellerKind::Reseller);
    assert_eq!(got.parent.as_deref(), Some("agency1"));
    assert_eq!(got.profile, Some(profile));
    assert_eq!(got.password.unwrap().as_stored(), "sha256i$1$ab$cd");

    let plain_seller = store.payapp_seller("plainseller").await.unwrap().unwrap();
    assert_eq!(plain_seller.merchant_id, plain.id);
    assert_eq!(plain_seller.kind, SellerKind::Seller);
    assert_eq!(plain_seller.parent, None);
    assert_eq!(plain_seller.profile, None);
    assert!(store.payapp_seller("nobody").await.unwrap().is_none());

    let kinds: Vec<(String, SellerKind)> = store
        .list_payapp_sellers()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.userid, s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("plainseller".to_owned(), SellerKind::Seller),
            ("agency1".to_owned(), SellerKind::Agency),
            ("reseller1".to_owned(), SellerKind::Reseller),
        ]
    );

    // A taken userid is a conflict and leaves nothing behind.
    let before = store.list_merchants().await.unwrap().len();
    let dup = store
        .register_seller(new_seller("agency1", SellerKind::Seller, None), t(4))
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    assert_eq!(store.list_merchants().await.unwrap().len(), before);

    // Sub-accounts share the namespace with accounts, both ways.
    store
        .create_sub_account(sub_account("staff1", reseller.id, 5))
        .await
        .unwrap();
    let sub = store.sub_account("staff1").await.unwrap().unwrap();
    assert_eq!(sub, sub_account("staff1", reseller.id, 5));
    assert!(store.sub_account("reseller1").await.unwrap().is_none());
    for taken in ["staff1", "reseller1", "plainseller"] {
        assert!(store.payapp_userid_taken(taken).await.unwrap(), "{taken}");
        let again = store
            .create_sub_account(sub_account(taken, plain.id, 1))
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "{taken}: {again:?}"
        );
    }
    assert!(!store.payapp_userid_taken("free1").await.unwrap());
    let as_seller = store
        .register_seller(new_seller("staff1", SellerKind::Seller, None), t(6))
        .await;
    assert!(
        matches!(as_seller, Err(StoreError::Conflict(_))),
        "{as_seller:?}"
    );
    let as_merchant = store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "x".into(),
                payapp: new_seller("staff1", SellerKind::Seller, None)
                    .account
                    .into(),
            },
            t(6),
        )
        .await;
    assert!(
        matches!(as_merchant, Err(StoreError::Conflict(_))),
        "{as_merchant:?}"
    );
    assert_eq!(store.list_merchants().await.unwrap().len(), before);

    // Concurrent claims of one new id: exactly one wins.
    let tries = (0..8).map(|i| {
        let store = store.clone();
        let owner = if i % 2 == 0 { plain.id } else { reseller.id };
        tokio::spawn(async move {
            if i % 3 == 0 {
                store
                    .register_seller(new_seller("raced", SellerKind::Seller, None), t(7))
                    .await
                    .map(drop)
            } else {
                store
                    .create_sub_account(sub_account("raced", owner, 1))
                    .await
            }
        })
    });
    let mut won = 0;
    for handle in tries.collect::<Vec<_>>() {
        match handle.await.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 1);
}

/// Many creations at once, as a busy gateway writes them: each with its own
/// messages, and pairs racing for one merchant order number. Batches of
/// several creations are written in bulk on PostgreSQL (`pg_bulk`); either
/// way every caller gets the ids of its own messages, and of each pair one
/// wins and the other is refused alone.
async fn bulk_creation_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "bulk").await;
    // First thirty-two with nothing in common, then eight pairs of rivals.
    let mut results = Vec::new();
    for phase in [0..32i64, 32..48] {
        let mut tasks = Vec::new();
        for i in phase {
            let store = store.clone();
            let m = m.clone();
            tasks.push(tokio::spawn(async move {
                let id = PaymentId::new(store.reserve_ids("payment", 1).await.unwrap().start);
                let (p, e) = Payment::create(
                    NewPayment {
                        id,
                        protocol: Protocol::InnoPay,
                        merchant_id: m.id,
                        page_code: PageCode::parse(&format!("B{i:015}")).unwrap(),
                        amount: Won::new(1000 + i).unwrap(),
                        goods_name: "bulk".into(),
                        buyer_phone: None,
                        expires_at: t(100_000),
                        // Tasks 40..47 race tasks 32..39 for the same order number.
                        reference: Some(format!("moid-{}", if i >= 40 { i - 8 } else { i })),
                        protocol_data: serde_json::Value::Null,
                    },
                    t(10),
                );
                let messages: Vec<OutboxMessage> = (0..(i % 3))
                    .map(|k| http(id, "http://127.0.0.1:9/fb", &format!("p={i}&k={k}")))
                    .collect();
                let result = store
                    .commit(Change::create(p, e).with_outbox(messages), t(10))
                    .await;
                (i, id, result)
            }));
        }
        for task in tasks {
            results.push(task.await.unwrap());
        }
    }
    let mut won = HashSet::new();
    let mut refused = 0;
    for (i, id, result) in results {
        match result {
            Ok(ids) => {
                assert_eq!(ids.len(), usize::try_from(i % 3).unwrap(), "task {i}");
                for (k, oid) in ids.iter().enumerate() {
                    let r = store.outbox_get(*oid).await.unwrap().unwrap();
                    assert_eq!(r.message.body, format!("p={i}&k={k}"));
                    assert_eq!(r.message.payment_id, Some(id));
                }
                assert_eq!(store.events(id).await.unwrap().len(), 1);
                won.insert(if i >= 40 { i - 8 } else { i });
            }
            Err(StoreError::Conflict(_)) => {
                assert!(i >= 32, "task {i} had no rival");
                refused += 1;
                assert!(store.payment(id).await.unwrap().is_none());
            }
            Err(e) => panic!("task {i}: {e:?}"),
        }
    }
    assert_eq!((won.len(), refused), (40, 8));
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
    settlement_story,
    group_commit_story,
    bulk_creation_story,
    outbox_story,
    release_story,
    bulk_attempt_story,
    misc_story,
    seller_story,
    cash_receipt_story,
    innopay_story,
    escrow_story,
    console_story,
    fault_story,
    lookup_story,
    merchant_admin_story,
    merchant_clock_story,
    acquirer_books_story
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_existing_sqlite() {
    let db = TestDatabase::sqlite().unwrap();
    open_existing_story(gyeolje_store::open(&db.url).await.unwrap(), &db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_existing_postgres() {
    let Some(db) = TestDatabase::postgres("open_existing").await else {
        return;
    };
    open_existing_story(gyeolje_store::open(&db.url).await.unwrap(), &db.url).await;
    db.cleanup().await;
}
