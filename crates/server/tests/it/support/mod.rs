//! The test harness: a server, a merchant endpoint, and helpers to drive them.

pub mod browser;
pub mod cli;
pub mod merchant_site;
pub mod money;
pub mod outbox;
pub mod php;
pub mod process;
pub mod raw;
pub mod rejections;
pub mod sandbox_pay;
pub mod sink;

pub use cli::{cli, cli_fails};
pub use money::won;
pub use rejections::{rejected, rejected_with};
pub use sandbox_pay::{Expect, SandboxPay};
pub use sink::{Reply, Sink};

use gyeolje_server::startup::Parts;
use gyeolje_server::{App, Config};
use gyeolje_store::testing::TestDatabase;
use serde_json::{Value, json};
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// A gyeolje server running in this process on a free port.
pub struct TestServer {
    pub base: String,
    pub app: App,
    pub http: reqwest::Client,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    _db: TestDatabase,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    /// Starts a server on a fresh SQLite database after `tune` adjusts the config.
    pub async fn start_with(tune: impl FnOnce(&mut Config)) -> TestServer {
        Self::start_with_parts(tune, Parts::default()).await
    }

    /// [`TestServer::start_with`], with some of the app's parts given (an
    /// acquirer that fails on purpose).
    pub async fn start_with_parts(tune: impl FnOnce(&mut Config), parts: Parts) -> TestServer {
        Self::start_on(TestDatabase::sqlite().unwrap(), tune, parts).await
    }

    /// Starts a server on `db` (SQLite or PostgreSQL) after `tune`.
    pub async fn start_on(
        db: TestDatabase,
        tune: impl FnOnce(&mut Config),
        parts: Parts,
    ) -> TestServer {
        let mut config = Config::with_database(&db.url);
        config.poll_interval = Duration::from_millis(50);
        // The acquirer's timeout really waits: short, so tests stay quick.
        config.sim_acquirer_timeout = Duration::from_millis(200);
        tune(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = App::build_with(config, addr, parts).await.unwrap();
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(gyeolje_server::serve(
            app.clone(),
            listener,
            shutdown.clone(),
        ));
        TestServer {
            base: format!("http://{addr}"),
            app,
            http: reqwest::Client::new(),
            shutdown,
            task,
            _db: db,
        }
    }

    pub fn client(&self) -> gyeolje_payapp::PayAppClient {
        gyeolje_payapp::PayAppClient::new(&self.base)
    }

    /// POSTs raw bytes to the PayApp API; returns the status and body.
    pub async fn api_raw(&self, body: impl Into<reqwest::Body>) -> (u16, String) {
        let resp = self
            .http
            .post(format!("{}/oapi/apiLoad.html", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    }

    /// POSTs form pairs to the PayApp API and decodes the reply line.
    pub async fn api(&self, pairs: &[(&str, &str)]) -> ApiReply {
        let body = form(pairs);
        let (_, text) = self.api_raw(body).await;
        ApiReply(gyeolje_payapp::parse_reply(&text), text)
    }

    /// `cmd=payrequest` for the demo seller with the manual's example values,
    /// plus `extra`; returns (mul_no, payurl).
    pub async fn pay_request(&self, extra: &[(&str, &str)]) -> (i64, String) {
        let mut pairs = vec![
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", "api test"),
            ("price", "1000"),
            ("recvphone", "01012345678"),
            ("smsuse", "n"),
        ];
        for (k, v) in extra {
            pairs.retain(|(key, _)| key != k);
            pairs.push((k, v));
        }
        let r = self.api(&pairs).await;
        assert_eq!(r.get("state"), "1", "payrequest failed: {}", r.1);
        (r.get("mul_no").parse().unwrap(), r.get("payurl").to_owned())
    }

    pub async fn sandbox(&self, path: &str, body: Value) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// The SMS messages the simulated carrier holds for `phone`, newest
    /// first (every one stored, sent or not); asserts `/sandbox/sms` answers 200.
    pub async fn sms_to(&self, phone: &str) -> Vec<Value> {
        let (status, body) = self.get(&format!("/sandbox/sms?phone={phone}")).await;
        assert_eq!(status, 200, "/sandbox/sms?phone={phone}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["messages"].as_array().cloned().expect("a messages array")
    }

    pub async fn advance_clock(&self, seconds: u64) {
        let (status, _) = self
            .sandbox("/sandbox/clock/advance", json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, 200);
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    }

    pub async fn stop(self) {
        self.stop_keeping_database().await;
    }

    /// Stops the server; its database stays until the returned guard drops,
    /// for checks of what shutdown left behind.
    pub async fn stop_keeping_database(self) -> TestDatabase {
        self.shutdown.cancel();
        self.task.await.unwrap().unwrap();
        self._db
    }
}

/// A decoded reply line and its raw text.
pub struct ApiReply(pub Vec<(String, String)>, pub String);

impl ApiReply {
    pub fn get(&self, key: &str) -> &str {
        gyeolje_payapp::codec::reply_value(&self.0, key).unwrap_or("")
    }
}

/// Form-encodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Polls `check` until it returns `Some`, for at most `limit`.
pub async fn eventually<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
