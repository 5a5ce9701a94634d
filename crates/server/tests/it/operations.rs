//! What an operator sees and does: health, metrics, the CLI's merchant and
//! notify commands, and a graceful shutdown that finishes deliveries.

use crate::support::{Reply, Sink, TestServer, cli, eventually};
use gyeolje_core::OutboxState;
use std::time::Duration;

#[tokio::test]
async fn health_and_metrics() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/healthz").await, (200, "ok\n".to_owned()));
    server.pay_request(&[]).await;
    let (status, text) = server.get("/metrics").await;
    assert_eq!(status, 200);
    for name in [
        "gyeolje_http_requests_total",
        "gyeolje_http_request_duration_seconds",
        "gyeolje_callbacks_pending",
        "route=\"/oapi/apiLoad.html\"",
    ] {
        assert!(text.contains(name), "metrics lack {name}:\n{text}");
    }
    server.stop().await;
}

#[tokio::test]
async fn merchants_are_listed_and_created_from_the_cli() {
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    cli(&["migrate", "--database", &db.url]).await;
    let listed = cli(&["merchant", "list", "--json", "--database", &db.url]).await;
    let v: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(v[0]["payapp"]["userid"], "payapptest");
    assert_eq!(
        v[0]["payapp"]["linkkey"], "********",
        "list never prints secrets"
    );
    let shown = cli(&[
        "merchant",
        "show",
        "payapptest",
        "--reveal",
        "--json",
        "--database",
        &db.url,
    ])
    .await;
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        v["payapp"]["linkkey"],
        gyeolje_server::seed::PAYAPP_DEMO_LINKKEY
    );
    assert_eq!(
        v["payapp"]["linkval"],
        gyeolje_server::seed::PAYAPP_DEMO_LINKVAL
    );
    let created = cli(&[
        "merchant",
        "create",
        "--database",
        &db.url,
        "--name",
        "새상점",
        "--payapp-userid",
        "newshop",
        "--json",
    ])
    .await;
    let v: serde_json::Value = serde_json::from_str(&created).unwrap();
    assert_eq!(v["payapp"]["userid"], "newshop");
    assert_eq!(v["payapp"]["linkkey"].as_str().unwrap().len(), 44);
    let text = cli(&["merchant", "list", "--database", &db.url]).await;
    assert!(
        text.contains("newshop") && text.contains("payapptest"),
        "{text}"
    );
}

#[tokio::test]
async fn notify_lists_shows_and_replays_a_failed_callback() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script([Reply::Body(503, "busy")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let failed = eventually("failed callback", Duration::from_secs(10), || async {
        let f = gyeolje_store::OutboxFilter {
            state: Some(OutboxState::Failed),
            ..Default::default()
        };
        server
            .app
            .store
            .outbox_list(&f)
            .await
            .unwrap()
            .into_iter()
            .next()
    })
    .await;
    let url = server.app.config.database.clone();
    let list = cli(&["notify", "list", "--state", "failed", "--database", &url]).await;
    assert!(
        list.contains(&format!("{}\tfailed\t1\tpayapp.feedback", failed.id)),
        "{list}"
    );
    let shown = cli(&["notify", "show", &failed.id.to_string(), "--database", &url]).await;
    assert!(
        shown.contains("status=503") && shown.contains("linkkey=***"),
        "{shown}"
    );
    assert!(
        !shown.contains(
            gyeolje_server::seed::PAYAPP_DEMO_LINKVAL
                .split('+')
                .next()
                .unwrap()
        ),
        "secrets are masked"
    );
    let replayed = cli(&[
        "notify",
        "replay",
        &failed.id.to_string(),
        "--database",
        &url,
    ])
    .await;
    assert!(replayed.contains("queued"), "{replayed}");
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "4");
    eventually("replayed delivery", Duration::from_secs(10), || async {
        let r = server
            .app
            .store
            .outbox_get(failed.id)
            .await
            .unwrap()
            .unwrap();
        (r.state == OutboxState::Delivered).then_some(())
    })
    .await;
    let json = cli(&[
        "notify",
        "show",
        &failed.id.to_string(),
        "--json",
        "--database",
        &url,
    ])
    .await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn shutdown_finishes_a_delivery_in_flight() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script([Reply::Slow(Duration::from_millis(700), "SUCCESS")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;
    let store = server.app.store.clone();
    let _db = server.stop_keeping_database().await;
    let all = store.outbox_list(&Default::default()).await.unwrap();
    let record = all
        .iter()
        .find(|r| r.message.kind == "payapp.feedback")
        .unwrap();
    assert_eq!(
        record.state,
        OutboxState::Delivered,
        "the in-flight attempt was finished and recorded"
    );
    assert_eq!(store.attempts(record.id).await.unwrap().len(), 1);
}
