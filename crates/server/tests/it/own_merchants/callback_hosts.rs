//! `--callback-hosts`: a merchant that lists its hosts gets its callbacks
//! only there. A request naming another host is refused in the protocol's
//! own shape — PayApp errno 70020 on `feedbackurl`, the InnoPay §4.4
//! setting's `resultCode`, iPay cart code −7 (`service_url`) — and nothing
//! is created or stored.

use super::{Via, create};
use crate::support::{Sink, TestServer};
use gyeolje_core::Protocol;
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::xml::Element;
use serde_json::{Value, json};

#[tokio::test]
async fn callbacks_only_reach_the_merchants_own_hosts() {
    let server = super::server("sqlite", "").await.unwrap();
    let sink = Sink::start().await;
    sink.answer_by_default("SUCCESS");
    // The sink listens on 127.0.0.1; `localhost` is another host name.
    create(
        &server,
        Via::Cli,
        &[
            ("--name", "호스트 제한"),
            ("--payapp-userid", "hosted"),
            ("--innopay-mid", "hostedm"),
            ("--ipay-seller-id", "hosteds"),
            ("--ipay-ticket", "HOSTED-TICKET"),
        ],
    )
    .await;
    let db = server.app.config.database.clone();
    crate::support::cli(&[
        "merchant",
        "update",
        "hosted",
        "--callback-hosts",
        "127.0.0.1",
        "--database",
        &db,
    ])
    .await;
    let elsewhere = sink.url("/fb").replace("127.0.0.1", "localhost");

    // PayApp
    let refused = server
        .api(&[
            ("cmd", "payrequest"),
            ("userid", "hosted"),
            ("goodname", "x"),
            ("price", "1000"),
            ("recvphone", "01012345678"),
            ("feedbackurl", &elsewhere),
        ])
        .await;
    assert_eq!(
        (refused.get("state"), refused.get("errno")),
        ("0", "70020"),
        "{}",
        refused.1
    );
    assert!(
        refused.get("errorMessage").contains("localhost"),
        "{}",
        refused.1
    );
    let (mul_no, _) = server
        .pay_request(&[("userid", "hosted"), ("feedbackurl", &sink.url("/fb"))])
        .await;
    assert!(mul_no > 0);
    let merchant = server
        .app
        .store
        .merchant_by_payapp_userid("hosted")
        .await
        .unwrap()
        .unwrap();
    let payments = count(&server, merchant.id, Protocol::PayApp).await;
    assert_eq!(payments, 1, "the refused request stored nothing");

    // InnoPay §4.4: the setting is refused and not stored.
    let license = server
        .app
        .store
        .merchant_by_innopay_mid("hostedm")
        .await
        .unwrap()
        .unwrap()
        .innopay
        .unwrap()
        .license_key;
    let resp = server
        .http
        .put(format!(
            "{}/admin/innopay/hostedm/notify-settings/card",
            server.base
        ))
        .bearer_auth(license.expose())
        .json(&json!({"url": elsewhere, "interval": 1, "count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_ne!(body["resultCode"], "0000", "{body}");
    let stored = server
        .app
        .store
        .merchant_by_innopay_mid("hostedm")
        .await
        .unwrap()
        .unwrap();
    assert!(stored.innopay.unwrap().notify.card.is_none());

    // iPay: −7, no cart.
    let ipay = IpayClient::new(&server.base, "HOSTED-TICKET");
    let order = |service_url: &str| {
        Element::new("ORDER")
            .with_attr("payment_rule", "0")
            .with_attr("pay_price", "12500")
            .with_attr("shipping_price", "2500")
            .with_attr("shipping_type", "3")
            .with_attr("back_url", "http://127.0.0.1/back")
            .with_attr("service_url", service_url)
            .with_attr("redirect_url", "http://127.0.0.1/done")
    };
    let item = || {
        vec![
            Element::new("IpayServiceItems")
                .with_attr("item_name", "상품")
                .with_attr("ipay_itemno", "A-1")
                .with_attr("item_option_name", "")
                .with_attr("item_price", "10000")
                .with_attr("order_qty", "1")
                .with_attr("item_url", "http://127.0.0.1/item")
                .with_attr("thumbnail_url", "http://127.0.0.1/t.jpg"),
        ]
    };
    let code = ipay
        .insert_order_to_long(order(&elsewhere), item())
        .await
        .unwrap();
    assert_eq!(code, -7);
    let seller = server
        .app
        .store
        .merchant_by_ipay_seller("hosteds")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        count(&server, seller.id, Protocol::Ipay).await,
        0,
        "the refused cart stored nothing"
    );
    let cart = ipay
        .insert_order_to_long(order(&sink.url("/ipay")), item())
        .await
        .unwrap();
    assert!(cart > 0, "{cart}");
    server.stop().await;
}

/// How many payments of `protocol` the merchant has.
async fn count(
    server: &TestServer,
    merchant: gyeolje_core::MerchantId,
    protocol: Protocol,
) -> usize {
    let filter = gyeolje_store::PaymentFilter {
        merchant: Some(merchant),
        protocol: Some(protocol),
        ..Default::default()
    };
    server
        .app
        .store
        .payments_matching(&filter)
        .await
        .unwrap()
        .len()
}
