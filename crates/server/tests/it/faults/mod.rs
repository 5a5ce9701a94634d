//! Faults on demand (issue 17, point 3): armed per merchant through
//! `POST /sandbox/faults`, kept in the store, fired by the next matching
//! callback delivery, card approval, SMS or deposit — on whichever process
//! makes it — exactly `count` times.

mod acquirer;
mod api;
mod callbacks;
mod deposit;
mod nodes;
mod sms;

use crate::support::TestServer;
use gyeolje_server::Config;
use gyeolje_server::startup::Parts;
use gyeolje_store::testing::TestDatabase;
use serde_json::Value;

/// A server on a fresh database of `backend` (`sqlite` or `postgres`)
/// after `tune`; `None` (after saying so) when PostgreSQL is not configured.
pub async fn server_on(
    backend: &str,
    label: &str,
    tune: impl FnOnce(&mut Config),
) -> Option<TestServer> {
    let db = match backend {
        "postgres" => TestDatabase::postgres(label).await?,
        _ => TestDatabase::sqlite().unwrap(),
    };
    Some(TestServer::start_on(db, tune, Parts::default()).await)
}

/// Arms `body` through the sandbox API; asserts the 201 and returns the fault.
pub async fn arm(server: &TestServer, body: Value) -> Value {
    let (status, v) = server.sandbox("/sandbox/faults", body.clone()).await;
    assert_eq!(status, 201, "arming {body}: {v}");
    assert_eq!(v["remaining"], v["count"], "{v}");
    v
}

/// The merchant's faults as `GET /sandbox/faults` lists them.
pub async fn listed(server: &TestServer, merchant: &str) -> Vec<Value> {
    let (status, body) = server
        .get(&format!("/sandbox/faults?merchant={merchant}"))
        .await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["merchant"], merchant);
    v["faults"].as_array().cloned().unwrap()
}
