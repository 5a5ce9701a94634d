//! A merchant endpoint: records every request it receives and answers from a
//! script of replies (then `SUCCESS`), so tests can make it fail or hang.
//! PayApp creation feedbacks (`pay_state=1`) are recorded apart and answered
//! `SUCCESS` (or a set reply), as the manual's sample receiver does.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// What the endpoint answers to one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Body(u16, &'static str),
    /// Never answers (the caller times out or is killed meanwhile).
    Hang,
    /// Answers after a delay.
    Slow(Duration, &'static str),
}

/// One request the endpoint received.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Received {
    pub fn form(&self) -> HashMap<String, String> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    pub fn field(&self, key: &str) -> String {
        self.form().get(key).cloned().unwrap_or_default()
    }
}

#[derive(Default)]
struct Inner {
    received: Mutex<Vec<Received>>,
    /// PayApp creation feedbacks (`pay_state=1`), kept apart.
    creations: Mutex<Vec<Received>>,
    /// What to answer a creation feedback; `SUCCESS` unless set.
    creation_reply: Mutex<Option<Reply>>,
    script: Mutex<VecDeque<Reply>>,
    /// What unscripted requests get: `SUCCESS` (PayApp) unless set.
    default_reply: Mutex<Option<&'static str>>,
}

#[derive(Clone)]
pub struct Sink {
    pub base: String,
    inner: Arc<Inner>,
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (axum::http::StatusCode, String) {
    let received = Received {
        path: uri.path().to_owned(),
        content_type: headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        body: body.to_vec(),
    };
    // Like the manual's payapp_feedbackurl.php, answer the creation-time
    // feedback SUCCESS; scripted replies are for the updates after it.
    let reply = if received.field("pay_state") == "1" {
        inner.creations.lock().unwrap().push(received);
        inner
            .creation_reply
            .lock()
            .unwrap()
            .clone()
            .unwrap_or(Reply::Body(200, "SUCCESS"))
    } else {
        inner.received.lock().unwrap().push(received);
        inner
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Reply::Body(
                200,
                inner.default_reply.lock().unwrap().unwrap_or("SUCCESS"),
            ))
    };
    match reply {
        Reply::Body(status, text) => (
            axum::http::StatusCode::from_u16(status).unwrap(),
            text.to_owned(),
        ),
        Reply::Slow(delay, text) => {
            tokio::time::sleep(delay).await;
            (axum::http::StatusCode::OK, text.to_owned())
        }
        Reply::Hang => std::future::pending().await,
    }
}

impl Sink {
    pub async fn start() -> Sink {
        let inner = Arc::new(Inner::default());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(handle).with_state(inner.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Sink { base, inner }
    }

    /// The URL of a path on this endpoint.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Answers unscripted requests with `text` (InnoPay receivers: `0000`).
    pub fn answer_by_default(&self, text: &'static str) {
        *self.inner.default_reply.lock().unwrap() = Some(text);
    }

    /// Queues replies for the next requests.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.inner.script.lock().unwrap().extend(replies);
    }

    /// Every request but the creation feedbacks, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.inner.received.lock().unwrap().clone()
    }

    /// The creation feedbacks (`pay_state=1`) received.
    pub fn creations(&self) -> Vec<Received> {
        self.inner.creations.lock().unwrap().clone()
    }

    /// Answers creation feedbacks with `reply` from now on.
    pub fn answer_creation(&self, reply: Reply) {
        *self.inner.creation_reply.lock().unwrap() = Some(reply);
    }

    /// Waits until at least `n` requests arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        super::eventually(
            &format!("{n} callback(s)"),
            Duration::from_secs(15),
            || async {
                let got = self.received();
                (got.len() >= n).then_some(got)
            },
        )
        .await
    }
}
