//! Callback faults: the next `count` deliveries to a merchant fail as armed
//! (a status, a timeout, a reset) without reaching its endpoint, each is
//! recorded as an attempt, retries follow the message's own schedule, and
//! other merchants' callbacks are untouched.

use super::{arm, listed, server_on};
use crate::innopay::{self, example_request, pay_order, register, set_notify};
use crate::support::outbox::{assert_retry_after, assert_settled, newest_of_kind, wait_attempts};
use crate::support::{Expect, Sink, TestServer};
use gyeolje_core::{OutboxRecord, OutboxState};
use serde_json::json;
use std::time::Duration;

async fn feedback(server: &TestServer) -> OutboxRecord {
    newest_of_kind(server, "payapp.feedback")
        .await
        .expect("a feedback message")
}

async fn status_faults(backend: &str) {
    let Some(server) = server_on(backend, "fault_callbacks", |_| {}).await else {
        return;
    };
    let x = Sink::start().await;
    let y = Sink::start().await;
    y.answer_by_default("0000");
    arm(
        &server,
        json!({"merchant":"payapptest","target":"callbacks","count":2,"fault":{"kind":"status","status":503}}),
    )
    .await;

    // Merchant Y (InnoPay) is paid while X's faults are armed: delivered
    // at its first attempt, and X's faults are untouched by it.
    set_notify(&server, &y.url("/noti"), 1, 3).await;
    register(&server, &example_request("f01", "01012341234")).await;
    server
        .sandbox_pay_with(pay_order("test20180313f01"), Expect::Approved)
        .await;
    innopay::notification(&y, 1).await;
    let noti = newest_of_kind(&server, "innopay.notification")
        .await
        .unwrap();
    let seen = wait_attempts(&server, noti.id, 1).await;
    assert_eq!(seen.attempts[0].status, Some(200));
    assert_settled(&server, noti.id, OutboxState::Delivered, 1).await;
    assert_eq!(listed(&server, "payapptest").await[0]["remaining"], 2);

    // Merchant X: two attempts "answered" 503, the third reaches the endpoint.
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &x.url("/fb")), ("checkretry", "y")])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let id = feedback(&server).await.id;
    let first = wait_attempts(&server, id, 1).await;
    assert_eq!(first.attempts[0].status, Some(503));
    assert!(!first.attempts[0].succeeded);
    assert_retry_after(&first, Duration::from_secs(5));
    server.advance_clock(5).await;
    let second = wait_attempts(&server, id, 2).await;
    assert_eq!(second.attempts[1].status, Some(503));
    assert_retry_after(&second, Duration::from_secs(30));
    assert!(x.received().is_empty(), "faulted attempts send nothing");
    assert_eq!(listed(&server, "payapptest").await[0]["remaining"], 0);
    server.advance_clock(30).await;
    x.wait_for(1).await;
    let done = wait_attempts(&server, id, 3).await;
    assert_eq!(
        done.attempts.iter().map(|a| a.status).collect::<Vec<_>>(),
        [Some(503), Some(503), Some(200)]
    );
    assert_settled(&server, id, OutboxState::Delivered, 3).await;
    assert_eq!(x.received()[0].field("pay_state"), "4");
    server.stop().await;
}

#[tokio::test]
async fn status_faults_fail_one_merchants_next_callbacks_sqlite() {
    status_faults("sqlite").await;
}

#[tokio::test]
async fn status_faults_fail_one_merchants_next_callbacks_postgres() {
    status_faults("postgres").await;
}

#[tokio::test]
async fn timeout_and_reset_faults_are_recorded_as_such() {
    let server = TestServer::start_with(|c| c.callback_timeout = Duration::from_millis(300)).await;
    let x = Sink::start().await;
    for kind in ["timeout", "reset"] {
        arm(
            &server,
            json!({"merchant":"payapptest","target":"callbacks","fault":{"kind":kind}}),
        )
        .await;
    }
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &x.url("/fb")), ("checkretry", "y")])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let id = feedback(&server).await.id;
    let first = wait_attempts(&server, id, 1).await;
    let a = &first.attempts[0];
    assert_eq!(a.status, None);
    assert!(
        a.error.as_deref().unwrap().starts_with("timed out"),
        "{a:?}"
    );
    assert!(
        a.latency_ms >= 300,
        "the attempt waited the delivery timeout: {a:?}"
    );
    server.advance_clock(5).await;
    let second = wait_attempts(&server, id, 2).await;
    let a = &second.attempts[1];
    assert_eq!(a.status, None);
    assert!(
        a.error.as_deref().unwrap().contains("connection reset"),
        "{a:?}"
    );
    server.advance_clock(30).await;
    x.wait_for(1).await;
    wait_attempts(&server, id, 3).await;
    assert_settled(&server, id, OutboxState::Delivered, 3).await;
    server.stop().await;
}
