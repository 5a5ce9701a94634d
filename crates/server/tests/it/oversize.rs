//! Issue 16 (9): a body over the 1 MiB limit gets each route's own reply —
//! the InnoPay popup's error screen, the buyer page's notice, the §4.4
//! settings JSON, PayApp Lite's error page — never the framework's
//! `413 text/plain "Failed to buffer the request body"`.

use crate::innopay::{LICENSE_KEY, MID, example_request, register};
use crate::support::TestServer;

fn oversized() -> String {
    format!("a={}", "x".repeat(1024 * 1024 + 16))
}

async fn post(server: &TestServer, path: &str, content_type: &str) -> (u16, String, String) {
    let resp = server
        .http
        .post(format!("{}{path}", server.base))
        .header("content-type", content_type)
        .bearer_auth(LICENSE_KEY)
        .body(oversized())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, resp.text().await.unwrap())
}

#[tokio::test]
async fn every_page_and_endpoint_answers_an_oversized_body_in_its_own_shape() {
    let server = TestServer::start().await;
    let order = register(&server, &example_request("big", "010-4311-6330")).await;
    let buyer = order.order_url.trim_start_matches(&server.base).to_owned();
    let form = "application/x-www-form-urlencoded";
    let settings = format!("/admin/innopay/{MID}/notify-settings/card");
    let cases: [(&str, &str, &str); 5] = [
        ("/api/cardInterface", form, "1MiB"),
        ("/api/cardInterface/request", form, "1MiB"),
        (&buyer, form, "요청이 너무 큽니다"),
        ("/lite/request", form, "1MiB"),
        ("/lite/request/submit", form, "1MiB"),
    ];
    for (path, content_type, text) in cases {
        let (status, ct, body) = post(&server, path, content_type).await;
        assert!(ct.starts_with("text/html"), "{path}: {status} {ct} {body}");
        assert!(body.contains(text), "{path}: {status} {body}");
        assert!(!body.contains("Failed to buffer"), "{path}: {body}");
    }
    let resp = server
        .http
        .put(format!("{}{settings}", server.base))
        .header("content-type", "application/json")
        .bearer_auth(LICENSE_KEY)
        .body(oversized())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["resultCode"], "3001", "{v}");
    server.stop().await;
}
