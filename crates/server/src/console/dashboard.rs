//! 대시보드: how many callbacks wait or failed, how many merchants there
//! are, the business time and the latest payments — the first things an
//! operator checks.

use super::page::{self, Chrome, Nav};
use super::payments::{self, Row};
use super::session::Session;
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_store::PaymentFilter;
use serde::Deserialize;
use std::collections::HashMap;

/// How many of the latest payments the dashboard lists.
const RECENT: u32 = 10;

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    pending: u64,
    failed: u64,
    delivered: u64,
    merchants: usize,
    recent: Vec<Row>,
    now: String,
    backend: &'static str,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

/// `GET /console`.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let counts = match app.store.outbox_counts().await {
        Ok(c) => c,
        Err(e) => return page::store_failed(&e),
    };
    let merchants = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => return page::store_failed(&e),
    };
    let filter = PaymentFilter {
        limit: RECENT,
        ..PaymentFilter::default()
    };
    let recent = match crate::admin::payments::list(&*app.store, &app.front_ends, &filter).await {
        Ok(p) => p,
        Err(e) => return page::store_failed(&e),
    };
    let names: HashMap<_, _> = merchants.iter().map(|m| (m.id, m.name.clone())).collect();
    if let Err(e) = app.refresh_clock().await {
        return page::store_failed(&e);
    }
    page::render(
        StatusCode::OK,
        &Dashboard {
            chrome: Chrome::new(&app, &session, Nav::Dashboard)
                .with_notice(page::notice(q.notice.as_deref())),
            pending: counts.pending,
            failed: counts.failed,
            delivered: counts.delivered,
            merchants: merchants.len(),
            recent: recent
                .iter()
                .map(|p| payments::row(&app, &names, p))
                .collect(),
            now: page::kst(app.now()),
            backend: app.store.backend(),
        },
    )
}
