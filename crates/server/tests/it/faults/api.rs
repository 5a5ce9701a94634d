//! The `/sandbox/faults` endpoints: the documented shape in and out, JSON
//! errors for what is not a fault, listing and disarming per merchant, and
//! no such routes in production mode.

use super::{arm, listed};
use crate::support::TestServer;
use serde_json::json;

#[tokio::test]
async fn faults_are_armed_listed_and_disarmed_per_merchant() {
    let server = TestServer::start().await;
    let v = arm(
        &server,
        json!({"merchant":"payapptest","target":"callbacks","count":3,"fault":{"kind":"status","status":503}}),
    )
    .await;
    assert!(v["id"].as_i64().is_some(), "{v}");
    assert_eq!(
        (
            &v["merchant"],
            &v["target"],
            &v["count"],
            &v["remaining"],
            &v["fault"]
        ),
        (
            &json!("payapptest"),
            &json!("callbacks"),
            &json!(3),
            &json!(3),
            &json!({"kind":"status","status":503})
        )
    );
    let decline = arm(
        &server,
        json!({"merchant":"payapptest","target":"acquirer","count":1,"fault":{"kind":"decline","code":"expired_card"}}),
    )
    .await;
    assert_eq!(
        decline["fault"],
        json!({"kind":"decline","code":"expired_card"})
    );
    let generic = arm(
        &server,
        json!({"merchant":"testpay01m","target":"acquirer","fault":{"kind":"decline"}}),
    )
    .await;
    assert_eq!(
        generic["fault"],
        json!({"kind":"decline","code":"declined"})
    );
    assert_eq!(generic["count"], 1, "count defaults to 1");
    let sms = arm(
        &server,
        json!({"merchant":"testpay01m","target":"sms","count":2}),
    )
    .await;
    assert_eq!(sms["fault"], json!({"kind":"reject"}));
    let late = arm(
        &server,
        json!({"merchant":"test","target":"deposit","fault":{"kind":"late"}}),
    )
    .await;
    assert_eq!(late["fault"], json!({"kind":"late"}));

    let mine = listed(&server, "payapptest").await;
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0]["id"], v["id"]);
    assert_eq!(mine[1]["fault"]["code"], "expired_card");
    assert_eq!(listed(&server, "testpay01m").await.len(), 2);

    let resp = server
        .http
        .delete(format!(
            "{}/sandbox/faults?merchant=payapptest",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["disarmed"], 2, "{body}");
    assert!(listed(&server, "payapptest").await.is_empty());
    assert_eq!(
        listed(&server, "testpay01m").await.len(),
        2,
        "others keep theirs"
    );
    // Live: testpay01m's acquirer and sms faults, seller test's deposit fault.
    assert_eq!(server.app.store.armed_faults().await.unwrap().len(), 3);
    server.stop().await;
}

#[tokio::test]
async fn what_is_not_a_fault_is_answered_in_json() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .post(format!("{}/sandbox/faults", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.json::<serde_json::Value>().await.unwrap()["error"].is_string());
    for (body, want) in [
        (json!({"merchant":"nobody","target":"sms"}), 404),
        (json!({"merchant":"payapptest","target":"moon"}), 400),
        (json!({"merchant":"payapptest","target":"callbacks"}), 400),
        (
            json!({"merchant":"payapptest","target":"callbacks","fault":{"kind":"explode"}}),
            400,
        ),
        (
            json!({"merchant":"payapptest","target":"callbacks","fault":{"kind":"status"}}),
            400,
        ),
        (
            json!({"merchant":"payapptest","target":"callbacks","fault":{"kind":"status","status":1000}}),
            400,
        ),
        (
            json!({"merchant":"payapptest","target":"acquirer","fault":{"kind":"reset"}}),
            400,
        ),
        (
            json!({"merchant":"payapptest","target":"acquirer","fault":{"kind":"decline","code":"bogus"}}),
            400,
        ),
        (
            json!({"merchant":"payapptest","target":"sms","count":0}),
            400,
        ),
        (json!({"target":"sms"}), 400),
    ] {
        let (status, v) = server.sandbox("/sandbox/faults", body.clone()).await;
        assert_eq!(status, want, "{body}: {v}");
        assert!(v["error"].is_string(), "{body}: {v}");
    }
    let (status, body) = server.get("/sandbox/faults?merchant=nobody").await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = server.get("/sandbox/faults").await;
    assert_eq!(status, 400, "{body}");
    assert!(server.app.store.armed_faults().await.unwrap().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn production_mode_has_no_fault_routes() {
    let server = TestServer::start_with(|c| c.sandbox = false).await;
    let (status, _) = server
        .sandbox(
            "/sandbox/faults",
            json!({"merchant":"payapptest","target":"sms"}),
        )
        .await;
    assert_eq!(status, 404);
    server.stop().await;
}
