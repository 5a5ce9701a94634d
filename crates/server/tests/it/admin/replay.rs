//! `POST /admin/api/messages/{id}/replay`: one more attempt of a delivered
//! feedback, which reaches the merchant's endpoint and shows in the
//! payment's detail as a second attempt.

use super::{admin_server, api_post, api_show, messages_of};
use crate::support::{Expect, SandboxPay, Sink, eventually};
use std::time::Duration;

#[tokio::test]
async fn replay_queues_one_more_attempt_that_arrives() {
    let server = admin_server().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server
        .sandbox_pay_with(SandboxPay::payapp(mul_no), Expect::Approved)
        .await;
    let id = mul_no.to_string();
    let first = sink.wait_for(1).await;
    assert_eq!(first[0].field("pay_state"), "4");
    let message = eventually("the feedback recorded", Duration::from_secs(15), || async {
        let d = api_show(&server, &id).await;
        let m = messages_of(&d, "payapp.feedback")[0].clone();
        (m["state"] == "delivered").then_some(m)
    })
    .await;
    let message_id = message["id"].as_i64().unwrap();

    let (status, v) = api_post(
        &server,
        &format!("/messages/{message_id}/replay"),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["id"], message_id);
    let again = sink.wait_for(2).await;
    assert_eq!(again.len(), 2);
    assert_eq!(again[1].field("pay_state"), "4");
    assert_eq!(again[1].field("mul_no"), id);
    let history = eventually(
        "the second attempt recorded",
        Duration::from_secs(15),
        || async {
            let d = api_show(&server, &id).await;
            let m = messages_of(&d, "payapp.feedback")[0].clone();
            let h = m["history"].as_array().unwrap().clone();
            (h.len() == 2 && m["state"] == "delivered").then_some(h)
        },
    )
    .await;
    assert_eq!(history[1]["attempt"], 2);
    assert_eq!(history[1]["succeeded"], true);

    let (status, v) = api_post(
        &server,
        "/messages/99999999/replay",
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, 404, "{v}");
    let (status, v) = api_post(&server, "/messages/abc/replay", serde_json::Value::Null).await;
    assert_eq!(status, 400, "{v}");
    server.stop().await;
}
