//! Each protocol's whole flow with every step on another node than the one
//! before: nothing a node knows only in its memory may be needed by the next.

use super::{CARD, Cluster, assert_delivered_once_each, settled};
use crate::support::process::Api;
use crate::support::{Expect, SandboxPay, Sink, eventually};
use gyeolje_innopay::{CancelRequest, InnoPayClient, SmsPayRequest};
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::soap::SoapVersion;
use gyeolje_ipay::xml::Element;
use gyeolje_server::seed::{
    INNOPAY_DEMO_CANCEL_PWD, INNOPAY_DEMO_LICENSE_KEY, INNOPAY_DEMO_MID, IPAY_DEMO_TICKET_PHP,
    PAYAPP_DEMO_LINKKEY,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const ROUNDS: usize = 6;

#[tokio::test]
async fn every_protocol_flow_crosses_three_nodes_on_one_postgres() {
    let Some(cluster) = Cluster::start("three_nodes_flows").await else {
        return;
    };
    let pids: BTreeMap<u32, String> = cluster
        .nodes
        .iter()
        .map(|n| (n.pid(), n.name.clone()))
        .collect();
    let payapp = Sink::start().await;
    let innopay = Sink::start().await;
    innopay.answer_by_default("0000");
    let ipay = Sink::start().await;
    ipay.answer_by_default("");
    set_innopay_notify(&cluster.node(0), &innopay.url("/noti")).await;

    for round in 0..ROUNDS {
        // PayApp: created on one node, paid on the next, cancelled on the third.
        let fb = payapp.url("/fb");
        let mul_no = cluster
            .node(round)
            .pay_request(&[("feedbackurl", &fb), ("var1", &format!("r{round}"))])
            .await;
        cluster.node(round + 1).sandbox_pay(mul_no, CARD).await;
        payapp_cancel(&cluster.node(round + 2), mul_no).await;

        // InnoPay: ordered on one node, its SMS read on the next, paid on the
        // third, cancelled on the first again.
        let moid = format!("nodes{round:03}");
        let tel = format!("0109000{round:04}");
        innopay_order(&cluster.node(round), &moid, &tel).await;
        let sms = sms_of(&cluster.node(round + 1), &tel).await;
        assert!(sms["text"].as_str().unwrap().contains("SMS"), "{sms}");
        let paid = pay(
            &cluster.node(round + 2),
            SandboxPay::innopay(INNOPAY_DEMO_MID, &moid).card(CARD),
        )
        .await;
        let tid = paid["tid"].as_str().unwrap().to_owned();
        innopay_cancel(&cluster.node(round), &tid).await;

        // iPay: the cart registered on one node, paid on the buyer's page on
        // the next, refused by the seller (IpayDenySell) on the third.
        let cart = ipay_register(&cluster.node(round), &ipay.url("/notice")).await;
        ipay_pay_on_page(&cluster.node(round + 1), cart).await;
        let orders = cluster
            .store
            .escrow_orders_of(gyeolje_core::PaymentId::new(cart))
            .await
            .unwrap();
        assert_eq!(orders.len(), 1, "{orders:?}");
        ipay_deny_sell(&cluster.node(round + 2), orders[0].order_no).await;
    }

    // PayApp: creation (synchronous, by the creating node), paid, cancelled —
    // each exactly once per payment.
    // (The sink keeps creation feedbacks apart from the rest.)
    let mut got = payapp.wait_for(2 * ROUNDS).await;
    got.extend(payapp.creations());
    let mut states: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &got {
        states
            .entry(f.field("mul_no"))
            .or_default()
            .push(f.field("pay_state"));
    }
    assert_eq!(states.len(), ROUNDS, "{states:?}");
    for (mul_no, s) in &states {
        let set: BTreeSet<&str> = s.iter().map(String::as_str).collect();
        assert_eq!(s.len(), 3, "{mul_no}: {s:?}");
        assert_eq!(set, BTreeSet::from(["1", "4", "9"]), "{mul_no}: {s:?}");
    }
    let rows = settled(&*cluster.store, "payapp.feedback", 2 * ROUNDS).await;
    let by_node = assert_delivered_once_each(&cluster, &rows, &pids).await;
    println!("payapp feedback attempts by node: {by_node:?}");

    // InnoPay: an approval and a cancel notification per order.
    let rows = settled(&*cluster.store, "innopay.notification", 2 * ROUNDS).await;
    assert_delivered_once_each(&cluster, &rows, &pids).await;
    assert_eq!(innopay.wait_for(2 * ROUNDS).await.len(), 2 * ROUNDS);

    // iPay: a completion and a cancel notice per cart.
    let completions = settled(&*cluster.store, "ipay.completion", ROUNDS).await;
    let cancels = settled(&*cluster.store, "ipay.cancel", ROUNDS).await;
    assert_delivered_once_each(&cluster, &completions, &pids).await;
    assert_delivered_once_each(&cluster, &cancels, &pids).await;
    assert_eq!(ipay.wait_for(2 * ROUNDS).await.len(), 2 * ROUNDS);

    // Nothing more arrives than what is on record (checked after every
    // message settled, so no attempt is still to come).
    assert_eq!(payapp.received().len(), 2 * ROUNDS);
    assert_eq!(payapp.creations().len(), ROUNDS);
    assert_eq!(innopay.received().len(), 2 * ROUNDS);
    assert_eq!(ipay.received().len(), 2 * ROUNDS);
    cluster.stop().await;
}

/// A node's sandbox pay, asserting approval.
async fn pay(node: &Api, body: SandboxPay) -> Value {
    let who = format!("{}: ", node.name);
    crate::support::sandbox_pay::post(&node.http, &node.base, &who, &body, Expect::Approved).await
}

async fn payapp_cancel(node: &Api, mul_no: i64) {
    let text = node
        .http
        .post(format!("{}/oapi/apiLoad.html", node.base))
        .form(&[
            ("cmd", "paycancel"),
            ("userid", "payapptest"),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("mul_no", &mul_no.to_string()),
            ("cancelmemo", "nodes"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let reply = gyeolje_payapp::parse_reply(&text);
    assert_eq!(
        gyeolje_payapp::codec::reply_value(&reply, "state"),
        Some("1"),
        "{}: paycancel {mul_no}: {text}",
        node.name
    );
}

async fn set_innopay_notify(node: &Api, url: &str) {
    let resp = node
        .http
        .put(format!(
            "{}/admin/innopay/{INNOPAY_DEMO_MID}/notify-settings/card",
            node.base
        ))
        .bearer_auth(INNOPAY_DEMO_LICENSE_KEY)
        .json(&serde_json::json!({"url": url, "interval": 1, "count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

async fn innopay_order(node: &Api, moid: &str, tel: &str) {
    let req = SmsPayRequest {
        mid: INNOPAY_DEMO_MID.into(),
        moid: moid.into(),
        goods_name: "노드 상품".into(),
        amt: "5000".into(),
        buyer_name: "테스트".into(),
        buyer_tel: tel.into(),
        svc_prdt_cd: "03".into(),
        ..Default::default()
    };
    let reply = InnoPayClient::new(&node.base).sms_pay(&req).await.unwrap();
    assert_eq!(reply.result_code, "0000", "{}: {reply:?}", node.name);
}

async fn innopay_cancel(node: &Api, tid: &str) {
    let req = CancelRequest {
        mid: INNOPAY_DEMO_MID.into(),
        tid: tid.into(),
        svc_cd: "01".into(),
        cancel_amt: "5000".into(),
        cancel_msg: "nodes".into(),
        cancel_pwd: INNOPAY_DEMO_CANCEL_PWD.into(),
        partial_cancel_code: "0".into(),
        ..Default::default()
    };
    let reply = InnoPayClient::new(&node.base).cancel(&req).await.unwrap();
    assert!(reply.is_success(), "{}: {reply:?}", node.name);
}

/// The SMS a phone received, read through `node` (the store's copy).
async fn sms_of(node: &Api, tel: &str) -> Value {
    eventually(
        &format!("an SMS to {tel} on {}", node.name),
        Duration::from_secs(10),
        || async {
            let v: Value = node
                .http
                .get(format!("{}/sandbox/sms?phone={tel}", node.base))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            v["messages"].as_array()?.first().cloned()
        },
    )
    .await
}

async fn ipay_register(node: &Api, notice_url: &str) -> i64 {
    let order = [
        ("payment_rule", "0"),
        ("pay_price", "12500"),
        ("shipping_price", "2500"),
        ("shipping_type", "3"),
        ("back_url", "https://shop.example/cart"),
        ("service_url", notice_url),
        ("redirect_url", "https://shop.example/done"),
        ("is_address_required", "false"),
    ]
    .into_iter()
    .fold(Element::new("ORDER"), |e, (k, v)| e.with_attr(k, v));
    let line = Element::new("IpayServiceItems")
        .with_attr("item_name", "노드 티셔츠")
        .with_attr("ipay_itemno", "ND-1")
        .with_attr("item_option_name", "")
        .with_attr("item_price", "10000")
        .with_attr("order_qty", "1")
        .with_attr("item_url", "https://shop.example/nd1")
        .with_attr("thumbnail_url", "https://shop.example/nd1.jpg");
    let cart = IpayClient::new(&node.base, IPAY_DEMO_TICKET_PHP)
        .insert_order_to_long(order, vec![line])
        .await
        .unwrap();
    assert!(
        cart > 0,
        "{}: InsertIpayOrderToLong answered {cart}",
        node.name
    );
    cart
}

async fn ipay_pay_on_page(node: &Api, cart: i64) {
    let resp = node
        .http
        .post(format!(
            "{}/ipay/IpayStdOrder.aspx?cartnos={cart}&sellerid=test&price=12500",
            node.base
        ))
        .form(&[
            ("buyer_name", "홍길동"),
            ("method", "card"),
            ("card_number", CARD),
        ])
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let html = resp.text().await.unwrap();
    assert_eq!(status, 200, "{}: {html}", node.name);
    assert!(
        html.contains("결제가 완료되었습니다"),
        "{}: {html}",
        node.name
    );
}

async fn ipay_deny_sell(node: &Api, order_no: i64) {
    let req = [
        ("SellerID", "test".to_owned()),
        ("ItemID", "ND-1".to_owned()),
        ("OrderID", order_no.to_string()),
        ("DenySellReason", "RunOutOfStock".to_owned()),
    ]
    .iter()
    .fold(Element::new("req"), |e, (k, v)| e.with_attr(*k, v.as_str()));
    let reply = IpayClient::new(&node.base, IPAY_DEMO_TICKET_PHP)
        .call(
            SoapVersion::V11,
            "IpayDenySell",
            Element::new("IpayDenySell").with_child(req),
        )
        .await
        .unwrap();
    assert_eq!(
        reply.attr("Result"),
        Some("true"),
        "{}: {reply:?}",
        node.name
    );
}
