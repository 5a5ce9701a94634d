//! SMS faults: the carrier rejects the next `count` messages of a merchant
//! as it rejects its reserved number — the attempt is recorded with the
//! carrier's rejection and retried by the message's own schedule — and the
//! message after them is accepted.

use super::{arm, server_on};
use crate::innopay::{example_request, register};
use crate::support::TestServer;
use crate::support::outbox::{assert_retry_after, assert_settled, wait_attempts};
use gyeolje_core::{OutboxId, OutboxState};
use serde_json::json;
use std::time::Duration;

/// The one SMS stored for `phone`: its outbox id.
async fn only_sms(server: &TestServer, phone: &str) -> OutboxId {
    let messages = server.sms_to(phone).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    OutboxId::new(messages[0]["id"].as_i64().unwrap())
}

async fn delivery(server: &TestServer, phone: &str) -> String {
    server.sms_to(phone).await[0]["delivery"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn rejected_then_accepted(backend: &str) {
    let Some(server) = server_on(backend, "fault_sms", |_| {}).await else {
        return;
    };
    // PayApp's payment-request SMS.
    arm(
        &server,
        json!({"merchant":"payapptest","target":"sms","count":1}),
    )
    .await;
    server
        .pay_request(&[("smsuse", "y"), ("recvphone", "01055550001")])
        .await;
    let first = only_sms(&server, "01055550001").await;
    let seen = wait_attempts(&server, first, 1).await;
    let a = &seen.attempts[0];
    assert!(!a.succeeded);
    assert!(
        a.error.as_deref().unwrap().starts_with("SMS rejected: "),
        "{a:?}"
    );
    assert_retry_after(&seen, Duration::from_secs(30));
    assert_eq!(delivery(&server, "01055550001").await, "pending");
    // The fault is spent: the next message is accepted at once.
    server
        .pay_request(&[("smsuse", "y"), ("recvphone", "01055550002")])
        .await;
    let second = only_sms(&server, "01055550002").await;
    wait_attempts(&server, second, 1).await;
    assert_settled(&server, second, OutboxState::Delivered, 1).await;
    // And the rejected one on its retry.
    server.advance_clock(30).await;
    wait_attempts(&server, first, 2).await;
    assert_settled(&server, first, OutboxState::Delivered, 2).await;

    // InnoPay's SMS card-payment request.
    arm(
        &server,
        json!({"merchant":"testpay01m","target":"sms","count":1}),
    )
    .await;
    register(&server, &example_request("s01", "010-5555-0003")).await;
    let first = only_sms(&server, "01055550003").await;
    let seen = wait_attempts(&server, first, 1).await;
    assert!(
        seen.attempts[0]
            .error
            .as_deref()
            .unwrap()
            .starts_with("SMS rejected: "),
        "{:?}",
        seen.attempts[0]
    );
    register(&server, &example_request("s02", "010-5555-0004")).await;
    let second = only_sms(&server, "01055550004").await;
    wait_attempts(&server, second, 1).await;
    assert_settled(&server, second, OutboxState::Delivered, 1).await;
    server.stop().await;
}

#[tokio::test]
async fn rejected_sms_then_the_next_is_accepted_sqlite() {
    rejected_then_accepted("sqlite").await;
}

#[tokio::test]
async fn rejected_sms_then_the_next_is_accepted_postgres() {
    rejected_then_accepted("postgres").await;
}
