//! One message (callback, SMS or refund) with every attempt to deliver it:
//! what was sent, what came back, how long it took, what failed — secrets
//! in form bodies masked (`linkkey`, `linkval`, `LicenseKey`, `cancelPwd`).

use super::callbacks::state_label;
use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::App;
use crate::cli::mask_secrets;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::{AttemptRecord, OutboxId};
use serde::Deserialize;

/// One attempt as shown (shared with the payment page).
pub struct AttemptRow {
    pub attempt_no: u32,
    pub started_at: String,
    pub target: String,
    pub request: String,
    pub status: String,
    pub response: String,
    pub latency_ms: u64,
    pub error: String,
    pub succeeded: bool,
    pub worker: String,
}

impl AttemptRow {
    pub fn of(a: &AttemptRecord) -> AttemptRow {
        AttemptRow {
            attempt_no: a.attempt_no,
            started_at: page::kst(a.started_at),
            target: a.target.clone(),
            request: mask_secrets(&a.request_body),
            status: a.status.map(|s| s.to_string()).unwrap_or_default(),
            response: a.response_excerpt.clone().unwrap_or_default(),
            latency_ms: a.latency_ms,
            error: a.error.clone().unwrap_or_default(),
            succeeded: a.succeeded,
            worker: a.worker.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "console/message.html")]
struct MessagePage {
    chrome: Chrome,
    id: i64,
    kind: String,
    protocol: &'static str,
    channel: &'static str,
    target: String,
    state: &'static str,
    state_label: &'static str,
    attempts_started: u32,
    payment_id: Option<i64>,
    body: String,
    created_at: String,
    next_attempt_at: String,
    delivered_at: String,
    last_error: String,
    attempts: Vec<AttemptRow>,
}

#[derive(Deserialize)]
pub struct MessageQuery {
    notice: Option<String>,
}

/// `GET /console/messages/{id}`.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
    Query(q): Query<MessageQuery>,
) -> Response {
    let id = OutboxId::new(id);
    let record = match app.store.outbox_get(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return page::not_found("메시지"),
        Err(e) => return page::store_failed(&e),
    };
    let attempts = match app.store.attempts(id).await {
        Ok(a) => a,
        Err(e) => return page::store_failed(&e),
    };
    let m = &record.message;
    page::render(
        StatusCode::OK,
        &MessagePage {
            chrome: Chrome::new(&app, &session, Nav::Callbacks)
                .with_notice(page::notice(q.notice.as_deref())),
            id: record.id.get(),
            kind: m.kind.clone(),
            protocol: m.protocol.as_str(),
            channel: m.channel.name(),
            target: m.channel.target().to_owned(),
            state: record.state.as_str(),
            state_label: state_label(record.state),
            attempts_started: record.attempts,
            payment_id: m.payment_id.map(|p| p.get()),
            body: mask_secrets(&m.body),
            created_at: page::kst(record.created_at),
            next_attempt_at: page::kst(record.next_attempt_at),
            delivered_at: record.delivered_at.map(page::kst).unwrap_or_default(),
            last_error: record.last_error.clone().unwrap_or_default(),
            attempts: attempts.iter().map(AttemptRow::of).collect(),
        },
    )
}
