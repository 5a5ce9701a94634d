//! 콜백: the messages that failed or still wait, across every merchant,
//! with a replay button per message and one that replays every failed one.
//! Replaying makes the message due now (one more attempt if it had used
//! them all, see `Store::replay`) and wakes this process's delivery worker;
//! the new attempt then appears on the message's page.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{MerchantId, OutboxId, OutboxRecord, OutboxState};
use gyeolje_store::{OutboxFilter, Store, StoreError};
use serde::Deserialize;
use std::collections::HashMap;

/// How many rows a list shows, and how many "replay all" replays at most.
const LIST_LIMIT: u32 = 200;
const REPLAY_ALL_LIMIT: u32 = 1000;

/// One message as a table row (shared with the payment page).
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub channel: &'static str,
    pub target: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub attempts: u32,
    pub payment_id: Option<i64>,
    pub merchant: String,
    pub created_at: String,
    pub next_attempt_at: String,
    pub last_error: String,
}

pub fn state_label(s: OutboxState) -> &'static str {
    match s {
        OutboxState::Pending => "대기",
        OutboxState::Delivered => "완료",
        OutboxState::Failed => "실패",
    }
}

impl Row {
    pub fn of(r: &OutboxRecord, merchant: String) -> Row {
        Row {
            id: r.id.get(),
            kind: r.message.kind.clone(),
            channel: r.message.channel.name(),
            target: r.message.channel.target().to_owned(),
            state: r.state.as_str(),
            state_label: state_label(r.state),
            attempts: r.attempts,
            payment_id: r.message.payment_id.map(|p| p.get()),
            merchant,
            created_at: page::kst(r.created_at),
            next_attempt_at: if r.state == OutboxState::Pending {
                page::kst(r.next_attempt_at)
            } else {
                String::new()
            },
            last_error: r.last_error.clone().unwrap_or_default(),
        }
    }
}

/// Rows for `records`, each with its payment's merchant name.
pub async fn rows(store: &dyn Store, records: &[OutboxRecord]) -> Result<Vec<Row>, StoreError> {
    let names: HashMap<MerchantId, String> = store
        .list_merchants()
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let mut merchant_of = HashMap::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let name = match r.message.payment_id {
            None => String::new(),
            Some(pid) => {
                if let std::collections::hash_map::Entry::Vacant(e) = merchant_of.entry(pid) {
                    let m = store.payment(pid).await?.map(|p| p.merchant_id);
                    e.insert(m);
                }
                merchant_of
                    .get(&pid)
                    .copied()
                    .flatten()
                    .and_then(|m| names.get(&m).cloned())
                    .unwrap_or_default()
            }
        };
        out.push(Row::of(r, name));
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "console/callbacks.html")]
struct CallbacksPage {
    chrome: Chrome,
    tab: &'static str,
    /// Where a row's replay button comes back to.
    back: String,
    rows: Vec<Row>,
    failed_total: u64,
}

#[derive(Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    notice: Option<String>,
}

/// `GET /console/callbacks?state=failed|pending|delivered`.
pub async fn list(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<ListQuery>,
) -> Response {
    let (tab, state) = match q.state.as_deref() {
        Some("pending") => ("pending", OutboxState::Pending),
        Some("delivered") => ("delivered", OutboxState::Delivered),
        _ => ("failed", OutboxState::Failed),
    };
    let filter = OutboxFilter {
        state: Some(state),
        limit: LIST_LIMIT,
        ..OutboxFilter::default()
    };
    let loaded = async {
        let records = app.store.outbox_list(&filter).await?;
        let counts = app.store.outbox_counts().await?;
        Ok::<_, StoreError>((rows(&*app.store, &records).await?, counts.failed))
    };
    let (rows, failed_total) = match loaded.await {
        Ok(x) => x,
        Err(e) => return page::store_failed(&e),
    };
    page::render(
        StatusCode::OK,
        &CallbacksPage {
            chrome: Chrome::new(&app, &session, Nav::Callbacks)
                .with_notice(page::notice(q.notice.as_deref())),
            tab,
            back: format!("/console/callbacks?state={tab}"),
            rows,
            failed_total,
        },
    )
}

#[derive(Deserialize)]
pub struct ReplayForm {
    /// Where to go afterwards (a console path).
    back: Option<String>,
}

/// `POST /console/callbacks/{id}/replay`.
pub async fn replay(
    State(app): State<App>,
    Path(id): Path<i64>,
    Form(f): Form<ReplayForm>,
) -> Response {
    match app.replay(OutboxId::new(id)).await {
        Ok(true) => {
            app.wake.notify_one();
            tracing::info!(message = id, "console: message replayed");
            let back = page::back_to(f.back.as_deref(), "/console/callbacks");
            Redirect::to(&page::with_notice(&back, "replayed")).into_response()
        }
        Ok(false) => page::not_found("메시지"),
        Err(e) => page::store_failed(&e),
    }
}

/// `POST /console/callbacks/replay-failed`: every failed message, at once.
pub async fn replay_failed(State(app): State<App>) -> Response {
    let filter = OutboxFilter {
        state: Some(OutboxState::Failed),
        limit: REPLAY_ALL_LIMIT,
        ..OutboxFilter::default()
    };
    let records = match app.store.outbox_list(&filter).await {
        Ok(r) => r,
        Err(e) => return page::store_failed(&e),
    };
    let mut replayed = 0u64;
    for r in &records {
        match app.replay(r.id).await {
            Ok(true) => replayed += 1,
            Ok(false) => {}
            Err(e) => return page::store_failed(&e),
        }
    }
    app.wake.notify_one();
    tracing::info!(replayed, "console: failed messages replayed");
    Redirect::to(&page::with_notice(
        "/console/callbacks?state=pending",
        &format!("replayed-all:{replayed}"),
    ))
    .into_response()
}
