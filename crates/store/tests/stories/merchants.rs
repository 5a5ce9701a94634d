//! Merchant administration (issue 14): one merchant holding all three
//! protocols' accounts, credentials rotated in place, iPay tickets added and
//! removed, callback hosts, and disabling — after which no credential finds
//! the merchant, while its id still does.

use super::t;
use gyeolje_core::*;
use gyeolje_store::Store;
use std::sync::Arc;

fn all_three() -> NewMerchant {
    NewMerchant {
        name: "세 프로토콜 상점".into(),
        payapp: Some(PayAppAccount {
            userid: "shop3".into(),
            linkkey: Secret::new("k1"),
            linkval: Secret::new("v1"),
            common_feedbackurl: None,
        }),
        innopay: Some(InnoPayAccount {
            mid: "shop3m".into(),
            license_key: Secret::new("L1"),
            cancel_pwd: Secret::new("111111"),
            pg_mids: vec![PgMid {
                pg_mid: "nictest14m".into(),
                product_code: "03".into(),
            }],
            notify: NotifySettings::default(),
        }),
        ipay: Some(IpayAccount {
            seller_id: "shop3s".into(),
            site_urls: vec!["http://a.example".into(), "http://b.example".into()],
        }),
        callback_hosts: vec!["a.example".into()],
    }
}

pub async fn merchant_admin_story(store: Arc<dyn Store>) {
    let m = store.create_merchant(all_three(), t(1)).await.unwrap();
    let read = store.merchant(m.id).await.unwrap().unwrap();
    assert_eq!(read, m, "a merchant reads back as created");
    assert_eq!(read.ipay.as_ref().unwrap().site_urls.len(), 2);
    assert_eq!(read.callback_hosts, vec!["a.example".to_owned()]);
    assert!(read.allows_callback_host("A.example") && !read.allows_callback_host("c.example"));

    // Tickets: several per seller, never shared between merchants.
    assert!(store.add_ipay_ticket(m.id, "h1").await.unwrap());
    assert!(store.add_ipay_ticket(m.id, "h2").await.unwrap());
    assert!(
        store.add_ipay_ticket(m.id, "h1").await.unwrap(),
        "idempotent"
    );
    let other = store
        .create_merchant(
            NewMerchant {
                name: "다른 상점".into(),
                ipay: Some(IpayAccount {
                    seller_id: "other".into(),
                    site_urls: Vec::new(),
                }),
                ..NewMerchant::default()
            },
            t(2),
        )
        .await
        .unwrap();
    assert!(!store.add_ipay_ticket(other.id, "h1").await.unwrap());
    assert_eq!(store.ipay_ticket_hashes(m.id).await.unwrap(), ["h1", "h2"]);
    assert!(store.ipay_ticket_hashes(other.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .merchant_by_ipay_ticket("h2")
            .await
            .unwrap()
            .unwrap()
            .id,
        m.id
    );
    assert!(store.remove_ipay_ticket(m.id, "h2").await.unwrap());
    assert!(!store.remove_ipay_ticket(other.id, "h1").await.unwrap());
    assert!(store.merchant_by_ipay_ticket("h2").await.unwrap().is_none());

    // Rotation: the old key is gone at once in this process.
    let mut rotated = read.clone();
    rotated.payapp.as_mut().unwrap().linkkey = Secret::new("k2");
    rotated.innopay.as_mut().unwrap().cancel_pwd = Secret::new("222222");
    rotated.name = "새 이름".into();
    assert!(store.update_merchant(&rotated).await.unwrap());
    let by_userid = store
        .merchant_by_payapp_userid("shop3")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_userid.payapp.unwrap().linkkey.expose(), "k2");
    assert_eq!(by_userid.name, "새 이름");
    let by_mid = store
        .merchant_by_innopay_mid("shop3m")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_mid.innopay.unwrap().cancel_pwd.expose(), "222222");

    // An account added later; one another merchant holds is a conflict.
    let mut added = store.merchant(other.id).await.unwrap().unwrap();
    added.payapp = Some(PayAppAccount {
        userid: "shop3".into(),
        linkkey: Secret::new("x"),
        linkval: Secret::new("y"),
        common_feedbackurl: None,
    });
    assert!(store.update_merchant(&added).await.is_err());
    added.payapp.as_mut().unwrap().userid = "other_pa".into();
    assert!(store.update_merchant(&added).await.unwrap());
    assert!(
        store
            .merchant_by_payapp_userid("other_pa")
            .await
            .unwrap()
            .is_some()
    );

    // Disabled: no credential finds it; its id and the list still do.
    let mut disabled = store.merchant(m.id).await.unwrap().unwrap();
    disabled.disabled_at = Some(t(5));
    assert!(store.update_merchant(&disabled).await.unwrap());
    assert!(
        store
            .merchant_by_payapp_userid("shop3")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .merchant_by_innopay_mid("shop3m")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .merchant_by_ipay_seller("shop3s")
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.merchant_by_ipay_ticket("h1").await.unwrap().is_none());
    let by_id = store.merchant(m.id).await.unwrap().unwrap();
    assert_eq!(by_id.disabled_at, Some(t(5)));
    assert!(
        store
            .list_merchants()
            .await
            .unwrap()
            .iter()
            .any(|x| x.id == m.id)
    );

    let mut unknown = by_id;
    unknown.id = MerchantId::new(999_999);
    assert!(!store.update_merchant(&unknown).await.unwrap());
}
