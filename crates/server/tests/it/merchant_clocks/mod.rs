//! Per-merchant test clocks (issue 17, point 2): advancing one merchant's
//! clock runs only that merchant's due work; a new merchant clock starts
//! at the shared time and every clock only moves forward; the CLI and the
//! sandbox API agree; two processes on one PostgreSQL see an advance at
//! once; the console lists and advances merchant clocks.

mod model;
mod nodes;

use crate::support::outbox::{Seen, look, messages_of_kind, wait_attempts};
use crate::support::{Expect, Reply, Sink, TestServer, eventually};
use gyeolje_core::{NewMerchant, OutboxState, PayAppAccount, PaymentId, PaymentState, Secret};
use gyeolje_server::startup::Parts;
use gyeolje_store::testing::TestDatabase;
use serde_json::json;
use std::time::Duration;

pub const CARD: &str = "4242424242424242";
const DAY: u64 = 86_400;

/// A second PayApp merchant, `clocky`, beside the demo `payapptest`.
pub async fn add_merchant_y(server: &TestServer) {
    server
        .app
        .store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "시계와이상점".into(),
                payapp: Some(PayAppAccount {
                    userid: "clocky".into(),
                    linkkey: Secret::new("K"),
                    linkval: Secret::new("V"),
                    common_feedbackurl: None,
                }),
            },
            server.app.now(),
        )
        .await
        .unwrap();
}

async fn state_of(server: &TestServer, mul_no: i64) -> (PaymentState, u32) {
    let p = server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    (p.state, p.version)
}

/// A paid request of `userid` whose feedback to `sink` failed once and
/// waits for its retry; returns the message as seen then.
async fn waiting_retry(server: &TestServer, userid: &str, sink: &Sink) -> Seen {
    let (mul_no, _) = server
        .pay_request(&[
            ("userid", userid),
            ("feedbackurl", &sink.url("/fb")),
            ("checkretry", "y"),
        ])
        .await;
    server.sandbox_pay(mul_no, CARD).await;
    sink.wait_for(1).await;
    let messages = messages_of_kind(server, PaymentId::new(mul_no), "payapp.feedback").await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let seen = wait_attempts(server, messages[0].id, 1).await;
    assert_eq!(seen.record.state, OutboxState::Pending, "{:?}", seen.record);
    seen
}

/// Advancing merchant X's clock by 40 days expires X's request and fires
/// X's pending callback retry; merchant Y's request of the same age and
/// Y's pending retry are left exactly as they were.
async fn only_the_advanced_merchant_moves(server: TestServer) {
    add_merchant_y(&server).await;
    let (x_open, _) = server.pay_request(&[]).await;
    let (y_open, _) = server.pay_request(&[("userid", "clocky")]).await;
    let x_sink = Sink::start().await;
    x_sink.script([Reply::Body(200, "FAIL"), Reply::Body(200, "SUCCESS")]);
    let y_sink = Sink::start().await;
    y_sink.script([Reply::Body(200, "FAIL")]);
    let x_retry = waiting_retry(&server, "payapptest", &x_sink).await;
    let y_retry = waiting_retry(&server, "clocky", &y_sink).await;
    let y_before = state_of(&server, y_open).await;
    assert_eq!(y_before.0, PaymentState::Requested);

    let (status, body) = server
        .sandbox(
            "/sandbox/clock/advance",
            json!({"merchant": "payapptest", "seconds": 40 * DAY}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["merchant"], "payapptest");
    assert_eq!(body["own_clock"], true);

    // X: its request expires and its retry fires (and now succeeds).
    eventually("X's request expired", Duration::from_secs(15), || async {
        (state_of(&server, x_open).await.0 == PaymentState::Expired).then_some(())
    })
    .await;
    x_sink.wait_for(2).await;
    let x_after = wait_attempts(&server, x_retry.record.id, 2).await;
    eventually("X's retry delivered", Duration::from_secs(15), || async {
        let seen = look(&server, x_retry.record.id).await;
        (seen.record.state == OutboxState::Delivered).then_some(())
    })
    .await;
    assert!(
        x_after.attempts[1].started_at.as_millis() >= x_retry.record.next_attempt_at.as_millis()
    );

    // Y: the same state and version, the same retry time and attempts.
    assert_eq!(state_of(&server, y_open).await, y_before);
    let y_now = look(&server, y_retry.record.id).await;
    assert_eq!(y_now.record.state, OutboxState::Pending);
    assert_eq!(y_now.record.attempts, y_retry.record.attempts);
    assert_eq!(y_now.record.next_attempt_at, y_retry.record.next_attempt_at);
    assert_eq!(y_now.attempts.len(), 1);
    assert!(y_now.record.next_attempt_at > server.app.now_for(y_now_merchant(&server).await));
    assert_eq!(y_sink.received().len(), 1);

    // Y's request is still payable; X's is refused as expired.
    server.sandbox_pay(y_open, CARD).await;
    let refused = server
        .sandbox_pay_expect(x_open, CARD, Expect::Refused)
        .await;
    assert_eq!(refused["error"], "결제 가능 기간이 지났습니다", "{refused}");
    server.stop().await;
}

/// Merchant Y's id.
async fn y_now_merchant(server: &TestServer) -> gyeolje_core::MerchantId {
    server
        .app
        .store
        .merchant_by_payapp_userid("clocky")
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn advancing_one_merchant_expires_and_retries_only_its_own_on_sqlite() {
    only_the_advanced_merchant_moves(TestServer::start().await).await;
}

#[tokio::test]
async fn advancing_one_merchant_expires_and_retries_only_its_own_on_postgres() {
    let Some(db) = TestDatabase::postgres("merchant_clock_only_own").await else {
        return;
    };
    let server = TestServer::start_on(
        db,
        |c| c.poll_interval = Duration::from_millis(50),
        Parts::default(),
    )
    .await;
    only_the_advanced_merchant_moves(server).await;
}
