//! Feedback retries: `checkretry=y` retries until the body is `SUCCESS`, at
//! most 10 times; otherwise one attempt. Every attempt is recorded.

use crate::support::outbox::{assert_retry_after, assert_settled, newest_of_kind, wait_attempts};
use crate::support::{Reply, Sink, TestServer, eventually};
use gyeolje_core::{OutboxRecord, OutboxState};
use std::time::Duration;

async fn feedback_record(server: &TestServer) -> OutboxRecord {
    newest_of_kind(server, "payapp.feedback")
        .await
        .expect("a feedback message")
}

async fn wait_state(server: &TestServer, want: OutboxState) -> OutboxRecord {
    eventually(
        &format!("feedback {want:?}"),
        Duration::from_secs(10),
        || async {
            let r = feedback_record(server).await;
            (r.state == want).then_some(r)
        },
    )
    .await
}

/// Waits until the merchant endpoint has seen `n` requests and the store has
/// recorded them, so the next clock jump finds the retry scheduled.
async fn settle(server: &TestServer, sink: &Sink, n: usize) -> crate::support::outbox::Seen {
    sink.wait_for(n).await;
    let r = feedback_record(server).await;
    wait_attempts(server, r.id, n).await
}

#[tokio::test]
async fn a_failing_endpoint_is_retried_until_success_and_every_attempt_is_recorded() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script([Reply::Body(200, "FAIL"), Reply::Body(500, "SUCCESS")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("checkretry", "y")])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;

    let first = settle(&server, &sink, 1).await;
    // The retry waits for its delay in business time; move the sandbox clock.
    assert_retry_after(&first, Duration::from_secs(5));
    server.advance_clock(5).await;
    let second = settle(&server, &sink, 2).await;
    assert_retry_after(&second, Duration::from_secs(30));
    server.advance_clock(30).await;
    settle(&server, &sink, 3).await;
    let record = wait_state(&server, OutboxState::Delivered).await;

    let attempts = server.app.store.attempts(record.id).await.unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.attempt_no).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        attempts.iter().map(|a| a.status).collect::<Vec<_>>(),
        [Some(200), Some(500), Some(200)]
    );
    assert_eq!(
        attempts.iter().map(|a| a.succeeded).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(attempts[0].response_excerpt.as_deref(), Some("FAIL"));
    assert!(
        attempts[0].error.as_deref().unwrap().contains("SUCCESS"),
        "{:?}",
        attempts[0].error
    );
    assert!(
        attempts
            .iter()
            .all(|a| a.target == sink.url("/fb") && a.request_body.contains("pay_state=4"))
    );

    // SUCCESS stopped the retries: a day later the message is still
    // delivered (never leased again) after its three attempts.
    server.advance_clock(24 * 3600).await;
    assert_settled(&server, record.id, OutboxState::Delivered, 3).await;
    assert_eq!(sink.received().len(), 3);
    server.stop().await;
}

#[tokio::test]
async fn without_checkretry_a_failure_is_tried_once() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script([Reply::Body(200, "FAIL")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let record = wait_state(&server, OutboxState::Failed).await;
    assert_eq!(record.attempts, 1);
    // Failed is final: a day later, still the one attempt.
    server.advance_clock(24 * 3600).await;
    assert_settled(&server, record.id, OutboxState::Failed, 1).await;
    assert_eq!(sink.received().len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn checkretry_gives_up_after_ten_retries() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script(std::iter::repeat_n(Reply::Body(200, "FAIL"), 20));
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("checkretry", "y")])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    for n in 1..=11 {
        settle(&server, &sink, n).await;
        server.advance_clock(3 * 3600).await;
    }
    let record = wait_state(&server, OutboxState::Failed).await;
    assert_eq!(record.attempts, 11, "the first attempt and ten retries");
    // Failed is final: hours later, still the eleven attempts.
    server.advance_clock(3 * 3600).await;
    assert_settled(&server, record.id, OutboxState::Failed, 11).await;
    assert_eq!(sink.received().len(), 11);
    server.stop().await;
}
