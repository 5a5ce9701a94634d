//! `GET /admin/api/payments/{id}`: one payment with its events, escrow
//! orders, messages and their attempts — `gyeolje payment show --json`.
//! `{id}` is a payment number or any reference the CLI takes.

use super::reply::ApiError;
use crate::admin::payments;
use crate::app::App;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::Value;

pub(super) async fn show(
    State(app): State<App>,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let payment = payments::find(&*app.store, &app.front_ends, &reference).await?;
    let now = app.now_for(payment.merchant_id);
    let detail = payments::detail_json(&*app.store, &app.front_ends, &payment, now).await?;
    Ok(Json(detail))
}
