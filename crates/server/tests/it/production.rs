//! Production mode (`--sandbox false`): callbacks never reach loopback or
//! private addresses on a merchant's word unless the operator allowed the
//! host, and a callback endpoint's reply is never echoed to the caller.

use crate::support::outbox::{messages_of_kind, wait_attempts};
use crate::support::{Reply, Sink, TestServer};
use gyeolje_core::{OutboxState, PaymentId};

/// A production-mode server. It seeds no demo merchants (their credentials
/// are published); these tests add them themselves to drive the protocols.
async fn production_server(tune: impl FnOnce(&mut gyeolje_server::Config)) -> TestServer {
    let server = TestServer::start_with(|c| {
        c.sandbox = false;
        tune(c);
    })
    .await;
    let merchants = server.app.store.list_merchants().await.unwrap();
    assert!(merchants.is_empty(), "production mode seeded {merchants:?}");
    gyeolje_server::seed::seed_demo_merchants(
        &*server.app.store,
        gyeolje_core::Timestamp::from_millis(1),
    )
    .await
    .unwrap();
    server
}

#[tokio::test]
async fn a_loopback_feedbackurl_is_refused_in_production_mode() {
    let server = production_server(|_| {}).await;
    let sink = Sink::start().await;
    // The request is created (an unreachable feedbackurl is not the caller's
    // error); its creation feedback is queued and refused by the guard.
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let queued = messages_of_kind(&server, PaymentId::new(mul_no), "payapp.feedback.created").await;
    let id = queued
        .first()
        .map(|r| r.id)
        .expect("the creation feedback is queued");
    let seen = wait_attempts(&server, id, 1).await;
    assert_eq!(seen.record.state, OutboxState::Failed, "{:?}", seen.record);
    let attempt = &seen.attempts[0];
    assert_eq!(attempt.status, None, "no connection was made: {attempt:?}");
    let error = attempt.error.as_deref().unwrap_or("");
    assert!(
        error.contains("refused") && error.contains("127.0.0.1"),
        "{error}"
    );
    // The guard refused it before connecting: nothing reached the endpoint.
    assert!(sink.creations().is_empty());
    // And the sandbox API is not there at all.
    let (status, _) = server.get("/sandbox/clock").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_allowed_host_is_reached_and_its_reply_is_not_echoed() {
    let server = production_server(|c| c.callback_allow_hosts = vec!["127.0.0.1".into()]).await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    assert_eq!(
        sink.creations().len(),
        1,
        "the allowed host got pay_state=1"
    );
    assert!(mul_no > 0);

    // An endpoint that answers something else than SUCCESS refuses the
    // request (70080), but what it said is not shown to the caller.
    sink.answer_creation(Reply::Body(200, "internal: db=10.0.0.5 token=s3cr3t"));
    let r = server
        .api(&[
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", "t"),
            ("price", "1000"),
            ("recvphone", "01012345678"),
            ("smsuse", "n"),
            ("feedbackurl", &sink.url("/fb")),
        ])
        .await;
    assert_eq!(r.get("state"), "0", "{}", r.1);
    assert_eq!(r.get("errno"), "70080", "{}", r.1);
    let message = r.get("errorMessage");
    assert!(message.contains("HTTP 200"), "{message}");
    assert!(
        !message.contains("s3cr3t") && !message.contains("10.0.0.5"),
        "{message}"
    );
}

/// Issue 16 (11): `/metrics` is not served to anyone in production mode
/// without an admin token, and needs that token whenever one is set.
#[tokio::test]
async fn metrics_need_the_admin_token_outside_the_sandbox() {
    let server = production_server(|_| {}).await;
    let (status, _) = server.get("/metrics").await;
    assert_eq!(status, 404);
    server.stop().await;

    let server = TestServer::start_with(|c| {
        c.sandbox = false;
        c.admin_token = Some(gyeolje_core::Secret::new("metrics-token"));
    })
    .await;
    let url = format!("{}/metrics", server.base);
    let anonymous = server.http.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let wrong = server
        .http
        .get(&url)
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let ok = server
        .http
        .get(&url)
        .bearer_auth("metrics-token")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert!(
        ok.text()
            .await
            .unwrap()
            .contains("gyeolje_http_requests_total")
    );
    server.stop().await;
}
