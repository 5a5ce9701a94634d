//! InnoPay accounts: credentials, §4.4 notification settings read fresh, and
//! the merchant order number (`moid`) that may be used once per merchant.

use super::t;
use gyeolje_core::*;
use gyeolje_store::{Store, StoreError};
use std::sync::Arc;

fn account(mid: &str) -> InnoPayAccount {
    InnoPayAccount {
        mid: mid.into(),
        license_key: Secret::new("Ma29gyAFhvv/+e4/AHpV6pISQlvSKziLlbrNoXPbRS5n=="),
        cancel_pwd: Secret::new("123456"),
        pg_mids: vec![
            PgMid {
                pg_mid: "nictest14m".into(),
                product_code: "03".into(),
            },
            PgMid {
                pg_mid: "2999199999".into(),
                product_code: "04".into(),
            },
        ],
        notify: NotifySettings::default(),
    }
}

fn payment_with_moid(id: i64, m: &Merchant, moid: &str) -> (Payment, EventRecord) {
    Payment::create(
        NewPayment {
            id: PaymentId::new(id),
            protocol: Protocol::InnoPay,
            merchant_id: m.id,
            page_code: PageCode::parse(&format!("inno{id:012}")).unwrap(),
            amount: Won::new(10_005).unwrap(),
            goods_name: "테스트상품".into(),
            buyer_phone: None,
            expires_at: t(1_000_000),
            reference: Some(moid.into()),
            protocol_data: serde_json::Value::Null,
        },
        t(2),
    )
}

pub async fn innopay_story(store: Arc<dyn Store>) {
    let m = store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                name: "테스트가맹점".into(),
                payapp: None,
                innopay: Some(account("testpay01m")),
                ipay: None,
            },
            t(1),
        )
        .await
        .unwrap();
    let found = store
        .merchant_by_innopay_mid("testpay01m")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, m.id);
    let inno = found.innopay.unwrap();
    assert_eq!(inno.pg_mid_for("04").unwrap().pg_mid, "2999199999");
    assert!(inno.cancel_pwd.matches("123456"));
    assert!(inno.notify.card.is_none());
    assert!(
        store
            .merchant_by_innopay_mid("nobody")
            .await
            .unwrap()
            .is_none()
    );

    // Settings apply from the next read, and can be replaced and removed.
    let setting =
        NotifySetting::parse(Some("http://127.0.0.1:1/noti"), Some("5"), Some("3"), t(7)).unwrap();
    store
        .set_innopay_notify_setting(m.id, NotifyMethod::Card, Some(&setting))
        .await
        .unwrap();
    let read = store
        .merchant(m.id)
        .await
        .unwrap()
        .unwrap()
        .innopay
        .unwrap()
        .notify;
    assert_eq!(read.card.as_ref(), Some(&setting));
    assert!(read.cash.is_none());
    let replaced = NotifySetting {
        interval_minutes: 60,
        ..setting.clone()
    };
    store
        .set_innopay_notify_setting(m.id, NotifyMethod::Card, Some(&replaced))
        .await
        .unwrap();
    let listed = store.list_merchants().await.unwrap();
    let mine = listed.iter().find(|x| x.id == m.id).unwrap();
    assert_eq!(
        mine.innopay.as_ref().unwrap().notify.card.as_ref(),
        Some(&replaced)
    );
    store
        .set_innopay_notify_setting(m.id, NotifyMethod::Card, None)
        .await
        .unwrap();
    let read = store
        .merchant(m.id)
        .await
        .unwrap()
        .unwrap()
        .innopay
        .unwrap()
        .notify;
    assert!(read.card.is_none());

    // A mid is one merchant's.
    let again = store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                name: "x".into(),
                payapp: None,
                innopay: Some(account("testpay01m")),
                ipay: None,
            },
            t(1),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");

    // One payment per merchant order number.
    let ids = store.reserve_ids("payment", 2).await.unwrap();
    let (p, e) = payment_with_moid(ids.start, &m, "test20180313001");
    store
        .commit(Change::create(p.clone(), e), t(2))
        .await
        .unwrap();
    let (dup, e) = payment_with_moid(ids.start + 1, &m, "test20180313001");
    let refused = store.commit(Change::create(dup, e), t(2)).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    let by_ref = store
        .payment_by_reference(m.id, Protocol::InnoPay, "test20180313001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_ref.id, p.id);
    assert_eq!(by_ref.reference.as_deref(), Some("test20180313001"));
    assert!(
        store
            .payment_by_reference(m.id, Protocol::PayApp, "test20180313001")
            .await
            .unwrap()
            .is_none()
    );
}
