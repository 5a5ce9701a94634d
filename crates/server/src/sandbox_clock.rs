//! `/sandbox/clock`: the shared business clock and each merchant's own
//! (see [`crate::clocks`]).
//!
//! - `GET /sandbox/clock` — the shared clock: `{"now", "now_ms", "kst",
//!   "offset_seconds"}`.
//! - `GET /sandbox/clock?merchant=KEY` — merchant `KEY`'s clock (its own,
//!   or the shared one it follows): the same fields plus `"merchant"` (the
//!   key as given), `"merchant_id"` and `"own_clock"`.
//! - `POST /sandbox/clock/advance` with `{"seconds": N}` moves the shared
//!   clock; with `{"merchant": "KEY", "seconds": N}` that merchant's own
//!   clock (created at the shared time by its first advance). Replies as
//!   the matching `GET`.
//!
//! `KEY` is what `gyeolje merchant …` takes: the id, a PayApp userid, an
//! InnoPay mid or an iPay seller id. An unknown one is a 404.

use crate::admin::merchants::{self, MerchantError};
use crate::app::App;
use crate::clocks::ClockReading;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gyeolje_core::{Merchant, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/sandbox/clock", get(clock))
        .route("/sandbox/clock/advance", post(advance))
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

/// The reply's time fields.
fn time_json(now: Timestamp, offset_ms: i64) -> Value {
    json!({
        "now": now.rfc3339(),
        "now_ms": now.as_millis(),
        "kst": now.kst_datetime(),
        "offset_seconds": offset_ms / 1000,
    })
}

fn shared_json(app: &App) -> Value {
    time_json(app.now(), app.clock.offset_ms())
}

/// A merchant's clock; `key` is how the caller named the merchant.
pub fn merchant_json(key: &str, reading: &ClockReading) -> Value {
    let mut v = time_json(reading.now, reading.offset_ms);
    if let Some(fields) = v.as_object_mut() {
        fields.insert("merchant".into(), json!(key));
        fields.insert("merchant_id".into(), json!(reading.merchant.get()));
        fields.insert("own_clock".into(), json!(reading.own));
    }
    v
}

/// The merchant `key` names, or the reply saying why not.
async fn merchant(app: &App, key: &str) -> Result<Merchant, Response> {
    merchants::find(&*app.store, key)
        .await
        .map_err(|e| match e {
            MerchantError::NotFound(_) => error(StatusCode::NOT_FOUND, e),
            MerchantError::Store(e) => error(StatusCode::SERVICE_UNAVAILABLE, e),
            MerchantError::Invalid(_) | MerchantError::Taken(_) => {
                error(StatusCode::BAD_REQUEST, e)
            }
        })
}

#[derive(Deserialize)]
struct ClockQuery {
    merchant: Option<String>,
}

/// `GET /sandbox/clock[?merchant=KEY]`.
async fn clock(State(app): State<App>, q: Result<Query<ClockQuery>, QueryRejection>) -> Response {
    let Ok(Query(q)) = q else {
        return error(StatusCode::BAD_REQUEST, "unreadable query");
    };
    if let Err(e) = app.refresh_clock().await {
        return error(StatusCode::SERVICE_UNAVAILABLE, e);
    }
    match q.merchant.as_deref() {
        None => Json(shared_json(&app)).into_response(),
        Some(key) => match merchant(&app, key).await {
            Ok(m) => Json(merchant_json(key, &app.clock_of(m.id))).into_response(),
            Err(reply) => reply,
        },
    }
}

#[derive(Deserialize)]
struct AdvanceBody {
    merchant: Option<String>,
    seconds: u64,
}

/// `POST /sandbox/clock/advance` with `{"seconds": N}` (the shared clock)
/// or `{"merchant": "KEY", "seconds": N}` (that merchant's own clock).
async fn advance(
    State(app): State<App>,
    body: Result<Json<AdvanceBody>, JsonRejection>,
) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let Some(key) = body.merchant.as_deref() else {
        if let Err(e) = app.advance_clock(body.seconds).await {
            return error(StatusCode::SERVICE_UNAVAILABLE, e);
        }
        return Json(shared_json(&app)).into_response();
    };
    let m = match merchant(&app, key).await {
        Ok(m) => m,
        Err(reply) => return reply,
    };
    if let Err(e) = app.advance_merchant_clock(m.id, body.seconds).await {
        return error(StatusCode::SERVICE_UNAVAILABLE, e);
    }
    Json(merchant_json(key, &app.clock_of(m.id))).into_response()
}
