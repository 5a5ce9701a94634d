//! `POST /sandbox/faults` (arm), `GET /sandbox/faults?merchant=KEY` (list)
//! and `DELETE /sandbox/faults?merchant=KEY` (disarm all), JSON, answered
//! like the other sandbox endpoints (`{"error": …}` with 400 or 404).
//! Mounted with the rest of the sandbox, so never in production mode.
//!
//! ```json
//! {"merchant":"KEY","target":"callbacks","count":3,"fault":{"kind":"status","status":503}}
//! ```

use super::arm::{self, FaultCallError, FaultSpec};
use crate::app::App;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use gyeolje_core::{ArmedFault, FaultKind};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<App> {
    Router::new().route("/sandbox/faults", post(arm).get(list).delete(disarm))
}

#[derive(Deserialize)]
struct ArmBody {
    merchant: String,
    target: String,
    count: Option<i64>,
    #[serde(default)]
    fault: FaultBody,
}

#[derive(Deserialize, Default)]
struct FaultBody {
    kind: Option<String>,
    status: Option<i64>,
    code: Option<String>,
}

#[derive(Deserialize)]
struct MerchantQuery {
    merchant: String,
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

fn failed(e: FaultCallError) -> Response {
    match e {
        FaultCallError::Invalid(_) => error(StatusCode::BAD_REQUEST, e),
        FaultCallError::UnknownMerchant(_) => error(StatusCode::NOT_FOUND, e),
        FaultCallError::Store(_) => error(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}

/// A fault's `fault` object: its kind and the kind's parameter.
pub fn kind_json(kind: &FaultKind) -> Value {
    match kind {
        FaultKind::Status(status) => json!({ "kind": kind.name(), "status": status }),
        FaultKind::Decline(code) => json!({ "kind": kind.name(), "code": code }),
        FaultKind::Timeout
        | FaultKind::Reset
        | FaultKind::InsufficientFunds
        | FaultKind::Reject
        | FaultKind::Late => json!({ "kind": kind.name() }),
    }
}

/// One armed fault as the API shows it; `merchant` is the key it was named by.
pub fn fault_json(merchant: &str, f: &ArmedFault) -> Value {
    json!({
        "id": f.id,
        "merchant": merchant,
        "target": f.target.as_str(),
        "count": f.count,
        "remaining": f.remaining,
        "fault": kind_json(&f.kind),
        "armed_at": f.armed_at.rfc3339(),
    })
}

async fn arm(State(app): State<App>, body: Result<Json<ArmBody>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let spec = FaultSpec {
        target: body.target,
        kind: body.fault.kind,
        status: body.fault.status,
        code: body.fault.code,
        count: body.count,
    };
    match arm::arm(&app, &body.merchant, &spec).await {
        Ok((_, armed)) => (
            StatusCode::CREATED,
            Json(fault_json(body.merchant.trim(), &armed)),
        )
            .into_response(),
        Err(e) => failed(e),
    }
}

async fn list(
    State(app): State<App>,
    query: Result<Query<MerchantQuery>, QueryRejection>,
) -> Response {
    let Query(q) = match query {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    match arm::list(&app, &q.merchant).await {
        Ok((_, faults)) => {
            let key = q.merchant.trim();
            let faults: Vec<Value> = faults.iter().map(|f| fault_json(key, f)).collect();
            Json(json!({ "merchant": key, "faults": faults })).into_response()
        }
        Err(e) => failed(e),
    }
}

async fn disarm(
    State(app): State<App>,
    query: Result<Query<MerchantQuery>, QueryRejection>,
) -> Response {
    let Query(q) = match query {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    match arm::disarm(&app, &q.merchant).await {
        Ok((_, n)) => Json(json!({ "merchant": q.merchant.trim(), "disarmed": n })).into_response(),
        Err(e) => failed(e),
    }
}
