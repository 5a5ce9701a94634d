//! One delivery attempt of an outbound message — an HTTP POST to a merchant,
//! a text through the SMS carrier, or a refund through the card acquirer —
//! observed and judged by the message's own success rule. The delivery
//! worker and the synchronous creation-time feedback both go through here,
//! so every attempt is recorded the same way.

use crate::app::App;
use crate::target_guard::TargetGuard;
use gyeolje_core::{AttemptRecord, Channel, OutboxId, OutboxMessage, Timestamp};
use gyeolje_sim::SmsMessage;
use std::time::{Duration, Instant};

/// How much of a reply is read (and judged).
const MAX_REPLY_BYTES: usize = 64 * 1024;
/// How much of a reply the attempt record keeps.
const EXCERPT_CHARS: usize = 300;

/// The client for merchant callbacks: bounded in time, and never following
/// redirects (PayApp's manual: a feedbackurl that redirects does not receive
/// the data).
/// In production mode, `guard` resolves names and refuses loopback and
/// private addresses (see [`crate::target_guard`]).
pub fn http_client(
    timeout: Duration,
    guard: Option<&TargetGuard>,
) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(guard) = guard {
        builder = builder.dns_resolver(std::sync::Arc::new(guard.clone()));
    }
    builder.build()
}

/// What one attempt observed.
struct Observed {
    status: Option<u16>,
    reply: Vec<u8>,
    error: Option<String>,
}

async fn send_http(app: &App, url: &str, content_type: &str, body: &str) -> Observed {
    if let Some(guard) = &app.target_guard
        && let Err(why) = guard.check_url(url)
    {
        return Observed {
            status: None,
            reply: Vec::new(),
            error: Some(why),
        };
    }
    let sent = app
        .http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body.to_owned())
        .send()
        .await;
    let mut resp = match sent {
        Ok(r) => r,
        Err(e) => {
            return Observed {
                status: None,
                reply: Vec::new(),
                error: Some(describe(&e)),
            };
        }
    };
    let status = Some(resp.status().as_u16());
    let mut reply = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_REPLY_BYTES.saturating_sub(reply.len());
                reply.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if reply.len() >= MAX_REPLY_BYTES {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                return Observed {
                    status,
                    reply,
                    error: Some(describe(&e)),
                };
            }
        }
    }
    Observed {
        status,
        reply,
        error: None,
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }
}

/// Makes attempt `attempt_no` of `message` (stored as `id`), starting at
/// business time `started` (on the clock of the message's merchant), and
/// records what happened.
pub async fn attempt(
    app: &App,
    message: &OutboxMessage,
    id: OutboxId,
    attempt_no: u32,
    started: Timestamp,
) -> AttemptRecord {
    let clock = Instant::now();
    let observed = match &message.channel {
        Channel::Http { url, content_type } => {
            send_http(app, url, content_type, &message.body).await
        }
        Channel::Sms { phone } => {
            let sms = SmsMessage {
                to: phone.clone(),
                text: message.body.clone(),
            };
            match app.carrier.send(&sms).await {
                Ok(receipt) => Observed {
                    status: Some(200),
                    reply: receipt.carrier_id.into_bytes(),
                    error: None,
                },
                Err(e) => Observed {
                    status: None,
                    reply: Vec::new(),
                    error: Some(e.to_string()),
                },
            }
        }
        // The acquirer's answer reads like a reply: 200 with the refund
        // number, or no reply and the acquirer's reason.
        Channel::Acquirer { .. } => {
            match crate::payments::refund::send(app, &message.body, started).await {
                Ok(refund_no) => Observed {
                    status: Some(200),
                    reply: refund_no.into_bytes(),
                    error: None,
                },
                Err(why) => Observed {
                    status: None,
                    reply: Vec::new(),
                    error: Some(why),
                },
            }
        }
    };
    let latency_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    let succeeded =
        observed.error.is_none() && message.success.judge(observed.status, &observed.reply);
    let error = match (succeeded, observed.error) {
        (true, _) => None,
        (false, Some(e)) => Some(e),
        (false, None) => Some(format!(
            "reply did not meet the success rule {} (status {})",
            message.success.encode(),
            observed.status.map_or("none".to_owned(), |s| s.to_string())
        )),
    };
    let excerpt: String = String::from_utf8_lossy(&observed.reply)
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    AttemptRecord {
        outbox_id: id,
        attempt_no,
        started_at: started,
        target: message.channel.target().to_owned(),
        request_body: message.body.clone(),
        status: observed.status,
        response_excerpt: observed.status.map(|_| excerpt),
        latency_ms,
        error,
        succeeded,
        worker: app.worker_id.clone(),
    }
}
