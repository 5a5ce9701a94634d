//! The admin API's bearer token: without a configured token the API does
//! not exist (404); with one, a missing or wrong token is 401 in the API's
//! error shape and reaches no handler.

use super::{TOKEN, admin_server};
use crate::support::TestServer;
use serde_json::Value;

async fn get(server: &TestServer, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = server.http.get(format!("{}{path}", server.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn without_a_configured_token_the_api_is_not_there() {
    let server = TestServer::start().await;
    for token in [None, Some(TOKEN)] {
        let (status, _) = get(&server, "/admin/api/payments", token).await;
        assert_eq!(status, 404);
    }
    let resp = server
        .http
        .post(format!("{}/admin/api/messages/1/replay", server.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    server.stop().await;
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401() {
    let server = admin_server().await;
    for token in [None, Some("wrong"), Some("")] {
        for path in ["/admin/api/payments", "/admin/api/payments/1000"] {
            let (status, v) = get(&server, path, token).await;
            assert_eq!(status, 401, "{path} with {token:?}: {v}");
            assert_eq!(v["error"]["code"], "unauthorized");
        }
    }
    let resp = server
        .http
        .post(format!(
            "{}/admin/api/payments/1000/actions/cancel",
            server.base
        ))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let (status, v) = get(&server, "/admin/api/payments", Some(TOKEN)).await;
    assert_eq!((status, v), (200, serde_json::json!([])));
    server.stop().await;
}
