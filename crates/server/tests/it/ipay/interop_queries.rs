//! The §3.1.9 queries through SOAP, before and after payment, for the
//! seller's own carts, another seller's and unknown ones.

use super::interop_wire::{Cart, action, client, envelope11, op_element, php_client, post};
use crate::support::{Expect, SandboxPay, TestServer};
use gyeolje_core::{IpayAccount, NewMerchant, PaymentId};
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::soap::{self, Reply};
use gyeolje_ipay::xml::Limits;
use gyeolje_server::ipay::state::cart_of;
use gyeolje_server::ipay::ticket::ticket_hash;
use gyeolje_server::seed::IPAY_DEMO_TICKET_ASP;
use serde_json::json;

const ITEM: &str = "47245950";

/// A second iPay seller with its own ticket.
async fn other_seller(server: &TestServer) -> IpayClient {
    let store = &server.app.store;
    let m = store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                name: "다른 판매자".into(),
                payapp: None,
                innopay: None,
                ipay: Some(IpayAccount {
                    seller_id: "other".into(),
                    site_urls: Vec::new(),
                }),
            },
            server.app.now(),
        )
        .await
        .unwrap();
    store
        .add_ipay_ticket(m.id, &ticket_hash("OTHER-TICKET"))
        .await
        .unwrap();
    IpayClient::new(&server.base, "OTHER-TICKET")
}

async fn pay_no_of(server: &TestServer, cart: i64) -> i64 {
    let p = server
        .app
        .store
        .payment(PaymentId::new(cart))
        .await
        .unwrap()
        .unwrap();
    cart_of(&p).unwrap().pay_no.expect("a pay number")
}

#[tokio::test]
async fn order_confirm_receipt_status_and_means_for_a_card_payment() {
    let server = TestServer::start().await;
    let c = client(&server);
    let other = other_seller(&server).await;
    let cart = Cart::manual().insert(&c).await;

    assert_eq!(c.get_order_confirm(cart).await.unwrap(), 0, "주문전");
    assert_eq!(c.get_receipt_status(cart, ITEM).await.unwrap(), "주문전");
    assert_eq!(c.get_settlement_means(cart, ITEM).await.unwrap(), "");

    server
        .sandbox_pay_with(SandboxPay::ipay(cart), Expect::Approved)
        .await;
    let pay_no = c.get_order_confirm(cart).await.unwrap();
    assert!(pay_no > 1, "the pay number: {pay_no}");
    assert_eq!(pay_no, pay_no_of(&server, cart).await);
    // The manual's two tickets (ASP and PHP samples) are the same seller.
    assert_eq!(
        php_client(&server).get_order_confirm(cart).await.unwrap(),
        pay_no
    );
    assert_eq!(c.get_receipt_status(cart, ITEM).await.unwrap(), "결제완료");
    assert_eq!(c.get_settlement_means(cart, ITEM).await.unwrap(), "C");
    // An item not in the cart.
    assert_eq!(c.get_receipt_status(cart, "nope").await.unwrap(), "");

    // Another seller's cart, an unknown one.
    assert_eq!(other.get_order_confirm(cart).await.unwrap(), 1);
    assert_eq!(other.get_receipt_status(cart, ITEM).await.unwrap(), "");
    assert_eq!(other.get_settlement_means(cart, ITEM).await.unwrap(), "");
    assert!(other.get_account_numb(pay_no).await.is_err());
    assert_eq!(c.get_order_confirm(987_654_321_987).await.unwrap(), 1);
    assert_eq!(c.get_order_confirm(-5).await.unwrap(), 1);
    server.stop().await;
}

#[tokio::test]
async fn cancel_restriction_1_goes_straight_to_shipping_preparation() {
    let server = TestServer::start().await;
    let c = client(&server);
    let cart = Cart::manual()
        .item_set("cancel_restriction", "1")
        .insert(&c)
        .await;
    server
        .sandbox_pay_with(SandboxPay::ipay(cart), Expect::Approved)
        .await;
    assert_eq!(
        c.get_receipt_status(cart, ITEM).await.unwrap(),
        "배송준비중"
    );
    server.stop().await;
}

