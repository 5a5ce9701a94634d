//! Fair delivery (issue 16, defect 1): one merchant's hanging endpoint holds
//! at most its destination's share of the delivery pool, so another
//! merchant's callback goes out while every one of the first's requests is
//! still held open; a refusing destination backs off on its own. On SQLite
//! and PostgreSQL.

use crate::support::{TestServer, eventually};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use gyeolje_core::{AttemptRecord, OutboxRecord, OutboxState};
use gyeolje_server::startup::Parts;
use gyeolje_store::OutboxFilter;
use gyeolje_store::testing::TestDatabase;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The destination share these tests run with (the default).
const SHARE: usize = 8;

/// A merchant endpoint that answers PayApp creation feedbacks at once and
/// holds every other request open until [`HeldEndpoint::release`]; it counts
/// the requests open at once.
#[derive(Clone)]
struct HeldEndpoint {
    base: String,
    inner: Arc<Held>,
}

struct Held {
    state: Mutex<Counts>,
    release: watch::Sender<bool>,
}

#[derive(Default)]
struct Counts {
    open: usize,
    most_open: usize,
    /// Every non-creation request's `mul_no`, in arrival order.
    received: Vec<String>,
}

async fn held(State(h): State<Arc<Held>>, body: Bytes) -> &'static str {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    if form.get("pay_state").map(String::as_str) == Some("1") {
        return "SUCCESS";
    }
    {
        let mut c = h.state.lock().unwrap();
        c.open += 1;
        c.most_open = c.most_open.max(c.open);
        c.received
            .push(form.get("mul_no").cloned().unwrap_or_default());
    }
    let mut released = h.release.subscribe();
    let _ = released.wait_for(|r| *r).await;
    h.state.lock().unwrap().open -= 1;
    "SUCCESS"
}

impl HeldEndpoint {
    async fn start() -> HeldEndpoint {
        let inner = Arc::new(Held {
            state: Mutex::new(Counts::default()),
            release: watch::channel(false).0,
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(held).with_state(inner.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        HeldEndpoint { base, inner }
    }

    fn url(&self) -> String {
        format!("{}/feedback", self.base)
    }

    fn open(&self) -> usize {
        self.inner.state.lock().unwrap().open
    }

    fn most_open(&self) -> usize {
        self.inner.state.lock().unwrap().most_open
    }

    fn received(&self) -> Vec<String> {
        self.inner.state.lock().unwrap().received.clone()
    }

    /// Answers every held request, and every later one at once.
    fn release(&self) {
        self.inner.release.send_replace(true);
    }
}

async fn server_on(db: TestDatabase, tune: impl FnOnce(&mut gyeolje_server::Config)) -> TestServer {
    TestServer::start_on(db, tune, Parts::default()).await
}

async fn database(backend: &str, label: &str) -> Option<TestDatabase> {
    match backend {
        "postgres" => TestDatabase::postgres(label).await,
        _ => Some(TestDatabase::sqlite().unwrap()),
    }
}

/// A paid PayApp payment of `userid` whose pay_state=4 feedback goes to `url`.
async fn paid_payment(server: &TestServer, userid: &str, url: &str) -> i64 {
    let (mul_no, _) = server
        .pay_request(&[("userid", userid), ("feedbackurl", url)])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    mul_no
}

async fn feedbacks(server: &TestServer) -> Vec<OutboxRecord> {
    server
        .app
        .store
        .outbox_list(&OutboxFilter {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.message.kind == "payapp.feedback")
        .collect()
}

async fn slow_merchant_does_not_hold_back_a_healthy_one(backend: &str) {
    let Some(db) = database(backend, "fair_slow_merchant").await else {
        return;
    };
    // A's requests must stay open until released: no timeout meanwhile.
    let server = server_on(db, |c| {
        c.callback_timeout = Duration::from_secs(600);
        c.lease = Duration::from_secs(1200);
    })
    .await;
    let a = HeldEndpoint::start().await;
    let b = HeldEndpoint::start().await;
    b.release();
    let mut a_payments = Vec::new();
    for _ in 0..200 {
        a_payments.push(paid_payment(&server, "payapptest", &a.url()).await);
    }
    // A holds its share of the slots.
    eventually("A's share in flight", Duration::from_secs(30), || async {
        (a.open() == SHARE).then_some(())
    })
    .await;

    let b_payment = paid_payment(
        &server,
        gyeolje_server::seed::PAYAPP_AGENCY_USERID,
        &b.url(),
    )
    .await;
    eventually("B's callback", Duration::from_secs(30), || async {
        (!b.received().is_empty()).then_some(())
    })
    .await;
    // B was served while every one of A's requests was still open, and A
    // never had more than its share in flight.
    assert_eq!(a.open(), SHARE, "A's held requests are all still open");
    assert_eq!(a.received().len(), SHARE, "nothing of A's was answered yet");
    assert_eq!(a.most_open(), SHARE);
    assert_eq!(b.received(), [b_payment.to_string()]);

    // Released, every one of A's callbacks arrives: none lost, each attempt
    // one request. (Deferred ones are due within the deferral's doubling
    // rounds; the sandbox clock moves them along.)
    a.release();
    let a_url = a.url();
    let delivered = eventually(
        "A's callbacks delivered",
        Duration::from_secs(120),
        || async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            server.advance_clock(600).await;
            let all: Vec<_> = feedbacks(&server)
                .await
                .into_iter()
                .filter(|r| {
                    r.message.channel.target() == a_url || r.message.channel.target() == b.url()
                })
                .collect();
            let done = all.iter().all(|r| r.state == OutboxState::Delivered);
            (done && all.len() == 201).then_some(all)
        },
    )
    .await;
    let mut attempts: Vec<AttemptRecord> = Vec::new();
    for r in &delivered {
        attempts.extend(server.app.store.attempts(r.id).await.unwrap());
    }
    assert!(attempts.iter().all(|at| at.attempt_no == 1 && at.succeeded));
    let mut got = a.received();
    assert_eq!(got.len(), attempts.len() - 1, "one request per attempt");
    got.sort();
    let mut want: Vec<String> = a_payments.iter().map(i64::to_string).collect();
    want.sort();
    assert_eq!(got, want, "every one of A's callbacks, once");
    assert!(a.most_open() <= SHARE);
    server.stop().await;
}

#[tokio::test]
async fn a_hanging_merchant_holds_only_its_share_sqlite() {
    slow_merchant_does_not_hold_back_a_healthy_one("sqlite").await;
}

#[tokio::test]
async fn a_hanging_merchant_holds_only_its_share_postgres() {
    slow_merchant_does_not_hold_back_a_healthy_one("postgres").await;
}

/// An endpoint that answers PayApp creation feedbacks (sent during the
/// payrequest, outside the pool) and hangs up on every other request
/// without a reply, as a refusing server does. Returns its URL.
async fn refusing_endpoint() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/feedback", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&seen);
                    if let Some(at) = text.find("pay_state=") {
                        if text[at..].starts_with("pay_state=1&") || text[at..] == *"pay_state=1" {
                            let _ = socket
                                .write_all(
                                    b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nSUCCESS",
                                )
                                .await;
                        }
                        // Anything else: hang up unanswered.
                        return;
                    }
                }
            });
        }
    });
    url
}

