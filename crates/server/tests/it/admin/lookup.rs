//! `gyeolje payment list|show` and `GET /admin/api/payments[/{id}]`: a
//! payment of each protocol found by each of its references, shown with
//! its events, escrow orders and callback attempts, the same JSON from the
//! CLI and the API.

use super::{admin_server, api_get, api_show, cli_show, event_kinds, messages_of};
use crate::innopay::{MID, example_request, pay_order, register};
use crate::ipay::manage_support::Shop;
use crate::support::{Expect, SandboxPay, Sink, TestServer, cli, eventually};
use gyeolje_server::seed::{PAYAPP_DEMO_LINKKEY, PAYAPP_DEMO_LINKVAL};
use serde_json::Value;
use std::time::Duration;

/// Waits until every message of payment `reference` is delivered; its
/// detail from the CLI then.
async fn settled_detail(server: &TestServer, reference: &str, messages: usize) -> Value {
    eventually(
        "every message delivered",
        Duration::from_secs(15),
        || async {
            let d = cli_show(server, reference).await;
            let all = d["messages"].as_array().unwrap();
            (all.len() == messages && all.iter().all(|m| m["state"] == "delivered")).then_some(d)
        },
    )
    .await
}

#[tokio::test]
async fn a_payapp_payment_by_mul_no() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server
        .sandbox_pay_with(SandboxPay::payapp(mul_no), Expect::Approved)
        .await;
    let id = mul_no.to_string();
    // The creation feedback (delivered before the commit) and pay_state=4.
    let d = settled_detail(&server, &id, 2).await;
    assert_eq!(d, api_show(&server, &id).await, "CLI and API agree");
    assert_eq!(d["id"], mul_no);
    assert_eq!(d["protocol"], "payapp");
    assert_eq!(d["state"], "paid");
    assert_eq!(d["amount"], 1000);
    assert_eq!(d["merchant"]["id"], 1);
    assert_eq!(d["references"]["mul_no"], id);
    assert_eq!(event_kinds(&d), ["requested", "approved"]);
    assert_eq!(d["actions"], serde_json::json!(["cancel"]));
    let fb = messages_of(&d, "payapp.feedback");
    assert_eq!(fb.len(), 1);
    let history = fb[0]["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    let attempt = &history[0];
    assert_eq!(attempt["status"], 200);
    assert_eq!(attempt["succeeded"], true);
    assert_eq!(attempt["response_excerpt"], "SUCCESS");
    assert_eq!(attempt["target"], sink.url("/fb"));
    let body = attempt["request_body"].as_str().unwrap();
    assert!(body.contains("pay_state=4"), "{body}");
    assert!(
        body.contains("linkkey=***") && body.contains("linkval=***"),
        "{body}"
    );
    // No secret anywhere in either output.
    let db = server.app.config.database.clone();
    let text = cli(&["payment", "show", &id, "--database", &db]).await;
    for out in [d.to_string(), text.clone()] {
        assert!(!out.contains(PAYAPP_DEMO_LINKKEY), "{out}");
        assert!(!out.contains(PAYAPP_DEMO_LINKVAL), "{out}");
    }
    assert!(
        text.contains(&format!("payment {mul_no} (payapp)")),
        "{text}"
    );
    assert!(text.contains("#2 ") && text.contains("approved"), "{text}");
    assert!(
        text.contains("payapp.feedback") && text.contains("status=200"),
        "{text}"
    );

    // Listed, by protocol and merchant (by PayApp userid), not by another.
    let list = cli(&[
        "payment",
        "list",
        "--protocol",
        "payapp",
        "--merchant",
        "payapptest",
        "--json",
        "--database",
        &db,
    ])
    .await;
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], mul_no);
    assert_eq!(list[0]["references"]["mul_no"], id);
    let (status, api) = api_get(&server, "/payments?protocol=payapp&merchant=payapptest").await;
    assert_eq!((status, &api), (200, &list));
    let none = cli(&[
        "payment",
        "list",
        "--protocol",
        "innopay",
        "--json",
        "--database",
        &db,
    ])
    .await;
    assert_eq!(none.trim(), "[]");
    let table = cli(&["payment", "list", "--database", &db]).await;
    assert!(table.starts_with("ID\tPROTOCOL"), "{table}");
    assert!(
        table.contains(&format!("{mul_no}\tpayapp\t1\tpaid\t1000")),
        "{table}"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_innopay_payment_by_tid_and_by_moid() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    crate::innopay::set_notify(&server, &sink.url("/noti"), 1, 1).await;
    let req = example_request("admin1", "01011112222");
    register(&server, &req).await;
    let paid = server
        .sandbox_pay_with(pay_order(&req.moid), Expect::Approved)
        .await;
    let tid = paid["tid"].as_str().unwrap().to_owned();
    let by_tid = settled_detail(&server, &tid, 2).await;
    let id = by_tid["id"].as_i64().unwrap();
    assert_eq!(by_tid["protocol"], "innopay");
    assert_eq!(by_tid["references"]["moid"], req.moid);
    assert_eq!(by_tid["references"]["tid"], tid);
    assert_eq!(event_kinds(&by_tid), ["requested", "approved"]);
    let sms = messages_of(&by_tid, "innopay.sms");
    assert_eq!(sms.len(), 1);
    let noti = messages_of(&by_tid, "innopay.notification");
    assert_eq!(noti.len(), 1);
    let attempt = &noti[0]["history"][0];
    assert_eq!(attempt["response_excerpt"], "0000");
    assert!(
        attempt["request_body"]
            .as_str()
            .unwrap()
            .contains("status=25"),
        "{attempt}"
    );
    for reference in [tid.as_str(), req.moid.as_str(), &id.to_string()] {
        assert_eq!(
            cli_show(&server, reference).await,
            by_tid,
            "CLI by {reference}"
        );
        assert_eq!(
            api_show(&server, reference).await,
            by_tid,
            "API by {reference}"
        );
    }
    // The API's free text finds it by tid and by part of the moid.
    for q in [tid.as_str(), "20180313admin"] {
        let (status, list) = api_get(&server, &format!("/payments?protocol=innopay&q={q}")).await;
        assert_eq!(status, 200, "{list}");
        let ids: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [id], "q={q}");
    }
    // By mid; an unknown reference names nothing.
    let (_, list) = api_get(&server, &format!("/payments?merchant={MID}&state=paid")).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (status, v) = api_get(&server, "/payments/nosuchmoid").await;
    assert_eq!(status, 404, "{v}");
    assert_eq!(v["error"]["code"], "not_found");
    server.stop().await;
}

