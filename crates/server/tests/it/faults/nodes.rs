//! Two gateway processes on one PostgreSQL database: a fault armed through
//! A fires on B's next matching call, and the firings across both add up
//! to exactly `count` however the calls race.

use crate::support::outbox::stored_of_kind;
use crate::support::process::{Api, GyeoljeProcess};
use crate::support::sandbox_pay::{self, Expect, SandboxPay};
use crate::support::{Sink, eventually};
use gyeolje_core::PaymentId;
use gyeolje_store::testing::TestDatabase;
use serde_json::{Value, json};
use std::time::Duration;

const CARD: &str = "4242424242424242";

async fn post(api: &Api, path: &str, body: Value) -> (u16, Value) {
    let resp = api
        .http
        .post(format!("{}{path}", api.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

/// Pays `mul_no` through `api`; whether the acquirer declined it.
async fn declined(api: &Api, mul_no: i64) -> bool {
    let body = json!({
        "protocol": "payapp", "reference": mul_no.to_string(), "method": "card", "card_number": CARD
    });
    let (_, v) = post(api, "/sandbox/pay", body.clone()).await;
    match v["outcome"].as_str() {
        Some("declined") => {
            assert_eq!(v["code"], "declined", "{}: {v}", api.name);
            true
        }
        Some("approved") => false,
        _ => panic!("{}: {body}: {v}", api.name),
    }
}

#[tokio::test]
async fn a_fault_armed_on_one_node_fires_on_another_exactly_count_times() {
    let Some(db) = TestDatabase::postgres("fault_nodes").await else {
        return;
    };
    // A makes no deliveries, so every callback attempt is B's.
    let (node_a, node_b) = tokio::join!(
        GyeoljeProcess::start("A", &db.url, &["--workers", "false"]),
        GyeoljeProcess::start("B", &db.url, &["--sim-acquirer-timeout", "200ms"]),
    );
    let (a, b) = (node_a.api(), node_b.api());

    // Acquirer: armed through A, the very next approval (on B) is declined.
    let (status, v) = post(
        &a,
        "/sandbox/faults",
        json!({"merchant":"payapptest","target":"acquirer","count":3,"fault":{"kind":"decline"}}),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    let first = a.pay_request(&[]).await;
    assert!(declined(&b, first).await, "B saw A's fault at once");
    // Ten more approvals racing on both nodes: exactly two more declines.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let api = [&a, &b][i % 2].clone();
        tasks.spawn(async move {
            let mul_no = api.pay_request(&[]).await;
            declined(&api, mul_no).await
        });
    }
    let declines = tasks.join_all().await.into_iter().filter(|d| *d).count();
    assert_eq!(declines, 2, "three firings in all");
    let listed: Value = b
        .http
        .get(format!("{}/sandbox/faults?merchant=payapptest", b.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["faults"][0]["remaining"], 0, "{listed}");

    // Callbacks: armed through A, B's delivery is the one that fails.
    let (status, v) = post(
        &a,
        "/sandbox/faults",
        json!({"merchant":"payapptest","target":"callbacks","count":1,"fault":{"kind":"status","status":500}}),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    let sink = Sink::start().await;
    let mul_no = a
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("checkretry", "y")])
        .await;
    sandbox_pay::post(
        &a.http,
        &a.base,
        "A: ",
        &SandboxPay::payapp(mul_no).card(CARD),
        Expect::Approved,
    )
    .await;
    let store = gyeolje_store::open(&db.url).await.unwrap();
    let id = stored_of_kind(&*store, "payapp.feedback", Some(PaymentId::new(mul_no))).await[0].id;
    let failed = eventually("B's faulted attempt", Duration::from_secs(15), || async {
        let attempts = store.attempts(id).await.unwrap();
        (!attempts.is_empty()).then_some(attempts)
    })
    .await;
    assert_eq!(failed[0].status, Some(500));
    let (status, _) = post(&a, "/sandbox/clock/advance", json!({"seconds": 5})).await;
    assert_eq!(status, 200);
    sink.wait_for(1).await;
    let attempts = eventually("the delivery recorded", Duration::from_secs(15), || async {
        let attempts = store.attempts(id).await.unwrap();
        (attempts.len() == 2).then_some(attempts)
    })
    .await;
    assert_eq!(
        attempts
            .iter()
            .map(|a| (a.status, a.succeeded))
            .collect::<Vec<_>>(),
        [(Some(500), false), (Some(200), true)]
    );
    let by_b = format!("{}-", node_b.pid());
    assert!(
        attempts.iter().all(|a| a.worker.starts_with(&by_b)),
        "both made by B: {attempts:?}"
    );
    drop((node_a, node_b));
    db.cleanup().await;
}