/// Attempts of pay_state=4 feedbacks to `url` (the delivery pool's; the
/// creation feedbacks are sent during the payrequest), oldest first.
async fn attempts_to(server: &TestServer, url: &str) -> Vec<AttemptRecord> {
    let mut out = Vec::new();
    for r in feedbacks(server).await {
        out.extend(
            server
                .app
                .store
                .attempts(r.id)
                .await
                .unwrap()
                .into_iter()
                .filter(|a| a.target == url && a.request_body.contains("pay_state=4")),
        );
    }
    out.sort_by_key(|a| a.started_at);
    out
}

async fn a_refusing_destination_backs_off_alone(backend: &str) {
    let Some(db) = database(backend, "fair_backoff").await else {
        return;
    };
    // One attempt at a time per destination, so each attempt starts after
    // the one before it ended.
    let server = server_on(db, |c| c.delivery_destination_limit = 1).await;
    let refused = refusing_endpoint().await;
    let healthy = HeldEndpoint::start().await;
    healthy.release();
    for _ in 0..6 {
        paid_payment(&server, "payapptest", &refused).await;
    }
    // Three refusals in a row pause the destination; the healthy one's
    // callbacks, queued now, are not held back by it.
    eventually(
        "three refused attempts",
        Duration::from_secs(60),
        || async { (attempts_to(&server, &refused).await.len() >= 3).then_some(()) },
    )
    .await;
    for _ in 0..3 {
        paid_payment(&server, "payapptest", &healthy.url()).await;
    }
    eventually("the healthy callbacks", Duration::from_secs(30), || async {
        (healthy.received().len() == 3).then_some(())
    })
    .await;
    let tried = eventually("six refused attempts", Duration::from_secs(60), || async {
        let got = attempts_to(&server, &refused).await;
        (got.len() >= 6).then_some(got)
    })
    .await;

    // After the third refusal in a row the destination pauses 1 s, then
    // 2 s, then 4 s (business time: the attempts' own records).
    let gaps: Vec<u64> = tried
        .windows(2)
        .map(|w| w[1].started_at.millis_since(w[0].started_at))
        .collect();
    for (i, want) in [(2, 1_000), (3, 2_000), (4, 4_000)] {
        assert!(gaps[i] >= want, "gap {i} is {} ms: {gaps:?}", gaps[i]);
    }
    assert!(tried.iter().all(|a| a.status.is_none() && !a.succeeded));
    // The healthy destination was not paused: each of its callbacks was
    // delivered at its first attempt.
    let healthy_attempts = attempts_to(&server, &healthy.url()).await;
    assert_eq!(healthy_attempts.len(), 3);
    assert!(
        healthy_attempts
            .iter()
            .all(|a| a.succeeded && a.attempt_no == 1)
    );
    // ... and went out while the refusing destination was paused (its fifth
    // attempt waited at least 1 s + 2 s after the third).
    assert!(
        healthy_attempts
            .iter()
            .all(|a| a.started_at < tried[4].started_at),
        "healthy {healthy_attempts:?} vs refused {tried:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_refusing_destination_backs_off_alone_sqlite() {
    a_refusing_destination_backs_off_alone("sqlite").await;
}

#[tokio::test]
async fn a_refusing_destination_backs_off_alone_postgres() {
    a_refusing_destination_backs_off_alone("postgres").await;
}