#[tokio::test]
async fn an_ipay_cart_by_cart_pay_and_order_number() {
    let shop =
        Shop::open_with(|c| c.admin_token = Some(gyeolje_core::Secret::new(super::TOKEN))).await;
    let (cart_no, paid) = shop
        .paid_cart(&[("티셔츠", "TS-1", 15000), ("양말", "SK-2", 3000)])
        .await;
    let pay_no = paid["pay_no"].as_i64().unwrap().to_string();
    let orders = shop.orders(cart_no).await;
    let cart = cart_no.to_string();
    let d = settled_detail(&shop.server, &cart, 1).await;
    assert_eq!(d["protocol"], "ipay");
    assert_eq!(d["references"]["cart_no"], cart);
    assert_eq!(d["references"]["pay_no"], pay_no);
    assert_eq!(event_kinds(&d), ["requested", "checked_out", "approved"]);
    let listed: Vec<i64> = d["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_no"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, [orders[0].order_no, orders[1].order_no]);
    assert_eq!(d["orders"][0]["label"], "결제완료");
    assert_eq!(d["orders"][0]["amount"], 15000);
    let completion = messages_of(&d, "ipay.completion");
    assert_eq!(completion.len(), 1);
    let attempt = &completion[0]["history"][0];
    assert_eq!(
        (attempt["status"].as_i64(), attempt["succeeded"].as_bool()),
        (Some(200), Some(true))
    );
    assert!(
        attempt["request_body"]
            .as_str()
            .unwrap()
            .contains("<ResponseType>0</ResponseType>")
    );
    assert_eq!(d["actions"], serde_json::json!(["cancel"]));
    let second_order = orders[1].order_no.to_string();
    for reference in [cart.as_str(), pay_no.as_str(), &second_order] {
        assert_eq!(
            cli_show(&shop.server, reference).await,
            d,
            "CLI by {reference}"
        );
        assert_eq!(
            api_show(&shop.server, reference).await,
            d,
            "API by {reference}"
        );
    }
    let (_, list) = api_get(&shop.server, &format!("/payments?q={second_order}")).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["id"], cart_no);
    shop.server.stop().await;
}

#[tokio::test]
async fn a_moid_two_merchants_used_names_both_and_is_refused_as_ambiguous() {
    let server = admin_server().await;
    let db = server.app.config.database.clone();
    cli(&[
        "merchant",
        "create",
        "--name",
        "둘째 상점",
        "--innopay-mid",
        "second01m",
        "--database",
        &db,
    ])
    .await;
    let first = example_request("same", "01011114444");
    let mut second = first.clone();
    second.mid = "second01m".into();
    register(&server, &first).await;
    register(&server, &second).await;
    let e = crate::support::cli_fails(&["payment", "show", &first.moid, "--database", &db]).await;
    assert!(e.contains("names several payments"), "{e}");
    let (status, v) = api_get(&server, &format!("/payments/{}", first.moid)).await;
    assert_eq!(status, 400, "{v}");
    // The list finds both, and the merchant filter tells them apart.
    let (_, both) = api_get(&server, &format!("/payments?q={}", first.moid)).await;
    assert_eq!(both.as_array().unwrap().len(), 2, "{both}");
    let (_, one) = api_get(
        &server,
        &format!("/payments?q={}&merchant=second01m", first.moid),
    )
    .await;
    assert_eq!(one.as_array().unwrap().len(), 1, "{one}");
    server.stop().await;
}
