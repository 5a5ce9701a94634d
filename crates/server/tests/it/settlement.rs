//! D+5 and settlement: `paycancel` works until the payment is settled (the
//! first moment after D+5, KST); after that `paycancelreq` registers the
//! cancellation, and returning the settlement completes it (pay_state 64).

use crate::support::outbox::messages_of_kind;
use crate::support::{Sink, TestServer, eventually, rejected_with, won};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_payapp::{PayCancel, PayCancelReq};
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use serde_json::json;
use std::time::Duration;

fn cancel(mul_no: i64) -> PayCancel {
    PayCancel {
        userid: "payapptest".into(),
        linkkey: PAYAPP_DEMO_LINKKEY.into(),
        mul_no,
        cancelmemo: String::new(),
        cancelmode_ready: false,
        partcancel: false,
        cancelprice: None,
    }
}

fn cancel_req(mul_no: i64) -> PayCancelReq {
    PayCancelReq {
        userid: "payapptest".into(),
        linkkey: PAYAPP_DEMO_LINKKEY.into(),
        mul_no,
        cancelmemo: "반품 요청".into(),
    }
}

async fn payment(server: &TestServer, mul_no: i64) -> gyeolje_core::Payment {
    server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn after_d_plus_5_only_a_cancellation_request_and_a_returned_settlement_cancel() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;

    // Within D+5 a cancellation request is refused: paycancel still works.
    let message = rejected_with(
        server.client().pay_cancel_req(&cancel_req(mul_no)).await,
        70020,
    );
    assert!(message.contains("paycancel"), "{message}");

    server.advance_clock(6 * 86_400).await;
    eventually("settlement", Duration::from_secs(10), || async {
        payment(&server, mul_no).await.is_settled().then_some(())
    })
    .await;
    let message = rejected_with(server.client().pay_cancel(&cancel(mul_no)).await, 70020);
    assert!(
        message.contains("paycancelreq"),
        "points to paycancelreq: {message}"
    );
    assert_eq!(payment(&server, mul_no).await.state, PaymentState::Paid);

    server
        .client()
        .pay_cancel_req(&cancel_req(mul_no))
        .await
        .unwrap();
    let message = rejected_with(
        server.client().pay_cancel_req(&cancel_req(mul_no)).await,
        70020,
    );
    assert!(message.contains("이미 취소 요청"), "{message}");
    // Messages are stored with the change that makes them: still only the
    // payment's own feedback, which has already arrived.
    let feedbacks = messages_of_kind(&server, PaymentId::new(mul_no), "payapp.feedback").await;
    assert_eq!(
        feedbacks.len(),
        1,
        "registering the request sends no feedback"
    );
    assert_eq!(
        sink.received().len(),
        1,
        "registering the request sends no feedback"
    );

    let (status, v) = server
        .sandbox(
            "/sandbox/settlement-return",
            json!({"protocol": "payapp", "reference": mul_no.to_string()}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "cancelled");
    assert_eq!(
        payment(&server, mul_no).await.state,
        PaymentState::Cancelled
    );
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "64");
    assert_eq!(got[1].field("mul_no"), mul_no.to_string());

    // Nothing left to return.
    let (status, _) = server
        .sandbox(
            "/sandbox/settlement-return",
            json!({"protocol": "payapp", "reference": mul_no.to_string()}),
        )
        .await;
    assert_eq!(status, 409);
    server.stop().await;
}

#[tokio::test]
async fn paycancel_works_until_the_end_of_d_plus_5() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let p = payment(&server, mul_no).await;
    let due = p.settle_due_at.unwrap();
    assert_eq!(due, p.paid_at.unwrap().kst_midnight_after(6));
    assert!(
        due.kst_datetime().ends_with("00:00:00"),
        "midnight KST: {}",
        due.kst_datetime()
    );
    // Move to a few seconds before midnight after D+5: a partial cancel still works.
    let ahead = (due.as_millis() - server.app.now().as_millis()) / 1000 - 5;
    server.advance_clock(u64::try_from(ahead).unwrap()).await;
    let part = PayCancel {
        partcancel: true,
        cancelprice: Some(won(100)),
        ..cancel(mul_no)
    };
    server.client().pay_cancel(&part).await.unwrap();
    server.advance_clock(10).await;
    let message = rejected_with(server.client().pay_cancel(&part).await, 70020);
    assert!(message.contains("paycancelreq"), "{message}");
    assert_eq!(payment(&server, mul_no).await.cancelled_amount, won(100));
    server.stop().await;
}

#[tokio::test]
async fn fifty_concurrent_partial_cancels_never_refund_more_than_was_paid() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let client = server.client();
    let part = PayCancel {
        partcancel: true,
        cancelprice: Some(won(30)),
        ..cancel(mul_no)
    };
    let results = futures_join_all((0..50).map(|_| {
        let (client, part) = (client.clone(), part.clone());
        tokio::spawn(async move { client.pay_cancel(&part).await.is_ok() })
    }))
    .await;
    let accepted = results.iter().filter(|ok| **ok).count();
    assert_eq!(accepted, 33, "33 × 30 = 990 of 1000 won");
    let p = payment(&server, mul_no).await;
    assert_eq!(p.cancelled_amount, won(990));
    assert_eq!(p.state, PaymentState::Paid);
    let rest = PayCancel {
        cancelprice: Some(won(10)),
        ..part.clone()
    };
    client.pay_cancel(&rest).await.unwrap();
    let one = PayCancel {
        cancelprice: Some(won(1)),
        ..part
    };
    assert!(client.pay_cancel(&one).await.is_err(), "one more won fails");
    assert_eq!(
        payment(&server, mul_no).await.state,
        PaymentState::Cancelled
    );
    server.stop().await;
}

async fn futures_join_all(
    handles: impl Iterator<Item = tokio::task::JoinHandle<bool>>,
) -> Vec<bool> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn paycancelreq_in_raw_form_bytes() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let key = PAYAPP_DEMO_LINKKEY
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let call = |body: String| {
        let server = &server;
        async move { server.api_raw(body).await.1 }
    };
    let wrong = call(format!(
        "cmd=paycancelreq&userid=payapptest&linkkey=nope&mul_no={mul_no}"
    ))
    .await;
    assert!(wrong.ends_with("errno=70010"), "{wrong}");
    let no_number = call(format!("cmd=paycancelreq&userid=payapptest&linkkey={key}")).await;
    assert!(
        no_number.ends_with("errno=70020") && no_number.contains("mul_no"),
        "{no_number}"
    );
    let early = call(format!(
        "cmd=paycancelreq&userid=payapptest&linkkey={key}&mul_no={mul_no}"
    ))
    .await;
    assert!(early.ends_with("errno=70020"), "within D+5: {early}");
    server.advance_clock(6 * 86_400).await;
    let ok = call(format!("cmd=paycancelreq&userid=payapptest&linkkey={key}&mul_no={mul_no}&cancelmemo=%EB%B0%98%ED%92%88")).await;
    assert_eq!(ok, "state=1&errorMessage=");
    let p = payment(&server, mul_no).await;
    assert_eq!(p.cancel_request.map(|r| r.memo), Some("반품".to_owned()));
    server.stop().await;
}
