//! Payment lookup for operators: the filtered list newest first, free
//! text by number or part of a reference, payments by reference across
//! merchants — and opening a database read-only, which must find it
//! already there and migrated.

use super::t;
use gyeolje_core::*;
use gyeolje_store::{PaymentFilter, Store, StoreError};
use std::sync::Arc;

async fn shop(store: &dyn Store, userid: &str) -> Merchant {
    store
        .create_merchant(
            NewMerchant {
                name: format!("상점 {userid}"),
                payapp: Some(PayAppAccount {
                    userid: userid.into(),
                    linkkey: Secret::new("key"),
                    linkval: Secret::new("val"),
                    common_feedbackurl: None,
                }),
                innopay: None,
                ipay: None,
                callback_hosts: Vec::new(),
            },
            t(1),
        )
        .await
        .unwrap()
}

/// Commits a payment of `protocol` requested at `at` with `reference`.
async fn pay_request(
    store: &dyn Store,
    m: &Merchant,
    protocol: Protocol,
    at: i64,
    reference: Option<&str>,
) -> Payment {
    let id = store.reserve_ids("payment", 1).await.unwrap().start;
    let (p, e) = Payment::create(
        NewPayment {
            id: PaymentId::new(id),
            protocol,
            merchant_id: m.id,
            page_code: PageCode::parse(&format!("look{id:012}")).unwrap(),
            amount: Won::new(1000).unwrap(),
            goods_name: "상품".into(),
            buyer_phone: None,
            expires_at: t(1_000_000),
            reference: reference.map(str::to_owned),
            protocol_data: serde_json::Value::Null,
        },
        t(at),
    );
    store
        .commit(Change::create(p.clone(), e), t(at))
        .await
        .unwrap();
    p
}

fn ids(found: &[Payment]) -> Vec<PaymentId> {
    found.iter().map(|p| p.id).collect()
}

pub async fn lookup_story(store: Arc<dyn Store>) {
    let a = shop(&*store, "shop_a").await;
    let b = shop(&*store, "shop_b").await;
    let p1 = pay_request(&*store, &a, Protocol::PayApp, 100, None).await;
    let p2 = pay_request(&*store, &a, Protocol::InnoPay, 200, Some("Order_%1")).await;
    let p3 = pay_request(&*store, &b, Protocol::InnoPay, 300, Some("order-77")).await;
    let p4 = pay_request(&*store, &b, Protocol::Ipay, 400, None).await;
    // p1 is cancelled before payment.
    let t1 = p1
        .handle(
            Command::CancelRequest {
                origin: CancelOrigin::Operator,
                memo: String::new(),
            },
            t(500),
        )
        .unwrap();
    store
        .commit(Change::transition(p1.version, t1), t(500))
        .await
        .unwrap();

    let all = |f: PaymentFilter| {
        let store = store.clone();
        async move { ids(&store.payments_matching(&f).await.unwrap()) }
    };
    // Newest request first.
    assert_eq!(
        all(PaymentFilter::default()).await,
        [p4.id, p3.id, p2.id, p1.id]
    );
    assert_eq!(
        all(PaymentFilter {
            limit: 2,
            ..Default::default()
        })
        .await,
        [p4.id, p3.id]
    );
    assert_eq!(
        all(PaymentFilter {
            merchant: Some(a.id),
            ..Default::default()
        })
        .await,
        [p2.id, p1.id]
    );
    assert_eq!(
        all(PaymentFilter {
            protocol: Some(Protocol::InnoPay),
            ..Default::default()
        })
        .await,
        [p3.id, p2.id]
    );
    assert_eq!(
        all(PaymentFilter {
            state: Some(PaymentState::RequestCancelled),
            ..Default::default()
        })
        .await,
        [p1.id]
    );
    assert_eq!(
        all(PaymentFilter {
            since: Some(t(300)),
            ..Default::default()
        })
        .await,
        [p4.id, p3.id]
    );
    assert_eq!(
        all(PaymentFilter {
            merchant: Some(b.id),
            protocol: Some(Protocol::InnoPay),
            since: Some(t(300)),
            state: Some(PaymentState::Requested),
            ..Default::default()
        })
        .await,
        [p3.id]
    );
    // Free text: a number exactly, part of a reference in any ASCII case,
    // LIKE's wildcards literally.
    let q = |text: &str| PaymentFilter {
        q: Some(text.to_owned()),
        ..Default::default()
    };
    assert_eq!(all(q(&p4.id.to_string())).await, [p4.id]);
    assert_eq!(all(q("ORDER")).await, [p3.id, p2.id]);
    assert_eq!(all(q("r_%1")).await, [p2.id]);
    assert_eq!(all(q("r%")).await, Vec::<PaymentId>::new());
    assert_eq!(all(q("-77")).await, [p3.id]);
    assert_eq!(all(q("  ")).await.len(), 4, "blank text filters nothing");

    // By reference across merchants, exactly.
    let p5 = pay_request(&*store, &a, Protocol::InnoPay, 600, Some("order-77")).await;
    let found = store
        .payments_with_reference(Protocol::InnoPay, "order-77", 10)
        .await
        .unwrap();
    assert_eq!(ids(&found), [p5.id, p3.id]);
    let found = store
        .payments_with_reference(Protocol::Ipay, "order-77", 10)
        .await
        .unwrap();
    assert!(found.is_empty());
    let found = store
        .payments_with_reference(Protocol::InnoPay, "order", 10)
        .await
        .unwrap();
    assert!(found.is_empty(), "exact only");
}

/// A database opened for reading must exist and be migrated: the open
/// never creates the file (SQLite) or the schema (PostgreSQL).
pub async fn open_existing_story(store: Arc<dyn Store>, url: &str) {
    let a = shop(&*store, "shop_r").await;
    let p = pay_request(&*store, &a, Protocol::PayApp, 100, None).await;
    let reader = gyeolje_store::open_existing(url).await.unwrap();
    assert_eq!(
        reader.payment(p.id).await.unwrap().map(|p| p.id),
        Some(p.id)
    );
}

#[tokio::test]
async fn a_missing_sqlite_file_is_not_created() {
    let dir = tempfile_dir();
    let path = dir.join("nothing/here.db");
    let url = format!("sqlite://{}", path.display());
    let Err(e) = gyeolje_store::open_existing(&url).await else {
        panic!("opened a database that does not exist");
    };
    assert!(matches!(e, StoreError::Missing(_)), "{e:?}");
    assert!(e.to_string().contains(&url), "{e}");
    assert!(!path.exists() && !path.parent().unwrap().exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_empty_sqlite_file_has_no_schema() {
    let dir = tempfile_dir();
    let path = dir.join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let url = format!("sqlite://{}", path.display());
    let Err(e) = gyeolje_store::open_existing(&url).await else {
        panic!("opened a database without a schema");
    };
    assert!(e.to_string().contains("no gyeolje schema"), "{e}");
    assert!(e.to_string().contains(&url), "{e}");
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        0,
        "nothing written"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_postgres_schema_that_is_not_there_is_not_created() {
    let Some(db) = gyeolje_store::testing::TestDatabase::postgres("open_existing_empty").await
    else {
        return;
    };
    let Err(e) = gyeolje_store::open_existing(&db.url).await else {
        panic!("opened a schema without tables");
    };
    assert!(e.to_string().contains("no gyeolje schema"), "{e}");
    // Still empty: opening it normally now applies every migration.
    let store = gyeolje_store::open(&db.url).await.unwrap();
    assert!(store.list_merchants().await.unwrap().is_empty());
    db.cleanup().await;
}

fn tempfile_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gyeolje-open-existing-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
