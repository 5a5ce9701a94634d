//! Operator actions on payments cancelled as a whole: PayApp's request
//! cancelled by the operator (`pay_state=16`), partial and full refunds
//! (70, then 9, with the acquirer's refunds), InnoPay's cancel (its §4.2
//! notification, status 85) — and the API's refusals: an action the
//! payment does not have is 400 with the ones it has, one its state
//! refuses is 409 with the core's reason.

use super::{act, admin_server, api_show, event_kinds, messages_of};
use crate::innopay::{example_request, pay_order, register};
use crate::support::{Expect, SandboxPay, Sink, TestServer};
use gyeolje_core::{PaymentId, PaymentState};
use serde_json::json;

async fn state(server: &TestServer, id: i64) -> PaymentState {
    server
        .app
        .store
        .payment(PaymentId::new(id))
        .await
        .unwrap()
        .unwrap()
        .state
}

#[tokio::test]
async fn cancel_request_sends_payapp_pay_state_16() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let id = mul_no.to_string();
    assert_eq!(
        api_show(&server, &id).await["actions"],
        json!(["cancel-request"])
    );
    // Refunding an unpaid request is refused by its state.
    let v = act(&server, &id, "cancel", json!(null), 409).await;
    assert_eq!(v["error"]["code"], "conflict");
    assert_eq!(
        v["error"]["message"],
        "only a paid payment can be cancelled by an amount"
    );

    let v = act(&server, &id, "cancel-request", json!(null), 200).await;
    assert_eq!(v["action"], "cancel-request");
    assert_eq!(v["payment"]["state"], "request_cancelled");
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "16");
    assert_eq!(got[0].field("mul_no"), id);
    assert_eq!(state(&server, mul_no).await, PaymentState::RequestCancelled);
    let d = api_show(&server, &id).await;
    assert_eq!(event_kinds(&d), ["requested", "request_cancelled"]);
    assert_eq!(d["events"][1]["event"]["origin"], "operator");
    assert_eq!(d["actions"], json!([]));

    // Again: the state refuses it, with the core's words.
    let v = act(&server, &id, "cancel-request", json!(null), 409).await;
    assert_eq!(v["error"]["message"], "the payment is already cancelled");
    // Not an action at all, or not one PayApp has: 400 with the valid ones.
    for action in ["explode", "approve-cancel"] {
        let v = act(&server, &id, action, json!(null), 400).await;
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.contains("now: []"), "{message}");
    }
    server.stop().await;
}

#[tokio::test]
async fn cancel_refunds_part_then_the_rest_with_payapp_feedback() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("price", "5000")])
        .await;
    server
        .sandbox_pay_with(SandboxPay::payapp(mul_no), Expect::Approved)
        .await;
    assert_eq!(sink.wait_for(1).await[0].field("pay_state"), "4");
    let id = mul_no.to_string();
    let v = act(&server, &id, "cancel-request", json!(null), 409).await;
    assert_eq!(v["error"]["message"], "the payment is already paid");
    let v = act(&server, &id, "approve-cancel", json!(null), 400).await;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("now: [cancel]"),
        "{v}"
    );
    let v = act(&server, &id, "cancel", json!({"amount": 9000}), 409).await;
    assert!(
        v["error"]["message"].as_str().unwrap().contains("exceeds"),
        "{v}"
    );
    let v = act(&server, &id, "cancel", json!({"order_no": 1}), 400).await;
    assert_eq!(v["error"]["code"], "bad_request");

    let v = act(&server, &id, "cancel", json!({"amount": 2000}), 200).await;
    assert_eq!(v["payment"]["state"], "paid");
    assert_eq!(v["payment"]["cancelled_amount"], 2000);
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "70");
    assert_eq!(got[1].field("cancelprice"), "2000");
    let v = act(&server, &id, "cancel", json!(null), 200).await;
    assert_eq!(v["payment"]["state"], "cancelled");
    assert_eq!(v["payment"]["cancelled_amount"], 5000);
    let got = sink.wait_for(3).await;
    assert_eq!(got[2].field("pay_state"), "9");
    assert_eq!(state(&server, mul_no).await, PaymentState::Cancelled);
    let d = api_show(&server, &id).await;
    assert_eq!(
        event_kinds(&d),
        ["requested", "approved", "cancelled", "cancelled"]
    );
    // One refund per cancellation, through the acquirer.
    assert_eq!(messages_of(&d, "acquirer.refund").len(), 2);
    let v = act(&server, &id, "cancel", json!(null), 409).await;
    assert_eq!(v["error"]["message"], "the payment is already cancelled");
    server.stop().await;
}

#[tokio::test]
async fn cancel_sends_the_innopay_cancel_notification() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    crate::innopay::set_notify(&server, &sink.url("/noti"), 1, 1).await;
    let req = example_request("admin2", "01011113333");
    register(&server, &req).await;
    let paid = server
        .sandbox_pay_with(pay_order(&req.moid), Expect::Approved)
        .await;
    let tid = paid["tid"].as_str().unwrap().to_owned();
    assert_eq!(sink.wait_for(1).await[0].field("status"), "25");
    let v = act(&server, &tid, "cancel", json!(null), 200).await;
    assert_eq!(v["payment"]["state"], "cancelled");
    assert_eq!(v["payment"]["references"]["tid"], tid);
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("status"), "85");
    assert_eq!(got[1].field("cancelAmt"), "10004");
    assert_eq!(got[1].field("moid"), req.moid);
    server.stop().await;
}
