//! Acquirer faults: the next `count` card approvals of a merchant are
//! declined as armed (a decline code, insufficient funds, or a timeout that
//! really waits `--sim-acquirer-timeout`), then approvals resume; each
//! protocol answers the decline as it answers the same test card.

use super::{arm, listed, server_on};
use crate::innopay::{example_request, pay_order, register};
use crate::support::{Expect, TestServer};
use gyeolje_core::{PaymentEvent, PaymentId};
use serde_json::json;
use std::time::{Duration, Instant};

/// The declines recorded on payment `id`, as (code, message).
async fn declines(server: &TestServer, id: i64) -> Vec<(String, String)> {
    let events = server.app.store.events(PaymentId::new(id)).await.unwrap();
    events
        .into_iter()
        .filter_map(|e| match e.event {
            PaymentEvent::Declined { code, message, .. } => Some((code, message)),
            _ => None,
        })
        .collect()
}

async fn decline_then_approve(backend: &str) {
    let Some(server) = server_on(backend, "fault_acquirer", |_| {}).await else {
        return;
    };
    // PayApp: one generic decline, then the same card is approved.
    arm(
        &server,
        json!({"merchant":"payapptest","target":"acquirer","count":1,"fault":{"kind":"decline"}}),
    )
    .await;
    let (mul_no, _) = server.pay_request(&[]).await;
    let v = server
        .sandbox_pay_expect(mul_no, "4242424242424242", Expect::Declined)
        .await;
    assert_eq!(
        (&v["code"], &v["message"], &v["state"]),
        (
            &json!("declined"),
            &json!("카드사에서 승인을 거절했습니다"),
            &json!("requested")
        ),
        "{v}"
    );
    server.sandbox_pay(mul_no, "4242424242424242").await;
    assert_eq!(
        declines(&server, mul_no).await,
        [(
            "declined".to_owned(),
            "카드사에서 승인을 거절했습니다".to_owned()
        )]
    );
    assert_eq!(listed(&server, "payapptest").await[0]["remaining"], 0);

    // InnoPay: insufficient funds twice, then approved.
    arm(
        &server,
        json!({"merchant":"testpay01m","target":"acquirer","count":2,"fault":{"kind":"insufficient_funds"}}),
    )
    .await;
    register(&server, &example_request("a01", "01012341234")).await;
    for _ in 0..2 {
        let v = server
            .sandbox_pay_with(pay_order("test20180313a01"), Expect::Declined)
            .await;
        assert_eq!(v["code"], "insufficient_funds", "{v}");
        assert_eq!(v["message"], "잔액(한도)이 부족합니다", "{v}");
    }
    server
        .sandbox_pay_with(pay_order("test20180313a01"), Expect::Approved)
        .await;
    server.stop().await;
}

#[tokio::test]
async fn a_declined_approval_then_approvals_resume_sqlite() {
    decline_then_approve("sqlite").await;
}

#[tokio::test]
async fn a_declined_approval_then_approvals_resume_postgres() {
    decline_then_approve("postgres").await;
}

#[tokio::test]
async fn acquirer_timeouts_really_wait() {
    let timeout = Duration::from_millis(300);
    let server = TestServer::start_with(|c| c.sim_acquirer_timeout = timeout).await;
    arm(
        &server,
        json!({"merchant":"payapptest","target":"acquirer","fault":{"kind":"timeout"}}),
    )
    .await;
    let (mul_no, _) = server.pay_request(&[]).await;
    let started = Instant::now();
    let v = server
        .sandbox_pay_expect(mul_no, "4242424242424242", Expect::Declined)
        .await;
    assert!(started.elapsed() >= timeout, "answered before the timeout");
    assert_eq!(v["code"], "timeout", "{v}");
    assert_eq!(
        v["message"],
        "카드사 응답 시간이 초과되었습니다. 잠시 후 다시 시도해 주세요"
    );

    // The timeout test card waits as long, with nothing armed.
    let started = Instant::now();
    let v = server
        .sandbox_pay_expect(mul_no, "4000000000000119", Expect::Declined)
        .await;
    assert!(started.elapsed() >= timeout, "answered before the timeout");
    assert_eq!(v["code"], "timeout", "{v}");
    server.sandbox_pay(mul_no, "4242424242424242").await;
    server.stop().await;
}