#[tokio::test]
async fn account_numb_of_a_card_payment_has_every_attribute() {
    let server = TestServer::start().await;
    let c = client(&server);
    let cart = Cart::manual().insert(&c).await;
    server
        .sandbox_pay_with(SandboxPay::ipay(cart), Expect::Approved)
        .await;
    let pay_no = c.get_order_confirm(cart).await.unwrap();

    // Raw: every attribute of IpayAccountNumbT is present on the result.
    let (status, text) = post(
        &server,
        envelope11(
            Some(IPAY_DEMO_TICKET_ASP),
            &op_element("GetIpayAccountNumb", &format!("<payno>{pay_no}</payno>")),
        ),
        "text/xml; charset=utf-8",
        Some(&action("GetIpayAccountNumb")),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let Ok(Reply::Response(r)) = soap::parse_reply(text.as_bytes(), Limits::default()) else {
        panic!("{text}")
    };
    let result = r.child("GetIpayAccountNumbResult").unwrap();
    let ty = gyeolje_ipay::ops::complex_type("IpayAccountNumbT").unwrap();
    for f in ty.fields {
        assert!(result.attr(f.name).is_some(), "{} missing: {text}", f.name);
    }

    let a = c.get_account_numb(pay_no).await.unwrap();
    assert_eq!(a.pay_no, pay_no);
    assert_eq!(a.ipay_cart_no, cart);
    assert!(a.order_no > 0);
    assert!(
        a.auction_order_nos.contains(&a.order_no.to_string()),
        "{a:?}"
    );
    assert_eq!(a.pay_price, 32300);
    assert_eq!(a.shipping_price, 2500);
    assert_eq!(a.discount_price, 0);
    assert_eq!(a.emoney, 0);
    assert_eq!(a.payment_type, "C");
    assert_eq!(a.service_url, "http://127.0.0.1:9/service?code=1&x=2");
    assert_eq!(a.redirect_url, "http://127.0.0.1:9/done");
    assert!(a.item_nos.contains(ITEM), "{a:?}");
    assert!(!a.ins_date.is_empty() && !a.pay_date.is_empty(), "{a:?}");
    assert!(!a.appr_numb.is_empty(), "{a:?}");
    assert!(!a.card_name.is_empty(), "{a:?}");
    assert_eq!(a.card_month, "00", "single payment: {a:?}");
    assert!(a.no_interest_yn == "Y" || a.no_interest_yn == "N", "{a:?}");
    assert!(
        a.bank_code.is_empty() && a.acct_numb.is_empty(),
        "no bank for a card: {a:?}"
    );
    assert!(a.expire_date.is_empty(), "{a:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_virtual_account_payment() {
    let server = TestServer::start().await;
    let c = client(&server);
    let cart = Cart::manual().insert(&c).await;
    let v = server
        .sandbox_pay_with(
            SandboxPay::ipay(cart).method("vbank"),
            Expect::AwaitingDeposit,
        )
        .await;
    assert_eq!(c.get_settlement_means(cart, ITEM).await.unwrap(), "A");
    assert_eq!(c.get_order_confirm(cart).await.unwrap(), 0, "not paid yet");
    let pay_no = pay_no_of(&server, cart).await;
    let a = c.get_account_numb(pay_no).await.unwrap();
    assert_eq!(a.payment_type, "A");
    assert!(!a.bank_code.is_empty() && !a.bank_name.is_empty(), "{a:?}");
    assert_eq!(a.acct_numb, v["vbankno"].as_str().unwrap(), "{a:?}");
    assert!(
        a.pay_date.is_empty(),
        "no pay date before the deposit: {a:?}"
    );
    assert!(!a.expire_date.is_empty(), "{a:?}");
    assert!(a.card_name.is_empty() && a.appr_numb.is_empty(), "{a:?}");

    let (status, d) = server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": "ipay", "reference": cart.to_string()}),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(c.get_order_confirm(cart).await.unwrap(), pay_no);
    assert_eq!(c.get_receipt_status(cart, ITEM).await.unwrap(), "결제완료");
    let a = c.get_account_numb(pay_no).await.unwrap();
    assert!(!a.pay_date.is_empty(), "{a:?}");
    server.stop().await;
}
