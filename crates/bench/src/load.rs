//! The load generator: each task owns one keep-alive HTTP/1.1 connection
//! (hyper's low-level client, no pool to contend on) and sends its next
//! request as soon as the previous reply is read (a closed loop).

use crate::stats::Recorder;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// One keep-alive connection to the server, reopened after an error.
pub struct Conn {
    addr: SocketAddr,
    host: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            host: addr.to_string(),
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<&mut SendRequest<Full<Bytes>>, String> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            let stream = tokio::net::TcpStream::connect(self.addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            let _ = stream.set_nodelay(true);
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| format!("handshake: {e}"))?;
            tokio::spawn(conn);
            self.sender = Some(sender);
        }
        self.sender
            .as_mut()
            .ok_or_else(|| "no connection".to_owned())
    }

    /// POSTs `body` to `path`; the status and the whole reply body.
    pub async fn post(
        &mut self,
        path: &str,
        content_type: &str,
        body: Bytes,
    ) -> Result<(u16, Bytes), String> {
        let request = Request::post(path)
            .header(hyper::header::HOST, &self.host)
            .header(hyper::header::CONTENT_TYPE, content_type)
            // Said explicitly: the PayApp API closes connections whose
            // client does not ask to keep them (its live service's rule).
            .header(hyper::header::CONNECTION, "keep-alive")
            .body(Full::new(body))
            .map_err(|e| e.to_string())?;
        let result = async {
            let sender = self.connect().await?;
            sender.ready().await.map_err(|e| format!("ready: {e}"))?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| format!("send: {e}"))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| format!("body: {e}"))?
                .to_bytes();
            Ok((status, body))
        }
        .await;
        if result.is_err() {
            self.sender = None;
        }
        result
    }
}

/// The window a run measures: requests that start after the warm-up and
/// finish before the deadline count; no request starts after the deadline.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub measure_from: Instant,
    pub deadline: Instant,
}

impl Window {
    pub fn starting_now(warmup: Duration, measure: Duration) -> Window {
        let measure_from = Instant::now() + warmup;
        Window {
            measure_from,
            deadline: measure_from + measure,
        }
    }

    pub fn counts(&self, started: Instant, finished: Instant) -> bool {
        started >= self.measure_from && finished <= self.deadline
    }

    pub fn length(&self) -> Duration {
        self.deadline - self.measure_from
    }
}

/// What one load task (or all of them, merged) saw.
#[derive(Default, Clone)]
pub struct Tally {
    pub latencies: Recorder,
    pub errors: u64,
    pub first_error: Option<String>,
}

impl Tally {
    pub fn error(&mut self, message: String) {
        self.errors += 1;
        if self.first_error.is_none() {
            self.first_error = Some(message);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.latencies.merge(&other.latencies);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error.clone_from(&other.first_error);
        }
    }
}

/// What a load task sends: the same form every time, or a body made from
/// the connection and request number (for protocols whose requests must be
/// unique, like InnoPay's `moid`).
#[derive(Clone)]
pub enum Payload {
    Form(Bytes),
    Numbered {
        content_type: &'static str,
        make: std::sync::Arc<dyn Fn(usize, u64) -> Bytes + Send + Sync>,
    },
}

impl Payload {
    fn content_type(&self) -> &'static str {
        match self {
            Payload::Form(_) => "application/x-www-form-urlencoded",
            Payload::Numbered { content_type, .. } => content_type,
        }
    }

    fn body(&self, connection: usize, n: u64) -> Bytes {
        match self {
            Payload::Form(b) => b.clone(),
            Payload::Numbered { make, .. } => make(connection, n),
        }
    }
}

/// Drives `connections` tasks that POST `payload` to `path` in a closed loop
/// until the window closes; a reply is good when `good(status, body)`.
pub async fn closed_loop(
    addr: SocketAddr,
    connections: usize,
    window: Window,
    path: &'static str,
    payload: Payload,
    good: fn(u16, &[u8]) -> bool,
) -> Tally {
    let mut tasks = tokio::task::JoinSet::new();
    for connection in 0..connections {
        let payload = payload.clone();
        tasks.spawn(async move {
            let mut conn = Conn::new(addr);
            let mut tally = Tally::default();
            let mut n = 0u64;
            loop {
                let started = Instant::now();
                if started >= window.deadline {
                    break;
                }
                n += 1;
                let result = conn
                    .post(path, payload.content_type(), payload.body(connection, n))
                    .await;
                let finished = Instant::now();
                if !window.counts(started, finished) {
                    continue;
                }
                match result {
                    Ok((status, reply)) if good(status, &reply) => {
                        tally.latencies.record(finished - started);
                    }
                    Ok((status, reply)) => tally.error(format!(
                        "HTTP {status}: {}",
                        String::from_utf8_lossy(&reply[..reply.len().min(200)])
                    )),
                    Err(e) => {
                        tally.error(e);
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(t) => total.merge(&t),
            Err(e) => total.error(format!("load task failed: {e}")),
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_counts_only_requests_inside_it() {
        let now = Instant::now();
        let w = Window {
            measure_from: now + Duration::from_secs(1),
            deadline: now + Duration::from_secs(3),
        };
        let at = |ms| now + Duration::from_millis(ms);
        assert!(!w.counts(at(900), at(1100)), "started in the warm-up");
        assert!(w.counts(at(1000), at(1100)));
        assert!(w.counts(at(2900), at(3000)));
        assert!(!w.counts(at(2900), at(3001)), "finished after the deadline");
        assert_eq!(w.length(), Duration::from_secs(2));
    }
}
