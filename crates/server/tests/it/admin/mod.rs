//! The operator's side (issue 14): payment lookup through `gyeolje payment
//! list|show` and the admin API, message replay, the operator actions with
//! the callbacks each protocol sends for them, the API's token check, and
//! read-only commands that never create a database.

mod actions;
mod auth;
mod ipay_actions;
mod lookup;
mod postgres;
mod readonly;
mod replay;

use crate::support::{TestServer, cli};
use gyeolje_core::Secret;
use serde_json::Value;

/// The admin API's bearer token in these tests.
pub const TOKEN: &str = "t";

/// A server with the admin API on (token [`TOKEN`]).
pub async fn admin_server() -> TestServer {
    TestServer::start_with(|c| c.admin_token = Some(Secret::new(TOKEN))).await
}

/// `GET /admin/api{path}` with the token: (status, JSON).
pub async fn api_get(server: &TestServer, path: &str) -> (u16, Value) {
    let resp = server
        .http
        .get(format!("{}/admin/api{path}", server.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// `POST /admin/api{path}` with the token and a JSON `body` (none when
/// `Null`): (status, JSON).
pub async fn api_post(server: &TestServer, path: &str, body: Value) -> (u16, Value) {
    let mut req = server
        .http
        .post(format!("{}/admin/api{path}", server.base))
        .bearer_auth(TOKEN);
    if !body.is_null() {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// `POST /admin/api/payments/{id}/actions/{action}`, asserting `status`;
/// the reply.
pub async fn act(server: &TestServer, id: &str, action: &str, body: Value, status: u16) -> Value {
    let (got, v) = api_post(server, &format!("/payments/{id}/actions/{action}"), body).await;
    assert_eq!(got, status, "{action} on {id}: {v}");
    v
}

/// `gyeolje payment show REF --json` on the server's database.
pub async fn cli_show(server: &TestServer, reference: &str) -> Value {
    let db = server.app.config.database.clone();
    let out = cli(&["payment", "show", reference, "--json", "--database", &db]).await;
    serde_json::from_str(&out).unwrap()
}

/// `GET /admin/api/payments/{reference}`, asserting 200.
pub async fn api_show(server: &TestServer, reference: &str) -> Value {
    let (status, v) = api_get(server, &format!("/payments/{reference}")).await;
    assert_eq!(status, 200, "{reference}: {v}");
    v
}

/// The `kind`s of a detail's events, in order.
pub fn event_kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// A detail's messages of `kind`.
pub fn messages_of<'a>(detail: &'a Value, kind: &str) -> Vec<&'a Value> {
    detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == kind)
        .collect()
}
