//! The sandbox API: buyer actions without a browser, the SMS inbox, the clock,
//! and request expiry by business time.

use crate::support::{Expect, Sink, TestServer, eventually};
use gyeolje_core::{PaymentId, PaymentState};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn declines_by_test_card_leave_the_request_open() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    for (card, code) in [
        ("4000000000000002", "declined"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
        ("4000000000000119", "timeout"),
        ("1234", "invalid_number"),
    ] {
        let v = server
            .sandbox_pay_expect(mul_no, card, Expect::Declined)
            .await;
        assert_eq!(
            (v["outcome"].as_str(), v["code"].as_str()),
            (Some("declined"), Some(code)),
            "{v}"
        );
        assert_eq!(v["state"], "requested");
    }
    let v = server.sandbox_pay(mul_no, "4242424242424242").await;
    assert_eq!(v["outcome"], "approved");
    assert_eq!(v["card_masked"], "424242******4242");
    server.stop().await;
}

#[tokio::test]
async fn the_sandbox_answers_bad_requests_in_json() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .post(format!("{}/sandbox/pay", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.json::<serde_json::Value>().await.unwrap()["error"].is_string());
    let (status, _) = server
        .sandbox(
            "/sandbox/pay",
            json!({"protocol": "payapp", "reference": "424242", "method": "card"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/sandbox/sms").await;
    assert_eq!(status, 400);
    let (status, _) = server
        .sandbox("/sandbox/clock/advance", json!({"seconds": -5}))
        .await;
    assert_eq!(status, 400);
    server.stop().await;
}

#[tokio::test]
async fn the_clock_moves_forward_on_request() {
    let server = TestServer::start().await;
    let (_, before) = server.get("/sandbox/clock").await;
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let (status, after) = server
        .sandbox("/sandbox/clock/advance", json!({"seconds": 6 * 86_400}))
        .await;
    assert_eq!(status, 200);
    let moved = after["now_ms"].as_i64().unwrap() - before["now_ms"].as_i64().unwrap();
    assert!(moved >= 6 * 86_400_000, "{moved}");
    assert_eq!(after["offset_seconds"], 6 * 86_400);
    server.stop().await;
}

#[tokio::test]
async fn the_sandbox_can_be_switched_off() {
    let server = TestServer::start_with(|c| c.sandbox = false).await;
    let (status, _) = server.get("/sandbox/clock").await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/sandbox/sms?phone=01012345678").await;
    assert_eq!(status, 404);
    let resp = server
        .http
        .post(format!("{}/bench/baseline", server.base))
        .body("cmd=payrequest")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    server.stop().await;
}

#[tokio::test]
async fn the_bench_baseline_route_parses_the_form_and_answers_a_constant() {
    let server = TestServer::start().await;
    let post = |body: &'static [u8]| {
        server
            .http
            .post(format!("{}/bench/baseline", server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let resp = post(b"cmd=payrequest&userid=payapptest&price=1000")
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.text().await.unwrap(), "state=1&errorMessage=\n");
    let resp = post(b"userid=payapptest").await.unwrap();
    assert_eq!(resp.text().await.unwrap(), "state=0&errorMessage=cmd\n");
    let resp = post(b"cmd=%FF").await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    server.stop().await;
}

#[tokio::test]
async fn unpaid_requests_expire_when_their_deadline_passes() {
    let server = TestServer::start_with(|c| c.request_ttl = Duration::from_secs(3600)).await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.advance_clock(3601).await;
    eventually("expiry", Duration::from_secs(10), || async {
        let p = server
            .app
            .store
            .payment(PaymentId::new(mul_no))
            .await
            .unwrap()
            .unwrap();
        (p.state == PaymentState::Expired).then_some(())
    })
    .await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "32");
    let v = server
        .sandbox_pay_expect(mul_no, "4242424242424242", Expect::Refused)
        .await;
    assert_eq!(v["outcome"], "refused");
    let (status, _) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert_eq!(status, 410);
    server.stop().await;
}
