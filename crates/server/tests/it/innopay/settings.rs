//! §4.4 settings over HTTP (authenticated with the LicenseKey) and the CLI:
//! all three values or nothing, in the manual's ranges.

use super::*;
use crate::support::{cli, cli_fails};
use serde_json::json;

/// The arguments of `gyeolje merchant notify-settings` on the server's
/// database, then `args`; for [`cli`] or [`cli_fails`].
pub fn notify_settings<'a>(server: &'a TestServer, args: &[&'a str]) -> Vec<&'a str> {
    let mut argv = vec![
        "merchant",
        "notify-settings",
        "--database",
        &server.app.config.database,
    ];
    argv.extend_from_slice(args);
    argv
}

async fn put(server: &TestServer, key: &str, method: &str, body: Value) -> (u16, Value) {
    let resp = server
        .http
        .put(format!(
            "{}/admin/innopay/{MID}/notify-settings/{method}",
            server.base
        ))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn the_http_endpoint_checks_the_key_the_ranges_and_completeness() {
    let server = TestServer::start().await;
    let good = json!({"url": "https://shop.example/innopay/noti", "interval": "10", "count": 3});
    let (status, v) = put(&server, "wrong", "card", good.clone()).await;
    assert_eq!(
        (status, v["resultCode"].as_str()),
        (401, Some("3012")),
        "{v}"
    );
    let (status, v) = put(&server, LICENSE_KEY, "card", good.clone()).await;
    assert_eq!(
        (status, v["resultCode"].as_str()),
        (200, Some("0000")),
        "{v}"
    );
    for (body, needle) in [
        (
            json!({"url": "https://a.example/", "interval": 0, "count": 3}),
            "1분~60분",
        ),
        (
            json!({"url": "https://a.example/", "interval": 61, "count": 3}),
            "1분~60분",
        ),
        (
            json!({"url": "https://a.example/", "interval": 5, "count": 11}),
            "10회",
        ),
        (
            json!({"url": "https://a.example/", "interval": 5}),
            "모두 입력",
        ),
        (
            json!({"url": "not a url", "interval": 5, "count": 1}),
            "http",
        ),
    ] {
        let (status, v) = put(&server, LICENSE_KEY, "card", body.clone()).await;
        assert_eq!(status, 400, "{body}: {v}");
        assert!(
            v["resultMsg"].as_str().unwrap().contains(needle),
            "{body}: {v}"
        );
    }
    let (status, v) = put(&server, LICENSE_KEY, "bitcoin", good.clone()).await;
    assert_eq!(status, 400, "{v}");

    // Refused settings changed nothing.
    let resp = server
        .http
        .get(format!(
            "{}/admin/innopay/{MID}/notify-settings",
            server.base
        ))
        .bearer_auth(LICENSE_KEY)
        .send()
        .await
        .unwrap();
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["settings"]["card"]["interval"], 10, "{v}");
    assert_eq!(
        v["settings"]["card"]["url"],
        "https://shop.example/innopay/noti"
    );
    assert_eq!(v["settings"]["cash"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn the_cli_sets_shows_and_clears() {
    let server = TestServer::start().await;
    let e = cli_fails(&notify_settings(
        &server,
        &[
            "--mid",
            MID,
            "--url",
            "http://127.0.0.1:9/n",
            "--interval",
            "5",
        ],
    ))
    .await;
    assert!(e.contains("재전송횟수"), "{e}");
    let e = cli_fails(&notify_settings(
        &server,
        &[
            "--mid",
            MID,
            "--url",
            "http://127.0.0.1:9/n",
            "--interval",
            "90",
            "--count",
            "1",
        ],
    ))
    .await;
    assert!(e.contains("1분~60분"), "{e}");
    let e = cli_fails(&notify_settings(
        &server,
        &[
            "--mid",
            "nobody",
            "--url",
            "http://a/",
            "--interval",
            "1",
            "--count",
            "1",
        ],
    ))
    .await;
    assert!(e.contains("nobody"), "{e}");
    let out = cli(&notify_settings(
        &server,
        &[
            "--mid",
            MID,
            "--method",
            "card",
            "--url",
            "http://127.0.0.1:9/n",
            "--interval",
            "1",
            "--count",
            "10",
        ],
    ))
    .await;
    assert!(
        out.contains("testpay01m card: url=http://127.0.0.1:9/n interval=1min count=10"),
        "{out}"
    );
    assert!(out.contains("testpay01m cash: (not set"), "{out}");
    let out = cli(&notify_settings(
        &server,
        &["--mid", MID, "--method", "card", "--clear"],
    ))
    .await;
    assert!(out.contains("card: (not set"), "{out}");
    server.stop().await;
}
