//! The merchant's `feedbackurl`: a local HTTP server that answers `SUCCESS`
//! to every PayApp feedback, counts the paid ones (`pay_state=4`), records
//! when each arrived, and wakes the flow waiting for that `mul_no`.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use bytes::Bytes;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::oneshot;

#[derive(Default)]
pub struct SinkState {
    /// Every feedback received, whatever its pay_state.
    pub received: AtomicU64,
    /// Feedbacks with pay_state=4 (paid).
    pub paid: AtomicU64,
    arrivals: Mutex<Vec<Instant>>,
    waiters: Mutex<HashMap<String, oneshot::Sender<Instant>>>,
}

impl SinkState {
    /// Resolves when the pay_state=4 feedback for `mul_no` arrives.
    pub fn wait_for(&self, mul_no: &str) -> oneshot::Receiver<Instant> {
        let (tx, rx) = oneshot::channel();
        if let Ok(mut w) = self.waiters.lock() {
            w.insert(mul_no.to_owned(), tx);
        }
        rx
    }

    /// Forgets a waiter whose flow gave up.
    pub fn forget(&self, mul_no: &str) {
        if let Ok(mut w) = self.waiters.lock() {
            w.remove(mul_no);
        }
    }

    /// Arrival times of the paid feedbacks so far, and clears them.
    pub fn take_arrivals(&self) -> Vec<Instant> {
        self.arrivals
            .lock()
            .map(|mut a| std::mem::take(&mut *a))
            .unwrap_or_default()
    }

    pub fn paid(&self) -> u64 {
        self.paid.load(Ordering::Relaxed)
    }
}

pub struct Sink {
    pub addr: SocketAddr,
    pub state: Arc<SinkState>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    pub async fn start() -> Result<Sink, String> {
        let state = Arc::new(SinkState::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("sink bind: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let app = Router::new()
            .route("/feedback", post(feedback))
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Sink { addr, state, task })
    }

    pub fn url(&self) -> String {
        format!("http://{}/feedback", self.addr)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn feedback(State(state): State<Arc<SinkState>>, body: Bytes) -> &'static str {
    let now = Instant::now();
    state.received.fetch_add(1, Ordering::Relaxed);
    if let Ok(form) = gyeolje_payapp::Form::parse(&body)
        && form.get("pay_state") == Some("4")
    {
        state.paid.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut a) = state.arrivals.lock() {
            a.push(now);
        }
        let waiter = form
            .get("mul_no")
            .and_then(|m| state.waiters.lock().ok()?.remove(m));
        if let Some(tx) = waiter {
            let _ = tx.send(now);
        }
    }
    "SUCCESS"
}
