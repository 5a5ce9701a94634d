//! `POST /admin/api/messages/{id}/replay`: sends a callback, SMS or refund
//! again now (one more attempt if it had used them all), as `gyeolje
//! notify replay` does; the reply is the message as stored afterwards.

use super::reply::ApiError;
use crate::admin::payments;
use crate::app::App;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use gyeolje_core::OutboxId;
use serde_json::Value;

pub(super) async fn replay(
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let id = OutboxId::new(id);
    if !app.replay(id).await? {
        return Err(ApiError::NotFound(format!("no message {id}")));
    }
    app.wake.notify_one();
    tracing::info!(message = %id, "message replayed by the operator");
    let record = app
        .store
        .outbox_get(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no message {id}")))?;
    let attempts = app.store.attempts(id).await?;
    Ok(Json(payments::message_json(&record, &attempts)))
}
