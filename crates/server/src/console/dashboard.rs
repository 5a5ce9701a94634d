//! 대시보드: how many callbacks wait or failed, how many merchants there
//! are, and the business time — the first things an operator checks.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    pending: u64,
    failed: u64,
    delivered: u64,
    merchants: usize,
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
        Ok(m) => m.len(),
        Err(e) => return page::store_failed(&e),
    };
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
            merchants,
            now: page::kst(app.now()),
            backend: app.store.backend(),
        },
    )
}
